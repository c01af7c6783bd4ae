package slack_test

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/internal/sealbox"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// pollClosed reports whether poll id of the test channel is closed.
func (r *rig) pollClosed(id int64) bool {
	r.t.Helper()
	closed := false
	r.store.View(context.Background(), func(tx bot.Tx) error {
		p, err := tx.Poll(id)
		if err != nil {
			r.t.Fatal(err)
		}
		closed = p.Closed
		return nil
	})
	return closed
}

// A member who demanded a votering cannot close it with the poll's Close
// button, a signed block_actions click (issue 26, finding 1).
func TestVoteringCloseClickRefused(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U2", "/klubba", `propose "att köpa en båt"`)
	r.command("U1", "/klubba", "proposition")
	r.command("U1", "/klubba", "declare 1")
	r.command("U2", "/klubba", "demand vote")
	r.click("U2", "poll.vote#1", "1:2")
	r.click("U2", "poll.close#1", "1")
	if got := strings.Join(r.answers("U2"), "\n"); !strings.Contains(got, "This poll belongs to the meeting: only the chair") {
		t.Errorf("answers to U2 = %q, want the refusal", got)
	}
	if r.pollClosed(1) {
		t.Fatal("the member's click closed the votering")
	}
	m := decodeMsg(t, r.command("U2", "/poll", "close"))
	if !strings.Contains(m.Text, "only the chair") || r.pollClosed(1) {
		t.Errorf("/poll close by the member = %q, closed %v", m.Text, r.pollClosed(1))
	}
	r.click("U1", "poll.close#1", "1")
	if !r.pollClosed(1) {
		t.Error("the chair's click did not close the votering")
	}
}

// Only Slack's own mention markup names someone: a user who types
// "<@UNEWBIE|Embezzler>" (which Slack sends escaped) names nobody, and
// the minutes call nobody "Embezzler" (issue 26, finding 7).
func TestTypedMentionNamesNobody(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	m := decodeMsg(t, r.command("U1", "/klubba", `action &lt;@UNEWBIE|Embezzler&gt; "Buy a boat"`))
	if !strings.Contains(m.Text, "Name the person with @") {
		t.Errorf("a typed mention was taken for a person: %q", m.Text)
	}
	r.command("U1", "/klubba", `note "&lt;@UNEWBIE|Embezzler&gt; was here"`)
	r.command("U1", "/klubba", `action <@U2|bo> "Sell the boat"`)
	md := decodeMsg(t, r.command("U1", "/klubba", "minutes")).Text
	if strings.Contains(md, "Buy a boat") || !strings.Contains(md, "## Action items\n\nbo\n\n- Sell the boat") {
		t.Errorf("minutes = %q, want only bo's action", md)
	}
	if !strings.Contains(md, "@UNEWBIE|Embezzler&gt; was here") {
		t.Errorf("the typed text did not stay as typed in the note: %q", md)
	}
	if strings.Contains(md, "Participants: 3") {
		t.Errorf("a typed mention added a participant: %q", md)
	}
}

// manyRig is Klubba with many workspaces on a bbolt file, under master
// as KLUBBA_SECRET_KEY.
type manyRig struct {
	fake  *fakeSlack
	store *typed.Store
	clock *bot.ManualClock
	mux   *http.ServeMux
	app   *slackbot.App
}

func newManyRig(t *testing.T, master []byte, seed func(*typed.Store)) *manyRig {
	t.Helper()
	r := &manyRig{fake: newFakeSlack(t), clock: bot.NewManualClock(epoch), mux: http.NewServeMux()}
	store, err := typed.Open(bolt.Open(filepath.Join(t.TempDir(), "k.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if seed != nil {
		seed(store)
	}
	b, err := bot.New(store, bot.Options{Clock: r.clock})
	if err != nil {
		t.Fatal(err)
	}
	r.app, err = slackbot.New(slackbot.Config{Mode: "http", SigningSecret: secret, APIURL: r.fake.srv.URL + "/api/",
		Bot: b, Store: store, Clock: r.clock, ClientID: "client-1", ClientSecret: "client-secret",
		RedirectURL: "https://klubba.example.org/slack/oauth/callback", SecretKey: master, Installs: store})
	if err != nil {
		t.Fatal(err)
	}
	r.store = store
	r.app.Register(r.mux)
	return r
}

func (r *manyRig) get(path string, cookie *http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	return w
}

// The install state is single-use, and signed with a subkey of
// KLUBBA_SECRET_KEY: a state signed with the key itself, as a sealed
// token's key once was, is refused (issue 26, smaller findings).
func TestOAuthStateSingleUseAndSubkey(t *testing.T) {
	master := make([]byte, 32)
	rand.Read(master)
	r := newManyRig(t, master, nil)
	w := r.get("/slack/install", nil)
	loc, _ := url.Parse(w.Header().Get("Location"))
	state, cookie := loc.Query().Get("state"), w.Result().Cookies()[0]
	callback := func(state string) int {
		return r.get("/slack/oauth/callback?"+url.Values{"code": {"code-T2"}, "state": {state}}.Encode(), cookie).Code
	}
	if code := callback(state); code != http.StatusOK {
		t.Fatalf("first callback: %d", code)
	}
	if code := callback(state); code != http.StatusBadRequest {
		t.Errorf("the same state again: %d, want 400", code)
	}
	if n := len(r.fake.Calls("oauth.v2.access")); n != 1 {
		t.Errorf("%d codes exchanged, want 1", n)
	}
	// A state signed under the master key itself.
	nonce := cookie.Value
	payload := nonce + "." + strconv.FormatInt(epoch.Add(5*time.Minute).Unix(), 10)
	m := hmac.New(sha256.New, master)
	m.Write([]byte("slack-oauth-state\x00" + payload))
	forged := payload + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	r2 := newManyRig(t, master, nil)
	if code := r2.get("/slack/oauth/callback?"+url.Values{"code": {"code-T2"}, "state": {forged}}.Encode(), cookie).Code; code != http.StatusBadRequest {
		t.Errorf("a state signed with the master key: %d, want 400", code)
	}
}

// Tokens sealed under KLUBBA_SECRET_KEY itself, before it had subkeys,
// still open, and are sealed anew under the tokens' subkey.
func TestSealedTokensMigrate(t *testing.T) {
	master := make([]byte, 32)
	rand.Read(master)
	const key = "slack/team/T2"
	r := newManyRig(t, master, func(s *typed.Store) {
		old, _ := sealbox.New(master)
		data := []byte(`{"team_id":"T2","bot_user_id":"UBOT","bot_token":"xoxb-T2"}`)
		if err := s.PutInstallation(context.Background(), key, old.Seal(data, []byte(key))); err != nil {
			t.Fatal(err)
		}
	})
	r.fake.mu.Lock()
	r.fake.tokens["xoxb-T2"] = "T2" // issued by an install before subkeys
	r.fake.mu.Unlock()
	form := url.Values{"team_id": {"T2"}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"},
		"command": {"/klubba"}, "text": {"start"}, "trigger_id": {"t1"}}
	req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range slackbot.Sign(secret, []byte(form.Encode()), r.clock.Now()) {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	r.app.Deliverer().Round(context.Background())
	posts := r.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Token != "xoxb-T2" {
		t.Fatalf("posts = %+v, want one with the old installation's token", posts)
	}
	sealed, err := r.store.InstallationRecord(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := sealbox.Subkey(master, sealbox.PurposeTokens)
	box, _ := sealbox.New(sub)
	if _, err := box.Open(sealed, []byte(key)); err != nil {
		t.Errorf("the token was not sealed anew under its subkey: %v", err)
	}
	old, _ := sealbox.New(master)
	if _, err := old.Open(sealed, []byte(key)); err == nil {
		t.Error("the token is still sealed under the master key")
	}
}

// Opening the poll modal counts against the caller's rate limit like a
// command: 30 /poll in a second open at most the burst of 20 modals, and
// the rest are told to slow down (issue 26, smaller findings).
func TestPollModalRateLimited(t *testing.T) {
	r := newRig(t)
	r.withModals()
	refused := 0
	for range 30 {
		w := r.command("U1", "/poll", "")
		if w.Body.Len() > 0 && strings.Contains(decodeMsg(t, w).Text, "faster than Klubba takes them") {
			refused++
		}
	}
	if n := len(r.slack.Calls("views.open")); n > 20 {
		t.Errorf("%d views.open for 30 /poll in one second, want at most the burst of 20", n)
	}
	if refused != 10 {
		t.Errorf("%d /poll answered with a refusal, want 10", refused)
	}
	// Another user is not affected.
	r.command("U2", "/poll", "")
	if n := len(r.slack.Calls("views.open")); n != 21 {
		t.Errorf("views.open calls = %d after another user's /poll, want 21", n)
	}
}

// One user starts at most 20 meetings an hour through signed commands;
// others are not affected, and the cap lifts after the hour (issue 26,
// smaller findings).
func TestMeetingsPerHourCapped(t *testing.T) {
	r := newRig(t)
	for i := range 20 {
		if w := r.command("U1", "/klubba", "start"); w.Body.Len() != 0 {
			t.Fatalf("start %d refused: %s", i+1, w.Body)
		}
		r.command("U1", "/klubba", "end")
		r.clock.Advance(2 * time.Second)
	}
	m := decodeMsg(t, r.command("U1", "/klubba", "start"))
	if !strings.Contains(m.Text, "You have started 20 meetings in the last hour, the most allowed.") {
		t.Errorf("the 21st start: %q, want the refusal", m.Text)
	}
	if r.meetingStored() {
		t.Error("the refused start stored a meeting")
	}
	if w := r.command("U2", "/klubba", "start"); w.Body.Len() != 0 {
		t.Errorf("another user's start: %s", w.Body)
	}
	r.command("U2", "/klubba", "end")
	r.clock.Advance(time.Hour)
	if w := r.command("U1", "/klubba", "start"); w.Body.Len() != 0 {
		t.Errorf("a start an hour later: %s", w.Body)
	}
}

// Opening the template modal counts against the caller's rate limit as
// the poll modal does: 30 clicks of its button in a second open at most
// the burst of 20 modals.
func TestTemplateModalRateLimited(t *testing.T) {
	r := newRig(t)
	r.withModals()
	action, value := weeklyEditButton(t, r)
	for range 30 {
		r.click("U2", action, value)
	}
	if n := len(r.slack.Calls("views.open")); n == 0 || n > 20 {
		t.Errorf("%d views.open for 30 clicks in one second, want some and at most the burst of 20", n)
	}
}
