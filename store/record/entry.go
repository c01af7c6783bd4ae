// Package record holds the stored forms of domain records that more than
// one store writes: the same bytes in bbolt and in etcd, and a domain
// field renamed does not change them silently.
package record

import (
	"time"

	"github.com/klubba/klubba/facilitation"
)

// Entry is a minutes entry as stored.
type Entry struct {
	Kind         string            `json:"kind"`
	Text         string            `json:"text"`
	Texts        map[string]string `json:"texts,omitempty"`
	Assignee     string            `json:"assignee,omitempty"`
	Due          string            `json:"due,omitempty"`
	ItemID       int               `json:"item_id,omitempty"`
	By           string            `json:"by"`
	At           string            `json:"at"`
	Removed      bool              `json:"removed,omitempty"`
	Edited       string            `json:"edited,omitempty"`
	Tally        *Tally            `json:"tally,omitempty"`
	Reservations []Reservation     `json:"reservations,omitempty"`
	Recused      []string          `json:"recused,omitempty"`
	Majority     string            `json:"majority,omitempty"`
	Poll         int64             `json:"poll,omitempty"`
	Voting       *Voting           `json:"voting,omitempty"`
}

// Tally is the count of a votering behind a decision, as stored.
type Tally struct {
	For       int `json:"for"`
	Against   int `json:"against"`
	Abstained int `json:"abstained,omitempty"`
}

// Reservation is a reservation against a decision, as stored.
type Reservation struct {
	Who    string `json:"who"`
	Reason string `json:"reason,omitempty"`
	At     string `json:"at"`
}

// timeLayout is how times are stored.
const timeLayout = time.RFC3339Nano

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// FromEntry is the stored form of e.
func FromEntry(e facilitation.Entry) Entry {
	r := Entry{Kind: string(e.Kind), Text: e.Text, Texts: e.Texts, Assignee: e.Assignee, ItemID: e.ItemID, By: e.By, At: e.At.Format(timeLayout), Removed: e.Removed,
		Recused: e.Recused, Majority: string(e.Majority), Poll: e.Poll}
	if !e.Due.IsZero() {
		r.Due = e.Due.Format(timeLayout)
	}
	if !e.Edited.IsZero() {
		r.Edited = e.Edited.Format(timeLayout)
	}
	if t := e.Tally; t != nil {
		r.Tally = &Tally{For: t.For, Against: t.Against, Abstained: t.Abstained}
	}
	for _, res := range e.Reservations {
		r.Reservations = append(r.Reservations, Reservation{Who: res.Who, Reason: res.Reason, At: res.At.Format(timeLayout)})
	}
	r.Voting = fromVoting(e.Voting)
	return r
}

// DecodeEntry reads a stored minutes entry.
func DecodeEntry(data []byte) (facilitation.Entry, error) {
	var r Entry
	if err := Unmarshal(data, &r); err != nil {
		return facilitation.Entry{}, err
	}
	return r.Entry()
}

// Entry is the domain entry r stores.
func (r Entry) Entry() (facilitation.Entry, error) {
	e := facilitation.Entry{Kind: facilitation.EntryKind(r.Kind), Text: r.Text, Texts: r.Texts, Assignee: r.Assignee, ItemID: r.ItemID, By: r.By, Removed: r.Removed,
		Recused: r.Recused, Majority: facilitation.Majority(r.Majority), Poll: r.Poll}
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
	var p parser
	e.Voting = p.voting(r.Voting)
	return e, p.err
}
