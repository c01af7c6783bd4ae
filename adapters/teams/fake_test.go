package teams_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/golang-jwt/jwt/v5"
	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot"
)

const appID = "11111111-2222-3333-4444-555555555555"

var discard = slog.New(slog.DiscardHandler)

// connectorCall is one call the fake connector received.
type connectorCall struct {
	Method, Path, Auth string
	// Targeted is a call with isTargetedActivity=true.
	Targeted bool
	Body     map[string]any
}

// fakeBotFramework plays Microsoft's side: OpenID metadata, JWKS, the
// token endpoint and the connector (Bot Connector REST API).
type fakeBotFramework struct {
	t   testing.TB
	mux *http.ServeMux
	key *rsa.PrivateKey
	// webchatKey is endorsed only for webchat, not msteams.
	webchatKey *rsa.PrivateKey
	srv        *httptest.Server
	mu         sync.Mutex
	calls      []connectorCall
	moved      int // connector calls at the service URL SERVICE_URL/moved/
	tokens     int
	nextID     int
	// redirect, if set, makes the connector answer 307 to that URL.
	redirect atomic.Value
	// fail, if set, may answer a connector call with a status and a Retry-After.
	fail func(method, path string) (int, string, bool)
	// refuse answers the calls about one conversation (its ID, with
	// "?targeted" for targeted messages; for createConversation,
	// "create:" and the member's ID; for a targeted meeting
	// notification, "meeting:" and the meeting's ID) with these
	// statuses in turn, as Teams answers per conversation: 403 where the
	// bot was removed or the user has no personal install, 412 while a
	// conversation is being set up. The last status stays; 0 answers as
	// usual. Set it before requests are made.
	refuse map[string][]int
	// refused counts the calls answered from refuse, by conversation.
	refused map[string]int
	// files are the files users attached, by name: served at
	// /download/NAME?tempauth=ok, pre-authorised as OneDrive's
	// downloadUrl is, to a request without the bot's token.
	files map[string][]byte
	// downloads are the names fetched.
	downloads []string
}

// refusal returns the status the fake answers a call to conv with, or 0.
// Call it with f.mu held.
func (f *fakeBotFramework) refusal(conv string) int {
	q := f.refuse[conv]
	if len(q) == 0 {
		return 0
	}
	if f.refused == nil {
		f.refused = map[string]int{}
	}
	f.refused[conv]++
	if len(q) > 1 {
		f.refuse[conv] = q[1:]
	}
	return q[0]
}

// conversationOf names the conversation a connector call is about.
func conversationOf(r *http.Request, body map[string]any) string {
	if meeting, ok := strings.CutPrefix(r.URL.Path, "/v1/meetings/"); ok {
		id, _, _ := strings.Cut(meeting, "/")
		return "meeting:" + id
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v3/conversations/")
	if !ok {
		members, _ := body["members"].([]any)
		if len(members) > 0 {
			m, _ := members[0].(map[string]any)
			id, _ := m["id"].(string)
			return "create:" + id
		}
		return ""
	}
	conv, _, _ := strings.Cut(rest, "/")
	if r.URL.Query().Get("isTargetedActivity") == "true" {
		return conv + "?targeted"
	}
	return conv
}

func newFakeBotFramework(t testing.TB) *fakeBotFramework {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	webchatKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeBotFramework{t: t, key: key, webchatKey: webchatKey}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /openid", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":"https://api.botframework.com","jwks_uri":%q,"id_token_signing_alg_values_supported":["RS256"]}`, f.srv.URL+"/keys")
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, r *http.Request) {
		n := base64.RawURLEncoding.EncodeToString(key.N.Bytes())
		e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes())
		n2 := base64.RawURLEncoding.EncodeToString(webchatKey.N.Bytes())
		fmt.Fprintf(w, `{"keys":[{"kty":"RSA","use":"sig","kid":"test-key","n":%q,"e":%q,"endorsements":["msteams"]},`+
			`{"kty":"RSA","use":"sig","kid":"webchat-key","n":%q,"e":%q,"endorsements":["webchat"]}]}`, n, e, n2, e)
	})
	// The tenant's Entra OpenID metadata, for the meeting tab's SSO
	// tokens, signed with the same key.
	mux.HandleFunc("GET /aad/openid", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":"https://login.microsoftonline.com/tenant/v2.0","jwks_uri":%q,"id_token_signing_alg_values_supported":["RS256"]}`, f.srv.URL+"/keys")
	})
	mux.HandleFunc("POST /tenant/oauth2/v2.0/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f.mu.Lock()
		f.tokens++
		f.mu.Unlock()
		if r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("scope") != "https://api.botframework.com/.default" {
			http.Error(w, `{"error":"invalid_request"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"token_type":"Bearer","expires_in":3600,"access_token":"outbound-token"}`)
	})
	mux.HandleFunc("/v3/", f.connector)
	mux.Handle("/moved/", http.StripPrefix("/moved", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.moved++
		f.mu.Unlock()
		f.connector(w, r)
	})))
	mux.HandleFunc("/v1/meetings/", f.connector) // targeted meeting notifications
	mux.HandleFunc("GET /download/{name}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.downloads = append(f.downloads, r.PathValue("name"))
		data, ok := f.files[r.PathValue("name")]
		switch {
		case r.URL.Query().Get("tempauth") != "ok" || r.Header.Get("Authorization") != "":
			http.Error(w, "unauthorized", http.StatusUnauthorized)
		case !ok:
			http.NotFound(w, r)
		default:
			w.Write(data)
		}
	})
	f.srv = httptest.NewServer(mux)
	f.mux = mux
	t.Cleanup(f.srv.Close)
	return f
}

// inProcess is a client that calls the fake directly, without a
// connection or a goroutine, whatever the host: what a fuzz target needs
// for coverage that depends on the input alone.
func (f *fakeBotFramework) inProcess() *http.Client {
	return &http.Client{Transport: roundTripper(func(req *http.Request) (*http.Response, error) {
		w := httptest.NewRecorder()
		f.mux.ServeHTTP(w, req)
		return w.Result(), nil
	})}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return rt(req) }

func (f *fakeBotFramework) connector(w http.ResponseWriter, r *http.Request) {
	if to, _ := f.redirect.Load().(string); to != "" {
		http.Redirect(w, r, to+r.URL.Path, http.StatusTemporaryRedirect)
		return
	}
	var body map[string]any
	data, _ := io.ReadAll(r.Body)
	json.Unmarshal(data, &body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if status, retry, ok := f.fail(r.Method, r.URL.Path); ok {
			if retry != "" {
				w.Header().Set("Retry-After", retry)
			}
			w.WriteHeader(status)
			return
		}
	}
	if status := f.refusal(conversationOf(r, body)); status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"code":"Refused","message":"status %d"}}`, status)
		return
	}
	f.calls = append(f.calls, connectorCall{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Body: body,
		Targeted: r.URL.Query().Get("isTargetedActivity") == "true"})
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/members/aad-"):
		// getConversationMember by Entra object ID, as the tab asks.
		_, id, _ := strings.Cut(r.URL.Path, "/members/aad-")
		fmt.Fprintf(w, `{"id":"29:%s","name":%q,"aadObjectId":"aad-%s","tenantId":"tenant"}`, id, id, id)
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/members/") && !strings.Contains(r.URL.Path, "/members/29:"):
		w.WriteHeader(http.StatusNotFound) // not a member of the conversation
		fmt.Fprint(w, `{"error":{"code":"MemberNotFoundInConversation"}}`)
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/members/29:"):
		// getConversationMember: a TeamsChannelAccount, whose aadObjectId
		// the fake derives from the Bot Framework ID as activities do.
		_, id, _ := strings.Cut(r.URL.Path, "/members/29:")
		fmt.Fprintf(w, `{"id":"29:%s","name":%q,"aadObjectId":"aad-%s","userPrincipalName":"%s@example.org","tenantId":"tenant","userRole":"user"}`, id, id, id, id)
	case r.Method == http.MethodPost && r.URL.Path == "/v3/conversations":
		fmt.Fprint(w, `{"id":"a:personal-conversation"}`)
	case r.Method == http.MethodPost:
		f.nextID++
		fmt.Fprintf(w, `{"id":"activity-%d"}`, f.nextID)
	default:
		fmt.Fprint(w, `{}`)
	}
}

// Calls returns the connector calls, optionally only those whose
// method and path start with prefix ("POST /v3/conversations/19:").
func (f *fakeBotFramework) Calls(prefix string) []connectorCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []connectorCall
	for _, c := range f.calls {
		if strings.HasPrefix(c.Method+" "+c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}

func (c connectorCall) text() string {
	js, _ := json.Marshal(c.Body)
	return string(js)
}

// token mints a Bot Connector token; edit changes its claims first.
func (f *fakeBotFramework) token(now time.Time, edit func(jwt.MapClaims)) string {
	claims := jwt.MapClaims{
		"iss": "https://api.botframework.com", "aud": appID, "serviceurl": f.srv.URL + "/",
		"nbf": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix(),
	}
	if edit != nil {
		edit(claims)
	}
	key, kid := f.key, "test-key"
	if claims["kid"] == "webchat-key" { // a test's way to sign with the other key
		key, kid = f.webchatKey, "webchat-key"
		delete(claims, "kid")
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// ssoToken mints the token Teams gives the meeting tab for a person
// (authentication.getAuthToken); edit changes its claims first.
func (f *fakeBotFramework) ssoToken(now time.Time, oid, name string, edit func(jwt.MapClaims)) string {
	claims := jwt.MapClaims{
		"iss": "https://login.microsoftonline.com/tenant/v2.0", "aud": appID, "tid": "tenant", "oid": oid, "name": name,
		"scp": "access_as_user", "nbf": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix(),
	}
	if edit != nil {
		edit(claims)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "test-key"
	s, err := tok.SignedString(f.key)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

var epoch = time.Now().Truncate(time.Second)

// rig is Klubba with its Teams front end against the fake Bot Framework.
type rig struct {
	t     testing.TB
	fake  *fakeBotFramework
	clock *bot.ManualClock
	store *typed.Store
	bot   *bot.Bot
	app   *teams.App
	mux   *http.ServeMux
}

func newRig(t testing.TB) *rig {
	return newRigWith(t, nil)
}

func newRigWith(t testing.TB, wrap func(teams.Handler) teams.Handler) *rig {
	return newRigOn(t, newFakeBotFramework(t), nil, bot.Options{}, wrap)
}

// newRigOptions is a rig whose bot has opts, with the rig's clock.
func newRigOptions(t testing.TB, opts bot.Options, wrap func(teams.Handler) teams.Handler) *rig {
	return newRigOn(t, newFakeBotFramework(t), nil, opts, wrap)
}

// newRigOn is a rig on an existing fake Bot Framework, whose keys take a
// while to make: a fuzz target makes them once and a fresh rig per input.
// client makes the app's outbound calls (nil: the default client); the
// bot has opts, with the rig's clock.
func newRigOn(t testing.TB, fake *fakeBotFramework, client *http.Client, opts bot.Options, wrap func(teams.Handler) teams.Handler) *rig {
	r := &rig{t: t, fake: fake, clock: bot.NewManualClock(epoch)}
	s := typed.New(mem.New())
	opts.Clock = r.clock
	b, err := bot.New(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	var h teams.Handler = b
	if wrap != nil {
		h = wrap(b)
	}
	app, err := teams.New(teams.Config{
		AppID: appID, AppPassword: "app-password", TenantID: "tenant",
		OpenIDMetadataURL: r.fake.srv.URL + "/openid", TokenURL: r.fake.srv.URL + "/tenant/oauth2/v2.0/token",
		AADMetadataURL: r.fake.srv.URL + "/aad/openid", TeamsJSURL: "/stub/teams.js", PublicURL: "https://klubba.example.org",
		AllowDownload: func(u string) bool { return strings.HasPrefix(u, r.fake.srv.URL+"/download/") },
		Bot:           h, Store: s, Keys: s.Space("teams"), Clock: r.clock, Logger: discard, HTTPClient: client,
	})
	if err != nil {
		t.Fatal(err)
	}
	r.store, r.bot, r.app, r.mux = s, b, app, http.NewServeMux()
	app.Register(r.mux)
	return r
}

// send posts an activity with a valid token, or with auth as given.
func (r *rig) send(activity string, auth *string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/messages", strings.NewReader(strings.ReplaceAll(activity, "SERVICE_URL", r.fake.srv.URL+"/")))
	req.Header.Set("Content-Type", "application/json")
	if auth == nil {
		req.Header.Set("Authorization", "Bearer "+r.fake.token(r.clock.Now(), nil))
	} else if *auth != "" {
		req.Header.Set("Authorization", *auth)
	}
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	return w
}

// deliverAll runs delivery rounds, moving the clock as asked.
func (r *rig) deliverAll(limit int) {
	for range limit {
		next := r.app.Deliverer().Round(context.Background())
		if pending, _ := r.store.Pending(context.Background(), "teams", 0, 1); len(pending) == 0 {
			return
		}
		if next.After(r.clock.Now()) {
			r.clock.Advance(next.Sub(r.clock.Now()))
		}
	}
}

// channelMessage is a message in a Teams channel, shaped as Teams sends it.
func channelMessage(id, from, text string) string {
	return fmt.Sprintf(`{
  "text": %s,
  "textFormat": "plain",
  "type": "message",
  "timestamp": "2026-11-27T18:00:00.000Z",
  "localTimestamp": "2026-11-27T19:00:00.000+01:00",
  "id": %q,
  "channelId": "msteams",
  "serviceUrl": "SERVICE_URL",
  "from": {"id": "29:%s", "name": %q, "aadObjectId": "aad-%s"},
  "conversation": {"isGroup": true, "conversationType": "channel", "tenantId": "tenant",
    "id": "19:meeting-channel@thread.tacv2;messageid=1700000000000"},
  "recipient": {"id": "28:%s", "name": "Klubba"},
  "entities": [
    {"mentioned": {"id": "28:%s", "name": "Klubba"}, "text": "<at>Klubba</at>", "type": "mention"},
    {"locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Stockholm", "type": "clientInfo"}
  ],
  "channelData": {"teamsChannelId": "19:meeting-channel@thread.tacv2", "teamsTeamId": "19:team@thread.tacv2",
    "channel": {"id": "19:meeting-channel@thread.tacv2"}, "team": {"id": "19:team@thread.tacv2"}, "tenant": {"id": "tenant"}},
  "locale": "en-US"
}`, jsonString("<at>Klubba</at> "+text), id, from, from, from, appID, appID)
}

func jsonString(s string) string {
	js, _ := json.Marshal(s)
	return string(js)
}

// submit is a card button's Action.Submit, as Teams sends it.
func submit(id, from, replyTo, action, value string) string {
	return fmt.Sprintf(`{
  "type": "message", "id": %q, "channelId": "msteams", "serviceUrl": "SERVICE_URL",
  "timestamp": "2026-11-27T18:01:00.000Z",
  "from": {"id": "29:%s", "name": %q, "aadObjectId": "aad-%s"},
  "conversation": {"isGroup": true, "conversationType": "channel", "tenantId": "tenant",
    "id": "19:meeting-channel@thread.tacv2;messageid=1700000000000"},
  "recipient": {"id": "28:%s", "name": "Klubba"},
  "replyToId": %q,
  "value": {"action": %q, "value": %q},
  "channelData": {"tenant": {"id": "tenant"}, "source": {"name": "message"}, "legacy": {"replyToId": %q}}
}`, id, from, from, from, appID, replyTo, action, value, replyTo)
}
