package etcd

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/btree"
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
	// based is set when the range held writes of the transaction's base.
	based bool
}

// kv is a key (without the store's prefix), its value and its create
// revision (0: not committed yet).
type kv struct {
	key    string
	val    []byte
	create int64
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
	// base is the group under way whose writes this one reads as if
	// committed (see Store.launch); fromBase names the keys read there,
	// and broken is set when a read could not take base into account.
	base     *txn
	fromBase map[string]bool
	broken   bool
	// size is about the bytes of the writes, for the size of a Txn;
	// written holds the keys of writes in order, and journal what each
	// write replaced, so that restore can undo a call's writes.
	size    int
	written *btree.BTreeG[string]
	journal []undo
	// rebased is base's revision once rebase has checked against it;
	// committed is the revision of the transaction's own commit.
	rebased   int64
	committed int64
	// failedAt is the revision at which the Txn lost a race.
	failedAt int64
	reads    map[string]int64 // key -> mod revision seen (0: absent)
	spans    []span
	writes   map[string]write
	// stale is set when a read found its revision compacted away: the
	// transaction must start again.
	stale bool
	// closedSecret is set when the transaction seals a box (see Seal).
	closedSecret bool
	// token and appended name the values the attempt appends, and
	// lines caches the lines whose appended keys it looked up (see
	// append.go).
	token    string
	appended int
	lines    map[string]*appendedLine
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
	lines := lineSorter{t: t, p: p, fn: fn}
	if t.mirrored {
		if done, err := t.scanMirror(p, clientv3.GetPrefixRangeEnd(p), lines.add); done {
			return lines.end(err)
		}
		t.mirrored = false // the mirror stopped: read etcd from here on
		lines = lineSorter{t: t, p: p, fn: fn}
	}
	all, err := t.scanPrefix(p)
	if err != nil {
		return err
	}
	for _, e := range all {
		if err := lines.add(e); err != nil {
			return lines.end(err)
		}
	}
	return lines.end(nil)
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
	return &txn{s: s, ctx: ctx, readOnly: readOnly, mirrored: mirrored, reads: map[string]int64{}, writes: map[string]write{},
		written: btree.NewG(16, func(a, b string) bool { return a < b })}
}

// readAt notes a read made at rev.
func (t *txn) readAt(rev int64) {
	if t.minRev == 0 || rev < t.minRev {
		t.minRev = rev
	}
}

// saved is what a transaction has read and written so far, so that a
// group's transaction can drop one call's part (see commitGroup).
// What a call read stays among the reads: compared at commit, it can
// only cost a needless conflict.
type saved struct {
	spans, journal, size int
	closedSecret         bool
}

// undo is what a write replaced.
type undo struct {
	key  string
	prev write
	had  bool
}

func (t *txn) save() saved {
	return saved{len(t.spans), len(t.journal), t.size, t.closedSecret}
}

func (t *txn) restore(s saved) {
	for i := len(t.journal) - 1; i >= s.journal; i-- {
		u := t.journal[i]
		if u.had {
			t.writes[u.key] = u.prev
		} else {
			delete(t.writes, u.key)
			t.written.Delete(u.key)
		}
	}
	t.journal = t.journal[:s.journal]
	t.spans, t.size, t.closedSecret = t.spans[:s.spans], s.size, s.closedSecret
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
	if t.base != nil {
		if w, found := t.base.writes[key]; found {
			t.fromBase[key] = true
			return w.val, !w.del, nil
		}
	}
	if t.mirrored {
		if v, mod, rev, ok := t.s.mirror.get(key); ok {
			t.reads[key] = mod
			t.readAt(rev)
			return v, mod != 0, nil
		}
		t.mirrored = false // the mirror stopped: read etcd from here on
	}
	if t.base != nil {
		t.broken = true
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
	if t.base != nil {
		t.broken = true // a read from etcd cannot take base into account
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
					out = append(out, kv{k, w.val, e.CreateRevision})
				}
				continue
			}
			out = append(out, kv{k, e.Value, e.CreateRevision})
		}
		if limit == 0 || len(out) >= limit || !resp.More {
			break
		}
		opts = []clientv3.OpOption{clientv3.WithRange(t.s.prefix + to)} // rare: many markers; read it all
	}
	return t.scanned(from, to, 0, out, limit), nil
}

// scanChunk is how many keys of the mirror a scan takes at a time.
const scanChunk = 64

// scanMirror calls fn for the keys in [from, to) in order, from the
// mirror with base's and the transaction's own writes applied, as far as
// fn asks (store.ErrStopScan ends it): a scan that stops early notes only
// the range it read, so a scan for the oldest of a table costs, and
// conflicts with, no more than it reads. done is false when the mirror
// could not serve the scan from its start.
func (t *txn) scanMirror(from, to string, fn func(e kv) error) (done bool, err error) {
	var rev int64
	based := false
	// next is the first key at or after cursor in [cursor, to) of the
	// writes written, or "" when none.
	next := func(written *btree.BTreeG[string], cursor string) (k string) {
		if written == nil {
			return ""
		}
		written.AscendRange(cursor, to, func(w string) bool { k = w; return false })
		return k
	}
	var baseWritten *btree.BTreeG[string]
	if t.base != nil {
		baseWritten = t.base.written
	}
	end := to // the end of the range read
	cursor := from
	var chunk []kv
	more := true
	for {
		if len(chunk) == 0 && more {
			var ok bool
			var r int64
			chunk, r, more, ok = t.s.mirror.scanN(cursor, to, scanChunk)
			if !ok {
				if rev == 0 {
					return false, nil
				}
				t.stale = true // the mirror stopped mid-scan: start again
				return true, errMirrorStopped
			}
			if rev == 0 || r < rev {
				rev = r
			}
		}
		k := ""
		var v []byte
		var create int64
		if len(chunk) > 0 {
			k, v, create = chunk[0].key, chunk[0].val, chunk[0].create
		}
		for _, w := range []string{next(t.written, cursor), next(baseWritten, cursor)} {
			if w != "" && (k == "" || w < k) {
				k, v, create = w, nil, 0
			}
		}
		if k == "" {
			if more {
				continue
			}
			break
		}
		if len(chunk) > 0 && chunk[0].key == k {
			chunk = chunk[1:]
		}
		cursor = k + "\x00"
		if strings.HasSuffix(k, markerSuffix) {
			continue
		}
		if w, ok := t.writes[k]; ok {
			if w.del {
				continue
			}
			v = w.val
		} else if t.base != nil {
			if w, ok := t.base.writes[k]; ok {
				based = true
				if w.del {
					continue
				}
				v = w.val
			}
		}
		if err = fn(kv{k, v, create}); err != nil {
			end = cursor
			break
		}
	}
	t.readAt(rev)
	t.spans = append(t.spans, span{from: from, to: end, rev: rev, based: based})
	if err == store.ErrStopScan {
		err = nil
	}
	return true, err
}

// errMirrorStopped fails a transaction whose mirror stopped mid-scan; it
// runs again (t.stale).
var errMirrorStopped = errors.New("etcd: the mirror stopped during a scan")

// rebase turns the reads of base's writes into reads at rev, the
// revision base committed at: a key base wrote was read at rev, and a
// range that held base's writes must not have changed since it was read
// but for them (checked in the mirror). It reports false when the
// transaction must run again.
func (t *txn) rebase(rev int64) bool {
	if t.broken {
		return false
	}
	for k := range t.fromBase {
		if t.base.writes[k].del {
			t.reads[k] = 0
		} else {
			t.reads[k] = rev
		}
	}
	for i, sp := range t.spans {
		if !sp.based {
			continue
		}
		if t.s.mirror.at(rev, mirrorWait) == 0 || !t.s.mirror.unchangedSince(sp.from, sp.to, sp.rev, rev) {
			return false
		}
		t.spans[i].rev, t.spans[i].based = rev, false
	}
	t.base, t.rebased = nil, rev
	return true
}

// scanned notes a scan of [from, to) at rev and adds the transaction's
// own writes in the range to what it found.
func (t *txn) scanned(from, to string, rev int64, out []kv, limit int) []kv {
	t.spans = append(t.spans, span{from: from, to: to, rev: rev})
	for k, w := range t.writes {
		if !w.del && k >= from && k < to && !strings.HasSuffix(k, markerSuffix) {
			if _, found := slices.BinarySearchFunc(out, k, func(e kv, k string) int { return strings.Compare(e.key, k) }); !found {
				out = append(out, kv{k, w.val, 0})
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
	t.write(key, write{val: val})
	return nil
}

// write buffers w under key, noting what it replaces in the journal.
func (t *txn) write(key string, w write) {
	prev, had := t.writes[key]
	t.journal = append(t.journal, undo{key, prev, had})
	if !had {
		t.written.ReplaceOrInsert(key)
	}
	t.writes[key] = w
	t.size += len(key) + len(w.val)
}

func (t *txn) del(key string) error {
	if t.readOnly {
		return errReadOnly
	}
	t.write(key, write{del: true})
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		t.write(key[:i+1]+markerSuffix, write{val: []byte{}})
	}
	return nil
}

// maxOps is how many writes go in one Txn before they are split into
// Txns nested in it.
const maxOps = 100

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
		out = append(out, span{from: sp.from, to: sp.to, rev: rev})
	}
	for k := range reads {
		parent := k[:strings.LastIndexByte(k, '/')+1]
		out = append(out, span{from: parent, to: clientv3.GetPrefixRangeEnd(parent), rev: rev})
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
		rev := t.minRev
		if t.rebased != 0 {
			rev = t.rebased
		}
		reads, spans = collapse(reads, spans, rev)
		if t.rebased != 0 {
			// A collapsed range is compared at base's revision: it must
			// not have changed since the first read but for base.
			for _, sp := range spans {
				if !t.s.mirror.unchangedSince(sp.from, sp.to, t.minRev, t.rebased) {
					return false, nil
				}
			}
		}
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
	if len(ops) > maxOps {
		// etcd takes at most 128 operations in a Txn (--max-txn-ops),
		// and as many in each Txn nested in it, all at one revision.
		var nested []clientv3.Op
		for len(ops) > 0 {
			part := ops[:min(maxOps, len(ops))]
			ops = ops[len(part):]
			nested = append(nested, clientv3.OpTxn(nil, part, nil))
		}
		ops = nested
	}
	resp, err := t.s.cli.Txn(t.ctx).If(cmps...).Then(ops...).Commit()
	if err != nil {
		return false, err
	}
	if !resp.Succeeded {
		if f := fenceOf(t.ctx); f != nil && t.s.fenced(t.ctx, f) {
			return false, ErrNotLeader
		}
		t.failedAt = resp.Header.Revision
		return false, nil
	}
	t.committed = resp.Header.Revision
	t.s.mirror.committed(resp.Header.Revision, t.writes)
	for {
		last := t.s.lastCommit.Load()
		if resp.Header.Revision <= last || t.s.lastCommit.CompareAndSwap(last, resp.Header.Revision) {
			break
		}
	}
	return true, nil
}
