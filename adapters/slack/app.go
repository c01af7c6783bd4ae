package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/internal/sealbox"
	goslack "github.com/slack-go/slack"
	"golang.org/x/sync/errgroup"
)

// Config is what cmd/klubba passes to start the Slack front end.
type Config struct {
	// Mode is "http" (endpoints under /slack/) or "socket" (Socket Mode).
	Mode          string
	SigningSecret string // needed in http mode
	BotToken      string // xoxb-...
	AppToken      string // xapp-..., needed in socket mode
	// APIURL is the Web API's base URL, ending in /api/.
	APIURL string
	Bot    Handler
	Store  delivery.Store
	Clock  bot.Clock
	Logger *slog.Logger

	// Many workspaces (install.go): with a ClientID, Klubba is installed
	// through OAuth v2 in any number of workspaces and BotToken is not
	// used.
	ClientID, ClientSecret string
	// RedirectURL is this server's /slack/oauth/callback as Slack reaches it.
	RedirectURL string
	// SecretKey is KLUBBA_SECRET_KEY: subkeys of it seal the
	// installations' tokens and sign the install state.
	SecretKey []byte
	// Installs keeps the installations.
	Installs InstallStore

	// AllowResponseURL says which response URLs may be called: Slack's
	// own if nil (benchmarks point them at a fake Slack).
	AllowResponseURL func(url string) bool
}

// App is the running Slack front end.
type App struct {
	server  *Server
	deliver *delivery.Deliverer
	names   *Names
	api     *goslack.Client
	socket  bool
	now     func() time.Time
	auth    authCheck
	// many is set with many workspaces: installer serves the install flow.
	many      bool
	installer *Installer
}

// New checks cfg and builds the Slack front end.
func New(cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	var missing []string
	many := cfg.ClientID != ""
	switch {
	case many:
		if cfg.ClientSecret == "" {
			missing = append(missing, "KLUBBA_SLACK_CLIENT_SECRET")
		}
		if len(cfg.SecretKey) == 0 {
			missing = append(missing, "KLUBBA_SECRET_KEY")
		}
		if cfg.Mode != "http" {
			return nil, errors.New("slack with many workspaces (KLUBBA_SLACK_CLIENT_ID) needs http mode")
		}
	case cfg.BotToken == "":
		missing = append(missing, "KLUBBA_SLACK_BOT_TOKEN")
	}
	switch cfg.Mode {
	case "http":
		if cfg.SigningSecret == "" {
			missing = append(missing, "KLUBBA_SLACK_SIGNING_SECRET")
		}
	case "socket":
		if cfg.AppToken == "" {
			missing = append(missing, "KLUBBA_SLACK_APP_TOKEN")
		}
	default:
		return nil, fmt.Errorf("slack mode %q: use http or socket", cfg.Mode)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("slack in %s mode needs %s", cfg.Mode, strings.Join(missing, " and "))
	}
	opts := []goslack.Option{goslack.OptionAPIURL(cfg.APIURL)}
	if cfg.AppToken != "" {
		opts = append(opts, goslack.OptionAppLevelToken(cfg.AppToken))
	}
	api := goslack.New(cfg.BotToken, opts...)
	a := &App{api: api, socket: cfg.Mode == "socket", now: cfg.Clock.Now, many: many}
	a.names = NewNames(api, cfg.Logger, cfg.Clock.Now)
	callers := NewCallers(nil, cfg.Clock.Now)
	if cfg.AllowResponseURL != nil {
		callers.allow = cfg.AllowResponseURL
	}
	so := Options{Bot: cfg.Bot, SigningSecret: cfg.SigningSecret, Names: a.names, Logger: cfg.Logger, Now: cfg.Clock.Now,
		Callers: callers, Views: api, AllowResponseURL: cfg.AllowResponseURL, APIURL: cfg.APIURL}
	if many {
		// Each use of the key gets a subkey of its own; tokens sealed under
		// the key itself, before, still open and are sealed anew.
		legacy, err := sealbox.New(cfg.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("KLUBBA_SECRET_KEY: %w", err)
		}
		tokenKey, err := sealbox.Subkey(cfg.SecretKey, sealbox.PurposeTokens)
		if err != nil {
			return nil, fmt.Errorf("KLUBBA_SECRET_KEY: %w", err)
		}
		stateKey, err := sealbox.Subkey(cfg.SecretKey, sealbox.PurposeOAuthState)
		if err != nil {
			return nil, fmt.Errorf("KLUBBA_SECRET_KEY: %w", err)
		}
		box, err := sealbox.New(tokenKey)
		if err != nil {
			return nil, fmt.Errorf("KLUBBA_SECRET_KEY: %w", err)
		}
		is := NewInstallations(cfg.Installs, box, cfg.APIURL)
		is.AcceptLegacy(legacy)
		so.Workspaces, so.Views = is, nil
		a.names = NewWorkspaceNames(func(ctx context.Context, team string) (userInfo, error) { return is.client(ctx, team) },
			cfg.Logger, cfg.Clock.Now)
		so.Names = a.names
		a.installer = NewInstaller(InstallConfig{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			StateKey: stateKey, APIURL: cfg.APIURL, Installations: is, Logger: cfg.Logger, Now: cfg.Clock.Now})
		a.deliver = newWorkspacesDeliverer(cfg.Store, is, cfg.Bot, cfg.Clock, cfg.Logger, callers)
		so.Uninstalled = func(ctx context.Context, team, enterprise string, at time.Time) error {
			cfg.Logger.InfoContext(ctx, "slack uninstalled: token forgotten, meetings kept", "team", team, "enterprise", enterprise)
			return is.Delete(ctx, team, enterprise, at)
		}
	} else {
		a.deliver = newDeliverer(cfg.Store, api, cfg.Bot, cfg.Clock, cfg.Logger, callers)
	}
	so.Delivered = a.deliver.Notify
	a.server = NewServer(so)
	return a, nil
}

// Register mounts the HTTP endpoints on mux; in socket mode there are none.
func (a *App) Register(mux *http.ServeMux) {
	if !a.socket {
		a.server.Register(mux)
	}
	if a.installer != nil {
		a.installer.Register(mux)
	}
}

// Deliverer is the delivery worker.
func (a *App) Deliverer() *delivery.Deliverer { return a.deliver }

// Notify tells the delivery worker that the outbox has news (timers).
func (a *App) Notify() { a.deliver.Notify() }

// Run delivers the outbox, resolves names and, in socket mode, serves the
// WebSocket, until ctx ends.
func (a *App) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.deliver.Run(ctx) })
	g.Go(func() error { a.names.Run(ctx); return nil })
	if a.socket {
		g.Go(func() error { return a.server.RunSocket(ctx, NewSocketClient(a.api)) })
	}
	err := g.Wait()
	// The answers to the last clicks, each bounded by AnswerTimeout.
	drain, cancel := context.WithTimeout(context.WithoutCancel(ctx), AnswerTimeout)
	defer cancel()
	if derr := a.server.Drain(drain); derr != nil {
		a.server.opt.Logger.Warn("stop answering clicks", "err", derr)
	}
	a.server.Stop()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
