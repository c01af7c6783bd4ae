package typed

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

// SeePerson records that a person took part in a meeting, and their
// display name; a new name replaces an old one.
func (t *Tx) SeePerson(meetingID string, p store.Person) error {
	k := store.K(tPeople, meetingID, p.ID)
	rec := record.Person{Name: p.Name}
	old, err := t.t.Get(k)
	switch {
	case err == nil:
		var prev record.Person
		if err := record.Unmarshal(old, &prev); err != nil {
			return fmt.Errorf("decode participant %s: %w", p.ID, err)
		}
		if prev.Name == p.Name {
			return nil
		}
		rec.Seq = prev.Seq
	case errors.Is(err, store.ErrNotFound):
		if st, ok := t.t.(store.Stamper); ok {
			// No counter that every first-time voter of a storm writes.
			rec.Seq = st.Stamp()
		} else if rec.Seq, err = t.t.NextSeq(store.K(tPeople, meetingID)); err != nil {
			return err
		}
	default:
		return err
	}
	return t.putRecord(k, rec)
}

// Person returns a participant of a meeting, or store.ErrNotFound.
func (t *Tx) Person(meetingID, id string) (store.Person, error) {
	var rec record.Person
	if err := t.getRecord(store.K(tPeople, meetingID, id), &rec); err != nil {
		return store.Person{}, err
	}
	return store.Person{ID: id, Name: rec.Name}, nil
}

// People returns a meeting's participants in the order they were first seen.
func (t *Tx) People(meetingID string) ([]store.Person, error) {
	type seen struct {
		seq uint64
		p   store.Person
	}
	var all []seen
	err := t.t.Scan(store.K(tPeople, meetingID), func(k store.Key, v []byte) error {
		var rec record.Person
		if err := record.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode participant %s: %w", k[0], err)
		}
		all = append(all, seen{rec.Seq, store.Person{ID: k[0], Name: rec.Name}})
		return nil
	})
	slices.SortFunc(all, func(a, b seen) int { return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.p.ID, b.p.ID)) })
	people := make([]store.Person, len(all))
	for i, s := range all {
		people[i] = s.p
	}
	return people, err
}

// SetRegistered adds a person to a meeting's voting register, or removes
// them, and reports whether that changed anything.
func (t *Tx) SetRegistered(meetingID string, p store.Person, on bool) (bool, error) {
	k := store.K(tRegister, meetingID, p.ID)
	was, err := t.has(k)
	switch {
	case err != nil:
	case on == was:
		return false, nil
	case on:
		err = t.t.Put(k, []byte(p.Name))
	default:
		err = t.t.Delete(k)
	}
	if err != nil {
		return false, fmt.Errorf("register of %s: %w", meetingID, err)
	}
	return true, nil
}

// Registered reports whether id is on a meeting's voting register.
func (t *Tx) Registered(meetingID, id string) (bool, error) {
	return t.has(store.K(tRegister, meetingID, id))
}

// RegisterMembers returns the people on a meeting's voting register, in
// ID order.
func (t *Tx) RegisterMembers(meetingID string) ([]store.Person, error) {
	return t.names(store.K(tRegister, meetingID))
}

// names returns the people under prefix, each a key of their ID with
// their name for value, in ID order: the order of Scan.
func (t *Tx) names(prefix store.Key) ([]store.Person, error) {
	var out []store.Person
	err := t.t.Scan(prefix, func(k store.Key, v []byte) error {
		out = append(out, store.Person{ID: k[0], Name: string(v)})
		return nil
	})
	return out, err
}

// AddEntry appends an entry to a meeting's minutes, which are stored
// apart from the meeting record, so that a command costs the same
// whatever the length of the minutes.
func (t *Tx) AddEntry(meetingID string, e facilitation.Entry) error {
	seq, err := t.t.NextSeq(store.K(tEntries, meetingID))
	if err != nil {
		return err
	}
	return t.putRecord(store.K(tEntries, meetingID, u64(seq)), record.FromEntry(e))
}

// entries calls fn with the key and value of each of a meeting's
// entries, in the order added.
func (t *Tx) entries(meetingID string, fn func(k string, v []byte) error) error {
	return t.t.Scan(store.K(tEntries, meetingID), func(k store.Key, v []byte) error { return fn(k[0], v) })
}

// Entries returns a meeting's minutes entries in the order added.
func (t *Tx) Entries(meetingID string) ([]facilitation.Entry, error) {
	var out []facilitation.Entry
	err := t.entries(meetingID, func(_ string, v []byte) error {
		e, err := record.DecodeEntry(v)
		if err != nil {
			return fmt.Errorf("decode minutes entry of %s: %w", meetingID, err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// PutEntry replaces the entry at index i (from 0, in the order added)
// of a meeting's minutes: an edit, a removal or a reservation.
func (t *Tx) PutEntry(meetingID string, i int, e facilitation.Entry) error {
	var key string
	n := 0
	err := t.entries(meetingID, func(k string, _ []byte) error {
		if n == i {
			key = k
			return store.ErrStopScan
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	if key == "" || i < 0 {
		return fmt.Errorf("minutes entry %d of %s: %w", i, meetingID, store.ErrNotFound)
	}
	return t.putRecord(store.K(tEntries, meetingID, key), record.FromEntry(e))
}

// PutMembers replaces a meeting's member list, the people its voting
// register is held to (register import), with ps.
func (t *Tx) PutMembers(meetingID string, ps []store.Person) error {
	if err := t.deleteAll(store.K(tMembers, meetingID)); err != nil {
		return fmt.Errorf("member list of %s: %w", meetingID, err)
	}
	for _, p := range ps {
		if err := t.t.Put(store.K(tMembers, meetingID, p.ID), []byte(p.Name)); err != nil {
			return fmt.Errorf("member list of %s: %w", meetingID, err)
		}
	}
	return nil
}

// IsMember reports whether id is on a meeting's member list.
func (t *Tx) IsMember(meetingID, id string) (bool, error) {
	return t.has(store.K(tMembers, meetingID, id))
}

// Members returns a meeting's member list, in ID order.
func (t *Tx) Members(meetingID string) ([]store.Person, error) {
	return t.names(store.K(tMembers, meetingID))
}
