// Package platform is what a chat platform (Slack, Teams, …) is to
// klubba serve: a Module that, given its own section of the
// configuration file and the shared pieces (the bot, the store, the
// clock, the logger), builds a running front end with endpoints,
// workers and a readiness check.
//
// A platform is one package that exports a Module, plus one line in
// cmd/klubba/platforms.go. serve knows no platform by name: it offers
// each module its section and runs what the modules build. Modules are
// listed explicitly rather than registered from init() (caddy's
// RegisterModule) because Klubba keeps no package-level mutable state;
// the list is a value, so a test can run serve with a platform of its
// own (cmd/klubba's webhook_test.go runs internal/webhook that way).
//
// Adding a platform:
//   - a package under adapters/ whose Module names the platform; the
//     name is its section key, its channels' prefix ("name:…") and its
//     line in the outbox;
//   - New decodes its section with Section.Decode, reads its secrets
//     with Deps.Getenv (never from the file), returns nil when they leave
//     it off, and builds a Platform whose handlers call the bot with
//     channels prefixed by the name and ring Notify after each command;
//   - Check validates the same settings for klubba check;
//   - a line in cmd/klubba/platforms.go, and its imports in deps_test.go.
package platform

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
)

// Module is a platform klubba serve can run.
type Module struct {
	// Name is the platform's name: the key of its section in the
	// configuration file, its line in the outbox and its label in the
	// metrics ("slack").
	Name string
	// Hint says how to turn the platform on, for the log when no
	// platform is ("KLUBBA_SLACK_SIGNING_SECRET and KLUBBA_SLACK_BOT_TOKEN").
	Hint string
	// Check decodes and validates the module's settings without starting
	// anything, for klubba check. Nil checks nothing.
	Check func(Section, func(string) string) error
	// New builds the platform, or returns nil and no error when its
	// settings leave it off. An error is a misconfiguration that must stop
	// serve (a credential set and another missing, say).
	New func(Deps) (Platform, error)
}

// Section is a module's part of the configuration file, decoded by the
// module itself.
type Section interface {
	// Decode decodes the section into v, a pointer to a struct with yaml
	// tags; unknown keys are errors, reported with the file and line. An
	// absent section leaves v as it is (its defaults).
	Decode(v any) error
	// Invalid reports a bad value of field (a key of the section, such as
	// "mode") with the file and line where it is written.
	Invalid(field, format string, args ...any) error
}

// Deps are what serve shares with the platforms.
type Deps struct {
	// Section is the module's part of the configuration file.
	Section Section
	// Getenv reads the environment (the platform's KLUBBA_ variables and
	// secrets, which never come from the file).
	Getenv func(string) string
	// PublicURL is where people reach this server, or "".
	PublicURL string
	Bot       *bot.Bot
	Store     Store
	// Keys is the platform's own key space in the store, named after it.
	Keys   KeySpace
	Clock  bot.Clock
	Logger *slog.Logger
}

// Store is the part of the store that platforms use: the outbox, and
// the sealed credentials of installations in many workspaces.
type Store interface {
	delivery.Store
	PutInstallation(ctx context.Context, key string, sealed []byte) error
	InstallationRecord(ctx context.Context, key string) ([]byte, error)
	DeleteInstallation(ctx context.Context, key string) error
}

// KeySpace is a platform's own strings in the store, such as its
// conversation references.
type KeySpace interface {
	Get(ctx context.Context, key string) (string, error)
	Put(ctx context.Context, key, value string) error
}

// Platform is a running platform's front end.
type Platform interface {
	// Register mounts the platform's endpoints on mux.
	Register(mux *http.ServeMux)
	// Run runs the platform's workers (delivery of the outbox, at least)
	// until ctx ends; on a store shared by replicas, only on the leader.
	Run(ctx context.Context) error
	// Notify tells the delivery worker that the outbox has news.
	Notify()
	// Deliverer is the delivery worker, whose failures serve counts.
	Deliverer() *delivery.Deliverer
	// Ready reports what would stop the platform working now: refused
	// credentials, signing keys that cannot be had, delivery wedged.
	Ready(ctx context.Context) error
}
