package etcd

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/google/btree"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// The mirror is a copy of every key under the store's prefix, kept up to
// date by a watch, from which a read-write transaction reads: a vote
// then costs no round trip before its Txn, which compares the mod
// revision of everything read with etcd's, as a read at a revision does.
// A mirror that lags (another replica's write not yet seen) fails that
// comparison; the transaction then runs again on reads from etcd itself.
// The writes of the process's own Txns are applied at once when nothing
// came between, so the next command reads them without waiting for the
// watch. Read-only transactions (View) read from etcd: what they return
// is not compared with anything.
type mirror struct {
	mu sync.Mutex
	// changed is closed and replaced whenever rev moves.
	changed chan struct{}
	kvs     *btree.BTreeG[mkv]
	// rev is the revision up to which every event under the prefix has
	// been applied; 0 while the mirror is not usable.
	rev int64
}

// mkv is a key of the mirror (without the store's prefix), its value,
// mod revision and create revision (which numbers an appended value, see
// Append).
type mkv struct {
	key    string
	val    []byte
	mod    int64
	create int64
}

func mkvLess(a, b mkv) bool { return a.key < b.key }

func newMirror() *mirror {
	return &mirror{changed: make(chan struct{}), kvs: btree.NewG(16, mkvLess)}
}

// moved wakes the waiters; the caller holds mu.
func (m *mirror) moved() {
	close(m.changed)
	m.changed = make(chan struct{})
}

// at returns the mirror's revision once it is at least want, waiting up
// to wait while the watch catches up; 0 if it is not usable (at once
// when it is not following etcd at all).
func (m *mirror) at(want int64, wait time.Duration) int64 {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		m.mu.Lock()
		rev, ch := m.rev, m.changed
		m.mu.Unlock()
		if rev == 0 {
			return 0
		}
		if rev >= want {
			return rev
		}
		select {
		case <-ch:
		case <-deadline.C:
			return 0
		}
	}
}

// get returns a key's value and mod revision (0: absent), and the
// mirror's revision; ok is false when the mirror is not usable.
func (m *mirror) get(key string) (val []byte, mod, rev int64, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rev == 0 {
		return nil, 0, 0, false
	}
	e, found := m.kvs.Get(mkv{key: key})
	if !found {
		return nil, 0, m.rev, true
	}
	return e.val, e.mod, m.rev, true
}

// unchangedSince reports whether no key in [from, to) changed after
// since but at rev: the mirror must hold rev.
func (m *mirror) unchangedSince(from, to string, since, rev int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rev < rev {
		return false
	}
	ok := true
	m.kvs.AscendRange(mkv{key: from}, mkv{key: to}, func(e mkv) bool {
		ok = e.mod <= since || e.mod == rev
		return ok
	})
	return ok
}

// scanN returns up to n keys in [from, to), in order, the revision they
// were read at, and whether more follow; ok is false when the mirror is
// not usable.
func (m *mirror) scanN(from, to string, n int) (out []kv, rev int64, more, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rev == 0 {
		return nil, 0, false, false
	}
	m.kvs.AscendRange(mkv{key: from}, mkv{key: to}, func(e mkv) bool {
		if len(out) == n {
			more = true
			return false
		}
		out = append(out, kv{e.key, e.val, e.create})
		return true
	})
	return out, m.rev, more, true
}

// committed applies the writes of a Txn of this process that committed
// at rev, if the mirror holds everything up to the revision before it.
func (m *mirror) committed(rev int64, writes map[string]write) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rev == 0 || m.rev != rev-1 {
		return // the watch brings them
	}
	for k, w := range writes {
		if w.del {
			m.kvs.Delete(mkv{key: k})
		} else {
			create := rev
			if old, ok := m.kvs.Get(mkv{key: k}); ok {
				create = old.create
			}
			m.kvs.ReplaceOrInsert(mkv{k, w.val, rev, create})
		}
	}
	m.rev = rev
	m.moved()
}

// apply applies watched events; those at or below the mirror's
// revision are in it already.
func (m *mirror) apply(prefix string, evs []*clientv3.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rev == 0 {
		return
	}
	last := m.rev
	for _, ev := range evs {
		rev := ev.Kv.ModRevision
		if rev <= m.rev {
			continue
		}
		k := strings.TrimPrefix(string(ev.Kv.Key), prefix)
		if ev.Type == mvccpb.DELETE {
			m.kvs.Delete(mkv{key: k})
		} else {
			m.kvs.ReplaceOrInsert(mkv{k, ev.Kv.Value, rev, ev.Kv.CreateRevision})
		}
		last = max(last, rev)
	}
	if last > m.rev {
		m.rev = last
		m.moved()
	}
}

// load replaces the mirror's content with a range read at rev.
func (m *mirror) load(prefix string, kvs []*mvccpb.KeyValue, rev int64) {
	t := btree.NewG(16, mkvLess)
	for _, e := range kvs {
		t.ReplaceOrInsert(mkv{strings.TrimPrefix(string(e.Key), prefix), e.Value, e.ModRevision, e.CreateRevision})
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.kvs, m.rev = t, rev
	m.moved()
}

// stop makes the mirror unusable until the next load.
func (m *mirror) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rev = 0
	m.kvs = btree.NewG(16, mkvLess)
}

// follow keeps the mirror of the keys under the store's prefix until ctx
// ends: a range read, then a watch from the revision after it; when the
// watch breaks, the mirror is unusable until it is read again.
func (s *Store) follow(ctx context.Context) {
	m := s.mirror
	for ctx.Err() == nil {
		resp, err := s.cli.Get(ctx, s.prefix, clientv3.WithPrefix())
		if err != nil {
			sleepCtx(ctx, 100*time.Millisecond)
			continue
		}
		m.load(s.prefix, resp.Kvs, resp.Header.Revision)
		w := s.cli.Watch(clientv3.WithRequireLeader(ctx), s.prefix, clientv3.WithPrefix(), clientv3.WithRev(resp.Header.Revision+1))
		for wr := range w {
			if wr.Err() != nil || wr.Canceled {
				break
			}
			m.apply(s.prefix, wr.Events)
		}
		m.stop()
		sleepCtx(ctx, 100*time.Millisecond)
	}
}
