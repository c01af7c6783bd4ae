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

// The justering through Slack: the secretary submits, each adjuster gets
// the request privately with buttons, one approves by button, the other
// objects with a typed comment (which reaches the secretary), the
// secretary corrects and submits again, both approve, the protokoll is
// locked, and a later edit is refused.
func TestJusteringThroughSlack(t *testing.T) {
	r := newRig(t)
	for _, cmd := range []string{"start", "secretary <@U2>", "adjusters <@U3> <@U4>"} {
		r.command("U1", "/klubba", cmd)
	}
	r.command("U2", "/klubba", `decision "Budget approved"`)
	r.command("U1", "/klubba", "end")
	if w := r.command("U2", "/klubba", "minutes submit"); strings.Contains(w.Body.String(), "ephemeral") {
		t.Fatalf("minutes submit was refused: %s", w.Body)
	}
	r.deliverAll(10)
	var meetingID string
	for _, c := range r.slack.Calls("chat.postEphemeral") {
		blocks := c.Form.Get("blocks")
		if c.Form.Get("user") == "U3" && strings.Contains(blocks, `"action_id":"minutes.approve#`) {
			_, rest, _ := strings.Cut(blocks, `"action_id":"minutes.approve#`)
			_, rest, _ = strings.Cut(rest, `"value":"`)
			meetingID, _, _ = strings.Cut(rest, `"`)
			if !strings.Contains(blocks, `"action_id":"minutes.object#`) || !strings.Contains(blocks, "plain_text_input") {
				t.Errorf("the request lacks the Object button or its text box: %s", blocks)
			}
		}
	}
	if meetingID == "" {
		t.Fatalf("U3 got no justering request with buttons: %v", r.slack.Calls("chat.postEphemeral"))
	}

	r.clickWith("U3", "minutes.approve#0", meetingID, `{"values":{}}`)
	r.clickWith("U4", "minutes.object#1", meetingID+":", `{"values":{"b9":{"text":{"type":"plain_text_input","value":"The budget was 2 000 SEK"}}}}`)
	r.deliverAll(10)
	said := func(method, user, text string) bool {
		for _, c := range r.slack.Calls(method) {
			if (user == "" || c.Form.Get("user") == user) && strings.Contains(c.Form.Get("text")+c.Form.Get("blocks"), text) {
				return true
			}
		}
		return false
	}
	if !said("chat.postMessage", "", "approved the minutes. Waiting for") {
		t.Error("the channel was not told of the approval")
	}
	if !said("chat.postEphemeral", "U2", "objected to the minutes of Meeting: “The budget was 2 000 SEK”") {
		t.Error("the objection did not reach the secretary")
	}

	r.command("U2", "/klubba", `decision edit 1 "Budget approved: 2 000 SEK"`)
	r.command("U2", "/klubba", "minutes submit")
	r.command("U3", "/klubba", "approve")
	r.command("U4", "/klubba", "approve")
	r.deliverAll(10)
	if !said("chat.postMessage", "", "are approved by") {
		t.Error("the channel was not told that the minutes are approved and locked")
	}
	if w := r.command("U2", "/klubba", `decision edit 1 "Budget refused"`); !strings.Contains(w.Body.String(), "The minutes are approved and can no longer be changed.") {
		t.Errorf("an edit after the justering: %s", w.Body)
	}
	md, err := r.bot.Minutes(t.Context(), "slack:T0001/C2147483705", "", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Budget approved: 2 000 SEK") || strings.Contains(md, "Budget refused") || !strings.Contains(md, "**Approved by ") {
		t.Errorf("the minutes after the justering:\n%s", md)
	}
}
