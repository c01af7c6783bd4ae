package facilitation

import (
	"iter"
	"time"
)

// EntryKind is the kind of a minutes entry.
type EntryKind string

// Minutes entry kinds.
const (
	Decision EntryKind = "decision"
	Action   EntryKind = "action"
	Note     EntryKind = "note"
)

// Minutes are a meeting's minutes entries, in the order they were made:
// an aggregate of their own, stored apart from the meeting (so that a
// command's cost does not grow with them) and loaded only by the work
// that reads or writes them. The meeting's rules for them (Record,
// EditEntry, Reserve) take them as an argument.
type Minutes struct {
	Entries []Entry
}

// entry returns the n-th entry (1-based) of a kind (see Numbered).
func (mm *Minutes) entry(kind EntryKind, n int) (*Entry, error) {
	for k, e := range mm.Numbered(kind) {
		if k == n {
			return e, nil
		}
	}
	return nil, errorf(ErrNoSuchEntry, "N", n, "Kind", string(kind))
}

// Numbered yields the entries of a kind that stand, each with its number
// as people use it with edit and remove: removed ones are counted, so
// that numbers stay the same when an entry is removed.
func (mm *Minutes) Numbered(kind EntryKind) iter.Seq2[int, *Entry] {
	return func(yield func(int, *Entry) bool) {
		k := 0
		for i := range mm.Entries {
			if mm.Entries[i].Kind != kind {
				continue
			}
			if k++; !mm.Entries[i].Removed && !yield(k, &mm.Entries[i]) {
				return
			}
		}
	}
}

// Number is the number of the last entry of a kind, as people use it
// with edit and remove.
func (mm *Minutes) Number(kind EntryKind) int {
	n := 0
	for _, e := range mm.Entries {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// Entry is one line of the minutes, attached to an agenda item.
type Entry struct {
	Kind EntryKind
	Text string
	// Texts is Klubba's own wording of an entry it wrote (an adjournment,
	// the register set), by language, so that the protokoll reads in one
	// language whichever it is written in; Text is the meeting's. An
	// entry someone wrote or edited has none.
	Texts    map[string]string
	Assignee string
	// Due is the action's due date, if any.
	Due    time.Time
	ItemID int
	By     string
	At     time.Time
	// Removed entries keep their number but are left out of the minutes.
	Removed bool
	Edited  time.Time
	// Tally holds the counts of a decision taken by a counted vote.
	Tally        *Tally
	Reservations []Reservation
	// Recused took no part in the decision (jäv), and Majority is what it
	// needed, when more than a simple majority.
	Recused  []string
	Majority Majority
	// Poll is the votering behind a decision, if it was counted.
	Poll int64
	// Voting is the propositionsordning that led to a decision, as it was
	// gone through: the protokoll narrates its questions and figures.
	Voting *Voting
}

// TextIn is the entry's text in lang: Klubba's own wording in that
// language, if it has one, and else Text.
func (e Entry) TextIn(lang string) string {
	if t, ok := e.Texts[lang]; ok {
		return t
	}
	return e.Text
}

// Tally is the count of a votering behind a decision.
type Tally struct {
	For       int
	Against   int
	Abstained int
}

// Reservation is a member's recorded dissent from a decision.
type Reservation struct {
	Who    string
	Reason string
	At     time.Time
}
