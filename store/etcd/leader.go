package etcd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/klubba/klubba/store"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// Leadership (docs/architecture.md, "Beyond one machine"). Every replica takes commands; the scheduler
// and the delivery workers run on one of them only, the leader, elected
// with etcd's concurrency.Election on a lease of LeaseTTL seconds.
//
//   - The leader keeps its lease alive. When it cannot (it lost etcd, or
//     froze), its session ends and Lead cancels the work's context and
//     waits for it to return before campaigning again.
//   - Another replica is elected only once the lease has expired in etcd,
//     at least LeaseTTL after the last keep-alive the old leader saw
//     answered, when the old leader's own client has given up too.
//   - Fencing: the work's context carries the election key's revision.
//     Every transaction committed under that context (a timer firing, an
//     outbox entry marked delivered) also compares the key's create
//     revision with it, so a leader that lost its lease without noticing
//     yet cannot commit: its transaction fails with ErrNotLeader. A timer
//     fires only in a transaction that deletes it, so it fires once.
//   - A message posted by a leader that is cut off between the platform's
//     answer and the outbox's removal is posted again by the next leader:
//     delivery is at least once, and the platform side de-duplicates by
//     the outbox entry's ID (measured in the fault test).

// LeaseTTL is the leader's lease, in seconds: how long a failed leader
// holds the post before another replica takes it.
const LeaseTTL = 5

// ErrNotLeader is returned by a transaction under a leader's context
// once that leader has lost the election.
var ErrNotLeader = errors.New("etcd: no longer the leader")

type fenceKey struct{}

// fence is the election key and its create revision.
type fence struct {
	key string
	rev int64
}

func fenceOf(ctx context.Context) *fence {
	f, _ := ctx.Value(fenceKey{}).(*fence)
	return f
}

// Lead campaigns to lead name and, each time elected, runs work with a
// context that ends when the leadership does. It returns when ctx ends.
// id names this replica in the election (default: host name and PID).
func (s *Store) Lead(ctx context.Context, name, id string, work func(ctx context.Context) error) error {
	if id == "" {
		host, _ := os.Hostname()
		id = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	for ctx.Err() == nil {
		if err := s.leadOnce(ctx, name, id, work); err != nil && ctx.Err() == nil {
			s.log.Warn("leadership lost", "election", name, "err", err)
			sleepCtx(ctx, time.Second)
		}
	}
	return nil
}

func (s *Store) leadOnce(ctx context.Context, name, id string, work func(ctx context.Context) error) error {
	session, err := concurrency.NewSession(s.cli, concurrency.WithTTL(LeaseTTL), concurrency.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("open a session: %w", err)
	}
	defer session.Close() // revokes the lease: a successor need not wait
	e := concurrency.NewElection(session, s.prefix+"leader/"+name)
	if err := e.Campaign(ctx, id); err != nil {
		return fmt.Errorf("campaign: %w", err)
	}
	s.log.Info("elected leader", "election", name, "id", id, "revision", e.Rev())
	wctx, cancel := context.WithCancel(context.WithValue(ctx, fenceKey{}, &fence{key: e.Key(), rev: e.Rev()}))
	defer cancel()
	go func() {
		select {
		case <-session.Done():
			cancel()
		case <-wctx.Done():
		}
	}()
	err = work(wctx)
	// work has returned: nothing of ours runs as leader any more, and
	// the lease may go.
	if ctx.Err() == nil {
		rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		e.Resign(rctx)
		rcancel()
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	select {
	case <-session.Done():
		return errors.New("lease expired")
	default:
		return nil
	}
}

// fenceCmp is the comparison that a leader's transaction adds.
func fenceCmp(f *fence) clientv3.Cmp {
	return clientv3.Compare(clientv3.CreateRevision(f.key), "=", f.rev)
}

// fenced reports whether the fence of a failed transaction no longer holds.
func (s *Store) fenced(ctx context.Context, f *fence) bool {
	resp, err := s.cli.Get(ctx, f.key)
	if err != nil {
		return false
	}
	return len(resp.Kvs) == 0 || resp.Kvs[0].CreateRevision != f.rev
}

// Watch calls fn whenever a key under prefix is written, by any
// replica, until ctx ends: the leader's scheduler and delivery workers
// learn of work that other replicas took in.
func (s *Store) Watch(ctx context.Context, prefix store.Key, fn func()) {
	for ctx.Err() == nil {
		w := s.cli.Watch(clientv3.WithRequireLeader(ctx), s.prefix+encode(prefix)+"/", clientv3.WithPrefix(),
			clientv3.WithFilterDelete(), clientv3.WithKeysOnly())
		for range w {
			fn()
		}
		// The watch broke (a member went away): look again, and resume.
		fn()
		sleepCtx(ctx, 100*time.Millisecond)
	}
}
