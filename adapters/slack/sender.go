package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	goslack "github.com/slack-go/slack"
)

// webAPI is the part of Slack's Web API that delivery uses; *goslack.Client has it.
type webAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...goslack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...goslack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...goslack.MsgOption) (string, error)
}

// sender delivers outbox entries through Slack's Web API: chat.postMessage,
// chat.update and chat.postEphemeral. A message reference is "channel/ts".
type sender struct {
	api webAPI
	// callers, if set, answer through response_url where the bot is not
	// a member; render gives the notice's text.
	callers *Callers
	render  delivery.Renderer
}

// NewDeliverer returns the delivery worker for Slack's line of the outbox.
func NewDeliverer(s delivery.Store, api webAPI, render delivery.Renderer, clock bot.Clock, log *slog.Logger) *delivery.Deliverer {
	return newDeliverer(s, api, render, clock, log, nil)
}

func newDeliverer(s delivery.Store, api webAPI, render delivery.Renderer, clock bot.Clock, log *slog.Logger, callers *Callers) *delivery.Deliverer {
	return delivery.New(Platform, s, sender{api: api, callers: callers, render: render}, render, clock, log)
}

func msgOptions(m bot.Message) []goslack.MsgOption {
	return []goslack.MsgOption{goslack.MsgOptionBlocks(Blocks(m)...), goslack.MsgOptionText(Fallback(m), false)}
}

// authErrors are the Slack API error codes that mean the bot token is
// refused: delivery pauses rather than dropping messages.
var authErrors = map[string]bool{"invalid_auth": true, "not_authed": true, "account_inactive": true,
	"token_revoked": true, "token_expired": true}

// authFailure marks an error that refuses the token as delivery.ErrUnauthorized.
func authFailure(err error) error {
	var slackErr goslack.SlackErrorResponse
	if errors.As(err, &slackErr) && authErrors[slackErr.Err] {
		return fmt.Errorf("%w: %w", delivery.ErrUnauthorized, err)
	}
	return err
}

// Post posts with chat.postMessage.
func (s sender) Post(ctx context.Context, o bot.Outgoing) (string, error) {
	channel, ts, err := s.api.PostMessageContext(ctx, splitChannel(o.Channel), msgOptions(o.Reply.Message)...)
	if isNotMember(err) {
		return "", s.notMemberFallback(ctx, o, false, err)
	}
	return channel + "/" + ts, authFailure(err)
}

// Update edits with chat.update; a message Slack no longer has is ErrGone.
func (s sender) Update(ctx context.Context, ref string, o bot.Outgoing) error {
	channel, ts, _ := strings.Cut(ref, "/")
	_, _, _, err := s.api.UpdateMessageContext(ctx, channel, ts, msgOptions(o.Reply.Message)...)
	var slackErr goslack.SlackErrorResponse
	if errors.As(err, &slackErr) && (slackErr.Err == "message_not_found" || slackErr.Err == "cant_update_message") {
		return delivery.ErrGone
	}
	return authFailure(err)
}

// Private posts with chat.postEphemeral.
func (s sender) Private(ctx context.Context, o bot.Outgoing) error {
	_, err := s.api.PostEphemeralContext(ctx, splitChannel(o.Channel), o.Reply.User, msgOptions(o.Reply.Message)...)
	if isNotMember(err) {
		return s.notMemberFallback(ctx, o, true, err)
	}
	return authFailure(err)
}

// transientErrors are Slack API error codes worth another try.
var transientErrors = map[string]bool{"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true}

// Classify: 429 waits for Retry-After; 5xx, timeouts, network errors and
// Slack's own transient codes are retried; anything else (a channel gone,
// invalid blocks) is final.
func (sender) Classify(err error) (bool, time.Duration) {
	var rate *goslack.RateLimitedError
	var status goslack.StatusCodeError
	var slackErr goslack.SlackErrorResponse
	var netErr net.Error
	var urlErr *url.Error
	switch {
	case errors.As(err, &rate):
		return true, max(rate.RetryAfter, time.Second)
	case errors.As(err, &status) && status.Code >= 500,
		errors.As(err, &slackErr) && transientErrors[slackErr.Err],
		errors.As(err, &netErr), errors.As(err, &urlErr):
		return true, 0
	}
	return false, 0
}
