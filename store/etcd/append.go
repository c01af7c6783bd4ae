package etcd

import (
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/store"
	clientv3 "go.etcd.io/etcd/client/v3"
)

var (
	_ store.Appender = (*txn)(nil)
	_ store.Stamper  = (*txn)(nil)
)

// Stamp numbers by the wall clock, in nanoseconds, kept increasing
// within the process: the order in which a meeting's participants were
// first seen needs no counter that every replica writes.
func (t *txn) Stamp() uint64 { return t.s.stamp() }

// An appended value (the outbox's replies) is numbered by the revision
// that commits it, not by a counter that every replica would write and
// race for: a Txn cannot name a key by its own revision, so the value is
// put under line/%~TOKEN.IDX, TOKEN random to the attempt and IDX its
// index among the attempt's appends, and read back as line/N with N =
// create revision << appendBits | IDX. Escaped segments never start with
// "%~" (escape writes '%' before two hex digits only). N grows in commit
// order, and within a Txn in the order of its appends.
const (
	appendTag  = "%~"
	appendBits = 12
	maxAppends = 1 << appendBits
)

// Append puts v under line, numbered at commit (see appendTag).
func (t *txn) Append(line store.Key, v []byte) error {
	if t.appended >= maxAppends {
		return fmt.Errorf("etcd: more than %d values appended in one transaction", maxAppends)
	}
	if t.token == "" {
		t.token = rand.Text()
	}
	key := fmt.Sprintf("%s/%s%s.%03x", encode(line), appendTag, t.token, t.appended)
	t.appended++
	if v == nil {
		v = []byte{}
	}
	return t.put(key, v)
}

// DeleteAppended deletes the value under line numbered n: an appended
// one, found by its create revision, or one put under line/n (by a
// release before Append).
func (t *txn) DeleteAppended(line store.Key, n uint64) error {
	if t.readOnly {
		return errReadOnly
	}
	l := encode(line) + "/"
	k, err := t.appendedKey(l, n)
	if err != nil {
		return err
	}
	if k != "" {
		return t.del(k)
	}
	return t.del(l + escape(string(binary.BigEndian.AppendUint64(nil, n))))
}

// appendWindow is how many appended keys of a line DeleteAppended reads
// at a time, from the create revision of the value it looks for on (a
// variable for tests).
var appendWindow = 128

// appendedLine is what an attempt has read of a line's appended keys:
// their keys by number, complete for the create revisions in the window
// [from, to] (to 0: every one since from) and for those in exact.
type appendedLine struct {
	keys     map[uint64]string
	windowed bool
	from, to int64
	exact    map[int64]bool
}

func (c *appendedLine) covers(rev int64) bool {
	return c.exact[rev] || c.windowed && rev >= c.from && (c.to == 0 || rev <= c.to)
}

// appendedKey returns the key of the value appended under line (an
// encoded key ending in '/') numbered n, or "" when there is none. It
// reads etcd at its latest revision, not the transaction's: whoever
// deletes a value has seen it committed, so the latest revision holds
// it unless it is gone already, and the deletion needs no comparison
// (deleting a value twice is harmless). Values are deleted mostly in
// the order of their numbers, so a read takes the next appendWindow keys
// by create revision, and a revision the window cut short is read whole.
func (t *txn) appendedKey(line string, n uint64) (string, error) {
	rev := int64(n >> appendBits)
	if rev == 0 {
		return "", nil
	}
	if t.lines == nil {
		t.lines = map[string]*appendedLine{}
	}
	c := t.lines[line]
	if c == nil {
		c = &appendedLine{keys: map[uint64]string{}, exact: map[int64]bool{}}
		t.lines[line] = c
	}
	if !c.covers(rev) {
		if err := t.readAppended(c, line, rev, appendWindow); err != nil {
			return "", err
		}
		if !c.covers(rev) {
			if err := t.readAppended(c, line, rev, 0); err != nil {
				return "", err
			}
		}
	}
	return c.keys[n], nil
}

// readAppended reads the keys of line's appended values created at rev
// and after, up to limit of them, or, with no limit, those created at
// rev.
func (t *txn) readAppended(c *appendedLine, line string, rev int64, limit int) error {
	from := t.s.prefix + line + appendTag
	opts := []clientv3.OpOption{clientv3.WithRange(clientv3.GetPrefixRangeEnd(from)), clientv3.WithKeysOnly(),
		clientv3.WithMinCreateRev(rev)}
	if limit > 0 {
		opts = append(opts, clientv3.WithSort(clientv3.SortByCreateRevision, clientv3.SortAscend), clientv3.WithLimit(int64(limit)))
	} else {
		opts = append(opts, clientv3.WithMaxCreateRev(rev))
	}
	resp, err := t.s.cli.Get(t.ctx, from, opts...)
	if err != nil {
		return err
	}
	var last int64
	for _, e := range resp.Kvs {
		k := strings.TrimPrefix(string(e.Key), t.s.prefix)
		if n, ok := appendedID(k[len(line):], e.CreateRevision); ok {
			c.keys[n] = k
		}
		last = max(last, e.CreateRevision)
	}
	if limit == 0 {
		c.exact[rev] = true
		return nil
	}
	c.windowed, c.from, c.to = true, rev, 0
	if resp.More {
		// Sorted by create revision, the window holds every key created
		// before last, and may have cut last's short.
		c.to = last - 1
		c.windowed = c.to >= c.from
	}
	return nil
}

// appendedID is the number of the appended value whose last segment is
// last and create revision create; ok is false for another key, or for
// an appended value not yet committed.
func appendedID(last string, create int64) (n uint64, ok bool) {
	if !strings.HasPrefix(last, appendTag) || create <= 0 {
		return 0, false
	}
	i := strings.LastIndexByte(last, '.')
	if i < 0 {
		return 0, false
	}
	idx, err := strconv.ParseUint(last[i+1:], 16, appendBits)
	if err != nil {
		return 0, false
	}
	return uint64(create)<<appendBits | idx, true
}

// lineSorter hands a scan's keys to a Scan's fn, appended values under
// the key they are numbered by, in the order of their numbers: a line's
// appended values lie together in etcd (under line/%~), ordered by their
// random tokens, and are gathered and sorted before they go on.
type lineSorter struct {
	t  *txn
	p  string // the scanned prefix, ending in '/'
	fn func(rest store.Key, v []byte) error
	// run holds the appended values of line seen so far.
	line    string
	run     []numbered
	stopped bool
}

type numbered struct {
	n uint64
	v []byte
}

// add takes the next key of the scan.
func (l *lineSorter) add(e kv) error {
	if l.stopped {
		return store.ErrStopScan
	}
	rest := e.key[len(l.p):]
	line, last := "", rest
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		line, last = rest[:i+1], rest[i+1:]
	}
	if strings.HasPrefix(last, appendTag) {
		n, ok := appendedID(last, e.create)
		if !ok {
			// Not committed: the transaction's own append, which it does
			// not see, or one of the group it runs on (see launch), which
			// it cannot number: it must run again once that commits.
			if _, own := l.t.writes[e.key]; !own {
				l.t.broken = true
			}
			return nil
		}
		if len(l.run) > 0 && line != l.line {
			if err := l.flush(); err != nil {
				return err
			}
		}
		l.line = line
		l.run = append(l.run, numbered{n, e.val})
		return nil
	}
	if err := l.flush(); err != nil {
		return err
	}
	return l.call(decodeRest(rest), e.val)
}

// flush hands on the run of appended values, in order.
func (l *lineSorter) flush() error {
	slices.SortFunc(l.run, func(a, b numbered) int { return cmp.Compare(a.n, b.n) })
	run := l.run
	l.run = nil
	var parent store.Key
	if l.line != "" {
		parent = decodeRest(strings.TrimSuffix(l.line, "/"))
	}
	for _, e := range run {
		k := append(slices.Clip(parent), string(binary.BigEndian.AppendUint64(nil, e.n)))
		if err := l.call(k, e.v); err != nil {
			return err
		}
	}
	return nil
}

func (l *lineSorter) call(k store.Key, v []byte) error {
	err := l.fn(k, v)
	if err == store.ErrStopScan {
		l.stopped = true
	}
	return err
}

// end ends the scan with err, the scan's own error or fn's.
func (l *lineSorter) end(err error) error {
	if err == nil && !l.stopped {
		err = l.flush()
	}
	if err == store.ErrStopScan {
		return nil
	}
	return err
}
