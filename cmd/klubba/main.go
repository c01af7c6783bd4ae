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
	"syscall"

	"github.com/alecthomas/kong"
)

// CLI is the command line.
type CLI struct {
	Config string `help:"Configuration file (YAML); see config.example.yaml, which is built in and used when none is given." type:"path" env:"KLUBBA_CONFIG" placeholder:"FILE"`

	Serve   ServeCmd   `cmd:"" help:"Run the HTTP server: the Slack endpoints (/slack/commands, /slack/interactions, /slack/events) or Socket Mode, the Teams endpoint (/api/messages), each when configured; the live board (/board/TOKEN); /healthz, /readyz, /metrics and /admin/backup."`
	Console ConsoleCmd `cmd:"" help:"Run a meeting in the terminal, interactively or from a script."`
	Check   CheckCmd   `cmd:"" help:"Validate a configuration and its templates."`
	Minutes MinutesCmd `cmd:"" help:"Print a meeting's minutes as Markdown."`
	Backup  BackupCmd  `cmd:"" help:"Write a consistent copy of the database, also while Klubba runs."`
	Report  ReportCmd  `cmd:"" help:"Print the facilitator's report: check-outs, overrun and who spoke, across meetings."`

	TeamsPackage TeamsPackageCmd `cmd:"" name:"teams-package" help:"Write the Teams app package (manifest and icons, zipped)."`
}

// Env is what commands get from main: streams and the environment.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
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

// newLogger returns a text logger at level.
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
