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
// over and that nobody touches again. The overrun refreshes stop after
// an hour, the rule reminders when the meetings end by themselves after
// 24 idle hours, and from then on no timer writes anything
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
	// later, and from hour 3 only the rule reminders (3 an hour) remain.
	if perHour[2] > 3*meetings {
		t.Errorf("hour 3: %d timers fired; the overrun refreshes should have stopped after an hour", perHour[2])
	}
	for h := 25; h < 48; h++ {
		if perHour[h] != 0 {
			t.Errorf("hour %d: %d timers fired, want none once the meetings ended", h+1, perHour[h])
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
