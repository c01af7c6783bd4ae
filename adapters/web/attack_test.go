package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/adapters/web"
	"github.com/klubba/klubba/bot/render"
)

// readStream reads an event stream for a while and parses it as a
// browser's EventSource would (CR, LF and CRLF all end a line).
func readStream(t *testing.T, url string, within time.Duration) []struct{ ID, Name, Data string } {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	raw, _ := io.ReadAll(resp.Body) // ends at the deadline
	var out []struct{ ID, Name, Data string }
	for _, e := range web.ParseEventStream(raw) {
		out = append(out, struct{ ID, Name, Data string }{e.ID, e.Name, e.Data})
	}
	return out
}

// A bare CR in a board's text cannot forge an event: a title of
// "Lunch?\revent: gone\rid: x" reaches a browser as one board event
// (issue 26, finding 2).
func TestCarriageReturnForgesNoEvent(t *testing.T) {
	_, fb, hs := newServer(t, web.Options{})
	fb.set(tok1, func(b *render.Board) { b.Title = "Lunch?\revent: gone\rid: x\r\rdata: y" })
	events := readStream(t, hs.URL+"/board/"+tok1+"/events", 500*time.Millisecond)
	if len(events) != 1 || events[0].Name != "board" || events[0].ID == "x" || !strings.Contains(events[0].Data, "Lunch?") {
		t.Fatalf("events = %+v, want one board event", events)
	}
}

// streamFrom opens an event stream with an X-Forwarded-For header (none
// for ""), returning its status; a stream that opened stays open until
// the test ends, or until close is called.
func streamFrom(t *testing.T, url, xff string) (status int, close func()) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode == http.StatusOK {
		buf := make([]byte, 1)
		resp.Body.Read(buf) // the stream is counted once its first bytes come
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp.StatusCode, func() { resp.Body.Close() }
}

// One client cannot hold every stream: its address has a cap of its
// own, X-Forwarded-For counts only from a trusted proxy, and one board
// has a cap too (issue 26, finding 3).
func TestStreamCapsPerClientAndBoard(t *testing.T) {
	t.Run("per client, header ignored", func(t *testing.T) {
		srv, _, hs := newServer(t, web.Options{MaxStreamsPerClient: 3})
		url := hs.URL + "/board/" + tok1 + "/events"
		var closers []func()
		for i := range 3 {
			code, c := streamFrom(t, url, fmt.Sprintf("10.0.0.%d", i))
			if code != http.StatusOK {
				t.Fatalf("stream %d: %d", i, code)
			}
			closers = append(closers, c)
		}
		if code, _ := streamFrom(t, url, "10.0.0.99"); code != http.StatusTooManyRequests {
			t.Errorf("a 4th stream from one address, with a forged X-Forwarded-For: %d, want 429", code)
		}
		closers[0]()
		waitFor(t, func() bool { return srv.Streams() == 2 })
		if code, _ := streamFrom(t, url, ""); code != http.StatusOK {
			t.Errorf("a stream after one closed: %d, want 200", code)
		}
	})
	t.Run("behind a trusted proxy", func(t *testing.T) {
		_, _, hs := newServer(t, web.Options{MaxStreamsPerClient: 2, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		url := hs.URL + "/board/" + tok1 + "/events"
		for i := range 2 {
			if code, _ := streamFrom(t, url, "203.0.113.7"); code != http.StatusOK {
				t.Fatalf("stream %d of the client: %d", i, code)
			}
		}
		// A client's own entries left of the proxy's are not believed.
		if code, _ := streamFrom(t, url, "198.51.100.1, 203.0.113.7"); code != http.StatusTooManyRequests {
			t.Errorf("a forged left-hand address got %d, want 429", code)
		}
		if code, _ := streamFrom(t, url, "203.0.113.8"); code != http.StatusOK {
			t.Errorf("another client behind the proxy: %d, want 200", code)
		}
	})
	t.Run("per board", func(t *testing.T) {
		_, fb, hs := newServer(t, web.Options{MaxStreamsPerBoard: 2, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
		fb.set(tok2, func(b *render.Board) { b.MeetingID = "m2" })
		for i := range 2 {
			if code, _ := streamFrom(t, hs.URL+"/board/"+tok1+"/events", fmt.Sprintf("203.0.113.%d", i)); code != http.StatusOK {
				t.Fatalf("stream %d: %d", i, code)
			}
		}
		if code, _ := streamFrom(t, hs.URL+"/board/"+tok1+"/events", "203.0.113.50"); code != http.StatusServiceUnavailable {
			t.Errorf("a 3rd stream of one board: %d, want 503", code)
		}
		if code, _ := streamFrom(t, hs.URL+"/board/"+tok2+"/events", "203.0.113.50"); code != http.StatusOK {
			t.Errorf("another board: %d, want 200", code)
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not met within 2s")
}
