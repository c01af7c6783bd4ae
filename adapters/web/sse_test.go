package web

import (
	"bytes"
	"cmp"
	"strings"
	"testing"
)

// sseEvent is one event as a browser's EventSource dispatches it.
type sseEvent struct{ ID, Name, Data string }

// parseEventStream parses an event stream as the HTML standard's
// "interpret an event stream" does: lines end at CRLF, CR or LF, a blank
// line dispatches, and an event with no data is not dispatched.
func parseEventStream(stream []byte) []sseEvent {
	var out []sseEvent
	var id, name string
	var data strings.Builder
	hasData := false
	for len(stream) > 0 {
		line, rest := stream, []byte(nil)
		if n := bytes.IndexAny(stream, "\r\n"); n >= 0 {
			line, rest = stream[:n], stream[n+1:]
			if stream[n] == '\r' && len(rest) > 0 && rest[0] == '\n' {
				rest = rest[1:]
			}
		} else {
			break // an unterminated line is never processed
		}
		stream = rest
		field, value, _ := strings.Cut(string(line), ":")
		value = strings.TrimPrefix(value, " ")
		switch {
		case len(line) == 0:
			if hasData {
				out = append(out, sseEvent{ID: id, Name: cmp.Or(name, "message"), Data: strings.TrimSuffix(data.String(), "\n")})
			}
			name, hasData = "", false
			data.Reset()
		case line[0] == ':':
		case field == "event":
			name = value
		case field == "data":
			data.WriteString(value + "\n")
			hasData = true
		case field == "id" && !strings.Contains(value, "\x00"):
			id = value
		}
	}
	return out
}

// FuzzEventBytes: whatever the board's text holds (control characters,
// a bare CR, CRLF, NUL), eventBytes frames exactly one event of the name
// given, whose data is the text with its line breaks as LF.
func FuzzEventBytes(f *testing.F) {
	for _, s := range []string{"", "plain", "Lunch?\revent: gone\rid: x", "a\r\nb\nc\r", "\n\n", "\r\r\n\x00id: 1\n",
		"<p>\u202eevil</p>", "data: x\n\nevent: gone\n\n"} {
		f.Add("b-1", "board", []byte(s))
	}
	f.Add("b\r2", "board\revent: gone", []byte("x"))
	f.Fuzz(func(t *testing.T, id, name string, data []byte) {
		got := parseEventStream(eventBytes(id, name, data))
		want := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		want = strings.TrimSuffix(want, "\n")
		clean := strings.NewReplacer("\r", "", "\n", "", "\x00", "")
		if len(data) == 0 {
			if len(got) != 0 {
				t.Fatalf("no data made events %+v", got)
			}
			return
		}
		if len(got) != 1 {
			t.Fatalf("eventBytes(%q, %q, %q) parsed as %d events: %+v", id, name, data, len(got), got)
		}
		e := got[0]
		if e.Data != want || e.ID != clean.Replace(id) || e.Name != cmp.Or(clean.Replace(name), "message") {
			t.Fatalf("eventBytes(%q, %q, %q) parsed as %+v, want data %q", id, name, data, e, want)
		}
	})
}
