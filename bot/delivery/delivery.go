// Package delivery drains a platform's line of the outbox into the
// platform: in order per channel, paced, edits of one message coalesced,
// retried with backoff on transient failures and after Retry-After when
// rate limited. Each platform adapter supplies a Sender.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/klubba/klubba/bot"
)

// Delivery pacing.
const (
	// PostInterval keeps new messages to one per second per channel: the
	// rate Slack's chat.postMessage sustains in a channel, and a pace that
	// keeps a Teams conversation readable.
	PostInterval = time.Second
	// EditInterval keeps edits of one message to one per second; edits
	// waiting meanwhile are coalesced, the latest state winning.
	EditInterval = time.Second
	// maxBackoff caps the wait between tries after transient failures.
	maxBackoff = time.Minute
	// batch is how many outbox entries one round reads.
	batch = 1000
	// callTimeout bounds one call to the platform.
	callTimeout = 10 * time.Second
)

// errUnrenderable is a Refresh reply whose message cannot be rendered
// (its poll is gone): it is dropped.
var errUnrenderable = errors.New("cannot render")

// ErrGone is returned by Sender.Update when the message to edit no longer
// exists: it is then posted anew.
var ErrGone = errors.New("message gone")

// Sender sends to one platform.
type Sender interface {
	// Post posts a new message to o.Channel and returns a reference to it,
	// which Update gets to edit it.
	Post(ctx context.Context, o bot.Outgoing) (ref string, err error)
	// Update replaces the message at ref.
	Update(ctx context.Context, ref string, o bot.Outgoing) error
	// Private shows a message to o.Reply.User only.
	Private(ctx context.Context, o bot.Outgoing) error
	// Classify says whether a failure is worth another try and, for a
	// rate limit, how long to wait (0 means back off as usual).
	Classify(err error) (retry bool, after time.Duration)
}

// Renderer renders the message of a Refresh reply from the current
// state; *bot.Bot is one.
type Renderer interface {
	Render(ctx context.Context, o bot.Outgoing) (bot.Message, error)
}

// Store is what delivery needs of the store.
type Store interface {
	Pending(ctx context.Context, platform string, after uint64, n int) ([]bot.Outgoing, error)
	Delivered(ctx context.Context, os ...bot.Outgoing) error
	MessageRef(ctx context.Context, key string) (string, error)
	PutMessageRef(ctx context.Context, key, ref string) error
}

// Deliverer drains one platform's line of the outbox. An entry leaves
// the outbox only once the platform has it, so a crash or an outage loses
// nothing (a crash between the platform's answer and the removal may post
// a message twice).
type Deliverer struct {
	platform string
	store    Store
	send     Sender
	render   Renderer
	clock    bot.Clock
	log      *slog.Logger
	wake     chan struct{}
	channels map[string]*channelState
	lastEdit map[string]time.Time
	onFail   func(transient bool)
	// backlog is the undelivered entries read so far, in outbox order, so
	// that a round reads only what is new (entries above lastID); removed
	// notes the entries that left the outbox during a round.
	backlog []bot.Outgoing
	lastID  uint64
	removed map[uint64]bool
}

// OnFailure sets a function told of every failed call, for metrics.
// Call it before Run.
func (d *Deliverer) OnFailure(f func(transient bool)) { d.onFail = f }

// channelState paces and retries one channel.
type channelState struct {
	nextPost time.Time
	retryAt  time.Time
	failures int
}

// New returns a delivery worker for a platform's channels.
func New(platform string, s Store, send Sender, render Renderer, clock bot.Clock, log *slog.Logger) *Deliverer {
	return &Deliverer{platform: platform, store: s, send: send, render: render, clock: clock, log: log, wake: make(chan struct{}, 1),
		channels: map[string]*channelState{}, lastEdit: map[string]time.Time{}}
}

// Notify tells the worker that the outbox has new entries.
func (d *Deliverer) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (d *Deliverer) Run(ctx context.Context) error {
	for {
		next := d.Round(ctx)
		var wait <-chan time.Time
		if !next.IsZero() {
			wait = d.clock.After(next.Sub(d.clock.Now()))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-wait:
		}
	}
}

// Round delivers what may be delivered now and returns when to try
// again; the zero time means when notified.
func (d *Deliverer) Round(ctx context.Context) time.Time {
	now := d.clock.Now()
	if len(d.backlog) < batch {
		fresh, err := d.store.Pending(ctx, d.platform, d.lastID, batch-len(d.backlog))
		if err != nil {
			if ctx.Err() == nil {
				d.log.ErrorContext(ctx, "read the outbox", "err", err)
			}
			return now.Add(time.Second)
		}
		if len(fresh) > 0 {
			d.backlog = append(d.backlog, fresh...)
			d.lastID = fresh[len(fresh)-1].ID
		}
	}
	pending := d.backlog
	d.removed = map[uint64]bool{}
	defer func() {
		d.backlog = slices.DeleteFunc(d.backlog, func(o bot.Outgoing) bool { return d.removed[o.ID] })
	}()
	var order []string
	queues := map[string][]bot.Outgoing{}
	for _, o := range pending {
		if _, ok := queues[o.Channel]; !ok {
			order = append(order, o.Channel)
		}
		queues[o.Channel] = append(queues[o.Channel], o)
	}
	var next time.Time
	for _, ch := range order {
		if t := d.deliverChannel(ctx, ch, queues[ch]); !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if len(pending) == batch && next.IsZero() {
		return now // more waits behind this batch
	}
	return next
}

func (d *Deliverer) state(ch string) *channelState {
	st, ok := d.channels[ch]
	if !ok {
		st = &channelState{}
		d.channels[ch] = st
	}
	return st
}

// refKey names a keyed message of a channel.
func refKey(o bot.Outgoing) string { return o.Channel + "|" + o.Reply.Key }

// flushEvery bounds how many delivered entries wait to be removed from
// the outbox in one transaction (and so may be sent twice after a crash).
const flushEvery = 100

// deliverChannel delivers a channel's entries in order until one must
// wait; it returns when to come back, or zero when all went. Delivered
// entries leave the outbox together, one transaction for many.
func (d *Deliverer) deliverChannel(ctx context.Context, ch string, queue []bot.Outgoing) (next time.Time) {
	st := d.state(ch)
	now := d.clock.Now()
	if now.Before(st.retryAt) {
		return st.retryAt
	}
	var delivered []bot.Outgoing
	flush := func() bool {
		if err := d.store.Delivered(ctx, delivered...); err != nil {
			d.log.ErrorContext(ctx, "mark delivered", "err", err)
			return false
		}
		for _, o := range delivered {
			d.removed[o.ID] = true
		}
		delivered = delivered[:0]
		return true
	}
	defer func() {
		if !flush() {
			next = now.Add(time.Second)
		}
	}()
	done := map[uint64]bool{}
	for i, o := range queue {
		if done[o.ID] {
			continue
		}
		sent := []bot.Outgoing{o}
		var err error
		switch {
		case o.Reply.Edit:
			if t := d.lastEdit[refKey(o)].Add(EditInterval); now.Before(t) {
				return t
			}
			latest := o
			for _, later := range queue[i+1:] {
				if later.Reply.Key != o.Reply.Key {
					continue
				}
				if !later.Reply.Edit {
					break // a fresh post of the same key: it must come after
				}
				latest, sent = later, append(sent, later)
			}
			if err = d.edit(ctx, st, latest, now); err == nil {
				d.lastEdit[refKey(o)] = now
			}
		case o.Reply.To == bot.Recipient:
			err = d.private(ctx, o)
		default:
			if now.Before(st.nextPost) {
				return st.nextPost
			}
			err = d.post(ctx, st, o, now)
		}
		if err != nil {
			if retry, transient := d.failed(ctx, st, o, err, now); transient {
				return retry
			}
		} else {
			st.failures = 0
		}
		for _, x := range sent {
			delivered = append(delivered, x)
			done[x.ID] = true
		}
		if len(delivered) >= flushEvery && !flush() {
			return now.Add(time.Second)
		}
	}
	return time.Time{}
}

// post posts a new message, remembering it under its key.
func (d *Deliverer) post(ctx context.Context, st *channelState, o bot.Outgoing, now time.Time) error {
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	ref, err := d.send.Post(cctx, o)
	if err != nil {
		return err
	}
	st.nextPost = now.Add(PostInterval)
	if o.Reply.Key != "" {
		if err := d.store.PutMessageRef(ctx, refKey(o), ref); err != nil {
			d.log.ErrorContext(ctx, "remember a posted message", "key", o.Reply.Key, "err", err)
		}
	}
	return nil
}

// edit updates the message under the key, or posts it when it was never
// posted or is gone.
func (d *Deliverer) edit(ctx context.Context, st *channelState, o bot.Outgoing, now time.Time) error {
	if o.Reply.Refresh {
		msg, err := d.render.Render(ctx, o)
		if err != nil {
			return fmt.Errorf("%w: %v", errUnrenderable, err)
		}
		o.Reply.Message = msg
	}
	ref, err := d.store.MessageRef(ctx, refKey(o))
	if errors.Is(err, bot.ErrNotFound) {
		return d.post(ctx, st, o, now)
	}
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	err = d.send.Update(cctx, ref, o)
	if errors.Is(err, ErrGone) {
		return d.post(ctx, st, o, now)
	}
	return err
}

// private shows a message to its recipient only.
func (d *Deliverer) private(ctx context.Context, o bot.Outgoing) error {
	if o.Reply.User == "" {
		return nil // nobody to show it to
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return d.send.Private(ctx, o)
}

// failed decides what a failed call means: a transient failure sets the
// channel's next try and returns it; a permanent one (the channel is
// gone, the message invalid) is logged, and the entry dropped.
func (d *Deliverer) failed(ctx context.Context, st *channelState, o bot.Outgoing, err error, now time.Time) (time.Time, bool) {
	retry, after := d.send.Classify(err)
	if errors.Is(err, errUnrenderable) {
		retry, after = false, 0
	}
	if errors.Is(err, context.DeadlineExceeded) {
		retry = true
	}
	if d.onFail != nil {
		d.onFail(retry)
	}
	switch {
	case retry && after > 0:
		st.retryAt = now.Add(after)
		d.log.WarnContext(ctx, "rate limited", "channel", o.Channel, "retry_after", after)
		return st.retryAt, true
	case retry:
		st.failures++
		st.retryAt = now.Add(min(time.Second<<min(st.failures-1, 10), maxBackoff))
		d.log.WarnContext(ctx, "delivery failed; will retry", "channel", o.Channel, "failures", st.failures, "err", err)
		return st.retryAt, true
	default:
		d.log.ErrorContext(ctx, "the platform refused a message; dropped", "channel", o.Channel, "key", o.Reply.Key, "err", err)
		return time.Time{}, false
	}
}
