package etcd

import (
	"time"

	"github.com/klubba/klubba/facilitation"
)

// The records below are the minutes entries as stored, apart from the
// domain type, in the same JSON shape as store/bolt's.

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
