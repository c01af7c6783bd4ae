package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/store/bolt"
)

// loadConfig reads the configuration file, if one is named, applies the
// environment, and then the --db flag when it is set.
func loadConfig(path string, env *Env, db string) (*config.Config, error) {
	cfg := config.Default()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open config: %w", err)
		}
		defer f.Close()
		loaded, err := config.Load(path, f)
		if err != nil {
			return nil, err
		}
		cfg = *loaded
	}
	cfg.ApplyEnv(env.Getenv)
	if db != "" {
		cfg.DB = db
	}
	return &cfg, nil
}

// app is Klubba wired together: the store and the bot on it.
type app struct {
	cfg   *config.Config
	store *bolt.Store
	bot   *bot.Bot
	log   *slog.Logger
}

// openApp opens the database and builds the bot. observe may be nil.
func openApp(cfg *config.Config, log *slog.Logger, observe func(string, string, time.Duration), clock bot.Clock, notify func()) (*app, error) {
	store, err := bolt.Open(cfg.DB)
	if errors.Is(err, bolt.ErrInUse) {
		return nil, fmt.Errorf("%w: is another klubba running on %s? (stop it, or use --db)", err, cfg.DB)
	}
	if errors.Is(err, fs.ErrPermission) || err != nil {
		return nil, err
	}
	b, err := bot.New(store, bot.Options{
		Templates: cfg.Templates, Facilitators: cfg.Facilitators, Locale: cfg.Locale,
		Logger: log, Observe: observe, Clock: clock, Notify: notify,
		Limits: bot.Limits{
			CommandsPerSecond: cfg.Limits.CommandsPerSecond, Burst: cfg.Limits.Burst,
			Title: cfg.Limits.TitleChars, Text: cfg.Limits.TextChars,
			AgendaItems: cfg.Limits.AgendaItems, Polls: cfg.Limits.Polls, Entries: cfg.Limits.MinutesEntries,
		},
	})
	if err != nil {
		store.Close()
		return nil, err
	}
	return &app{cfg: cfg, store: store, bot: b, log: log}, nil
}

// Close releases the app's resources.
func (a *app) Close() error { return a.store.Close() }
