package bolt

import (
	"encoding/json"
	"fmt"

	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
)

// bucketEntries holds the minutes: meeting ID -> sequence -> entry (see
// store/typed).
var bucketEntries = []byte("entries")

func addEntry(b *bolt.Bucket, r record.Entry) error {
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, u64(seq), r)
}

// migrateEntries moves the minutes out of every meeting record into the
// entries bucket, leaving their count in the record (schema 4 -> 5).
func migrateEntries(tx *bolt.Tx) error {
	entries, err := tx.CreateBucketIfNotExists(bucketEntries)
	if err != nil {
		return err
	}
	meetings := tx.Bucket(bucketMeetings)
	type rewrite struct{ id, data []byte }
	var rewrites []rewrite
	err = meetings.ForEach(func(id, data []byte) error {
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(data, &rec); err != nil {
			return fmt.Errorf("decode meeting %s: %w", id, err)
		}
		raw, ok := rec["minutes"]
		if !ok {
			return nil
		}
		var old []record.Entry
		if err := json.Unmarshal(raw, &old); err != nil {
			return fmt.Errorf("decode minutes of meeting %s: %w", id, err)
		}
		b, err := entries.CreateBucketIfNotExists(id)
		if err != nil {
			return err
		}
		for _, r := range old {
			e, err := r.Entry()
			if err != nil {
				return fmt.Errorf("decode minutes of meeting %s: %w", id, err)
			}
			if err := addEntry(b, record.FromEntry(e)); err != nil {
				return err
			}
		}
		delete(rec, "minutes")
		if len(old) > 0 {
			rec["entry_count"], _ = json.Marshal(len(old))
		}
		out, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		rewrites = append(rewrites, rewrite{append([]byte(nil), id...), out})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rewrites {
		if err := meetings.Put(r.id, r.data); err != nil {
			return err
		}
	}
	return nil
}
