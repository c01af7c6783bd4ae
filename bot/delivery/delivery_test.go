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

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/chat"
)

// fakeSender records what it sends and fails as told.
type fakeSender struct {
	mu   sync.Mutex
	log  []string
	fail func(op string, o bot.Outgoing) error
	n    int
}

// channelLog returns what was sent to a channel, in order.
func (f *fakeSender) channelLog(ch string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, l := range f.log {
		if strings.Contains(l, " test:"+ch+" ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "|")
}

func (f *fakeSender) all() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.log, "|")
}

var (
	errRateLimited = errors.New("429")
	errServer      = errors.New("500")
	errRefused     = errors.New("400")
)

func (f *fakeSender) do(op string, o bot.Outgoing) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(op, o); err != nil {
			return err
		}
	}
	f.log = append(f.log, op+" "+o.Channel+" "+o.Reply.Message.Text)
	return nil
}

func (f *fakeSender) Post(_ context.Context, o bot.Outgoing) (string, error) {
	f.mu.Lock()
	f.n++
	n := f.n
	f.mu.Unlock()
	return fmt.Sprintf("ref-%d", n), f.do("post", o)
}
func (f *fakeSender) Update(_ context.Context, ref string, o bot.Outgoing) error {
	return f.do("update@"+ref, o)
}
func (f *fakeSender) Private(_ context.Context, o bot.Outgoing) error { return f.do("private", o) }
func (f *fakeSender) Classify(err error) (bool, time.Duration) {
	switch err {
	case errRateLimited:
		return true, 5 * time.Second
	case errServer:
		return true, 0
	}
	return false, 0
}

// renderer renders refreshes as the count of renders so far.
type renderer struct{ n int }

func (r *renderer) Render(context.Context, bot.Outgoing) (chat.Message, error) {
	r.n++
	return chat.Message{Text: fmt.Sprintf("rendered %d", r.n)}, nil
}

type rig struct {
	store *typed.Store
	send  *fakeSender
	clock *bot.ManualClock
	d     *delivery.Deliverer
}

func newRig(t *testing.T) *rig {
	s := typed.New(mem.New())
	r := &rig{store: s, send: &fakeSender{}, clock: bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC))}
	r.d = delivery.New("test", s, r.send, &renderer{}, r.clock, slog.New(slog.DiscardHandler))
	return r
}

func (r *rig) enqueue(t *testing.T, os ...bot.Outgoing) {
	t.Helper()
	err := r.store.Update(context.Background(), func(tx bot.Tx) error {
		for _, o := range os {
			if err := tx.Enqueue(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func post(ch, text string) bot.Outgoing {
	return bot.Outgoing{Channel: "test:" + ch, Reply: chat.Reply{To: chat.Channel, Message: chat.Message{Text: text}}}
}

func edit(ch, key, text string) bot.Outgoing {
	o := post(ch, text)
	o.Reply.Key, o.Reply.Edit = key, true
	return o
}

func (r *rig) pending(t *testing.T) int {
	p, err := r.store.Pending(context.Background(), "test", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(p)
}

// TestPacingAndOrder: one new message per second per channel, channels
// independent, order kept within a channel.
func TestPacingAndOrder(t *testing.T) {
	r := newRig(t)
	r.enqueue(t, post("a", "a1"), post("b", "b1"), post("a", "a2"), post("a", "a3"))
	next := r.d.Round(context.Background())
	if a, b := r.send.channelLog("a"), r.send.channelLog("b"); a != "post test:a a1" || b != "post test:b b1" || next.Sub(r.clock.Now()) != time.Second {
		t.Fatalf("first round sent %q and %q, next in %v", a, b, next.Sub(r.clock.Now()))
	}
	r.clock.Advance(time.Second)
	r.d.Round(context.Background())
	r.clock.Advance(time.Second)
	r.d.Round(context.Background())
	if got := r.send.channelLog("a"); got != "post test:a a1|post test:a a2|post test:a a3" || r.pending(t) != 0 {
		t.Errorf("sent %q, %d pending", got, r.pending(t))
	}
}

// TestEditsCoalesce: edits of one message waiting together become one
// update with the latest state; a keyed post is remembered for them.
func TestEditsCoalesce(t *testing.T) {
	r := newRig(t)
	first := post("a", "poll v0")
	first.Reply.Key = "poll/1"
	r.enqueue(t, first, edit("a", "poll/1", "v1"), edit("a", "poll/1", "v2"), post("a", "later"), edit("a", "poll/1", "v3"))
	for range 5 {
		r.d.Round(context.Background())
		r.clock.Advance(time.Second)
	}
	got := r.send.all()
	if got != "post test:a poll v0|update@ref-1 test:a v3|post test:a later" || r.pending(t) != 0 {
		t.Errorf("sent %q, %d pending; want the post, one update with v3, then the later post", got, r.pending(t))
	}
}

func TestRefreshRenderedAtDelivery(t *testing.T) {
	r := newRig(t)
	refresh := edit("a", "poll/1", "")
	refresh.Reply.Refresh = true
	r.enqueue(t, refresh, refresh, refresh)
	r.d.Round(context.Background())
	if got := r.send.all(); got != "post test:a rendered 1" {
		t.Errorf("sent %q; want one post rendered once", got)
	}
}

func TestFailures(t *testing.T) {
	r := newRig(t)
	calls := 0
	r.send.fail = func(op string, o bot.Outgoing) error {
		calls++
		switch o.Reply.Message.Text {
		case "limited":
			if calls == 1 {
				return errRateLimited
			}
		case "flaky":
			if calls <= 4 {
				return errServer
			}
		case "bad":
			return errRefused
		}
		return nil
	}
	r.enqueue(t, post("a", "limited"))
	next := r.d.Round(context.Background())
	if next.Sub(r.clock.Now()) != 5*time.Second || r.send.all() != "" {
		t.Fatalf("a rate limit: next try in %v, sent %v", next.Sub(r.clock.Now()), r.send.log)
	}
	r.clock.Advance(5 * time.Second)
	r.d.Round(context.Background())

	calls = 1
	r.enqueue(t, post("b", "flaky"), post("b", "after"))
	var waits []time.Duration
	for range 6 {
		r.clock.Advance(time.Second)
		if next := r.d.Round(context.Background()); !next.IsZero() {
			waits = append(waits, next.Sub(r.clock.Now()))
			r.clock.Advance(next.Sub(r.clock.Now()))
		}
	}
	if got := fmt.Sprint(waits); !strings.HasPrefix(got, "[1s 2s 4s") {
		t.Errorf("backoff waits = %v, want doubling from 1s", waits)
	}

	r.enqueue(t, post("c", "bad"), post("c", "fine"))
	r.clock.Advance(time.Minute)
	r.d.Round(context.Background())
	got := r.send.all()
	if !strings.Contains(got, "post test:c fine") || strings.Contains(got, "bad") || r.pending(t) != 0 {
		t.Errorf("a refused message should be dropped and the rest sent: %q, %d pending", got, r.pending(t))
	}
	if !strings.Contains(got, "post test:a limited") || r.send.channelLog("b") != "post test:b flaky|post test:b after" {
		t.Errorf("retried messages missing or out of order: %q", got)
	}
}

// newEditedPoll is a rig whose channel has a poll message, posted and then
// edited (v1) at the time it returns.
func newEditedPoll(t *testing.T) (*rig, time.Time) {
	r := newRig(t)
	first := post("a", "poll v0")
	first.Reply.Key = "poll/1"
	r.enqueue(t, first)
	r.d.Round(context.Background())
	r.clock.Advance(time.Second)
	r.enqueue(t, edit("a", "poll/1", "v1"))
	r.d.Round(context.Background())
	return r, r.clock.Now()
}

// TestPostOvertakesAWaitingEdit: a poll's results are posted at once
// even when the poll message's last edit was under EditInterval ago; the
// edits waiting for that interval go when it ends, coalesced, and
// nothing of their key (a fresh post of the same message) overtakes them.
func TestPostOvertakesAWaitingEdit(t *testing.T) {
	r, edited := newEditedPoll(t)
	r.clock.Advance(100 * time.Millisecond)
	again := post("a", "poll v0 again")
	again.Reply.Key = "poll/1"
	r.enqueue(t, edit("a", "poll/1", "v2"), post("a", "results"), edit("a", "poll/1", "v3"), again)
	next := r.d.Round(context.Background())
	if got := r.send.all(); got != "post test:a poll v0|update@ref-1 test:a v1|post test:a results" || !next.Equal(edited.Add(delivery.EditInterval)) {
		t.Fatalf("sent %q, next round at +%v; want the results posted at once, the edit waiting for its interval (+1s)", got, next.Sub(edited))
	}
	for range 3 {
		r.clock.Advance(time.Second)
		r.d.Round(context.Background())
	}
	want := "post test:a poll v0|update@ref-1 test:a v1|post test:a results|update@ref-1 test:a v3|post test:a poll v0 again"
	if got := r.send.all(); got != want || r.pending(t) != 0 {
		t.Errorf("sent %q, %d pending; want %q", got, r.pending(t), want)
	}
}

// TestRefusedPostGoesFirst: a post the platform refused for a while (429)
// goes first when the channel resumes, ahead of an edit of another
// message that fell due meanwhile: the results reach the room first.
func TestRefusedPostGoesFirst(t *testing.T) {
	r, _ := newEditedPoll(t)
	r.clock.Advance(100 * time.Millisecond)
	refused := false
	r.send.fail = func(op string, o bot.Outgoing) error {
		if op == "post" && o.Reply.Message.Text == "results" && !refused {
			refused = true
			return errRateLimited
		}
		return nil
	}
	r.enqueue(t, edit("a", "poll/1", "closed"), post("a", "results"))
	r.d.Round(context.Background()) // the edit waits for its interval; the post is refused
	for range 10 {
		r.clock.Advance(time.Second)
		r.d.Round(context.Background())
	}
	want := "post test:a poll v0|update@ref-1 test:a v1|post test:a results|update@ref-1 test:a closed"
	if got := r.send.all(); !refused || got != want || r.pending(t) != 0 {
		t.Errorf("sent %q, %d pending (refused once: %v); want %q", got, r.pending(t), refused, want)
	}
}
