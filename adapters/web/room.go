package web

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/render"
)

// frame is one rendering of a board, shared by every page and stream.
type frame struct {
	id          string
	lang, title string
	html        []byte // the board's fragment
	sse         []byte // the same as an event: id, event and data lines
	gone        bool   // the token is unknown or was revoked
	failed      bool   // the board could not be loaded
}

// room is the board of one token while someone watches it.
type room struct {
	s     *Server
	token string

	// render serialises renders of this board.
	render sync.Mutex

	mu      sync.Mutex
	clients int
	meeting string
	frame   *frame
	// changed is closed, and replaced, when a new frame is published.
	changed chan struct{}
	// dirty: a change came after the last render began.
	dirty bool
	// timer is the render scheduled, if any; last when the last began.
	timer  *time.Timer
	last   time.Time
	expire *time.Timer
	// recheck is the next load of a watched board (Options.Recheck), and
	// shown the board its frame shows, as of no particular moment.
	recheck *time.Timer
	shown   *render.Board
}

// join returns the room of token, creating it, and counts a client in.
func (s *Server) join(token string) *room {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[token]
	if r == nil || r.gone() { // a token that comes back (only in tests) gets a new room
		r = &room{s: s, token: token, changed: make(chan struct{})}
		s.rooms[token] = r
	}
	r.mu.Lock()
	r.clients++
	if r.expire != nil {
		r.expire.Stop()
		r.expire = nil
	}
	r.mu.Unlock()
	return r
}

// leave counts a client out; a room nobody watches is dropped after the
// grace period (at once when its token is gone).
func (s *Server) leave(r *room) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clients--
	if r.clients > 0 {
		return
	}
	if r.frame != nil && r.frame.gone {
		go s.drop(r)
		return
	}
	r.expire = time.AfterFunc(s.opts.Grace, func() { s.drop(r) })
}

// drop removes a room, unless someone joined it meanwhile.
func (s *Server) drop(r *room) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.clients > 0 {
		return
	}
	if s.rooms[r.token] == r {
		delete(s.rooms, r.token)
	}
	if r.meeting != "" {
		rs := s.byMeeting[r.meeting]
		for i, x := range rs {
			if x == r {
				rs = append(rs[:i:i], rs[i+1:]...)
				break
			}
		}
		if len(rs) == 0 {
			delete(s.byMeeting, r.meeting)
		} else {
			s.byMeeting[r.meeting] = rs
		}
	}
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	if r.recheck != nil {
		r.recheck.Stop()
		r.recheck = nil
	}
}

func (r *room) gone() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frame != nil && r.frame.gone
}

// snapshot returns the current frame (nil before the first render) and
// the channel closed when it is replaced.
func (r *room) snapshot() (*frame, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frame, r.changed
}

// current returns the current frame, rendering the first one.
func (r *room) current(ctx context.Context) (*frame, <-chan struct{}, error) {
	if f, ch := r.snapshot(); f != nil && !r.retry(f) {
		return f, ch, nil
	}
	r.render.Lock()
	f, ch := r.snapshot()
	if f == nil || r.retry(f) {
		r.draw(ctx)
		f, ch = r.snapshot()
	}
	r.render.Unlock()
	return f, ch, ctx.Err()
}

// retryAfter is how soon a board that failed to load is tried again by
// the next page or stream that asks.
const retryAfter = time.Second

// retry reports whether f failed long enough ago to try again.
func (r *room) retry(f *frame) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return f.failed && time.Since(r.last) >= retryAfter
}

// kick schedules a render: at once if the last began at least an
// Interval ago, else when the Interval is up. Kicks in between are
// folded into that one render.
func (r *room) kick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dirty = true
	if r.timer != nil || r.frame == nil {
		return // a render is due anyway
	}
	wait := max(0, r.s.opts.Interval-time.Since(r.last))
	r.timer = time.AfterFunc(wait, r.tick)
}

// tick runs a scheduled render, and schedules the next if changes came
// in while it ran.
func (r *room) tick() {
	r.render.Lock()
	r.draw(context.Background())
	r.render.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timer = nil
	if r.dirty {
		r.timer = time.AfterFunc(max(0, r.s.opts.Interval-time.Since(r.last)), r.tick)
	}
}

// loadTimeout bounds a render's read of the store.
const loadTimeout = 5 * time.Second

// scheduleRecheck sets the next recheck while someone watches a board
// that is there; r.mu is held.
func (r *room) scheduleRecheck() {
	if r.s.opts.Recheck <= 0 || r.clients == 0 || r.frame == nil || r.frame.gone || r.recheck != nil {
		return
	}
	r.recheck = time.AfterFunc(r.s.opts.Recheck, func() {
		r.mu.Lock()
		r.recheck = nil
		r.mu.Unlock()
		r.render.Lock()
		r.redraw(context.Background(), true) // schedules the next
		r.render.Unlock()
	})
}

// draw loads and renders the board and publishes the frame. The caller
// holds r.render.
func (r *room) draw(ctx context.Context) { r.redraw(ctx, false) }

// redraw is draw; a recheck publishes a frame only if the board differs
// from the one its frame shows.
func (r *room) redraw(ctx context.Context, recheck bool) {
	r.mu.Lock()
	r.dirty, r.last = false, time.Now()
	old, oldShown := r.frame, r.shown
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
	defer cancel()
	f := &frame{id: r.s.boot + "-" + strconv.FormatUint(r.s.seq.Add(1), 10)}
	v, err := r.s.opts.Boards.Board(ctx, r.token)
	var shown *render.Board
	if err == nil {
		at := *v
		at.Now = time.Time{} // the clocks count on in the page
		shown = &at
		if recheck && old != nil && !old.gone && !old.failed && reflect.DeepEqual(oldShown, shown) {
			r.mu.Lock()
			r.scheduleRecheck()
			r.mu.Unlock()
			return
		}
	}
	switch {
	case errors.Is(err, bot.ErrNotFound):
		f.gone = true
	case err != nil:
		r.s.log.Error("load live board", "err", err)
		if old != nil && !old.failed {
			return // keep showing the last good board; the next change tries again
		}
		f.failed = true
	default:
		var buf bytes.Buffer
		if err := r.s.page.ExecuteTemplate(&buf, "board", view{v}); err != nil {
			r.s.log.Error("render live board", "err", err)
			f.failed = true
			break
		}
		f.lang, f.title, f.html = v.Lang, v.Title, buf.Bytes()
		f.sse = eventBytes(f.id, "board", f.html)
		r.s.index(r, v.MeetingID)
	}
	r.mu.Lock()
	r.frame, r.shown = f, shown
	close(r.changed)
	r.changed = make(chan struct{})
	r.scheduleRecheck()
	r.mu.Unlock()
}

// index files the room under its meeting, so that Changed finds it.
func (s *Server) index(r *room, meetingID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.meeting != "" || s.rooms[r.token] != r {
		return
	}
	r.meeting = meetingID
	s.byMeeting[meetingID] = append(s.byMeeting[meetingID], r)
}

// eventBytes frames data as one Server-Sent Event: each line of data on a
// "data:" line of its own (the client joins them with newlines). An event
// stream ends a line at "\r\n", "\r" or "\n" alike, so data is split at
// each of them, and id and event lose every line break and NUL: a bare
// "\r" in a board's text (a poll question, a display name) could
// otherwise start a forged "event: gone" line.
func eventBytes(id, event string, data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/16+64)
	out = append(out, "id: "...)
	out = appendField(out, id)
	out = append(out, "\nevent: "...)
	out = appendField(out, event)
	out = append(out, '\n')
	for len(data) > 0 {
		line, rest := data, []byte(nil)
		if n := bytes.IndexAny(data, "\r\n"); n >= 0 {
			line, rest = data[:n], data[n+1:]
			if data[n] == '\r' && len(rest) > 0 && rest[0] == '\n' {
				rest = rest[1:]
			}
		}
		out = append(out, "data: "...)
		out = append(out, line...)
		out = append(out, '\n')
		data = rest
	}
	return append(out, '\n')
}

// appendField appends s to out without the characters that would end or
// void an event stream's field: CR, LF and NUL.
func appendField(out []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\r' && c != '\n' && c != 0 {
			out = append(out, c)
		}
	}
	return out
}
