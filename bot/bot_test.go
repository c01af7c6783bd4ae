package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
)

const channel = "test:c1"

var board = facilitation.Template{
	Name: "board", Title: "Board meeting",
	Agenda: []facilitation.TemplateItem{{Title: "Opening", Timebox: 5 * time.Minute}, {Title: "Budget", Timebox: 20 * time.Minute}},
	Rules:  []string{"Be kind"},
}

// testStore is what the harness needs of a store: an in-memory one, or
// a bbolt file for tests about restarts.
type testStore interface {
	bot.Store
	bot.Outbox
	Close() error
}

type harness struct {
	t         *testing.T
	path      string // a bbolt file's, or "" for the in-memory store mem
	mem       *typed.Store
	templates []facilitation.Template
	clock     *bot.ManualClock
	store     testStore
	bot       *bot.Bot
	// zone is the workspace's time zone (bot.Options.TimeZone).
	zone *time.Location
}

func newHarness(t *testing.T) *harness { return newHarnessWith(t, board) }

// newHarnessWith returns a bot on a fresh in-memory store, with templates
// and a clock that moves only when told.
func newHarnessWith(t *testing.T, templates ...facilitation.Template) *harness {
	h := &harness{t: t, mem: typed.New(mem.New()), templates: templates, clock: bottest.NewManualClock(bottest.Epoch)}
	h.open()
	t.Cleanup(func() { h.store.Close() })
	return h
}

// newDurableHarness is newHarnessWith on a bbolt file, for tests of what
// survives a restart (reopen).
func newDurableHarness(t *testing.T, templates ...facilitation.Template) *harness {
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "k.db"), templates: templates, clock: bottest.NewManualClock(bottest.Epoch)}
	h.open()
	t.Cleanup(func() { h.store.Close() })
	return h
}

// openStore opens the harness's bbolt file, or returns its in-memory store.
func (h *harness) openStore() testStore {
	h.t.Helper()
	if h.path == "" {
		return h.mem
	}
	s, err := typed.Open(bolt.Open(h.path))
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// open opens the store and starts a bot on it.
func (h *harness) open() {
	h.t.Helper()
	s := h.openStore()
	b, err := bot.New(s, bot.Options{Templates: h.templates, Clock: h.clock, Facilitators: []string{"fac"}, Codec: bottest.Codec{}, TimeZone: h.zone})
	if err != nil {
		h.t.Fatal(err)
	}
	h.store, h.bot = s, b
}

// reopen closes the store and opens it again, as a restart would.
func (h *harness) reopen() {
	h.t.Helper()
	h.store.Close()
	h.open()
}

func (h *harness) req(r bot.Request) bot.Response {
	h.t.Helper()
	if r.Channel == "" {
		r.Channel = channel
	}
	if r.UserName == "" {
		r.UserName = strings.ToUpper(r.User[:1]) + r.User[1:]
	}
	resp, err := h.bot.Handle(context.Background(), r)
	if err != nil {
		h.t.Fatalf("Handle(%+v): %v", r, err)
	}
	return resp
}

// do runs a command that must succeed and returns its replies as text.
func (h *harness) do(user, text string) string {
	h.t.Helper()
	resp := h.req(bot.Request{User: user, Text: text})
	if resp.Refused {
		h.t.Fatalf("%s> %s was refused: %s", user, text, replyText(resp))
	}
	return replyText(resp)
}

// refused runs a command that must be refused, privately, and returns why.
func (h *harness) refused(user, text string) string {
	h.t.Helper()
	resp := h.req(bot.Request{User: user, Text: text})
	if !resp.Refused || len(resp.Replies) != 1 || resp.Replies[0].To != chat.Caller {
		h.t.Fatalf("%s> %s: want one private refusal, got %+v", user, text, resp)
	}
	return replyText(resp)
}

func replyText(resp bot.Response) string {
	var parts []string
	for _, r := range resp.Replies {
		m := r.Message
		list := m.List
		if m.Numbers != nil { // an agenda with sub-items: show their numbers
			list = make([]string, len(m.List))
			for i, l := range m.List {
				list[i] = m.Number(i) + ". " + l
			}
		}
		parts = append(parts, m.Header, m.Text, strings.Join(list, "\n"), m.Context)
		for _, f := range m.Fields {
			parts = append(parts, f.Label+": "+f.Value)
		}
		for _, b := range m.Chart {
			parts = append(parts, fmt.Sprintf("%s=%d", b.Label, b.Count))
		}
	}
	return strings.Join(parts, "\n")
}

func wantContains(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply does not contain %q:\n%s", w, got)
		}
	}
}

// snapshot is the stored state of the channel's meeting, for checking
// that refused commands change nothing.
func (h *harness) snapshot() string {
	h.t.Helper()
	var out string
	h.store.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Running(channel)
		if err != nil {
			out = err.Error()
			return nil
		}
		js, _ := json.Marshal(m)
		out = string(js)
		for _, id := range m.Polls {
			p, _ := tx.Poll(id)
			js, _ := json.Marshal(p)
			out += fmt.Sprintf("\npoll %s votes %v voters %v ballots %v", js, p.Votes, p.Voters, p.Ballots)
		}
		return nil
	})
	pending, _ := h.store.Pending(context.Background(), "test", 0, 1000)
	return out + fmt.Sprintf("\noutbox %d", len(pending))
}

func TestHelpAndUsage(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.do("ann", ""), "Klubba commands", "agenda add", "poll ranked")
	wantContains(t, h.do("ann", "help"), "`hand` (also `begär ordet`, `ordet`, `raise`, `speak`): raise your hand to speak")
	wantContains(t, h.refused("ann", "frobnicate"), "I don't know the command “frobnicate”", "help")
	wantContains(t, h.refused("ann", `note "unterminated`), "A quote is not closed")
	wantContains(t, h.refused("ann", "hand"), "No meeting is running here")
}

func TestRefusalsChangeNothing(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `start board "Board, November"`)
	h.do("bo", "hand")
	h.do("ann", `poll "Lunch?" "Pizza" "Sushi"`)
	h.do("bo", "vote 1")
	before := h.snapshot()
	tests := []struct {
		user, cmd string
		want      []string
	}{
		{"bo", "next", []string{"Only the chair can do that. The chair is Ann."}},
		{"bo", `agenda add "Coffee"`, []string{"The chair is Ann"}},
		{"bo", "end", []string{"The chair is Ann"}},
		{"ann", "agenda add", []string{"not quite how", "Usage: `agenda add \"title\" [10m] [--under N]`"}},
		{"ann", `agenda add "x" soon`, []string{"“soon” is not a usable duration"}},
		{"ann", `agenda add "x" 0`, []string{"not a usable duration"}},
		{"ann", `agenda add "x" 48h`, []string{"at most 24h"}},
		{"ann", "agenda remove 7", []string{"There is no item 7: the agenda has 2."}},
		{"ann", "agenda remove two", []string{"“two” is not a number", "Usage: `agenda remove N`"}},
		{"ann", "agenda extend -5m", []string{"not a usable duration"}},
		{"ann", "chair bo", []string{"Name the person with @"}},
		{"ann", `start board`, []string{"A meeting is already running here: Board, November"}},
		{"cy", "vote 3", []string{"There is no option 3: the poll has 2."}},
		{"cy", "vote 0", []string{"There is no option 0"}},
		{"cy", "vote 1 2", []string{"at most 1"}},
		{"cy", "vote", []string{"Say which option"}},
		{"cy", "vote #99 1", []string{"There is no such poll"}},
		{"cy", "poll close", []string{"Only the poll's creator (Ann) or the chair (Ann)"}},
		{"bo", "hand", []string{"You are already in the queue, number 1."}},
		{"cy", "lower", []string{"You are not in the queue."}},
		{"cy", "reply", []string{"Nobody is speaking right now."}},
		{"ann", `poll "Q?" "A"`, []string{"A poll needs 2 to 20 options"}},
		{"ann", `poll "Q?" "A" "B" --secret --anonymous`, []string{"either --anonymous or --secret"}},
		{"ann", `poll "Q?" "A" "B" --bogus`, []string{"Unknown option --bogus", "Usage: `poll"}},
		{"ann", `poll "Q?" "A" "B" --multi 3`, []string{"from 1 to the poll's 2"}},
		{"ann", `poll "Q?" "A" "B" --close`, []string{"--close needs a value"}},
		{"ann", `poll yesno "Q?" "extra"`, []string{"not quite how"}},
		{"ann", "lang fi", []string{"I don't speak “fi”"}},
		{"ann", "queue open", []string{"already open"}},
		{"ann", "rules remove 5", []string{"There is no rule 5: there are 1."}},
		{"ann", `action @bo "Do it" tomorrow`, []string{"“tomorrow” is not a date"}},
		{"ann", "agenda back", []string{"This is the first item"}},
		{"ann", "done", []string{"Nobody is speaking right now."}},
	}
	for _, tt := range tests {
		t.Run(tt.user+"> "+tt.cmd, func(t *testing.T) {
			wantContains(t, h.refused(tt.user, tt.cmd), tt.want...)
			if after := h.snapshot(); after != before {
				t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestUnknownTemplate(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.refused("ann", "start nosuch"), "There is no template “nosuch”. Templates: board.")
	if s := h.snapshot(); !strings.Contains(s, "not found") {
		t.Errorf("a meeting was stored: %s", s)
	}
}

func TestMeetingFlow(t *testing.T) {
	h := newHarness(t)
	got := h.do("ann", "start board")
	wantContains(t, got, "Meeting started: Board meeting", "Chaired by Ann.", "▶ **Opening** (5m, 5m left)", "Ground rules: • Be kind")

	h.clock.Advance(6 * time.Minute)
	wantContains(t, h.do("ann", "agenda"), "▶ **Opening** (5m, 1m over time)", "Budget (20m)")
	wantContains(t, h.do("ann", "next item"), "Item 2: Budget", "✓ Opening (5m, took 6m)")

	// Queue: newcomers first, replies after the speech, the chair gives the floor.
	h.do("bo", "hand")
	h.do("cy", "hand")
	wantContains(t, h.do("ann", "next"), "Bo has the floor. Next: Cy.")
	wantContains(t, h.do("dan", "replik"), "You will reply to Bo: number 1 in the queue.")
	wantContains(t, h.do("bo", "hand"), "number 3")
	wantContains(t, h.do("ann", "queue"), "Speaking now: **Bo** (speech, 0s)", "Dan · reply\nCy\nBo")
	h.clock.Advance(90 * time.Second)
	wantContains(t, h.do("ann", "next"), "Dan has the floor for a reply to Bo. Next: Cy.")
	h.clock.Advance(30 * time.Second)
	wantContains(t, h.do("dan", "done"), "Dan has finished speaking.")
	wantContains(t, h.do("ann", "stats"), "Bo: 1 turn, 1m30s", "Dan: 1 turn, 30s", "2 people have not spoken yet: Ann, Cy")

	wantContains(t, h.do("ann", "queue close"), "The speaker list is closed")
	wantContains(t, h.refused("eve", "hand"), "The speaker list is closed")
	wantContains(t, h.do("ann", "queue open"), "The speaker list is open again.")
	wantContains(t, h.do("ann", "streck"), "The speaker list is closed") // the Swedish word
	wantContains(t, h.do("eve", "ordningsfråga"), "Point of order noted: you are number 1.")
}

func TestRoutesAndEvents(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("bo", "hand")
	h.drain()

	// Shared: the caller's answer comes back, the channel's goes to the outbox.
	resp := h.req(bot.Request{User: "ann", Text: "next", Route: bot.RouteShared})
	if len(resp.Replies) != 0 {
		t.Errorf("RouteShared returned %+v; the channel's and Bo's replies belong in the outbox", resp.Replies)
	}
	pending, _ := h.store.Pending(context.Background(), "test", 0, 10)
	var kinds []string
	for _, o := range pending {
		kinds = append(kinds, fmt.Sprintf("%d/%s/%v", o.Reply.To, o.Reply.User, o.Reply.Edit))
	}
	if got := strings.Join(kinds, " "); got != "0//false 0//true" {
		t.Errorf("outbox = %s, want the floor announcement and the queue edit", got)
	}
	h.drain()

	// All: the caller's answer goes to the outbox too, addressed to them.
	resp = h.req(bot.Request{User: "cy", Text: "hand", Route: bot.RouteAll, EventID: "Ev1"})
	if len(resp.Replies) != 0 || resp.Refused {
		t.Errorf("RouteAll returned %+v", resp)
	}
	if got := h.drain(); !strings.Contains(got, "Your hand is up") {
		t.Errorf("outbox lacks the caller's answer: %q", got)
	}
	// The same event again is not handled twice.
	before := h.snapshot()
	resp = h.req(bot.Request{User: "cy", Text: "hand", Route: bot.RouteAll, EventID: "Ev1"})
	if !resp.Duplicate || len(resp.Replies) != 0 || h.snapshot() != before {
		t.Errorf("a redelivered event: %+v", resp)
	}
	// A refusal on RouteAll changes nothing of the meeting; the caller's
	// answer goes through the outbox, like every message.
	resp = h.req(bot.Request{User: "cy", Text: "hand", Route: bot.RouteAll, EventID: "Ev2"})
	if !resp.Refused || len(resp.Replies) != 0 {
		t.Errorf("refusal on RouteAll = %+v", resp)
	}
	if got := h.drain(); !strings.Contains(got, "already in the queue") {
		t.Errorf("outbox lacks the refusal: %q", got)
	}
}
