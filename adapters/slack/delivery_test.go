package slack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// mention sends an app_mention event as the Events API does.
func (r *rig) mention(eventID, user, text string, retry int) *httptest.ResponseRecorder {
	r.t.Helper()
	body := fmt.Sprintf(`{
  "token": "XXYYZZ", "team_id": "T0001", "api_app_id": "A123456",
  "event": {"type": "app_mention", "user": %q, "text": %q, "ts": "1700000005.000100",
    "channel": "C2147483705", "event_ts": "1700000005.000100"},
  "type": "event_callback", "event_id": %q, "event_time": 1700000005,
  "authorizations": [{"enterprise_id": null, "team_id": "T0001", "user_id": "UBOT", "is_bot": true, "is_enterprise_install": false}],
  "is_ext_shared_channel": false, "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0"
}`, user, text, eventID)
	h := http.Header{}
	if retry > 0 {
		h.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
		h.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	return r.post("/slack/events", "application/json", body, h)
}

func TestURLVerification(t *testing.T) {
	r := newRig(t)
	w := r.post("/slack/events", "application/json",
		`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, nil)
	if w.Code != http.StatusOK || w.Body.String() != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification = %d %q", w.Code, w.Body)
	}
}

func TestMentionAndRetriedEventsOnce(t *testing.T) {
	r := newDurableRig(t)
	r.command("U1", "/klubba", "start")
	for retry := range 3 { // the first delivery and two retries of the same event
		if w := r.mention("Ev0001", "U2", "<@UBOT> hand", retry); w.Code != http.StatusOK {
			t.Fatalf("event: %d %s", w.Code, w.Body)
		}
	}
	r.deliverAll(10)
	var confirmations int
	for _, c := range r.slack.Calls("chat.postEphemeral") {
		if strings.Contains(c.text(), "Your hand is up") {
			confirmations++
		}
	}
	if confirmations != 1 {
		t.Errorf("the hand was raised %d times, want once", confirmations)
	}
	// Reopened, the store still knows the event.
	r.restart()
	r.mention("Ev0001", "U2", "<@UBOT> hand", 3)
	r.mention("Ev0002", "U3", "<@UBOT|klubba> hand", 0)
	r.deliverAll(10)
	got := r.slack.Calls("chat.postEphemeral")
	if last := got[len(got)-1]; len(got) != 2 || last.Form.Get("user") != "U3" || !strings.Contains(last.text(), "number 2") {
		t.Errorf("after restart: %+v", got)
	}
}

func TestRateLimitedThenDelivered(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/klubba", `note "second"`)
	limited := 0
	r.slack.fail = func(method string) (int, string, bool) {
		if method == "chat.postMessage" && limited == 0 {
			limited++
			return http.StatusTooManyRequests, "3", true
		}
		return 0, "", false
	}
	next := r.deliver.Round(context.Background())
	if n := len(r.slack.Calls("chat.postMessage")); n != 0 || next.Sub(r.clock.Now()).Seconds() != 3 {
		t.Fatalf("after a 429: %d posts, next try in %v; want none, and 3s (Retry-After)", n, next.Sub(r.clock.Now()))
	}
	r.deliverAll(10)
	posts := r.slack.Calls("chat.postMessage")
	if len(posts) != 2 || !strings.Contains(posts[0].text(), "Meeting started") || !strings.Contains(posts[1].text(), "second") {
		t.Errorf("posts = %d, want both, once each, in order", len(posts))
	}
}

func TestOutageSurvivesRestart(t *testing.T) {
	r := newDurableRig(t)
	r.command("U1", "/klubba", "start")
	r.slack.fail = func(string) (int, string, bool) { return http.StatusInternalServerError, "", true }
	r.deliverAll(8) // backing off: 1s, 2s, 4s, ...
	if pending, _ := r.store.Pending(context.Background(), "slack", 0, 10); len(pending) != 1 {
		t.Fatalf("after failures the outbox holds %d, want the message", len(pending))
	}
	r.restart()
	r.slack.fail = nil
	r.deliverAll(5)
	if posts := r.slack.Calls("chat.postMessage"); len(posts) != 1 || !strings.Contains(posts[0].text(), "Meeting started") {
		t.Errorf("after recovery: %+v", posts)
	}
}

// TestVoteBurstCoalesces: 200 votes in a burst, delivered as Slack
// allows, edit the poll message a handful of times, not 200.
func TestVoteBurstCoalesces(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Go?" "Yes" "No"`)
	r.deliverAll(5)
	for i := range 200 {
		if w := r.click(fmt.Sprintf("V%03d", i), "poll.vote#0", "1:1"); w.Code != http.StatusOK {
			t.Fatalf("vote %d: %d", i, w.Code)
		}
		if i%50 == 0 {
			r.deliver.Round(context.Background()) // the worker runs during the burst
		}
	}
	r.deliverAll(20)
	updates := r.slack.Calls("chat.update")
	if len(updates) == 0 || len(updates) > 5 {
		t.Errorf("%d chat.update calls for 200 votes, want 1 to 5", len(updates))
	}
	if last := updates[len(updates)-1]; !strings.Contains(last.text(), "200 votes") {
		t.Errorf("the last edit does not show all votes: %s", last.text())
	}
	if got := r.answers(""); len(got) != 200 {
		t.Errorf("%d confirmations through response URLs, want 200", len(got))
	}
	if eph := r.slack.Calls("chat.postEphemeral"); len(eph) != 0 {
		t.Errorf("%d confirmations by chat.postEphemeral, want none", len(eph))
	}
}
