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
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"sync"
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
// response_url that Klubba may call, or one that finds the waiting
// answers holding MaxAnswerBytes for longer than AnswerWait, is answered
// through the outbox as before.

// MaxAnswerStreams bounds the posts to response URLs under way at once.
// Posts are started as answers wait, so at a 50 ms round trip to Slack
// up to some 4,000 answers a second leave; over HTTP/2 (which
// hooks.slack.com speaks) they are streams of one connection. It stays
// under the 250 streams a Go server allows at once by default: past a
// server's limit each post dials a connection of its own (256 posts
// dialled 6 to 18 against the benchmark's fake Slack, 231 against a
// server allowing 50), and Go's StrictMaxConcurrentRequests, which
// would have them wait for a stream instead, left every post waiting
// until its timeout in a test (Go 1.26.8).
//
// That connection is dialled by one post alone: a post that finds no
// connection (or a full one) dials its own, so a storm's first answers,
// started at once, would each dial and handshake (up to 60 in a
// 1,000-vote storm), all but one in vain. Unless a post has had a
// connection within the transport's idle timeout, one post is under way
// until it has one; then up to firstStreams until one is answered.
const MaxAnswerStreams = 200

// answerRate is how many answers a second the posts under way are sized
// for: by Little's law, that rate times the round trip of a post (the
// shortest seen lately), from minStreams to MaxAnswerStreams. At a
// 50 ms round trip that is all of MaxAnswerStreams. Over loopback it is
// minStreams: more posts under way there only contend with each other
// and with the clicks for the CPU (sized so, a storm's rate rose by
// about 0.07 of the floor's in paired runs, docs/benchmarks.md).
const answerRate = 5000

// minStreams is the fewest posts allowed under way at once.
const minStreams = 16

// tripWindow is how long the shortest round trip of a post is
// remembered: between one and two windows.
const tripWindow = 10 * time.Second

// lagWait is how long the oldest waiting answer may wait before the
// shortest round trip is no longer a guide (Slack answering slower than
// it did): then all MaxAnswerStreams may be under way. A storm's
// confirmations wait about a fifth of it over loopback.
const lagWait = 500 * time.Millisecond

// MaxAnswerBytes bounds the memory held by answers waiting to be posted
// (their encoded bodies and URLs). Only past it is a click answered
// through the outbox and chat.postEphemeral, which is slower, costs a
// durable write and meets Slack's rate limits.
const MaxAnswerBytes = 64 << 20

// AnswerWait is how long a click waits for room when the waiting answers
// fill MaxAnswerBytes (back-pressure) before it is answered through the
// outbox instead; well inside the 3 s that Slack gives a click.
const AnswerWait = time.Second

// AnswerTimeout bounds one post to a response URL.
const AnswerTimeout = 10 * time.Second

// answerEstimate is what a reservation counts before the answer's size
// is known; a vote's confirmation is well under it.
const answerEstimate = 2 << 10

// answerOverhead is what an answer costs besides its body and URL.
const answerOverhead = 128

// slackResponseURL reports whether u is a response URL of Slack's own:
// no other address is ever called with what a payload names.
func slackResponseURL(u string) bool { return strings.HasPrefix(u, "https://hooks.slack.com/") }

// answerer posts the answers to clicks through their response URLs, in
// the order they come, after the click's request has been answered. The
// answers wait in a queue bounded in bytes; posts are started while
// answers wait, at most streams at a time.
type answerer struct {
	client   *http.Client
	allow    func(string) bool
	log      *slog.Logger
	maxBytes int64
	streams  int
	wait     time.Duration
	rest     time.Duration // PosterRest

	mu sync.Mutex
	// bytes counts the reservations' estimates and the queued answers'
	// sizes; pending the reservations, queued answers and posts under way.
	bytes   int64
	pending int
	queue   []answer
	head    int
	// posting counts the posters, posting or resting; resting holds the
	// wake-up channels of those resting, the last to rest last.
	posting int
	resting []chan struct{}
	// warmUntil is when the connection the last post used may be gone
	// (its idle timeout); until then posts may run at once.
	warmUntil time.Time
	// settledUntil is warmUntil once a post has been answered on the
	// connection: until then the server's limit of streams is unknown.
	settledUntil time.Time
	idle         time.Duration // the transport's IdleConnTimeout
	// room is closed, and replaced, when bytes are given back while
	// waiters reservations wait for room.
	room    chan struct{}
	waiters int
	// done is closed by stop: posters no longer rest.
	done     chan struct{}
	doneOnce sync.Once
	// trips holds the shortest round trips of recent posts.
	trips shortest
}

// shortest is the shortest duration seen in the current window and in
// the one before it.
type shortest struct {
	cur, prev time.Duration // 0: none seen
	ends      time.Time     // of the current window
}

// add counts d, seen at now.
func (s *shortest) add(d time.Duration, now time.Time) {
	s.roll(now)
	if s.cur == 0 || d < s.cur {
		s.cur = d
	}
}

// at returns the shortest duration of the two windows as of now, or 0
// if none was seen.
func (s *shortest) at(now time.Time) time.Duration {
	s.roll(now)
	if s.cur == 0 || s.prev != 0 && s.prev < s.cur {
		return s.prev
	}
	return s.cur
}

// roll starts a new window if the current one has ended; a window that
// ended longer than a window ago is forgotten too.
func (s *shortest) roll(now time.Time) {
	if now.Before(s.ends) {
		return
	}
	s.prev = 0
	if now.Sub(s.ends) < tripWindow {
		s.prev = s.cur
	}
	s.cur, s.ends = 0, now.Add(tripWindow)
}

// answer is one answer waiting to be posted.
type answer struct {
	url    string
	body   []byte
	queued time.Time
}

func (a answer) size() int64 { return int64(len(a.url) + len(a.body) + answerOverhead) }

func newAnswerer(allow func(string) bool, log *slog.Logger) *answerer {
	if allow == nil {
		allow = slackResponseURL
	}
	// HTTP/2 where the server speaks it; over HTTP/1.1 each post keeps
	// its connection. Each post's context bounds it (AnswerTimeout).
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = MaxAnswerStreams
	return &answerer{client: &http.Client{Transport: t}, allow: allow, log: log, idle: t.IdleConnTimeout,
		maxBytes: MaxAnswerBytes, streams: MaxAnswerStreams, wait: AnswerWait, rest: PosterRest, room: make(chan struct{}), done: make(chan struct{})}
}

// reserve reports whether a click with responseURL is to be answered
// through it, and if so reserves room for the answer: send or release
// must follow. While the waiting answers fill maxBytes it waits, up to
// a.wait, for room; then it reports false.
func (a *answerer) reserve(ctx context.Context, responseURL string) bool {
	if responseURL == "" || !a.allow(responseURL) {
		return false
	}
	var timeout <-chan time.Time
	for {
		a.mu.Lock()
		if a.bytes+answerEstimate <= a.maxBytes {
			a.bytes += answerEstimate
			a.pending++
			a.mu.Unlock()
			return true
		}
		room := a.room
		a.waiters++
		a.mu.Unlock()
		if timeout == nil {
			t := time.NewTimer(a.wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-room:
			a.mu.Lock()
			a.waiters--
			a.mu.Unlock()
		case <-timeout:
			a.gaveUp()
			return false
		case <-ctx.Done():
			a.gaveUp()
			return false
		}
	}
}

// gaveUp counts out a reservation that stopped waiting for room.
func (a *answerer) gaveUp() {
	a.mu.Lock()
	a.waiters--
	a.mu.Unlock()
}

// release gives back a reservation that has nothing to send.
func (a *answerer) release() {
	a.mu.Lock()
	a.bytes -= answerEstimate
	a.pending--
	a.freed()
	a.mu.Unlock()
}

// freed wakes the reservations waiting for room, if any; a.mu is held.
func (a *answerer) freed() {
	if a.waiters > 0 {
		close(a.room)
		a.room = make(chan struct{})
	}
}

// answerBody is what an answer posts to a response_url: the fields of a
// goslack.Msg that an answer sets, without the dozens it leaves empty.
// replace_original is said, so that Slack never replaces the message
// clicked.
type answerBody struct {
	Text            string         `json:"text"`
	ResponseType    string         `json:"response_type"`
	ReplaceOriginal bool           `json:"replace_original"`
	Blocks          goslack.Blocks `json:"blocks"`
}

// textAnswer is an answerBody whose blocks are all sections of text, as
// a vote's confirmation is, encoded to the same bytes without slack-go's
// Blocks, whose MarshalJSON encodes each block through an interface and
// then again: 7 µs of a storm's click (docs/benchmarks.md).
type textAnswer struct {
	Text            string        `json:"text"`
	ResponseType    string        `json:"response_type"`
	ReplaceOriginal bool          `json:"replace_original"`
	Blocks          []textSection `json:"blocks"`
}

// textSection is a section block of mrkdwn text, as slack-go encodes
// one.
type textSection struct {
	Type string `json:"type"`
	Text struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"text"`
}

// textSections returns blocks as textSections, if each is a section of
// mrkdwn text and nothing else.
func textSections(blocks goslack.Blocks) ([]textSection, bool) {
	out := make([]textSection, len(blocks.BlockSet))
	for i, b := range blocks.BlockSet {
		s, ok := b.(*goslack.SectionBlock)
		if !ok || s.Text == nil || s.Text.Type != goslack.MarkdownType || s.Text.Emoji != nil || s.Text.Verbatim ||
			s.BlockID != "" || s.Fields != nil || s.Accessory != nil || s.Expand {
			return nil, false
		}
		out[i].Type, out[i].Text.Type, out[i].Text.Text = string(goslack.MBTSection), goslack.MarkdownType, s.Text.Text
	}
	return out, true
}

// encodeAnswer is the JSON that posts text and blocks as an ephemeral
// answer.
func encodeAnswer(text string, blocks goslack.Blocks) ([]byte, error) {
	return encodeResponse(goslack.ResponseTypeEphemeral, text, blocks)
}

// encodeResponse is the JSON that posts text and blocks to a response
// URL as responseType (ephemeral or in_channel): what Slack reads of
// it, without slack-go's Msg's empty metadata object, whose event_type
// Slack requires.
func encodeResponse(responseType, text string, blocks goslack.Blocks) ([]byte, error) {
	if sections, ok := textSections(blocks); ok {
		return json.Marshal(textAnswer{Text: text, ResponseType: responseType, Blocks: sections})
	}
	return json.Marshal(answerBody{Text: text, ResponseType: responseType, Blocks: blocks})
}

// send queues replies, joined into one ephemeral message, to be posted
// to responseURL in its turn, in place of the reservation. Failures are
// logged, without the URL, which holds a secret.
func (a *answerer) send(ctx context.Context, responseURL string, replies []chat.Reply) {
	body, err := encodeAnswer(ephemeral(replies))
	if err != nil { // blocks always encode
		a.log.ErrorContext(ctx, "encode a click's answer", "err", err)
		a.release()
		return
	}
	now := time.Now()
	ans := answer{url: responseURL, body: body, queued: now}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bytes += ans.size() - answerEstimate
	a.queue = append(a.queue, ans)
	if len(a.resting) > 0 || a.posting == 0 || now.Before(a.warmUntil) {
		a.postOne(now)
	}
}

// connected starts posts for the answers waiting, now that a post has a
// connection; a.mu is held.
func (a *answerer) connected() {
	now := time.Now()
	a.warmUntil = now.Add(a.idle)
	for range min(len(a.queue)-a.head, firstStreams) {
		a.postOne(now)
	}
}

// postOne wakes a resting poster, or starts one if fewer than limit are
// under way at now; a.mu is held.
func (a *answerer) postOne(now time.Time) {
	if n := len(a.resting); n > 0 {
		a.resting[n-1] <- struct{}{}
		a.resting = a.resting[:n-1]
		return
	}
	if a.posting < a.limit(now) {
		a.posting++
		go a.post()
	}
}

// limit is how many posts may be under way at now: enough for
// answerRate answers a second at the shortest round trip seen lately;
// a.streams while none has been seen (Slack may be holding every post)
// or while an answer has waited longer than lagWait; at most
// firstStreams on an unsettled connection. a.mu is held.
func (a *answerer) limit(now time.Time) int {
	n := a.streams
	lagging := a.head < len(a.queue) && now.Sub(a.queue[a.head].queued) > lagWait
	if trip := a.trips.at(now); trip > 0 && !lagging {
		n = min(n, max(minStreams, int(answerRate*trip.Seconds())+1))
	}
	if now.After(a.settledUntil) {
		n = min(n, firstStreams)
	}
	return n
}

// firstStreams is how many posts may be under way before one has been
// answered: HTTP/2's limit of streams until the server says its own
// (RFC 9113 asks servers to allow at least 100). Past it, a post finds
// the connection full and dials another.
const firstStreams = 100

// PosterRest is how long a poster with nothing to post waits for more
// before it ends. A poster's goroutine grows its stack to what a post
// over HTTP/2 needs; one that lived for a single answer would grow it
// again for the next.
const PosterRest = time.Second

// post posts the queued answers, one after another, resting between
// them for up to PosterRest.
func (a *answerer) post() {
	wake := make(chan struct{}, 1)
	rest := time.NewTimer(a.rest)
	defer rest.Stop()
	for {
		a.mu.Lock()
		if a.head == len(a.queue) {
			a.queue, a.head = a.queue[:0], 0
			a.resting = append(a.resting, wake)
			a.mu.Unlock()
			rest.Reset(a.rest)
			select {
			case <-wake:
				continue
			case <-rest.C:
			case <-a.done:
			}
			a.mu.Lock()
			select {
			case <-wake: // woken as its time ran out
				a.mu.Unlock()
				continue
			default:
			}
			a.resting = slices.DeleteFunc(a.resting, func(c chan struct{}) bool { return c == wake })
			a.posting--
			a.mu.Unlock()
			return
		}
		ans := a.queue[a.head]
		a.queue[a.head] = answer{}
		a.head++
		if a.head >= 1024 && 2*a.head >= len(a.queue) { // under steady load the queue never empties
			n := copy(a.queue, a.queue[a.head:])
			a.queue, a.head = a.queue[:n], 0
		}
		cold := time.Now().After(a.warmUntil)
		a.mu.Unlock()

		ctx, cancel := context.WithTimeout(context.Background(), AnswerTimeout)
		if cold { // the others wait until this post has a connection
			ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) {
				a.mu.Lock()
				a.connected()
				a.mu.Unlock()
			}})
		}
		start := time.Now()
		err := postBody(ctx, a.client, ans.url, ans.body)
		if err != nil {
			a.log.WarnContext(ctx, "answer a click through its response_url", "err", err)
		}
		cancel()

		now := time.Now()
		a.mu.Lock()
		a.bytes -= ans.size()
		a.pending--
		a.freed()
		if err == nil {
			if !cold { // a cold post's time is mostly the dial's
				a.trips.add(now.Sub(start), now)
			}
			a.warmUntil = now.Add(a.idle)
			a.settledUntil = a.warmUntil
			if a.posting > a.limit(now) { // the round trip is shorter than the posts under way assumed
				a.posting--
				a.mu.Unlock()
				return
			}
			if a.head < len(a.queue) {
				a.postOne(now)
			}
		}
		a.mu.Unlock()
	}
}

// waiting returns the answers reserved, queued or being posted, and the
// bytes they hold.
func (a *answerer) waiting() (n int, bytes int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.pending, a.bytes
}

// drain waits until no answer is pending, or ctx ends.
func (a *answerer) drain(ctx context.Context) error {
	for wait := 50 * time.Microsecond; ; wait = min(2*wait, 5*time.Millisecond) {
		n, _ := a.waiting()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d answers to clicks not posted: %w", n, ctx.Err())
		case <-time.After(wait):
		}
	}
}

// stop ends the resting posters and closes the idle connection to
// Slack, which would otherwise outlive the server's run by PosterRest
// and the transport's idle timeout. An answer sent later is still
// posted, on a new connection, by a poster that does not rest.
func (a *answerer) stop() {
	a.doneOnce.Do(func() { close(a.done) })
	a.client.CloseIdleConnections()
}

// postBody posts a message's JSON to a response URL. Its errors do not
// name the URL.
func postBody(ctx context.Context, client *http.Client, responseURL string, body []byte) error {
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
