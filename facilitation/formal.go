package facilitation

import (
	"slices"
	"time"
)

// Formal is the state of a formal meeting (docs/architecture.md, "The formal meeting"): proposals per
// item, the voting under way, and adjournment.
type Formal struct {
	// Proposals holds the proposals (yrkanden) per agenda item ID.
	Proposals map[int]*Proposals
	// Voting is the propositionsordning being gone through, if any; the
	// protokoll narrates those gone through from their decisions'
	// entries (Entry.Voting).
	Voting *Voting
	// Adjourned is when the adjournment going on began, and Until when
	// the chair said the meeting would resume (zero if not said).
	Adjourned time.Time
	Until     time.Time
	// AdjournedFor sums the adjournments that have ended.
	AdjournedFor time.Duration
}

// ItemProposals returns the proposals of the current item, creating the list.
func (m *Meeting) ItemProposals() *Proposals {
	if m.Proposals == nil {
		m.Proposals = map[int]*Proposals{}
	}
	id := m.CurrentItemID()
	ps, ok := m.Proposals[id]
	if !ok {
		ps = &Proposals{}
		m.Proposals[id] = ps
	}
	return ps
}

// IsAdjourned reports whether the meeting is adjourned.
func (m *Meeting) IsAdjourned() bool { return !m.Adjourned.IsZero() }

// Adjourn pauses the meeting: the current item's clock, the current
// speaker's and the go-around's stop. until, if not zero, is when it should resume.
func (m *Meeting) Adjourn(now, until time.Time) error {
	if m.IsAdjourned() {
		return errorf(ErrAdjourned)
	}
	if it, _ := m.Agenda.Current(); it != nil {
		it.Spent = it.Elapsed(now)
		it.Started = time.Time{}
	}
	if t := m.Queue().Current; t != nil {
		t.PausedAt = now
	}
	m.Adjourned, m.Until = now, until
	return nil
}

// Resume ends an adjournment: the clocks run again from now. It returns
// how long the meeting was adjourned.
func (m *Meeting) Resume(now time.Time) (time.Duration, error) {
	if !m.IsAdjourned() {
		return 0, errorf(ErrNotAdjourned)
	}
	d := now.Sub(m.Adjourned)
	if it, _ := m.Agenda.Current(); it != nil {
		it.Started = now
	}
	for _, q := range m.Queues {
		if t := q.Current; t != nil && !t.PausedAt.IsZero() {
			t.Paused += now.Sub(t.PausedAt)
			t.PausedAt = time.Time{}
		}
	}
	if r := m.Round; r != nil && r.Running() { // a go-around's turn stood still too
		if r.TurnStart.Before(m.Adjourned) {
			r.TurnStart = r.TurnStart.Add(d)
		} else {
			r.TurnStart = now // begun while adjourned: its time starts now
		}
	}
	m.AdjournedFor += d
	m.Adjourned, m.Until = time.Time{}, time.Time{}
	return d, nil
}

// EditEntry replaces the text of the n-th entry of a kind.
// After the meeting it may still be edited until the protokoll is
// justerat; an edit withdraws the protokoll from its adjusters.
func (m *Meeting) EditEntry(mm *Minutes, kind EntryKind, n int, text string, now time.Time) (*Entry, error) {
	if err := m.mayChange(); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, errorf(ErrEmptyText)
	}
	e, err := mm.entry(kind, n)
	if err != nil {
		return nil, err
	}
	e.Text, e.Texts, e.Edited = text, nil, now // someone's own words now
	m.Protokoll.Changed()
	return e, nil
}

// RemoveEntry takes the n-th entry of a kind out of the minutes.
func (m *Meeting) RemoveEntry(mm *Minutes, kind EntryKind, n int) (*Entry, error) {
	if err := m.mayChange(); err != nil {
		return nil, err
	}
	e, err := mm.entry(kind, n)
	if err != nil {
		return nil, err
	}
	e.Removed = true
	m.Protokoll.Changed()
	return e, nil
}

// ReservedDecision is the decision a reservation is entered against:
// decision n, or with n 0 the latest on the current item. A reservation
// is against a decision on the current item, never another's.
func (m *Meeting) ReservedDecision(mm *Minutes, n int) (*Entry, error) {
	if !m.Running() {
		return nil, errorf(ErrMeetingEnded)
	}
	item := m.CurrentItemID()
	if n > 0 {
		e, err := mm.entry(Decision, n)
		if err != nil {
			return nil, err
		}
		if e.ItemID != item {
			return nil, errorf(ErrDecisionElsewhere, "N", n)
		}
		return e, nil
	}
	for i := len(mm.Entries) - 1; i >= 0; i-- {
		if e := &mm.Entries[i]; e.Kind == Decision && !e.Removed && e.ItemID == item {
			return e, nil
		}
	}
	return nil, errorf(ErrNoDecision)
}

// Reserve records who's reservation against decision n (0: the latest on
// the current item), with its reason.
func (m *Meeting) Reserve(mm *Minutes, who string, n int, reason string, now time.Time) (*Entry, error) {
	e, err := m.ReservedDecision(mm, n)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(e.Reservations, func(r Reservation) bool { return r.Who == who }) {
		return nil, errorf(ErrAlreadyReserved)
	}
	e.Reservations = append(e.Reservations, Reservation{Who: who, Reason: reason, At: now})
	return e, nil
}
