package teams_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// TestStrictActivities: a token is accepted only from a key endorsed
// for msteams, only msteams activities, only the configured tenant.
// Each refusal is a 401 and stores nothing.
func TestStrictActivities(t *testing.T) {
	r := newRig(t)
	webchatToken := "Bearer " + r.fake.token(r.clock.Now(), func(c jwt.MapClaims) { c["kid"] = "webchat-key" })
	cases := []struct {
		name, activity string
		auth           *string
	}{
		{"key not endorsed for msteams", channelMessage("s1", "ann", "start"), &webchatToken},
		{"webchat activity", strings.Replace(channelMessage("s2", "ann", "start"), `"channelId": "msteams"`, `"channelId": "webchat"`, 1), nil},
		{"webchat activity, webchat key", strings.Replace(channelMessage("s3", "ann", "start"), `"channelId": "msteams"`, `"channelId": "webchat"`, 1), &webchatToken},
		{"no channel", strings.Replace(channelMessage("s4", "ann", "start"), `"channelId": "msteams",`, ``, 1), nil},
		{"other tenant", strings.ReplaceAll(channelMessage("s5", "ann", "start"), `"tenant"`, `"evil-tenant"`), nil},
	}
	for _, c := range cases {
		if w := r.send(c.activity, c.auth); w.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", c.name, w.Code)
		}
	}
	r.deliverAll(5)
	if calls := r.fake.Calls("POST /v3/conversations/"); len(calls) != 0 {
		t.Errorf("refused activities reached the connector: %+v", calls)
	}
	// The real thing passes.
	if w := r.send(channelMessage("ok", "ann", "start"), nil); w.Code != http.StatusOK {
		t.Errorf("a good activity: status %d", w.Code)
	}
}

// TestConnectorFollowsNoRedirect: a connector answering with a redirect
// elsewhere does not get the bot token sent there.
func TestConnectorFollowsNoRedirect(t *testing.T) {
	r := newRig(t)
	var stolen atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get("Authorization") != "" {
			stolen.Add(1)
		}
	}))
	t.Cleanup(elsewhere.Close)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.fake.redirect.Store(elsewhere.URL)
	r.deliverAll(5)
	if stolen.Load() != 0 {
		t.Errorf("the bot token was sent to the redirect's target %d times", stolen.Load())
	}
}
