package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	goslack "github.com/slack-go/slack"
)

// Where the bot is not a member (a private channel it was not invited
// to, a direct message between people), chat.postMessage answers
// not_in_channel or channel_not_found, yet the slash command worked:
// Slack delivers commands wherever the app is installed. Klubba then
// uses the command's response_url, which works in any conversation, to
// show the message to the channel and to tell the caller, privately, how
// to fix it. The post still counts as a failed delivery (in the logs and
// in klubba_delivery_failures_total), since later edits cannot reach it.

// ResponseURLLifetime is how long Slack accepts a response_url: 30
// minutes, up to 5 uses (api.slack.com/interactivity/handling#message_responses).
const ResponseURLLifetime = 30 * time.Minute

// responseURLUses is how many messages Slack accepts on a response_url.
const responseURLUses = 5

// notMember are the errors of a post to a conversation the bot is not in.
var notMember = map[string]bool{"not_in_channel": true, "channel_not_found": true}

// Callers remembers, per channel, the last person who ran a command or
// clicked there and the response_url Slack gave with it.
type Callers struct {
	client *http.Client
	now    func() time.Time
	// allow says which response URLs may be called: Slack's own.
	allow func(string) bool

	mu   sync.Mutex
	last map[string]*caller
}

type caller struct {
	user, url string
	at        time.Time
	uses      int
	told      bool // the caller was told to invite Klubba
}

// NewCallers returns an empty memory of callers.
func NewCallers(client *http.Client, now func() time.Time) *Callers {
	if client == nil {
		client = http.DefaultClient
	}
	return &Callers{client: client, now: now, last: map[string]*caller{},
		allow: slackResponseURL}
}

// See records a caller of a channel.
func (c *Callers) See(channel, user, responseURL string) {
	if c == nil || responseURL == "" || !c.allow(responseURL) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.last) > 10000 { // forget the oldest half, roughly: a bound, not a cache policy
		for k, v := range c.last {
			if c.now().Sub(v.at) > ResponseURLLifetime || len(c.last) > 5000 {
				delete(c.last, k)
			}
		}
	}
	c.last[channel] = &caller{user: user, url: responseURL, at: c.now()}
}

// take returns the channel's response URL, and its caller, if Slack still
// accepts it, counting the use.
func (c *Callers) take(channel string) (user, url string, ok bool) {
	if c == nil {
		return "", "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.last[channel]
	if l == nil || c.now().Sub(l.at) >= ResponseURLLifetime || l.uses >= responseURLUses {
		return "", "", false
	}
	l.uses++
	return l.user, l.url, true
}

// tell reports whether the channel's caller is yet to be told to invite
// Klubba, and may still be, counting the use of the response URL.
func (c *Callers) tell(channel string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.last[channel]
	if l == nil || l.told || c.now().Sub(l.at) >= ResponseURLLifetime || l.uses >= responseURLUses {
		return false
	}
	l.uses++
	l.told = true
	return true
}

// respond posts text and blocks to a response URL as responseType.
func (c *Callers) respond(ctx context.Context, url, responseType, text string, blocks goslack.Blocks) error {
	body, err := encodeResponse(responseType, text, blocks)
	if err != nil {
		return err
	}
	return postBody(ctx, c.client, url, body)
}

// isNotMember reports whether err is Slack refusing a post because the
// bot is not in the conversation.
func isNotMember(err error) bool {
	var slackErr goslack.SlackErrorResponse
	return errors.As(err, &slackErr) && notMember[slackErr.Err]
}

// noticer gives the text of a notice in a channel's language; *bot.Bot is one.
type noticer interface {
	Notice(ctx context.Context, channel, id string) string
}

// notMemberFallback shows m to the channel (or, private, to the caller)
// through the last response URL, and tells the caller how to let Klubba
// in. It returns err, annotated, as the delivery's outcome.
func (s sender) notMemberFallback(ctx context.Context, o bot.Outgoing, private bool, err error) error {
	user, url, ok := s.callers.take(o.Channel)
	if !ok {
		return fmt.Errorf("%w (no recent command to answer through)", err)
	}
	if private && user != o.Reply.User {
		return err // the response URL shows its messages to its caller only
	}
	responseType := goslack.ResponseTypeInChannel
	if private {
		responseType = goslack.ResponseTypeEphemeral
	}
	blocks := goslack.Blocks{BlockSet: Blocks(o.Reply.Message)}
	if rerr := s.callers.respond(ctx, url, responseType, Fallback(o.Reply.Message), blocks); rerr != nil {
		return fmt.Errorf("%w; and through response_url: %w", err, rerr)
	}
	if private {
		return nil // shown as asked: nothing later edits a private answer
	}
	if s.callers.tell(o.Channel) {
		text := "Klubba is not a member of this conversation; invite it with /invite @Klubba."
		if n, ok := s.render.(noticer); ok {
			text = n.Notice(ctx, o.Channel, bot.NoticeNotInChannel)
		}
		blocks := goslack.Blocks{BlockSet: Blocks(chat.Message{Text: text})}
		if rerr := s.callers.respond(ctx, url, goslack.ResponseTypeEphemeral, text, blocks); rerr != nil {
			return fmt.Errorf("%w; and telling %s: %w", err, user, rerr)
		}
	}
	return fmt.Errorf("%w (shown through the response_url of %s's command)", err, user)
}
