package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/chat"
	goslack "github.com/slack-go/slack"
)

// A click's private answer ("Your vote is recorded: Sushi.", or why it
// was refused) goes back through the click's own response_url, as an
// ephemeral message beside the one clicked, once the command has
// committed: not through the outbox, where it cost a durable write, a
// read, a chat.postEphemeral and a removal per click (issue 13). What
// others see (the poll's edit, a post to the channel) still goes through
// the outbox, durably and paced. The answer itself is not durable: if
// Klubba stops between the commit and the post, the vote is stored and
// shown in the poll, and its private line is lost. A click without a
// response_url that Klubba may call, or one that comes while
// MaxPendingAnswers answers are waiting, is answered through the outbox
// as before.

// AnswerWorkers bounds the posts to response URLs under way at once.
const AnswerWorkers = 16

// MaxPendingAnswers bounds the answers waiting to be posted; a click
// beyond it is answered through the outbox.
const MaxPendingAnswers = 2000

// AnswerTimeout bounds one post to a response URL.
const AnswerTimeout = 10 * time.Second

// slackResponseURL reports whether u is a response URL of Slack's own:
// no other address is ever called with what a payload names.
func slackResponseURL(u string) bool { return strings.HasPrefix(u, "https://hooks.slack.com/") }

// answerer posts the answers to clicks through their response URLs, at
// most AnswerWorkers at a time, after the click's request has been
// answered.
type answerer struct {
	client *http.Client
	allow  func(string) bool
	log    *slog.Logger
	slots  chan struct{}
	// pending counts the answers reserved and not yet posted.
	pending atomic.Int64
}

func newAnswerer(allow func(string) bool, log *slog.Logger) *answerer {
	if allow == nil {
		allow = slackResponseURL
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = AnswerWorkers // every worker keeps its connection to hooks.slack.com
	return &answerer{client: &http.Client{Transport: t, Timeout: AnswerTimeout}, allow: allow, log: log,
		slots: make(chan struct{}, AnswerWorkers)}
}

// reserve reports whether a click with responseURL is to be answered
// through it, and if so counts the answer as pending: send or release
// must follow.
func (a *answerer) reserve(responseURL string) bool {
	if responseURL == "" || !a.allow(responseURL) {
		return false
	}
	if a.pending.Add(1) > MaxPendingAnswers {
		a.pending.Add(-1)
		return false
	}
	return true
}

// release gives back a reservation that has nothing to send.
func (a *answerer) release() { a.pending.Add(-1) }

// send posts replies, joined into one ephemeral message, to responseURL
// in the background, and gives back the reservation when done. Failures
// are logged, without the URL, which holds a secret.
func (a *answerer) send(ctx context.Context, responseURL string, replies []chat.Reply) {
	msg := ephemeralMsg(replies)
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer a.pending.Add(-1)
		a.slots <- struct{}{}
		defer func() { <-a.slots }()
		ctx, cancel := context.WithTimeout(ctx, AnswerTimeout)
		defer cancel()
		if err := postResponse(ctx, a.client, responseURL, msg); err != nil {
			a.log.WarnContext(ctx, "answer a click through its response_url", "err", err)
		}
	}()
}

// drain waits until no answer is pending, or ctx ends.
func (a *answerer) drain(ctx context.Context) error {
	for wait := 50 * time.Microsecond; a.pending.Load() > 0; wait = min(2*wait, 5*time.Millisecond) {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d answers to clicks not posted: %w", a.pending.Load(), ctx.Err())
		case <-time.After(wait):
		}
	}
	return nil
}

// postResponse posts msg to a response URL. Its errors do not name the
// URL.
func postResponse(ctx context.Context, client *http.Client, responseURL string, msg *goslack.Msg) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(body))
	if err != nil {
		return errors.New("response_url: not a URL")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		return fmt.Errorf("response_url: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // so that the connection is kept
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("response_url: status %d", resp.StatusCode)
	}
	return nil
}
