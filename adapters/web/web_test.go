package web_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/adapters/web"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// fakeBoards is a hand-written bot stand-in: boards by token, counted loads.
type fakeBoards struct {
	mu     sync.Mutex
	boards map[string]*render.Board
	loads  atomic.Int64
}

func (f *fakeBoards) Board(ctx context.Context, token string) (*render.Board, error) {
	f.loads.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.boards[token]
	if !ok {
		return nil, bot.ErrNotFound
	}
	c := *b
	c.Now = time.Now()
	return &c, nil
}

func (f *fakeBoards) set(token string, fn func(*render.Board)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fn == nil {
		delete(f.boards, token)
		return
	}
	b, ok := f.boards[token]
	if !ok {
		b = &render.Board{MeetingID: "m1", Lang: "en", Words: render.BoardWords{Live: "Live", Speaking: "Speaking"}}
		f.boards[token] = b
	}
	fn(b)
}

var (
	tok1 = strings.Repeat("a", 43)
	tok2 = strings.Repeat("b", 43)
)

func newServer(t *testing.T, opts web.Options) (*web.Server, *fakeBoards, *httptest.Server) {
	t.Helper()
	fb := &fakeBoards{boards: map[string]*render.Board{}}
	fb.set(tok1, func(b *render.Board) { b.Title = "Board, November" })
	opts.Boards = fb
	if opts.Rate == 0 {
		opts.Rate = -1
	}
	s, err := web.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return s, fb, hs
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestTokens(t *testing.T) {
	_, fb, hs := newServer(t, web.Options{})
	for _, path := range []string{"/board/" + tok2, "/board/" + tok2 + "/events", "/board/short", "/board/short/events",
		"/board/" + strings.Repeat("*", 43), "/board/"} {
		if resp, _ := get(t, hs.URL+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 404", path, resp.Status)
		}
	}
	resp, body := get(t, hs.URL+"/board/"+tok1)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Board, November") {
		t.Fatalf("GET the board: %s %q", resp.Status, body)
	}
	fb.set(tok2, func(b *render.Board) { b.MeetingID = "m2" })
	if resp, _ := get(t, hs.URL+"/board/"+tok2); resp.StatusCode != http.StatusOK {
		t.Errorf("a new board: %s, want 200", resp.Status)
	}
}

func TestHeadersAndEscaping(t *testing.T) {
	_, fb, hs := newServer(t, web.Options{})
	fb.set(tok1, func(b *render.Board) {
		b.Title = `<script>alert("t")</script>`
		b.Rules = []string{`<img src=x onerror=alert(1)>`}
		b.Queue = []render.BoardRequest{{Name: `"><b>ola`, Kind: "speech", Code: facilitation.Speak}}
		b.Polls = []render.BoardPoll{{ID: 1, Question: "Q<i>", Closed: true, Outcome: "**<u>Ann</u>** wins", Turnout: "2 votes",
			Bars: []render.BoardBar{{Bar: chat.Bar{Label: "1. <Ann>", Count: 2, Percent: 100}, Winner: true}}}}
	})
	resp, body := get(t, hs.URL+"/board/"+tok1)
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>ola", "<u>Ann", "Q<i>", "<Ann>"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	if !strings.Contains(body, "<strong>&lt;u&gt;Ann&lt;/u&gt;</strong>") {
		t.Errorf("the outcome's bold is lost or unescaped:\n%s", body)
	}
	h := resp.Header
	for k, want := range map[string]string{
		"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Error("the page has inline script or style")
	}
	for _, asset := range []string{"/board/board.css", "/board/board.js"} {
		if resp, _ := get(t, hs.URL+asset); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: %s", asset, resp.Status)
		}
	}
}

// stream is an open event stream, read event by event.
type stream struct {
	resp   *http.Response
	events chan event
}

type event struct{ id, name, data string }

func open(t *testing.T, url, lastID string) *stream {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET %s: %s %s", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	s := &stream{resp: resp, events: make(chan event, 100)}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var e event
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.name != "" || data != nil {
					e.data = strings.Join(data, "\n")
					s.events <- e
				}
				e, data = event{}, nil
			case strings.HasPrefix(line, "id: "):
				e.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[6:])
			case strings.HasPrefix(line, "data:"):
				data = append(data, line[5:])
			}
		}
	}()
	return s
}

func (s *stream) next(t *testing.T, within time.Duration) (event, bool) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		return e, ok
	case <-time.After(within):
		return event{}, false
	}
}

func TestEvents(t *testing.T) {
	srv, fb, hs := newServer(t, web.Options{Interval: 50 * time.Millisecond})
	url := hs.URL + "/board/" + tok1 + "/events"
	s := open(t, url, "")
	first, ok := s.next(t, time.Second)
	if !ok || first.name != "board" || first.id == "" || !strings.Contains(first.data, "Board, November") {
		t.Fatalf("first event = %+v, want the board", first)
	}
	if strings.Count(first.data, "\n") < 5 {
		t.Errorf("the board came on %d data lines; want the fragment's lines, each framed", strings.Count(first.data, "\n")+1)
	}

	fb.set(tok1, func(b *render.Board) {
		b.Speaker = &render.BoardSpeaker{Name: "Ola", Kind: "speech", Since: time.Now()}
	})
	srv.Changed("m1")
	e, ok := s.next(t, time.Second)
	if !ok || !strings.Contains(e.data, "Ola") || e.id == first.id {
		t.Fatalf("after a change: %+v, want a new frame with Ola", e)
	}

	// Reconnecting with the current ID sends nothing until the next change.
	again := open(t, url, e.id)
	if got, ok := again.next(t, 300*time.Millisecond); ok {
		t.Errorf("reconnect with Last-Event-ID of the current frame got %+v, want nothing yet", got)
	}
	// With an older ID it gets the current frame at once.
	old := open(t, url, first.id)
	if got, ok := old.next(t, time.Second); !ok || got.id != e.id {
		t.Errorf("reconnect with an old Last-Event-ID got %+v, want frame %s", got, e.id)
	}
	srv.Changed("m1")
	if got, ok := again.next(t, time.Second); !ok || got.name != "board" {
		t.Errorf("after the next change the reconnected stream got %+v", got)
	}
	srv.Changed("other meeting")
	if got, ok := again.next(t, 200*time.Millisecond); ok {
		t.Errorf("a change of another meeting sent %+v", got)
	}

	// Revoking the token ends the stream with "gone".
	fb.set(tok1, nil)
	srv.Changed("m1")
	for {
		got, ok := s.next(t, time.Second)
		if !ok {
			t.Fatal("the stream ended without a gone event")
		}
		if got.name == "gone" {
			break
		}
	}
	if _, ok := s.next(t, time.Second); ok {
		t.Error("the stream goes on after gone")
	}
	if resp, _ := get(t, hs.URL+"/board/"+tok1); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the revoked board's page: %s, want 404", resp.Status)
	}
}

// TestCoalescing: a crowd of changes makes at most one render per
// interval, and the last change is always shown.
func TestCoalescing(t *testing.T) {
	const interval = 200 * time.Millisecond
	srv, fb, hs := newServer(t, web.Options{Interval: interval})
	s := open(t, hs.URL+"/board/"+tok1+"/events", "")
	s.next(t, time.Second)
	before := fb.loads.Load()
	start := time.Now()
	for i := range 1000 {
		fb.set(tok1, func(b *render.Board) { b.Title = fmt.Sprintf("change %d", i) })
		srv.Changed("m1")
		if i%100 == 0 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	spent := time.Since(start)
	var last event
	for {
		e, ok := s.next(t, 2*interval)
		if !ok {
			break
		}
		last = e
	}
	loads := fb.loads.Load() - before
	if max := int64(spent/interval) + 2; loads > max {
		t.Errorf("1000 changes in %v made %d renders, want at most %d (one per %v)", spent, loads, max, interval)
	}
	if !strings.Contains(last.data, "change 999") {
		t.Errorf("the last frame is not the last change: %q", last.data)
	}
}

// TestManyClients: 500 streams on one board all get each change, from
// one render.
func TestManyClients(t *testing.T) {
	const n = 500
	// All from one address here: its cap is raised to let them in.
	srv, fb, hs := newServer(t, web.Options{Interval: 50 * time.Millisecond, MaxStreamsPerClient: n})
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: 0}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	url := hs.URL + "/board/" + tok1 + "/events"
	var wg sync.WaitGroup
	var got atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{}, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				ready <- struct{}{}
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				if !strings.HasPrefix(sc.Text(), "id: ") {
					continue
				}
				if first {
					first = false
					ready <- struct{}{}
					continue
				}
				got.Add(1)
				return
			}
		}()
	}
	for range n {
		<-ready
	}
	if srv.Streams() != n {
		t.Errorf("Streams() = %d, want %d", srv.Streams(), n)
	}
	before := fb.loads.Load()
	fb.set(tok1, func(b *render.Board) { b.Title = "Now" })
	srv.Changed("m1")
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%d of %d clients got the change", got.Load(), n)
	}
	if got.Load() != n {
		t.Errorf("%d of %d clients got the change", got.Load(), n)
	}
	if loads := fb.loads.Load() - before; loads != 1 {
		t.Errorf("%d renders for one change to %d clients, want 1", loads, n)
	}
}

func TestRateLimit(t *testing.T) {
	_, _, hs := newServer(t, web.Options{Rate: 1, Burst: 3})
	codes := map[int]int{}
	for range 6 {
		resp, _ := get(t, hs.URL+"/board/"+tok1)
		codes[resp.StatusCode]++
	}
	if codes[http.StatusOK] != 3 || codes[http.StatusTooManyRequests] != 3 {
		t.Errorf("6 quick requests with a burst of 3: %v", codes)
	}
}

// TestClose: Close ends open streams (so that a server's Shutdown need
// not wait for them) and refuses new ones.
func TestClose(t *testing.T) {
	srv, _, hs := newServer(t, web.Options{})
	s := open(t, hs.URL+"/board/"+tok1+"/events", "")
	s.next(t, time.Second)
	srv.Close()
	if e, ok := s.next(t, time.Second); ok {
		t.Errorf("after Close the stream sent %+v, want its end", e)
	}
	if resp, _ := get(t, hs.URL+"/board/"+tok1+"/events"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a stream after Close: %s, want 503", resp.Status)
	}
}

func TestAdjourned(t *testing.T) {
	_, fb, hs := newServer(t, web.Options{})
	fb.set(tok1, func(b *render.Board) {
		b.Adjourned, b.Resumes = true, time.Now().Add(10*time.Minute)
		b.Words.Adjourned, b.Words.Resumes = "The meeting is adjourned.", "resumes in"
	})
	_, body := get(t, hs.URL+"/board/"+tok1)
	if !strings.Contains(body, "The meeting is adjourned.") || !strings.Contains(body, "resumes in") || !strings.Contains(body, ">9:59<") && !strings.Contains(body, ">10:00<") {
		t.Errorf("an adjourned meeting's board lacks the adjournment and its countdown:\n%s", body)
	}
}

// TestStoppedSpeakerClock: while the meeting is adjourned the speaker's
// clock shows where it stopped and carries nothing for the page to tick.
func TestStoppedSpeakerClock(t *testing.T) {
	clock := regexp.MustCompile(`<p class="countdown[^"]*" id="turn-clock"[^>]*>.*?</p>`)
	for _, tc := range []struct {
		name    string
		speaker render.BoardSpeaker
		want    string
	}{
		{"time left", render.BoardSpeaker{Limit: 3 * time.Minute, Spoken: time.Minute}, `<p class="countdown" id="turn-clock"><span class="label">Speaking time</span> <span class="clock">2:00</span> <span class="clock-word">left</span></p>`},
		{"over time", render.BoardSpeaker{Limit: time.Minute, Spoken: 90 * time.Second}, `<p class="countdown over" id="turn-clock"><span class="label">Speaking time</span> <span class="clock">&#43;0:30</span> <span class="clock-word">over time</span></p>`},
		{"no limit", render.BoardSpeaker{Spoken: 75 * time.Second}, `<p class="countdown" id="turn-clock"><span class="clock">1:15</span></p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fb, hs := newServer(t, web.Options{})
			fb.set(tok1, func(b *render.Board) {
				b.Adjourned = true
				b.Words.TalkTime, b.Words.Left, b.Words.Over = "Speaking time", "left", "over time"
				s := tc.speaker
				s.Name, s.Stopped = "Ola", true
				b.Speaker = &s
			})
			_, body := get(t, hs.URL+"/board/"+tok1)
			if got := clock.FindString(body); got != tc.want {
				t.Errorf("the stopped clock reads\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestServerTimeouts: a stream outlives the http.Server's ReadTimeout and
// WriteTimeout, which are meant for ordinary requests.
func TestServerTimeouts(t *testing.T) {
	fb := &fakeBoards{boards: map[string]*render.Board{}}
	fb.set(tok1, func(b *render.Board) { b.Title = "Timeouts" })
	srv, err := web.New(web.Options{Boards: fb, Rate: -1, Keepalive: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv.Register(mux)
	hs := httptest.NewUnstartedServer(mux)
	hs.Config.ReadTimeout, hs.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	hs.Start()
	t.Cleanup(hs.Close)
	s := open(t, hs.URL+"/board/"+tok1+"/events", "")
	s.next(t, time.Second)
	time.Sleep(time.Second)
	fb.set(tok1, func(b *render.Board) { b.Title = "Still here" })
	srv.Changed("m1")
	if e, ok := s.next(t, time.Second); !ok || !strings.Contains(e.data, "Still here") {
		t.Errorf("a second after the server's timeouts the stream got %+v, %v; want the change", e, ok)
	}
}

// TestRecheck: with Recheck set, a watched board is loaded again though
// this process was not told of a change (another replica made it): the
// change shows, an unchanged board sends nothing, and a link revoked or
// expired elsewhere ends the stream with "gone".
func TestRecheck(t *testing.T) {
	_, fb, hs := newServer(t, web.Options{Interval: 20 * time.Millisecond, Recheck: 100 * time.Millisecond})
	s := open(t, hs.URL+"/board/"+tok1+"/events", "")
	if first, ok := s.next(t, time.Second); !ok || first.name != "board" {
		t.Fatalf("first event = %+v, want the board", first)
	}
	if got, ok := s.next(t, 400*time.Millisecond); ok {
		t.Errorf("an unchanged board sent %+v", got)
	}
	fb.set(tok1, func(b *render.Board) {
		b.Speaker = &render.BoardSpeaker{Name: "Ola", Kind: "speech", Since: time.Now()}
	})
	if got, ok := s.next(t, time.Second); !ok || !strings.Contains(got.data, "Ola") {
		t.Fatalf("a change made elsewhere: %+v, want a frame with Ola", got)
	}
	fb.set(tok1, nil)
	if got, ok := s.next(t, time.Second); !ok || got.name != "gone" {
		t.Errorf("a link revoked elsewhere: %+v, want gone", got)
	}
	if resp, _ := get(t, hs.URL+"/board/"+tok1); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the revoked board's page: %d, want 404", resp.StatusCode)
	}
}
