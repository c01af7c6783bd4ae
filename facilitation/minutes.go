package facilitation

import "time"

// EntryKind is the kind of a minutes entry.
type EntryKind string

// Minutes entry kinds.
const (
	Decision EntryKind = "decision"
	Action   EntryKind = "action"
	Note     EntryKind = "note"
)

// Entry is one line of the minutes, attached to an agenda item.
type Entry struct {
	Kind     EntryKind
	Text     string
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
