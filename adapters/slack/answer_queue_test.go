package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
	goslack "github.com/slack-go/slack"
)

// hooks is a response_url endpoint that holds every post until it is
// opened, and records the bodies and the most posts under way at once.
type hooks struct {
	srv  *httptest.Server
	open chan struct{}

	mu            sync.Mutex
	bodies        []string
	now, mostOpen int
}

func newHooks(t *testing.T) *hooks {
	h := &hooks{open: make(chan struct{})}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.now++
		h.mostOpen = max(h.mostOpen, h.now)
		h.mu.Unlock()
		<-h.open
		h.mu.Lock()
		h.now--
		h.bodies = append(h.bodies, string(body))
		h.mu.Unlock()
		io.WriteString(w, "ok")
	}))
	t.Cleanup(func() {
		select {
		case <-h.open:
		default:
			close(h.open)
		}
		h.srv.Close()
	})
	return h
}

func (h *hooks) posted() (bodies []string, mostOpen int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...), h.mostOpen
}

func testAnswerer(h *hooks) *answerer {
	a := newAnswerer(func(u string) bool { return strings.HasPrefix(u, h.srv.URL+"/") }, slog.New(slog.DiscardHandler))
	a.client = h.srv.Client()
	return a
}

// h2Slack serves response URLs with handler over TLS and HTTP/2, as
// hooks.slack.com does, allowing more streams than the answerer uses, and
// returns it with an answerer that trusts it. connState, if not nil,
// sees its connections' states.
func h2Slack(t *testing.T, handler http.HandlerFunc, connState func(net.Conn, http.ConnState)) (*httptest.Server, *answerer) {
	srv := httptest.NewUnstartedServer(handler)
	srv.EnableHTTP2 = true
	srv.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 2 * MaxAnswerStreams} // one connection carries them all
	srv.Config.ConnState = connState
	srv.StartTLS()
	t.Cleanup(srv.Close)
	a := newAnswerer(func(u string) bool { return strings.HasPrefix(u, srv.URL+"/") }, slog.New(slog.DiscardHandler))
	a.client.Transport.(*http.Transport).TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	return srv, a
}

func confirmation(i int) []chat.Reply {
	return []chat.Reply{{To: chat.Caller, Message: chat.Message{Text: "Your vote is recorded: option " + string(rune('A'+i%26)) + "."}}}
}

// queueAnswer reserves room for the answer confirmation(i) to url and
// sends it; a refusal fails the test.
func queueAnswer(t *testing.T, a *answerer, url string, i int) {
	t.Helper()
	if !a.reserve(context.Background(), url) {
		n, _ := a.waiting()
		t.Fatalf("answer %d refused with %d waiting", i, n)
	}
	a.send(context.Background(), url, confirmation(i))
}

// TestAnswersDoNotFallBackUnderLoad: 5,000 answers waiting behind a slow
// Slack (more than the 2,000 that once sent clicks to the outbox) are
// all taken, and all posted once Slack answers; more than the old 16
// posts are under way at once, never more than MaxAnswerStreams.
func TestAnswersDoNotFallBackUnderLoad(t *testing.T) {
	h := newHooks(t)
	a := testAnswerer(h)
	const n = 5000
	for i := range n {
		queueAnswer(t, a, h.srv.URL+"/actions/T1/1/x", i)
	}
	if waiting, bytes := a.waiting(); waiting != n || bytes > MaxAnswerBytes {
		t.Errorf("waiting %d answers in %d bytes, want %d within %d", waiting, bytes, n, MaxAnswerBytes)
	}
	// Slack answers once more posts are under way than the old 16 workers
	// allowed (on a loaded machine the streams take a while to start).
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		h.mu.Lock()
		under := h.now
		h.mu.Unlock()
		if under > 16 {
			break
		}
	}
	close(h.open)
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	bodies, mostOpen := h.posted()
	if len(bodies) != n {
		t.Errorf("%d answers posted, want %d", len(bodies), n)
	}
	if mostOpen <= 16 || mostOpen > MaxAnswerStreams {
		t.Errorf("at most %d posts under way at once, want more than 16 and at most %d", mostOpen, MaxAnswerStreams)
	}
	if !strings.Contains(bodies[0], `"response_type":"ephemeral"`) || !strings.Contains(bodies[0], "Your vote is recorded") {
		t.Errorf("first answer = %s, want the ephemeral confirmation", bodies[0])
	}
	if waiting, bytes := a.waiting(); waiting != 0 || bytes != 0 {
		t.Errorf("after the drain: %d answers, %d bytes held, want none", waiting, bytes)
	}
}

// TestAnswerBytesBound: the answers waiting never hold more than their
// bound in bytes; a click that finds it full waits for room
// (back-pressure), gets it as soon as an answer has been posted, and is
// refused (answered through the outbox) only if none comes in time.
func TestAnswerBytesBound(t *testing.T) {
	h := newHooks(t)
	a := testAnswerer(h)
	a.streams = 1
	a.maxBytes = 10 * answerEstimate
	a.wait = 20 * time.Millisecond
	url := h.srv.URL + "/actions/T1/1/x"
	taken := 0
	for i := range 100 {
		if !a.reserve(context.Background(), url) {
			break
		}
		taken++
		a.send(context.Background(), url, confirmation(i))
		if _, bytes := a.waiting(); bytes > a.maxBytes {
			t.Fatalf("after %d answers %d bytes held, bound %d", taken, bytes, a.maxBytes)
		}
	}
	if taken < 10 || taken == 100 {
		t.Fatalf("%d answers taken before the bound, want the bound to stop them", taken)
	}
	waiting, _ := a.waiting()
	if waiting != taken {
		t.Errorf("%d answers waiting, want %d", waiting, taken)
	}

	// Room comes when Slack answers: a waiting click gets it.
	a.wait = time.Minute
	got := make(chan bool)
	go func() { got <- a.reserve(context.Background(), url) }()
	close(h.open)
	if !<-got {
		t.Fatal("a click waiting for room was refused after answers were posted")
	}
	a.release()
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if bodies, _ := h.posted(); len(bodies) != taken {
		t.Errorf("%d answers posted, want %d", len(bodies), taken)
	}
}

// TestAnswersInOrder: with one post at a time, answers leave in the
// order the clicks committed.
func TestAnswersInOrder(t *testing.T) {
	h := newHooks(t)
	close(h.open)
	a := testAnswerer(h)
	a.streams = 1
	url := h.srv.URL + "/actions/T1/1/x"
	for i := range 30 {
		queueAnswer(t, a, url, i)
	}
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	bodies, _ := h.posted()
	for i, b := range bodies {
		if want := "option " + string(rune('A'+i%26)) + "."; !strings.Contains(b, want) {
			t.Fatalf("answer %d = %s, want %q", i, b, want)
		}
	}
}

// TestAnswerRefusedWithoutUsableURL: no response_url, or one Klubba may
// not call, reserves nothing.
func TestAnswerRefusedWithoutUsableURL(t *testing.T) {
	a := newAnswerer(nil, slog.New(slog.DiscardHandler))
	for _, u := range []string{"", "https://evil.example/actions/T1/1/x", "http://hooks.slack.com/actions/T1/1/x"} {
		if a.reserve(context.Background(), u) {
			t.Errorf("reserve(%q) = true, want false", u)
		}
	}
	if n, b := a.waiting(); n != 0 || b != 0 {
		t.Errorf("%d answers, %d bytes held, want none", n, b)
	}
}

// TestAnswersDialOnce: a storm's answers to a Slack that speaks HTTP/2
// share one connection, dialled once; the posts started at once do not
// each dial (and handshake) their own.
func TestAnswersDialOnce(t *testing.T) {
	var dials atomic.Int64
	srv, a := h2Slack(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond) // a round trip, so that posts overlap
		io.WriteString(w, "ok")
	}, func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			dials.Add(1)
		}
	})
	const n = 500
	for i := range n {
		queueAnswer(t, a, srv.URL+"/actions/T1/1/x", i)
	}
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := dials.Load(); got != 1 {
		t.Errorf("%d connections dialled for %d answers, want 1", got, n)
	}
	// Later answers, with the connection warm, are posted side by side.
	for i := range n {
		queueAnswer(t, a, srv.URL+"/actions/T1/1/x", i)
	}
	a.mu.Lock()
	posting := a.posting
	a.mu.Unlock()
	if posting < 2 {
		t.Errorf("%d posts under way with %d answers waiting on a warm connection, want more", posting, n)
	}
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := dials.Load(); got != 1 {
		t.Errorf("%d connections dialled, want still 1", got)
	}
}

// TestPostersRest: a poster with nothing left to post rests, and the
// next answer wakes it rather than start another; one that rests for
// its whole time ends.
func TestPostersRest(t *testing.T) {
	h := newHooks(t)
	close(h.open)
	a := testAnswerer(h)
	a.rest = 200 * time.Millisecond
	url := h.srv.URL + "/actions/T1/1/x"
	posters := func() (posting, resting int) {
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.posting, len(a.resting)
	}
	for i := range 5 {
		queueAnswer(t, a, url, i)
		if err := a.drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if _, resting := posters(); resting == 1 {
				break
			}
		}
		if posting, resting := posters(); posting != 1 || resting != 1 {
			t.Fatalf("after answer %d: %d posters, %d resting; want the one poster, resting", i, posting, resting)
		}
	}
	time.Sleep(3 * a.rest)
	if posting, resting := posters(); posting != 0 || resting != 0 {
		t.Errorf("after resting %v: %d posters, %d resting; want none", 3*a.rest, posting, resting)
	}
	if bodies, _ := h.posted(); len(bodies) != 5 {
		t.Errorf("%d answers posted, want 5", len(bodies))
	}
}

// TestStreamsFollowRoundTrip: the posts under way are sized by the
// shortest round trip seen lately (Little's law). Where it was short,
// no more than minStreams are under way, even when posts then take
// longer (as when clicks crowd the CPU) and hundreds of answers wait; at
// a 20 ms round trip, several times that; and as many once answers
// wait longer than lagWait.
func TestStreamsFollowRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name          string
		learnt, trips time.Duration
		answers       int
		min, max      int
	}{
		{"short", 0, 2 * time.Millisecond, 400, 1, minStreams}, // 50 ms of posts, far from lagWait
		{"20ms", 20 * time.Millisecond, 20 * time.Millisecond, 1000, 3 * minStreams, MaxAnswerStreams},
		// Slack slower than it was: once answers wait longer than
		// lagWait, more posts go.
		{"slower", 0, 20 * time.Millisecond, 1000, 3 * minStreams, MaxAnswerStreams},
	} {
		t.Run(c.name, func(t *testing.T) {
			var mu sync.Mutex
			trip, open, mostOpen := c.learnt, 0, 0
			srv, a := h2Slack(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				open++
				mostOpen = max(mostOpen, open)
				d := trip
				mu.Unlock()
				time.Sleep(d)
				mu.Lock()
				open--
				mu.Unlock()
				io.WriteString(w, "ok")
			}, nil)
			url := srv.URL + "/actions/T1/1/x"
			for i := range 3 { // on a warm connection, the round trip is learnt
				queueAnswer(t, a, url, i)
				if err := a.drain(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			mu.Lock()
			trip, mostOpen = c.trips, 0
			mu.Unlock()
			for i := range c.answers {
				queueAnswer(t, a, url, i)
			}
			if err := a.drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if mostOpen < c.min || mostOpen > c.max {
				t.Errorf("at most %d posts under way at once, want %d to %d", mostOpen, c.min, c.max)
			}
		})
	}
}

// TestShortestForgets: the shortest round trip is of the current window
// and the one before; an older one is forgotten.
func TestShortestForgets(t *testing.T) {
	var s shortest
	t0 := time.Unix(1_800_000_000, 0)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	s.add(5*time.Millisecond, at(0))
	s.add(3*time.Millisecond, at(time.Second))
	steps := []struct {
		add  time.Duration // 0: none
		when time.Duration
		want time.Duration
	}{
		{0, time.Second, 3 * time.Millisecond},
		{0, 11 * time.Second, 3 * time.Millisecond}, // the window before
		{8 * time.Millisecond, 12 * time.Second, 3 * time.Millisecond},
		{0, 21 * time.Second, 8 * time.Millisecond}, // 3 ms is two windows old
		{0, 60 * time.Second, 0},                    // all forgotten
	}
	for _, st := range steps {
		if st.add > 0 {
			s.add(st.add, at(st.when))
		}
		if got := s.at(at(st.when)); got != st.want {
			t.Errorf("at %v: %v, want %v", st.when, got, st.want)
		}
	}
}

// TestPostersStop: once the server stops, a resting poster ends at once
// rather than after its rest, the idle connection to Slack is closed,
// and an answer that comes later is still posted, on a new connection.
func TestPostersStop(t *testing.T) {
	var opened, closed atomic.Int64
	srv, a := h2Slack(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }, func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			opened.Add(1)
		case http.StateClosed:
			closed.Add(1)
		}
	})
	a.rest = time.Hour
	posters := func() int {
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.posting
	}
	url := srv.URL + "/actions/T1/1/x"
	queueAnswer(t, a, url, 0)
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	a.stop()
	bottest.WaitFor(t, func() bool { return posters() == 0 && closed.Load() == 1 })

	queueAnswer(t, a, url, 1)
	if err := a.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := opened.Load(); got != 2 {
		t.Errorf("%d connections opened, want 2: the second after the first closed", got)
	}
	bottest.WaitFor(t, func() bool { return posters() == 0 }) // a poster after stop does not rest
}

// TestEncodeAnswer: an answer of text alone is encoded without
// slack-go's Blocks, to the same bytes; any other answer through them.
func TestEncodeAnswer(t *testing.T) {
	for _, c := range []struct {
		name    string
		replies []chat.Reply
		plain   bool
	}{
		{"a vote's confirmation", []chat.Reply{{Message: chat.Message{Text: `Your vote is recorded: *Sushi* & "more" <3`}}}, true},
		{"two texts", []chat.Reply{{Message: chat.Message{Text: "One."}}, {Message: chat.Message{Text: "Two."}}}, true},
		{"a text over one section", []chat.Reply{{Message: chat.Message{Text: strings.Repeat("ord ", MaxSectionText/2)}}}, true},
		{"a header", []chat.Reply{{Message: chat.Message{Header: "Poll", Text: "Q"}}}, false},
		{"fields", []chat.Reply{{Message: chat.Message{Text: "Q", Fields: []chat.Field{{Label: "A", Value: "1"}}}}}, false},
		{"buttons", []chat.Reply{{Message: chat.Message{Text: "Q", Buttons: []chat.Button{{Label: "Yes", Action: "poll.vote", Value: "1:1"}}}}}, false},
	} {
		text, blocks := ephemeral(c.replies)
		if _, ok := textSections(blocks); ok != c.plain {
			t.Errorf("%s: encoded as text alone = %v, want %v", c.name, ok, c.plain)
		}
		got, err := encodeAnswer(text, blocks)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want, _ := json.Marshal(answerBody{Text: text, ResponseType: goslack.ResponseTypeEphemeral, Blocks: blocks})
		if !bytes.Equal(got, want) {
			t.Errorf("%s: encoded\n%s\nwant slack-go's\n%s", c.name, got, want)
		}
	}
}

func BenchmarkEncodeAnswer(b *testing.B) {
	text, blocks := ephemeral([]chat.Reply{{Message: chat.Message{Text: "Your vote is recorded: Sushi."}}})
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			encodeAnswer(text, blocks)
		}
	})
	b.Run("slack-go", func(b *testing.B) { // as before
		b.ReportAllocs()
		for b.Loop() {
			json.Marshal(answerBody{Text: text, ResponseType: goslack.ResponseTypeEphemeral, Blocks: blocks})
		}
	})
}
