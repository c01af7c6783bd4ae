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
	keys, err := t.appendedKeys(l)
	if err != nil {
		return err
	}
	if k, ok := keys[n]; ok {
		return t.del(k)
	}
	return t.del(l + escape(string(binary.BigEndian.AppendUint64(nil, n))))
}

// appendedKeys returns the keys of the values appended under line (an
// encoded key ending in '/') by their numbers, read from etcd at its
// latest revision once per attempt: whoever deletes a value has seen it
// committed, so the latest revision holds it unless it is gone already.
// The deletion needs no comparison: deleting a value twice is harmless.
func (t *txn) appendedKeys(line string) (map[uint64]string, error) {
	if keys, ok := t.lines[line]; ok {
		return keys, nil
	}
	from := t.s.prefix + line + appendTag
	resp, err := t.s.cli.Get(t.ctx, from, clientv3.WithRange(clientv3.GetPrefixRangeEnd(from)), clientv3.WithKeysOnly())
	if err != nil {
		return nil, err
	}
	keys := make(map[uint64]string, len(resp.Kvs))
	for _, e := range resp.Kvs {
		k := strings.TrimPrefix(string(e.Key), t.s.prefix)
		if n, ok := appendedID(k[len(line):], e.CreateRevision); ok {
			keys[n] = k
		}
	}
	if t.lines == nil {
		t.lines = map[string]map[uint64]string{}
	}
	t.lines[line] = keys
	return keys, nil
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
