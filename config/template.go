package config

import (
	"strings"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// Template is a meeting template as written in the configuration; Load
// maps it to a facilitation.Template, so that a field renamed in the
// domain does not change the configuration's keys.
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
	// Protocol asks for formal minutes (the Swedish protokoll form).
	Protocol bool `yaml:"protocol"`
	// Groups are the self-declared groups people may join with `group NAME`.
	Groups []string `yaml:"groups"`
	// Minutes sets who may write the minutes.
	Minutes EntryRules `yaml:"minutes"`
	// TimeZone is the IANA zone of scheduled meetings, like Europe/Stockholm.
	TimeZone string `yaml:"time_zone"`
	// RemindersBefore are reminders before a scheduled meeting: 7d, 1d, 15m.
	RemindersBefore []string `yaml:"reminders_before"`
	// Proxies is how many members' proxies one person may hold (default 1).
	Proxies int `yaml:"proxies"`
	// Members is the member list the register is held to, as CSV (id or
	// e-mail, name, optionally proxy_for), like a members.csv pasted in.
	Members string `yaml:"members"`
	// Association names the association whose meeting it is, for the
	// protokoll's head.
	Association string `yaml:"association"`
}

// TemplateItem is an agenda item of a template.
type TemplateItem struct {
	Title   string        `yaml:"title"`
	Timebox time.Duration `yaml:"timebox"`
	Owner   string        `yaml:"owner"`
	Notes   string        `yaml:"notes"`
	// RemindRules recalls the ground rules when the item starts.
	RemindRules bool `yaml:"remind_rules"`
	// Majority is what a decision on the item needs: 2/3, 3/4 or absolute.
	Majority string `yaml:"majority"`
	// Items are the item's sub-items, numbered 9 a, 9 b … (one level).
	Items []TemplateItem `yaml:"items"`
}

// domainItems maps a template's agenda items to the domain's.
func domainItems(items []TemplateItem) []facilitation.TemplateItem {
	if items == nil {
		return nil
	}
	out := make([]facilitation.TemplateItem, len(items))
	for i, it := range items {
		out[i] = facilitation.TemplateItem{Title: it.Title, Timebox: it.Timebox, Owner: it.Owner, Notes: it.Notes, RemindRules: it.RemindRules,
			Majority: facilitation.Majority(it.Majority), Items: domainItems(it.Items)}
	}
	return out
}

// configItems maps the domain's agenda items to a template's.
func configItems(items []facilitation.TemplateItem) []TemplateItem {
	var out []TemplateItem
	for _, it := range items {
		out = append(out, TemplateItem{Title: it.Title, Timebox: it.Timebox, Owner: it.Owner, Notes: it.Notes, RemindRules: it.RemindRules,
			Majority: string(it.Majority), Items: configItems(it.Items)})
	}
	return out
}

// QueueRules are a template's speaker-queue rules.
type QueueRules struct {
	Policy     string        `yaml:"policy"`
	ReplyLimit int           `yaml:"reply_limit"`
	TurnCap    int           `yaml:"turn_cap"`
	MaxTurn    time.Duration `yaml:"max_turn"`
}

// Reminders are a template's ground-rule reminders and nudges.
type Reminders struct {
	AtStart *bool         `yaml:"at_start"`
	Every   time.Duration `yaml:"every"`
	Warning time.Duration `yaml:"warning"`
	Nudges  Nudges        `yaml:"nudges"`
}

// Nudges switch a template's triggered reminders (unset means on).
type Nudges struct {
	LongTurn  *bool `yaml:"long_turn"`
	NotSpoken *bool `yaml:"not_spoken"`
	Overrun   *bool `yaml:"overrun"`
}

// PollRules are a template's poll defaults.
type PollRules struct {
	ChairOnly  bool   `yaml:"chair_only"`
	Visibility string `yaml:"visibility"`
	Register   bool   `yaml:"register"`
	Tie        string `yaml:"tie"`
}

// EntryRules are a template's rules for the minutes.
type EntryRules struct {
	// Writers is anyone or officers.
	Writers string `yaml:"writers"`
}

// Domain is the facilitation.Template t describes.
func (t Template) Domain() facilitation.Template {
	d := facilitation.Template{
		Name: t.Name, Title: t.Title, Locale: t.Locale, Rules: t.Rules,
		Queue: facilitation.QueueRules{Policy: facilitation.Policy(t.Queue.Policy), ReplyLimit: t.Queue.ReplyLimit,
			TurnCap: t.Queue.TurnCap, MaxTurn: t.Queue.MaxTurn},
		Reminders: facilitation.Reminders{AtStart: t.Reminders.AtStart, Every: t.Reminders.Every, Warning: t.Reminders.Warning,
			Nudges: facilitation.Nudges{LongTurn: t.Reminders.Nudges.LongTurn, NotSpoken: t.Reminders.Nudges.NotSpoken,
				Overrun: t.Reminders.Nudges.Overrun}},
		Polls: facilitation.PollRules{ChairOnly: t.Polls.ChairOnly, Visibility: facilitation.Visibility(t.Polls.Visibility),
			Register: t.Polls.Register, Tie: facilitation.TieRule(t.Polls.Tie)},
		Protocol: t.Protocol, Groups: t.Groups,
		Entries: facilitation.EntryRules{Writers: t.Minutes.Writers}, Proxies: t.Proxies,
		Association: t.Association,
		TimeZone:    t.TimeZone,
	}
	for _, r := range t.RemindersBefore {
		if lead, err := ParseLead(r); err == nil { // textProblems reports the others
			d.RemindersBefore = append(d.RemindersBefore, lead)
		}
	}
	if t.Members != "" {
		d.Members, _ = facilitation.ParseMembers(strings.NewReader(t.Members)) // textProblems reports a bad list
	}
	d.Agenda = domainItems(t.Agenda)
	return d
}
