// Package typed keeps Klubba's records, written once, on any
// store.Backend: meetings, polls with their voter roll and ballot box,
// participants and voting registers, minutes entries, the outbox, timers,
// seen events, installations, references to posted messages and an
// opaque key space per adapter. The records' stored form is package
// store/record's; this package decides where each lives.
//
// Layout: every key's first segment names a table, as a bucket of
// store/bolt's file (whose format this layout is):
//
//	meetings/ID              meeting record
//	running/CHANNEL          ID of the channel's running meeting
//	last/CHANNEL             ID of the channel's last meeting
//	channel_lang/CHANNEL     the language chosen for a channel with `lang`
//	polls/ID                 poll header (ID in decimal)
//	votes/POLL/VOTER         ballot of an open or anonymous poll
//	voters/POLL/VOTER        secret poll: the voter roll (empty value)
//	ballots/POLL/RANDOM      secret poll: the ballot box
//	secret_open/POLL         the secret polls that are open
//	people/MEETING/PERSON    participant {seq, name}; sequence people/MEETING (a store.Stamper's Stamp)
//	register/MEETING/PERSON  voting register: name
//	entries/MEETING/SEQ      minutes entry; sequence entries/MEETING
//	timers/DUE+ID            timer (big-endian), so the first is due first; sequence timers
//	outbox/PLATFORM/CHANNEL/ID  reply awaiting delivery (JSON); sequence outbox (a store.Appender's own)
//	events/ID, event_times/STAMP+ID, replays/KEY  events seen lately
//	anonymous/SCOPE/RANDOM   texts kept apart from anyone
//	boards/m/MEETING, boards/t/SHA-256  live board tokens
//	message_refs/CHANNEL/KEY where a keyed message was posted
//	adapters/PLATFORM/KEY    an adapter's own keys (see Space)
//	installations/KEY        platform installations (sealed by the adapter)
//	meta/seq/KIND            sequences of NextID
package typed

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

// Tables: the first segment of every key.
const (
	tMeetings     = "meetings"
	tRunning      = "running"
	tLast         = "last"
	tChannelLang  = "channel_lang"
	tPolls        = "polls"
	tVotes        = "votes"
	tVoters       = "voters"
	tBallots      = "ballots"
	tSecretOpen   = "secret_open"
	tPeople       = "people"
	tRegister     = "register"
	tMembers      = "members" // meeting, person: the member list the register is held to
	tEntries      = "entries"
	tTimers       = "timers"
	tOutbox       = "outbox"
	tRefreshes    = "refreshes" // channel, reply key: a refresh of that message waits in the outbox
	tEvents       = "events"
	tEventTimes   = "event_times"
	tReplays      = "replays"
	tAnonymous    = "anonymous"
	tBoards       = "boards"
	tMessageRefs  = "message_refs"
	tAdapters     = "adapters"
	tInstallation = "installations"
	tMeta         = "meta"
	tTemplates    = "templates" // scope, lowercase name, version
	tSchedules    = "schedules" // channel, ID
	tJustering    = "justering" // channel, meeting ID: a protokoll awaiting justering
	tSettings     = "settings"
)

// Store keeps Klubba's records on a backend. Its transactions are Tx.
type Store struct {
	b store.Backend
	// meetings and polls keep the decoded records of recent meetings
	// and polls.
	meetings *recordCache[meetingEntry]
	polls    *recordCache[record.Poll]
	// replaysKept is the Unix time from which on the replay marks were
	// last found kept: none older is left (see markReplay).
	replaysKept atomic.Int64
}

// New returns a Store on b.
func New(b store.Backend) *Store {
	return &Store{b: b,
		meetings: newRecordCache[meetingEntry](cacheMaxBytes, cacheMaxMeetings),
		polls:    newRecordCache[record.Poll](cacheMaxBytes, cacheMaxPolls)}
}

// Open returns a Store on b, or err when opening b failed:
// typed.Open(bolt.Open(path)).
func Open(b store.Backend, err error) (*Store, error) {
	if err != nil {
		return nil, err
	}
	return New(b), nil
}

// Backend is the backend the store keeps its records on.
func (s *Store) Backend() store.Backend { return s.b }

// Close closes the backend.
func (s *Store) Close() error { return s.b.Close() }

// Update runs fn in a read-write transaction, committed if fn returns nil.
func (s *Store) Update(ctx context.Context, fn func(*Tx) error) error {
	return s.b.Update(ctx, func(t store.Txn) error { return fn(s.tx(t)) })
}

// Batch is Update for writes that come in crowds (every write command
// when others are under way): concurrent calls may share one
// transaction, so fn may run more than once and must not keep state
// from an earlier run.
func (s *Store) Batch(ctx context.Context, fn func(*Tx) error) error {
	return s.b.Batch(ctx, func(t store.Txn) error { return fn(s.tx(t)) })
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(*Tx) error) error {
	return s.b.View(ctx, func(t store.Txn) error { return fn(s.tx(t)) })
}

func (s *Store) tx(t store.Txn) *Tx { return &Tx{t: t, s: s} }

// Tx is a transaction on a Store. Records returned are copies: changes
// to them are stored only when put back.
type Tx struct {
	t store.Txn
	s *Store
}

// Txn is the backend's transaction under t, for what a backend adds of
// its own (tests, migrations).
func (t *Tx) Txn() store.Txn { return t.t }

func u64(n uint64) string { return string(binary.BigEndian.AppendUint64(nil, n)) }

func pollKey(id int64) string { return strconv.FormatInt(id, 10) }

// has reports whether k exists.
func (t *Tx) has(k store.Key) (bool, error) {
	_, err := t.t.Get(k)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// getRecord reads a record (a type of package record).
func (t *Tx) getRecord(k store.Key, v any) error {
	data, err := t.t.Get(k)
	if err != nil {
		return err
	}
	return record.Unmarshal(data, v)
}

// putRecord stores a record (a type of package record).
func (t *Tx) putRecord(k store.Key, v any) error {
	data, err := record.Marshal(v)
	if err != nil {
		return err
	}
	return t.t.Put(k, data)
}

// deleteAll deletes every key under prefix.
func (t *Tx) deleteAll(prefix store.Key) error {
	var keys []store.Key
	err := t.t.Scan(prefix, func(rest store.Key, _ []byte) error {
		keys = append(keys, append(append(store.Key{}, prefix...), rest...))
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := t.t.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// NextID returns the next number of a sequence ("meeting", "poll").
func (t *Tx) NextID(kind string) (uint64, error) {
	return t.t.NextSeq(store.K(tMeta, "seq/"+kind))
}

// platform is the platform part of a channel ID: "slack" for "slack:T1/C1".
func platform(channel string) string {
	p, _, _ := strings.Cut(channel, ":")
	return p
}

func notFound(what string, err error) error {
	return fmt.Errorf("%s: %w", what, err)
}

// Watch calls timers when another process may have added a timer, and
// outbox when it may have enqueued a reply, until ctx ends; on a backend
// that is no store.Watcher (one process alone) it returns at once.
func (s *Store) Watch(ctx context.Context, timers, outbox func()) {
	w, ok := s.b.(store.Watcher)
	if !ok {
		return
	}
	done := make(chan struct{})
	go func() { defer close(done); w.Watch(ctx, store.K(tTimers), timers) }()
	w.Watch(ctx, store.K(tOutbox), outbox)
	<-done
}
