// Package web serves the live board (docs/architecture.md, "Platforms and the live board"): a read-only page per
// meeting at /board/<token>, for the projector at a hybrid meeting or a
// screen share, kept up to date by Server-Sent Events at
// /board/<token>/events.
//
// The bot tells the Server when a meeting changed (Server.Changed, wired
// to bot.Options.Changed); the Server renders the board of that meeting
// at most once per Interval, however many pages watch it, and every
// stream sends the same rendered bytes. A stream costs one goroutine and
// its connection, nothing else.
package web

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/bot/render"
	"golang.org/x/time/rate"
)

// Boards loads a live board by its token: *bot.Bot.
type Boards interface {
	// Board returns the board of the meeting whose board has token, or
	// an error wrapping bot.ErrNotFound for an unknown or revoked token.
	Board(ctx context.Context, token string) (*render.Board, error)
}

// Options configure a Server. Zero values take the defaults in brackets.
type Options struct {
	Boards Boards
	Logger *slog.Logger
	// Interval is the least time between two renders of one board (200 ms).
	Interval time.Duration
	// Keepalive is how often an idle stream gets a comment, so that
	// proxies keep it open and dead clients are noticed (20 s).
	Keepalive time.Duration
	// MaxStreams caps the event streams open at once, all boards
	// together (10,000); more get 503.
	MaxStreams int
	// MaxStreamsPerClient caps the streams one client address holds open
	// (100: a room of phones behind one NAT), and MaxStreamsPerBoard
	// those of one board (1,000), so that no one client or board takes
	// all of MaxStreams; more get 429 and 503.
	MaxStreamsPerClient int
	MaxStreamsPerBoard  int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: a request from one of them is counted against the
	// address it forwarded for. Without them the header is ignored, as
	// anyone can send it.
	TrustedProxies []netip.Prefix
	// Rate and Burst limit the requests per second of one client address
	// (10/s, bursts of 200: a room of phones behind one NAT); a negative
	// Rate turns the limit off.
	Rate  float64
	Burst int
	// Grace is how long a board nobody watches stays rendered (30 s).
	Grace time.Duration
	// Recheck, if set, is how often a board someone watches is loaded
	// again though nobody said it changed (Changed tells only this
	// process): so that a change another replica made shows, and a link
	// revoked there, or a day past its meeting's end, goes. A frame is
	// sent only when the board differs. Off when zero.
	Recheck time.Duration
	// Editor, if set, serves the template editor (editor.go).
	Editor Editor
	// Calendars, if set, serves the channels' calendar feeds (calendar.go).
	Calendars Calendars
}

// Server serves the live boards.
type Server struct {
	opts    Options
	log     *slog.Logger
	page    *template.Template
	static  fs.FS
	boot    string // tells this process's event IDs from an earlier one's
	seq     atomic.Uint64
	streams atomic.Int64
	limiter *limiter
	// closed ends every stream (Close).
	closed    chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	rooms     map[string]*room   // by token
	byMeeting map[string][]*room // by meeting ID, once rendered

	// open counts the streams open by client address and by token.
	openMu   sync.Mutex
	byClient map[string]int
	byToken  map[string]int
}

//go:embed assets
var assets embed.FS

// New returns a Server.
func New(opts Options) (*Server, error) {
	if opts.Boards == nil {
		return nil, errors.New("web: no Boards")
	}
	if opts.Interval <= 0 {
		opts.Interval = 200 * time.Millisecond
	}
	if opts.Keepalive <= 0 {
		opts.Keepalive = 20 * time.Second
	}
	if opts.MaxStreams <= 0 {
		opts.MaxStreams = 10000
	}
	if opts.MaxStreamsPerClient <= 0 {
		opts.MaxStreamsPerClient = 100
	}
	if opts.MaxStreamsPerBoard <= 0 {
		opts.MaxStreamsPerBoard = 1000
	}
	if opts.Rate == 0 {
		opts.Rate = 10
	}
	if opts.Burst <= 0 {
		opts.Burst = 200
	}
	if opts.Grace <= 0 {
		opts.Grace = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	page, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "assets/static")
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts: opts, log: opts.Logger, page: page, static: static, boot: rand.Text()[:8],
		rooms: map[string]*room{}, byMeeting: map[string][]*room{}, closed: make(chan struct{}),
		byClient: map[string]int{}, byToken: map[string]int{},
	}
	if opts.Rate > 0 {
		s.limiter = newLimiter(rate.Limit(opts.Rate), opts.Burst)
	}
	return s, nil
}

// Register adds the board's routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /board/{token}", s.servePage)
	mux.HandleFunc("GET /board/{token}/events", s.serveEvents)
	mux.HandleFunc("GET /board/board.css", s.serveStatic("board.css", "text/css; charset=utf-8"))
	mux.HandleFunc("GET /board/board.js", s.serveStatic("board.js", "text/javascript; charset=utf-8"))
	if s.opts.Editor != nil {
		mux.HandleFunc("GET /template/edit/{token}", s.serveEditor)
		mux.HandleFunc("POST /template/edit/{token}", s.serveEditor)
		mux.HandleFunc("GET /template/editor.css", s.serveStatic("editor.css", "text/css; charset=utf-8"))
	}
	if s.opts.Calendars != nil {
		mux.HandleFunc("GET /calendar/{file}", s.serveCalendar)
	}
}

// Changed tells the server that a meeting changed: boards open on it are
// rendered anew, at most once per Interval. It never blocks.
func (s *Server) Changed(meetingID string) {
	s.mu.Lock()
	rs := s.byMeeting[meetingID]
	s.mu.Unlock()
	for _, r := range rs {
		r.kick()
	}
}

// Close ends every event stream and refuses new ones, so that an
// http.Server's Shutdown need not wait for them (pass Close to its
// RegisterOnShutdown). Pages reconnect to the next server by themselves.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closed) })
}

// Streams is the number of event streams open now.
func (s *Server) Streams() int { return int(s.streams.Load()) }

// tokenLen is the length of a board token: 32 bytes in unpadded base64url.
const tokenLen = 43

// plausible reports whether token could be a board token, so that junk
// costs neither a store read nor a room.
func plausible(token string) bool {
	if len(token) != tokenLen {
		return false
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// secure sets the headers every board response carries: nothing but this
// origin's own files may run or load, the page may not be framed, and
// the token in the address never leaks in a Referer.
func secure(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("X-Robots-Tag", "noindex, nofollow")
}

// allow applies the rate limit of the request's client; it answers a
// request over the limit and returns false.
func (s *Server) allow(w http.ResponseWriter, r *http.Request) bool {
	if s.limiter != nil && !s.limiter.allow(s.clientIP(r)) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return false
	}
	return true
}

// admit applies the rate limit and the token's shape; it answers the
// request and returns false when the request goes no further.
func (s *Server) admit(w http.ResponseWriter, r *http.Request) (string, bool) {
	secure(w.Header())
	if !s.allow(w, r) {
		return "", false
	}
	token := r.PathValue("token")
	if !plausible(token) {
		http.NotFound(w, r)
		return "", false
	}
	return token, true
}

// clientIP is the address a request is counted against: its peer's, or,
// when the peer is a trusted proxy, the rightmost address in
// X-Forwarded-For that is not a trusted proxy's (the ones to its left
// are whatever the client chose to send). IPv6 addresses count by their
// /64, which one client usually holds whole.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if s.trusted(ip) {
	walk:
		for _, h := range slices.Backward(r.Header.Values("X-Forwarded-For")) {
			parts := strings.Split(h, ",")
			for _, p := range slices.Backward(parts) {
				fwd, err := netip.ParseAddr(strings.TrimSpace(p))
				if err != nil {
					break walk // junk: count the last address known
				}
				ip = fwd.Unmap()
				if !s.trusted(ip) {
					break walk
				}
			}
		}
	}
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// trusted reports whether ip is one of the trusted proxies.
func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// openStream counts a stream in for client and token, unless either has
// reached its cap; the status code says which refused it.
func (s *Server) openStream(client, token string) (int, bool) {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	switch {
	case s.byClient[client] >= s.opts.MaxStreamsPerClient:
		return http.StatusTooManyRequests, false
	case s.byToken[token] >= s.opts.MaxStreamsPerBoard:
		return http.StatusServiceUnavailable, false
	}
	s.byClient[client]++
	s.byToken[token]++
	return 0, true
}

// closeStream counts a stream of openStream out.
func (s *Server) closeStream(client, token string) {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if s.byClient[client]--; s.byClient[client] <= 0 {
		delete(s.byClient, client)
	}
	if s.byToken[token]--; s.byToken[token] <= 0 {
		delete(s.byToken, token)
	}
}

// servePage serves the board's page, with the board as it is now; the
// page's script then follows the event stream.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	token, ok := s.admit(w, r)
	if !ok {
		return
	}
	rm := s.join(token)
	defer s.leave(rm)
	f, _, err := rm.current(r.Context())
	if err != nil {
		return // the client went away
	}
	switch {
	case f.gone:
		http.NotFound(w, r)
		return
	case f.failed:
		http.Error(w, "the board is unavailable; try again in a moment", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.page.ExecuteTemplate(w, "page", pageData{Lang: f.lang, Title: f.title, ID: f.id, Board: template.HTML(f.html)}); err != nil {
		s.log.WarnContext(r.Context(), "write board page", "err", err)
	}
}

type pageData struct {
	Lang, Title, ID string
	Board           template.HTML
}

// serveEvents streams the board's frames: the current one at once (unless
// Last-Event-ID says the client has it), then each new one, and a "gone"
// event when the token is revoked.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	token, ok := s.admit(w, r)
	if !ok {
		return
	}
	select {
	case <-s.closed:
		w.Header().Set("Retry-After", "2")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	default:
	}
	client := s.clientIP(r)
	if code, ok := s.openStream(client, token); !ok {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many boards open from here", code)
		return
	}
	defer s.closeStream(client, token)
	if s.streams.Add(1) > int64(s.opts.MaxStreams) {
		s.streams.Add(-1)
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many boards open", http.StatusServiceUnavailable)
		return
	}
	defer s.streams.Add(-1)
	rm := s.join(token)
	defer s.leave(rm)
	ctx := r.Context()
	f, changed, err := rm.current(ctx)
	if err != nil {
		return
	}
	switch {
	case f.gone:
		http.NotFound(w, r)
		return
	case f.failed:
		w.Header().Set("Retry-After", "2")
		http.Error(w, "the board is unavailable; try again in a moment", http.StatusServiceUnavailable)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(b []byte) bool {
		// Each write gets its own deadline, overriding the server's
		// WriteTimeout, which is meant for ordinary requests.
		if err := rc.SetWriteDeadline(time.Now().Add(10 * time.Second)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	hello := []byte("retry: 2000\n\n")
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = r.URL.Query().Get("last") // a page that had to open a new EventSource
	}
	if last != f.id {
		hello = append(hello, f.sse...)
	}
	if !send(hello) {
		return
	}
	keepalive := time.NewTicker(s.opts.Keepalive)
	defer keepalive.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closed:
			return
		case <-keepalive.C:
			if !send([]byte(": keepalive\n\n")) {
				return
			}
		case <-changed:
			f, changed = rm.snapshot()
			switch {
			case f.gone:
				send([]byte("event: gone\ndata: \n\n"))
				return
			case f.failed, f.id == last:
				continue
			}
			last = f.id
			if !send(f.sse) {
				return
			}
		}
	}
}

// serveStatic serves one embedded file.
func (s *Server) serveStatic(name, contentType string) http.HandlerFunc {
	data, err := fs.ReadFile(s.static, name)
	if err != nil {
		panic(fmt.Sprintf("web: embedded %s: %v", name, err)) // a build without its assets
	}
	return func(w http.ResponseWriter, r *http.Request) {
		secure(w.Header())
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data)
	}
}
