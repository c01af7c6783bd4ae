package bolt

import (
	"context"
	"slices"

	"github.com/klubba/klubba/bot"
	bolt "go.etcd.io/bbolt"
)

// bucketInstallations holds platform installations (a Slack workspace's
// bot token, sealed by the adapter): key -> record. It is created when
// first written, so it needs no migration.
var bucketInstallations = []byte("installations")

// PutInstallation stores an installation's record under key.
func (s *Store) PutInstallation(ctx context.Context, key string, sealed []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketInstallations)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), sealed)
	})
}

// InstallationRecord returns the record under key, or bot.ErrNotFound.
func (s *Store) InstallationRecord(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInstallations)
		if b == nil || b.Get([]byte(key)) == nil {
			return bot.ErrNotFound
		}
		out = slices.Clone(b.Get([]byte(key)))
		return nil
	})
	return out, err
}

// DeleteInstallation forgets the record under key.
func (s *Store) DeleteInstallation(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketInstallations); b != nil {
			return b.Delete([]byte(key))
		}
		return nil
	})
}
