package bot_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
)

// panickyStore panics in its first few write transactions.
type panickyStore struct {
	bot.Store
	panics atomic.Int64
}

func (s *panickyStore) Update(ctx context.Context, fn func(bot.Tx) error) error {
	if s.panics.Add(-1) >= 0 {
		panic("a damaged page")
	}
	return s.Store.Update(ctx, fn)
}

// TestSchedulerRecoversFromPanic: a panic while firing timers is logged
// and the loop goes on; the timer fires once the panics stop.
func TestSchedulerRecoversFromPanic(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll yesno "Loop?" --close 1m`)
	ps := &panickyStore{Store: h.store}
	b, err := bot.New(ps, bot.Options{Templates: h.templates, Clock: h.clock})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Minute) // the timer is due
	ps.panics.Store(2)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- b.RunScheduler(ctx) }()
	results := false
	for i := 0; !results && i < 10; i++ { // each panic makes the loop wait a second
		bottest.WaitFor(t, func() bool {
			results = results || strings.Contains(h.drain(), "Results of poll #1")
			return results || h.clock.Waiters() > 0
		})
		if !results {
			h.clock.Advance(time.Second)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !results || ps.panics.Load() >= 0 {
		t.Errorf("after 2 panics the timer fired: %v (panics left %d)", results, ps.panics.Load())
	}
}
