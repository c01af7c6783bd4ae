package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/chat"
)

var errTooFast = errors.New("429 ratelimited")

// strictSender paces as Slack does at its strictest, on the rig's
// clock: one message posted or edited per second per channel, and one
// private message per second per channel besides; a call sooner is
// refused with a Retry-After of one second. It notes when each message
// reached the channel.
type strictSender struct {
	clock *bot.ManualClock
	mu    sync.Mutex
	last  map[string]time.Time
	at    map[string]time.Time
	calls map[string]int
}

func (s *strictSender) call(class string, o bot.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.calls[class]++
	k := class + " " + o.Channel
	if t, ok := s.last[k]; ok && now.Before(t.Add(time.Second)) {
		return errTooFast
	}
	s.last[k] = now
	s.at[o.Reply.Message.Text] = now
	return nil
}

func (s *strictSender) Post(_ context.Context, o bot.Outgoing) (string, error) {
	return "ref", s.call("room", o)
}
func (s *strictSender) Update(_ context.Context, _ string, o bot.Outgoing) error {
	return s.call("room", o)
}
func (s *strictSender) Private(_ context.Context, o bot.Outgoing) error { return s.call("private", o) }
func (s *strictSender) Classify(err error) (bool, time.Duration) {
	if errors.Is(err, errTooFast) {
		return true, time.Second
	}
	return false, 0
}

// TestResultsBeforeConfirmations: after a storm of 1,000 votes, each
// with its private confirmation, the results reach the room within 2 s
// of the close, though the platform takes one write a second per
// channel (docs/benchmarks.md), and the poll message shows its closed
// state right after. The confirmations go on at their own pace.
func TestResultsBeforeConfirmations(t *testing.T) {
	r := newRig(t)
	send := &strictSender{clock: r.clock, last: map[string]time.Time{}, at: map[string]time.Time{}, calls: map[string]int{}}
	r.d = delivery.New("test", r.store, send, &renderer{}, r.clock, discard)
	ctx := context.Background()
	poll := post("room", "poll")
	poll.Reply.Key = "poll/1"
	r.enqueue(t, poll)
	r.d.Round(ctx)
	var storm []bot.Outgoing
	for i := range 1000 {
		storm = append(storm, edit("room", "poll/1", fmt.Sprint("tally ", i+1)),
			bot.Outgoing{Channel: "test:room", Reply: chat.Reply{To: chat.Recipient, User: fmt.Sprint("v", i), Message: chat.Message{Text: fmt.Sprint("you voted ", i)}}})
	}
	r.enqueue(t, storm...)
	r.clock.Advance(time.Second)
	r.d.Round(ctx)
	r.clock.Advance(time.Second)
	closed := r.clock.Now()
	r.enqueue(t, edit("room", "poll/1", "closed"), post("room", "results"))
	for range 100 {
		next := r.d.Round(ctx)
		if _, ok := send.at["results"]; ok {
			break
		}
		if next.IsZero() || !next.After(r.clock.Now()) {
			next = r.clock.Now().Add(100 * time.Millisecond)
		}
		r.clock.Advance(next.Sub(r.clock.Now()))
	}
	at, ok := send.at["results"]
	if !ok {
		t.Fatalf("the results were never posted (%d calls to the room, %d private)", send.calls["room"], send.calls["private"])
	}
	if d := at.Sub(closed); d > 2*time.Second {
		t.Errorf("the results reached the room %s after the close, want at most 2s", d)
	}
	// The poll message shows its closed state too, at the platform's
	// next allowed write: the room's news went first.
	for range 30 {
		if _, ok := send.at["closed"]; ok {
			break
		}
		next := r.d.Round(ctx)
		if next.IsZero() || !next.After(r.clock.Now()) {
			next = r.clock.Now().Add(100 * time.Millisecond)
		}
		r.clock.Advance(next.Sub(r.clock.Now()))
	}
	if c, ok := send.at["closed"]; !ok || c.Sub(at) > 2*time.Second {
		t.Errorf("the poll message was not edited to its closed state within 2s of the results")
	}
	if n := len(send.at) - 3; n >= 1000 { // poll, closed, results, tallies and confirmations
		t.Errorf("all the confirmations went out before the results (%d messages)", n)
	}
}
