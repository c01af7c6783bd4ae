package teams_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// TestConnectorRefusedPausesAndKeeps: a 401 from the connector pauses
// Teams delivery and drops nothing; a Retry-After of a day is honoured
// for a minute.
func TestConnectorRefusedPausesAndKeeps(t *testing.T) {
	r := newRig(t)
	var status atomic.Int64
	status.Store(http.StatusUnauthorized)
	r.fake.mu.Lock()
	r.fake.fail = func(method, path string) (int, string, bool) {
		switch s := int(status.Load()); s {
		case 0:
			return 0, "", false
		case http.StatusTooManyRequests:
			return s, "86400", true
		default:
			return s, "", true
		}
	}
	r.fake.mu.Unlock()
	r.send(channelMessage("m1", "ann", "start"), nil)
	next := r.app.Deliverer().Round(context.Background())
	pending, _ := r.store.Pending(context.Background(), "teams", 0, 10)
	if len(pending) == 0 || next.Sub(r.clock.Now()) < 10*time.Second {
		t.Fatalf("after a 401: %d pending, next try in %v; want a pause and the message kept", len(pending), next.Sub(r.clock.Now()))
	}
	status.Store(http.StatusTooManyRequests)
	r.clock.Advance(time.Hour)
	if wait := r.app.Deliverer().Round(context.Background()).Sub(r.clock.Now()); wait > time.Minute || wait <= 0 {
		t.Errorf("Retry-After: 86400 made the next try in %v; want at most a minute", wait)
	}
	status.Store(0)
	r.clock.Advance(time.Minute)
	r.deliverAll(5)
	if calls := r.fake.Calls("POST /v3/conversations/19:"); len(calls) == 0 || !strings.Contains(calls[0].text(), "started") {
		t.Errorf("the message was lost: %+v", calls)
	}
}
