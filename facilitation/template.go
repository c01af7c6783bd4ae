package facilitation

import "time"

// Template describes a kind of meeting: its agenda, rules and policies.
// Organisers write templates in the YAML configuration.
type Template struct {
	Name   string         `yaml:"name"`
	Title  string         `yaml:"title"`
	Locale string         `yaml:"locale"`
	Agenda []TemplateItem `yaml:"agenda"`
	Rules  []string       `yaml:"rules"`
	Queue  QueueRules     `yaml:"queue"`
	// Reminders sets when the ground rules are recalled.
	Reminders Reminders `yaml:"reminders"`
	Polls     PollRules `yaml:"polls"`
	// Protocol asks for formal minutes (the Swedish protokoll form). Only
	// the chair and the secretary write the minutes of such a meeting.
	Protocol bool `yaml:"protocol"`
	// Groups are the self-declared groups people may join with `group NAME`,
	// for the fairness report and the alternate queue policy.
	Groups []string `yaml:"groups"`
	// Entries sets who may write the minutes of other meetings.
	Entries EntryRules `yaml:"minutes"`
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
	Writers string `yaml:"writers"`
}

// Planned is the sum of the template's timeboxes.
func (t Template) Planned() time.Duration {
	var d time.Duration
	for _, it := range t.Agenda {
		d += it.Timebox
	}
	return d
}

// TemplateItem is an agenda item of a template.
type TemplateItem struct {
	Title   string        `yaml:"title"`
	Timebox time.Duration `yaml:"timebox"`
	Owner   string        `yaml:"owner"`
	Notes   string        `yaml:"notes"`
	// RemindRules recalls the ground rules when the item starts.
	RemindRules bool `yaml:"remind_rules"`
}

// Reminders configures the ground-rule reminders and nudges of a meeting.
type Reminders struct {
	// AtStart posts the ground rules when the meeting starts (default true).
	AtStart *bool `yaml:"at_start" json:"at_start,omitempty"`
	// Every recalls the rules on a timer; 0 means never.
	Every time.Duration `yaml:"every" json:"every,omitempty"`
	// Warning is how long before a timebox ends the bot warns (default 2m).
	Warning time.Duration `yaml:"warning" json:"warning,omitempty"`
	// Nudges switch the triggered reminders on or off (all on by default).
	Nudges Nudges `yaml:"nudges" json:"nudges"`
}

// Nudges switches the triggered reminders.
type Nudges struct {
	LongTurn  *bool `yaml:"long_turn" json:"long_turn,omitempty"`
	NotSpoken *bool `yaml:"not_spoken" json:"not_spoken,omitempty"`
	Overrun   *bool `yaml:"overrun" json:"overrun,omitempty"`
}

// On reports the value of an optional switch that defaults to on.
func On(b *bool) bool { return b == nil || *b }

// PollRules are a template's poll defaults.
type PollRules struct {
	// ChairOnly lets only the chair create polls.
	ChairOnly bool `yaml:"chair_only" json:"chair_only,omitempty"`
	// Visibility is the default visibility of new polls.
	Visibility Visibility `yaml:"visibility" json:"visibility,omitempty"`
	// Register makes new polls take votes only from the voting register.
	Register bool `yaml:"register" json:"register,omitempty"`
	// Tie breaks ties in matters: the chair's casting vote or lots.
	Tie TieRule `yaml:"tie" json:"tie,omitempty"`
}
