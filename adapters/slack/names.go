package slack

import (
	"cmp"
	"context"
	"log/slog"
	"strings"
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
//
// With many workspaces each person is looked up with the token of their
// workspace's installation (NewWorkspaceNames), and cached per workspace.
type Names struct {
	api  func(ctx context.Context, team string) (userInfo, error)
	many bool
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
	one := func(context.Context, string) (userInfo, error) { return api, nil }
	return &Names{api: one, log: log, now: now, seen: map[string]cachedName{}, miss: make(chan string, 1024)}
}

// NewWorkspaceNames returns a resolver for many workspaces: api gives
// the client of a workspace's installation.
func NewWorkspaceNames(api func(ctx context.Context, team string) (userInfo, error), log *slog.Logger, now func() time.Time) *Names {
	return &Names{api: api, many: true, log: log, now: now, seen: map[string]cachedName{}, miss: make(chan string, 1024)}
}

// Name returns the display name of id, or fallback while it is unknown.
func (n *Names) Name(id, fallback string) string { return n.NameIn("", id, fallback) }

// NameIn returns the display name of id in a workspace, or fallback
// while it is unknown, or the ID itself (which Slack's renderer shows as
// a mention, <@U…>, so that Slack shows the name).
func (n *Names) NameIn(team, id, fallback string) string {
	key := id
	if n.many {
		if team == "" {
			return cmp.Or(fallback, id) // no workspace to ask
		}
		key = team + "/" + id
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	c, ok := n.seen[key]
	if !ok || c.name != "" && n.now().Sub(c.at) > nameTTL {
		select {
		case n.miss <- key: // noted as asked for, so that one lookup is queued
			n.remember(key, cachedName{name: c.name, at: n.now()})
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

func (n *Names) lookup(ctx context.Context, key string) {
	team, id := "", key
	if n.many {
		team, id, _ = strings.Cut(key, "/")
	}
	api, err := n.api(ctx, team)
	var u *goslack.User
	if err == nil {
		u, err = api.GetUserInfoContext(ctx, id)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err != nil {
		n.log.WarnContext(ctx, "users.info failed", "team", team, "user", id, "err", err)
		delete(n.seen, key)
		return
	}
	name := u.Profile.DisplayName
	if name == "" {
		name = u.RealName
	}
	if name == "" {
		name = u.Name
	}
	n.remember(key, cachedName{name: name, at: n.now()})
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
