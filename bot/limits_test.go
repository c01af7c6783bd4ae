package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
)

// newLimited returns a harness whose bot has small quotas.
func newLimited(t *testing.T, l bot.Limits) *harness {
	h := newHarness(t)
	b, err := bot.New(h.store, bot.Options{Templates: h.templates, Clock: h.clock, Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	h.bot = b
	return h
}

// TestCaps: texts, items, polls and minutes entries beyond their caps
// are refused politely, privately, and change nothing.
func TestCaps(t *testing.T) {
	h := newLimited(t, bot.Limits{Title: 20, Text: 50, AgendaItems: 3, Polls: 1, Entries: 2})
	h.do("ann", "start board")
	cases := []struct{ text, want string }{
		{`agenda add "` + strings.Repeat("t", 21) + `"`, "at most 20 characters"},
		{`note "` + strings.Repeat("n", 51) + `"`, "at most 50 characters"},
		{`poll "` + strings.Repeat("q", 21) + `" "A" "B"`, "at most 20 characters"},
		{`rules add "` + strings.Repeat("r", 51) + `"`, "at most 50 characters"},
	}
	for _, c := range cases {
		before := h.snapshot()
		wantContains(t, h.refused("ann", c.text), c.want)
		if h.snapshot() != before {
			t.Errorf("%s: the refusal changed the meeting", c.text)
		}
	}
	h.do("ann", `agenda add "Third"`) // the template has two
	before := h.snapshot()
	wantContains(t, h.refused("ann", `agenda add "Fourth"`), "already has 3 items")
	if h.snapshot() != before {
		t.Error("a refused agenda item changed the meeting")
	}
	h.do("ann", `poll "Lunch?" "Pizza" "Sushi"`)
	h.do("ann", "poll close")
	// Every way a poll is made meets the cap: the ones a side table once
	// missed (elections, consent checks, check-outs, a demanded votering)
	// as well as a plain poll.
	h.do("ann", `propose "att köpa en båt"`)
	h.do("ann", `propose "att inte köpa en båt"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	for _, c := range []struct{ who, text string }{
		{"ann", `poll yesno "Again?"`},
		{"ann", `poll elect 1 "Board" "A" "B"`},
		{"ann", `poll consent "Ok?"`},
		{"ann", "evaluate"},
		{"bo", "demand vote"},
	} {
		before := h.snapshot()
		wantContains(t, h.refused(c.who, c.text), "already has 1 polls")
		if h.snapshot() != before {
			t.Errorf("%s: the refusal changed the meeting", c.text)
		}
	}
	h.do("bo", `note "One"`)
	h.do("bo", `decision "Two"`)
	before = h.snapshot()
	wantContains(t, h.refused("bo", `note "Three"`), "already have 2 entries")
	if h.snapshot() != before {
		t.Error("a refused entry changed the meeting")
	}
	wantContains(t, h.do("ann", "minutes"), "One", "Two")
}

// TestRateLimit: one user sending faster than the limit is refused
// politely, once per stretch through the outbox (clicks and mentions)
// and every time in a slash command's own answer; others are not
// affected, and the limit recovers with time. The console is not limited.
func TestRateLimit(t *testing.T) {
	h := newLimited(t, bot.Limits{CommandsPerSecond: 1, Burst: 3})
	h.do("ann", "start board")
	shared := func(user string) bot.Response {
		return h.req(bot.Request{User: user, Text: "queue", Route: bot.RouteShared})
	}
	for i := range 3 {
		if resp := shared("bo"); resp.Refused {
			t.Fatalf("command %d within the burst refused: %+v", i+1, resp)
		}
	}
	resp := shared("bo")
	if !resp.Refused || !strings.Contains(replyText(resp), "faster than Klubba takes them") {
		t.Errorf("past the burst: %+v", resp)
	}
	if resp := shared("cy"); resp.Refused {
		t.Errorf("another user was limited: %+v", resp)
	}
	h.drain()
	h.clock.Advance(3 * time.Second) // the bucket refills
	for i := range 8 {
		resp := h.req(bot.Request{User: "bo", Text: "queue", Route: bot.RouteAll})
		if i >= 3 && (!resp.Refused || len(resp.Replies) != 0) {
			t.Errorf("a click past the limit: %+v", resp)
		}
	}
	if got := h.drain(); strings.Count(got, "faster than Klubba") != 1 {
		t.Errorf("outbox after 5 refused clicks: %q; want one polite refusal", got)
	}
	h.clock.Advance(3 * time.Second)
	if resp := shared("bo"); resp.Refused {
		t.Errorf("after a pause, still refused: %+v", resp)
	}
	for range 10 {
		h.do("ann", "queue") // the console is not limited
	}
	// One signed click sent again and again (a replay, a redelivery) is
	// handled once, and the copies are ignored, not told to slow down.
	h.clock.Advance(3 * time.Second)
	for i := range 8 {
		resp := h.req(bot.Request{User: "dan", Text: "queue", Route: bot.RouteShared, EventID: bot.ReplayPrefix + "1700000000:v0=abc"})
		if i > 0 && (!resp.Duplicate || len(resp.Replies) != 0) {
			t.Errorf("copy %d of one request: %+v, want ignored as a duplicate", i, resp)
		}
	}
}

// TestMinutesOutsideTheMeeting: entries are stored apart, so the meeting
// record, which every command rewrites, stays the same size however
// long the minutes grow.
func TestMinutesOutsideTheMeeting(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start board")
	size := func() int {
		var n int
		h.store.View(context.Background(), func(tx bot.Tx) error {
			m, err := tx.Running(channel)
			if err != nil {
				return err
			}
			js, _ := json.Marshal(m)
			n = len(js)
			return nil
		})
		return n
	}
	h.do("ann", `note "first"`)
	small := size()
	for i := range 200 {
		h.do("ann", fmt.Sprintf(`note "%s %d"`, strings.Repeat("long note ", 100), i))
	}
	if grown := size(); grown > small+10 {
		t.Errorf("the meeting record grew from %d to %d bytes with 200 notes", small, grown)
	}
	wantContains(t, h.do("ann", "minutes"), "first", "note  199")
}

// TestRateLimiterBounded: the buckets of users who have gone quiet are
// forgotten, so the limiter does not grow with every user ever seen.
func TestRateLimiterBounded(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	for i := range 1000 {
		h.req(bot.Request{User: fmt.Sprintf("u%d", i), Text: "queue", Route: bot.RouteShared})
	}
	if n := bot.RateBuckets(h.bot); n != 1000 {
		t.Fatalf("%d buckets after 1,000 users, want 1000", n)
	}
	h.clock.Advance(time.Minute)
	h.req(bot.Request{User: "late", Text: "queue", Route: bot.RouteShared})
	if n := bot.RateBuckets(h.bot); n != 1 {
		t.Errorf("%d buckets a minute later, want 1", n)
	}
}

// TestCapsWhereThingsAreMade: the title cap holds for every command that
// takes a title or a question (the ones a side table once missed:
// elections, consent checks, brainstorms, go-arounds), and the cap on
// entries holds for a decision the chair finds in a propositionsordning,
// not only for a typed `decision`.
func TestCapsWhereThingsAreMade(t *testing.T) {
	long := `"` + strings.Repeat("q", 21) + `"`
	h := newLimited(t, bot.Limits{Title: 20, Text: 50, Entries: 1})
	h.do("ann", "start board")
	for _, text := range []string{
		`poll elect 1 ` + long + ` "A" "B"`,
		`poll consent ` + long,
		`ideas ` + long,
		`round ` + long,
		`agenda propose ` + long,
	} {
		before := h.snapshot()
		wantContains(t, h.refused("ann", text), "at most 20 characters")
		if h.snapshot() != before {
			t.Errorf("%s: the refusal changed the meeting", text)
		}
	}
	h.do("ann", `note "One"`)
	h.do("ann", `propose "att köpa en båt"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	before := h.snapshot()
	wantContains(t, h.refused("ann", "declare 1"), "already have 1 entries") // ends the window: the decision
	if h.snapshot() != before {
		t.Error("a refused decision changed the meeting")
	}
}
