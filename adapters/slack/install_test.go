package slack_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// TestInstallManyWorkspaces: two workspaces install Klubba through OAuth
// v2; each one's replies go out with its own token; the state is checked;
// tokens are sealed at rest; app_uninstalled forgets a workspace's token
// and keeps its meetings.
func TestInstallManyWorkspaces(t *testing.T) {
	fake := newFakeSlack(t)
	store, err := typed.Open(bolt.Open(filepath.Join(t.TempDir(), "k.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	clock := bot.NewManualClock(epoch)
	b, err := bot.New(store, bot.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	app, err := slackbot.New(slackbot.Config{Mode: "http", SigningSecret: secret, APIURL: fake.srv.URL + "/api/",
		Bot: b, Store: store, Clock: clock, ClientID: "client-1", ClientSecret: "client-secret",
		RedirectURL: "https://klubba.example.org/slack/oauth/callback", SecretKey: key, Installs: store})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	app.Register(mux)
	do := func(req *http.Request) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		return w
	}
	// install returns the state and cookie of a fresh install.
	install := func() (state string, cookie *http.Cookie) {
		w := do(httptest.NewRequest(http.MethodGet, "/slack/install", nil))
		loc, err := url.Parse(w.Header().Get("Location"))
		if w.Code != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), slackbot.AuthorizeURL) ||
			loc.Query().Get("client_id") != "client-1" || !slices.Contains(strings.Split(loc.Query().Get("scope"), ","), "chat:write.public") {
			t.Fatalf("/slack/install: %d to %q", w.Code, w.Header().Get("Location"))
		}
		return loc.Query().Get("state"), w.Result().Cookies()[0]
	}
	callback := func(code, state string, cookie *http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/slack/oauth/callback?"+url.Values{"code": {code}, "state": {state}}.Encode(), nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		return do(req)
	}

	state, cookie := install()
	for _, bad := range []struct {
		name, state string
		cookie      *http.Cookie
	}{
		{"no state", "", cookie},
		{"forged state", strings.Replace(state, ".", "x.", 1), cookie},
		{"no cookie", state, nil},
		{"another browser's cookie", state, &http.Cookie{Name: cookie.Name, Value: "other"}},
	} {
		if w := callback("code-T2", bad.state, bad.cookie); w.Code != http.StatusBadRequest {
			t.Errorf("callback with %s: %d, want 400", bad.name, w.Code)
		}
	}
	if n := len(fake.Calls("oauth.v2.access")); n != 0 {
		t.Errorf("refused callbacks exchanged %d codes", n)
	}
	if w := callback("code-T2", state, cookie); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Team T2") {
		t.Fatalf("callback: %d %s", w.Code, w.Body)
	}
	state, cookie = install()
	if w := callback("code-T3", state, cookie); w.Code != http.StatusOK {
		t.Fatalf("second install: %d %s", w.Code, w.Body)
	}
	// Sealed at rest.
	raw, err := store.InstallationRecord(context.Background(), "slack/team/T2")
	if err != nil || bytes.Contains(raw, []byte("xoxb-T2")) {
		t.Errorf("stored installation of T2: %q, %v; want it sealed", raw, err)
	}

	command := func(team, text string) {
		t.Helper()
		form := url.Values{"team_id": {team}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"},
			"command": {"/klubba"}, "text": {text}, "trigger_id": {fmt.Sprint(team, text)}}
		req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range slackbot.Sign(secret, []byte(form.Encode()), clock.Now()) {
			req.Header[k] = v
		}
		if w := do(req); w.Code != http.StatusOK {
			t.Fatalf("%s in %s: %d %s", text, team, w.Code, w.Body)
		}
	}
	tokensOf := func() map[string]string { // channel -> token of its posts
		out := map[string]string{}
		for _, c := range fake.Calls("chat.postMessage") {
			out[c.Form.Get("channel")+"@"+c.Token] = c.text()
		}
		return out
	}
	command("T2", "start")
	command("T3", "start")
	app.Deliverer().Round(context.Background())
	got := tokensOf()
	if _, ok := got["C1@xoxb-T2"]; !ok {
		t.Errorf("no post with T2's token: %v", got)
	}
	if _, ok := got["C1@xoxb-T3"]; !ok {
		t.Errorf("no post with T3's token: %v", got)
	}

	// T2 uninstalls: its token goes, its meeting stays, and its replies
	// are dropped rather than sent with another workspace's token.
	event := `{"type":"event_callback","team_id":"T2","event_id":"EvU1","event":{"type":"app_uninstalled"}}`
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(event))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range slackbot.Sign(secret, []byte(event), clock.Now()) {
		req.Header[k] = v
	}
	if w := do(req); w.Code != http.StatusOK {
		t.Fatalf("app_uninstalled: %d %s", w.Code, w.Body)
	}
	if _, err := store.InstallationRecord(context.Background(), "slack/team/T2"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("T2's installation after app_uninstalled: %v, want gone", err)
	}
	var kept bool
	store.View(context.Background(), func(tx bot.Tx) error { _, err := tx.Running("slack:T2/C1"); kept = err == nil; return nil })
	if !kept {
		t.Error("T2's meeting was deleted with its installation")
	}
	before := len(fake.Calls("chat.postMessage"))
	command("T2", "agenda add Budget")
	app.Deliverer().Round(context.Background())
	for _, c := range fake.Calls("chat.postMessage")[before:] {
		t.Errorf("a reply to the uninstalled T2 was sent with %q: %s", c.Token, c.text())
	}
	// tokens_revoked for T3's bot forgets T3 too.
	event = `{"type":"event_callback","team_id":"T3","event_id":"EvU2","event":{"type":"tokens_revoked","tokens":{"bot":["UBOTT3"]}}}`
	req = httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(event))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range slackbot.Sign(secret, []byte(event), clock.Now()) {
		req.Header[k] = v
	}
	if w := do(req); w.Code != http.StatusOK {
		t.Fatalf("tokens_revoked: %d", w.Code)
	}
	if _, err := store.InstallationRecord(context.Background(), "slack/team/T3"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("T3's installation after tokens_revoked: %v, want gone", err)
	}
}
