package bolt

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Secret ballots and freed pages (docs/security.md). bbolt does not wipe the
// pages a transaction frees: while a secret poll is open, the file holds
// old copies of the voter roll and of the ballot box, one per ballot
// cast, and comparing them in order would tie each voter to a ballot.
// So when a secret poll closes, the file is compacted into a fresh one
// that holds only the live records, and while one is open, a backup
// (which copies the pages) is refused.

// bucketSecretOpen indexes the open secret polls: poll ID -> nothing.
var bucketSecretOpen = []byte("secret_open")

// ErrSecretPollOpen refuses a backup while a secret poll is open.
var ErrSecretPollOpen = errors.New("a secret poll is open: a backup now would hold old copies of its voter roll and ballot box, " +
	"which could tie voters to ballots; back up once it has closed (the file is then compacted)")

// secretPollsOpen refuses, with ErrSecretPollOpen, while one is open.
func secretPollsOpen(tx *bolt.Tx) error {
	if k, _ := tx.Bucket(bucketSecretOpen).Cursor().First(); k != nil {
		return ErrSecretPollOpen
	}
	return nil
}

// afterWrite compacts the file after a committed write that closed a
// secret poll (or after one whose compaction failed).
func (s *Store) afterWrite(err error, closedSecret bool) {
	if err == nil && (closedSecret || s.scrubPending.Load()) {
		s.scrubPending.Store(s.scrub() != nil)
	}
}

// scrub compacts the database into a fresh file and puts it in place of
// the old one, so that no page of the file keeps a freed copy of a
// record. Every other operation waits meanwhile. The fresh file stays
// open, and so locked, from its creation on, and the old one until the
// fresh one is in its place: no second process finds the file at the
// path unlocked (openFile tells the old file's lock from the new one's).
func (s *Store) scrub() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp := s.path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	err = s.guardLocked(func() error { return bolt.Compact(dst, s.db, 0) })
	if err == nil {
		err = os.Rename(tmp, s.path)
	}
	if err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("compact: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(s.path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	old := s.db
	s.db = dst
	if err := old.Close(); err != nil {
		return fmt.Errorf("compact: close the old file: %w", err)
	}
	return nil
}
