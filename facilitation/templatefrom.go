package facilitation

import "slices"

// AsTemplate describes the meeting as a template named name, so that
// the next meeting like it starts from its agenda (with the planned
// timeboxes and each item's majority), rules, queue rules, reminders,
// poll defaults, groups and proxy rule.
// Extra time given to an item is not kept: it was this meeting's.
func (m *Meeting) AsTemplate(name string) Template {
	t := Template{
		Name: name, Title: m.Title, Locale: m.Locale, Rules: slices.Clone(m.Rules),
		Queue: m.QueueRules, Reminders: m.Reminders, Polls: m.PollRules, Protocol: m.Protocol,
		Groups: slices.Clone(m.GroupNames), Proxies: m.Register.MaxProxies,
	}
	if m.OfficersWrite && !m.Protocol {
		t.Entries.Writers = WritersOfficers
	}
	for _, it := range m.Agenda.Items {
		planned := it.Planned
		if planned == 0 {
			planned = it.Timebox
		}
		t.Agenda = append(t.Agenda, TemplateItem{Title: it.Title, Timebox: planned, Owner: it.Owner, Notes: it.Notes, RemindRules: it.RemindRules,
			Majority: it.Majority})
	}
	return t
}
