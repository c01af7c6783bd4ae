package slack_test

import (
	"context"
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
