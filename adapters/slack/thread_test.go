package slack_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// threadMention sends an app_mention event written in a thread, as the
// Events API does: thread_ts is the parent message's ts.
func (r *rig) threadMention(eventID, user, text, threadTS string) {
	r.t.Helper()
	body := fmt.Sprintf(`{
  "token": "XXYYZZ", "team_id": "T0001", "api_app_id": "A123456",
  "event": {"type": "app_mention", "user": %q, "text": %q, "ts": "1700000009.000200",
    "thread_ts": %q, "parent_user_id": "U1",
    "channel": "C2147483705", "event_ts": "1700000009.000200"},
  "type": "event_callback", "event_id": %q, "event_time": 1700000009,
  "authorizations": [{"enterprise_id": null, "team_id": "T0001", "user_id": "UBOT", "is_bot": true, "is_enterprise_install": false}],
  "is_ext_shared_channel": false, "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0"
}`, user, text, threadTS, eventID)
	if w := r.post("/slack/events", "application/json", body, nil); w.Code != http.StatusOK {
		r.t.Fatalf("event: %d %s", w.Code, w.Body)
	}
}

// TestThreadRepliesStayInThread: a command addressed to @Klubba in a
// thread is answered in that thread, publicly and privately, while the
// meeting stays the channel's.
func TestThreadRepliesStayInThread(t *testing.T) {
	r := newRig(t)
	r.threadMention("EvT1", "U1", "<@UBOT> start", "1700000001.000100")
	r.deliverAll(10)
	posts := r.slack.Calls("chat.postMessage")
	if len(posts) == 0 {
		t.Fatal("no message posted for start")
	}
	for _, p := range posts {
		if p.Form.Get("thread_ts") != "1700000001.000100" || p.Form.Get("channel") != "C2147483705" {
			t.Errorf("reply in channel %q thread %q, want the thread 1700000001.000100: %s", p.Form.Get("channel"), p.Form.Get("thread_ts"), p.text())
		}
	}
	r.threadMention("EvT2", "U2", "<@UBOT> hand", "1700000001.000100")
	r.deliverAll(10)
	eph := r.slack.Calls("chat.postEphemeral")
	if len(eph) == 0 || eph[len(eph)-1].Form.Get("thread_ts") != "1700000001.000100" || !strings.Contains(eph[len(eph)-1].text(), "Your hand is up") {
		t.Errorf("private answer in a thread: %+v", eph)
	}

	// The same meeting from the channel itself: a slash command finds it,
	// and its replies are not put in the thread.
	before := len(r.slack.Calls("chat.postMessage"))
	r.command("U1", "/klubba", `note "from the channel"`)
	r.deliverAll(10)
	posts = r.slack.Calls("chat.postMessage")[before:]
	if len(posts) == 0 {
		t.Fatal("the note was not posted: the meeting is not the channel's")
	}
	for _, p := range posts {
		if p.Form.Get("thread_ts") != "" {
			t.Errorf("a channel command's reply went to thread %q", p.Form.Get("thread_ts"))
		}
	}
}
