package slack

import (
	"context"
	"log/slog"
	"sync"
	"time"

	goslack "github.com/slack-go/slack"
)

// userInfoInterval spaces users.info calls: the method is in Slack's
// Tier 4 (100+ per minute).
const userInfoInterval = 600 * time.Millisecond

// nameTTL is how long a looked-up display name is trusted.
const nameTTL = time.Hour

// maxNames bounds the cache: past it, names older than nameTTL are
// forgotten, and if that is not enough, any others.
const maxNames = 10_000

// userInfo is the one Web API method the resolver uses.
type userInfo interface {
	GetUserInfoContext(ctx context.Context, user string, options ...goslack.GetUserInfoOption) (*goslack.User, error)
}

// Names resolves Slack user IDs to display names with users.info, cached.
// A name not yet known is looked up in the background, so no command
// waits for it: meanwhile the name the payload carried is used.
type Names struct {
	api  userInfo
	log  *slog.Logger
	now  func() time.Time
	mu   sync.Mutex
	seen map[string]cachedName
	miss chan string
}

type cachedName struct {
	name string
	at   time.Time
}

// NewNames returns a resolver; Run must run for lookups to happen.
func NewNames(api userInfo, log *slog.Logger, now func() time.Time) *Names {
	return &Names{api: api, log: log, now: now, seen: map[string]cachedName{}, miss: make(chan string, 1024)}
}

// Name returns the display name of id, or fallback while it is unknown.
func (n *Names) Name(id, fallback string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	c, ok := n.seen[id]
	if !ok || c.name != "" && n.now().Sub(c.at) > nameTTL {
		select {
		case n.miss <- id: // noted as asked for, so that one lookup is queued
			n.remember(id, cachedName{name: c.name, at: n.now()})
		default: // the queue is full; a later command asks again
		}
	}
	switch {
	case c.name != "":
		return c.name
	case fallback != "":
		return fallback
	}
	return id
}

// Run looks up names until ctx ends.
func (n *Names) Run(ctx context.Context) {
	tick := time.NewTicker(userInfoInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-n.miss:
			n.lookup(ctx, id)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (n *Names) lookup(ctx context.Context, id string) {
	u, err := n.api.GetUserInfoContext(ctx, id)
	n.mu.Lock()
	defer n.mu.Unlock()
	if err != nil {
		n.log.WarnContext(ctx, "users.info failed", "user", id, "err", err)
		delete(n.seen, id)
		return
	}
	name := u.Profile.DisplayName
	if name == "" {
		name = u.RealName
	}
	if name == "" {
		name = u.Name
	}
	n.remember(id, cachedName{name: name, at: n.now()})
}

// remember caches a name, keeping the cache within maxNames. Call it
// with n.mu held.
func (n *Names) remember(id string, c cachedName) {
	if _, ok := n.seen[id]; !ok && len(n.seen) >= maxNames {
		now := n.now()
		for k, old := range n.seen {
			if now.Sub(old.at) > nameTTL {
				delete(n.seen, k)
			}
		}
		for k := range n.seen { // a map's order is random: evict at random
			if len(n.seen) < maxNames*9/10 {
				break
			}
			delete(n.seen, k)
		}
	}
	n.seen[id] = c
}
