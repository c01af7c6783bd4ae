package storetest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/klubba/klubba/store"
)

// RunKV runs the key-value suite that every store.Backend must pass;
// open returns a new, empty backend for each test.
func RunKV(t *testing.T, open func(t *testing.T) store.Backend) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Backend)
	}{
		{"GetPutDelete", kvGetPutDelete},
		{"Scan", kvScan},
		{"NextSeq", kvNextSeq},
		{"Rollback", kvRollback},
		{"ReadOnlyView", kvReadOnly},
		{"ConcurrentBatch", kvBatch},
		{"Append", kvAppend},
		{"Stamp", kvStamp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

func kvUpdate(t *testing.T, b store.Backend, fn func(store.Txn) error) {
	t.Helper()
	if err := b.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func kvGet(t *testing.T, b store.Backend, k store.Key) (string, error) {
	t.Helper()
	var out string
	err := b.View(context.Background(), func(tx store.Txn) error {
		v, err := tx.Get(k)
		out = string(v)
		return err
	})
	return out, err
}

func kvGetPutDelete(t *testing.T, b store.Backend) {
	k := store.K("t", "a/b", "c\x00d")
	if _, err := kvGet(t, b, k); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of nothing: %v; want ErrNotFound", err)
	}
	kvUpdate(t, b, func(tx store.Txn) error {
		if err := tx.Put(k, []byte("v")); err != nil {
			return err
		}
		if err := tx.Put(store.K("t", "empty"), nil); err != nil {
			return err
		}
		if v, err := tx.Get(k); err != nil || string(v) != "v" {
			t.Errorf("a transaction does not read its own write: %q, %v", v, err)
		}
		return nil
	})
	if v, err := kvGet(t, b, k); err != nil || v != "v" {
		t.Errorf("Get = %q, %v; want v", v, err)
	}
	if v, err := kvGet(t, b, store.K("t", "empty")); err != nil || v != "" {
		t.Errorf("an empty value: %q, %v; want it found", v, err)
	}
	if _, err := kvGet(t, b, store.K("t", "a/b")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a key's prefix reads as a value: %v", err)
	}
	kvUpdate(t, b, func(tx store.Txn) error {
		if err := tx.Delete(store.K("t", "never")); err != nil {
			t.Errorf("deleting a key that does not exist: %v", err)
		}
		return tx.Delete(k)
	})
	if _, err := kvGet(t, b, k); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
}

func kvScan(t *testing.T, b store.Backend) {
	seqs := []string{"\x00\x00\x01", "\x00\x00\x02", "\x00\x01\x00", "\x01\x00\x00", "\xff\x00\x00"}
	kvUpdate(t, b, func(tx store.Txn) error {
		for i := len(seqs) - 1; i >= 0; i-- {
			if err := tx.Put(store.K("s", "m1", seqs[i]), []byte{byte(i)}); err != nil {
				return err
			}
		}
		for _, k := range []store.Key{store.K("s", "m10", "x"), store.K("s", "m", "y"), store.K("s2", "m1", "z")} {
			if err := tx.Put(k, []byte("other")); err != nil {
				return err
			}
		}
		return nil
	})
	var got []string
	var vals []byte
	err := b.View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(store.K("s", "m1"), func(rest store.Key, v []byte) error {
			if len(rest) != 1 {
				t.Errorf("rest %q: want one segment", rest)
			}
			got = append(got, rest[0])
			vals = append(vals, v...)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, seqs) || !reflect.DeepEqual(vals, []byte{0, 1, 2, 3, 4}) {
		t.Errorf("Scan = %q %v; want %q in byte order, and nothing of m10 or m", got, vals, seqs)
	}
	n := 0
	err = b.View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(store.K("s"), func(rest store.Key, _ []byte) error {
			n++
			if n == 2 {
				return store.ErrStopScan
			}
			return nil
		})
	})
	if err != nil || n != 2 {
		t.Errorf("a scan stopped early: n=%d, %v", n, err)
	}
	total := 0
	b.View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(store.K("s"), func(rest store.Key, _ []byte) error { total++; return nil })
	})
	if total != len(seqs)+2 {
		t.Errorf("a scan of a table found %d keys; want %d", total, len(seqs)+2)
	}
}

func kvNextSeq(t *testing.T, b store.Backend) {
	var got []uint64
	for range 3 {
		kvUpdate(t, b, func(tx store.Txn) error {
			a, err := tx.NextSeq(store.K("q", "a"))
			got = append(got, a)
			return err
		})
	}
	kvUpdate(t, b, func(tx store.Txn) error {
		n, err := tx.NextSeq(store.K("q", "b"))
		got = append(got, n)
		return err
	})
	if !reflect.DeepEqual(got, []uint64{1, 2, 3, 1}) {
		t.Errorf("NextSeq = %v; want 1 2 3, and 1 for another sequence", got)
	}
}

func kvRollback(t *testing.T, b store.Backend) {
	boom := errors.New("boom")
	err := b.Update(context.Background(), func(tx store.Txn) error {
		if err := tx.Put(store.K("r", "k"), []byte("v")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v; want the function's error", err)
	}
	if _, err := kvGet(t, b, store.K("r", "k")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a failed transaction's write was kept: %v", err)
	}
}

func kvReadOnly(t *testing.T, b store.Backend) {
	err := b.View(context.Background(), func(tx store.Txn) error { return tx.Put(store.K("r", "k"), []byte("v")) })
	if err == nil {
		t.Error("a write in View succeeded")
	}
	if _, err := kvGet(t, b, store.K("r", "k")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a View's write was kept: %v", err)
	}
}

func kvBatch(t *testing.T, b store.Backend) {
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			err := b.Batch(context.Background(), func(tx store.Txn) error {
				seq, err := tx.NextSeq(store.K("cseq", "n"))
				if err != nil {
					return err
				}
				return tx.Put(store.K("c", string(rune('a'+i))), []byte{byte(seq)})
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	seen := map[byte]bool{}
	b.View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(store.K("c"), func(_ store.Key, v []byte) error { seen[v[0]] = true; return nil })
	})
	if len(seen) != n {
		t.Errorf("%d concurrent Batch calls left %d distinct sequence numbers; want %d", n, len(seen), n)
	}
}

// capable reports whether a read-write transaction of b is a T.
func capable[T any](t *testing.T, b store.Backend) bool {
	var ok bool
	kvUpdate(t, b, func(tx store.Txn) error { _, ok = tx.(T); return nil })
	return ok
}

// appended lists the lines under prefix as "line:value" in the order
// Scan gives them, with the numbers of the values.
func appended(t *testing.T, b store.Backend, prefix store.Key) (got []string, ns []uint64) {
	t.Helper()
	err := b.View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(prefix, func(rest store.Key, v []byte) error {
			last := rest[len(rest)-1]
			if len(last) != 8 {
				return fmt.Errorf("appended key %q: want an 8-byte number last", rest)
			}
			got = append(got, strings.Join(rest[:len(rest)-1], "/")+":"+string(v))
			ns = append(ns, binary.BigEndian.Uint64([]byte(last)))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, ns
}

func kvAppend(t *testing.T, b store.Backend) {
	if !capable[store.Appender](t, b) {
		t.Skip("no store.Appender")
	}
	x, y := store.K("a", "x"), store.K("a", "y")
	kvUpdate(t, b, func(tx store.Txn) error {
		a := tx.(store.Appender)
		for _, e := range []struct {
			line store.Key
			v    string
		}{{x, "1"}, {x, "2"}, {y, "3"}} {
			if err := a.Append(e.line, []byte(e.v)); err != nil {
				return err
			}
		}
		return tx.Scan(store.K("a"), func(rest store.Key, _ []byte) error {
			return fmt.Errorf("the appending transaction saw %q", rest)
		})
	})
	kvUpdate(t, b, func(tx store.Txn) error { return tx.(store.Appender).Append(x, []byte("4")) })
	const n = 10
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			err := b.Batch(context.Background(), func(tx store.Txn) error {
				return tx.(store.Appender).Append(store.K("a", "z"), []byte{'a' + byte(i)})
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, ns := appended(t, b, store.K("a"))
	if want := []string{"x:1", "x:2", "x:4", "y:3"}; len(got) != 4+n || !reflect.DeepEqual(got[:4], want) {
		t.Fatalf("Scan of the lines = %q; want %q, then %d values in line z", got, want, n)
	}
	seen := map[uint64]bool{}
	for i, v := range ns {
		if seen[v] {
			t.Errorf("number %d given twice", v)
		}
		seen[v] = true
		if i > 0 && got[i][0] == got[i-1][0] && v <= ns[i-1] {
			t.Errorf("numbers %v: not increasing within a line", ns)
		}
	}
	if ns[1] >= ns[2] || ns[0] >= ns[3] || ns[2] <= ns[3] {
		t.Errorf("numbers %v: want the order of appends and commits (x:1 < x:2 < x:4, x:1 < y:3 < x:4)", ns)
	}
	calls := 0
	b.View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(x, func(store.Key, []byte) error { calls++; return store.ErrStopScan })
	})
	if calls != 1 {
		t.Errorf("a scan stopped at once called fn %d times", calls)
	}

	// DeleteAppended removes one value, and a value put under a number.
	kvUpdate(t, b, func(tx store.Txn) error {
		if err := tx.Put(store.K("a", "p", string(binary.BigEndian.AppendUint64(nil, 7))), []byte("put")); err != nil {
			return err
		}
		a := tx.(store.Appender)
		if err := a.DeleteAppended(x, 1<<62); err != nil {
			return fmt.Errorf("deleting what is not there: %w", err)
		}
		return a.DeleteAppended(x, ns[1])
	})
	kvUpdate(t, b, func(tx store.Txn) error { return tx.(store.Appender).DeleteAppended(store.K("a", "p"), 7) })
	if got, _ := appended(t, b, store.K("a")); len(got) != 3+n || !reflect.DeepEqual(got[:3], []string{"x:1", "x:4", "y:3"}) {
		t.Errorf("after DeleteAppended: %q; want x:1 x:4 y:3 and line z", got)
	}
}

func kvStamp(t *testing.T, b store.Backend) {
	if !capable[store.Stamper](t, b) {
		t.Skip("no store.Stamper")
	}
	var got []uint64
	for range 3 {
		kvUpdate(t, b, func(tx store.Txn) error { got = append(got, tx.(store.Stamper).Stamp()); return nil })
	}
	if got[0] >= got[1] || got[1] >= got[2] {
		t.Errorf("Stamp = %v; want increasing", got)
	}
}
