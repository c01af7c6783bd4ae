package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket per client address. Addresses not seen for
// a while are forgotten, so that the map stays small.
type limiter struct {
	limit rate.Limit
	burst int

	mu    sync.Mutex
	byIP  map[string]*bucket
	swept time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// forgetAfter is how long an address's bucket outlives its last request.
const forgetAfter = 5 * time.Minute

func newLimiter(limit rate.Limit, burst int) *limiter {
	return &limiter{limit: limit, burst: burst, byIP: map[string]*bucket{}, swept: time.Now()}
}

func (l *limiter) allow(ip string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > forgetAfter {
		for k, b := range l.byIP {
			if now.Sub(b.seen) > forgetAfter {
				delete(l.byIP, k)
			}
		}
		l.swept = now
	}
	b := l.byIP[ip]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.byIP[ip] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}
