package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/internal/sealbox"
	goslack "github.com/slack-go/slack"
)

// Many workspaces. Besides one bot token for one workspace, Klubba can
// be installed in many through Slack's OAuth v2 flow:
// /slack/install sends the installer to Slack with a signed, expiring
// state (and the same nonce in a cookie), /slack/oauth/callback checks
// both and exchanges the code with oauth.v2.access. The installation (the
// team, or the enterprise of an org-wide install, and its bot token) is
// stored sealed with AES-GCM under KLUBBA_SECRET_KEY, bound to its key. A
// reply is sent with the token of its channel's workspace.
//
// app_uninstalled and tokens_revoked forget the installation, and with it
// the token. The workspace's meetings, minutes and votes are kept, as
// they are the organisation's records; a reinstall finds them again.

// Slack's OAuth endpoints and Klubba's state rules.
const (
	// AuthorizeURL is where an installer grants Klubba its scopes
	// (https://api.slack.com/authentication/oauth-v2).
	AuthorizeURL = "https://slack.com/oauth/v2/authorize"
	// stateTTL is how long an install may take between the two steps.
	stateTTL = 10 * time.Minute
	// stateCookie carries the state's nonce, so that a state is used by
	// the browser it was issued to.
	stateCookie = "klubba_slack_oauth"
)

// BotScopes are the bot scopes Klubba asks for at an install: those of
// the app manifests (deploy/slack), which a test keeps equal.
//   - commands: the slash commands and shortcuts;
//   - chat:write: post, edit and show ephemeral messages;
//   - chat:write.public: post in public channels Klubba was not invited to;
//   - app_mentions:read: "@Klubba <command>";
//   - users:read: display names (users.info);
//   - links:read, links:write: unfurl live board links (home.go);
//   - files:write, im:write: `minutes pdf` sends the protokoll as a file
//     in the caller's direct messages (files.uploadV2, conversations.open);
//   - im:history, files:read: a command typed in a direct message to
//     Klubba, and a file attached to an import (attach.go).
var BotScopes = []string{"commands", "chat:write", "chat:write.public", "app_mentions:read", "users:read", "links:read", "links:write", "files:write", "im:write", "im:history", "files:read"}

// InstallStore keeps installations' sealed records; the stores have it.
type InstallStore interface {
	PutInstallation(ctx context.Context, key string, sealed []byte) error
	InstallationRecord(ctx context.Context, key string) ([]byte, error)
	DeleteInstallation(ctx context.Context, key string) error
}

// Installation is Klubba installed in one workspace (or, org-wide, one
// enterprise).
type Installation struct {
	TeamID       string    `json:"team_id,omitempty"`
	EnterpriseID string    `json:"enterprise_id,omitempty"`
	BotUserID    string    `json:"bot_user_id"`
	BotToken     string    `json:"bot_token"`
	Scope        string    `json:"scope"`
	InstalledAt  time.Time `json:"installed_at"`
}

// key is where the installation is stored: its team, or its enterprise
// for an org-wide install.
func (in Installation) key() string {
	if in.TeamID == "" {
		return "slack/enterprise/" + in.EnterpriseID
	}
	return "slack/team/" + in.TeamID
}

// linkKey is where the enterprise of a workspace is kept.
func linkKey(team string) string { return "slack/link/" + team }

// Installations keeps the installations, sealed, and a Web API client
// per installation.
//
// An org-wide install on Enterprise Grid is one installation for every
// workspace of the enterprise, stored under the enterprise; replies are
// addressed by workspace. Each request names its workspace and
// enterprise (team_id, enterprise_id), and Link keeps that pair, so that
// a workspace without an installation of its own finds its enterprise's.
type Installations struct {
	store  InstallStore
	box    *sealbox.Box
	apiURL string
	// legacy opens what was sealed before tokens had a subkey of their
	// own (see AcceptLegacy).
	legacy *sealbox.Box

	mu      sync.Mutex
	clients map[string]cachedClient // by team ID
	links   map[string]string       // enterprise ID by team ID, as kept
}

// cachedClient is a team's Web API client, with the installation it was
// made from as stored: it is used only while the store still holds that
// (another replica may have taken a reinstall or an uninstall).
type cachedClient struct {
	key    string
	sealed []byte
	client *goslack.Client
}

// NewInstallations keeps installations in store, sealed in box.
func NewInstallations(store InstallStore, box *sealbox.Box, apiURL string) *Installations {
	return &Installations{store: store, box: box, apiURL: apiURL, clients: map[string]cachedClient{}, links: map[string]string{}}
}

// Link records that a workspace belongs to an enterprise, once: what
// finds an org-wide installation from the workspace of a reply.
func (is *Installations) Link(ctx context.Context, team, enterprise string) error {
	if team == "" || enterprise == "" || team == enterprise {
		return nil
	}
	is.mu.Lock()
	known := is.links[team] == enterprise
	is.mu.Unlock()
	if known {
		return nil
	}
	k := linkKey(team)
	if err := is.store.PutInstallation(ctx, k, is.box.Seal([]byte(enterprise), []byte(k))); err != nil {
		return fmt.Errorf("link workspace %s to enterprise %s: %w", team, enterprise, err)
	}
	is.mu.Lock()
	is.links[team] = enterprise
	delete(is.clients, team) // it may have had no client before
	is.mu.Unlock()
	return nil
}

// enterpriseOf returns the enterprise a workspace was linked to, or "".
func (is *Installations) enterpriseOf(ctx context.Context, team string) (string, error) {
	is.mu.Lock()
	e, ok := is.links[team]
	is.mu.Unlock()
	if ok {
		return e, nil
	}
	k := linkKey(team)
	sealed, err := is.store.InstallationRecord(ctx, k)
	if errors.Is(err, bot.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	data, err := is.box.Open(sealed, []byte(k))
	if err != nil {
		return "", fmt.Errorf("enterprise of %s: %w", team, err)
	}
	is.mu.Lock()
	is.links[team] = string(data)
	is.mu.Unlock()
	return string(data), nil
}

// AcceptLegacy lets Get open installations sealed under box, the key
// tokens were sealed with before (KLUBBA_SECRET_KEY itself, before each
// purpose had a subkey): each is sealed anew under the current key when
// it is first read.
func (is *Installations) AcceptLegacy(box *sealbox.Box) { is.legacy = box }

// Put stores an installation, replacing the team's earlier one.
func (is *Installations) Put(ctx context.Context, in Installation) error {
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	if err := is.store.PutInstallation(ctx, in.key(), is.box.Seal(data, []byte(in.key()))); err != nil {
		return fmt.Errorf("store installation: %w", err)
	}
	is.forgetAll() // an enterprise's install serves many workspaces
	return nil
}

// Get returns the installation of a team, or of its enterprise (given,
// or linked to the team), or bot.ErrNotFound.
func (is *Installations) Get(ctx context.Context, team, enterprise string) (Installation, error) {
	in, _, _, err := is.lookup(ctx, team, enterprise)
	return in, err
}

// lookup is Get, with where the installation is stored and its sealed
// record.
func (is *Installations) lookup(ctx context.Context, team, enterprise string) (in Installation, key string, sealed []byte, err error) {
	var keys []string
	if team != "" {
		keys = append(keys, Installation{TeamID: team}.key())
		if enterprise == "" {
			e, err := is.enterpriseOf(ctx, team)
			if err != nil {
				return Installation{}, "", nil, err
			}
			enterprise = e
		}
	}
	if enterprise != "" {
		keys = append(keys, Installation{EnterpriseID: enterprise}.key())
	}
	for _, k := range keys {
		sealed, err := is.store.InstallationRecord(ctx, k)
		if errors.Is(err, bot.ErrNotFound) {
			continue
		}
		if err != nil {
			return Installation{}, "", nil, err
		}
		data, err := is.box.Open(sealed, []byte(k))
		resealed := false
		if err != nil && is.legacy != nil {
			data, err = is.legacy.Open(sealed, []byte(k))
			resealed = err == nil
		}
		if err != nil {
			return Installation{}, "", nil, fmt.Errorf("installation %s: %w (is KLUBBA_SECRET_KEY the one it was stored with?)", k, err)
		}
		if err := json.Unmarshal(data, &in); err != nil {
			return Installation{}, "", nil, fmt.Errorf("installation %s: %w", k, err)
		}
		if resealed {
			sealed = is.box.Seal(data, []byte(k))
			if err := is.store.PutInstallation(ctx, k, sealed); err != nil {
				return Installation{}, "", nil, fmt.Errorf("reseal installation %s: %w", k, err)
			}
		}
		return in, k, sealed, nil
	}
	return Installation{}, "", nil, bot.ErrNotFound
}

// Delete forgets a team's installation, and with it the token; where the
// team has none of its own, the enterprise's org-wide one. An uninstall
// of at, older than the installation (Slack retrying one from before the
// app was installed again), forgets nothing.
func (is *Installations) Delete(ctx context.Context, team, enterprise string, at time.Time) error {
	if in, _, _, err := is.lookup(ctx, team, enterprise); err == nil && !at.IsZero() && in.InstalledAt.After(at.Add(time.Second)) { // event times are in seconds
		return nil
	}
	key := Installation{EnterpriseID: enterprise}.key()
	if team != "" {
		_, err := is.store.InstallationRecord(ctx, Installation{TeamID: team}.key())
		switch {
		case err == nil || enterprise == "":
			key = Installation{TeamID: team}.key()
		case !errors.Is(err, bot.ErrNotFound):
			return err
		}
	}
	if team == "" && enterprise == "" {
		return nil
	}
	if err := is.store.DeleteInstallation(ctx, key); err != nil {
		return err
	}
	is.forgetAll()
	return nil
}

// forgetAll drops the cached clients: an installation changed.
func (is *Installations) forgetAll() {
	is.mu.Lock()
	clear(is.clients)
	is.mu.Unlock()
}

// views returns what opens and publishes views in a workspace: its
// installation's client.
func (is *Installations) views(ctx context.Context, team string) (surfaces, error) {
	return is.client(ctx, team)
}

// client returns the Web API client of a team's installation, as the
// store holds it now: the cached client is checked against the stored
// record (a read, without opening the seal) before each use.
func (is *Installations) client(ctx context.Context, team string) (*goslack.Client, error) {
	is.mu.Lock()
	c, ok := is.clients[team]
	is.mu.Unlock()
	if ok {
		sealed, err := is.store.InstallationRecord(ctx, c.key)
		switch {
		case err == nil && bytes.Equal(sealed, c.sealed):
			return c.client, nil
		case err != nil && !errors.Is(err, bot.ErrNotFound):
			return nil, fmt.Errorf("slack workspace %s: %w", team, err)
		}
	}
	in, key, sealed, err := is.lookup(ctx, team, "")
	if err != nil {
		return nil, fmt.Errorf("slack workspace %s: %w", team, err)
	}
	c = cachedClient{key: key, sealed: sealed, client: goslack.New(in.BotToken, goslack.OptionAPIURL(is.apiURL))}
	is.mu.Lock()
	is.clients[team] = c
	is.mu.Unlock()
	return c.client, nil
}

// InstallConfig configures the OAuth v2 install flow.
type InstallConfig struct {
	ClientID     string
	ClientSecret string
	// RedirectURL is this server's /slack/oauth/callback as Slack reaches it.
	RedirectURL string
	// StateKey signs the state: KLUBBA_SECRET_KEY's subkey for it
	// (sealbox.PurposeOAuthState).
	StateKey []byte
	// APIURL is the Web API's base URL, ending in /api/ (oauth.v2.access).
	APIURL string
	// AuthorizeURL is Slack's authorize page (default AuthorizeURL).
	AuthorizeURL  string
	Installations *Installations
	HTTPClient    *http.Client
	Logger        *slog.Logger
	Now           func() time.Time
}

// Installer serves the install flow.
type Installer struct {
	cfg InstallConfig

	// used are the nonces of states already used, until they expire: a
	// state is good for one install only.
	mu   sync.Mutex
	used map[string]time.Time
}

// NewInstaller returns the install flow's handlers.
func NewInstaller(cfg InstallConfig) *Installer {
	if cfg.AuthorizeURL == "" {
		cfg.AuthorizeURL = AuthorizeURL
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Installer{cfg: cfg, used: map[string]time.Time{}}
}

// Register mounts /slack/install and /slack/oauth/callback.
func (i *Installer) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /slack/install", i.install)
	mux.HandleFunc("GET /slack/oauth/callback", i.callback)
}

func (i *Installer) sign(payload string) string {
	m := hmac.New(sha256.New, i.cfg.StateKey)
	m.Write([]byte("slack-oauth-state\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// install sends the installer to Slack with a fresh state.
func (i *Installer) install(w http.ResponseWriter, r *http.Request) {
	nonce := rand.Text()
	payload := nonce + "." + strconv.FormatInt(i.cfg.Now().Add(stateTTL).Unix(), 10)
	state := payload + "." + i.sign(payload)
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: nonce, Path: "/slack/oauth", MaxAge: int(stateTTL.Seconds()),
		HttpOnly: true, Secure: strings.HasPrefix(i.cfg.RedirectURL, "https://"), SameSite: http.SameSiteLaxMode})
	q := url.Values{"client_id": {i.cfg.ClientID}, "scope": {strings.Join(BotScopes, ",")},
		"redirect_uri": {i.cfg.RedirectURL}, "state": {state}}
	http.Redirect(w, r, i.cfg.AuthorizeURL+"?"+q.Encode(), http.StatusFound)
}

// checkState verifies a state's signature, age and cookie.
func (i *Installer) checkState(r *http.Request) error {
	parts := strings.Split(r.URL.Query().Get("state"), ".")
	if len(parts) != 3 || !hmac.Equal([]byte(i.sign(parts[0]+"."+parts[1])), []byte(parts[2])) {
		return errors.New("state missing or forged")
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || i.cfg.Now().Unix() > exp {
		return errors.New("state expired")
	}
	c, err := r.Cookie(stateCookie)
	if err != nil || !hmac.Equal([]byte(c.Value), []byte(parts[0])) {
		return errors.New("state issued to another browser")
	}
	return i.useOnce(parts[0], time.Unix(exp, 0))
}

// useOnce marks a state's nonce used until it expires, refusing one used
// before. (Kept in memory: a replica that did not see the first use
// would still refuse the state once Slack has redeemed its code.)
func (i *Installer) useOnce(nonce string, expires time.Time) error {
	now := i.cfg.Now()
	i.mu.Lock()
	defer i.mu.Unlock()
	for n, exp := range i.used {
		if now.After(exp) {
			delete(i.used, n)
		}
	}
	if _, ok := i.used[nonce]; ok {
		return errors.New("state used before")
	}
	i.used[nonce] = expires
	return nil
}

var installedPage = template.Must(template.New("installed").Parse(`<!doctype html>
<meta charset="utf-8"><title>Klubba</title>
<p>Klubba is installed in {{.}}. Type <code>/klubba start</code> in a channel to begin.</p>
`))

// callback finishes an install: state checked, code exchanged, the
// installation stored.
func (i *Installer) callback(w http.ResponseWriter, r *http.Request) {
	if err := i.checkState(r); err != nil {
		i.cfg.Logger.WarnContext(r.Context(), "slack install refused", "err", err)
		http.Error(w, "This install link is invalid or has expired. Start again from the install page.", http.StatusBadRequest)
		return
	}
	if e := r.URL.Query().Get("error"); e != "" {
		http.Error(w, "The install was cancelled in Slack.", http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	resp, err := goslack.GetOAuthV2ResponseContext(ctx, i.cfg.HTTPClient, i.cfg.ClientID, i.cfg.ClientSecret,
		r.URL.Query().Get("code"), i.cfg.RedirectURL, goslack.OAuthOptionAPIURL(i.cfg.APIURL))
	if err != nil {
		i.cfg.Logger.ErrorContext(r.Context(), "slack oauth.v2.access failed", "err", err)
		http.Error(w, "Slack did not confirm the install. Try again.", http.StatusBadGateway)
		return
	}
	in := Installation{TeamID: resp.Team.ID, EnterpriseID: resp.Enterprise.ID, BotUserID: resp.BotUserID,
		BotToken: resp.AccessToken, Scope: resp.Scope, InstalledAt: i.cfg.Now().UTC()}
	if resp.IsEnterpriseInstall {
		in.TeamID = ""
	}
	if in.BotToken == "" || in.TeamID == "" && in.EnterpriseID == "" {
		http.Error(w, "Slack's answer named no workspace or token.", http.StatusBadGateway)
		return
	}
	if err := i.cfg.Installations.Put(ctx, in); err != nil {
		i.cfg.Logger.ErrorContext(r.Context(), "store slack installation", "err", err)
		http.Error(w, "Something went wrong, the organiser can find details in the logs.", http.StatusInternalServerError)
		return
	}
	i.cfg.Logger.InfoContext(r.Context(), "slack installed", "team", in.TeamID, "enterprise", in.EnterpriseID)
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: "/slack/oauth", MaxAge: -1})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	name := resp.Team.Name
	if name == "" {
		name = resp.Enterprise.Name
	}
	installedPage.Execute(w, name)
}
