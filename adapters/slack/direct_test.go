package slack_test

import (
	"fmt"
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

// TestUnreachedNamedInTheChannel: where Slack takes neither the
// ephemeral message nor a direct message (the person left the channel
// and closed their DMs), the channel is told who could not be reached,
// in one notice that grows, so that the chair sees it.
func TestUnreachedNamedInTheChannel(t *testing.T) {
	r := newRig(t)
	r.slack.refuse = func(method, channel string) string {
		switch method {
		case "chat.postEphemeral":
			return "user_not_in_channel"
		case "conversations.open":
			return "cannot_dm_bot"
		}
		return ""
	}
	r.command("UANN", "/klubba", "start")
	r.deliverAll(10)
	for i, who := range []string{"UBO", "UCY", "UBO"} {
		r.event(fmt.Sprintf("EvU%d", i), fmt.Sprintf(`{"type":"app_mention","user":%q,"text":"<@UBOT> hand","ts":"1700000000.00010%d","channel":"C2147483705","event_ts":"1700000000.00010%d"}`, who, i, i))
		r.deliverAll(10)
	}
	var notices []string
	for _, c := range r.slack.Calls("chat.postMessage") {
		if strings.Contains(c.text(), "could not send these people") {
			notices = append(notices, c.text())
		}
	}
	var edits []string
	for _, c := range r.slack.Calls("chat.update") {
		if strings.Contains(c.text(), "could not send these people") {
			edits = append(edits, c.text())
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "<@UBO>") {
		t.Fatalf("notices posted: %q, want one naming UBO", notices)
	}
	if len(edits) != 1 || !strings.Contains(edits[0], "<@UBO>, <@UCY>") {
		t.Errorf("the notice's edits: %q, want one naming UBO and UCY", edits)
	}
}

// TestSecretBallotNamesNobodyUnreached: the chair's reminder in a
// secret ballot goes to those who have not voted; where Slack takes
// neither the ephemeral nor the direct message, naming them in the
// channel would tell everyone who has not voted: nobody is named. Their
// next answer that is no ballot's still names them.
func TestSecretBallotNamesNobodyUnreached(t *testing.T) {
	r := newRig(t)
	r.slack.refuse = func(method, channel string) string {
		switch method {
		case "chat.postEphemeral":
			return "user_not_in_channel"
		case "conversations.open":
			return "cannot_dm_bot"
		}
		return ""
	}
	r.command("UANN", "/klubba", "start")
	r.command("UANN", "/klubba", "register add <@UBO> <@UCY>")
	r.command("UANN", "/klubba", `poll "Treasurer?" "Ola" "Li" --secret`)
	r.command("UANN", "/klubba", "poll remind")
	r.deliverAll(10)
	const notice = "could not send these people"
	for _, c := range append(r.slack.Calls("chat.postMessage"), r.slack.Calls("chat.update")...) {
		if strings.Contains(c.text(), notice) {
			t.Errorf("the channel was told who has not voted: %s", c.text())
		}
	}
	r.event("EvH1", `{"type":"app_mention","user":"UBO","text":"<@UBOT> hand","ts":"1700000000.000100","channel":"C2147483705","event_ts":"1700000000.000100"}`)
	r.deliverAll(10)
	var named bool
	for _, c := range r.slack.Calls("chat.postMessage") {
		named = named || strings.Contains(c.text(), notice) && strings.Contains(c.text(), "<@UBO>") && !strings.Contains(c.text(), "<@UCY>")
	}
	if !named {
		t.Error("UBO's answer to a raised hand, undelivered, is not named")
	}
}
