package facilitation

import "time"

// Template describes a kind of meeting: its agenda, rules and policies.
// Organisers write templates in the YAML configuration (config.Template
// is their form there).
type Template struct {
	Name   string
	Title  string
	Locale string
	Agenda []TemplateItem
	Rules  []string
	Queue  QueueRules
	// Reminders sets when the ground rules are recalled.
	Reminders Reminders
	Polls     PollRules
	// Protocol asks for formal minutes (the Swedish protokoll form). Only
	// the chair and the secretary write the minutes of such a meeting.
	Protocol bool
	// Groups are the self-declared groups people may join with `group NAME`,
	// for the fairness report and the alternate queue policy.
	Groups []string
	// Entries sets who may write the minutes of other meetings.
	Entries EntryRules
	// TimeZone is the IANA zone of scheduled meetings ("Europe/Stockholm");
	// empty means the workspace's.
	TimeZone string
	// RemindersBefore are how long before a scheduled meeting people are
	// reminded of it.
	RemindersBefore []time.Duration
	// Proxies is how many members' votes one holder may cast (default 1).
	Proxies int
	// Members is the member list the register is checked against, if any.
	Members []Member
	// Association names the association whose meeting it is, for the
	// protokoll's head.
	Association string
}

// MaxTemplateName is the longest template name, in characters: a name is
// typed in commands and shown in the platforms' pickers, which cut long
// labels (Slack at 75 characters).
const MaxTemplateName = 40

// Member is one person on a member list: an ID (a chat user ID or an
// e-mail address), a name, and whose vote they hold a proxy for, if anyone's.
type Member struct {
	ID       string
	Name     string
	ProxyFor string
}

// Who may write minutes entries.
const (
	// WritersAnyone lets every participant record decisions, notes and
	// actions (the default outside protocol meetings).
	WritersAnyone = "anyone"
	// WritersOfficers lets only the chair and the secretary.
	WritersOfficers = "officers"
)

// EntryRules are a template's rules for the minutes.
type EntryRules struct {
	// Writers is WritersAnyone or WritersOfficers.
	Writers string
}

// Planned is the sum of the template's timeboxes.
func (t Template) Planned() time.Duration {
	var d time.Duration
	for _, it := range t.Agenda {
		d += it.Timebox
		for _, sub := range it.Items {
			d += sub.Timebox
		}
	}
	return d
}

// TemplateItem is an agenda item of a template.
type TemplateItem struct {
	Title   string
	Timebox time.Duration
	Owner   string
	Notes   string
	// RemindRules recalls the ground rules when the item starts.
	RemindRules bool
	// Majority is what a matter on the item needs (stadgeändring: 2/3).
	Majority Majority
	// Items are the item's sub-items (the motions under "Motioner"),
	// numbered 9 a, 9 b …; one level deep.
	Items []TemplateItem
}

// Reminders configures the ground-rule reminders and nudges of a meeting.
type Reminders struct {
	// AtStart posts the ground rules when the meeting starts (default true).
	AtStart *bool
	// Every recalls the rules on a timer; 0 means never.
	Every time.Duration
	// Warning is how long before a timebox ends the bot warns (default 2m).
	Warning time.Duration
	// Nudges switch the triggered reminders on or off (all on by default).
	Nudges Nudges
}

// Nudges switches the triggered reminders.
type Nudges struct {
	LongTurn  *bool
	NotSpoken *bool
	Overrun   *bool
}

// On reports the value of an optional switch that defaults to on.
func On(b *bool) bool { return b == nil || *b }

// PollRules are a template's poll defaults.
type PollRules struct {
	// ChairOnly lets only the chair create polls.
	ChairOnly bool
	// Visibility is the default visibility of new polls.
	Visibility Visibility
	// Register makes new polls take votes only from the voting register.
	Register bool
	// Tie breaks ties in matters: the chair's casting vote or lots.
	Tie TieRule
}
