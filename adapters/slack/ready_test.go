package slack_test

import (
	"context"
	"strings"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
)

func TestReadyAsksAuthTest(t *testing.T) {
	r := newRig(t)
	app, err := slackbot.New(slackbot.Config{Mode: "http", SigningSecret: secret, BotToken: "xoxb-test",
		APIURL: r.slack.srv.URL + "/api/", Bot: r.bot, Store: r.store, Clock: r.clock, Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := app.Ready(ctx); err != nil {
		t.Fatalf("Ready with a working token: %v", err)
	}
	revoked := true
	r.slack.authFail = func() bool { return revoked }
	if err := app.Ready(ctx); err != nil {
		t.Errorf("Ready asked auth.test again within a minute: %v", err)
	}
	r.clock.Advance(time.Minute)
	if err := app.Ready(ctx); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("Ready with a revoked token = %v, want invalid_auth", err)
	}
	if n := len(r.slack.Calls("auth.test")); n != 1 {
		t.Errorf("auth.test called %d times (recorded), want 1", n)
	}
}
