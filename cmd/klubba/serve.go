package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/internal/httpguard"
	"github.com/klubba/klubba/platform"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/bolt"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"
)

// shutdownGrace is how long in-flight requests get to finish on SIGTERM.
const shutdownGrace = 10 * time.Second

// backupTimeout bounds sending a backup over /admin/backup.
const backupTimeout = 30 * time.Minute

// ServeCmd runs the HTTP server.
type ServeCmd struct {
	Listen string `help:"Address to listen on (default from the config, else :8080)." env:"KLUBBA_LISTEN" placeholder:"ADDR"`
	DB     string `help:"Database file." env:"KLUBBA_DB" placeholder:"FILE"`
	// LogFormat overrides the config's log_format (KLUBBA_LOG_FORMAT
	// reaches it through the config).
	LogFormat string `help:"Log format: text or json (default from the config, else text)." enum:",text,json" default:"" placeholder:"FORMAT"`
}

// metrics are the server's Prometheus metrics.
type metrics struct {
	commands *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	failures *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer, depth func() (int, error)) *metrics {
	m := &metrics{
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "klubba_commands_total", Help: "Commands handled, by command and result (ok, refused, error).",
		}, []string{"command", "result"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "klubba_command_duration_seconds", Help: "Time to handle a command, store transaction included.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 3},
		}, []string{"command"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "klubba_delivery_failures_total", Help: "Failed deliveries to a platform, by platform and kind (transient are retried).",
		}, []string{"platform", "kind"}),
	}
	reg.MustRegister(m.commands, m.latency, m.failures,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "klubba_outbox_depth", Help: "Replies waiting in the outbox."},
			func() float64 {
				n, err := depth()
				if err != nil {
					return -1
				}
				return float64(n)
			}),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(command, result string, d time.Duration) {
	m.commands.WithLabelValues(command, result).Inc()
	m.latency.WithLabelValues(command).Observe(d.Seconds())
}

// Run serves until ctx is done (SIGINT or SIGTERM), then shuts down gracefully.
func (c *ServeCmd) Run(ctx context.Context, cli *CLI, env *Env) error {
	cfg, err := loadConfig(cli.Config, env, c.DB)
	if err != nil {
		return err
	}
	var ready atomic.Bool
	if c.Listen != "" {
		cfg.Listen = c.Listen
	}
	if c.LogFormat != "" {
		cfg.LogFormat = c.LogFormat
	}
	log := newLogger(env.Stderr, cfg.LogLevel, cfg.LogFormat)
	reg := prometheus.NewRegistry()
	var a *app
	m := newMetrics(reg, func() (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
		defer cancel()
		return a.store.OutboxDepth(ctx)
	})
	var platforms []platform.Platform
	notify := func() {
		for _, p := range platforms {
			p.Notify()
		}
	}
	a, err = openApp(cfg, log, m.observe, bot.SystemClock{}, notify)
	if err != nil {
		return err
	}
	defer a.Close()
	// A damaged file is reported now, with the way to repair it, rather
	// than found page by page while serving.
	if err := checkStart(a.store); err != nil {
		return err
	}
	mux := a.routes(reg, &ready)
	board, err := a.registerBoard(mux)
	if err != nil {
		return err
	}
	var on []string
	for _, mod := range env.platforms() {
		p, err := mod.New(platform.Deps{Section: cfg.Section(mod.Name), Getenv: env.Getenv, PublicURL: cfg.PublicURL,
			Bot: a.bot, Store: a.store, Keys: a.store.Space(mod.Name), Clock: bot.SystemClock{}, Logger: log})
		if err != nil {
			return err
		}
		if p == nil {
			continue // not configured
		}
		p.Register(mux)
		m.countFailures(mod.Name, p)
		platforms = append(platforms, p)
		a.readiness = append(a.readiness, p.Ready)
		on = append(on, mod.Name)
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	srv := httpguard.NewServer(mux, log)
	srv.RegisterOnShutdown(board.Close) // open boards' streams never go idle
	log.Info("serving", "addr", ln.Addr().String(), "db", cfg.DB, "templates", len(cfg.Templates),
		"platforms", platformsOn(on, env.platforms()), "admin_backup", cfg.Secrets.AdminToken != "")
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		ready.Store(true)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	})
	g.Go(func() error { return a.runWorkers(gctx, platforms, notify) })
	g.Go(func() error {
		<-gctx.Done()
		ready.Store(false)
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	return g.Wait()
}

// runWorkers runs the scheduler and the platforms' workers: here, or,
// on a store shared by replicas, only while this replica is the elected
// leader (docs/architecture.md, "Beyond one machine").
func (a *app) runWorkers(ctx context.Context, platforms []platform.Platform, notify func()) error {
	work := func(ctx context.Context) error {
		g, ctx := errgroup.WithContext(ctx)
		g.Go(func() error { return a.bot.RunScheduler(ctx) })
		if a.cfg.Retention.Days > 0 {
			g.Go(func() error { return a.runRetention(ctx) })
		}
		for _, p := range platforms {
			g.Go(func() error { return p.Run(ctx) })
		}
		return g.Wait()
	}
	l, ok := a.store.Backend().(store.Leader)
	if !ok {
		return work(ctx)
	}
	a.following.Store(true)
	return l.Lead(ctx, "workers", "", func(ctx context.Context) error {
		a.log.Info("leading: running the scheduler and delivery")
		a.following.Store(false)
		defer a.following.Store(true)
		defer a.log.Info("no longer leading: scheduler and delivery stopped")
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// Timers and replies that other replicas store wake ours.
		go a.store.Watch(wctx, a.bot.WakeScheduler, notify)
		return work(ctx)
	})
}

// countFailures feeds a platform's delivery failures to the metrics.
func (m *metrics) countFailures(name string, p platform.Platform) {
	p.Deliverer().OnFailure(func(transient bool) {
		kind := "final"
		if transient {
			kind = "transient"
		}
		m.failures.WithLabelValues(name, kind).Inc()
	})
}

// routes is the server's HTTP API.
func (a *app) routes(reg *prometheus.Registry, ready *atomic.Bool) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if _, err := a.store.OutboxDepth(ctx); err != nil {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := a.platformsReady(r.Context()); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("GET /admin/backup", a.serveBackup)
	return mux
}

// serveBackup streams a consistent copy of the database to a caller that
// presents the admin token; without a configured token it is off.
func (a *app) serveBackup(w http.ResponseWriter, r *http.Request) {
	token := a.cfg.Secrets.AdminToken.Reveal()
	got, ok := bearer(r)
	if token == "" || !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	// A backup may take longer to send than the server's WriteTimeout.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(backupTimeout))
	if _, err := backup(r.Context(), a.store, w); errors.Is(err, bolt.ErrSecretPollOpen) || errors.Is(err, errBackupEtcd) {
		http.Error(w, err.Error(), http.StatusConflict) // nothing was written yet
	} else if err != nil {
		a.log.ErrorContext(r.Context(), "backup failed", "err", err)
	}
}

func bearer(r *http.Request) (string, bool) {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return "", false
	}
	return h[len(prefix):], true
}
