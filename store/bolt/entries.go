package bolt

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	bolt "go.etcd.io/bbolt"
)

// bucketEntries holds the minutes: meeting ID -> sequence -> entry. They
// live apart from the meeting record, which every command rewrites, so
// that a command costs the same whatever the length of the minutes.
var bucketEntries = []byte("entries")

// entryRecord is a minutes entry as stored.
type entryRecord struct {
	Kind         string              `json:"kind"`
	Text         string              `json:"text"`
	Assignee     string              `json:"assignee,omitempty"`
	Due          string              `json:"due,omitempty"`
	ItemID       int                 `json:"item_id,omitempty"`
	By           string              `json:"by"`
	At           string              `json:"at"`
	Removed      bool                `json:"removed,omitempty"`
	Edited       string              `json:"edited,omitempty"`
	Tally        *tallyRecord        `json:"tally,omitempty"`
	Reservations []reservationRecord `json:"reservations,omitempty"`
}

// tallyRecord is the count of a votering behind a decision, as stored.
type tallyRecord struct {
	For       int `json:"for"`
	Against   int `json:"against"`
	Abstained int `json:"abstained,omitempty"`
}

// reservationRecord is a reservation against a decision, as stored.
type reservationRecord struct {
	Who    string `json:"who"`
	Reason string `json:"reason,omitempty"`
	At     string `json:"at"`
}

const timeLayout = time.RFC3339Nano

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

func toEntryRecord(e facilitation.Entry) entryRecord {
	r := entryRecord{Kind: string(e.Kind), Text: e.Text, Assignee: e.Assignee, ItemID: e.ItemID, By: e.By, At: e.At.Format(timeLayout), Removed: e.Removed}
	if !e.Due.IsZero() {
		r.Due = e.Due.Format(timeLayout)
	}
	if !e.Edited.IsZero() {
		r.Edited = e.Edited.Format(timeLayout)
	}
	if t := e.Tally; t != nil {
		r.Tally = &tallyRecord{For: t.For, Against: t.Against, Abstained: t.Abstained}
	}
	for _, res := range e.Reservations {
		r.Reservations = append(r.Reservations, reservationRecord{Who: res.Who, Reason: res.Reason, At: res.At.Format(timeLayout)})
	}
	return r
}

func (r entryRecord) entry() (facilitation.Entry, error) {
	e := facilitation.Entry{Kind: facilitation.EntryKind(r.Kind), Text: r.Text, Assignee: r.Assignee, ItemID: r.ItemID, By: r.By, Removed: r.Removed}
	var err error
	if e.At, err = parseTime(r.At); err != nil {
		return e, err
	}
	if r.Due != "" {
		if e.Due, err = parseTime(r.Due); err != nil {
			return e, err
		}
	}
	if r.Edited != "" {
		if e.Edited, err = parseTime(r.Edited); err != nil {
			return e, err
		}
	}
	if t := r.Tally; t != nil {
		e.Tally = &facilitation.Tally{For: t.For, Against: t.Against, Abstained: t.Abstained}
	}
	for _, res := range r.Reservations {
		at, err := parseTime(res.At)
		if err != nil {
			return e, err
		}
		e.Reservations = append(e.Reservations, facilitation.Reservation{Who: res.Who, Reason: res.Reason, At: at})
	}
	return e, nil
}

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
	return putJSON(b, slices.Clone(k), toEntryRecord(e))
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
