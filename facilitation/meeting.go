package facilitation

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// Meeting is one meeting in one channel, from start to end.
type Meeting struct {
	ID       string
	Channel  string
	Title    string
	Template string
	Locale   string
	// Zone is the IANA time zone its clock times are written in
	// ("Europe/Stockholm"); empty, the workspace's, if it has one.
	Zone string
	// Thread is the platform's thread the meeting was started in, if any
	// (a Teams channel's reply chain, a Slack thread): what the bot says
	// of itself, at a timer, goes there.
	Thread string
	Chair  string
	// Secretary keeps the minutes; Adjusters check and sign them (justerare).
	Secretary string
	Adjusters []string
	Started   time.Time
	Ended     time.Time
	// Active is when a command last changed the meeting: one idle for a
	// day ends by itself.
	Active time.Time
	// RulesAsleep says that the ground rules' reminders stopped because
	// nobody changed the meeting for a while; the next change wakes them.
	RulesAsleep bool
	// Schedule and Occurrence name the schedule and the planned start of
	// the occurrence that a meeting started itself for (0 and zero for a
	// meeting started by hand), which the calendar feed goes on listing.
	Schedule   uint64
	Occurrence time.Time
	Agenda     Agenda
	// Queues holds a speaker queue per agenda item ID; 0 is the queue used
	// while no item is current.
	Queues     map[int]*Queue
	QueueRules QueueRules
	Rules      []string
	Reminders  Reminders
	PollRules  PollRules
	Protocol   bool
	// EntryCount counts the minutes' entries, which are an aggregate of
	// their own (Minutes).
	EntryCount int
	Polls      []int64
	// Register is the voting register's state; its members are stored apart.
	Register Register

	// The facilitation tools (docs/architecture.md, "Facilitation tools"): the go-around, the silent
	// brainstorm, the template's self-declared groups with each person's
	// own, and the last anonymous flag by pseudonym (for its rate limit).
	Round      *Round
	Ideas      *Brainstorm
	GroupNames []string
	Groups     map[string]string
	Flags      map[string]time.Time
	// OfficersWrite lets only the chair and the secretary write the minutes.
	OfficersWrite bool
	Formal
	// Protokoll is the formal minutes' place, tellers and justering.
	Protokoll Protokoll
}

// New starts a meeting from a template (which may be the zero Template).
func New(id, channel, title, chair string, t Template, now time.Time) *Meeting {
	if title == "" {
		title = t.Title
	}
	m := &Meeting{
		ID: id, Channel: channel, Title: title, Template: t.Name, Locale: t.Locale, Zone: t.TimeZone,
		Chair: chair, Started: now, Queues: map[int]*Queue{},
		QueueRules: t.Queue.withDefaults(), Rules: slices.Clone(t.Rules),
		Reminders: t.Reminders, PollRules: t.Polls, Protocol: t.Protocol,
		GroupNames:    slices.Clone(t.Groups),
		OfficersWrite: t.Protocol || t.Entries.Writers == WritersOfficers,
		Protokoll:     Protokoll{Association: t.Association},
	}
	m.Register.MaxProxies = t.Proxies
	add := func(ti TemplateItem, parent int) *Item {
		it, err := m.Agenda.Add(ti.Title, ti.Timebox)
		if err != nil {
			return nil // templates are validated when loaded
		}
		it.Owner, it.Notes, it.RemindRules, it.Planned = ti.Owner, ti.Notes, ti.RemindRules, ti.Timebox
		it.Majority, it.Parent = ti.Majority, parent
		return it
	}
	for _, ti := range t.Agenda {
		if it := add(ti, 0); it != nil {
			for _, sub := range ti.Items {
				add(sub, it.ID)
			}
		}
	}
	if len(m.Agenda.Items) > 0 {
		m.Agenda.begin(m.Agenda.Items[0], now)
	}
	return m
}

// Running reports whether the meeting has not ended.
func (m *Meeting) Running() bool { return m.Ended.IsZero() }

// Queue returns the speaker queue of the current agenda item, creating it.
func (m *Meeting) Queue() *Queue {
	id := 0
	if it, _ := m.Agenda.Current(); it != nil {
		id = it.ID
	}
	q, ok := m.Queues[id]
	if !ok {
		q = NewQueue(m.QueueRules)
		m.Queues[id] = q
	}
	q.groups = m.Groups
	return q
}

// CurrentItemID is the ID of the current agenda item, or 0.
func (m *Meeting) CurrentItemID() int {
	if it, _ := m.Agenda.Current(); it != nil {
		return it.ID
	}
	return 0
}

// MoveAgenda applies an agenda move (next, back, jump), ending the turn
// going on in the queue of the item left behind.
func (m *Meeting) MoveAgenda(now time.Time, move func(*Agenda, time.Time) (*Item, error)) (*Item, error) {
	if q, ok := m.Queues[m.CurrentItemID()]; ok {
		defer func(q *Queue, was int) {
			if m.CurrentItemID() != was {
				q.Stop(now)
			}
		}(q, m.CurrentItemID())
	}
	return move(&m.Agenda, now)
}

// HandOver makes who the chair.
func (m *Meeting) HandOver(who string) error {
	if m.Chair == who {
		return errorf(ErrAlreadyChair, "Chair", who)
	}
	m.Chair = who
	return nil
}

// AddRule appends a ground rule.
func (m *Meeting) AddRule(text string) error {
	if text == "" {
		return errorf(ErrEmptyText)
	}
	m.Rules = append(m.Rules, text)
	return nil
}

// RemoveRule deletes the rule at 1-based position n.
func (m *Meeting) RemoveRule(n int) (string, error) {
	if n < 1 || n > len(m.Rules) {
		return "", errorf(ErrNoSuchRule, "N", n, "Count", len(m.Rules))
	}
	r := m.Rules[n-1]
	m.Rules = slices.Delete(m.Rules, n-1, n)
	return r, nil
}

// Record adds an entry to the meeting's minutes, attached to the current
// agenda item unless it names another, and returns it as recorded.
func (m *Meeting) Record(mm *Minutes, e Entry) (Entry, error) {
	if e.Text == "" {
		return Entry{}, errorf(ErrEmptyText)
	}
	if e.ItemID == 0 {
		e.ItemID = m.CurrentItemID()
	}
	mm.Entries = append(mm.Entries, e)
	m.EntryCount++
	return e, nil
}

// End ends the meeting: the current item is done and every turn stops.
func (m *Meeting) End(now time.Time) error {
	if !m.Running() {
		return errorf(ErrMeetingEnded)
	}
	for _, q := range m.Queues {
		q.Stop(now)
	}
	m.Agenda.finish(now, Done)
	if m.Round != nil && m.Round.Running() {
		m.Round.Stop(now)
	}
	m.Ended = now
	return nil
}

// SpeakerStats is one person's speaking record.
type SpeakerStats struct {
	Who   string
	Turns int
	Time  time.Duration
}

// Stats sums the turns of the given queues per person, most time first,
// and lists those of the participants who have not spoken.
func Stats(queues []*Queue, participants []string, now time.Time) (spoke []SpeakerStats, silent []string) {
	by := map[string]*SpeakerStats{}
	for _, q := range queues {
		for _, t := range q.Turns() {
			s, ok := by[t.Who]
			if !ok {
				s = &SpeakerStats{Who: t.Who}
				by[t.Who] = s
			}
			s.Turns++
			s.Time += t.Duration(now)
		}
	}
	for _, s := range by {
		spoke = append(spoke, *s)
	}
	slices.SortFunc(spoke, func(a, b SpeakerStats) int {
		return cmp.Or(cmp.Compare(b.Time, a.Time), cmp.Compare(b.Turns, a.Turns), cmp.Compare(a.Who, b.Who))
	})
	for _, id := range participants {
		if by[id] == nil {
			silent = append(silent, id)
		}
	}
	return spoke, silent
}

// AllQueues returns the meeting's queues in agenda-item order.
func (m *Meeting) AllQueues() []*Queue {
	var qs []*Queue
	for _, id := range slices.Sorted(maps.Keys(m.Queues)) {
		qs = append(qs, m.Queues[id])
	}
	return qs
}
