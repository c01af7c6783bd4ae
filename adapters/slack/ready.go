package slack

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// authCheckEvery is how often Ready asks Slack whether the bot token
// works (auth.test, Tier 3 of Slack's rate limits: 50+ a minute).
const authCheckEvery = time.Minute

// authCheck caches the answer of auth.test.
type authCheck struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

// Ready reports whether Slack accepts the bot token (auth.test, asked
// at most once a minute) and delivery is not wedged or paused.
func (a *App) Ready(ctx context.Context) error {
	if err := a.deliver.Health(); err != nil {
		return err
	}
	a.auth.mu.Lock()
	defer a.auth.mu.Unlock()
	now := a.now()
	if a.auth.at.IsZero() || now.Sub(a.auth.at) >= authCheckEvery {
		_, err := a.api.AuthTestContext(ctx)
		a.auth.at, a.auth.err = now, err
		if err != nil {
			a.auth.err = fmt.Errorf("slack auth.test: %w", err)
		}
	}
	return a.auth.err
}
