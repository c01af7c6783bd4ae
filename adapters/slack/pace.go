package slack

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// chat.update is a Tier 3 method: about 50 calls a minute, counted per
// workspace, not per channel
// (docs.slack.dev/apis/web-api/rate-limits, "Rate limit tiers"). The
// deliverer paces edits per message and per channel; updateLimits paces
// them per workspace as well, so that edit storms in many channels of one
// workspace stay within the tier, and a 429 in one channel holds back
// every channel of its workspace until the Retry-After has passed. An
// edit held back waits in the outbox, where later edits of the same
// message replace it.
const (
	// UpdatesPerMinute is the pace of chat.update calls per workspace.
	UpdatesPerMinute = 50
	// updateBurst is how many edits may go at once after a quiet spell.
	updateBurst = 20
	// maxUpdateLimits bounds the workspaces remembered; past it, those
	// idle for a while are forgotten.
	maxUpdateLimits = 10_000
)

// updateLimits paces chat.update per workspace.
type updateLimits struct {
	now func() time.Time

	mu    sync.Mutex
	teams map[string]*updateLimit
}

type updateLimit struct {
	pace  *rate.Limiter
	until time.Time // a 429's Retry-After, for the whole workspace
	used  time.Time
}

func newUpdateLimits(now func() time.Time) *updateLimits {
	return &updateLimits{now: now, teams: map[string]*updateLimit{}}
}

// take returns nil if an edit in the workspace may go now, and else a
// rate-limit error saying how long to wait.
func (l *updateLimits) take(team string) error {
	if l == nil {
		return nil
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.team(team, now)
	if wait := t.until.Sub(now); wait > 0 {
		return &pacedError{wait: wait}
	}
	r := t.pace.ReserveN(now, 1)
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return &pacedError{wait: wait}
	}
	return nil
}

// pacedError is an edit held back by updateLimits for wait: unlike
// Slack's own 429, whose Retry-After is whole seconds, it may be a
// moment only, as when the deliverer comes back just as a Retry-After
// ends, and is not rounded up.
type pacedError struct{ wait time.Duration }

func (e *pacedError) Error() string {
	return fmt.Sprintf("edits paced in the workspace for %s", e.wait)
}

// limited holds back the workspace's edits after Slack answered 429.
func (l *updateLimits) limited(team string, after time.Duration) {
	if l == nil {
		return
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := l.team(team, now); now.Add(after).After(t.until) {
		t.until = now.Add(after)
	}
}

// team returns the workspace's limit. Call it with l.mu held.
func (l *updateLimits) team(team string, now time.Time) *updateLimit {
	t, ok := l.teams[team]
	if !ok {
		if len(l.teams) >= maxUpdateLimits {
			for k, old := range l.teams {
				if now.Sub(old.used) > time.Minute && now.After(old.until) {
					delete(l.teams, k)
				}
			}
		}
		t = &updateLimit{pace: rate.NewLimiter(rate.Every(time.Minute/UpdatesPerMinute), updateBurst)}
		l.teams[team] = t
	}
	t.used = now
	return t
}
