package store

import "time"

// Stored templates and schedules (the bot's `template` and `schedule`
// commands): facilitators keep templates in the store as YAML, each change
// a version, and meetings are planned ahead.

// TemplateVersion is one version of a stored template.
type TemplateVersion struct {
	// Scope is a workspace ("slack:T1", "teams", "console") or a channel
	// ("slack:T1/C1").
	Scope string
	// Name is the template's name as last written.
	Name    string
	Version int
	// YAML is the template, as a template of the configuration is written.
	YAML string
	// Owners may change the template, besides the facilitators.
	Owners []Person
	// By made the change, At.
	By     Person
	At     time.Time
	Change TemplateChange
	// From is the version a revert restored.
	From int
	// Deleted marks a deletion: the template is gone until reverted.
	Deleted bool
}

// TemplateChange says what made a version.
type TemplateChange string

// Changes.
const (
	ChangeSave   TemplateChange = "save"
	ChangeImport TemplateChange = "import"
	ChangeEdit   TemplateChange = "edit"
	ChangeCopy   TemplateChange = "copy"
	ChangeRevert TemplateChange = "revert"
	ChangeDelete TemplateChange = "delete"
	ChangeOwners TemplateChange = "owners"
)

// Schedule is a meeting planned ahead (`schedule`): its kallelse went
// out when it was made, reminders go before it, and at Next it starts
// itself from its template, with its chair in the chair.
type Schedule struct {
	ID       uint64
	Channel  string
	Template string
	Title    string
	// Zone is the IANA time zone of Date and Clock.
	Zone string
	// Date ("2027-03-14") and Clock ("18:00") are the first occurrence,
	// as written, in Zone: a recurring meeting keeps its wall-clock time
	// across a change to or from daylight saving time.
	Date  string
	Clock string
	// Every is "", "week", "weekday" or "month".
	Every string
	// Next is the next occurrence.
	Next time.Time
	// Leads are how long before each occurrence a reminder goes.
	Leads []time.Duration
	// Chair scheduled it and chairs the meeting.
	Chair   Person
	Created time.Time
	// Proposals are agenda items proposed before the meeting
	// (`agenda propose`); the accepted ones join the agenda when it starts.
	Proposals []AgendaProposal
}

// AgendaProposal is an item someone proposed for a scheduled meeting.
type AgendaProposal struct {
	N        int
	By       Person
	Text     string
	Accepted bool
}
