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
// A sequence (NextSeq) is a counter under seq~/. The layout of the
// records is store/typed's.
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
// race with another replica.
const maxAttempts = 64

// ErrConflict is returned when a transaction lost the race maxAttempts
// times in a row.
var ErrConflict = errors.New("etcd: too many conflicting transactions, try again")

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

	bmu   sync.Mutex
	batch *batch

	// commits and conflicts count Txns committed and lost to another
	// replica, for Stats.
	commits, conflicts atomic.Uint64
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
	if _, err := cli.Get(cctx, s.prefix+seqPrefix, clientv3.WithPrefix(), clientv3.WithCountOnly()); err != nil {
		cli.Close()
		return nil, fmt.Errorf("reach etcd %s: %w", strings.Join(o.Endpoints, ","), err)
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
	return &Store{cli: cli, prefix: prefix, log: log}
}

// Client is the etcd client, for leader election.
func (s *Store) Client() *clientv3.Client { return s.cli }

// Prefix is the prefix of every key of the store.
func (s *Store) Prefix() string { return s.prefix }

// Close closes the connection, when Open made it.
func (s *Store) Close() error {
	if s.own {
		return s.cli.Close()
	}
	return nil
}

// Update runs fn in a transaction, committed if fn returns nil. When
// another replica commits a conflicting change first, fn runs again.
func (s *Store) Update(ctx context.Context, fn func(store.Txn) error) error {
	return s.run(ctx, []func(store.Txn) error{fn})
}

// View runs fn on a snapshot of the store.
func (s *Store) View(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for range maxAttempts {
		t := s.newTx(ctx, true)
		err := fn(t)
		if t.stale && err != nil {
			continue // the snapshot was compacted away under us
		}
		return err
	}
	return ErrConflict
}

// run runs fns, one after the other, in one transaction, retried on
// conflict.
func (s *Store) run(ctx context.Context, fns []func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	wait := time.Millisecond
	for attempt := 1; ; attempt++ {
		t := s.newTx(ctx, false)
		var err error
		for _, fn := range fns {
			if err = fn(t); err != nil {
				break
			}
		}
		if err == nil {
			var ok bool
			ok, err = t.commit()
			if err == nil && ok {
				s.commits.Add(1)
				if t.closedSecret {
					if err := s.resealPending(ctx); err != nil {
						s.log.Warn("resealing a closed secret poll failed; the next write tries again", "err", err)
					}
				}
				return nil
			}
			if err == nil {
				s.conflicts.Add(1)
				err = ErrConflict
			} else if errors.Is(err, rpctypes.ErrCompacted) {
				t.stale, err = true, ErrConflict
			}
		}
		if !errors.Is(err, ErrConflict) && !t.stale {
			return err
		}
		if attempt >= maxAttempts {
			return ErrConflict
		}
		// Back off with jitter, so that replicas racing for one key
		// stop meeting at the same instant.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait/2 + rand.N(wait)):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// MaxBatchSize is how many concurrent Batch calls share one Txn, which
// etcd limits to 128 operations (--max-txn-ops) by default.
const MaxBatchSize = 8

// MaxBatchDelay is how long a Batch call waits for company.
const MaxBatchDelay = 2 * time.Millisecond

// batch is a group of Batch calls that will share one transaction.
type batch struct {
	calls []batchCall
	start sync.Once
	timer *time.Timer
}

type batchCall struct {
	ctx  context.Context
	fn   func(store.Txn) error
	done chan error
}

// errSolo tells a Batch call that its group failed: it runs alone.
var errSolo = errors.New("run alone")

// Batch is Update for writes that come in crowds (votes): up to
// MaxBatchSize concurrent calls share one etcd Txn, so that the replicas
// race with each other once per group rather than once per vote. When the
// group fails (a call's fn fails, or the Txn grows past etcd's limits),
// each call runs again alone, so fn must be safe to repeat.
func (s *Store) Batch(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := batchCall{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.bmu.Lock()
	if s.batch == nil {
		b := &batch{}
		s.batch = b
		b.timer = time.AfterFunc(MaxBatchDelay, func() { s.trigger(b) })
	}
	b := s.batch
	b.calls = append(b.calls, c)
	if len(b.calls) >= MaxBatchSize {
		go s.trigger(b)
	}
	s.bmu.Unlock()
	err := <-c.done
	if errors.Is(err, errSolo) {
		return s.Update(ctx, fn)
	}
	return err
}

// trigger runs a batch once.
func (s *Store) trigger(b *batch) {
	b.start.Do(func() {
		s.bmu.Lock()
		if s.batch == b {
			s.batch = nil
		}
		calls := b.calls
		s.bmu.Unlock()
		b.timer.Stop()
		fns := make([]func(store.Txn) error, len(calls))
		for i, c := range calls {
			fns[i] = c.fn
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(calls[0].ctx), 30*time.Second)
		defer cancel()
		err := s.run(ctx, fns)
		if err != nil && len(calls) > 1 {
			err = errSolo
		}
		for _, c := range calls {
			c.done <- err
		}
	})
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
