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
	Kind     EntryKind `json:"kind"`
	Text     string    `json:"text"`
	Assignee string    `json:"assignee,omitempty"`
	// Due is the action's due date, if any.
	Due    time.Time `json:"due,omitzero"`
	ItemID int       `json:"item_id,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	// Removed entries keep their number but are left out of the minutes.
	Removed bool      `json:"removed,omitempty"`
	Edited  time.Time `json:"edited,omitzero"`
	// Tally holds the counts of a decision taken by a counted vote.
	Tally        *Tally        `json:"tally,omitempty"`
	Reservations []Reservation `json:"reservations,omitempty"`
}

// Tally is the count of a votering behind a decision.
type Tally struct {
	For       int `json:"for"`
	Against   int `json:"against"`
	Abstained int `json:"abstained,omitempty"`
}

// Reservation is a member's recorded dissent from a decision.
type Reservation struct {
	Who    string    `json:"who"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}
