package slack_test

import (
	"strings"
	"testing"
)

// TestPrivateToSomeoneNotInTheChannel: Slack refuses an ephemeral
// message to someone not in the channel (user_not_in_channel); the
// answer goes to their direct messages with Klubba instead of
// vanishing, and nobody else sees it.
func TestPrivateToSomeoneNotInTheChannel(t *testing.T) {
	r := newRig(t)
	r.slack.refuse = func(method, channel string) string {
		if method == "chat.postEphemeral" {
			return "user_not_in_channel"
		}
		return ""
	}
	r.command("UANN", "/klubba", "start")
	r.event("EvD1", `{"type":"app_mention","user":"UBO","text":"<@UBOT> hand","ts":"1700000000.000100","channel":"C2147483705","event_ts":"1700000000.000100"}`)
	r.deliverAll(10)
	if c := r.slack.Calls("conversations.open"); len(c) != 1 || c[0].Form.Get("users") != "UBO" {
		t.Fatalf("conversations.open calls %+v, want one with UBO", c)
	}
	var dm, inChannel bool
	for _, c := range r.slack.Calls("chat.postMessage") {
		mine := strings.Contains(c.text(), "Your hand is up")
		dm = dm || mine && c.Form.Get("channel") == "DUBO"
		inChannel = inChannel || mine && c.Form.Get("channel") == "C2147483705"
	}
	if !dm || inChannel {
		t.Errorf("the private answer in the DM: %v; in the channel for all: %v", dm, inChannel)
	}
}
