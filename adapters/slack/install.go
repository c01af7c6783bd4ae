package slack

import (
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

// Many workspaces (DESIGN §6.1). Besides one bot token for one workspace,
// Klubba can be installed in many through Slack's OAuth v2 flow:
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

// BotScopes are the bot scopes Klubba asks for (see the app manifest).
var BotScopes = []string{"commands", "chat:write", "app_mentions:read", "users:read", "files:write", "im:write"}

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

// Installations keeps the installations, sealed, and a Web API client
// per installation.
type Installations struct {
	store  InstallStore
	box    *sealbox.Box
	apiURL string

	mu      sync.Mutex
	clients map[string]*goslack.Client // by team ID
}

// NewInstallations keeps installations in store, sealed in box.
func NewInstallations(store InstallStore, box *sealbox.Box, apiURL string) *Installations {
	return &Installations{store: store, box: box, apiURL: apiURL, clients: map[string]*goslack.Client{}}
}

// Put stores an installation, replacing the team's earlier one.
func (is *Installations) Put(ctx context.Context, in Installation) error {
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	if err := is.store.PutInstallation(ctx, in.key(), is.box.Seal(data, []byte(in.key()))); err != nil {
		return fmt.Errorf("store installation: %w", err)
	}
	is.forget(in.TeamID)
	return nil
}

// Get returns the installation of a team, or of its enterprise, or
// bot.ErrNotFound.
func (is *Installations) Get(ctx context.Context, team, enterprise string) (Installation, error) {
	keys := []string{Installation{TeamID: team}.key()}
	if enterprise != "" {
		keys = append(keys, Installation{EnterpriseID: enterprise}.key())
	}
	for _, k := range keys {
		sealed, err := is.store.InstallationRecord(ctx, k)
		if errors.Is(err, bot.ErrNotFound) {
			continue
		}
		if err != nil {
			return Installation{}, err
		}
		data, err := is.box.Open(sealed, []byte(k))
		if err != nil {
			return Installation{}, fmt.Errorf("installation %s: %w (is KLUBBA_SECRET_KEY the one it was stored with?)", k, err)
		}
		var in Installation
		if err := json.Unmarshal(data, &in); err != nil {
			return Installation{}, fmt.Errorf("installation %s: %w", k, err)
		}
		return in, nil
	}
	return Installation{}, bot.ErrNotFound
}

// Delete forgets a team's installation (or an enterprise's, for an
// org-wide one), and with it the token.
func (is *Installations) Delete(ctx context.Context, team, enterprise string) error {
	for _, in := range []Installation{{TeamID: team}, {EnterpriseID: enterprise}} {
		if in.TeamID == "" && in.EnterpriseID == "" {
			continue
		}
		if err := is.store.DeleteInstallation(ctx, in.key()); err != nil {
			return err
		}
	}
	is.forget(team)
	return nil
}

func (is *Installations) forget(team string) {
	is.mu.Lock()
	delete(is.clients, team)
	is.mu.Unlock()
}

// client returns the Web API client of a team's installation.
func (is *Installations) client(ctx context.Context, team string) (*goslack.Client, error) {
	is.mu.Lock()
	c, ok := is.clients[team]
	is.mu.Unlock()
	if ok {
		return c, nil
	}
	in, err := is.Get(ctx, team, "")
	if err != nil {
		return nil, fmt.Errorf("slack workspace %s: %w", team, err)
	}
	c = goslack.New(in.BotToken, goslack.OptionAPIURL(is.apiURL))
	is.mu.Lock()
	is.clients[team] = c
	is.mu.Unlock()
	return c, nil
}

// InstallConfig configures the OAuth v2 install flow.
type InstallConfig struct {
	ClientID     string
	ClientSecret string
	// RedirectURL is this server's /slack/oauth/callback as Slack reaches it.
	RedirectURL string
	// StateKey signs the state (KLUBBA_SECRET_KEY serves).
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
type Installer struct{ cfg InstallConfig }

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
	return &Installer{cfg: cfg}
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
