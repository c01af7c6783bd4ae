package slack_test

import (
	"context"
	"strings"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	goslack "github.com/slack-go/slack"
)

// TestNamesResolve: a user's display name comes from users.info, looked
// up once in the background; meanwhile the payload's name stands in.
func TestNamesResolve(t *testing.T) {
	f := newFakeSlack(t)
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(f.srv.URL+"/api/"))
	clock := bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC))
	names := slackbot.NewNames(api, discard, clock.Now)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go names.Run(ctx)
	if got := names.Name("U1", "ann"); got != "ann" {
		t.Errorf("first Name = %q, want the payload's name while looking up", got)
	}
	bottest.WaitFor(t, func() bool { return names.Name("U1", "ann") == "Display U1" })
	for range 5 {
		names.Name("U1", "ann")
	}
	if n := len(f.Calls("users.info")); n != 1 {
		t.Errorf("users.info called %d times, want once (cached)", n)
	}
	clock.Advance(2 * time.Hour) // stale: looked up again, the old name meanwhile
	if got := names.Name("U1", "ann"); got != "Display U1" {
		t.Errorf("stale Name = %q", got)
	}
	bottest.WaitFor(t, func() bool { return len(f.Calls("users.info")) == 2 })
}

// TestMentionInATextIsNamed: someone mentioned in a quoted text, which
// Slack sends as <@U2> without a name, reads with their display name as
// users.info gives it, once looked up: an item proposed for a scheduled
// meeting, and a decision.
func TestMentionInATextIsNamed(t *testing.T) {
	r := newRig(t)
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.names = slackbot.NewNames(api, discard, r.clock.Now)
	r.open()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.names.Run(ctx)
	r.command("U1", "/klubba", "template import ```\nname: weekly\ntitle: Weekly\n```")
	r.command("U1", "/klubba", `schedule weekly "Weekly" 2026-12-10 10:00`)
	r.command("U2", "/klubba", "schedule list") // U2 is looked up
	bottest.WaitFor(t, func() bool { return r.names.Name("U2", "") == "Display U2" })
	r.command("U1", "/klubba", `agenda propose "<@U2> & stuff"`)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/klubba", `decision "<@U2> will ask"`)
	r.deliverAll(50)
	_, public := r.shown("U1")
	for _, want := range []string{"“Display U2 &amp; stuff”", "Decision 1 recorded: Display U2 will ask"} {
		if !strings.Contains(public, want) {
			t.Errorf("the channel was not shown %q:\n%s", want, public)
		}
	}
}
