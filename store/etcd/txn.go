package etcd

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/store"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

func nopZap() *zap.Logger { return zap.NewNop() }

// escape makes a segment of a key: every byte up to '/' (0x2F), '%'
// and NUL among them, as '%' and two upper-case hex digits, the others as
// they are. '%' sorts below every byte left as it is, and the hex digits
// in the order of the bytes they write, so escaped segments sort as the
// segments do (a big-endian sequence number among them).
func escape(seg string) string {
	n := 0
	for i := 0; i < len(seg); i++ {
		if seg[i] <= '/' {
			n++
		}
	}
	if n == 0 {
		return seg
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(seg)+2*n)
	for i := 0; i < len(seg); i++ {
		if c := seg[i]; c <= '/' {
			b = append(b, '%', hex[c>>4], hex[c&15])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// unescape undoes escape.
func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// encode is the etcd key (without the store's prefix) of k.
func encode(k store.Key) string {
	var sb strings.Builder
	for i, seg := range k {
		if i > 0 {
			sb.WriteByte('/')
		}
		sb.WriteString(escape(seg))
	}
	return sb.String()
}

// decodeRest is the key that rest, the part of an etcd key after a
// scanned prefix, names.
func decodeRest(rest string) store.Key {
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		parts[i] = unescape(p)
	}
	return parts
}

// seqPrefix starts the counters of NextSeq.
const seqPrefix = "seq~/"

// marker is the key written when a key under parent (which ends in '/')
// is deleted, so that a scan's range comparison sees the deletion.
const markerSuffix = "\x00"

// write is a buffered write: a value, or a deletion.
type write struct {
	val []byte
	del bool
}

// span is a scanned range [from, to) and the revision it was read at (0:
// the transaction's).
type span struct {
	from, to string
	rev      int64
}

// kv is a key (without the store's prefix) and its value.
type kv struct {
	key string
	val []byte
}

// txn is one attempt at a transaction: reads at one revision, writes
// buffered until commit.
type txn struct {
	s        *Store
	ctx      context.Context
	readOnly bool
	// rev is the revision every read from etcd is made at; 0 until the
	// first.
	rev int64
	// mirrored is set when reads come from the mirror (see mirror.go);
	// minRev is the lowest revision any read was made at.
	mirrored bool
	minRev   int64
	reads    map[string]int64 // key -> mod revision seen (0: absent)
	spans    []span
	writes   map[string]write
	// stale is set when a read found its revision compacted away: the
	// transaction must start again.
	stale bool
	// closedSecret is set when the transaction seals a box (see Seal).
	closedSecret bool
}

var _ store.Sealer = (*txn)(nil)

func (t *txn) Get(k store.Key) ([]byte, error) {
	v, ok, err := t.get(encode(k))
	if err == nil && !ok {
		err = store.ErrNotFound
	}
	return v, err
}

func (t *txn) Put(k store.Key, v []byte) error {
	if v == nil {
		v = []byte{}
	}
	return t.put(encode(k), v)
}

func (t *txn) Delete(k store.Key) error { return t.del(encode(k)) }

func (t *txn) Scan(prefix store.Key, fn func(rest store.Key, v []byte) error) error {
	p := encode(prefix) + "/"
	all, err := t.scanPrefix(p)
	if err != nil {
		return err
	}
	for _, e := range all {
		if err := fn(decodeRest(e.key[len(p):]), e.val); err != nil {
			if err == store.ErrStopScan {
				return nil
			}
			return err
		}
	}
	return nil
}

// NextSeq increments the counter of k, in decimal.
func (t *txn) NextSeq(k store.Key) (uint64, error) {
	key := seqPrefix + encode(k)
	v, ok, err := t.get(key)
	if err != nil {
		return 0, err
	}
	var n uint64
	if ok {
		if n, err = strconv.ParseUint(string(v), 10, 64); err != nil {
			return 0, fmt.Errorf("sequence %s: %w", key, err)
		}
	}
	n++
	return n, t.put(key, []byte(strconv.FormatUint(n, 10)))
}

// Seal marks box for resealing once the transaction commits (see
// reseal.go).
func (t *txn) Seal(box store.Key) error {
	t.closedSecret = true
	return t.put(resealPrefix+escape(encode(box)), []byte(encode(box)+"/"))
}

func (s *Store) newTx(ctx context.Context, readOnly, mirrored bool) *txn {
	return &txn{s: s, ctx: ctx, readOnly: readOnly, mirrored: mirrored, reads: map[string]int64{}, writes: map[string]write{}}
}

// readAt notes a read made at rev.
func (t *txn) readAt(rev int64) {
	if t.minRev == 0 || rev < t.minRev {
		t.minRev = rev
	}
}

// saved is what a transaction has read and written so far, so that a
// group's transaction can drop one call's part (see commitGroup).
type saved struct {
	reads        map[string]int64
	spans        int
	writes       map[string]write
	closedSecret bool
}

func (t *txn) save() saved {
	return saved{maps.Clone(t.reads), len(t.spans), maps.Clone(t.writes), t.closedSecret}
}

func (t *txn) restore(s saved) {
	t.reads, t.spans, t.writes, t.closedSecret = s.reads, t.spans[:s.spans], s.writes, s.closedSecret
}

var errReadOnly = errors.New("etcd: write in a read-only transaction")

func (t *txn) readErr(err error) error {
	if errors.Is(err, rpctypes.ErrCompacted) {
		t.stale = true
	}
	return err
}

// fetch runs a range request at the transaction's revision.
func (t *txn) fetch(key string, opts ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	if t.rev != 0 {
		opts = append(opts, clientv3.WithRev(t.rev))
	}
	resp, err := t.s.cli.Get(t.ctx, t.s.prefix+key, opts...)
	if err != nil {
		return nil, t.readErr(err)
	}
	if t.rev == 0 {
		t.rev = resp.Header.Revision
		t.readAt(t.rev)
	}
	return resp, nil
}

// get reads a key; ok is false when it is absent.
func (t *txn) get(key string) (val []byte, ok bool, err error) {
	if w, found := t.writes[key]; found {
		return w.val, !w.del, nil
	}
	if t.mirrored {
		if v, mod, ok := t.s.mirror.get(key); ok {
			t.reads[key] = mod
			return v, mod != 0, nil
		}
		t.mirrored = false // the mirror stopped: read etcd from here on
	}
	resp, err := t.fetch(key)
	if err != nil {
		return nil, false, err
	}
	if len(resp.Kvs) == 0 {
		t.reads[key] = 0
		return nil, false, nil
	}
	t.reads[key] = resp.Kvs[0].ModRevision
	return resp.Kvs[0].Value, true, nil
}

// scan returns the keys in [from, to), in order, up to limit of them (0:
// all), markers left out, with the transaction's own writes applied.
func (t *txn) scan(from, to string, limit int) ([]kv, error) {
	var dels int
	for k, w := range t.writes {
		if w.del && k >= from && k < to {
			dels++
		}
	}
	if t.mirrored {
		if all, rev, ok := t.s.mirror.scan(from, to); ok {
			t.readAt(rev)
			out := all[:0:0]
			for _, e := range all {
				if strings.HasSuffix(e.key, markerSuffix) {
					continue
				}
				if w, ok := t.writes[e.key]; ok {
					if !w.del {
						out = append(out, kv{e.key, w.val})
					}
					continue
				}
				out = append(out, e)
			}
			return t.scanned(from, to, rev, out, limit), nil
		}
		t.mirrored = false
	}
	opts := []clientv3.OpOption{clientv3.WithRange(t.s.prefix + to)}
	if limit > 0 {
		// Markers and our own deletions may hide some of what comes back.
		opts = append(opts, clientv3.WithLimit(int64(limit+dels+8)))
	}
	var out []kv
	for {
		resp, err := t.fetch(from, opts...)
		if err != nil {
			return nil, err
		}
		out = out[:0]
		for _, e := range resp.Kvs {
			k := strings.TrimPrefix(string(e.Key), t.s.prefix)
			if strings.HasSuffix(k, markerSuffix) {
				continue
			}
			if w, ok := t.writes[k]; ok {
				if !w.del {
					out = append(out, kv{k, w.val})
				}
				continue
			}
			out = append(out, kv{k, e.Value})
		}
		if limit == 0 || len(out) >= limit || !resp.More {
			break
		}
		opts = []clientv3.OpOption{clientv3.WithRange(t.s.prefix + to)} // rare: many markers; read it all
	}
	return t.scanned(from, to, 0, out, limit), nil
}

// scanned notes a scan of [from, to) at rev and adds the transaction's
// own writes in the range to what it found.
func (t *txn) scanned(from, to string, rev int64, out []kv, limit int) []kv {
	t.spans = append(t.spans, span{from, to, rev})
	for k, w := range t.writes {
		if !w.del && k >= from && k < to && !strings.HasSuffix(k, markerSuffix) {
			if _, found := slices.BinarySearchFunc(out, k, func(e kv, k string) int { return strings.Compare(e.key, k) }); !found {
				out = append(out, kv{k, w.val})
			}
		}
	}
	slices.SortFunc(out, func(a, b kv) int { return strings.Compare(a.key, b.key) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// scanPrefix scans every key that starts with prefix.
func (t *txn) scanPrefix(prefix string) ([]kv, error) {
	return t.scan(prefix, clientv3.GetPrefixRangeEnd(prefix), 0)
}

func (t *txn) put(key string, val []byte) error {
	if t.readOnly {
		return errReadOnly
	}
	t.writes[key] = write{val: val}
	return nil
}

func (t *txn) del(key string) error {
	if t.readOnly {
		return errReadOnly
	}
	t.writes[key] = write{del: true}
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		t.writes[key[:i+1]+markerSuffix] = write{val: []byte{}}
	}
	return nil
}

// maxCompares keeps a Txn's comparisons under etcd's default limit of
// 128 per Txn (--max-txn-ops), with room for the fence.
const maxCompares = 100

// collapse replaces the comparisons of single keys by comparisons of
// their parents' ranges: stricter (any change in the range fails the
// Txn, a deletion included, as it leaves a marker there), and fewer.
// Every range is compared at rev, the lowest revision of any read.
func collapse(reads map[string]int64, spans []span, rev int64) (map[string]int64, []span) {
	out := make([]span, 0, len(spans)+len(reads))
	for _, sp := range spans {
		out = append(out, span{sp.from, sp.to, rev})
	}
	for k := range reads {
		parent := k[:strings.LastIndexByte(k, '/')+1]
		out = append(out, span{parent, clientv3.GetPrefixRangeEnd(parent), rev})
	}
	slices.SortFunc(out, func(a, b span) int { return strings.Compare(a.from, b.from) })
	return nil, slices.Compact(out)
}

// commit writes the buffered writes if nothing read has changed since;
// ok is false when something has.
func (t *txn) commit() (ok bool, err error) {
	if len(t.writes) == 0 {
		return true, nil
	}
	p := t.s.prefix
	reads, spans := t.reads, t.spans
	if len(reads)+len(spans) > maxCompares {
		reads, spans = collapse(reads, spans, t.minRev)
	}
	var cmps []clientv3.Cmp
	for k, rev := range reads {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(p+k), "=", rev))
	}
	seen := map[span]bool{}
	for _, sp := range spans {
		if seen[sp] {
			continue
		}
		seen[sp] = true
		rev := sp.rev
		if rev == 0 {
			rev = t.rev
		}
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(p+sp.from), "<", rev+1).WithRange(p+sp.to))
	}
	if f := fenceOf(t.ctx); f != nil {
		cmps = append(cmps, fenceCmp(f))
	}
	ops := make([]clientv3.Op, 0, len(t.writes))
	for k, w := range t.writes {
		if w.del {
			ops = append(ops, clientv3.OpDelete(p+k))
		} else {
			ops = append(ops, clientv3.OpPut(p+k, string(w.val)))
		}
	}
	resp, err := t.s.cli.Txn(t.ctx).If(cmps...).Then(ops...).Commit()
	if err != nil {
		return false, err
	}
	if !resp.Succeeded {
		if f := fenceOf(t.ctx); f != nil && t.s.fenced(t.ctx, f) {
			return false, ErrNotLeader
		}
		return false, nil
	}
	t.s.mirror.committed(resp.Header.Revision, t.writes)
	for {
		last := t.s.lastCommit.Load()
		if resp.Header.Revision <= last || t.s.lastCommit.CompareAndSwap(last, resp.Header.Revision) {
			break
		}
	}
	return true, nil
}
