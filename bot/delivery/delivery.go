// Package delivery drains a platform's line of the outbox into the
// platform: in order per channel and concurrently across channels,
// paced, edits of one message coalesced, retried with backoff on
// transient failures and after Retry-After when rate limited. Each
// platform adapter supplies a Sender.
//
// Fairness (docs/security.md): every channel has its own
// window on the outbox and its own worker while it has something to
// send, so a channel whose calls fail, hang or have a backlog of
// thousands delays no other channel. At most MaxInFlight calls to one
// platform run at once. A platform that refuses Klubba's credentials
// pauses that platform's delivery; nothing is dropped.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// Delivery pacing and limits.
const (
	// PostInterval keeps new messages to one per second per channel: the
	// rate Slack's chat.postMessage sustains in a channel, and a pace that
	// keeps a Teams conversation readable.
	PostInterval = time.Second
	// EditInterval keeps edits of one message to one per second; edits
	// waiting meanwhile are coalesced, the latest state winning.
	EditInterval = time.Second
	// MaxRetryAfter caps how long a platform's Retry-After is honoured.
	MaxRetryAfter = time.Minute
	// Window is how many of a channel's entries are read at a time: a
	// vote storm's edits of the poll message, and the confirmations
	// between them, are coalesced within it.
	Window = 1000
	// MaxInFlight bounds the calls to one platform at once (one channel
	// has at most one call in flight).
	MaxInFlight = 16
	// MaxPrivateWindow is how many private messages of one channel may
	// wait in memory in their lane while the channel's outbox is read
	// past them (a 10,000-vote storm's confirmations).
	MaxPrivateWindow = 10 * Window
	// maxBackoff caps the wait between tries after transient failures.
	maxBackoff = time.Minute
	// callTimeout bounds one call to the platform.
	callTimeout = 10 * time.Second
	// authPause is the first pause of a platform that refused the
	// credentials; it doubles while they stay refused, up to maxAuthPause.
	authPause    = 30 * time.Second
	maxAuthPause = 10 * time.Minute
	// flushEvery bounds how many delivered entries wait to be removed
	// from the outbox in one transaction.
	flushEvery = 100
)

// errUnrenderable is a Refresh reply whose message cannot be rendered
// (its poll is gone): it is dropped.
var errUnrenderable = errors.New("cannot render")

// errStore is the store failing the deliverer itself: the entry is
// tried again, as after a timeout.
var errStore = errors.New("the store failed")

// ErrGone is returned by Sender.Update when the message to edit no longer
// exists: it is then posted anew.
var ErrGone = errors.New("message gone")

// ErrUnauthorized is wrapped by a Sender's error when the platform
// refuses Klubba's credentials (Slack's invalid_auth, a 401 from the
// Bot Connector): the platform's delivery pauses and nothing is dropped.
var ErrUnauthorized = errors.New("the platform refused Klubba's credentials")

// Sender sends to one platform. Its methods are called concurrently for
// different channels.
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
	Render(ctx context.Context, o bot.Outgoing) (chat.Message, error)
}

// Store is what delivery needs of the store.
type Store interface {
	Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]bot.Outgoing, error)
	Delivered(ctx context.Context, os ...bot.Outgoing) error
	// ClearRefresh is called before a refresh is rendered: a change
	// committed after it queues a refresh of its own.
	ClearRefresh(ctx context.Context, channel, key string) error
	MessageRef(ctx context.Context, key string) (string, error)
	PutMessageRef(ctx context.Context, key, ref string) error
}

// Deliverer drains one platform's line of the outbox. An entry leaves
// the outbox only once the platform has it, so a crash or an outage loses
// nothing (a crash between the platform's answer and the removal may post
// a message twice; a shutdown does not: calls under way are finished and
// marked).
type Deliverer struct {
	platform string
	store    Store
	send     Sender
	render   Renderer
	clock    bot.Clock
	log      *slog.Logger
	wake     chan struct{}
	onFail   func(transient bool)
	// notified is when the oldest notification not yet followed by a
	// dispatch came (unix nanoseconds; 0 when none waits): see Health.
	notified atomic.Int64
	// slots bounds the calls in flight.
	slots chan struct{}
	// workers counts the channel workers running.
	workers sync.WaitGroup

	mu sync.Mutex
	// chans holds the state of lanes (see laneOf) with something to
	// send, a worker, or pacing still to respect; others are forgotten.
	chans map[string]*channelState
	// read is, per channel with a lane in chans, the last entry read.
	read         map[string]uint64
	pausedUntil  time.Time
	authFailures int
}

// OnFailure sets a function told of every failed call, for metrics.
// Call it before Run.
func (d *Deliverer) OnFailure(f func(transient bool)) { d.onFail = f }

// channelState is one lane's window on the outbox, its pacing and its
// retries. While busy, its worker alone touches queue, unmarked and the
// pacing; entries read meanwhile wait in inbox (under Deliverer.mu).
type channelState struct {
	queue []bot.Outgoing
	inbox []bot.Outgoing
	// held is how many entries the queue held when its worker started:
	// while busy, the worker alone may read the queue itself.
	held int
	// unmarked were delivered but are not yet removed from the outbox.
	unmarked []bot.Outgoing
	busy     bool
	// wakeAt is when the channel wants its next try (zero: at once).
	wakeAt   time.Time
	nextPost time.Time
	retryAt  time.Time
	failures int
	lastEdit map[string]time.Time
}

// idle reports whether the state can be forgotten at now: nothing to
// send, and no pacing or retry that a new state would not respect.
func (st *channelState) idle(now time.Time) bool {
	if st.busy || len(st.queue) > 0 || len(st.inbox) > 0 || len(st.unmarked) > 0 || now.Before(st.nextPost) || now.Before(st.retryAt) {
		return false
	}
	return st.forgetEdits(now) == 0
}

// forgetEdits drops the edit times whose pacing is over at now, so that
// a channel keeps as many as it edited keys in the last EditInterval,
// and returns how many are left.
func (st *channelState) forgetEdits(now time.Time) int {
	for key, t := range st.lastEdit {
		if !now.Before(t.Add(EditInterval)) {
			delete(st.lastEdit, key)
		}
	}
	return len(st.lastEdit)
}

// New returns a delivery worker for a platform's channels.
func New(platform string, s Store, send Sender, render Renderer, clock bot.Clock, log *slog.Logger) *Deliverer {
	return &Deliverer{platform: platform, store: s, send: send, render: render, clock: clock, log: log,
		wake: make(chan struct{}, 1), slots: make(chan struct{}, MaxInFlight), chans: map[string]*channelState{},
		read: map[string]uint64{}}
}

// Notify tells the worker that the outbox has new entries.
func (d *Deliverer) Notify() {
	d.notified.CompareAndSwap(0, d.clock.Now().UnixNano())
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for the calls under way to
// finish and be marked delivered.
func (d *Deliverer) Run(ctx context.Context) error {
	defer d.workers.Wait()
	for {
		next := d.safeDispatch(ctx)
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

// safeDispatch is dispatch with a panic logged and the loop restarted
// a second later, rather than delivery stopping for good.
func (d *Deliverer) safeDispatch(ctx context.Context) (next time.Time) {
	defer func() {
		if p := recover(); p != nil {
			d.log.ErrorContext(ctx, "delivery panicked; restarting", "platform", d.platform, "panic", p, "stack", string(debug.Stack()))
			next = d.clock.Now().Add(time.Second)
		}
	}()
	return d.dispatch(ctx, false)
}

// Round starts a worker for every channel that may send now, waits for
// them, and returns when to try again; the zero time means when
// notified. Tests drive delivery round by round with it.
func (d *Deliverer) Round(ctx context.Context) time.Time {
	return d.dispatch(ctx, true)
}

// dispatch reads what is new in every idle channel's window and starts
// a worker for each channel that may send now. With wait, it waits for
// them and returns when to come back; without, it returns when an idle
// channel next wants a try (busy ones notify when done).
func (d *Deliverer) dispatch(ctx context.Context, wait bool) time.Time {
	now := d.clock.Now()
	d.notified.Store(0)
	if p := d.paused(now); !p.IsZero() {
		return p
	}
	fresh, err := d.store.Windows(ctx, d.platform, d.after(), Window)
	if err != nil {
		if ctx.Err() == nil {
			d.log.ErrorContext(ctx, "read the outbox", "platform", d.platform, "err", err)
		}
		return now.Add(time.Second)
	}
	var started sync.WaitGroup
	next, skipped := d.start(ctx, now, fresh, &started)
	if !wait {
		return next
	}
	for started.Wait(); skipped; started.Wait() {
		_, skipped = d.start(ctx, now, nil, &started) // those that found no slot
	}
	return d.nextWake(d.clock.Now())
}

// paused returns when a paused platform resumes, or zero.
func (d *Deliverer) paused(now time.Time) time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(d.pausedUntil) {
		return d.pausedUntil
	}
	return time.Time{}
}

// after returns, per known channel, the last entry read; channels whose
// room lane holds a full window, or whose private lane holds
// MaxPrivateWindow, are skipped.
func (d *Deliverer) after() map[string]uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	after := make(map[string]uint64, len(d.read))
	for ch, last := range d.read {
		if d.waiting(ch) >= Window || d.waiting(ch+privateLane) >= MaxPrivateWindow {
			after[ch] = math.MaxUint64
		} else {
			after[ch] = last
		}
	}
	return after
}

// privateLane ends the name of a channel's private lane.
const privateLane = "\x00private"

// laneOf names the lane of an entry. Messages to the room (posts and
// edits) keep their order in the channel's own lane; messages shown to
// one person go in a lane of the channel's own beside it, with its own
// retries: a vote storm's thousand confirmations, paced by the platform
// (Slack answers 429 past about one write a second in a channel), never
// queue in front of the results (docs/benchmarks.md).
// Private messages keep their order among themselves.
func laneOf(o bot.Outgoing) string {
	if o.Reply.To == chat.Recipient && !o.Reply.Edit {
		return o.Channel + privateLane
	}
	return o.Channel
}

// waiting counts a lane's entries read and not yet delivered.
func (d *Deliverer) waiting(lane string) int {
	st := d.chans[lane]
	switch {
	case st == nil:
		return 0
	case st.busy:
		return st.held + len(st.inbox)
	}
	return len(st.queue) + len(st.inbox)
}

// start adds fresh entries to the windows and starts workers.
func (d *Deliverer) start(ctx context.Context, now time.Time, fresh map[string][]bot.Outgoing, started *sync.WaitGroup) (next time.Time, skipped bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for ch, win := range fresh {
		for _, o := range win {
			if o.ID <= d.read[ch] {
				continue
			}
			d.read[ch] = o.ID
			lane := laneOf(o)
			st := d.chans[lane]
			if st == nil {
				st = &channelState{lastEdit: map[string]time.Time{}}
				d.chans[lane] = st
			}
			st.inbox = append(st.inbox, o)
		}
	}
	defer d.forgetRead()
	for ch, st := range d.chans {
		if !st.busy && len(st.inbox) > 0 {
			if slices.ContainsFunc(st.inbox, func(o bot.Outgoing) bool { return !o.Reply.Edit }) {
				st.wakeAt = time.Time{} // a new message need not wait for edits (deliverChannel)
			}
			st.queue = append(st.queue, st.inbox...)
			st.inbox = nil
		}
		switch {
		case st.busy:
			continue
		case len(st.queue) == 0 && len(st.unmarked) == 0:
			if st.idle(now) {
				delete(d.chans, ch)
			} else if t := earliest(st.nextPost, st.retryAt); !t.IsZero() && t.After(now) {
				next = earliest(next, t)
			}
			continue
		case now.Before(st.wakeAt):
			next = earliest(next, st.wakeAt)
			continue
		}
		select {
		case d.slots <- struct{}{}:
		default:
			skipped = true
			continue // a worker that ends gives its slot back and notifies
		}
		st.busy, st.held = true, len(st.queue)
		d.workers.Add(1)
		started.Add(1)
		go func() {
			defer d.workers.Done()
			defer started.Done()
			d.work(ctx, ch, st)
		}()
	}
	return next, skipped
}

// forgetRead forgets the read position of channels whose lanes are
// all forgotten: everything read of them was delivered and removed from
// the outbox, so reading them from the start finds only what is new.
func (d *Deliverer) forgetRead() {
	for ch := range d.read {
		if d.chans[ch] == nil && d.chans[ch+privateLane] == nil {
			delete(d.read, ch)
		}
	}
}

// nextWake is when the earliest idle channel with entries wants a try.
func (d *Deliverer) nextWake(now time.Time) time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(d.pausedUntil) {
		return d.pausedUntil
	}
	var next time.Time
	for _, st := range d.chans {
		if len(st.queue) > 0 || len(st.inbox) > 0 || len(st.unmarked) > 0 {
			next = earliest(next, later(st.wakeAt, now))
		}
	}
	return next
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// work runs one channel's worker: it delivers until the channel must
// wait, then hands the state back. A panic is logged, and the channel
// tried again a second later.
func (d *Deliverer) work(ctx context.Context, ch string, st *channelState) {
	var wakeAt time.Time
	defer func() {
		if p := recover(); p != nil {
			d.log.ErrorContext(ctx, "delivery panicked; the channel is tried again", "channel", ch, "panic", p, "stack", string(debug.Stack()))
			wakeAt = d.clock.Now().Add(time.Second)
		}
		d.mu.Lock()
		st.busy, st.wakeAt = false, wakeAt
		d.mu.Unlock()
		<-d.slots
		d.Notify()
	}()
	wakeAt = d.deliverChannel(ctx, st)
}

// pause stops the platform's delivery after it refused the credentials,
// for longer each time in a row; it returns when delivery resumes.
func (d *Deliverer) pause(ctx context.Context, now time.Time, err error) time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(d.pausedUntil) {
		return d.pausedUntil
	}
	wait := min(authPause<<min(d.authFailures, 8), maxAuthPause)
	d.authFailures++
	d.pausedUntil = now.Add(wait)
	d.log.ErrorContext(ctx, "the platform refused Klubba's credentials; delivery paused, nothing is dropped (check the token)",
		"platform", d.platform, "pause", wait, "err", err)
	return d.pausedUntil
}

// authorized notes a call that got through: a later refusal starts the
// pauses afresh.
func (d *Deliverer) authorized() {
	d.mu.Lock()
	d.authFailures = 0
	d.mu.Unlock()
}

// deliverChannel delivers a channel's entries until they must wait; it
// returns when to come back, or zero when all went. It goes through them
// twice: first the new messages, in order; then the edits of posted
// messages. An edit is rendered from the state when it goes, so the
// room's news (a poll's results) need not wait behind a refresh of the
// poll's tally, and an edit waiting for its message's EditInterval holds
// up nothing else. No entry overtakes an earlier one of its key.
// Delivered entries leave the outbox together, one transaction for many,
// written even while shutting down (a context that is not cancelled), so
// that a message delivered is never sent again.
func (d *Deliverer) deliverChannel(ctx context.Context, st *channelState) (next time.Time) {
	now := d.clock.Now()
	if now.Before(st.retryAt) {
		return st.retryAt
	}
	mctx := context.WithoutCancel(ctx)
	flush := func() bool {
		if err := d.store.Delivered(mctx, st.unmarked...); err != nil {
			d.log.ErrorContext(ctx, "mark delivered", "err", err)
			return false
		}
		st.unmarked = st.unmarked[:0]
		return true
	}
	if !flush() {
		return now.Add(time.Second)
	}
	p := pass{st: st, now: now, done: map[uint64]bool{}, held: map[string]bool{}}
	defer func() {
		st.queue = slices.DeleteFunc(st.queue, func(o bot.Outgoing) bool { return p.done[o.ID] })
		if !flush() {
			next = now.Add(time.Second)
		}
	}()
	for _, p.edits = range [2]bool{false, true} {
		clear(p.held)
		for i, o := range st.queue {
			if p.done[o.ID] {
				continue
			}
			if ctx.Err() != nil {
				return time.Time{} // shutting down: no new calls
			}
			if p.waits(o) {
				continue
			}
			sent, err := d.deliver(ctx, &p, i)
			if err != nil {
				if retry, transient := d.failed(ctx, st, o, err, now); transient {
					return retry
				}
			} else {
				st.failures = 0
				d.authorized()
			}
			for _, x := range sent {
				st.unmarked = append(st.unmarked, x)
				p.done[x.ID] = true
			}
			if len(st.unmarked) >= flushEvery && !flush() {
				return now.Add(time.Second)
			}
		}
	}
	return p.next // zero, or when what is left may go
}

// pass is one of deliverChannel's two passes over a channel's queue.
type pass struct {
	st        *channelState
	now       time.Time
	edits     bool            // the pass of the edits; the first sends the rest
	done      map[uint64]bool // the entries delivered, of both passes
	held      map[string]bool // keys with an earlier entry not sent in this pass
	postsWait bool            // a post waits for PostInterval: the later ones too
	next      time.Time       // when what waits may go
}

// waits reports whether o is not sent in this pass: it belongs to the
// other, an earlier entry of its key waits, or its pacing is not over.
// Its key is then held, so that no later entry of the key overtakes it.
func (p *pass) waits(o bot.Outgoing) bool {
	key := o.Reply.Key
	switch {
	case o.Reply.Edit != p.edits || !p.edits && p.postsWait || key != "" && p.held[key]:
		if key != "" {
			p.held[key] = true
		}
		return true
	case o.Reply.Edit:
		if t := p.st.lastEdit[key].Add(EditInterval); p.now.Before(t) {
			p.held[key], p.next = true, earliest(p.next, t)
			return true
		}
	case o.Reply.To != chat.Recipient && p.now.Before(p.st.nextPost):
		p.postsWait, p.next = true, earliest(p.next, p.st.nextPost)
		return true
	}
	return false
}

// deliver makes the call that delivers the queue's entry i, and returns the
// entries it delivered: for an edit, also the later edits of its key
// that it makes needless, since an edit shows the latest.
func (d *Deliverer) deliver(ctx context.Context, p *pass, i int) ([]bot.Outgoing, error) {
	o := p.st.queue[i]
	switch {
	case o.Reply.Edit:
		sent := p.laterEdits(i)
		err := d.edit(ctx, p.st, sent[len(sent)-1], p.now)
		if err == nil {
			p.st.forgetEdits(p.now)
			p.st.lastEdit[o.Reply.Key] = p.now
		}
		return sent, err
	case o.Reply.To == chat.Recipient:
		return []bot.Outgoing{o}, d.private(ctx, o)
	default:
		return []bot.Outgoing{o}, d.post(ctx, p.st, o, p.now)
	}
}

// laterEdits returns the queue's edit i and the edits of its key after
// it, up to the key's next fresh post, which goes in the next round.
func (p *pass) laterEdits(i int) []bot.Outgoing {
	o := p.st.queue[i]
	edits := []bot.Outgoing{o}
	for _, later := range p.st.queue[i+1:] {
		if later.Reply.Key != o.Reply.Key || p.done[later.ID] {
			continue
		}
		if !later.Reply.Edit {
			p.next = earliest(p.next, p.now)
			break
		}
		edits = append(edits, later)
	}
	return edits
}

// callContext is the context of one call to the platform: bounded by
// callTimeout, and not cancelled by a shutdown, so that a call under way
// ends with an answer and its entry is marked rather than sent again.
func callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), callTimeout)
}

// post posts a new message, remembering it under its key.
func (d *Deliverer) post(ctx context.Context, st *channelState, o bot.Outgoing, now time.Time) error {
	cctx, cancel := callContext(ctx)
	defer cancel()
	ref, err := d.send.Post(cctx, o)
	if err != nil {
		return err
	}
	st.nextPost = now.Add(PostInterval)
	if o.Reply.Key != "" {
		if err := d.store.PutMessageRef(context.WithoutCancel(ctx), refKey(o), ref); err != nil {
			d.log.ErrorContext(ctx, "remember a posted message", "key", o.Reply.Key, "err", err)
		}
	}
	return nil
}

// refKey names a keyed message of a channel.
func refKey(o bot.Outgoing) string { return o.Channel + "|" + o.Reply.Key }

// edit updates the message under the key, or posts it when it was never
// posted or is gone.
func (d *Deliverer) edit(ctx context.Context, st *channelState, o bot.Outgoing, now time.Time) error {
	if o.Reply.Refresh {
		if err := d.store.ClearRefresh(ctx, o.Channel, o.Reply.Key); err != nil {
			return fmt.Errorf("%w: clear the refresh of %s: %v", errStore, o.Reply.Key, err)
		}
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
	cctx, cancel := callContext(ctx)
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
	cctx, cancel := callContext(ctx)
	defer cancel()
	return d.send.Private(cctx, o)
}

// failed decides what a failed call means: refused credentials pause
// the platform; a transient failure sets the channel's next try and
// returns it; a permanent one (the channel is gone, the message invalid)
// is logged, and the entry dropped.
func (d *Deliverer) failed(ctx context.Context, st *channelState, o bot.Outgoing, err error, now time.Time) (time.Time, bool) {
	if errors.Is(err, ErrUnauthorized) {
		if d.onFail != nil {
			d.onFail(true)
		}
		return d.pause(ctx, now, err), true
	}
	retry, after := d.send.Classify(err)
	if errors.Is(err, errUnrenderable) {
		retry, after = false, 0
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errStore) {
		retry = true
	}
	if d.onFail != nil {
		d.onFail(retry)
	}
	switch {
	case retry && after > 0:
		st.retryAt = now.Add(min(after, MaxRetryAfter))
		d.log.WarnContext(ctx, "rate limited", "channel", o.Channel, "retry_after", after, "honoured", min(after, MaxRetryAfter))
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
