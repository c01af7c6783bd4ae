package bot

import "github.com/klubba/klubba/store"

// Schedule is a meeting planned ahead, and AgendaProposal an item someone
// proposed for it: the store's records.
type (
	Schedule       = store.Schedule
	AgendaProposal = store.AgendaProposal
)
