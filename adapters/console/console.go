// Package console runs Klubba meetings in a terminal: interactively, one
// person or several taking turns at the keyboard, or from a script.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
)

// Handler runs commands and renders messages at delivery; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Response, error)
	Render(ctx context.Context, o bot.Outgoing) (chat.Message, error)
}

// Console is a terminal front end for one channel.
type Console struct {
	Bot    Handler
	Outbox bot.Outbox
	Out    io.Writer
	// Channel is the conversation the console plays ("console:main").
	Channel string
	// User is the acting user at the start.
	User string
	// KeepGoing makes a script run on past a refused line.
	KeepGoing bool
	// Wait carries out a script's "wait DURATION" line. Nil means wait on
	// the real clock while the scheduler fires timers.
	Wait func(ctx context.Context, d time.Duration) error
	// Files is the folder where files sent in chat (minutes pdf) are
	// written; "" is the working directory.
	Files string

	mu sync.Mutex // serializes printing between commands and timers
	// names holds display names given by "name HANDLE Display Name" lines.
	names map[string]string
}

// setName gives the person playing handle a display name, as Slack and
// Teams give people: the minutes name people by it.
func (c *Console) setName(arg string) error {
	handle, display, _ := strings.Cut(strings.TrimSpace(arg), " ")
	display = strings.TrimSpace(display)
	if handle == "" || display == "" {
		return fmt.Errorf("want \"name HANDLE Display Name\"")
	}
	if c.names == nil {
		c.names = map[string]string{}
	}
	c.names[handle] = display
	return nil
}

// ErrScriptFailed is returned by Script when a line was refused.
var ErrScriptFailed = errors.New("script failed")

// editLegend explains the mark the console prints for an edited message.
const editLegend = "(↻ marks a message posted earlier that has changed, shown by its title; in Slack and Teams it is edited in place.)"

// noticer gives the console's own lines in the language of the channel's
// meeting; *bot.Bot is one.
type noticer interface {
	NoticeWith(ctx context.Context, channel, id string, kv ...any) string
}

// notice is catalogue message id in the channel's language, or fallback
// when the handler has no catalogue.
func (c *Console) notice(ctx context.Context, fallback, id string, kv ...any) string {
	if n, ok := c.Bot.(noticer); ok {
		return n.NoticeWith(ctx, c.Channel, id, kv...)
	}
	return fallback
}

// private returns how a private reply is marked, in the channel's
// language: "(only you)" for the caller's, "(only NAME)" for another's.
// Each mark is looked up once for the replies it is made for.
func (c *Console) private(ctx context.Context) func(user string) string {
	marks := map[string]string{}
	return func(user string) string {
		if m, ok := marks[user]; ok {
			return m
		}
		m := c.notice(ctx, "(only you)", bot.NoticeOnlyYou)
		if user != "" {
			m = c.notice(ctx, "(only "+user+")", bot.NoticeOnlyUser, "User", user)
		}
		marks[user] = m
		return m
	}
}

func (c *Console) run(ctx context.Context, user, line string) (bot.Response, error) {
	line, file := importFile(ctx, line)
	name := user
	if n, ok := c.names[user]; ok {
		name = n
	}
	var mentions []cmdline.Mention // the display names given by name lines, of those the line mentions
	for _, w := range strings.Fields(line) {
		if h, ok := strings.CutPrefix(w, "@"); ok && c.names[h] != "" {
			mentions = append(mentions, cmdline.Mention{ID: h, Name: c.names[h]})
		}
	}
	resp, err := c.Bot.Handle(ctx, bot.Request{Channel: c.Channel, User: user, UserName: name, Text: line, Mentions: mentions, Attachment: file})
	c.mu.Lock()
	private := c.private(ctx)
	for _, r := range resp.Replies {
		render(c.Out, r, private)
		c.saveFile(r)
	}
	if w := strings.ToLower(strings.TrimSpace(line)); (w == "help" || w == "hjälp") && !resp.Refused { // the whole list, not a topic or a refusal
		fmt.Fprintln(c.Out, c.notice(ctx, editLegend, bot.NoticeEditLegend))
	}
	c.mu.Unlock()
	if derr := c.Drain(ctx); derr != nil && err == nil {
		err = derr
	}
	return resp, err
}

// Drain prints what waits in the outbox, such as messages of timers that
// fired, and marks it delivered.
func (c *Console) Drain(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		pending, err := c.Outbox.Pending(ctx, bot.Platform(c.Channel), 0, 100)
		if err != nil || len(pending) == 0 {
			return err
		}
		private := c.private(ctx)
		for _, o := range pending {
			if o.Reply.Refresh {
				msg, err := c.Bot.Render(ctx, o)
				if err != nil {
					return err
				}
				o.Reply.Message = msg
			}
			if o.Reply.Edit {
				renderEdit(c.Out, o.Reply)
			} else {
				render(c.Out, o.Reply, private)
				c.saveFile(o.Reply)
			}
			if err := c.Outbox.Delivered(ctx, o); err != nil {
				return err
			}
		}
	}
}

// VirtualWait is a Wait on a virtual clock: it moves the clock forward,
// stopping at each timer that falls due on the way to fire it at its
// time, as a running server's scheduler does, so that a long wait
// neither drops a meeting's timers as stale nor finds a scheduled
// meeting's start missed.
func VirtualWait(b *bot.Bot, clock *bot.ManualClock) func(ctx context.Context, d time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		end := clock.Now().Add(d)
		for range maxTimerSteps {
			due, ok, err := b.NextDue(ctx)
			if err != nil {
				return err
			}
			if !ok || due.After(end) {
				break
			}
			if step := due.Sub(clock.Now()); step > 0 {
				clock.Advance(step)
			}
			if n, err := b.FireDue(ctx); err != nil {
				return err
			} else if n == 0 {
				break // a timer that does not fire now: the end fires it
			}
		}
		clock.Advance(end.Sub(clock.Now()))
		_, err := b.FireDue(ctx)
		return err
	}
}

// maxTimerSteps bounds the timers one wait fires one by one.
const maxTimerSteps = 100000

// wait pauses a script for a duration such as 5m, then prints what the
// timers said meanwhile.
func (c *Console) wait(ctx context.Context, arg string) error {
	d, err := cmdline.ParseDuration(strings.TrimSpace(arg))
	if err != nil {
		return fmt.Errorf("wait %q: want a duration such as 90s or 5m, above zero and at most 24h", strings.TrimSpace(arg))
	}
	fmt.Fprintf(c.Out, "\n(wait %s)\n", strings.TrimSpace(arg))
	wait := c.Wait
	if wait == nil {
		wait = func(ctx context.Context, d time.Duration) error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
				return nil
			}
		}
	}
	if err := wait(ctx, d); err != nil {
		return err
	}
	return c.Drain(ctx)
}

// drainInterval is how often an interactive console prints what timers said.
const drainInterval = time.Second

// drainEvery prints the outbox every interval until ctx ends, so that
// timers speak up while the console waits for input.
func (c *Console) drainEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.Drain(ctx)
		}
	}
}

// Interactive reads commands from in until EOF or "quit". "as NAME"
// switches the acting user.
func (c *Console) Interactive(ctx context.Context, in io.Reader) error {
	user := c.User
	sc := bufio.NewScanner(in)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	go c.drainEvery(ctx, drainInterval)
	fmt.Fprintf(c.Out, "Klubba console. You are %s; \"as NAME\" plays someone else, \"help\" lists commands, \"quit\" leaves.\n%s\n", user, editLegend)
	for {
		fmt.Fprintf(c.Out, "%s> ", user)
		if !sc.Scan() {
			fmt.Fprintln(c.Out)
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			continue
		case line == "quit" || line == "exit":
			return nil
		case line == "as" || strings.HasPrefix(line, "as "):
			if name := strings.TrimSpace(strings.TrimPrefix(line, "as")); name != "" && !strings.ContainsAny(name, " \t") {
				user = name
			} else {
				fmt.Fprintln(c.Out, "Usage: as NAME (one word)")
			}
			continue
		}
		if _, err := c.run(ctx, user, line); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			c.mu.Lock()
			fmt.Fprintln(c.Out, err) // a script stops at it; here the prompt goes on
			c.mu.Unlock()
		}
	}
}

// Script plays a scripted meeting. Each line that is not blank and does
// not start with # reads "NAME> COMMAND", "wait DURATION" (time passes)
// or "name NAME Display Name" (who NAME is, as the minutes name them).
// Every command line is echoed, then its replies. A refused line stops
// the script with ErrScriptFailed, and ends the meeting the script
// started, if it did, so that the script can run again; unless KeepGoing
// is set: then the script runs to the end and says how many lines were
// refused, and whether its meeting still runs.
func (c *Console) Script(ctx context.Context, name string, in io.Reader) (err error) {
	sc := bufio.NewScanner(in)
	failed := 0
	var s scriptRun
	defer func() {
		if err != nil && s.started {
			s.endMeeting(ctx, c)
		}
	}()
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		user, cmd, ok := strings.Cut(line, ">")
		user = strings.TrimSpace(user)
		if w, arg, _ := strings.Cut(line, " "); !ok && w == "wait" {
			if err := c.wait(ctx, arg); err != nil {
				return fmt.Errorf("%s:%d: %w", name, n, err)
			}
			continue
		} else if !ok && w == "name" {
			if err := c.setName(arg); err != nil {
				return fmt.Errorf("%s:%d: %w", name, n, err)
			}
			continue
		}
		if !ok || user == "" || strings.ContainsAny(user, " \t") {
			return fmt.Errorf("%s:%d: want \"NAME> COMMAND\", got %q", name, n, line)
		}
		cmd = strings.TrimSpace(cmd)
		fmt.Fprintf(c.Out, "\n%s> %s\n", user, cmd)
		resp, err := c.run(ctx, user, cmd)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		s.saw(user, cmd, resp)
		if resp.Refused {
			failed++
			if !c.KeepGoing {
				return fmt.Errorf("%s:%d: %q was refused: %w", name, n, cmd, ErrScriptFailed)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if failed > 0 {
		id, still := bot.NoticeScriptRefused, ""
		if s.started && c.running(ctx, s.users) {
			id, still = bot.NoticeScriptRefusedForce, "; the meeting it started is still running (the chair can end it with: end --force)"
			if s.forceRefused { // offer no --force that was just refused
				id, still = bot.NoticeScriptRefusedRunning, "; the meeting it started is still running"
			}
		}
		fallback := fmt.Sprintf("(%s: %d refused%s)", name, failed, still)
		fmt.Fprintf(c.Out, "\n%s\n", c.notice(ctx, fallback, id, "Script", name, "Count", failed))
	}
	return nil
}

// scriptRun is what a script has done so far: whether it started a
// meeting, who took part (one of them chairs it), and whether an end
// --force was refused with nothing done since.
type scriptRun struct {
	started      bool
	users        []string
	forceRefused bool
}

func (s *scriptRun) saw(user, cmd string, resp bot.Response) {
	if !slices.Contains(s.users, user) {
		s.users = append(s.users, user)
	}
	toks, err := cmdline.Tokenize(cmd) // read as the bot reads it: avsluta mötet --tvinga is end --force
	first := ""
	if toks = cmdline.Aliases(cmdline.Tidy(toks)); err == nil && len(toks) > 0 {
		first = strings.ToLower(toks[0].Text)
	}
	if first == "start" && !resp.Refused {
		s.started = true
	}
	force := first == "end" && slices.ContainsFunc(toks[1:], func(t cmdline.Token) bool {
		name, ok := strings.CutPrefix(t.Text, "--")
		return ok && !t.Quoted && cmdline.FlagName(name) == "force"
	})
	switch {
	case resp.Refused && force:
		s.forceRefused = true
	case !resp.Refused: // the meeting has moved on: --force may work now
		s.forceRefused = false
	}
}

// endMeeting ends the meeting a failed script started, as whoever of its
// people may (the chair), so that nothing is left half-finished.
func (s *scriptRun) endMeeting(ctx context.Context, c *Console) {
	for _, u := range s.users {
		resp, err := c.Bot.Handle(ctx, bot.Request{Channel: c.Channel, User: u, UserName: u, Text: "end --force"})
		if err == nil && !resp.Refused {
			c.Drain(ctx)
			fmt.Fprintln(c.Out, "\n(the script stopped, so it ended the meeting it started: it can run again)")
			return
		}
	}
}

// running reports whether a meeting runs in the console's channel.
func (c *Console) running(ctx context.Context, users []string) bool {
	if len(users) == 0 {
		return false
	}
	resp, err := c.Bot.Handle(ctx, bot.Request{Channel: c.Channel, User: users[0], UserName: users[0], Text: "status"})
	return err == nil && !resp.Refused && len(resp.Replies) > 0 && len(resp.Replies[0].Message.Fields) > 0
}

// saveFile writes the file a reply carries, if any, into Files and says
// where: a terminal has no attachments.
func (c *Console) saveFile(r chat.Reply) {
	f := r.Message.File
	if f == nil {
		return
	}
	path := filepath.Join(c.Files, filepath.Base(f.Name))
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		fmt.Fprintf(c.Out, "(could not write %s: %v)\n", path, err)
		return
	}
	fmt.Fprintf(c.Out, "(wrote %s, %d bytes)\n", path, len(f.Data))
}
