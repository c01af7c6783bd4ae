package slack_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
	goslack "github.com/slack-go/slack"
)

const secret = "test-signing-secret"

// apiCall is one Web API call the fake Slack received.
type apiCall struct {
	Method string
	Form   url.Values
	// Token is the bearer token the call came with.
	Token string
}

// fakeSlack is a Slack Web API that records every call and can be told
// to fail.
type fakeSlack struct {
	mu    sync.Mutex
	calls []apiCall
	ts    int
	// fail, if set, may answer a call instead: a status code, a
	// Retry-After and whether it answered.
	fail func(method string) (status int, retryAfter string, ok bool)
	// authFail, if set and true, answers with invalid_auth.
	authFail func() bool
	// refuse, if set, may answer a call with a Slack error code, given
	// the method and the channel.
	refuse func(method, channel string) string
	// tokens are the bot tokens Slack knows, each with its workspace: a
	// call without one is not_authed, with another invalid_auth, as
	// Slack answers. oauth.v2.access adds the token it issues.
	tokens map[string]string
	// rateLimit, if set, may answer a call about a channel with 429 and
	// the Retry-After it returns, as Slack does past a method's tier.
	rateLimit func(method, channel string) string
	// files are the files Slack holds, by name: served at
	// /files-pri/NAME to a known bot token (files:read), as
	// files.slack.com serves url_private_download.
	files map[string][]byte
	// hang, if set, holds a call to the methods it names until the
	// caller gives up, as a Slack that does not answer.
	hang func(method string) bool
	srv  *httptest.Server
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{tokens: map[string]string{"xoxb-test": "T0001"}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(r.Body)
	if f.hang != nil && f.hang(method) {
		<-r.Context().Done() // the body read, the server sees the caller hang up
		return
	}
	form, _ := url.ParseQuery(string(body))
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		form = url.Values{"json": {string(body)}} // views.open and other JSON methods
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if status, retry, ok := f.fail(method); ok {
			if retry != "" {
				w.Header().Set("Retry-After", retry)
			}
			w.WriteHeader(status)
			return
		}
	}
	if f.authFail != nil && f.authFail() {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/commands/") || strings.HasPrefix(r.URL.Path, "/actions/") {
		// A response_url: JSON in, "ok" out, as hooks.slack.com answers.
		f.calls = append(f.calls, apiCall{Method: "response_url", Form: url.Values{"json": {string(body)}, "path": {r.URL.Path}}})
		fmt.Fprint(w, "ok")
		return
	}
	if f.rateLimit != nil {
		if after := f.rateLimit(method, form.Get("channel")); after != "" {
			w.Header().Set("Retry-After", after)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
	}
	if strings.HasPrefix(r.URL.Path, "/upload/") {
		// The upload URL that files.getUploadURLExternal handed out.
		f.calls = append(f.calls, apiCall{Method: "upload", Form: url.Values{"body": {string(body)}, "path": {r.URL.Path}}})
		fmt.Fprint(w, "OK - 1")
		return
	}
	if f.refuse != nil {
		if code := f.refuse(method, form.Get("channel")); code != "" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":false,"error":%q}`, code)
			return
		}
	}
	token := cmp.Or(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), form.Get("token"))
	team, known := f.tokens[token]
	if name, ok := strings.CutPrefix(r.URL.Path, "/files-pri/"); ok {
		f.calls = append(f.calls, apiCall{Method: "file", Form: url.Values{"name": {name}}, Token: token})
		data, held := f.files[name]
		switch {
		case !known: // files.slack.com sends a stranger to sign in
			http.Redirect(w, r, "/signin?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
		case !held:
			http.NotFound(w, r)
		default:
			w.Write(data)
		}
		return
	}
	if method != "oauth.v2.access" && !known {
		w.Header().Set("Content-Type", "application/json")
		if token == "" {
			fmt.Fprint(w, `{"ok":false,"error":"not_authed"}`)
		} else {
			fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		}
		return
	}
	f.calls = append(f.calls, apiCall{Method: method, Form: form, Token: token})
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "chat.postMessage":
		f.ts++
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, form.Get("channel"), f.ts)
	case "chat.update":
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, form.Get("channel"), form.Get("ts"))
	case "chat.postEphemeral":
		fmt.Fprint(w, `{"ok":true,"message_ts":"1700000000.999999"}`)
	case "oauth.v2.access":
		// The code names the team it installs in: "code-T2" installs in T2.
		team := strings.TrimPrefix(form.Get("code"), "code-")
		if team == form.Get("code") || form.Get("client_secret") != "client-secret" {
			fmt.Fprint(w, `{"ok":false,"error":"invalid_code"}`)
			return
		}
		f.tokens["xoxb-"+team] = team
		if strings.HasPrefix(team, "E") { // an org-wide install on Enterprise Grid
			fmt.Fprintf(w, `{"ok":true,"access_token":"xoxb-%s","token_type":"bot","scope":"commands,chat:write","bot_user_id":"UBOT%s","app_id":"A1","team":null,"enterprise":{"id":%q,"name":"Org %s"},"is_enterprise_install":true}`, team, team, team, team)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"access_token":"xoxb-%s","token_type":"bot","scope":"commands,chat:write","bot_user_id":"UBOT%s","app_id":"A1","team":{"id":%q,"name":"Team %s"}}`, team, team, team, team)
	case "conversations.open":
		fmt.Fprintf(w, `{"ok":true,"channel":{"id":"D%s"}}`, form.Get("users"))
	case "files.getUploadURLExternal":
		fmt.Fprintf(w, `{"ok":true,"upload_url":"%s/upload/F0001","file_id":"F0001"}`, f.srv.URL)
	case "files.completeUploadExternal":
		fmt.Fprint(w, `{"ok":true,"files":[{"id":"F0001","title":"minutes"}]}`)
	case "files.info":
		// A file shared from another organisation comes as its ID
		// ("F-" and its name here); files.info tells the rest.
		name := strings.TrimPrefix(form.Get("file"), "F-")
		fmt.Fprintf(w, `{"ok":true,"file":{"id":%q,"name":%q,"mimetype":"text/csv","size":%d,"url_private_download":"%s/files-pri/%s"}}`,
			form.Get("file"), name, len(f.files[name]), f.srv.URL, name)
	case "views.open":
		fmt.Fprint(w, `{"ok":true,"view":{"id":"V0001","type":"modal","callback_id":"klubba.poll"}}`)
	case "views.publish":
		fmt.Fprint(w, `{"ok":true,"view":{"id":"VHOME","type":"home"}}`)
	case "chat.unfurl":
		fmt.Fprint(w, `{"ok":true}`)
	case "auth.test":
		fmt.Fprint(w, `{"ok":true,"url":"https://example.slack.com/","team":"Example","user":"klubba","team_id":"T0001","user_id":"UBOT","bot_id":"B1"}`)
	case "users.info":
		id := form.Get("user")
		// A workspace's own token finds its people; the name says which.
		display := "Display " + id
		if team != "T0001" {
			display += " of " + team
		}
		fmt.Fprintf(w, `{"ok":true,"user":{"id":%q,"name":"login-%s","real_name":"Real %s","profile":{"display_name":%q}}}`, id, id, id, display)
	default:
		fmt.Fprint(w, `{"ok":false,"error":"unknown_method"}`)
	}
}

// Calls returns the calls of a method, or all calls for "".
func (f *fakeSlack) Calls(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// text is what a call showed: its blocks' text, or its fallback text.
func (c apiCall) text() string { return c.Form.Get("blocks") + c.Form.Get("text") }

var epoch = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// rig is Klubba with its Slack front end, on a temporary database, a fake
// clock and a fake Slack.
type rig struct {
	t       testing.TB
	path    string
	clock   *bot.ManualClock
	slack   *fakeSlack
	store   rigStore
	mem     *typed.Store // the store when path is ""
	bot     *bot.Bot
	server  *slackbot.Server
	deliver *delivery.Deliverer
	mux     *http.ServeMux
	// triggers numbers the trigger IDs, unique per request as Slack's are.
	triggers atomic.Int64
	// names, if set, resolves people's names with the fake's users.info.
	names *slackbot.Names
}

// triggerID returns a new trigger ID: Slack sends one with every command
// and click, so no two requests have the same body (and signature).
func (r *rig) triggerID() string {
	return fmt.Sprintf("13345224609.738474920.%d", r.triggers.Add(1))
}

var testTemplates = []facilitation.Template{{Name: "board", Title: "Board", Agenda: []facilitation.TemplateItem{{Title: "Budget", Timebox: 20 * time.Minute}}}}

// rigStore is the rig's store: in memory, or a bbolt file for tests
// of what survives a restart.
type rigStore interface {
	bot.Store
	delivery.Store
	Pending(ctx context.Context, platform string, after uint64, n int) ([]bot.Outgoing, error)
	Close() error
}

// newRig returns a rig on an in-memory store.
func newRig(t testing.TB) *rig {
	r := &rig{t: t, mem: typed.New(mem.New()), clock: bot.NewManualClock(epoch), slack: newFakeSlack(t)}
	r.open()
	t.Cleanup(func() { r.store.Close() })
	return r
}

// newDurableRig returns a rig on a bbolt file, for tests that restart.
func newDurableRig(t testing.TB) *rig {
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "k.db"), clock: bot.NewManualClock(epoch), slack: newFakeSlack(t)}
	r.open()
	t.Cleanup(func() { r.store.Close() })
	return r
}

// open starts Klubba on the rig's store, as at a start or a restart.
func (r *rig) open() {
	var s rigStore = r.mem
	if r.path != "" {
		var err error
		if s, err = typed.Open(bolt.Open(r.path)); err != nil {
			r.t.Fatal(err)
		}
	}
	b, err := bot.New(s, bot.Options{Templates: testTemplates, Clock: r.clock, Codec: bottest.Codec{}})
	if err != nil {
		r.t.Fatal(err)
	}
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.store, r.bot = s, b
	r.deliver = slackbot.NewDeliverer(s, api, b, r.clock, discard)
	r.server = slackbot.NewServer(slackbot.Options{Bot: b, SigningSecret: secret, Now: r.clock.Now, Logger: discard, Names: r.names,
		AllowResponseURL: func(u string) bool { return strings.HasPrefix(u, r.slack.srv.URL+"/") }, APIURL: r.slack.srv.URL + "/api/"})
	r.mux = http.NewServeMux()
	r.server.Register(r.mux)
}

func (r *rig) restart() {
	r.store.Close()
	r.open()
}

// post sends a request signed as Slack would sign it now.
func (r *rig) post(path, contentType, body string, header http.Header) *httptest.ResponseRecorder {
	r.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for k, v := range slackbot.Sign(secret, []byte(body), r.clock.Now()) {
		req.Header[k] = v
	}
	for k, v := range header {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	return w
}

// command sends a slash command as Slack does.
func (r *rig) command(user, command, text string) *httptest.ResponseRecorder {
	r.t.Helper()
	form := url.Values{
		"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {"T0001"}, "team_domain": {"example"},
		"channel_id": {"C2147483705"}, "channel_name": {"test"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {command}, "text": {text}, "api_app_id": {"A123456"},
		"response_url": {"https://hooks.slack.com/commands/1234/5678"}, "trigger_id": {r.triggerID()},
	}
	w := r.post("/slack/commands", "application/x-www-form-urlencoded", form.Encode(), nil)
	if w.Code != http.StatusOK {
		r.t.Fatalf("%s %s: status %d: %s", command, text, w.Code, w.Body)
	}
	return w
}

// click sends a block_actions payload shaped as Slack sends it.
func (r *rig) click(user, actionID, value string) *httptest.ResponseRecorder {
	r.t.Helper()
	w := r.post("/slack/interactions", "application/x-www-form-urlencoded", r.clickBody(user, actionID, value), nil)
	r.answered()
	return w
}

// clickBody is the form body of a click by user, as Slack sends it.
func (r *rig) clickBody(user, actionID, value string) string {
	payload := fmt.Sprintf(`{
  "type": "block_actions",
  "user": {"id": %q, "username": %q, "name": %q, "team_id": "T0001"},
  "api_app_id": "A123456",
  "token": "gIkuvaNzQIHg97ATvDxqgjtO",
  "container": {"type": "message", "message_ts": "1700000000.000001", "channel_id": "C2147483705", "is_ephemeral": false},
  "trigger_id": %q,
  "team": {"id": "T0001", "domain": "example"},
  "enterprise": null,
  "is_enterprise_install": false,
  "channel": {"id": "C2147483705", "name": "test"},
  "message": {"type": "message", "user": "UBOT", "ts": "1700000000.000001", "bot_id": "B123", "text": "Poll", "blocks": []},
  "state": {"values": {}},
  "response_url": %q,
  "actions": [{"action_id": %q, "block_id": "b1", "text": {"type": "plain_text", "text": "Click", "emoji": true},
    "value": %q, "type": "button", "action_ts": "1700000001.000000"}]
}`, user, strings.ToLower(user), strings.ToLower(user), r.triggerID(), r.slack.srv.URL+"/actions/T0001/"+user+"/abcd", actionID, value)
	return url.Values{"payload": {payload}}.Encode()
}

// answered waits until the answers to clicks have reached the fake
// Slack's response URLs.
func (r *rig) answered() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.server.Drain(ctx); err != nil {
		r.t.Fatal(err)
	}
}

// answers returns the texts that the answers to user's clicks showed
// them through response URLs (rig.click names the user in the URL), all
// users' for "". Each must be ephemeral, and not replace the message
// clicked.
func (r *rig) answers(user string) []string {
	r.t.Helper()
	var out []string
	for _, c := range r.slack.Calls("response_url") {
		if !strings.HasPrefix(c.Form.Get("path"), "/actions/T0001/"+user) {
			continue
		}
		var m struct {
			ResponseType    string `json:"response_type"`
			ReplaceOriginal *bool  `json:"replace_original"`
			Text            string `json:"text"`
			Blocks          json.RawMessage
		}
		if err := json.Unmarshal([]byte(c.Form.Get("json")), &m); err != nil {
			r.t.Fatalf("response_url body %s: %v", c.Form.Get("json"), err)
		}
		if m.ResponseType != "ephemeral" || m.ReplaceOriginal == nil || *m.ReplaceOriginal {
			r.t.Errorf("answer %s: want response_type ephemeral and replace_original false", c.Form.Get("json"))
		}
		out = append(out, m.Text+string(m.Blocks))
	}
	return out
}

// deliverAll runs delivery rounds, moving the clock as the deliverer
// asks, until the outbox is empty or limit rounds have run.
func (r *rig) deliverAll(limit int) {
	r.t.Helper()
	for range limit {
		next := r.deliver.Round(context.Background())
		if pending, _ := r.store.Pending(context.Background(), "slack", 0, 1); len(pending) == 0 {
			return
		}
		if next.After(r.clock.Now()) {
			r.clock.Advance(next.Sub(r.clock.Now()))
		}
	}
}

// meetingStored reports whether the test channel has a running meeting.
func (r *rig) meetingStored() bool {
	found := false
	r.store.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Running("slack:T0001/C2147483705")
		found = err == nil
		return nil
	})
	return found
}

func decodeMsg(t *testing.T, w *httptest.ResponseRecorder) goslack.Msg {
	t.Helper()
	var m goslack.Msg
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("answer %q: %v", w.Body, err)
	}
	return m
}
