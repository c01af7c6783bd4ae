package etcd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/etcd"
	"github.com/klubba/klubba/store/typed"
	clientv3 "go.etcd.io/etcd/client/v3"
	"golang.org/x/sync/errgroup"
)

// platform is the fake chat platform that every replica delivers to. It
// counts each outbox entry it is handed, so that duplicates (a leader
// cut off between the platform's answer and the outbox's removal) are
// measured, and de-duplicates by the entry's ID as a platform keyed by
// it would.
type platform struct {
	mu    sync.Mutex
	calls map[uint64]int
	texts map[uint64]string
}

func (p *platform) note(o bot.Outgoing) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[o.ID]++
	p.texts[o.ID] = o.Reply.Message.Header + " " + o.Reply.Message.Text
}

func (p *platform) Post(_ context.Context, o bot.Outgoing) (string, error) {
	p.note(o)
	return fmt.Sprint("ref-", o.ID), nil
}
func (p *platform) Update(_ context.Context, _ string, o bot.Outgoing) error { p.note(o); return nil }
func (p *platform) Private(_ context.Context, o bot.Outgoing) error          { p.note(o); return nil }
func (p *platform) Classify(error) (bool, time.Duration)                     { return true, 0 }

// replica is one Klubba process: a store client, the bot, and the
// scheduler and delivery that run while it leads.
type replica struct {
	name    string
	store   *etcd.Store
	bot     *bot.Bot
	cancel  context.CancelFunc
	done    chan struct{}
	dead    atomic.Bool
	leading atomic.Bool
}

func startReplica(t *testing.T, name string, endpoints []string, prefix string, send delivery.Sender) *replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := etcd.Open(ctx, etcd.Options{Endpoints: endpoints, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{name: name, store: s, cancel: cancel, done: make(chan struct{})}
	log := slog.New(slog.DiscardHandler)
	var d *delivery.Deliverer
	ts := typed.New(s)
	b, err := bot.New(ts, bot.Options{Clock: bot.SystemClock{}, Logger: log, Notify: func() { d.Notify() }})
	if err != nil {
		t.Fatal(err)
	}
	d = delivery.New("test", ts, send, b, bot.SystemClock{}, log)
	r.bot = b
	go func() {
		defer close(r.done)
		s.Lead(ctx, "workers", name, func(ctx context.Context) error {
			r.leading.Store(true)
			defer r.leading.Store(false)
			g, ctx := errgroup.WithContext(ctx)
			g.Go(func() error { ts.Watch(ctx, b.WakeScheduler, d.Notify); return nil })
			g.Go(func() error { return b.RunScheduler(ctx) })
			g.Go(func() error { return d.Run(ctx) })
			return g.Wait()
		})
	}()
	t.Cleanup(r.kill)
	return r
}

// kill stops a replica as a crash would: its connection to etcd goes
// first, so it neither resigns nor revokes its lease, and whatever it
// was doing fails.
func (r *replica) kill() {
	if r.dead.Swap(true) {
		return
	}
	r.store.Client().Close()
	r.cancel()
	<-r.done
}

// TestFaults is docs/architecture.md, "Beyond one machine"'s test: a 3-member etcd cluster, 3 Klubba
// replicas behind a round-robin client, and a vote storm during which the
// leading replica and an etcd member are killed. Every acknowledged vote
// is counted, every timer fires once, no reply is lost; the platform's
// duplicates are counted and reported.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-member etcd cluster")
	}
	c := startCluster(t, 3)
	prefix := "fault/"
	send := &platform{calls: map[uint64]int{}, texts: map[uint64]string{}}
	var replicas []*replica
	for i := range 3 {
		replicas = append(replicas, startReplica(t, fmt.Sprintf("r%d", i), c.endpoints(), prefix, send))
	}
	// Every reply enqueued, by any replica, seen from outside.
	watcher := c.client()
	enqueued := map[uint64]store.Outgoing{}
	var emu sync.Mutex
	wctx, wcancel := context.WithCancel(context.Background())
	defer wcancel()
	wstart, err := watcher.Get(wctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for resp := range watcher.Watch(wctx, prefix+"outbox/", clientv3.WithPrefix(), clientv3.WithRev(wstart.Header.Revision), clientv3.WithFilterDelete()) {
			for _, ev := range resp.Events {
				var o bot.Outgoing
				if json.Unmarshal(ev.Kv.Value, &o) == nil && o.Channel != "" {
					o.ID = etcd.OutboxID(ev.Kv)
					emu.Lock()
					enqueued[o.ID] = o
					emu.Unlock()
				}
			}
		}
	}()

	// The client: round robin over the live replicas; a failed request
	// goes to the next one, with the same event ID, as a platform's
	// retry would.
	var next atomic.Uint64
	ctx := context.Background()
	do := func(req bot.Request) (bot.Response, error) {
		var last error
		for try := 0; try < 40; try++ {
			r := replicas[next.Add(1)%uint64(len(replicas))]
			if r.dead.Load() {
				continue
			}
			rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			resp, err := r.bot.Handle(rctx, req)
			cancel()
			if err == nil {
				return resp, nil
			}
			last = err
			time.Sleep(50 * time.Millisecond)
		}
		return bot.Response{}, fmt.Errorf("no replica took %q: %w", req.EventID, last)
	}
	must := func(channel, user, text string) bot.Response {
		t.Helper()
		resp, err := do(bot.Request{Channel: channel, User: user, Text: text, Route: bot.RouteShared, EventID: fmt.Sprintf("%s/%s/%d", channel, user, time.Now().UnixNano())})
		if err != nil || resp.Refused {
			t.Fatalf("%s in %s: %+v, %v", text, channel, resp, err)
		}
		return resp
	}

	// Timers: four rooms with polls that close by themselves while the
	// storm goes on, before and after the kills.
	const timedRooms = 4
	for i := range timedRooms {
		room := fmt.Sprintf("test:timed%d", i)
		must(room, "chair", "start")
		must(room, "chair", fmt.Sprintf(`poll yesno "Timed %d?" --close %ds`, i, 2+2*i))
		must(room, "v", "vote 1")
	}
	// The storm's poll.
	const room = "test:storm"
	must(room, "chair", "start")
	must(room, "chair", `poll yesno "Storm?"`)
	var pollID int64
	typed.New(replicas[0].store).View(ctx, func(tx *typed.Tx) error {
		m, err := tx.Running(room)
		if err == nil && len(m.Polls) > 0 {
			pollID = m.Polls[len(m.Polls)-1]
		}
		return err
	})
	if pollID == 0 {
		t.Fatal("no storm poll")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !slicesAny(replicas, func(r *replica) bool { return r.leading.Load() }) {
		if time.Now().After(deadline) {
			t.Fatal("no replica was elected")
		}
		time.Sleep(20 * time.Millisecond)
	}

	const voters, concurrency = 600, 24
	var acked sync.Map
	var ackCount, failed atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range concurrency {
		wg.Go(func() {
			for i := range jobs {
				voter := fmt.Sprintf("voter%03d", i)
				resp, err := do(bot.Request{Channel: room, User: voter, Action: &chat.Action{ID: chat.ActionVote, Value: fmt.Sprintf("%d:%d", pollID, 1+i%2)},
					Route: bot.RouteShared, EventID: "vote-" + voter})
				if err != nil || resp.Refused {
					failed.Add(1)
					t.Logf("vote of %s not acknowledged: %+v, %v", voter, resp, err)
					continue
				}
				acked.Store(voter, 1+i%2)
				ackCount.Add(1)
			}
		})
	}
	var killedReplica string
	var kills sync.WaitGroup
	for i := range voters {
		if i == voters/3 {
			// The kills take time (a member's Close waits for its
			// requests): the storm goes on meanwhile.
			kills.Go(func() {
				t0 := time.Now()
				for _, r := range replicas {
					if r.leading.Load() {
						killedReplica = r.name
						r.kill()
						break
					}
				}
				t1 := time.Now()
				c.members[1].stop()
				t.Logf("killed the leading replica in %v and an etcd member in %v", t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
			})
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	kills.Wait()
	storm := time.Since(start)
	t.Logf("storm over in %v", storm.Round(time.Millisecond))
	if killedReplica == "" {
		t.Error("no leader to kill")
	}
	must(room, "chair", "poll close")

	// Wait for the timers and the outbox.
	deadline = time.Now().Add(40 * time.Second)
	var alive *replica
	for _, r := range replicas {
		if !r.dead.Load() {
			alive = r
		}
	}
	for {
		depth, err := typed.New(alive.store).OutboxDepth(context.Background())
		var timersLeft bool
		typed.New(alive.store).View(ctx, func(tx *typed.Tx) error {
			// Due timers; the meeting's idle timer (24 h away) stays.
			next, err := tx.NextTimer()
			timersLeft = err == nil && next.Due.Before(time.Now().Add(time.Hour))
			return nil
		})
		if err == nil && depth == 0 && !timersLeft {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 40 s: outbox depth %d (%v), timers left %v", depth, err, timersLeft)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the watcher catches up

	// Every acknowledged vote is counted.
	var poll *facilitation.Poll
	if err := typed.New(alive.store).View(ctx, func(tx *typed.Tx) (err error) { poll, err = tx.Poll(pollID); return err }); err != nil {
		t.Fatal(err)
	}
	lost := 0
	acked.Range(func(k, v any) bool {
		if b, ok := poll.Votes[k.(string)]; !ok || len(b) != 1 || b[0] != v.(int)-1 {
			lost++
		}
		return true
	})
	if lost > 0 {
		t.Errorf("%d acknowledged votes are not counted (of %d)", lost, ackCount.Load())
	}
	if int64(len(poll.Votes)) < ackCount.Load() {
		t.Errorf("%d votes counted, %d acknowledged", len(poll.Votes), ackCount.Load())
	}

	// Every timer fired once: one results message per timed room.
	send.mu.Lock()
	defer send.mu.Unlock()
	emu.Lock()
	defer emu.Unlock()
	for i := range timedRooms {
		results := 0
		for _, o := range enqueued {
			if o.Channel == fmt.Sprintf("test:timed%d", i) && !o.Reply.Edit && strings.Contains(o.Reply.Message.Header+o.Reply.Message.Text, "Results of poll") {
				results++
			}
		}
		if results != 1 {
			t.Errorf("timed room %d: %d results messages enqueued, want 1 (the timer fired %d times)", i, results, results)
		}
	}
	// No reply lost: every entry that is not an edit reached the
	// platform; edits of one message may be coalesced into the latest.
	var missing, dups, calls int
	for id, o := range enqueued {
		n := send.calls[id]
		calls += n
		if n > 1 {
			dups += n - 1
		}
		if n == 0 && !o.Reply.Edit {
			missing++
			t.Errorf("reply %d to %s was never delivered: %q", id, o.Channel, o.Reply.Message.Text)
		}
	}
	t.Logf("storm: %d votes through 3 replicas in %v (%.0f/s), %d acknowledged, %d not; killed replica %s (the leader) and etcd member %s",
		voters, storm.Round(time.Millisecond), float64(voters)/storm.Seconds(), ackCount.Load(), failed.Load(), killedReplica, c.members[1].name)
	var commits, conflicts uint64
	for _, r := range replicas {
		c, x := r.store.Stats()
		commits, conflicts = commits+c, conflicts+x
	}
	t.Logf("transactions: %d committed, %d attempts lost to another replica and ran again", commits, conflicts)
	t.Logf("outbox: %d entries enqueued, %d platform calls, %d duplicates (de-duplicated by outbox ID at the platform), %d missing",
		len(enqueued), calls, dups, missing)
}

func slicesAny[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}
