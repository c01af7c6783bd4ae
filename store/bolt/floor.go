package bolt

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Floor is bbolt alone, for the fair floor of docs/benchmarks.md: a minimal HTTP
// server in the benchmark tool writes one small record per request with
// it, so that Klubba is compared with the least any server on the same
// stack could do.
type Floor struct {
	db   *bolt.DB
	path string
}

var floorBucket = []byte("floor")

// OpenFloor creates a scratch bbolt file at path for a floor.
func OpenFloor(path string) (*Floor, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("open floor file: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(floorBucket); return err })
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Floor{db: db, path: path}, nil
}

// Put durably writes one small record (64 bytes) under key, in a
// transaction of its own (Update) or shared with concurrent callers
// (Batch).
func (f *Floor) Put(key []byte, batch bool) error {
	write := f.db.Update
	if batch {
		write = f.db.Batch
	}
	return write(func(tx *bolt.Tx) error { return tx.Bucket(floorBucket).Put(key, make([]byte, 64)) })
}

// Close closes and removes the floor's file.
func (f *Floor) Close() error {
	err := f.db.Close()
	os.Remove(f.path)
	return err
}
