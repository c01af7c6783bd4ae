package bolt

import (
	bolt "go.etcd.io/bbolt"
)

// bucketBoards holds the live boards' tokens (see store/typed).
var bucketBoards = []byte("boards")

// createBoards creates the boards bucket; Open calls it, so that it needs
// no migration of its own (an older file simply has no boards yet).
func createBoards(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketBoards)
		return err
	})
}
