// Package mem is a store.Backend kept in memory, for tests and for trying
// Klubba out (like upspin's store/inprocess): nothing survives the
// process.
//
//   - A read-write transaction works on a copy-on-write clone of the
//     committed tree and replaces it only when fn returns nil, so an
//     error rolls everything back;
//   - writers run one at a time; readers see the last committed state
//     and never wait for a writer;
//   - Batch runs fn twice, once in a transaction that is thrown away, as
//     a shared batch of a real backend may: a fn that keeps state from an
//     earlier run shows up in tests.
package mem

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"sync"

	"github.com/google/btree"
	"github.com/klubba/klubba/store"
)

var _ store.Backend = (*Backend)(nil)

// errReadOnly is returned by a write in a View transaction.
var errReadOnly = errors.New("mem: write in a read-only transaction")

type item struct {
	key string // encoded: see encode
	val []byte
}

func less(a, b item) bool { return a.key < b.key }

// Backend is a store.Backend in memory. The zero value is not usable;
// call New.
type Backend struct {
	// wmu is held by a write transaction for its whole run.
	wmu sync.Mutex
	// mu guards cur, the committed tree, which is never changed once
	// committed; Clone is called only under mu.
	mu  sync.Mutex
	cur *btree.BTreeG[item]
}

// New returns an empty backend.
func New() *Backend { return &Backend{cur: btree.NewG(8, less)} }

// Close does nothing: a Backend holds no resources.
func (b *Backend) Close() error { return nil }

func (b *Backend) snapshot() *btree.BTreeG[item] {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cur.Clone()
}

// View runs fn in a read-only transaction on the committed state.
func (b *Backend) View(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(&txn{t: b.snapshot()})
}

// Update runs fn in a read-write transaction, committed if fn returns nil.
func (b *Backend) Update(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.wmu.Lock()
	defer b.wmu.Unlock()
	return b.write(fn)
}

// Batch runs fn twice: first in a transaction that is thrown away, then
// in one committed if fn returns nil.
func (b *Backend) Batch(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.wmu.Lock()
	defer b.wmu.Unlock()
	scratch := &txn{t: b.snapshot(), writable: true}
	_ = fn(scratch)
	scratch.writable = false
	return b.write(fn)
}

func (b *Backend) write(fn func(store.Txn) error) error {
	t := &txn{t: b.snapshot(), writable: true}
	defer func() { t.writable = false }()
	if err := fn(t); err != nil {
		return err
	}
	b.mu.Lock()
	b.cur = t.t
	b.mu.Unlock()
	return nil
}

// encode makes a key that sorts segment by segment: each segment's NUL
// bytes doubled as NUL 0xFF, and the segment ended by NUL 0x01.
func encode(k store.Key) string {
	var sb strings.Builder
	for _, s := range k {
		sb.WriteString(strings.ReplaceAll(s, "\x00", "\x00\xff"))
		sb.WriteString("\x00\x01")
	}
	return sb.String()
}

// decode undoes encode.
func decode(s string) store.Key {
	var k store.Key
	for s != "" {
		i := strings.Index(s, "\x00\x01")
		k = append(k, strings.ReplaceAll(s[:i], "\x00\xff", "\x00"))
		s = s[i+2:]
	}
	return k
}

// seqPrefix starts the keys of sequences: no encoded key starts with it.
const seqPrefix = "\x00\x02"

type txn struct {
	t        *btree.BTreeG[item]
	writable bool
}

func (t *txn) Get(k store.Key) ([]byte, error) {
	it, ok := t.t.Get(item{key: encode(k)})
	if !ok {
		return nil, store.ErrNotFound
	}
	return it.val, nil
}

func (t *txn) Put(k store.Key, v []byte) error {
	if !t.writable {
		return errReadOnly
	}
	t.t.ReplaceOrInsert(item{encode(k), append([]byte{}, v...)})
	return nil
}

func (t *txn) Delete(k store.Key) error {
	if !t.writable {
		return errReadOnly
	}
	t.t.Delete(item{key: encode(k)})
	return nil
}

func (t *txn) Scan(prefix store.Key, fn func(rest store.Key, v []byte) error) error {
	p := encode(prefix)
	var err error
	t.t.AscendGreaterOrEqual(item{key: p}, func(it item) bool {
		if !strings.HasPrefix(it.key, p) {
			return false
		}
		err = fn(decode(it.key[len(p):]), it.val)
		return err == nil
	})
	if err == store.ErrStopScan {
		return nil
	}
	return err
}

func (t *txn) NextSeq(k store.Key) (uint64, error) {
	if !t.writable {
		return 0, errReadOnly
	}
	key := seqPrefix + encode(k)
	var n uint64
	if it, ok := t.t.Get(item{key: key}); ok {
		n = binary.BigEndian.Uint64(it.val)
	}
	n++
	t.t.ReplaceOrInsert(item{key, binary.BigEndian.AppendUint64(nil, n)})
	return n, nil
}
