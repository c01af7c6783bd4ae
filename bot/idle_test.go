package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// TestAbandonedMeetingsStopWriting: 200 meetings whose first item runs
// over and that nobody touches again. The overrun refreshes and the rule
// reminders stop after an hour, the meetings end by themselves after 24
// idle hours, and from then on no timer writes anything
// (docs/benchmarks.md).
func TestAbandonedMeetingsStopWriting(t *testing.T) {
	if testing.Short() {
		t.Skip("48 simulated hours of 200 meetings")
	}
	s, err := typed.Open(bolt.Open(tmpfsDir(t) + "/idle.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clock := bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC))
	b, err := bot.New(s, bot.Options{Templates: []facilitation.Template{timed}, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const meetings = 200
	for i := range meetings {
		r, err := b.Handle(ctx, bot.Request{Channel: fmt.Sprintf("test:c%d", i), User: fmt.Sprintf("chair%d", i), Text: "start timed"})
		if err != nil || r.Refused {
			t.Fatalf("start %d: %v %+v", i, err, r)
		}
	}
	perHour := make([]int, 48)
	for step := range 48 * 6 {
		clock.Advance(10 * time.Minute)
		n, err := b.FireDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		perHour[step/6] += n
	}
	t.Logf("timers fired per simulated hour: %v", perHour)
	// The item's time ran out 10 minutes in; its refreshes end an hour
	// later, the rule reminders (3 an hour) at 80 minutes, and then
	// nothing fires until the idle timers end the meetings in hour 24.
	for h := 2; h < 48; h++ {
		if want := map[bool]int{true: meetings}[h == 23]; perHour[h] != want {
			t.Errorf("hour %d: %d timers fired, want %d", h+1, perHour[h], want)
		}
	}
	err = s.View(ctx, func(tx bot.Tx) error {
		for i := range meetings {
			if _, err := tx.Running(fmt.Sprintf("test:c%d", i)); !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("meeting %d still running after 48 idle hours (%v)", i, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ended := 0
	for after := uint64(0); ; {
		batch, err := s.Pending(ctx, "test", after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(batch) == 0 {
			break
		}
		for _, o := range batch {
			if o.Reply.Message.Header != "" && o.Reply.Message.Text != "" && strings.Contains(o.Reply.Message.Text, "ended by itself") {
				ended++
			}
			after = o.ID
		}
	}
	if ended != meetings {
		t.Errorf("%d notices of a meeting ended by itself, want %d", ended, meetings)
	}
}

// TestIdleCountsFromTheLastChange: a meeting changed now and then is
// not ended by the idle timer; one left alone for a day after its last
// change is, with a notice.
func TestIdleCountsFromTheLastChange(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.drain()
	h.fired(20 * time.Hour)
	h.do("bob", "hand")
	h.drain()
	if got := h.fired(5 * time.Hour); strings.Contains(got, "ended by itself") {
		t.Fatalf("25 h after the start, 5 h after a hand went up: %q", got)
	}
	if got := h.do("ann", "status"); strings.Contains(got, "No meeting") {
		t.Fatalf("the meeting ended: %q", got)
	}
	wantContains(t, h.fired(20*time.Hour), "ended by itself")
	if got := h.fired(48 * time.Hour); got != "" {
		t.Errorf("after the end: %q, want nothing", got)
	}
}

// TestRuleRemindersSleepInAQuietMeeting: the ground rules' reminders
// (every 20 minutes here) stop once nobody has changed the meeting for
// an hour, as a meeting that started itself with nobody there would
// otherwise post them for a day; the next change sets them going again,
// once.
func TestRuleRemindersSleepInAQuietMeeting(t *testing.T) {
	cases := []struct {
		name  string
		hands []time.Duration // when bob raises or lowers his hand
		span  time.Duration
		want  int
	}{
		{"nobody there", nil, 6 * time.Hour, 3},
		{"a hand after a quiet spell wakes them", []time.Duration{5 * time.Hour}, 7 * time.Hour, 6},
		{"two hands in a row wake them once", []time.Duration{5 * time.Hour, 5*time.Hour + 10*time.Minute}, 7 * time.Hour, 6},
		{"a hand each half hour keeps them going", []time.Duration{30 * time.Minute, time.Hour, 90 * time.Minute, 2 * time.Hour}, 3 * time.Hour, 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarnessWith(t, timed)
			h.do("ann", "start timed")
			h.drain()
			reminders, up := 0, false
			for at := 10 * time.Minute; at <= c.span; at += 10 * time.Minute {
				reminders += strings.Count(h.fired(10*time.Minute), "A reminder of our ground rules")
				for _, hand := range c.hands {
					if hand == at {
						up = !up
						h.do("bob", map[bool]string{true: "hand", false: "lower"}[up])
						h.drain()
					}
				}
			}
			if reminders != c.want {
				t.Errorf("%d reminders of the rules in %s, want %d", reminders, c.span, c.want)
			}
		})
	}
}
