package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/chat"
)

var discard = slog.New(slog.DiscardHandler)

// waitUntil polls cond for up to 10 s: for what other goroutines do, not
// a timing target.
// TestSlowChannelDelaysNoOther: while a call to one channel hangs,
// another channel's message goes out.
func TestSlowChannelDelaysNoOther(t *testing.T) {
	r := newRig(t)
	release := make(chan struct{})
	var once sync.Once
	r.send.fail = func(op string, o bot.Outgoing) error {
		if o.Channel == "test:slow" {
			r.send.mu.Unlock() // hang without holding the fake's lock
			<-release
			r.send.mu.Lock()
		}
		return nil
	}
	r.enqueue(t, post("slow", "s1"), post("slow", "s2"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.d.Run(ctx) }()
	r.enqueue(t, post("fast", "f1"))
	r.d.Notify()
	bottest.WaitFor(t, func() bool { return r.send.channelLog("fast") == "post test:fast f1" }) // the fast channel's message
	if got := r.send.channelLog("slow"); got != "" {
		t.Errorf("the slow channel delivered %q while hanging", got)
	}
	once.Do(func() { close(release) })
	bottest.WaitFor(t, func() bool { return r.send.channelLog("slow") != "" }) // the slow channel's first message
	cancel()
	<-done
}

// TestBacklogHidesNoOther: a channel with thousands waiting does not
// hide another channel's message behind it, as a global window would.
func TestBacklogHidesNoOther(t *testing.T) {
	r := newRig(t)
	var backlog []bot.Outgoing
	for i := range 5000 {
		backlog = append(backlog, post("busy", fmt.Sprint("b", i)))
	}
	r.enqueue(t, backlog...)
	r.enqueue(t, post("other", "o1"))
	r.d.Round(context.Background())
	if got := r.send.channelLog("other"); got != "post test:other o1" {
		t.Errorf("behind a backlog of 5,000 the other channel got %q", got)
	}
	if got := r.send.channelLog("busy"); got != "post test:busy b0" {
		t.Errorf("the busy channel, paced, sent %q", got)
	}
}

// TestFailingChannelBlocksNoOther: a channel answering 500 is retried
// with backoff while another channel's messages go out at once, and
// still after a restart.
func TestFailingChannelBlocksNoOther(t *testing.T) {
	r := newRig(t)
	r.send.fail = func(op string, o bot.Outgoing) error {
		if o.Channel == "test:bad" {
			return errServer
		}
		return nil
	}
	var bad []bot.Outgoing
	for i := range 1000 {
		bad = append(bad, post("bad", fmt.Sprint("x", i)))
	}
	r.enqueue(t, bad...)
	r.d.Round(context.Background())
	r.enqueue(t, post("good", "g1"))
	r.d.Round(context.Background())
	if got := r.send.channelLog("good"); got != "post test:good g1" {
		t.Errorf("beside a failing channel, the good one got %q", got)
	}
	// A restart (a new deliverer on the same outbox) changes nothing.
	r.d = delivery.New("test", r.store, r.send, &renderer{}, r.clock, discard)
	r.enqueue(t, post("good", "g2"))
	r.clock.Advance(time.Second)
	r.d.Round(context.Background())
	if got := r.send.channelLog("good"); got != "post test:good g1|post test:good g2" {
		t.Errorf("after a restart the good channel got %q", got)
	}
	if r.pending(t) != 1000 {
		t.Errorf("%d pending, want the failing channel's 1000 kept", r.pending(t))
	}
}

// TestUnauthorizedPausesAndKeeps: refused credentials pause the whole
// platform; nothing is dropped, and delivery resumes once they work.
func TestUnauthorizedPausesAndKeeps(t *testing.T) {
	r := newRig(t)
	refused := true
	r.send.fail = func(string, bot.Outgoing) error {
		if refused {
			return fmt.Errorf("%w: invalid_auth", delivery.ErrUnauthorized)
		}
		return nil
	}
	r.enqueue(t, post("a", "a1"), post("b", "b1"))
	next := r.d.Round(context.Background())
	if wait := next.Sub(r.clock.Now()); wait < 10*time.Second || r.pending(t) != 2 {
		t.Fatalf("after invalid_auth: next try in %v, %d pending; want a pause and both kept", wait, r.pending(t))
	}
	r.clock.Advance(5 * time.Second)
	r.enqueue(t, post("c", "c1"))
	if r.d.Round(context.Background()); r.send.all() != "" {
		t.Errorf("sent during the pause: %q", r.send.all())
	}
	refused = false
	r.clock.Advance(time.Minute)
	r.d.Round(context.Background())
	if r.pending(t) != 0 {
		t.Errorf("%d pending after the token works again", r.pending(t))
	}
}

// limitedSender answers every call with a rate limit of a day.
type limitedSender struct{ fakeSender }

var errDayLimit = errors.New("429 for a day")

func (l *limitedSender) Classify(err error) (bool, time.Duration) {
	if err == errDayLimit {
		return true, 24 * time.Hour
	}
	return l.fakeSender.Classify(err)
}

// TestRetryAfterCapped: a Retry-After of a day is honoured for a minute.
func TestRetryAfterCapped(t *testing.T) {
	r := newRig(t)
	s := &limitedSender{}
	s.fail = func(string, bot.Outgoing) error { return errDayLimit }
	r.d = delivery.New("test", r.store, s, &renderer{}, r.clock, discard)
	r.enqueue(t, post("a", "a1"))
	if wait := r.d.Round(context.Background()).Sub(r.clock.Now()); wait != delivery.MaxRetryAfter {
		t.Errorf("Retry-After of 24h: next try in %v, want %v", wait, delivery.MaxRetryAfter)
	}
}

// TestShutdownMarksDelivered: a call under way when the context ends is
// finished and marked delivered, so a restart does not send it again.
func TestShutdownMarksDelivered(t *testing.T) {
	r := newRig(t)
	inCall, release := make(chan struct{}), make(chan struct{})
	r.send.fail = func(op string, o bot.Outgoing) error {
		if o.Reply.Message.Text == "m1" {
			close(inCall)
			r.send.mu.Unlock()
			<-release
			r.send.mu.Lock()
		}
		return nil
	}
	// m2 is posted to the room after m1 (a private message would go
	// in a lane of its own, beside m1).
	r.enqueue(t, post("a", "m1"), post("a", "m2"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.d.Run(ctx) }()
	<-inCall
	cancel() // SIGTERM
	close(release)
	<-done
	if got := r.send.all(); got != "post test:a m1" {
		t.Errorf("sent %q; want the call under way finished and no new one", got)
	}
	if r.pending(t) != 1 {
		t.Fatalf("%d pending; want only m2, m1 marked delivered", r.pending(t))
	}
	r.send.fail = nil
	r.d = delivery.New("test", r.store, r.send, &renderer{}, r.clock, discard)
	r.d.Round(context.Background())
	if got := r.send.all(); strings.Count(got, "m1") != 1 || !strings.Contains(got, "m2") {
		t.Errorf("after a restart: %q; want m1 once and m2", got)
	}
}

// panicky panics at its first render.
type panicky struct {
	renderer
	mu       sync.Mutex
	panicked bool
}

func (p *panicky) Render(ctx context.Context, o bot.Outgoing) (chat.Message, error) {
	p.mu.Lock()
	first := !p.panicked
	p.panicked = true
	p.mu.Unlock()
	if first {
		panic("boom")
	}
	return p.renderer.Render(ctx, o)
}

// TestPanicRecovered: a panic in a worker is logged and the channel is
// tried again; nothing is lost.
func TestPanicRecovered(t *testing.T) {
	r := newRig(t)
	r.d = delivery.New("test", r.store, r.send, &panicky{}, r.clock, discard)
	refresh := edit("a", "poll/1", "")
	refresh.Reply.Refresh = true
	r.enqueue(t, refresh)
	next := r.d.Round(context.Background())
	if r.pending(t) != 1 || next.IsZero() {
		t.Fatalf("after a panic: %d pending, next %v", r.pending(t), next)
	}
	r.clock.Advance(next.Sub(r.clock.Now()))
	r.d.Round(context.Background())
	if got := r.send.all(); got != "post test:a rendered 1" || r.pending(t) != 0 {
		t.Errorf("after the restart: sent %q, %d pending", got, r.pending(t))
	}
}

// TestStateBounded: channels done with are forgotten.
func TestStateBounded(t *testing.T) {
	r := newRig(t)
	var many []bot.Outgoing
	for i := range 500 {
		many = append(many, post(fmt.Sprint("c", i), "hi"))
	}
	r.enqueue(t, many...)
	for range 5 {
		r.d.Round(context.Background())
	}
	r.clock.Advance(time.Minute)
	r.d.Round(context.Background())
	if n := r.d.Tracked(); n != 0 || r.pending(t) != 0 {
		t.Errorf("after delivering to 500 channels: %d tracked, %d pending", n, r.pending(t))
	}
}
