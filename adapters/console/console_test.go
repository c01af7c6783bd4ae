package console_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/adapters/console"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/internal/golden"
)

// newConsole returns a console on a fresh database with the example
// configuration's templates and a clock that never moves.
func newConsole(t testing.TB, out *bytes.Buffer) *console.Console {
	t.Helper()
	f, err := os.Open("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := config.Load("config.example.yaml", f, "slack", "teams")
	if err != nil {
		t.Fatal(err)
	}
	s := typed.New(mem.New())
	clock := bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC))
	// A seeded source, so that go-arounds and revealed ideas come in the
	// same order at every run.
	random := rand.NewChaCha8([32]byte{'k', 'l', 'u', 'b', 'b', 'a'})
	b, err := bot.New(s, bot.Options{Templates: cfg.Templates, Clock: clock, Random: random, Codec: bottest.Codec{}})
	if err != nil {
		t.Fatal(err)
	}
	return &console.Console{Bot: b, Outbox: s, Out: out, Channel: "console:main", User: "chair", Wait: console.VirtualWait(b, clock)}
}

// TestExampleScripts plays the shipped scripts and compares the whole
// transcript, as a person would read it, with the golden files.
func TestExampleScripts(t *testing.T) {
	for _, name := range []string{"standup", "annual-meeting", "election", "retrospective"} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			c := newConsole(t, &out)
			script, err := os.ReadFile("../../examples/" + name + ".script")
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Script(context.Background(), name, bytes.NewReader(script)); err != nil {
				t.Fatalf("Script: %v\n%s", err, out.String())
			}
			golden.Check(t, name+".golden", out.Bytes())
			// The minutes from the database, in both languages.
			for _, lang := range []string{"en", "sv"} {
				md, err := c.Bot.(*bot.Bot).Minutes(context.Background(), "console:main", "", lang)
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, name+".minutes."+lang+".md", []byte(md+"\n"))
			}
		})
	}
}

func TestScriptFailures(t *testing.T) {
	const script = "# a comment\n\nann> start\nann> frobnicate\nbo> hand\n"
	var out bytes.Buffer
	c := newConsole(t, &out)
	err := c.Script(context.Background(), "s", strings.NewReader(script))
	if !errors.Is(err, console.ErrScriptFailed) || !strings.Contains(err.Error(), "s:4") {
		t.Fatalf("Script error = %v, want ErrScriptFailed at s:4", err)
	}
	if strings.Contains(out.String(), "bo> hand") {
		t.Error("the script ran on past a refused line")
	}
	if !strings.Contains(out.String(), "it ended the meeting it started: it can run again") {
		t.Errorf("a failed script left its meeting running:\n%s", out.String())
	}
	// So the same script starts afresh, rather than failing on its first line.
	out.Reset()
	if err := c.Script(context.Background(), "s", strings.NewReader(script)); !strings.Contains(fmt.Sprint(err), "s:4") {
		t.Errorf("second run: %v, want a failure at s:4 again\n%s", err, out.String())
	}
	// A script that fails before starting anything ends nothing.
	out.Reset()
	c.Script(context.Background(), "s", strings.NewReader("ann> start\n"))
	if err := c.Script(context.Background(), "t", strings.NewReader("ann> start\n")); err == nil || strings.Contains(out.String(), "it ended the meeting") {
		t.Errorf("a script that started nothing ended a meeting: %v\n%s", err, out.String())
	}

	out.Reset()
	c = newConsole(t, &out)
	c.KeepGoing = true
	err = c.Script(context.Background(), "s", strings.NewReader(script))
	if err != nil || !strings.Contains(out.String(), "Your hand is up") || !strings.Contains(out.String(), "(s: 1 refused; the meeting it started is still running") {
		t.Errorf("with KeepGoing: error %v, output:\n%s", err, out.String())
	}

	c = newConsole(t, &out)
	if err := c.Script(context.Background(), "s", strings.NewReader("no prompt here\n")); err == nil || !strings.Contains(err.Error(), `want "NAME> COMMAND"`) {
		t.Errorf("malformed line: error %v", err)
	}
}

func TestInteractive(t *testing.T) {
	var out bytes.Buffer
	c := newConsole(t, &out)
	in := strings.NewReader("start standup\nas ola\nhand\nas\nas maja\nnext\nquit\nhand\n")
	if err := c.Interactive(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"chair> == Meeting started: Daily stand-up ==",
		"ola> (only you) Your hand is up: you are number 1 in the queue.",
		"Usage: as NAME",
		"maja> (only you) Only the chair can do that. The chair is chair.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "Your hand is up") != 1 {
		t.Error("a line after quit was run")
	}
}

// TestRegisterImportFile: in the console, register import FILE reads the
// member list from a file, and only those on it check in. A file that is
// not there is refused privately, in the meeting's language, and a script
// that keeps going goes on past it.
func TestRegisterImportFile(t *testing.T) {
	csv := t.TempDir() + "/medlemmar.csv"
	if err := os.WriteFile(csv, []byte("id;namn;proxy_for\nann;Ann Berg;\nbo;Bo Ek;ann\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := newConsole(t, &out)
	c.KeepGoing = true
	script := "ann> start arsmote\nann> röstlängd importera " + csv + "\nann> röstlängd öppna\nbo> närvarande\nzed> närvarande\nann> röstlängd importera /no/such.csv\nann> register import " + t.TempDir() + "\nann> mall importera --kanal /no/such.yaml\nann> läge\n"
	err := c.Script(context.Background(), "s", strings.NewReader(script))
	for _, want := range []string{"Medlemsförteckningen har 2 medlemmar och 1 fullmakt.", "Du står i röstlängden",
		"Du står inte i medlemsförteckningen",
		"ann> röstlängd importera /no/such.csv\n(bara du) Det finns ingen fil ”/no/such.csv”. Kontrollera namnet och mappen. Inget har ändrats.\n",
		"(bara du) Klubba kunde inte hämta ”",
		"ann> mall importera --kanal /no/such.yaml\n(bara du) Det finns ingen fil ”/no/such.yaml”.",
		"Aktuell punkt: 1. Mötets öppnande",
		"(s: 4 rader avvisades; mötet som skriptet startade pågår fortfarande (ordföranden kan avsluta det med: avsluta --tvinga))",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err != nil {
		t.Errorf("a missing file ended the script: %v", err)
	}
}

// TestConsoleLinesInTheMeetingsLanguage: the console's own lines (the
// legend after help, the sum of a script with refused lines) are in the
// meeting's language, and they offer end --force only where it was not
// just refused.
func TestConsoleLinesInTheMeetingsLanguage(t *testing.T) {
	tie := "ann> yrka \"att fastställa budgeten\"\nann> propositionsordning\nann> finner 1\nbo> votering\nbo> rösta 1\ncy> rösta 2\nann> omröstning stäng\n"
	for _, tt := range []struct {
		name, script string
		wants        []string
		notWant      string
	}{
		{name: "sv help", script: "ann> start arsmote\nann> hjälp\nann> fel\n",
			wants: []string{"(↻ markerar ett meddelande som lagts ut tidigare och har ändrats",
				"(s: 1 rad avvisades; mötet som skriptet startade pågår fortfarande (ordföranden kan avsluta det med: avsluta --tvinga))"},
			notWant: "marks a message"},
		{name: "en help", script: "ann> start standup\nann> help\nann> wrong\n",
			wants: []string{"(↻ marks a message posted earlier that has changed",
				"(s: 1 refused; the meeting it started is still running (the chair can end it with: end --force))"},
			notWant: "markerar"},
		{name: "sv force refused", script: "ann> start arsmote\n" + tie + "ann> avsluta\nann> avsluta --tvinga\n",
			wants:   []string{"väntar på ordförandens utslagsröst", "(s: 2 rader avvisades; mötet som skriptet startade pågår fortfarande)"},
			notWant: "--tvinga))"},
		{name: "sv refused, then moved on", script: "ann> start arsmote\n" + tie + "ann> avsluta --tvinga\nann> utslagsröst 1\nann> fel\n",
			wants: []string{"(s: 2 rader avvisades; mötet som skriptet startade pågår fortfarande (ordföranden kan avsluta det med: avsluta --tvinga))"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			c := newConsole(t, &out)
			c.KeepGoing = true
			if err := c.Script(context.Background(), "s", strings.NewReader(tt.script)); err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.wants {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
			if tt.notWant != "" && strings.Contains(out.String(), tt.notWant) {
				t.Errorf("output has %q:\n%s", tt.notWant, out.String())
			}
		})
	}
}

// TestInteractiveSaysWhatFailed: a line that fails before the bot answers
// (a member list that cannot be read) says so at the prompt, and the
// console goes on.
func TestInteractiveSaysWhatFailed(t *testing.T) {
	var out bytes.Buffer
	c := newConsole(t, &out)
	if err := c.Interactive(context.Background(), strings.NewReader("start arsmote\nregister import /no/such.csv\nstatus\n")); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "(bara du) Det finns ingen fil ”/no/such.csv”.") {
		t.Errorf("the failed import is not told:\n%s", got)
	}
	if !strings.Contains(got[strings.Index(got, "/no/such.csv"):], "chair> ") {
		t.Errorf("the console did not go on after it:\n%s", got)
	}
}
