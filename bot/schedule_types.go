package bot

import "time"

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
