// Package httpguard keeps unauthenticated clients from exhausting the
// server (docs/security.md): server timeouts and a
// small header limit, a cap on how many request bodies are being read
// before they are authenticated, and warn logs that a storm of rejected
// requests cannot flood.
package httpguard

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Server limits. A slow or idle client is cut off by these, whoever it is.
const (
	// ReadHeaderTimeout bounds the wait for a request's headers, so a
	// connection that sends nothing is closed after it.
	ReadHeaderTimeout = 5 * time.Second
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout = 20 * time.Second
	// WriteTimeout bounds writing a response. Handlers that stream much
	// (a backup) extend it with http.ResponseController.
	WriteTimeout = 30 * time.Second
	// IdleTimeout closes keep-alive connections left idle this long.
	IdleTimeout = 60 * time.Second
	// MaxHeaderBytes is plenty for Slack's and the Bot Connector's
	// requests (a JWT is a few KB).
	MaxHeaderBytes = 16 << 10
)

// NewServer returns an HTTP server for handler with the limits above.
func NewServer(handler http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Body reading limits.
const (
	// SmallBody is the size up to which a body is read without a slot: a
	// slash command or a mention is well under it, so thousands of
	// stalled small bodies cost little memory, and a signed command is
	// never kept waiting behind large ones.
	SmallBody = 16 << 10
	// BodySlots is how many larger bodies (interaction payloads, up to
	// the adapter's limit) may be read at once before authentication:
	// their memory is bounded by BodySlots times the limit.
	BodySlots = 16
	// SlotWait is how long a large body waits for a slot before the
	// request is refused with 503.
	SlotWait = time.Second
	// BodyReadTimeout bounds reading one body, so that a stalled body
	// gives its slot back.
	BodyReadTimeout = 5 * time.Second
)

// Errors of ReadBody.
var (
	ErrTooLarge = errors.New("request body too large")
	ErrBusy     = errors.New("too many request bodies being read")
)

// Reader reads request bodies before they are authenticated, a bounded
// number of large ones at a time.
type Reader struct {
	slots chan struct{}
}

// NewReader returns a Reader with BodySlots slots.
func NewReader() *Reader { return &Reader{slots: make(chan struct{}, BodySlots)} }

// ReadBody reads r's body, at most limit bytes: ErrTooLarge beyond it,
// ErrBusy when no slot came free within SlotWait. A body of known length
// is read into a buffer of that length; a body that stalls is cut off
// after BodyReadTimeout.
func (br *Reader) ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, ErrTooLarge
	}
	if r.ContentLength < 0 || r.ContentLength > SmallBody {
		t := time.NewTimer(SlotWait)
		defer t.Stop()
		select {
		case br.slots <- struct{}{}:
			defer func() { <-br.slots }()
		case <-t.C:
			return nil, ErrBusy
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(BodyReadTimeout))
	defer http.NewResponseController(w).SetReadDeadline(time.Time{})
	if r.ContentLength >= 0 {
		buf := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, ErrTooLarge
	}
	return body, err
}

// Status is the HTTP status for an error of ReadBody.
func Status(err error) int {
	switch {
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrBusy):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// Sampler logs rejected requests at most once per Every, counting those
// it left out, so that a storm of forgeries does not flood the log.
type Sampler struct {
	Log   *slog.Logger
	Every time.Duration

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

// Warn logs msg with args, or counts it when the last one was logged
// less than Every ago.
func (s *Sampler) Warn(ctx context.Context, msg string, args ...any) {
	s.mu.Lock()
	now := time.Now()
	if !s.last.IsZero() && now.Sub(s.last) < s.Every {
		s.suppressed++
		s.mu.Unlock()
		return
	}
	n := s.suppressed
	s.last, s.suppressed = now, 0
	s.mu.Unlock()
	if n > 0 {
		args = append(args, "suppressed", n)
	}
	s.Log.WarnContext(ctx, msg, args...)
}
