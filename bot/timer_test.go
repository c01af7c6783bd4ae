package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// fired advances the clock by d, fires what fell due, and returns what
// the timers posted (read from the outbox, then marked delivered).
func (h *harness) fired(d time.Duration) string {
	h.t.Helper()
	h.clock.Advance(d)
	if _, err := h.bot.FireDue(context.Background()); err != nil {
		h.t.Fatalf("FireDue: %v", err)
	}
	return h.drain()
}

// drain returns the outbox's replies as text and empties it.
func (h *harness) drain() string {
	h.t.Helper()
	ctx := context.Background()
	pending, err := h.store.Pending(ctx, "test", 0, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	var parts []string
	for _, o := range pending {
		if !o.Reply.Edit { // edits of posted messages are not news
			parts = append(parts, replyText(bot.Response{Replies: []chat.Reply{o.Reply}}))
		}
		h.store.Delivered(ctx, o)
	}
	return strings.Join(parts, "\n")
}

var timed = facilitation.Template{
	Name: "timed", Title: "Timed",
	Agenda:    []facilitation.TemplateItem{{Title: "Budget", Timebox: 10 * time.Minute}, {Title: "Elections", Timebox: 5 * time.Minute}},
	Rules:     []string{"Be kind"},
	Queue:     facilitation.QueueRules{MaxTurn: 3 * time.Minute},
	Reminders: facilitation.Reminders{Every: 20 * time.Minute},
}

func TestTimeboxWarningsAndExtend(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.do("ann", "start timed")
	h.drain()
	if got := h.fired(7 * time.Minute); got != "" {
		t.Errorf("after 7 of 10 minutes: %q, want nothing", got)
	}
	wantContains(t, h.fired(time.Minute), "⏳ 2m left for “Budget”.")
	wantContains(t, h.do("ann", "agenda extend 5m"), "“Budget” extended by 5m: 7m left.")
	if got := h.fired(2 * time.Minute); got != "" { // the old time-up at 10m is stale now
		t.Errorf("at the old end: %q, want nothing", got)
	}
	wantContains(t, h.fired(3*time.Minute), "⏳ 2m left")
	wantContains(t, h.fired(2*time.Minute), "⌛ Time is up for “Budget” (15m).")
	wantContains(t, h.do("ann", "agenda"), "▶ **Budget** (15m, 0s left)")
	h.clock.Advance(90 * time.Second)
	wantContains(t, h.do("ann", "agenda"), "(15m, 1m30s over time)")
	// Moving on cancels nothing explicitly: the old item's timers simply no
	// longer match, and the new item gets its own.
	h.do("ann", "next item")
	wantContains(t, h.fired(3*time.Minute), "⏳ 2m left for “Elections”.")
}

func TestPollClosesOnTime(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll yesno "Coffee?" --close 5m`)
	h.do("bo", "vote 1")
	h.drain()
	if got := h.fired(4 * time.Minute); got != "" {
		t.Errorf("before time: %q", got)
	}
	got := h.fired(time.Minute)
	wantContains(t, got, "Results of poll #1: Coffee?", "**Yes** wins with 1 vote", "closed on time")
	wantContains(t, h.refused("cy", "vote #1 1"), "The poll is already closed.")

	// A poll closed by hand before its time: the timer does nothing.
	h.do("ann", `poll yesno "Tea?" --close 5m`)
	h.do("ann", "poll close")
	h.drain()
	if got := h.fired(10 * time.Minute); got != "" {
		t.Errorf("a closed poll's timer posted: %q", got)
	}
}

func TestRemindersAndNudges(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.do("ann", "start timed")
	h.do("bo", "hand")
	h.do("ann", "next")
	h.drain()
	wantContains(t, h.fired(3*time.Minute), "Bo, the speaking time of 3m is up: please come to a close")
	h.do("bo", "done")
	// Bo asks again while Cy, who has been here, has not spoken: the chair hears of it.
	h.do("cy", `note "present"`) // Cy takes part, but does not speak
	resp := h.req(bot.Request{User: "bo", Text: "hand"})
	var nudge *chat.Reply
	for i, r := range resp.Replies {
		if r.To == chat.Recipient && r.User == "ann" {
			nudge = &resp.Replies[i]
		}
	}
	if nudge == nil || !strings.Contains(nudge.Message.Text, "Bo asks to speak again while 1 person has not spoken yet.") {
		t.Errorf("no private nudge to the chair: %+v", resp.Replies)
	}
	// The rules every 20 minutes, and the planned end (15 minutes) passed.
	got := h.fired(17 * time.Minute)
	if strings.Contains(got, "⏳") {
		t.Errorf("a warning fired after its item's time was up: %q", got)
	}
	wantContains(t, got, "We have reached the planned length of the meeting (15m).", "A reminder of our ground rules", "Be kind")
	wantContains(t, h.fired(20*time.Minute), "A reminder of our ground rules")
	h.do("ann", "end")
	if got := h.fired(time.Hour); got != "" {
		t.Errorf("timers of an ended meeting posted: %q", got)
	}
}

func TestNudgesSwitchedOff(t *testing.T) {
	off := false
	tpl := timed
	tpl.Reminders.Nudges = facilitation.Nudges{LongTurn: &off, NotSpoken: &off, Overrun: &off}
	tpl.Reminders.Every = 0
	h := newHarnessWith(t, tpl)
	h.do("ann", "start timed")
	h.do("bo", "hand")
	h.do("ann", "next")
	h.drain()
	got := h.fired(30 * time.Minute)
	for _, unwanted := range []string{"please come to a close", "planned length", "ground rules"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("a switched-off nudge fired: %q", got)
		}
	}
}

func TestTurnNotices(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("bo", "hand")
	h.do("cy", "hand")
	resp := h.req(bot.Request{User: "ann", Text: "next"})
	if len(resp.Replies) != 2 || resp.Replies[0].To != chat.Channel || !strings.Contains(resp.Replies[0].Message.Text, "Bo has the floor. Next: Cy.") ||
		resp.Replies[1].To != chat.Recipient || resp.Replies[1].User != "cy" || !strings.Contains(resp.Replies[1].Message.Text, "You are next, after Bo.") {
		t.Errorf("next = %+v, want a public floor and a private notice to Cy", resp.Replies)
	}
}

// TestRestartFiresOnce schedules a timer, stops, moves the clock past the
// timer, starts again: the timer fires exactly once. One that changes the
// meeting (a poll's close) fires once however late; a notice more than an
// hour late is dropped (TestStaleNoticesDropped).
func TestRestartFiresOnce(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", "start")
	h.do("ann", `poll yesno "A?" --close 5m`)
	h.do("ann", `poll yesno "B?" --close 10m`)
	h.drain()
	h.store.Close()
	h.clock.Advance(6 * time.Minute)
	h.open()
	got := h.fired(0)
	if strings.Count(got, "Results of poll") != 1 || !strings.Contains(got, "A?") {
		t.Errorf("after restart: %q, want poll A's results once", got)
	}
	if got := h.fired(0); got != "" {
		t.Errorf("fired again: %q", got)
	}
	h.store.Close()
	h.clock.Advance(2 * time.Hour) // poll B's timer is now 1h56m late
	h.open()
	if got := h.fired(0); strings.Count(got, "Results of poll #2") != 1 {
		t.Errorf("after 2 hours down: %q, want poll B closed, its results once", got)
	}
	wantContains(t, h.refused("ann", "vote #2 yes"), "closed")
	if got := h.fired(0); got != "" {
		t.Errorf("fired again: %q", got)
	}
}

// TestStaleNoticesDropped: after a long outage a repeating reminder says
// its piece once and goes on from now, rather than once for every time
// it missed; a notice of a speaker's time left, found after that time is
// up, is not sent.
func TestStaleNoticesDropped(t *testing.T) {
	tpl := timed
	tpl.Reminders.Every = 10 * time.Minute
	h := newDurableHarness(t, tpl)
	h.do("ann", "start timed")
	h.do("ann", "queue limit 2m")
	h.do("bo", "hand")
	h.do("ann", "next")
	h.drain()
	h.store.Close()
	h.clock.Advance(45 * time.Minute) // less than the hour after which a quiet meeting's reminders stop
	h.open()
	got := h.fired(0)
	if n := strings.Count(got, "A reminder of our ground rules"); n != 1 {
		t.Errorf("after 45 minutes down, %d rules reminders, want 1:\n%s", n, got)
	}
	if strings.Contains(got, "of your speaking time left") {
		t.Errorf("a warning of time left, after the time was up:\n%s", got)
	}
	if got := h.fired(4 * time.Minute); strings.Contains(got, "ground rules") {
		t.Errorf("the next reminder came 4 minutes after the last: %q", got)
	}
	wantContains(t, h.fired(6*time.Minute), "A reminder of our ground rules")
}

// TestSchedulerLoop runs the real loop on the fake clock: it sleeps until
// the next timer, is woken by a new one, and fires without any test sleep.
func TestSchedulerLoop(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.bot.RunScheduler(ctx) }()
	h.do("ann", "start")
	h.do("ann", `poll yesno "Loop?" --close 1m`)
	bottest.WaitFor(t, func() bool { return h.clock.Waiters() > 0 }) // asleep until the poll's timer
	h.clock.Advance(time.Minute)
	bottest.WaitFor(t, func() bool { return strings.Contains(h.drain(), "Results of poll #1") })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestBadDurations(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start board")
	for _, cmd := range []string{`poll yesno "Q" --close soon`, `poll yesno "Q" --close 0`, `poll yesno "Q" --close -5m`,
		`poll yesno "Q" --close 48h`, "agenda extend 25h", "agenda extend 0s", "agenda extend nine"} {
		wantContains(t, h.refused("ann", cmd), "is not a usable duration")
	}
}

func TestExtendWithNothingRunning(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start board")
	h.do("ann", "next item")
	h.do("ann", "next item") // the agenda is done
	before := h.snapshot()
	wantContains(t, h.refused("ann", "agenda extend 5m"), "No agenda item is running.")
	if h.snapshot() != before {
		t.Error("a refused extend changed the state")
	}
	h.do("ann", "end")
	wantContains(t, h.refused("ann", "end"), "No meeting is running here")
}

// TestOverrunKeepsTheAgendaFresh: while an item runs over, the posted
// agenda is refreshed every minute, and no longer once the chair moves on.
func TestOverrunKeepsTheAgendaFresh(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.do("ann", "start timed")
	h.fired(10 * time.Minute) // warning and time-up
	refreshes := func(d time.Duration) int {
		h.clock.Advance(d)
		if _, err := h.bot.FireDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		pending, _ := h.store.Pending(context.Background(), "test", 0, 100)
		n := 0
		for _, o := range pending {
			if o.Reply.Key == "agenda/1" && o.Reply.Refresh {
				n++
			}
		}
		h.store.Delivered(context.Background(), pending...)
		return n
	}
	if n := refreshes(time.Minute); n != 1 {
		t.Errorf("a minute over time: %d agenda refreshes, want 1", n)
	}
	if n := refreshes(time.Minute); n != 1 {
		t.Errorf("two minutes over time: %d agenda refreshes, want 1", n)
	}
	h.do("ann", "next item")
	h.drain()
	if n := refreshes(time.Minute); n != 0 {
		t.Errorf("after moving on: %d refreshes of the old item, want 0", n)
	}
}

// TestOverrunWaitsForResume: the planned end does not pass while the
// meeting is adjourned (its clocks stand still); it comes after resume,
// later by the adjournment.
func TestOverrunWaitsForResume(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.do("ann", "start timed")
	h.do("ann", "adjourn 20m")
	h.drain()
	if got := h.fired(17 * time.Minute); strings.Contains(got, "planned length") {
		t.Errorf("the planned end passed while adjourned: %q", got)
	}
	h.do("ann", "resume")
	h.drain()
	wantContains(t, h.fired(16*time.Minute), "We have reached the planned length of the meeting (15m).")
}

// TestSameTimerFiresOnce: a timer set again for the same moment (items
// added without a timebox leave the planned end where it was) says its
// piece once.
func TestSameTimerFiresOnce(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.do("ann", "start timed")
	h.do("ann", `agenda add "Coffee"`)
	h.do("ann", `agenda add "Demo"`)
	h.drain()
	if n := strings.Count(h.fired(16*time.Minute), "We have reached the planned length"); n != 1 {
		t.Errorf("the planned end's nudge came %d times, want once", n)
	}
}

// TestLimitLoweredBelowTheTurn: a speaking time lowered below what the
// speaker has already had is up at once.
func TestLimitLoweredBelowTheTurn(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "queue limit 5m")
	h.do("bo", "hand")
	h.do("ann", "next")
	h.clock.Advance(3 * time.Minute)
	wantContains(t, h.do("ann", "queue limit 2m"), "Bo, the speaking time of 2m is up")
}

// TestStaleTimeUpNotSaid: after an outage of hours, an item's time-up is
// not announced as news; the agenda's overrun refreshes still begin.
func TestStaleTimeUpNotSaid(t *testing.T) {
	h := newDurableHarness(t, timed)
	h.do("ann", "start timed")
	h.drain()
	h.store.Close()
	h.clock.Advance(5 * time.Hour)
	h.open()
	if got := h.fired(0); strings.Contains(got, "Time is up") {
		t.Errorf("a time-up hours late: %q", got)
	}
}

// TestLimitLifted: `queue limit off` lifts the speaking time: no
// time-up comes, in English or with `talartid av`.
func TestLimitLifted(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "queue limit 1m")
	h.do("bo", "hand")
	h.do("ann", "next")
	wantContains(t, h.do("ann", "queue limit off"), "The speaking time is no longer limited")
	h.drain()
	if got := h.fired(5 * time.Minute); strings.Contains(got, "speaking time of") {
		t.Errorf("a time-up after the limit was lifted: %q", got)
	}
	h.do("ann", "lang sv")
	wantContains(t, h.do("ann", "talartid av"), "Talartiden är inte längre begränsad")
}

// TestTimeUpSaidOnce: however the chair changes the speaking time during
// a turn, the time is said to be up once, at the limit in force: not
// again when the limit set before would have run out. (Raised after it
// was up, the new limit is up in its turn: the chair gave more time.)
func TestTimeUpSaidOnce(t *testing.T) {
	for _, tt := range []struct {
		name  string
		steps []string // "wait 1m" or a command of the chair's, after "queue limit 3m" and the turn's start
		want  string   // the limit the time-up names
	}{
		{"lowered below the turn", []string{"wait 2m", "queue limit 1m"}, "1m"},
		{"lowered above the turn", []string{"wait 1m", "queue limit 2m"}, "2m"},
		{"raised, then lowered back", []string{"wait 30s", "queue limit 4m", "wait 30s", "queue limit 3m"}, "3m"},
		{"in Swedish", []string{"lang sv", "wait 1m", "talartid 2m"}, "2 min"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "queue limit 3m")
			h.do("bo", "hand")
			h.do("ann", "next")
			var said strings.Builder
			for _, s := range tt.steps {
				if d, ok := strings.CutPrefix(s, "wait "); ok {
					wait, _ := time.ParseDuration(d)
					said.WriteString(h.fired(wait))
					continue
				}
				said.WriteString(h.do("ann", s) + "\n")
				said.WriteString(h.drain())
			}
			said.WriteString(h.fired(10 * time.Minute))
			ups := strings.Count(said.String(), "Bo, the speaking time of") + strings.Count(said.String(), "Bo, talartiden på")
			if ups != 1 || !strings.Contains(said.String(), " "+tt.want+" ") {
				t.Errorf("the time was said to be up %d times, want once, at %s:\n%s", ups, tt.want, said.String())
			}
		})
	}
}

// TestTimersSpeakInTheMeetingsThread: a meeting started in a thread
// (Slack's thread_ts) hears its timers there, not in the channel.
func TestTimersSpeakInTheMeetingsThread(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.req(bot.Request{User: "ann", Text: "start timed", Thread: "1700000000.000100"})
	h.clock.Advance(11 * time.Minute)
	if _, err := h.bot.FireDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	pending, err := h.store.Pending(context.Background(), "test", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range pending {
		if o.Reply.Edit || !strings.Contains(o.Reply.Message.Text, "Time is up") {
			continue
		}
		n++
		if o.Reply.Thread != "1700000000.000100" {
			t.Errorf("%q was posted in thread %q, want the meeting's", o.Reply.Message.Text, o.Reply.Thread)
		}
	}
	if n == 0 {
		t.Fatal("no time-up was posted")
	}
}
