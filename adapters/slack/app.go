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
}

// New checks cfg and builds the Slack front end.
func New(cfg Config) (*App, error) {
	var missing []string
	if cfg.BotToken == "" {
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
	a := &App{api: api, socket: cfg.Mode == "socket", now: cfg.Clock.Now}
	a.names = NewNames(api, cfg.Logger, cfg.Clock.Now)
	callers := NewCallers(nil, cfg.Clock.Now)
	a.deliver = newDeliverer(cfg.Store, api, cfg.Bot, cfg.Clock, cfg.Logger, callers)
	a.server = NewServer(Options{Bot: cfg.Bot, SigningSecret: cfg.SigningSecret, Names: a.names,
		Delivered: a.deliver.Notify, Logger: cfg.Logger, Now: cfg.Clock.Now, Callers: callers, Views: api})
	return a, nil
}

// Register mounts the HTTP endpoints on mux; in socket mode there are none.
func (a *App) Register(mux *http.ServeMux) {
	if !a.socket {
		a.server.Register(mux)
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
	if err := g.Wait(); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
