// Package store is the contract between Klubba and the databases that
// keep its state, in the shape of database/sql/driver: the records the
// bot and the adapters exchange with a store (Person, Timer, Outgoing),
// ErrNotFound, and Backend, the narrow interface a database implements:
// transactions of Get, Put, Delete, Scan and NextSeq over keys, plus the
// optional interfaces of what some databases can also do (Sealer,
// Watcher, Leader, Appender, Stamper).
//
// The typed records (meetings, polls and ballots, minutes, the outbox,
// timers) are written once, on top of a Backend, by package store/typed;
// store/bolt, store/etcd and store/mem are backends. See
// docs/architecture.md.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/klubba/klubba/chat"
)

// ErrNotFound is returned for a record or key that does not exist.
var ErrNotFound = errors.New("not found")

// Person is a participant: the platform's user ID and a display name.
type Person struct {
	ID   string
	Name string
}

// TimerKind says what a timer does when it fires.
type TimerKind string

// Timer is something the bot must do at a given time. Timers are kept in
// the store, so they survive a restart.
type Timer struct {
	ID        uint64
	Due       time.Time
	Kind      TimerKind
	Channel   string
	MeetingID string
	// Ref is the agenda item or poll the timer is about.
	Ref int64
	// Who and Since identify the turn a long-turn timer watches.
	Who   string
	Since time.Time
}

// Outgoing is a reply waiting in the outbox to be delivered to a channel.
type Outgoing struct {
	ID      uint64     `json:"id"`
	Channel string     `json:"channel"`
	Reply   chat.Reply `json:"reply"`
}

// Key names a value: a path of segments, each any string of bytes (a
// bucket, a meeting's ID, a voter's ID, a big-endian sequence number).
// Every key has at least two segments; the first names a table.
type Key []string

// K makes a key of its segments.
func K(segments ...string) Key { return segments }

// Backend is a database Klubba's state can be kept in. Every function
// passed to View, Update or Batch runs in one transaction: a read-write
// one commits all its changes or none, and sees no other's changes
// half-made.
type Backend interface {
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Txn) error) error
	// Update runs fn in a read-write transaction, committed if fn
	// returns nil. A backend that loses a race with another process
	// may run fn again, so fn must not keep state from an earlier run.
	Update(ctx context.Context, fn func(Txn) error) error
	// Batch is Update for writes that come in crowds: concurrent calls
	// may share one transaction, so fn may run more than once.
	Batch(ctx context.Context, fn func(Txn) error) error
	// Close releases the backend.
	Close() error
}

// Txn is a transaction of a Backend.
type Txn interface {
	// Get returns the value of k, or ErrNotFound. The value is valid
	// only until the transaction ends, and must not be changed.
	Get(k Key) ([]byte, error)
	// Put sets the value of k; an empty value is a value.
	Put(k Key, v []byte) error
	// Delete removes k; deleting a key that does not exist is no error.
	Delete(k Key) error
	// Scan calls fn for every key that starts with the segments of
	// prefix, with the rest of the key after them and its value (valid
	// only during the call). Keys of one level come in the byte order of
	// their segment; the order of keys of different depths is the
	// backend's. fn returning ErrStopScan ends the scan without an error.
	// fn must not write.
	Scan(prefix Key, fn func(rest Key, v []byte) error) error
	// NextSeq returns the next number, from 1, of the sequence named k.
	// A sequence is no value: Get does not see it, and k must not be a
	// value's key (a sequence of store/bolt is its bucket's).
	NextSeq(k Key) (uint64, error)
}

// Appender is a Txn that numbers what it appends at commit, so that
// transactions appending to one line share no counter (on etcd, a key
// that every replica would write, and race for). store/typed appends the
// outbox with it where a backend has it, and takes NextSeq where not.
type Appender interface {
	// Append stores v under line, as the key line + N: N an 8-byte
	// big-endian number the backend picks at commit, unique among the
	// values appended under any line, and higher than the N of every
	// value appended by a transaction that committed before. Scan sees
	// the value under that key once committed; the transaction that
	// appends does not see it.
	Append(line Key, v []byte) error
	// DeleteAppended removes the value under line + n, appended or put;
	// deleting one that does not exist is no error.
	DeleteAppended(line Key, n uint64) error
}

// Stamper is a Txn that numbers without a counter that every writer
// shares, for numbers that only order what a person sees (the order in
// which a meeting's participants were first seen): Stamp returns a number
// higher than any it returned before in this process, and than those of
// other processes as far as their clocks agree. store/typed takes NextSeq
// where a backend is no Stamper.
type Stamper interface {
	Stamp() uint64
}

// ErrStopScan, returned by Scan's fn, ends the scan early without an
// error (like fs.SkipAll).
var ErrStopScan = errors.New("stop the scan")

// Sealer is a Txn of a backend whose history could pair keys written in
// one transaction (bbolt's freed pages, etcd's old revisions). Seal asks
// it, once the transaction commits, to leave nothing in that history that
// pairs a key under box with another key: the secret ballot box of a
// closed poll (see store/typed).
type Sealer interface {
	Seal(box Key) error
}

// Watcher is a backend shared by several processes: Watch calls fn,
// until ctx ends, whenever another process may have changed a key under
// prefix.
type Watcher interface {
	Watch(ctx context.Context, prefix Key, fn func())
}

// Leader is a backend whose processes elect one to run the scheduler and
// the delivery workers. Lead campaigns to lead name and, each time
// elected, runs work with a context that ends when the leadership does;
// it returns when ctx ends.
type Leader interface {
	Lead(ctx context.Context, name, id string, work func(ctx context.Context) error) error
}
