package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/klubba/klubba"
	"github.com/klubba/klubba/adapters/console"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/typed"
)

// ConsoleCmd runs a meeting in the terminal.
type ConsoleCmd struct {
	DB          string `help:"Database file (default from the config, else klubba.db)." env:"KLUBBA_DB" placeholder:"FILE"`
	User        string `help:"Who you are at the start; \"as NAME\" switches." default:"chair" placeholder:"NAME"`
	Script      string `help:"Play a scripted meeting: lines of \"NAME> COMMAND\"." type:"existingfile" placeholder:"FILE"`
	KeepGoing   bool   `help:"With --script, run on past refused lines and exit 0."`
	VirtualTime bool   `help:"With --script, run on a virtual clock: \"wait 10m\" passes at once and timers fire on it; go-arounds and revealed ideas then come in a fixed order, so that a script plays the same every time."`
	Channel     string `help:"The conversation the console plays; meetings are kept per channel." default:"main"`
	Board       string `help:"Serve the live board on this address while the console runs (the chair's \"board\" gives the link)." placeholder:"ADDR"`
	Files       string `help:"Folder for the files sent in chat, such as \"minutes pdf\"." default:"." type:"path" placeholder:"DIR"`
}

// Run runs the console.
func (c *ConsoleCmd) Run(ctx context.Context, cli *CLI, env *Env) error {
	cfg, err := loadConfig(cli.Config, env, c.DB)
	if err != nil {
		return err
	}
	var clock bot.Clock = bot.SystemClock{}
	var virtual *bot.ManualClock
	var random io.Reader // crypto/rand
	if c.VirtualTime {
		virtual = bot.NewManualClock(time.Now())
		clock = virtual
		random = rand.NewChaCha8([32]byte{'k', 'l', 'u', 'b', 'b', 'a'}) // the seed of the example tests
	}
	var boardLn net.Listener
	if c.Board != "" {
		if boardLn, err = listenBoard(c.Board, cfg); err != nil {
			return err
		}
		defer boardLn.Close()
	}
	a, err := openAppWith(cfg, newLogger(env.Stderr, "warn", cfg.LogFormat), nil, clock, nil, random)
	if err != nil {
		return err
	}
	defer a.Close()
	if boardLn != nil {
		stop, err := a.serveBoard(boardLn, env)
		if err != nil {
			return err
		}
		defer stop()
	}
	con := &console.Console{
		Bot: a.bot, Outbox: a.store, Out: env.Stdout,
		Channel: "console:" + c.Channel, User: c.User, KeepGoing: c.KeepGoing, Files: c.Files,
	}
	if virtual != nil {
		con.Wait = console.VirtualWait(a.bot, virtual)
	} else {
		ctx, stop := context.WithCancel(ctx)
		defer stop()
		go a.bot.RunScheduler(ctx)
	}
	if c.Script == "" {
		return con.Interactive(ctx, env.Stdin)
	}
	var script io.Reader = env.Stdin // "/dev/stdin" is the program's stdin, also when it runs in process
	if c.Script != "/dev/stdin" {
		f, err := os.Open(c.Script)
		if err != nil {
			return fmt.Errorf("open script: %w", err)
		}
		defer f.Close()
		script = f
	}
	err = con.Script(ctx, c.Script, script)
	if errors.Is(err, console.ErrScriptFailed) {
		fmt.Fprintf(env.Stderr, "klubba: %v\n", err)
		return silentError{err}
	}
	return err
}

// CheckCmd validates a configuration.
type CheckCmd struct {
	File string `arg:"" optional:"" help:"Configuration file (default: --config, else the built-in example)." type:"path"`
}

// Run checks the file, or the configuration in effect when none is
// named, and prints every problem with its file, line and field.
func (c *CheckCmd) Run(cli *CLI, env *Env) error {
	path := cmp.Or(c.File, cli.Config)
	cfg, err := loadConfig(path, env, "")
	if err == nil { // what serve checks once the environment is applied
		err = errors.Join(cfg.CheckStore(), cfg.CheckBoard(), checkPlatforms(cfg, env))
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return silentError{err}
	}
	fmt.Fprintf(env.Stdout, "%s is valid: %d templates (%s).\n", cmp.Or(path, klubba.ExampleConfigName), len(cfg.Templates), templateNames(cfg.Templates))
	return nil
}

// checkPlatforms has each platform check its section of the file.
func checkPlatforms(cfg *config.Config, env *Env) error {
	var errs []error
	for _, mod := range env.platforms() {
		if mod.Check != nil {
			errs = append(errs, mod.Check(cfg.Section(mod.Name), env.Getenv))
		}
	}
	return errors.Join(errs...)
}

// templateNames lists the templates' names.
func templateNames(ts []facilitation.Template) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// MinutesCmd prints minutes from the database.
type MinutesCmd struct {
	DB      string `help:"Database file." env:"KLUBBA_DB" placeholder:"FILE"`
	Channel string `help:"Print the last meeting of this channel (console:main, slack:T1/C1, ...)." default:"console:main"`
	Meeting string `help:"Print the meeting with this ID instead." placeholder:"ID"`
	Lang    string `help:"Language of the minutes (en or sv); default the meeting's." enum:",en,sv" default:""`
	Stats   bool   `help:"Print the facilitator's report (speaking statistics and fairness figures) instead of the minutes; never part of them."`
	Format  string `help:"Format of the minutes: md (Markdown), pdf or docx (Word)." enum:"md,pdf,docx" default:"md"`
	Output  string `short:"o" help:"Write the minutes to this file rather than to standard output." placeholder:"FILE" type:"path"`
}

// document is the minutes, or the report, that c asks for.
func (c *MinutesCmd) document(ctx context.Context, a *app) ([]byte, error) {
	if c.Stats {
		md, err := a.bot.Report(ctx, c.Channel, c.Meeting, c.Lang)
		return []byte(md + "\n"), err
	}
	channel := c.Channel
	if c.Meeting != "" {
		channel = "" // --meeting names a meeting of any channel
	}
	f, err := a.bot.MinutesFile(ctx, channel, c.Meeting, c.Lang, c.Format)
	return f.Data, err
}

// listedMeetings is how many of the newest meetings notFound lists.
const listedMeetings = 10

// notFound says that the meeting c names is not in the database, and
// lists the newest meetings that are, to name with --meeting or
// --channel.
func (c *MinutesCmd) notFound(ctx context.Context, a *app) error {
	doc := "minutes"
	if c.Stats {
		doc = "report"
	}
	what := fmt.Sprintf("no meeting in channel %s", c.Channel)
	if c.Meeting != "" {
		what = fmt.Sprintf("no meeting with ID %s", c.Meeting)
	}
	var ms []*facilitation.Meeting
	if err := a.store.View(ctx, func(tx *typed.Tx) error {
		var err error
		ms, err = tx.Meetings()
		return err
	}); err != nil {
		return fmt.Errorf("%s: %s; list the meetings: %w", doc, what, err)
	}
	if len(ms) == 0 {
		return fmt.Errorf("%s: %s; this database holds no meetings", doc, what)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s. The newest meetings in this database (name one with --meeting ID, or its channel with --channel):", doc, what)
	for _, m := range slices.Backward(ms[max(0, len(ms)-listedMeetings):]) {
		fmt.Fprintf(&b, "\n  --meeting %s   %s  %s  %q", m.ID, m.Started.Format(time.DateOnly), m.Channel, m.Title)
	}
	if len(ms) > listedMeetings {
		fmt.Fprintf(&b, "\n  … and %d older", len(ms)-listedMeetings)
	}
	return errors.New(b.String())
}

// Run prints the minutes.
func (c *MinutesCmd) Run(ctx context.Context, cli *CLI, env *Env) error {
	cfg, err := loadConfig(cli.Config, env, c.DB)
	if err != nil {
		return err
	}
	a, err := openExisting(cfg, newLogger(env.Stderr, "warn", cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	data, err := c.document(ctx, a)
	if errors.Is(err, bot.ErrNotFound) {
		return c.notFound(ctx, a)
	}
	if err != nil {
		return err
	}
	if c.Output != "" {
		if err := os.WriteFile(c.Output, data, 0o644); err != nil {
			return fmt.Errorf("write minutes: %w", err)
		}
		return nil
	}
	_, err = env.Stdout.Write(data)
	return err
}
