package etcd_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/etcd"
	"github.com/klubba/klubba/store/typed"
)

// TestScheduledStartFiresOnce: two replicas on one etcd, whose schedulers
// both fire the due timers at once (as during a change of leader), start
// a scheduled meeting once and post its start once.
func TestScheduledStartFiresOnce(t *testing.T) {
	prefix := fmt.Sprintf("test/sched-%d/", time.Now().UnixNano())
	clock := bot.NewManualClock(bottest.Epoch)
	tpl := facilitation.Template{Name: "board", Title: "Board", Agenda: []facilitation.TemplateItem{{Title: "Budget", Timebox: 10 * time.Minute}}}
	var bots []*bot.Bot
	var stores []*typed.Store
	for range 2 {
		s, err := etcd.Open(context.Background(), etcd.Options{Endpoints: endpoints(t), Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		ts := typed.New(s)
		b, err := bot.New(ts, bot.Options{Templates: []facilitation.Template{tpl}, Clock: clock, Codec: bottest.Codec{}})
		if err != nil {
			t.Fatal(err)
		}
		bots, stores = append(bots, b), append(stores, ts)
	}
	ctx := context.Background()
	resp, err := bots[0].Handle(ctx, bot.Request{Channel: "test:c1", User: "ann", UserName: "Ann", Text: `schedule board "Board" 2026-11-28 18:00 --every week`})
	if err != nil || resp.Refused {
		t.Fatalf("schedule: %+v %v", resp, err)
	}
	for week := range 2 {
		clock.Advance(7 * 24 * time.Hour)
		if week == 0 {
			clock.Advance(-6 * 24 * time.Hour) // the first is a day after the epoch
		}
		var wg sync.WaitGroup
		for _, b := range bots {
			wg.Go(func() {
				if _, err := b.FireDue(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		pending, err := stores[1].Pending(ctx, "test", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		starts := 0
		for _, o := range pending {
			if strings.Contains(o.Reply.Message.Header, "Meeting started: Board") {
				starts++
			}
		}
		if starts != 1 {
			t.Fatalf("week %d: the start was posted %d times", week+1, starts)
		}
		if err := stores[0].Delivered(ctx, pending...); err != nil {
			t.Fatal(err)
		}
		if r, err := bots[1].Handle(ctx, bot.Request{Channel: "test:c1", User: "ann", UserName: "Ann", Text: "end"}); err != nil || r.Refused {
			t.Fatalf("end: %+v %v", r, err)
		}
		if p, _ := stores[0].Pending(ctx, "test", 0, 100); len(p) > 0 {
			stores[0].Delivered(ctx, p...)
		}
	}
}
