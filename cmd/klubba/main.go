// Command klubba runs the Klubba meeting bot: the HTTP server, a console
// meeting, and the tools around them (check, minutes, backup).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/alecthomas/kong"
	"github.com/klubba/klubba/platform"
)

// CLI is the command line.
type CLI struct {
	Config string `help:"Configuration file (YAML); see config.example.yaml, which is built in and used when none is given." type:"path" env:"KLUBBA_CONFIG" placeholder:"FILE"`

	Serve   ServeCmd   `cmd:"" help:"Run the HTTP server: the Slack endpoints (/slack/commands, /slack/interactions, /slack/events) or Socket Mode, the Teams endpoint (/api/messages), each when configured; the live board (/board/TOKEN); /healthz, /readyz, /metrics and /admin/backup."`
	Console ConsoleCmd `cmd:"" help:"Run a meeting in the terminal, interactively or from a script."`
	Check   CheckCmd   `cmd:"" help:"Validate a configuration and its templates."`
	Minutes MinutesCmd `cmd:"" help:"Write a meeting's minutes: Markdown, PDF or Word (--format), to standard output or a file (-o)."`
	Backup  BackupCmd  `cmd:"" help:"Write a consistent copy of the database, also while Klubba runs."`
	Report  ReportCmd  `cmd:"" help:"Print the facilitator's report: check-outs, overrun and who spoke, across meetings."`

	TeamsPackage TeamsPackageCmd `cmd:"" name:"teams-package" help:"Write the Teams app package (manifest and icons, zipped)."`
}

// Env is what commands get from main: streams and the environment.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Platforms are the chat platforms serve may run; nil means the
	// built-in ones (builtinPlatforms).
	Platforms []platform.Module
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Args: os.Args[1:], Env: Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}}
	code := m.Run(ctx)
	stop()
	os.Exit(code)
}

// Main is the whole program, in process: main builds one from the
// process's arguments, streams and environment and runs it; end-to-end
// tests build their own and run it beside themselves. Run runs the
// command until it ends, its context ends or Close is called; serve then
// shuts down as on SIGTERM, closing what it opened in reverse order.
type Main struct {
	Args []string
	Env  Env

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returns
	closed bool
}

// Run parses Args and runs the chosen command; it returns the exit status.
func (m *Main) Run(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m.mu.Lock()
	if m.closed || m.done != nil {
		m.mu.Unlock()
		return 1
	}
	m.cancel, m.done = cancel, make(chan struct{})
	m.mu.Unlock()
	defer close(m.done)
	return run(ctx, m.Args, m.Env)
}

// Close stops a running Run and waits until it has returned.
func (m *Main) Close() error {
	m.mu.Lock()
	m.closed = true
	cancel, done := m.cancel, m.done
	m.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	return nil
}

// run parses args and runs the chosen command; it returns the exit status.
func run(ctx context.Context, args []string, env Env) int {
	var cli CLI
	exit := -1
	parser, err := kong.New(&cli,
		kong.Name("klubba"),
		kong.Description("Klubba facilitates meetings in Slack, Teams and the terminal."),
		kong.Writers(env.Stdout, env.Stderr),
		kong.Exit(func(code int) { exit = code; panic(exitPanic{}) }),
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Bind(&env),
		kong.Resolvers(envResolver{env.Getenv}),
	)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return 2
	}
	kctx, code, done := parse(parser, args, &exit)
	if done {
		return code
	}
	if err := kctx.Run(&cli); err != nil {
		var silent silentError
		if !errors.As(err, &silent) {
			fmt.Fprintf(env.Stderr, "klubba: %v\n", err)
		}
		return 1
	}
	return 0
}

// envResolver gives flags with an env tag (KLUBBA_DB, say) their value
// from Env.Getenv rather than from the process's environment, so that a
// Main run in process sees the environment it was given. A flag on the
// command line still wins.
type envResolver struct{ getenv func(string) string }

func (envResolver) Validate(*kong.Application) error { return nil }

func (r envResolver) Resolve(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
	if r.getenv == nil {
		return nil, nil
	}
	for _, name := range flag.Envs {
		if v := r.getenv(name); v != "" {
			return v, nil
		}
	}
	return nil, nil
}

// exitPanic carries kong's request to exit (after --help, say) out of Parse.
type exitPanic struct{}

// parse runs kong's parser, turning its exits and errors into a status.
func parse(parser *kong.Kong, args []string, exit *int) (kctx *kong.Context, code int, done bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(exitPanic); !ok {
				panic(r)
			}
			kctx, code, done = nil, *exit, true
		}
	}()
	kctx, err := parser.Parse(args)
	if err != nil {
		parser.Errorf("%s", err)
		var pe *kong.ParseError
		if errors.As(err, &pe) {
			pe.Context.PrintUsage(true)
		}
		return nil, 2, true
	}
	return kctx, 0, false
}

// silentError is an error already reported to the user.
type silentError struct{ error }

// newLogger returns a logger at level: JSON lines for format "json",
// text otherwise.
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
