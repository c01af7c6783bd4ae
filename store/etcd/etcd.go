// Package etcd is a store.Backend on etcd v3, for more than one Klubba
// process (docs/architecture.md). It is the only package that imports
// the etcd client.
//
// Every key lives under a configurable prefix. A transaction reads at
// one revision of etcd (a snapshot), buffers its writes, and commits
// them in one etcd Txn that compares the mod revision of every key it
// read, and of every range it scanned, with what it saw. When another
// replica changed any of them first, the Txn fails and the function runs
// again from the start, up to maxAttempts times.
//
// Deleting a key cannot be seen by comparing the mod revisions of a range
// (the key is gone), so a delete also writes a marker key, the deleted
// key's parent followed by a NUL byte, inside every range that holds the
// deleted key; scans skip markers.
//
// A key's segments are joined by '/', each escaped so that it holds no
// '/' and no NUL and sorts as the segment does (see escape): votes/42/U1.
// A sequence (NextSeq) is a counter under seq~/. Appended values (the
// outbox) are numbered by the revision that commits them, and Stamp by
// the clock, so that no counter is written by every command of every
// replica (see append.go). The layout of the records is store/typed's.
package etcd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/store"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

var (
	_ store.Backend = (*Store)(nil)
	_ store.Leader  = (*Store)(nil)
	_ store.Watcher = (*Store)(nil)
)

// DefaultPrefix is where Klubba's keys live when no prefix is given.
const DefaultPrefix = "klubba/"

// maxAttempts bounds how often a transaction runs again after losing a
// race with another replica. No counter is written by every command
// (the outbox is appended, see append.go): replicas race over one
// meeting's records, or over the sequences of meetings, polls and timers
// when two start one at once, and seldom.
const maxAttempts = 64

// maxBackoff caps the wait, with jitter, between attempts that lost a
// race, so that racing replicas stop meeting at the same instant.
const maxBackoff = 100 * time.Millisecond

// ErrConflict is returned when a transaction lost the race maxAttempts
// times in a row.
var ErrConflict = errors.New("etcd: too many conflicting transactions, try again")

// ErrOldLayout refuses a prefix that holds Klubba's keys in the layout of
// the releases before the store contract (issue 22), whose sequences
// lived under seq/: this release does not read it. Keep the old release
// on that prefix, or start this one on a fresh prefix.
var ErrOldLayout = errors.New("the prefix holds Klubba's state in the layout before the store contract; this release does not migrate it: use a fresh prefix (store.prefix)")

// oldSeqPrefix is where the layout before the store contract kept its
// sequences; the present one never writes there.
const oldSeqPrefix = "seq/"

// Options configure a connection to etcd.
type Options struct {
	// Endpoints are the etcd members' client addresses ("host:2379").
	Endpoints []string
	// Prefix namespaces every key (default DefaultPrefix).
	Prefix string
	// TLS, when set, is used to reach the endpoints.
	TLS *tls.Config
	// Username and Password, when set, authenticate to etcd.
	Username, Password string
	// DialTimeout bounds the first connection (default 5 s).
	DialTimeout time.Duration
	// Logger receives the store's logs (default: discarded).
	Logger *slog.Logger
}

// Store is a store.Backend on etcd.
type Store struct {
	cli    *clientv3.Client
	own    bool // cli was opened by Open, and Close closes it
	prefix string
	log    *slog.Logger

	// bmu guards queue and committing, the Batch calls waiting for the
	// Txn under way to commit (see Batch).
	bmu        sync.Mutex
	queue      []batchCall
	committing bool

	// mirror is the copy of the keys that read-write transactions read
	// (mirror.go); lastCommit is the revision of this process's last
	// Txn, which a transaction's mirror must hold; stop ends the watch.
	mirror     *mirror
	lastCommit atomic.Int64
	stop       context.CancelFunc

	// commits and conflicts count Txns committed and lost to another
	// replica, for Stats.
	commits, conflicts atomic.Uint64

	// lastStamp is the last number Stamp returned.
	lastStamp atomic.Int64
}

// stamp returns the wall clock in nanoseconds, kept increasing within
// the process (see txn.Stamp).
func (s *Store) stamp() uint64 {
	for {
		last, now := s.lastStamp.Load(), time.Now().UnixNano()
		if now <= last {
			now = last + 1
		}
		if s.lastStamp.CompareAndSwap(last, now) {
			return uint64(now)
		}
	}
}

// Stats returns how many transactions committed and how many attempts
// lost a race and ran again.
func (s *Store) Stats() (commits, conflicts uint64) { return s.commits.Load(), s.conflicts.Load() }

// Open connects to etcd and checks that it answers.
func Open(ctx context.Context, o Options) (*Store, error) {
	if len(o.Endpoints) == 0 {
		return nil, errors.New("etcd: no endpoints")
	}
	dial := o.DialTimeout
	if dial == 0 {
		dial = 5 * time.Second
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints: o.Endpoints, DialTimeout: dial, TLS: o.TLS,
		Username: o.Username, Password: o.Password,
		// The client's own zap logs stay quiet; ours go to slog.
		Logger: nopZap(),
	})
	if err != nil {
		return nil, fmt.Errorf("connect to etcd %s: %w", strings.Join(o.Endpoints, ","), err)
	}
	s := New(cli, o.Prefix, o.Logger)
	s.own = true
	cctx, cancel := context.WithTimeout(ctx, dial)
	defer cancel()
	old, err := cli.Get(cctx, s.prefix+oldSeqPrefix, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("reach etcd %s: %w", strings.Join(o.Endpoints, ","), err)
	}
	if old.Count > 0 {
		s.Close()
		return nil, fmt.Errorf("etcd prefix %q: %w", s.prefix, ErrOldLayout)
	}
	if err := s.resealPending(ctx); err != nil {
		s.log.Warn("resealing closed secret polls failed; the next write tries again", "err", err)
	}
	return s, nil
}

// New makes a Store on an etcd client that the caller keeps and closes.
func New(cli *clientv3.Client, prefix string, log *slog.Logger) *Store {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Store{cli: cli, prefix: prefix, log: log, mirror: newMirror(), stop: stop}
	go s.follow(ctx)
	return s
}

// Client is the etcd client, for leader election.
func (s *Store) Client() *clientv3.Client { return s.cli }

// Prefix is the prefix of every key of the store.
func (s *Store) Prefix() string { return s.prefix }

// Close stops the mirror and closes the connection, when Open made it.
func (s *Store) Close() error {
	s.stop()
	if s.own {
		return s.cli.Close()
	}
	return nil
}

// Update runs fn in a transaction, committed if fn returns nil. When
// another replica commits a conflicting change first, fn runs again.
func (s *Store) Update(ctx context.Context, fn func(store.Txn) error) error {
	return s.run(ctx, fn)
}

// View runs fn on a snapshot of the store.
func (s *Store) View(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for range maxAttempts {
		t := s.newTx(ctx, true, false)
		err := fn(t)
		if t.stale && err != nil {
			continue // the snapshot was compacted away under us
		}
		return err
	}
	return ErrConflict
}

// mirrorWait bounds how long a transaction waits for the mirror to hold
// the process's last commit before it reads etcd instead: a read of etcd
// costs a round trip per key, which a crowd of votes pays many times
// over, so the watch is given time to catch up.
const mirrorWait = time.Second

// afterWait bounds how long an attempt after a lost race waits for the
// mirror to hold the revision the race was lost at.
const afterWait = 20 * time.Millisecond

// mirroredAttempts is how many attempts of a transaction read the
// mirror; later ones read etcd.
const mirroredAttempts = 3

// begin starts an attempt. It reads the mirror when the mirror holds
// this process's last commit and after, the revision at which an
// earlier attempt lost a race (so the change that won is in it), and
// else etcd.
func (s *Store) begin(ctx context.Context, attempt int, after int64) *txn {
	mirrored := attempt <= mirroredAttempts && s.mirror.at(s.lastCommit.Load(), mirrorWait) != 0
	if mirrored && after != 0 {
		// The revision the race was lost at may lie past the last change
		// under the prefix, which the watch never reports: wait briefly.
		mirrored = s.mirror.at(after, afterWait) != 0
	}
	return s.newTx(ctx, false, mirrored)
}

// run runs fn in a transaction, retried on conflict.
func (s *Store) run(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	wait := time.Millisecond
	var after int64
	for attempt := 1; ; attempt++ {
		t := s.begin(ctx, attempt, after)
		err := fn(t)
		if err != nil && t.mirrored {
			// Perhaps a stale read of the mirror: once more, on etcd.
			attempt = max(attempt, mirroredAttempts)
			continue
		}
		if err == nil {
			err = s.commit(ctx, t)
		}
		after = t.failedAt
		if !errors.Is(err, ErrConflict) && !t.stale {
			return err
		}
		if attempt >= maxAttempts {
			return ErrConflict
		}
		// Back off with jitter, so that replicas racing for one key
		// stop meeting at the same instant.
		if attempt > 1 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait/2 + rand.N(wait)):
			}
			wait = min(2*wait, maxBackoff)
		}
	}
}

// commit commits t: nil, ErrConflict when another replica changed what
// t read, or the error.
func (s *Store) commit(ctx context.Context, t *txn) error {
	ok, err := t.commit()
	switch {
	case err == nil && ok:
		s.commits.Add(1)
		if t.closedSecret {
			if err := s.resealPending(ctx); err != nil {
				s.log.Warn("resealing a closed secret poll failed; the next write tries again", "err", err)
			}
		}
		return nil
	case err == nil:
		s.conflicts.Add(1)
		return ErrConflict
	case errors.Is(err, rpctypes.ErrCompacted):
		t.stale = true
		return ErrConflict
	}
	return err
}

// MaxBatchWrites and maxBatchBytes bound the Txn that Batch calls
// share: its writes go in Txns nested in it, maxOps each, and etcd takes
// requests of up to 1.5 MiB by default (--max-request-bytes). A vote
// writes four or five keys.
const (
	MaxBatchWrites = 1000
	maxBatchBytes  = 1 << 20
)

type batchCall struct {
	ctx  context.Context
	fn   func(store.Txn) error
	done chan error
}

// Batch is Update for writes that come in crowds (votes). It commits at
// once when no Txn of this process is under way; calls that arrive
// meanwhile share the next one (a group commit, as store/bolt's), up to
// MaxBatchWrites writes: the replicas race with each other once per
// group rather than once per vote, and the process's groups never race
// with each other. A call whose fn fails runs again alone, so that its
// error is its own; fn must be safe to repeat.
func (s *Store) Batch(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := batchCall{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.bmu.Lock()
	s.queue = append(s.queue, c)
	if !s.committing {
		s.committing = true
		go s.drain()
	}
	s.bmu.Unlock()
	return <-c.done
}

// drain commits the queued calls until none wait. While a group's Txn
// is under way, the next group runs on its writes (a pipeline of two,
// see launch), so that a group's fns and the previous group's commit
// overlap.
func (s *Store) drain() {
	var prev *flight
	for {
		s.bmu.Lock()
		calls := s.queue
		s.queue = nil
		if len(calls) == 0 && prev == nil {
			s.committing = false
			s.bmu.Unlock()
			return
		}
		s.bmu.Unlock()
		if len(calls) == 0 {
			<-prev.done
			prev = nil
			continue
		}
		f, rest := s.launch(calls, prev)
		if len(rest) > 0 {
			s.bmu.Lock()
			s.queue = append(rest, s.queue...)
			s.bmu.Unlock()
		}
		if f != nil {
			if prev != nil {
				<-prev.done // at most two groups in flight
			}
			prev = f
		}
	}
}

// flight is a group whose Txn is under way.
type flight struct {
	t    *txn
	done chan struct{}
	// ok is set, before done is closed, when the group committed as
	// built, at revision rev.
	ok  bool
	rev int64
}

// build runs the fns of calls in t, as many as fit in one Txn: in are
// those in t, rest those left for the next group. A call whose fn fails
// is taken out of t and runs alone.
func (s *Store) build(t *txn, calls []batchCall) (in, rest []batchCall) {
	for i, c := range calls {
		if c.ctx.Err() != nil {
			c.done <- c.ctx.Err()
			continue
		}
		saved := t.save()
		err := c.fn(t)
		if err == nil && (len(t.writes) > MaxBatchWrites || t.size > maxBatchBytes) && len(in) > 0 {
			t.restore(saved)
			return in, calls[i:]
		}
		if err != nil {
			t.restore(saved)
			go func() { c.done <- s.run(c.ctx, c.fn) }()
			continue
		}
		in = append(in, c)
	}
	return in, nil
}

// launch builds a group of calls and starts its Txn. When prev is under
// way and the mirror serves, the group reads prev's writes as if
// committed, and its Txn waits for prev's: if prev committed, the group's
// reads of prev's writes are compared at prev's revision (see rebase);
// if not, the group runs again on its own.
func (s *Store) launch(calls []batchCall, prev *flight) (*flight, []batchCall) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(calls[0].ctx), 30*time.Second)
	t := s.begin(ctx, 1, 0)
	if prev != nil {
		if t.mirrored {
			t.base, t.fromBase = prev.t, map[string]bool{}
		} else {
			<-prev.done
		}
	}
	in, rest := s.build(t, calls)
	if len(in) == 0 {
		cancel()
		return nil, rest
	}
	f := &flight{t: t, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		defer cancel()
		if t.base != nil {
			<-prev.done
			if !prev.ok || !t.rebase(prev.rev) {
				s.settle(ctx, in)
				return
			}
		}
		err := s.commit(ctx, t)
		switch {
		case errors.Is(err, ErrConflict) || t.stale:
			s.settle(ctx, in)
			return
		case err != nil && len(in) > 1:
			// The Txn failed as a whole (too large, say): each alone.
			for _, c := range in {
				go func() { c.done <- s.run(c.ctx, c.fn) }()
			}
			return
		}
		f.ok, f.rev = err == nil, t.committed
		for _, c := range in {
			c.done <- err
		}
	}()
	return f, rest
}

// settle commits calls one group at a time, running them again after a
// conflict.
func (s *Store) settle(ctx context.Context, calls []batchCall) {
	for len(calls) > 0 {
		calls = s.commitGroup(ctx, calls)
	}
}

// commitGroup commits as many of calls as fit in one Txn and returns
// the rest; on conflict, the group runs again.
func (s *Store) commitGroup(ctx context.Context, calls []batchCall) []batchCall {
	wait := time.Millisecond
	var after int64
	for attempt := 2; ; attempt++ { // after a conflict
		t := s.begin(ctx, attempt, after)
		in, rest := s.build(t, calls)
		if len(in) == 0 {
			return rest
		}
		err := s.commit(ctx, t)
		after = t.failedAt
		if (errors.Is(err, ErrConflict) || t.stale) && attempt < maxAttempts {
			calls = append(in, rest...)
			sleepCtx(ctx, wait/2+rand.N(wait))
			wait = min(2*wait, maxBackoff)
			continue
		}
		if err != nil && len(in) > 1 && !errors.Is(err, ErrConflict) {
			for _, c := range in {
				go func() { c.done <- s.run(c.ctx, c.fn) }()
			}
			return rest
		}
		for _, c := range in {
			c.done <- err
		}
		return rest
	}
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
