package bot

import (
	"context"
	"strings"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// ErrNotFound is returned by a Tx for a record that does not exist.
var ErrNotFound = store.ErrNotFound

// Store keeps Klubba's state (a *typed.Store on a backend). Every command
// runs in one transaction: a function passed to Update either commits
// all its changes or none.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	// Batch is Update for writes that come in crowds (every write command
	// when others are under way): concurrent calls may share one
	// transaction, so fn may run more than once and must not keep state
	// from an earlier run.
	Batch(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is a transaction on a Store: the typed records of package
// store/typed, written once for every backend. Records returned are
// copies: changes to them are stored only when put back.
type Tx = *typed.Tx

// Person is a participant: the platform's user ID and a display name.
type Person = store.Person

// Outbox is the queue of replies awaiting delivery, one line per platform.
type Outbox interface {
	// Pending returns up to n undelivered replies for a platform's
	// channels (see Platform) with IDs above after, oldest first.
	Pending(ctx context.Context, platform string, after uint64, n int) ([]Outgoing, error)
	// Windows returns, for each channel of platform with undelivered
	// replies, up to n of them with IDs above after[channel] (0 when
	// absent), oldest first; channels whose after is math.MaxUint64 are
	// skipped. A channel's backlog never hides another channel's replies.
	Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]Outgoing, error)
	// Delivered removes replies from the outbox, in one transaction.
	Delivered(ctx context.Context, os ...Outgoing) error
}

// Platform is the platform part of a channel ID: "slack" for "slack:T1/C1".
func Platform(channel string) string {
	p, _, _ := strings.Cut(channel, ":")
	return p
}
