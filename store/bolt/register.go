package bolt

import (
	bolt "go.etcd.io/bbolt"
)

// bucketRegister holds the voting registers: meeting ID -> person ID -> name.
var bucketRegister = []byte("register")

// createRegister is the migration that adds the registers' bucket.
func createRegister(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketRegister)
	return err
}
