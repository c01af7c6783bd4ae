// Package bolt is a store.Backend on a bbolt file. It is the only
// package that imports bbolt.
//
// A key's segments but the last name nested buckets, and its last
// segment the key in the innermost: meetings/ID is key ID of bucket
// "meetings", votes/POLL/VOTER is key VOTER of bucket POLL of bucket
// "votes". A sequence (NextSeq) is the sequence of the bucket its key
// names. So the records of store/typed lie in the file as they always
// have (the format is pinned by testdata/format.golden), and the
// migrations of migrate.go bring an older file to this layout. A bucket
// emptied by a deletion, below the top level and with no sequence, goes.
package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var _ store.Backend = (*Store)(nil)

// Bucket names.
var (
	bucketMeta       = []byte("meta")
	bucketMeetings   = []byte("meetings")
	bucketRunning    = []byte("running")
	bucketLast       = []byte("last")
	bucketPolls      = []byte("polls")
	bucketVotes      = []byte("votes")       // poll ID -> voter -> ballot
	bucketVoters     = []byte("voters")      // poll ID -> voter -> nothing (secret roll)
	bucketBallots    = []byte("ballots")     // poll ID -> random key -> ballot (secret box)
	bucketOutbox     = []byte("outbox")      // platform -> sequence -> reply
	bucketPeople     = []byte("people")      // meeting ID -> person ID -> {seq, name}
	bucketTimers     = []byte("timers")      // due (unix ns) + ID -> timer, so the first key is due first
	bucketRefs       = []byte("refs")        // until schema 10, all references (see refs.go)
	bucketEvents     = []byte("events")      // event ID -> when seen
	bucketEventTimes = []byte("event_times") // when seen + event ID, to forget old IDs
	keySchema        = []byte("schema")
)

// ErrInUse is returned by Open when another process holds the file.
var ErrInUse = errors.New("database is in use by another process")

// lockTimeout is how long Open waits for another process's lock.
const lockTimeout = time.Second

// Store is a store.Backend on a bbolt file.
type Store struct {
	// mu is held for reading by every operation, and for writing while
	// the file is compacted into a fresh one (see scrub).
	mu   sync.RWMutex
	db   *bolt.DB
	path string
	// scrubPending is set when a compaction after a secret poll closed
	// failed; the next write tries again.
	scrubPending atomic.Bool
	// groups shares write transactions among concurrent Batch calls.
	groups groupCommit
}

// Open opens or creates the database at path and brings its schema up to
// date. It fails with ErrInUse, rather than waiting, when another process
// has the file open.
func Open(path string) (*Store, error) {
	db, err := openFile(path)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.guard(s.migrate); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := createBoards(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Close()
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Update runs fn in a read-write transaction, committed if fn returns nil.
func (s *Store) Update(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var sealed bool
	err := s.update(func(tx *bolt.Tx) error {
		t := &txn{tx: tx}
		err := fn(t)
		sealed = t.sealed
		return err
	})
	s.afterWrite(err, sealed)
	return err
}

// Batch runs fn in a read-write transaction that concurrent Batch calls
// may share (a group commit, see groupCommit): one fsync for many
// writers, and no wait for a lone one. If fn fails, or a neighbour's
// does, it is run again, so fn must be safe to repeat.
func (s *Store) Batch(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var sealed atomic.Bool
	err := s.group(func(tx *bolt.Tx) error {
		t := &txn{tx: tx}
		err := fn(t)
		sealed.Store(t.sealed) // the last run's
		return err
	})
	s.afterWrite(err, sealed.Load())
	return err
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(store.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.view(func(tx *bolt.Tx) error { return fn(&txn{tx: tx}) })
}

// Backup writes a consistent copy of the database to w while it is in use.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int64
	err := s.view(func(tx *bolt.Tx) error {
		if err := secretPollsOpen(tx); err != nil {
			return err
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the database to path, atomically:
// the file appears only when complete.
func (s *Store) BackupFile(ctx context.Context, path string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := s.Backup(ctx, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	return n, nil
}

// Check runs bbolt's consistency check. Problems found make a
// DamagedError naming the first few and the repair.
func (s *Store) Check() error {
	return s.view(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if len(errs) == 0 {
			return nil
		}
		cause := errors.Join(errs[:min(3, len(errs))]...).Error()
		if len(errs) > 3 {
			cause += fmt.Sprintf(" and %d more problems", len(errs)-3)
		}
		return &DamagedError{Path: s.path, Cause: cause}
	})
}

// txn is a store.Txn on a bbolt transaction.
type txn struct {
	tx *bolt.Tx
	// sealed is set when the transaction asks for its history to go
	// (see Seal): the file is compacted after commit.
	sealed bool
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// errShortKey refuses a key of one segment: the top level of a bbolt
// file holds buckets only.
var errShortKey = errors.New("bolt: a key needs a bucket and a name")

// bucket returns the bucket that the segments path name, or nil.
func (t *txn) bucket(path store.Key) *bolt.Bucket {
	if len(path) == 0 {
		return nil
	}
	b := t.tx.Bucket([]byte(path[0]))
	for _, seg := range path[1:] {
		if b == nil {
			return nil
		}
		b = b.Bucket([]byte(seg))
	}
	return b
}

// createBucket returns the bucket that path names, creating it and its
// parents where missing.
func (t *txn) createBucket(path store.Key) (*bolt.Bucket, error) {
	b, err := t.tx.CreateBucketIfNotExists([]byte(path[0]))
	for _, seg := range path[1:] {
		if err != nil {
			break
		}
		b, err = b.CreateBucketIfNotExists([]byte(seg))
	}
	if err != nil {
		return nil, fmt.Errorf("bucket %q: %w", path, err)
	}
	return b, nil
}

func (t *txn) Get(k store.Key) ([]byte, error) {
	if len(k) < 2 {
		return nil, errShortKey
	}
	b := t.bucket(k[:len(k)-1])
	if b == nil {
		return nil, store.ErrNotFound
	}
	name := []byte(k[len(k)-1])
	// A cursor tells an empty value from none, and a bucket from a value.
	key, v := b.Cursor().Seek(name)
	if key == nil || !bytes.Equal(key, name) || v == nil && b.Bucket(name) != nil {
		return nil, store.ErrNotFound
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

func (t *txn) Put(k store.Key, v []byte) error {
	if len(k) < 2 {
		return errShortKey
	}
	b := t.bucket(k[:len(k)-1]) // most puts go to a bucket that is there
	if b == nil {
		var err error
		if b, err = t.createBucket(k[:len(k)-1]); err != nil {
			return err
		}
	}
	return b.Put([]byte(k[len(k)-1]), v)
}

func (t *txn) Delete(k store.Key) error {
	if len(k) < 2 {
		return errShortKey
	}
	path := k[:len(k)-1]
	b := t.bucket(path)
	if b == nil {
		return nil
	}
	if err := b.Delete([]byte(k[len(k)-1])); err != nil {
		return err
	}
	// An emptied nested bucket without a sequence goes, and then its
	// emptied parents, down to the top level.
	for len(path) > 1 {
		if first, _ := b.Cursor().First(); first != nil || b.Sequence() != 0 {
			return nil
		}
		parent := t.bucket(path[:len(path)-1])
		if err := parent.DeleteBucket([]byte(path[len(path)-1])); err != nil {
			return err
		}
		path, b = path[:len(path)-1], parent
	}
	return nil
}

func (t *txn) Scan(prefix store.Key, fn func(rest store.Key, v []byte) error) error {
	err := scan(t.bucket(prefix), nil, fn)
	if err == store.ErrStopScan {
		return nil
	}
	return err
}

// scan calls fn for every key of b, which may be nil, and of the buckets
// nested in it, depth first, each with its path from b.
func scan(b *bolt.Bucket, path store.Key, fn func(rest store.Key, v []byte) error) error {
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		rest := append(path[:len(path):len(path)], string(k))
		if v == nil {
			if nested := b.Bucket(k); nested != nil {
				if err := scan(nested, rest, fn); err != nil {
					return err
				}
				continue
			}
			v = []byte{}
		}
		if err := fn(rest, v); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) NextSeq(k store.Key) (uint64, error) {
	b := t.bucket(k)
	if b == nil {
		var err error
		if b, err = t.createBucket(k); err != nil {
			return 0, err
		}
	}
	return b.NextSequence()
}

// Seal has the file compacted once the transaction commits, so that no
// freed page keeps an old copy of the box (see scrub.go).
func (t *txn) Seal(store.Key) error {
	t.sealed = true
	return nil
}

// pairs copies out the keys and values of b, leaving out its nested
// buckets, for a migration that moves them while it writes.
func pairs(b *bolt.Bucket) ([][2][]byte, error) {
	var out [][2][]byte
	err := b.ForEach(func(k, v []byte) error {
		if v != nil {
			out = append(out, [2][]byte{slices.Clone(k), slices.Clone(v)})
		}
		return nil
	})
	return out, err
}

// putJSON stores a record (a type of package record), for migrations.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := record.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// WriteFloor measures what bbolt alone can do on this machine: n durable
// writes of a small record, spread over the given number of goroutines,
// one transaction each, first with DB.Update and then with DB.Batch, in a
// scratch file at path. It returns both rates, in writes per second, for
// comparing Klubba's vote path with in the same run.
func WriteFloor(path string, n, concurrency int) (update, batch float64, err error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return 0, 0, fmt.Errorf("open floor file: %w", err)
	}
	defer func() { db.Close(); os.Remove(path) }()
	bucket := []byte("floor")
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(bucket); return err }); err != nil {
		return 0, 0, err
	}
	run := func(write func(func(*bolt.Tx) error) error, prefix string) (float64, error) {
		start := time.Now()
		errs := make(chan error, concurrency)
		per := (n + concurrency - 1) / concurrency
		for g := range concurrency {
			go func() {
				for i := g * per; i < min(n, (g+1)*per); i++ {
					key := []byte(fmt.Sprintf("%s-%08d", prefix, i))
					if err := write(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, []byte{1}) }); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range concurrency {
			if err := <-errs; err != nil {
				return 0, err
			}
		}
		return float64(n) / time.Since(start).Seconds(), nil
	}
	if update, err = run(db.Update, "u"); err != nil {
		return 0, 0, err
	}
	batch, err = run(db.Batch, "b")
	return update, batch, err
}

// UpdateLatencies measures bbolt alone answering one write at a time: n
// durable Updates of a small record, one every interval, in a scratch
// file at path. It returns each one's latency, for comparing a command's
// latency with in the same run.
func UpdateLatencies(path string, n int, interval time.Duration) ([]time.Duration, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("open floor file: %w", err)
	}
	defer func() { db.Close(); os.Remove(path) }()
	bucket := []byte("floor")
	tick := time.NewTicker(interval)
	defer tick.Stop()
	lat := make([]time.Duration, n)
	for i := range n {
		<-tick.C
		start := time.Now()
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bucket)
			if err != nil {
				return err
			}
			return b.Put([]byte(strconv.Itoa(i%64)), make([]byte, 512))
		})
		if err != nil {
			return nil, err
		}
		lat[i] = time.Since(start)
	}
	return lat, nil
}
