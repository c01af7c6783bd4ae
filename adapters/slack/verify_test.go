package slack_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
)

func slackSign(body string, at time.Time) []string {
	return slackbot.Sign(secret, []byte(body), at)["X-Slack-Signature"]
}

func signWith(s, body string, at time.Time) string {
	return slackbot.Sign(s, []byte(body), at).Get("X-Slack-Signature")
}

// TestSlackSigningExample checks the example of Slack's "Verifying
// requests from Slack" page, with the clock fixed at its timestamp.
func TestSlackSigningExample(t *testing.T) {
	const (
		exampleSecret = "8f742231b10e8888abcd99yyyzzz85a5"
		body          = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
		signature     = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", "1531420618")
	h.Set("X-Slack-Signature", signature)
	at := time.Unix(1531420618, 0)
	if err := slackbot.Verify(exampleSecret, h, []byte(body), at.Add(30*time.Second)); err != nil {
		t.Errorf("Slack's own example does not verify: %v", err)
	}
	if got := slackbot.Sign(exampleSecret, []byte(body), at).Get("X-Slack-Signature"); got != signature {
		t.Errorf("Sign = %s, want %s", got, signature)
	}
	if err := slackbot.Verify(exampleSecret, h, []byte(body+"x"), at); !errors.Is(err, slackbot.ErrBadSignature) {
		t.Errorf("a changed body: %v, want ErrBadSignature", err)
	}
	if err := slackbot.Verify(exampleSecret, h, []byte(body), at.Add(5*time.Minute+time.Second)); !errors.Is(err, slackbot.ErrStale) {
		t.Errorf("five minutes and a second later: %v, want ErrStale", err)
	}
}
