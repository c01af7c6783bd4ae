package slack

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	goslack "github.com/slack-go/slack"
)

// Delivery pacing.
const (
	// PostInterval keeps new messages to one per second per channel, the
	// rate Slack allows chat.postMessage to sustain in a channel.
	PostInterval = time.Second
	// EditInterval keeps edits of one message to one per second; edits
	// waiting meanwhile are coalesced, the latest state winning.
	EditInterval = time.Second
	// maxBackoff caps the wait between tries after server errors.
	maxBackoff = time.Minute
	// batch is how many outbox entries one round reads.
	batch = 1000
	// callTimeout bounds one Web API call.
	callTimeout = 10 * time.Second
)

// store is what delivery needs of the store.
type store interface {
	Pending(ctx context.Context, platform string, n int) ([]bot.Outgoing, error)
	Delivered(ctx context.Context, o bot.Outgoing) error
	MessageRef(ctx context.Context, key string) (string, error)
	PutMessageRef(ctx context.Context, key, ref string) error
}

// webAPI is the part of Slack's Web API that delivery uses; *goslack.Client has it.
type webAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...goslack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...goslack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...goslack.MsgOption) (string, error)
}

// Deliverer drains the Slack line of the outbox into the Web API: in
// order per channel, paced, edits coalesced, retried with backoff on
// server errors and after Retry-After on 429. An entry leaves the outbox
// only once Slack has it, so a crash or an outage loses nothing (a crash
// between Slack's answer and the removal may post a message twice).
type Deliverer struct {
	store    store
	api      webAPI
	clock    bot.Clock
	log      *slog.Logger
	wake     chan struct{}
	channels map[string]*channelState
	lastEdit map[string]time.Time
}

// channelState paces and retries one channel.
type channelState struct {
	nextPost time.Time
	retryAt  time.Time
	failures int
}

// NewDeliverer returns a delivery worker.
func NewDeliverer(s store, api webAPI, clock bot.Clock, log *slog.Logger) *Deliverer {
	return &Deliverer{store: s, api: api, clock: clock, log: log, wake: make(chan struct{}, 1),
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
	pending, err := d.store.Pending(ctx, Platform, batch)
	if err != nil {
		if ctx.Err() == nil {
			d.log.ErrorContext(ctx, "read the outbox", "err", err)
		}
		return now.Add(time.Second)
	}
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

// deliverChannel delivers a channel's entries in order until one must
// wait; it returns when to come back, or zero when all went.
func (d *Deliverer) deliverChannel(ctx context.Context, ch string, queue []bot.Outgoing) time.Time {
	st := d.state(ch)
	now := d.clock.Now()
	if now.Before(st.retryAt) {
		return st.retryAt
	}
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
			err = d.ephemeral(ctx, o)
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
			if err := d.store.Delivered(ctx, x); err != nil {
				d.log.ErrorContext(ctx, "mark delivered", "err", err)
				return now.Add(time.Second)
			}
			done[x.ID] = true
		}
	}
	return time.Time{}
}

func msgOptions(m bot.Message) []goslack.MsgOption {
	return []goslack.MsgOption{goslack.MsgOptionBlocks(Blocks(m)...), goslack.MsgOptionText(Fallback(m), false)}
}

// post posts a new message, remembering it under its key.
func (d *Deliverer) post(ctx context.Context, st *channelState, o bot.Outgoing, now time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	channel, ts, err := d.api.PostMessageContext(ctx, splitChannel(o.Channel), msgOptions(o.Reply.Message)...)
	if err != nil {
		return err
	}
	st.nextPost = now.Add(PostInterval)
	if o.Reply.Key != "" {
		if err := d.store.PutMessageRef(ctx, refKey(o), channel+"/"+ts); err != nil {
			d.log.ErrorContext(ctx, "remember a posted message", "key", o.Reply.Key, "err", err)
		}
	}
	return nil
}

// edit updates the message under the key with chat.update, or posts it
// when it was never posted or is gone.
func (d *Deliverer) edit(ctx context.Context, st *channelState, o bot.Outgoing, now time.Time) error {
	ref, err := d.store.MessageRef(ctx, refKey(o))
	if errors.Is(err, bot.ErrNotFound) {
		return d.post(ctx, st, o, now)
	}
	if err != nil {
		return err
	}
	channel, ts, _ := strings.Cut(ref, "/")
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, _, _, err = d.api.UpdateMessageContext(cctx, channel, ts, msgOptions(o.Reply.Message)...)
	var slackErr goslack.SlackErrorResponse
	if errors.As(err, &slackErr) && (slackErr.Err == "message_not_found" || slackErr.Err == "cant_update_message") {
		return d.post(ctx, st, o, now)
	}
	return err
}

// ephemeral posts a message only its recipient sees.
func (d *Deliverer) ephemeral(ctx context.Context, o bot.Outgoing) error {
	if o.Reply.User == "" {
		return nil // nobody to show it to
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err := d.api.PostEphemeralContext(ctx, splitChannel(o.Channel), o.Reply.User, msgOptions(o.Reply.Message)...)
	return err
}

// transientErrors are Slack API error codes worth another try.
var transientErrors = map[string]bool{"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true}

// failed decides what a failed call means: a transient failure sets the
// channel's next try and returns it; a permanent one (the channel is
// gone, the message invalid) is logged, and the entry dropped.
func (d *Deliverer) failed(ctx context.Context, st *channelState, o bot.Outgoing, err error, now time.Time) (time.Time, bool) {
	var rate *goslack.RateLimitedError
	var status goslack.StatusCodeError
	var slackErr goslack.SlackErrorResponse
	var netErr net.Error
	var urlErr *url.Error
	switch {
	case errors.As(err, &rate):
		st.retryAt = now.Add(max(rate.RetryAfter, time.Second))
		d.log.WarnContext(ctx, "Slack rate limit", "channel", o.Channel, "retry_after", rate.RetryAfter)
		return st.retryAt, true
	case errors.As(err, &status) && status.Code >= 500,
		errors.As(err, &slackErr) && transientErrors[slackErr.Err],
		errors.As(err, &netErr), errors.As(err, &urlErr),
		errors.Is(err, context.DeadlineExceeded):
		st.failures++
		st.retryAt = now.Add(min(time.Second<<min(st.failures-1, 10), maxBackoff))
		d.log.WarnContext(ctx, "Slack delivery failed; will retry", "channel", o.Channel, "failures", st.failures, "err", err)
		return st.retryAt, true
	default:
		d.log.ErrorContext(ctx, "Slack refused a message; dropped", "channel", o.Channel, "key", o.Reply.Key, "err", err)
		return time.Time{}, false
	}
}
