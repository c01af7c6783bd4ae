package bolt

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/klubba/klubba/facilitation"
	bolt "go.etcd.io/bbolt"
)

// bucketEntries holds the minutes: meeting ID -> sequence -> entry. They
// live apart from the meeting record, which every command rewrites, so
// that a command costs the same whatever the length of the minutes.
var bucketEntries = []byte("entries")

// entryRecord is a minutes entry as stored.
type entryRecord struct {
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	Assignee string `json:"assignee,omitempty"`
	Due      string `json:"due,omitempty"`
	ItemID   int    `json:"item_id,omitempty"`
	By       string `json:"by"`
	At       string `json:"at"`
}

const timeLayout = time.RFC3339Nano

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

func toEntryRecord(e facilitation.Entry) entryRecord {
	r := entryRecord{Kind: string(e.Kind), Text: e.Text, Assignee: e.Assignee, ItemID: e.ItemID, By: e.By, At: e.At.Format(timeLayout)}
	if !e.Due.IsZero() {
		r.Due = e.Due.Format(timeLayout)
	}
	return r
}

func (r entryRecord) entry() (facilitation.Entry, error) {
	e := facilitation.Entry{Kind: facilitation.EntryKind(r.Kind), Text: r.Text, Assignee: r.Assignee, ItemID: r.ItemID, By: r.By}
	var err error
	if e.At, err = parseTime(r.At); err != nil {
		return e, err
	}
	if r.Due != "" {
		e.Due, err = parseTime(r.Due)
	}
	return e, err
}

// AddEntry appends an entry to a meeting's minutes.
func (t *Tx) AddEntry(meetingID string, e facilitation.Entry) error {
	b, err := t.tx.Bucket(bucketEntries).CreateBucketIfNotExists([]byte(meetingID))
	if err != nil {
		return err
	}
	return addEntry(b, toEntryRecord(e))
}

func addEntry(b *bolt.Bucket, r entryRecord) error {
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
		var r entryRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode minutes entry of %s: %w", meetingID, err)
		}
		e, err := r.entry()
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
		var old []facilitation.Entry
		if err := json.Unmarshal(raw, &old); err != nil {
			return fmt.Errorf("decode minutes of meeting %s: %w", id, err)
		}
		b, err := entries.CreateBucketIfNotExists(id)
		if err != nil {
			return err
		}
		for _, e := range old {
			if err := addEntry(b, toEntryRecord(e)); err != nil {
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
