package bolt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrDamaged is wrapped by every error that a damaged file causes: a
// page bbolt cannot read (bbolt panics on one; the store recovers), a
// bad checksum, or a failed consistency check.
var ErrDamaged = errors.New("database file is damaged")

// DamagedError says which file is damaged, how it showed, and how to
// repair it.
type DamagedError struct {
	Path  string
	Cause string
}

// Error names the repair: restore a backup, or let bbolt copy what it can
// still read into a new file.
func (e *DamagedError) Error() string {
	return fmt.Sprintf("database %s is damaged (%s): stop klubba and restore the file from a backup (`klubba backup` makes them), "+
		"or rebuild it with `bbolt compact -o %s.compacted %s` and start klubba on the new file", e.Path, e.Cause, e.Path, e.Path)
}

// Unwrap makes a DamagedError match ErrDamaged.
func (e *DamagedError) Unwrap() error { return ErrDamaged }

func (s *Store) damaged(cause any) error {
	return &DamagedError{Path: s.path, Cause: fmt.Sprint(cause)}
}

// guard runs fn, turning a panic of bbolt's on a damaged page into an
// error: a damaged file must be reported, not crash the server over and
// over. bbolt rolls the transaction back as the panic passes.
func (s *Store) guard(fn func() error) (err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.guardLocked(fn)
}

// guardLocked is guard for a caller that holds s.mu.
func (s *Store) guardLocked(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = s.damaged(p)
		}
	}()
	return fn()
}

func (s *Store) view(fn func(*bolt.Tx) error) error {
	return s.guard(func() error { return s.db.View(fn) })
}

func (s *Store) update(fn func(*bolt.Tx) error) error {
	return s.guard(func() error { return s.db.Update(fn) })
}

// openError explains an error of bolt.Open that a damaged file causes.
func openError(path string, err error) error {
	if errors.Is(err, bolterrors.ErrInvalid) || errors.Is(err, bolterrors.ErrChecksum) || errors.Is(err, bolterrors.ErrVersionMismatch) {
		return &DamagedError{Path: path, Cause: err.Error()}
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok && pe.Path == path {
		return err // "open PATH: permission denied" says it already
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// openFile opens the bbolt file, turning a panic on a damaged page into
// a DamagedError.
func openFile(path string) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, &DamagedError{Path: path, Cause: fmt.Sprint(p)}
		}
	}()
	for range 3 {
		before, _ := os.Stat(path)
		if db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout}); err != nil {
			return nil, err
		}
		// The lock waited for may be that of a file the server has just
		// compacted and put another in place of (scrub): the lock of the
		// file now at path is what keeps a second process out.
		if after, err := os.Stat(path); err != nil || before == nil || os.SameFile(before, after) {
			return db, nil
		}
		db.Close()
	}
	return nil, bolterrors.ErrTimeout
}

// startBuckets are the buckets read as the server starts (delivery, the
// scheduler, the schema): CheckStart reads every page of them.
var startBuckets = [][]byte{bucketMeta, bucketOutbox, bucketTimers, bucketRunning, bucketSecretOpen}

// CheckStart reads every page of the buckets a starting server reads, so
// that damage there is reported at once, with the repair, rather than
// met by the delivery worker or the scheduler. It costs little however
// many meetings the file holds (Check reads every page of the file);
// damage elsewhere is reported, the same way, by the operation that
// meets it.
func (s *Store) CheckStart() error {
	return s.view(func(tx *bolt.Tx) error {
		for _, name := range startBuckets {
			if err := walk(tx.Bucket(name)); err != nil {
				return err
			}
		}
		return nil
	})
}

// walk visits every key of b and of the buckets nested in it.
func walk(b *bolt.Bucket) error {
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			return walk(b.Bucket(k))
		}
		return nil
	})
}
