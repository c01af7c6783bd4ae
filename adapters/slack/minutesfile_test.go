package slack_test

import (
	"strings"
	"testing"
)

// The minutes as PDF reach the caller privately, as a file uploaded into
// their direct messages with files.uploadV2's steps, never in the channel.
func TestMinutesPDFUploadedPrivately(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/klubba", `decision "Budget approved"`)
	r.command("U1", "/klubba", "end")
	r.deliverAll(10)
	r.command("U2", "/klubba", "minutes pdf")
	r.deliverAll(10)

	open := r.slack.Calls("conversations.open")
	if len(open) != 1 || open[0].Form.Get("users") != "U2" {
		t.Fatalf("conversations.open calls = %v, want one with users=U2", open)
	}
	if got := r.slack.Calls("files.getUploadURLExternal"); len(got) != 1 || !strings.HasSuffix(got[0].Form.Get("filename"), ".pdf") || got[0].Form.Get("length") == "0" {
		t.Fatalf("files.getUploadURLExternal calls = %v, want one for a .pdf of some length", got)
	}
	up := r.slack.Calls("upload")
	if len(up) != 1 || !strings.Contains(up[0].Form.Get("body"), "%PDF-") {
		t.Fatalf("the upload did not carry a PDF (%d uploads)", len(up))
	}
	done := r.slack.Calls("files.completeUploadExternal")
	if len(done) != 1 || done[0].Form.Get("channel_id") != "DU2" || !strings.Contains(done[0].Form.Get("initial_comment"), "PDF") {
		t.Fatalf("files.completeUploadExternal calls = %v, want one into DU2 that says what it is", done)
	}
	for _, c := range r.slack.Calls("chat.postMessage") {
		if strings.Contains(c.Form.Get("text"), ".pdf") {
			t.Errorf("the file was announced in the channel: %s", c.Form.Get("text"))
		}
	}
}
