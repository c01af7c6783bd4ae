package slack_test

import (
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
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/internal/sealbox"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// oauthRig is Klubba installed through OAuth in many workspaces, against
// the fake Slack, which knows each installation's token.
type oauthRig struct {
	t     *testing.T
	fake  *fakeSlack
	store *typed.Store
	clock *bot.ManualClock
	key   []byte // KLUBBA_SECRET_KEY
	app   *slackbot.App
	mux   *http.ServeMux
	n     int
}

func newOAuthRig(t *testing.T) *oauthRig {
	r := &oauthRig{t: t, fake: newFakeSlack(t), clock: bot.NewManualClock(epoch), key: make([]byte, 32)}
	var err error
	if r.store, err = typed.Open(bolt.Open(filepath.Join(t.TempDir(), "k.db"))); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.store.Close() })
	rand.Read(r.key)
	r.start()
	return r
}

// start runs a Klubba on the rig's store, as its app and mux.
func (r *oauthRig) start() {
	b, err := bot.New(r.store, bot.Options{Clock: r.clock, Templates: testTemplates, Codec: bottest.Codec{}})
	if err != nil {
		r.t.Fatal(err)
	}
	r.app, err = slackbot.New(slackbot.Config{Mode: "http", SigningSecret: secret, APIURL: r.fake.srv.URL + "/api/",
		Bot: b, Store: r.store, Clock: r.clock, ClientID: "client-1", ClientSecret: "client-secret",
		RedirectURL: "https://klubba.example.org/slack/oauth/callback", SecretKey: r.key, Installs: r.store})
	if err != nil {
		r.t.Fatal(err)
	}
	r.mux = http.NewServeMux()
	r.app.Register(r.mux)
}

// replica is a second Klubba on r's store, with r's key, clock and
// Slack, as another replica of one installation would be.
func (r *oauthRig) replica() *oauthRig {
	c := *r
	c.start()
	return &c
}

func (r *oauthRig) do(req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	return w
}

// install runs the OAuth flow; the code names the team ("code-T2") or,
// for an org-wide install, the enterprise ("code-E1").
func (r *oauthRig) install(code string) {
	r.t.Helper()
	w := r.do(httptest.NewRequest(http.MethodGet, "/slack/install", nil))
	loc, _ := url.Parse(w.Header().Get("Location"))
	req := httptest.NewRequest(http.MethodGet, "/slack/oauth/callback?"+url.Values{"code": {code}, "state": {loc.Query().Get("state")}}.Encode(), nil)
	req.AddCookie(w.Result().Cookies()[0])
	if w := r.do(req); w.Code != http.StatusOK {
		r.t.Fatalf("install %s: %d %s", code, w.Code, w.Body)
	}
}

// signed posts a body signed as Slack signs it.
func (r *oauthRig) signed(path, contentType, body string) *httptest.ResponseRecorder {
	r.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for k, v := range slackbot.Sign(secret, []byte(body), r.clock.Now()) {
		req.Header[k] = v
	}
	w := r.do(req)
	if w.Code != http.StatusOK {
		r.t.Fatalf("%s: %d %s", path, w.Code, w.Body)
	}
	return w
}

// command runs a slash command in a workspace (and enterprise, if any).
func (r *oauthRig) command(team, enterprise, user, command, text string) *httptest.ResponseRecorder {
	r.t.Helper()
	r.n++
	form := url.Values{"team_id": {team}, "channel_id": {"C1"}, "user_id": {user}, "user_name": {""},
		"command": {command}, "text": {text}, "trigger_id": {fmt.Sprintf("trigger-%d", r.n)}}
	if enterprise != "" {
		form.Set("enterprise_id", enterprise)
		form.Set("is_enterprise_install", "true")
	}
	return r.signed("/slack/commands", "application/x-www-form-urlencoded", form.Encode())
}

// deliver runs delivery rounds until the outbox is empty.
func (r *oauthRig) deliver() {
	for range 10 {
		next := r.app.Deliverer().Round(context.Background())
		if p, _ := r.store.Pending(context.Background(), "slack", 0, 1); len(p) == 0 {
			return
		}
		if next.After(r.clock.Now()) {
			r.clock.Advance(next.Sub(r.clock.Now()))
		}
	}
}

// TestModalOpensWithTheWorkspacesToken: /kpoll with nothing after it,
// and the message shortcut, open the modal with the token of the
// workspace they came from, not an empty one.
func TestModalOpensWithTheWorkspacesToken(t *testing.T) {
	r := newOAuthRig(t)
	r.install("code-T2")
	r.install("code-T3")
	r.command("T3", "", "U1", "/kpoll", "")
	shortcut := `{"type":"message_action","callback_id":"klubba.poll_from_message","trigger_id":"trigger-x",
	  "team":{"id":"T2","domain":"t2"},"user":{"id":"U2","team_id":"T2"},"channel":{"id":"C1"},
	  "message":{"type":"message","text":"Lunch at noon?","ts":"1700000000.000100"},"response_url":"https://hooks.slack.com/app/x"}`
	r.signed("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {shortcut}}.Encode())
	opened := r.fake.Calls("views.open")
	if len(opened) != 2 || opened[0].Token != "xoxb-T3" || opened[1].Token != "xoxb-T2" {
		t.Fatalf("views.open calls with tokens %v, want xoxb-T3 then xoxb-T2", tokens(opened))
	}
	if !strings.Contains(opened[1].Form.Get("json"), "Lunch at noon?") {
		t.Errorf("the shortcut's modal lacks the message: %s", opened[1].Form.Get("json"))
	}
}

func tokens(calls []apiCall) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Token)
	}
	return out
}

// TestOrgWideInstall: an org-wide install on Enterprise Grid is stored
// under the enterprise; commands from any of its workspaces are
// answered with its token, and an uninstall forgets it.
func TestOrgWideInstall(t *testing.T) {
	r := newOAuthRig(t)
	r.install("code-E1")
	if _, err := r.store.InstallationRecord(context.Background(), "slack/enterprise/E1"); err != nil {
		t.Fatalf("the org-wide installation is not under its enterprise: %v", err)
	}
	r.command("T7", "E1", "U1", "/klubba", "start")
	r.command("T8", "E1", "U2", "/klubba", "start")
	r.deliver()
	posts := r.fake.Calls("chat.postMessage")
	if len(posts) != 2 || posts[0].Token != "xoxb-E1" || posts[1].Token != "xoxb-E1" ||
		!strings.Contains(posts[0].text(), "Meeting started") {
		t.Fatalf("posts %v: want both workspaces' meetings started with the enterprise's token", tokens(posts))
	}
	// The link from workspace to enterprise is stored, for after a restart.
	if _, err := r.store.InstallationRecord(context.Background(), "slack/link/T7"); err != nil {
		t.Errorf("the workspace's enterprise was not stored: %v", err)
	}
	// Uninstalled org-wide: the enterprise's token is forgotten.
	event := `{"type":"event_callback","team_id":"T7","enterprise_id":"E1","event_id":"EvU9","event":{"type":"app_uninstalled"}}`
	r.signed("/slack/events", "application/json", event)
	if _, err := r.store.InstallationRecord(context.Background(), "slack/enterprise/E1"); err == nil {
		t.Error("the org-wide installation outlived app_uninstalled")
	}
}

// startedInT2 is a many-workspace rig installed in T2, its delivery
// running, with a meeting started there by U5.
func startedInT2(t *testing.T) *oauthRig {
	t.Helper()
	r := newOAuthRig(t)
	r.install("code-T2")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go r.app.Run(ctx)
	r.command("T2", "", "U5", "/klubba", "start")
	return r
}

// TestNamesPerWorkspace: with many workspaces each person's name is
// looked up with their workspace's token (users.info), and shown.
func TestNamesPerWorkspace(t *testing.T) {
	r := startedInT2(t)
	bottest.WaitFor(t, func() bool { return len(r.fake.Calls("users.info")) > 0 })
	if c := r.fake.Calls("users.info"); c[0].Token != "xoxb-T2" || c[0].Form.Get("user") != "U5" {
		t.Fatalf("users.info with %q for %q, want T2's token for U5", c[0].Token, c[0].Form.Get("user"))
	}
	// Once the name has arrived, the queue's post shows it.
	bottest.WaitFor(t, func() bool { return r.app.NameIn("T2", "U5") == "Display U5 of T2" })
	r.command("T2", "", "U5", "/klubba", "hand")
	bottest.WaitFor(t, func() bool {
		for _, c := range append(r.fake.Calls("chat.postMessage"), r.fake.Calls("chat.update")...) {
			if strings.Contains(c.text(), "Display U5 of T2") {
				return true
			}
		}
		return false
	})
}

// TestClickNamesPerWorkspace: with many workspaces, a person whose first
// act is a click is named as a typed command would name them, looked up
// with their workspace's token.
func TestClickNamesPerWorkspace(t *testing.T) {
	r := startedInT2(t)
	click := `{"type":"block_actions","team":{"id":"T2","domain":"t2"},"user":{"id":"U6","username":"u6","name":"u6","team_id":"T2"},
	  "channel":{"id":"C1"},"container":{"type":"message","channel_id":"C1"},"trigger_id":"trigger-c",
	  "actions":[{"action_id":"queue.speak","block_id":"b1","value":"","type":"button"}]}`
	r.signed("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {click}}.Encode())
	bottest.WaitFor(t, func() bool { return r.app.NameIn("T2", "U6") == "Display U6 of T2" })
	for _, c := range r.fake.Calls("users.info") {
		if c.Form.Get("user") == "U6" && c.Token != "xoxb-T2" {
			t.Errorf("users.info for U6 with %q, want T2's token", c.Token)
		}
	}
}

// TestTemplateModalOpensWithTheWorkspacesToken: with many workspaces,
// the template editor's button opens its modal with the token of the
// workspace it was clicked in.
func TestTemplateModalOpensWithTheWorkspacesToken(t *testing.T) {
	r := newOAuthRig(t)
	r.install("code-T2")
	r.command("T2", "", "U1", "/klubba", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n```")
	w := r.command("T2", "", "U1", "/klubba", "template edit weekly")
	action, value := editButton(t, w.Body.String())
	click := fmt.Sprintf(`{"type":"block_actions","team":{"id":"T2","domain":"t2"},"user":{"id":"U1","team_id":"T2"},
	  "channel":{"id":"C1"},"container":{"type":"message","channel_id":"C1"},"trigger_id":"trigger-t",
	  "actions":[{"action_id":%q,"block_id":"b1","value":%q,"type":"button"}]}`, action, value)
	r.signed("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {click}}.Encode())
	opened := r.fake.Calls("views.open")
	if len(opened) != 1 || opened[0].Token != "xoxb-T2" || !strings.Contains(opened[0].Form.Get("json"), slackbot.TemplateModal) {
		t.Fatalf("views.open calls with tokens %v, want the template modal with xoxb-T2", tokens(opened))
	}
}

// TestReinstallSeenByAnotherReplica: two replicas share a store (any
// takes requests, the leader delivers). A workspace uninstalls and
// installs again through replica A; replica B, which cached a client
// with the revoked token, delivers and opens modals with the new one,
// and nothing is dropped.
func TestReinstallSeenByAnotherReplica(t *testing.T) {
	a := newOAuthRig(t)
	b := a.replica()
	// The first installation, with token xoxb-old.
	sub, _ := sealbox.Subkey(a.key, sealbox.PurposeTokens)
	box, _ := sealbox.New(sub)
	a.fake.tokens["xoxb-old"] = "T2"
	if err := slackbot.NewInstallations(a.store, box, a.fake.srv.URL+"/api/").Put(context.Background(), slackbot.Installation{TeamID: "T2", BotToken: "xoxb-old"}); err != nil {
		t.Fatal(err)
	}
	a.command("T2", "", "U1", "/klubba", "start")
	b.deliver() // B caches T2's client, with xoxb-old

	// Uninstall through A; Slack revokes xoxb-old. Reinstall through A:
	// Slack issues xoxb-T2.
	a.signed("/slack/events", "application/json", `{"type":"event_callback","team_id":"T2","event_id":"EvU1","event":{"type":"app_uninstalled"}}`)
	delete(a.fake.tokens, "xoxb-old")
	a.install("code-T2")
	before := len(a.fake.Calls("chat.postMessage"))
	a.command("T2", "", "U1", "/klubba", "hand") // the queue message: posted by the leader B
	a.command("T2", "", "U1", "/klubba", "agenda")
	b.deliver()
	after := tokens(a.fake.Calls("chat.postMessage")[before:])
	if len(after) == 0 || slices.ContainsFunc(after, func(tok string) bool { return tok != "xoxb-T2" }) {
		t.Errorf("after the reinstall through A, B posted with tokens %q, want xoxb-T2", after)
	}
	if p, _ := a.store.Pending(context.Background(), "slack", 0, 10); len(p) > 0 {
		t.Errorf("%d messages left undelivered", len(p))
	}
	b.command("T2", "", "U1", "/klubba", "poll") // the modal opens through B, with the new token
	if opened := tokens(a.fake.Calls("views.open")); len(opened) == 0 || opened[len(opened)-1] != "xoxb-T2" {
		t.Errorf("views.open through B with %q, want xoxb-T2", opened)
	}
}

// TestUninstallRetryAfterReinstall: Slack retrying an app_uninstalled
// that arrives after the app was installed again forgets nothing: the
// event is older than the installation.
func TestUninstallRetryAfterReinstall(t *testing.T) {
	r := newOAuthRig(t)
	r.install("code-T2")
	r.clock.Advance(time.Minute)
	uninstall := fmt.Sprintf(`{"type":"event_callback","team_id":"T2","event_id":"EvU1","event_time":%d,"event":{"type":"app_uninstalled"}}`, r.clock.Now().Unix())
	r.signed("/slack/events", "application/json", uninstall)
	if _, err := r.store.InstallationRecord(context.Background(), "slack/team/T2"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("T2 after app_uninstalled: %v, want gone", err)
	}
	r.clock.Advance(time.Minute)
	r.install("code-T2")
	r.clock.Advance(time.Minute)
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(uninstall))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range slackbot.Sign(secret, []byte(uninstall), r.clock.Now()) {
		req.Header[k] = v
	}
	req.Header.Set("X-Slack-Retry-Num", "1")
	if w := r.do(req); w.Code != http.StatusOK {
		t.Fatalf("the retry: %d %s", w.Code, w.Body)
	}
	if _, err := r.store.InstallationRecord(context.Background(), "slack/team/T2"); err != nil {
		t.Errorf("T2 after a retry of the old uninstall: %v, want the new installation kept", err)
	}
}

// TestRefusedTokenOfOneWorkspaceKeeps: with many workspaces, Slack
// refusing one workspace's token holds that workspace's messages, with
// back-off, and delivers them once the token works; other workspaces go on.
func TestRefusedTokenOfOneWorkspaceKeeps(t *testing.T) {
	r := newOAuthRig(t)
	r.install("code-T2")
	r.install("code-T3")
	r.fake.mu.Lock()
	revoked := r.fake.tokens["xoxb-T2"]
	delete(r.fake.tokens, "xoxb-T2") // Slack answers invalid_auth
	r.fake.mu.Unlock()
	r.command("T2", "", "U1", "/klubba", "start")
	r.command("T2", "", "U1", "/klubba", `decision "Kept"`)
	r.command("T3", "", "U1", "/klubba", "start")
	r.app.Deliverer().Round(context.Background())
	if p, _ := r.store.Pending(context.Background(), "slack", 0, 100); len(p) == 0 {
		t.Fatal("T2's messages were dropped when Slack refused its token")
	}
	if posted := tokens(r.fake.Calls("chat.postMessage")); !slices.Contains(posted, "xoxb-T3") {
		t.Errorf("T3 waited for T2's token: posts with %q", posted)
	}
	r.fake.mu.Lock()
	r.fake.tokens["xoxb-T2"] = revoked
	r.fake.mu.Unlock()
	r.clock.Advance(time.Minute)
	r.deliver()
	var texts string
	for _, c := range r.fake.Calls("chat.postMessage") {
		texts += c.text()
	}
	if !strings.Contains(texts, "Kept") {
		t.Errorf("T2's decision was lost after its token was refused: %s", texts)
	}
}
