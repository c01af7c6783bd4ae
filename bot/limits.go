package bot

import (
	"cmp"
	"context"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/store/typed"
	"golang.org/x/time/rate"
)

// Limits are the quotas of docs/security.md ("Quotas"): no user can flood a
// channel, and no meeting grows without bound. A zero field takes its
// default (DefaultLimits). Each excess is refused privately and politely,
// and changes nothing.
type Limits struct {
	// CommandsPerSecond and Burst limit each user's commands on a
	// platform (the console is not limited): a token bucket.
	CommandsPerSecond float64
	Burst             int
	// Title caps a meeting title, an agenda item, a poll question or
	// option, in characters.
	Title int
	// Text caps any other text (a note, a decision, an action, a rule),
	// in characters.
	Text int
	// AgendaItems, Polls and Entries cap a meeting's agenda items, polls
	// and minutes entries (decisions, actions and notes).
	AgendaItems int
	Polls       int
	Entries     int
	// Ideas caps the ideas one brainstorm collects.
	Ideas int
	// MeetingsPerHour caps the meetings one user starts in an hour on a
	// platform (the console is not limited).
	MeetingsPerHour int
}

// DefaultLimits are the quotas when the configuration sets none.
func DefaultLimits() Limits {
	return Limits{CommandsPerSecond: 5, Burst: 20, Title: 200, Text: 2000, AgendaItems: 100, Polls: 200, Entries: 2000,
		Ideas: 500, MeetingsPerHour: 20}
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	return Limits{
		CommandsPerSecond: cmp.Or(l.CommandsPerSecond, d.CommandsPerSecond), Burst: cmp.Or(l.Burst, d.Burst),
		Title: cmp.Or(l.Title, d.Title), Text: cmp.Or(l.Text, d.Text),
		AgendaItems: cmp.Or(l.AgendaItems, d.AgendaItems), Polls: cmp.Or(l.Polls, d.Polls), Entries: cmp.Or(l.Entries, d.Entries),
		Ideas: cmp.Or(l.Ideas, d.Ideas), MeetingsPerHour: cmp.Or(l.MeetingsPerHour, d.MeetingsPerHour),
	}
}

// maxLineFactor bounds a whole command line: this many times the text cap.
const maxLineFactor = 2

// ReplayPrefix starts the seen-event key of a signed request: the
// prefix, the request's Unix time in seconds, ':' and its signature.
// Such a key is remembered only for ReplayWindow.
const ReplayPrefix = typed.ReplayPrefix

// ReplayWindow is how long a request's signature is remembered: longer
// than the 5 minutes in which a signed request is accepted at all.
const ReplayWindow = typed.ReplayWindow

// rateLimiter keeps a token bucket per user. Buckets of users idle long
// enough to have refilled are forgotten, so its size is bounded by the
// users active in the last minute or so.
type rateLimiter struct {
	limit rate.Limit
	burst int

	mu        sync.Mutex
	users     map[string]*userRate
	lastPrune time.Time
}

type userRate struct {
	lim  *rate.Limiter
	seen time.Time
	// told is set once a refusal was sent, so that a flood gets one
	// refusal per stretch of refusals, not one each.
	told bool
}

func newRateLimiter(l Limits) *rateLimiter {
	return &rateLimiter{limit: rate.Limit(l.CommandsPerSecond), burst: l.Burst, users: map[string]*userRate{}}
}

// allow takes a token of user's bucket at now. It reports whether the
// command may run and, when not, whether this is the first refusal of
// a stretch (the one worth telling).
func (rl *rateLimiter) allow(user string, now time.Time) (ok, tell bool) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	refill := time.Duration(float64(rl.burst) / float64(rl.limit) * float64(time.Second))
	if now.Sub(rl.lastPrune) > refill {
		for k, u := range rl.users {
			if now.Sub(u.seen) > refill {
				delete(rl.users, k) // full again: the same as a new bucket
			}
		}
		rl.lastPrune = now
	}
	u, found := rl.users[user]
	if !found {
		u = &userRate{lim: rate.NewLimiter(rl.limit, rl.burst)}
		rl.users[user] = u
	}
	u.seen = now
	if u.lim.AllowN(now, 1) {
		u.told = false
		return true, false
	}
	tell = !u.told
	u.told = true
	return false, tell
}

// size is the number of buckets kept, for tests.
func (rl *rateLimiter) size() int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return len(rl.users)
}

// startLog remembers when each user started meetings in the last hour,
// for Limits.MeetingsPerHour. It is kept in memory, as the rate limit is:
// it bounds one process's work, and a restart forgets it.
type startLog struct {
	mu     sync.Mutex
	byUser map[string][]time.Time
	pruned time.Time
}

// startWindow is the span Limits.MeetingsPerHour counts over.
const startWindow = time.Hour

// limitKey is whom the rate limit and the cap on starts count against:
// the user on their platform.
func limitKey(req Request) string { return Platform(req.Channel) + "|" + req.User }

// count is how many meetings user started in the hour before now.
func (l *startLog) count(user string, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, t := range l.byUser[user] {
		if now.Sub(t) < startWindow {
			n++
		}
	}
	return n
}

// add notes a start by user at now, and forgets starts over an hour old.
func (l *startLog) add(user string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.pruned) > startWindow {
		for u, ts := range l.byUser {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= startWindow {
				delete(l.byUser, u)
			}
		}
		l.pruned = now
	}
	ts := l.byUser[user]
	for len(ts) > 0 && now.Sub(ts[0]) >= startWindow {
		ts = ts[1:]
	}
	l.byUser[user] = append(ts, now)
}

// checkQuota refuses a command whose words are too long: titles (the
// command table's titled) at Limits.Title, other text at Limits.Text.
// The caps on what a meeting holds are checked where each thing is made:
// polls in addPoll (checkPolls), entries in addEntry, items in agendaAdd.
func checkQuota(u *unit, a args, cmd *command) error {
	l := u.b.limits
	max := l.Text
	if cmd.titled {
		max = l.Title
	}
	for _, w := range a.Words {
		if utf8.RuneCountInString(w.Text) > max {
			return u.refuse(u.t("TooLong", "Max", max))
		}
	}
	return nil
}

// checkPolls refuses a new poll of a meeting that has as many as allowed,
// whichever command makes it (a poll of any kind, evaluate, demand vote).
func checkPolls(u *unit) error {
	// A timer (the next round of a votering or an election) has nobody to
	// refuse: what a command began, it finishes.
	if max := u.b.limits.Polls; u.cmd != nil && len(u.m.Polls) >= max {
		return u.refuse(u.t("TooManyPolls", "Max", max))
	}
	return nil
}

// Admit applies the per-user rate limit to a request that is not a
// command for Handle, such as a Slack modal about to open (which costs a
// views.open call): it reports whether to go on, and otherwise returns
// the polite refusal, routed as Handle routes one.
func (b *Bot) Admit(ctx context.Context, req Request) (Response, bool) {
	return b.admit(ctx, cleanRequest(req), "", b.clock.Now())
}

// admit applies the per-user rate limit and the cap on a command line's
// length before anything is parsed or stored. A refused request gets a
// polite private answer: always in a slash command's own response, and
// through the outbox only once per stretch of refusals.
func (b *Bot) admit(ctx context.Context, req Request, text string, now time.Time) (Response, bool) {
	if req.Route == RouteInline {
		return Response{}, true // the console's user is trusted
	}
	ok, tell := b.rate.allow(limitKey(req), now)
	msg := ""
	switch {
	case !ok && b.seen(ctx, req.EventID):
		return Response{Duplicate: true}, false // a redelivery or a replay is ignored, not told to slow down
	case !ok:
		msg = b.i18n.Text(b.locale, "SlowDown")
	case len(text) > maxLineFactor*b.limits.Text*utf8.UTFMax:
		msg, tell = b.i18n.Text(b.locale, "TooLong", "Max", b.limits.Text), true
	default:
		return Response{}, true
	}
	if b.observe != nil {
		b.observe("limited", "refused", 0)
	}
	resp := Response{Refused: true}
	if tell || req.Route == RouteShared {
		resp.Replies = []chat.Reply{{To: chat.Caller, Message: chat.Message{Text: msg}}}
	}
	return b.routeRefusal(ctx, req, resp), false
}

// seen reports whether the request's event was handled before.
func (b *Bot) seen(ctx context.Context, eventID string) bool {
	if eventID == "" {
		return false
	}
	var seen bool
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		seen, err = tx.EventSeen(eventID)
		return err
	})
	return err == nil && seen
}

// routeRefusal sends the caller's replies of a refused request of
// RouteAll (a click or a mention, which have no answer of their own)
// through the outbox, like every other message: a unit of their own
// finishes them, as the command's rolled back, and marks the request's
// event as seen, so that a redelivery is not refused twice.
func (b *Bot) routeRefusal(ctx context.Context, req Request, resp Response) Response {
	if req.Route != RouteAll || len(resp.Replies) == 0 || req.User == "" {
		return resp
	}
	return b.enqueueRefusal(ctx, req, resp)
}

// enqueueRefusal is routeRefusal's work, apart so that an admitted
// request's req and resp stay on the stack.
func (b *Bot) enqueueRefusal(ctx context.Context, req Request, resp Response) Response {
	err := b.store.Update(ctx, func(tx Tx) error {
		u := b.newUnit(ctx, tx, req)
		if req.EventID != "" {
			if seen, err := tx.MarkEvent(req.EventID, u.now); err != nil || seen {
				return err
			}
		}
		u.replies = resp.Replies
		return u.finish()
	})
	if err != nil {
		b.log.ErrorContext(ctx, "enqueue a refusal", "channel", req.Channel, "err", err)
	}
	resp.Replies = nil
	return resp
}
