package slack_test

import (
	"context"
	"strings"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot/bottest"
	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// TestSocketModeRoundTrip connects over Socket Mode to slack-go's
// slacktest server, receives a slash command envelope, runs it, and
// acknowledges it with the command's answer. (slacktest reads one
// message from the app and then waits for a reader that tests cannot
// be, so one envelope is all a test can check.)
func TestSocketModeRoundTrip(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start") // over HTTP; the same handlers serve both
	sts := slacktest.NewTestServer()
	sts.Start()
	defer sts.Stop()
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(sts.GetAPIURL()), goslack.OptionAppLevelToken("xapp-1-test"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.server.RunSocket(ctx, slackbot.NewSocketClient(api)) }()

	sts.SendToWebsocket(`{"envelope_id":"env-1","type":"slash_commands","accepts_response_payload":true,
	  "payload":{"token":"x","team_id":"T0001","team_domain":"example","channel_id":"C2147483705","channel_name":"test",
	  "user_id":"U2","user_name":"bo","command":"/hand","text":"","api_app_id":"A1","response_url":"https://hooks.slack.com/x","trigger_id":"1.2.3"}}`)
	bottest.WaitFor(t, func() bool { return seen(sts, `"envelope_id":"env-1"`) })
	if !seen(sts, "Your hand is up: you are number 1") {
		t.Errorf("the acknowledgement lacks the answer: %v", sts.GetSeenInboundMessages())
	}
	if seen(sts, `"metadata"`) { // empty, as slack-go's Msg has it, it lacks the event_type Slack requires
		t.Errorf("the acknowledgement carries an empty metadata object: %v", sts.GetSeenInboundMessages())
	}
	pending, _ := r.store.Pending(context.Background(), "slack", 0, 10)
	if n := len(pending); n == 0 || pending[n-1].Reply.Key != "queue/1" || !pending[n-1].Reply.Edit {
		t.Errorf("outbox = %+v, want the queue message's edit last", pending)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunSocket: %v", err)
	}
}

func seen(sts *slacktest.Server, s string) bool {
	for _, m := range sts.GetSeenInboundMessages() {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}
