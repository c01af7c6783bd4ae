package record

import (
	"time"

	"github.com/klubba/klubba/store"
)

// Who is a person named in a template's history or a schedule.
type Who struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TemplateVersion is a version of a stored template, as stored.
type TemplateVersion struct {
	Scope   string `json:"scope"`
	Name    string `json:"name"`
	Version int    `json:"version"`
	YAML    string `json:"yaml"`
	Owners  []Who  `json:"owners,omitempty"`
	By      Who    `json:"by"`
	At      string `json:"at"`
	Change  string `json:"change"`
	From    int    `json:"from,omitempty"`
	Deleted bool   `json:"deleted,omitempty"`
}

// FromTemplateVersion is the stored form of v.
func FromTemplateVersion(v *store.TemplateVersion) TemplateVersion {
	r := TemplateVersion{Scope: v.Scope, Name: v.Name, Version: v.Version, YAML: v.YAML, By: Who(v.By),
		At: formatTime(v.At), Change: string(v.Change), From: v.From, Deleted: v.Deleted}
	for _, p := range v.Owners {
		r.Owners = append(r.Owners, Who(p))
	}
	return r
}

// ToTemplateVersion is the version r stores.
func (r TemplateVersion) ToTemplateVersion() (store.TemplateVersion, error) {
	var p parser
	v := store.TemplateVersion{Scope: r.Scope, Name: r.Name, Version: r.Version, YAML: r.YAML, By: store.Person(r.By),
		At: p.time(r.At), Change: store.TemplateChange(r.Change), From: r.From, Deleted: r.Deleted}
	for _, o := range r.Owners {
		v.Owners = append(v.Owners, store.Person(o))
	}
	return v, p.err
}

// Schedule is a scheduled meeting, as stored.
type Schedule struct {
	ID        uint64           `json:"id"`
	Channel   string           `json:"channel"`
	Template  string           `json:"template,omitempty"`
	Title     string           `json:"title"`
	Zone      string           `json:"zone"`
	Date      string           `json:"date"`
	Clock     string           `json:"clock"`
	Every     string           `json:"every,omitempty"`
	Next      string           `json:"next"`
	Leads     []int64          `json:"leads_ns,omitempty"`
	Chair     Who              `json:"chair"`
	Created   string           `json:"created"`
	Proposals []AgendaProposal `json:"proposals,omitempty"`
}

// AgendaProposal is an item proposed for a scheduled meeting, as stored.
type AgendaProposal struct {
	N        int    `json:"n"`
	By       Who    `json:"by"`
	Text     string `json:"text"`
	Accepted bool   `json:"accepted,omitempty"`
}

// FromSchedule is the stored form of s.
func FromSchedule(s *store.Schedule) Schedule {
	r := Schedule{ID: s.ID, Channel: s.Channel, Template: s.Template, Title: s.Title, Zone: s.Zone, Date: s.Date, Clock: s.Clock,
		Every: s.Every, Next: formatTime(s.Next), Chair: Who(s.Chair), Created: formatTime(s.Created)}
	for _, d := range s.Leads {
		r.Leads = append(r.Leads, int64(d))
	}
	for _, p := range s.Proposals {
		r.Proposals = append(r.Proposals, AgendaProposal{N: p.N, By: Who(p.By), Text: p.Text, Accepted: p.Accepted})
	}
	return r
}

// ToSchedule is the schedule r stores.
func (r Schedule) ToSchedule() (store.Schedule, error) {
	var p parser
	s := store.Schedule{ID: r.ID, Channel: r.Channel, Template: r.Template, Title: r.Title, Zone: r.Zone, Date: r.Date, Clock: r.Clock,
		Every: r.Every, Next: p.time(r.Next), Chair: store.Person(r.Chair), Created: p.time(r.Created)}
	for _, d := range r.Leads {
		s.Leads = append(s.Leads, time.Duration(d))
	}
	for _, a := range r.Proposals {
		s.Proposals = append(s.Proposals, store.AgendaProposal{N: a.N, By: store.Person(a.By), Text: a.Text, Accepted: a.Accepted})
	}
	return s, p.err
}
