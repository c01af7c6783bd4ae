package web_test

import (
	"context"
	"io"
	"net/http"
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
