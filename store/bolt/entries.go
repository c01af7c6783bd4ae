package bolt

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
)

// bucketEntries holds the minutes: meeting ID -> sequence -> entry. They
// live apart from the meeting record, which every command rewrites, so
// that a command costs the same whatever the length of the minutes.
var bucketEntries = []byte("entries")

// PutEntry replaces the entry at index i (from 0, in the order added) of
// a meeting's minutes: an edit, a removal or a reservation.
func (t *Tx) PutEntry(meetingID string, i int, e facilitation.Entry) error {
	b := t.tx.Bucket(bucketEntries).Bucket([]byte(meetingID))
	if b == nil {
		return fmt.Errorf("minutes entry %d of %s: %w", i, meetingID, bot.ErrNotFound)
	}
	c := b.Cursor()
	k, _ := c.First()
	for range i {
		if k == nil {
			break
		}
		k, _ = c.Next()
	}
	if k == nil || i < 0 {
		return fmt.Errorf("minutes entry %d of %s: %w", i, meetingID, bot.ErrNotFound)
	}
	return putJSON(b, slices.Clone(k), record.FromEntry(e))
}

// AddEntry appends an entry to a meeting's minutes.
func (t *Tx) AddEntry(meetingID string, e facilitation.Entry) error {
	b, err := t.tx.Bucket(bucketEntries).CreateBucketIfNotExists([]byte(meetingID))
	if err != nil {
		return err
	}
	return addEntry(b, record.FromEntry(e))
}

func addEntry(b *bolt.Bucket, r record.Entry) error {
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, u64(seq), r)
}

// Entries returns a meeting's minutes entries in the order added.
func (t *Tx) Entries(meetingID string) ([]facilitation.Entry, error) {
	var out []facilitation.Entry
	err := each(t.tx.Bucket(bucketEntries).Bucket([]byte(meetingID)), func(k, v []byte) error {
		e, err := record.DecodeEntry(v)
		if err != nil {
			return fmt.Errorf("decode minutes entry of %s: %w", meetingID, err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
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
