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
}
