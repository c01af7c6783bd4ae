package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/internal/sealbox"
	"github.com/klubba/klubba/store/typed"
)

// loadConfig reads the configuration file, or the built-in example when
// none is named, applies the environment, and then the --db flag when it
// is set.
func loadConfig(path string, env *Env, db string) (*config.Config, error) {
	var r io.Reader = bytes.NewReader(klubba.ExampleConfig)
	name := klubba.ExampleConfigName
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open config: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	loaded, err := config.Load(name, r, sectionKeys(env.platforms())...)
	if err != nil {
		return nil, err
	}
	cfg := *loaded
	cfg.ApplyEnv(env.Getenv)
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return nil, fmt.Errorf("log_format (KLUBBA_LOG_FORMAT) is %q; use text or json", cfg.LogFormat)
	}
	if db != "" {
		cfg.DB = db
	}
	return &cfg, nil
}

// app is Klubba wired together: the store and the bot on it.
type app struct {
	cfg   *config.Config
	store *typed.Store
	bot   *bot.Bot
	log   *slog.Logger
	// changed is told of each committed change to a meeting (the live
	// board's doorbell); set it before the app runs, see boardServer.
	changed func(meetingID string)
	// readiness are the platforms' Ready checks, asked by /readyz.
	readiness []func(context.Context) error
	// following is set while another replica leads (a store shared by
	// replicas): delivery runs there, so its health is not asked here.
	following atomic.Bool
}

// openApp opens the database and builds the bot. observe may be nil.
func openApp(cfg *config.Config, log *slog.Logger, observe func(string, string, time.Duration), clock bot.Clock, notify func()) (*app, error) {
	return openAppWith(cfg, log, observe, clock, notify, nil)
}

// openAppWith is openApp with random as the bot's source of shuffles
// (nil for crypto/rand).
func openAppWith(cfg *config.Config, log *slog.Logger, observe func(string, string, time.Duration), clock bot.Clock, notify func(), random io.Reader) (*app, error) {
	pseudonymKey, err := pseudonymKey(cfg)
	if err != nil {
		return nil, err
	}
	store, err := openStore(cfg, log)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, store: store, log: log}
	zone, err := workspaceZone(cfg)
	if err != nil {
		store.Close()
		return nil, err
	}
	b, err := bot.New(store, bot.Options{
		Codec: templateCodec{}, TimeZone: zone,
		Templates: cfg.Templates, Facilitators: cfg.Facilitators, Locale: cfg.Locale,
		Logger: log, Observe: observe, Clock: clock, Notify: notify, Random: random,
		Limits: bot.Limits{
			CommandsPerSecond: cfg.Limits.CommandsPerSecond, Burst: cfg.Limits.Burst,
			Title: cfg.Limits.TitleChars, Text: cfg.Limits.TextChars,
			AgendaItems: cfg.Limits.AgendaItems, Polls: cfg.Limits.Polls, Entries: cfg.Limits.MinutesEntries,
			Ideas: cfg.Limits.Ideas, MeetingsPerHour: cfg.Limits.MeetingsPerHour,
		},
		PseudonymKey: pseudonymKey,
		PublicURL:    cfg.PublicURL, Changed: func(id string) {
			if a.changed != nil {
				a.changed(id)
			}
		},
	})
	if err != nil {
		store.Close()
		return nil, err
	}
	a.bot = b
	return a, nil
}

// pseudonymKey is the subkey of KLUBBA_SECRET_KEY that keys the
// pseudonyms of anonymous flags and dots, or nil when no key is set.
func pseudonymKey(cfg *config.Config) ([]byte, error) {
	if cfg.Secrets.SecretKey == "" {
		return nil, nil
	}
	master, err := sealbox.ParseKey(cfg.Secrets.SecretKey.Reveal())
	if err != nil {
		return nil, fmt.Errorf("KLUBBA_SECRET_KEY: %w", err)
	}
	return sealbox.Subkey(master, sealbox.PurposePseudonyms)
}

// openExisting is openApp for commands that read what meetings left
// behind (minutes): it never creates a database.
func openExisting(cfg *config.Config, log *slog.Logger) (*app, error) {
	if cfg.Store.Kind == "bolt" {
		if err := mustExist(cfg.DB); err != nil {
			return nil, err
		}
	}
	return openApp(cfg, log, nil, bot.SystemClock{}, nil)
}

// mustExist refuses a database file that isn't there, naming the fix.
func mustExist(db string) error {
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no database at %s: run a meeting first (klubba console), or name the file with --db", db)
	} else if err != nil {
		return err
	}
	return nil
}

// Close releases the app's resources.
func (a *app) Close() error { return a.store.Close() }
