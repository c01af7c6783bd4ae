package facilitation

import (
	"slices"
	"strings"
)

// AsTemplate describes the meeting as a template named name, so that
// the next meeting like it starts from its agenda (with the planned
// timeboxes and each item's majority), rules, queue rules, reminders,
// poll defaults, groups, proxy rule and the association its protokoll
// names.
// Extra time given to an item is not kept: it was this meeting's.
func (m *Meeting) AsTemplate(name string) Template {
	t := Template{
		Name: name, Title: m.Title, Locale: m.Locale, Rules: slices.Clone(m.Rules),
		Queue: m.QueueRules, Reminders: m.Reminders, Polls: m.PollRules, Protocol: m.Protocol,
		Groups: slices.Clone(m.GroupNames), Proxies: m.Register.MaxProxies, Association: m.Protokoll.Association,
	}
	if m.OfficersWrite && !m.Protocol {
		t.Entries.Writers = WritersOfficers
	}
	labels := m.Agenda.Labels()
	for i, it := range m.Agenda.Items {
		planned := it.Planned
		if planned == 0 {
			planned = it.Timebox
		}
		ti := TemplateItem{Title: it.Title, Timebox: planned, Owner: it.Owner, Notes: it.Notes, RemindRules: it.RemindRules,
			Majority: it.Majority}
		if strings.Contains(labels[i], " ") && len(t.Agenda) > 0 { // a sub-item, as numbered
			last := &t.Agenda[len(t.Agenda)-1]
			last.Items = append(last.Items, ti)
			continue
		}
		t.Agenda = append(t.Agenda, ti)
	}
	return t
}
