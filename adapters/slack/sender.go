package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/chat"
	goslack "github.com/slack-go/slack"
)

// webAPI is the part of Slack's Web API that delivery uses; *goslack.Client has it.
type webAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...goslack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...goslack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...goslack.MsgOption) (string, error)
	OpenConversationContext(ctx context.Context, params *goslack.OpenConversationParameters) (*goslack.Channel, bool, bool, error)
	UploadFileContext(ctx context.Context, params goslack.UploadFileParameters) (*goslack.FileSummary, error)
}

// sender delivers outbox entries through Slack's Web API: chat.postMessage,
// chat.update and chat.postEphemeral. A message reference is "channel/ts".
// The client is the one token's, or, with many workspaces, that of the
// installation of the channel's team.
type sender struct {
	api func(ctx context.Context, team string) (webAPI, error)
	// many is set with many workspaces: one workspace's refused token
	// then fails its own messages, rather than pausing every workspace.
	many bool
	// callers, if set, answer through response_url where the bot is not
	// a member; render gives the notice's text.
	callers *Callers
	render  delivery.Renderer
	// updates paces chat.update per workspace (pace.go).
	updates *updateLimits
	// unreached are the channels' notices of who could not be reached
	// privately (direct).
	unreached *unreachedNotices
}

// NewDeliverer returns the delivery worker for Slack's line of the outbox.
func NewDeliverer(s delivery.Store, api webAPI, render delivery.Renderer, clock bot.Clock, log *slog.Logger) *delivery.Deliverer {
	return newDeliverer(s, api, render, clock, log, nil)
}

func newDeliverer(s delivery.Store, api webAPI, render delivery.Renderer, clock bot.Clock, log *slog.Logger, callers *Callers) *delivery.Deliverer {
	one := func(context.Context, string) (webAPI, error) { return api, nil }
	return delivery.New(Platform, s, sender{api: one, callers: callers, render: render, updates: newUpdateLimits(clock.Now), unreached: newUnreachedNotices()}, render, clock, log)
}

// errNotInstalled is a reply to a workspace with no installation (it
// uninstalled Klubba): it is dropped.
var errNotInstalled = errors.New("slack: the workspace has no installation")

// errLookup is a failure to read an installation (the store is away):
// the reply waits and is tried again.
var errLookup = errors.New("slack: read the workspace's installation")

// newWorkspacesDeliverer returns the delivery worker for many workspaces,
// each reached with its installation's token.
func newWorkspacesDeliverer(s delivery.Store, is *Installations, render delivery.Renderer, clock bot.Clock, log *slog.Logger, callers *Callers) *delivery.Deliverer {
	perTeam := func(ctx context.Context, team string) (webAPI, error) {
		c, err := is.client(ctx, team)
		switch {
		case errors.Is(err, bot.ErrNotFound):
			return nil, fmt.Errorf("%w: %s", errNotInstalled, team)
		case err != nil:
			return nil, fmt.Errorf("%w: %w", errLookup, err)
		}
		return c, nil
	}
	return delivery.New(Platform, s, sender{api: perTeam, many: true, callers: callers, render: render, updates: newUpdateLimits(clock.Now), unreached: newUnreachedNotices()}, render, clock, log)
}

// teamOf returns the Slack team of one of our channel IDs.
func teamOf(ch string) string {
	_, rest, _ := strings.Cut(ch, ":")
	team, _, _ := strings.Cut(rest, "/")
	return team
}

func (s sender) authFailure(err error) error {
	if s.many {
		return err
	}
	return authFailure(err)
}

func msgOptions(m chat.Message) []goslack.MsgOption {
	return []goslack.MsgOption{goslack.MsgOptionBlocks(Blocks(m)...), goslack.MsgOptionText(Fallback(m), false)}
}

// threaded posts a new message in the thread its command was addressed
// in (thread_ts), if any.
func threaded(o bot.Outgoing, opts []goslack.MsgOption) []goslack.MsgOption {
	if o.Reply.Thread != "" {
		opts = append(opts, goslack.MsgOptionTS(o.Reply.Thread))
	}
	return opts
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
	api, err := s.api(ctx, teamOf(o.Channel))
	if err != nil {
		return "", err
	}
	channel, ts, err := api.PostMessageContext(ctx, splitChannel(o.Channel), threaded(o, msgOptions(o.Reply.Message))...)
	if isNotMember(err) {
		return "", s.notMemberFallback(ctx, o, false, err)
	}
	return channel + "/" + ts, s.authFailure(err)
}

// Update edits with chat.update; a message Slack no longer has is ErrGone.
func (s sender) Update(ctx context.Context, ref string, o bot.Outgoing) error {
	channel, ts, _ := strings.Cut(ref, "/")
	team := teamOf(o.Channel)
	if err := s.updates.take(team); err != nil {
		return err // the workspace's edits wait (pace.go)
	}
	api, err := s.api(ctx, team)
	if err != nil {
		return err
	}
	_, _, _, err = api.UpdateMessageContext(ctx, channel, ts, msgOptions(o.Reply.Message)...)
	if rate := (*goslack.RateLimitedError)(nil); errors.As(err, &rate) {
		s.updates.limited(team, rate.RetryAfter)
	}
	var slackErr goslack.SlackErrorResponse
	if errors.As(err, &slackErr) && (slackErr.Err == "message_not_found" || slackErr.Err == "cant_update_message") {
		return delivery.ErrGone
	}
	return s.authFailure(err)
}

// Private posts with chat.postEphemeral; a message with a file goes to
// the user's direct messages with the bot instead, as an ephemeral
// message cannot carry one. Where Slack refuses the ephemeral message
// (the bot or the person is not in the channel), it goes there too,
// rather than vanishing.
func (s sender) Private(ctx context.Context, o bot.Outgoing) error {
	api, err := s.api(ctx, teamOf(o.Channel))
	if err != nil {
		return err
	}
	if o.Reply.Message.File != nil {
		return s.authFailure(sendFile(ctx, api, o.Reply.User, o.Reply.Message))
	}
	_, err = api.PostEphemeralContext(ctx, splitChannel(o.Channel), o.Reply.User, threaded(o, msgOptions(o.Reply.Message))...)
	if isNotMember(err) {
		// Through the person's own response_url, else (none, or the
		// channel's last caller was someone else) their direct messages.
		if s.notMemberFallback(ctx, o, true, err) == nil {
			return nil
		}
		return s.direct(ctx, api, o, err)
	}
	if isUserNotInChannel(err) {
		return s.direct(ctx, api, o, err)
	}
	return s.authFailure(err)
}

// isUserNotInChannel reports whether err is Slack refusing an ephemeral
// message because its recipient is not in the channel (they left, or
// were reminded of a poll of a channel they never joined).
func isUserNotInChannel(err error) bool {
	var slackErr goslack.SlackErrorResponse
	return errors.As(err, &slackErr) && slackErr.Err == "user_not_in_channel"
}

// direct shows a private answer that Slack would not show in the
// channel in the person's direct messages with Klubba (the App Home's
// Messages tab), so that it does not vanish; err is why it went there.
// Where that fails too, the channel's notice names them, unless the
// answer is discreet (a ballot's confirmation, a reminder to vote).
func (s sender) direct(ctx context.Context, api webAPI, o bot.Outgoing, err error) error {
	dm, _, _, oerr := api.OpenConversationContext(ctx, &goslack.OpenConversationParameters{Users: []string{o.Reply.User}, ReturnIM: true})
	if oerr == nil {
		_, _, oerr = api.PostMessageContext(ctx, dm.ID, msgOptions(o.Reply.Message)...)
	}
	if oerr != nil {
		err = fmt.Errorf("%w; and in their direct messages: %w", err, s.authFailure(oerr))
		if retry, _ := s.Classify(oerr); retry || errors.Is(err, delivery.ErrUnauthorized) {
			return err // tried again later, the same way
		}
		if o.Reply.Message.Discreet {
			return fmt.Errorf("%w (not named in the channel: the message is discreet)", err)
		}
		if nerr := s.unreached.add(ctx, s, api, o); nerr != nil {
			return fmt.Errorf("%w; and naming them in the channel: %w", err, nerr)
		}
		return fmt.Errorf("%w (named in the channel as not reachable privately)", err)
	}
	return nil
}

// unreachedNotices keep, by channel, the message that names those Klubba
// could not reach privately there, so that the chair sees who missed
// their private answer: posted once, then edited as more are added.
type unreachedNotices struct {
	mu     sync.Mutex
	notice map[string]*unreachedNotice
}

type unreachedNotice struct {
	ts     string
	people []string
}

func newUnreachedNotices() *unreachedNotices {
	return &unreachedNotices{notice: map[string]*unreachedNotice{}}
}

// maxUnreached bounds the people one notice names.
const maxUnreached = 50

// add names o's recipient in its channel's notice.
func (n *unreachedNotices) add(ctx context.Context, s sender, api webAPI, o bot.Outgoing) error {
	if n == nil {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	c := n.notice[o.Channel]
	if c == nil {
		c = &unreachedNotice{}
		n.notice[o.Channel] = c
	}
	if slices.Contains(c.people, o.Reply.User) {
		return nil
	}
	c.people = append(c.people, o.Reply.User)
	if len(c.people) > maxUnreached {
		c.people = c.people[1:]
	}
	text := "Klubba could not send these people their private answers:"
	if nt, ok := s.render.(noticer); ok {
		text = nt.Notice(ctx, o.Channel, bot.NoticeUnreachedSlack)
	}
	mentions := make([]string, len(c.people))
	for i, p := range c.people {
		mentions[i] = "<@" + p + ">"
	}
	text += " " + strings.Join(mentions, ", ")
	channel := splitChannel(o.Channel)
	if c.ts != "" {
		if _, _, _, err := api.UpdateMessageContext(ctx, channel, c.ts, goslack.MsgOptionText(text, false)); err == nil {
			return nil
		}
	}
	_, ts, err := api.PostMessageContext(ctx, channel, goslack.MsgOptionText(text, false))
	if err == nil {
		c.ts = ts
	}
	return err
}

// transientErrors are Slack API error codes worth another try.
var transientErrors = map[string]bool{"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true}

// Classify: 429 waits for Retry-After; 5xx, timeouts, network errors and
// Slack's own transient codes are retried, and so is a refused token of
// one of many workspaces (authFailure pauses a single one's delivery
// instead): that workspace's channels wait, with back-off, for it to
// work again or for the workspace's uninstall, which drops them
// (errNotInstalled). Anything else (a channel gone, invalid blocks) is
// final.
func (sender) Classify(err error) (bool, time.Duration) {
	var rate *goslack.RateLimitedError
	var paced *pacedError
	var status goslack.StatusCodeError
	var slackErr goslack.SlackErrorResponse
	var netErr net.Error
	var urlErr *url.Error
	switch {
	case errors.Is(err, errNotInstalled):
		return false, 0
	case errors.Is(err, errLookup):
		return true, 0
	case errors.As(err, &paced):
		return true, paced.wait
	case errors.As(err, &rate):
		return true, max(rate.RetryAfter, time.Second)
	case errors.As(err, &status) && status.Code >= 500,
		errors.As(err, &slackErr) && (transientErrors[slackErr.Err] || authErrors[slackErr.Err]),
		errors.As(err, &netErr), errors.As(err, &urlErr):
		return true, 0
	}
	return false, 0
}

// sendFile uploads m's file into the direct messages between the bot and
// user, with m's text as its comment: files.uploadV2's steps
// (files.getUploadURLExternal, the upload, files.completeUploadExternal)
// after conversations.open. Scopes: files:write, im:write.
func sendFile(ctx context.Context, api webAPI, user string, m chat.Message) error {
	dm, _, _, err := api.OpenConversationContext(ctx, &goslack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		return fmt.Errorf("open direct messages with %s: %w", user, err)
	}
	f := m.File
	_, err = api.UploadFileContext(ctx, goslack.UploadFileParameters{
		Reader: bytes.NewReader(f.Data), FileSize: len(f.Data), Filename: f.Name, Title: f.Name,
		InitialComment: Fallback(chat.Message{Header: m.Header, Text: m.Text}), Channel: dm.ID,
	})
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Name, err)
	}
	return nil
}
