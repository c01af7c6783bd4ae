package teams

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/internal/httpguard"
	"github.com/klubba/klubba/platform"
)

// Config is what cmd/klubba passes to start the Teams front end.
type Config struct {
	AppID             string
	AppPassword       string
	TenantID          string
	OpenIDMetadataURL string // default: the public cloud's
	TokenURL          string // default: the tenant's single-tenant endpoint
	Bot               Handler
	Store             delivery.Store
	// Keys is the adapter's own key space (conversation references,
	// personal chats, users' Bot Framework IDs).
	Keys   platform.KeySpace
	Clock  bot.Clock
	Logger *slog.Logger
	// HTTPClient makes the outbound calls (tokens, connector, keys).
	HTTPClient *http.Client

	// The meeting tab (tab.go). SSOResource is the application ID URI
	// of the app's webApplicationInfo (api://host/app-id), an audience
	// the tab's SSO tokens may have besides the app ID. AADMetadataURL
	// is the tenant's Entra OpenID metadata (default: the public
	// cloud's); TeamsJSURL the Teams JS SDK the tab loads.
	SSOResource    string
	AADMetadataURL string
	TeamsJSURL     string
	// PublicURL is where Teams reaches `klubba serve` (https://host): the
	// meeting tab's page, which in-meeting notifications show.
	PublicURL string
	// AllowDownload says where an attached file may be fetched from:
	// https on SharePoint and OneDrive if nil. Tests point it at a fake.
	AllowDownload func(url string) bool
}

// App is the running Teams front end.
type App struct {
	server  *Server
	deliver *delivery.Deliverer
	tab     *tab // nil if the bot cannot show its board
}

// needs names the settings a Teams front end cannot run without: the
// app's ID and password, and its tenant (a single-tenant bot refuses
// every other tenant's activities by it).
func needs(appID, password, tenant string) error {
	var missing []string
	for _, need := range [][2]string{{"KLUBBA_TEAMS_APP_ID", appID}, {"KLUBBA_TEAMS_APP_PASSWORD", password}, {"KLUBBA_TEAMS_TENANT_ID", tenant}} {
		if need[1] == "" {
			missing = append(missing, need[0])
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("teams needs %s", strings.Join(missing, " and "))
	}
	return nil
}

// New checks cfg and builds the Teams front end.
func New(cfg Config) (*App, error) {
	if err := needs(cfg.AppID, cfg.AppPassword, cfg.TenantID); err != nil {
		return nil, err
	}
	if cfg.Keys == nil {
		return nil, errors.New("teams needs a key space in the store (Config.Keys)")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	connector := NewConnector(cfg.AppID, cfg.AppPassword, cfg.TenantID, cfg.TokenURL, cfg.Keys, cfg.HTTPClient)
	snd := sender{c: connector, now: cfg.Clock.Now}
	if base, _, ok := tabBase(cfg.PublicURL); ok {
		if _, ok := cfg.Bot.(boardBot); ok {
			snd.tabURL = base + "/teams/tab"
		}
	}
	snd.notice, _ = cfg.Bot.(noticer)
	a := &App{deliver: delivery.New(Platform, cfg.Store, snd, cfg.Bot, cfg.Clock, cfg.Logger)}
	a.server = &Server{
		bot: cfg.Bot, connector: connector, notify: a.deliver.Notify, log: cfg.Logger, known: map[string]ConversationRef{}, aad: map[string]string{},
		tenant: cfg.TenantID, bodies: httpguard.NewReader(), rejected: &httpguard.Sampler{Log: cfg.Logger, Every: time.Second},
		sampled:   &httpguard.Sampler{Log: cfg.Logger, Every: time.Second},
		validator: NewValidator(cfg.AppID, cfg.TenantID, cfg.OpenIDMetadataURL, cfg.HTTPClient, cfg.Clock.Now),
		uploads:   cfg.HTTPClient, // without the bot's token: it goes to the user's OneDrive
		downloads: cfg.AllowDownload,
	}
	if a.server.downloads == nil {
		a.server.downloads = fileHost
	}
	if bb, ok := cfg.Bot.(boardBot); ok {
		a.tab = &tab{bot: bb, connector: connector, notify: a.deliver.Notify, now: cfg.Clock.Now, members: map[string]time.Time{},
			teamsJS: cmp.Or(cfg.TeamsJSURL, DefaultTeamsJSURL), words: a.server.notice,
			sso: newSSOValidator(cfg.AppID, cfg.TenantID, cfg.SSOResource, cfg.AADMetadataURL, cfg.HTTPClient, cfg.Clock.Now)}
		a.tab.notSignedIn = a.server.notice(context.Background(), "", "TabNotSignedIn")
	}
	return a, nil
}

// Register mounts POST /api/messages on mux, and the meeting tab's pages
// under /teams/tab.
func (a *App) Register(mux *http.ServeMux) {
	mux.Handle("POST /api/messages", a.server)
	if a.tab != nil {
		a.tab.register(mux)
	}
}

// Notify tells the delivery worker that the outbox has news.
func (a *App) Notify() { a.deliver.Notify() }

// Deliverer is the delivery worker, for tests that drive it round by round.
func (a *App) Deliverer() *delivery.Deliverer { return a.deliver }

// Run delivers the outbox until ctx ends.
func (a *App) Run(ctx context.Context) error {
	defer a.server.validator.Close()
	if err := a.deliver.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
