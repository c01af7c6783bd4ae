package slack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// commandIn runs a slash command in a channel of the test workspace.
func (r *rig) commandIn(channel, user, text string) {
	r.t.Helper()
	form := url.Values{"team_id": {"T0001"}, "channel_id": {channel}, "user_id": {user}, "user_name": {user},
		"command": {"/klubba"}, "text": {text}, "trigger_id": {r.triggerID()}}
	if w := r.post("/slack/commands", "application/x-www-form-urlencoded", form.Encode(), nil); w.Code != http.StatusOK {
		r.t.Fatalf("%s in %s: %d", text, channel, w.Code)
	}
}

// updatesIn counts the chat.update calls Slack received for a channel.
func (r *rig) updatesIn(channel string) int {
	n := 0
	for _, c := range r.slack.Calls("chat.update") {
		if c.Form.Get("channel") == channel {
			n++
		}
	}
	return n
}

// queueIn starts a meeting in a channel and puts its queue message up,
// so that the next hand edits it.
func (r *rig) queueIn(channel string) {
	r.commandIn(channel, "UA"+channel, "start") // a chair per channel: commands per person are limited
	r.commandIn(channel, "UA"+channel, "hand")
	r.deliverAll(20)
}

// TestUpdateBackOffPerWorkspace: chat.update's Tier 3 limit is counted
// per workspace, so a 429 in one channel holds back the edits of every
// channel of the workspace until its Retry-After has passed; then each
// edit goes out once.
func TestUpdateBackOffPerWorkspace(t *testing.T) {
	r := newRig(t)
	r.queueIn("C1")
	r.queueIn("C2")
	limited := true
	r.slack.rateLimit = func(method, channel string) string {
		if limited && method == "chat.update" && channel == "C1" {
			limited = false
			return "30"
		}
		return ""
	}
	r.commandIn("C1", "UBO", "hand")
	r.clock.Advance(2 * time.Second) // past the pace of edits of one message
	r.deliver.Round(context.Background())
	if limited {
		t.Fatal("C1's edit was not tried")
	}
	r.commandIn("C2", "UCY", "hand") // C1's edit got 429 with Retry-After 30 s
	r.clock.Advance(5 * time.Second)
	r.deliver.Round(context.Background())
	if n := r.updatesIn("C2"); n != 0 {
		t.Fatalf("C2 was edited %d times within C1's Retry-After; the limit is the workspace's", n)
	}
	r.clock.Advance(30 * time.Second)
	r.deliverAll(20)
	if c1, c2 := r.updatesIn("C1"), r.updatesIn("C2"); c1 != 1 || c2 != 1 {
		t.Errorf("after the Retry-After: %d edits in C1 and %d in C2, want one each", c1, c2)
	}
}

// TestUpdatesPacedPerWorkspace: an edit storm over many channels of one
// workspace is paced to the Tier 3 rate, and every channel's edit still
// arrives.
func TestUpdatesPacedPerWorkspace(t *testing.T) {
	r := newRig(t)
	const channels = 30
	for i := range channels {
		r.queueIn(fmt.Sprintf("C%02d", i))
	}
	before := len(r.slack.Calls("chat.update"))
	for i := range channels {
		r.commandIn(fmt.Sprintf("C%02d", i), fmt.Sprintf("UB%02d", i), "hand")
	}
	r.clock.Advance(2 * time.Second) // past the pace of edits of one message
	r.deliver.Round(context.Background())
	r.deliver.Round(context.Background())
	if n := len(r.slack.Calls("chat.update")) - before; n > 20 {
		t.Errorf("%d edits at one instant, want at most the burst of 20", n)
	}
	r.deliverAll(200)
	for i := range channels {
		if n := r.updatesIn(fmt.Sprintf("C%02d", i)); n < 1 {
			t.Errorf("channel C%02d was never edited", i)
		}
	}
}
