package facilitation

import (
	"slices"
	"time"
)

// Protokoll is what the formal minutes hold besides the entries: where
// the meeting was held, its tellers (rösträknare), and the justering.
// The secretary submits the protokoll once the meeting has ended; each
// adjuster (justerare) approves it or objects; once all have approved,
// it is locked (justerat) and nothing in it changes any more.
type Protokoll struct {
	// Association names the association whose meeting it is (the template's).
	Association string
	Place       string
	Tellers     []string
	// Submitted is when the protokoll was last sent to the adjusters, and
	// SubmittedBy who sent it; zero when it is not (or no longer) with them.
	Submitted   time.Time
	SubmittedBy string
	// Approvals are the adjusters' approvals of the protokoll as submitted.
	Approvals []Signoff
	// Objections are every objection made, with its comment.
	Objections []Signoff
	// Locked is when the last adjuster approved: the protokoll is justerat.
	Locked time.Time
}

// Signoff is an adjuster's approval of, or objection to, the protokoll.
type Signoff struct {
	Who  string
	At   time.Time
	Text string
}

// Justerat reports whether every adjuster has approved the protokoll.
func (p *Protokoll) Justerat() bool { return !p.Locked.IsZero() }

// Changed notes that an entry changed: approvals given to the protokoll
// as it was no longer hold, and it must be submitted again.
func (p *Protokoll) Changed() {
	p.Submitted, p.SubmittedBy, p.Approvals = time.Time{}, "", nil
}

// mayChange refuses a change to a justerat protokoll.
func (m *Meeting) mayChange() error {
	if m.Protokoll.Justerat() {
		return errorf(ErrJusterat, "At", m.Protokoll.Locked)
	}
	return nil
}

// SetPlace records where the meeting is held. After the meeting it may
// still be corrected until the protokoll is justerat; a correction
// withdraws the protokoll from its adjusters.
func (m *Meeting) SetPlace(place string) error {
	if place == "" {
		return errorf(ErrEmptyText)
	}
	if err := m.mayChange(); err != nil {
		return err
	}
	m.Protokoll.Place = place
	m.Protokoll.Changed()
	return nil
}

// SetTellers records the meeting's tellers (rösträknare).
func (m *Meeting) SetTellers(who []string) error {
	if err := m.mayChange(); err != nil {
		return err
	}
	m.Protokoll.Tellers = slices.Clone(who)
	return nil
}

// Submit sends the protokoll of an ended meeting to its adjusters.
// Approvals of an earlier submission are dropped.
func (m *Meeting) Submit(by string, now time.Time) error {
	switch {
	case m.Running():
		return errorf(ErrStillRunning)
	case len(m.Adjusters) == 0:
		return errorf(ErrNoAdjusters)
	}
	if err := m.mayChange(); err != nil {
		return err
	}
	m.Protokoll.Submitted, m.Protokoll.SubmittedBy, m.Protokoll.Approvals = now, by, nil
	return nil
}

// signoff checks that who, an adjuster, may approve or object now.
func (m *Meeting) signoff(who string) error {
	if err := m.mayChange(); err != nil {
		return err
	}
	switch {
	case !slices.Contains(m.Adjusters, who):
		return errorf(ErrNotAdjuster)
	case m.Protokoll.Submitted.IsZero():
		return errorf(ErrNotSubmitted)
	}
	return nil
}

// Approve records who's approval; the last adjuster's locks the
// protokoll, which Approve then reports.
func (m *Meeting) Approve(who string, now time.Time) (locked bool, err error) {
	if err := m.signoff(who); err != nil {
		return false, err
	}
	p := &m.Protokoll
	if slices.ContainsFunc(p.Approvals, func(s Signoff) bool { return s.Who == who }) {
		return false, errorf(ErrAlreadyApproved)
	}
	p.Approvals = append(p.Approvals, Signoff{Who: who, At: now})
	for _, a := range m.Adjusters {
		if !slices.ContainsFunc(p.Approvals, func(s Signoff) bool { return s.Who == a }) {
			return false, nil
		}
	}
	p.Locked = now
	return true, nil
}

// Object records who's objection with its comment: the protokoll goes
// back to the secretary, to be changed and submitted again.
func (m *Meeting) Object(who, text string, now time.Time) error {
	if text == "" {
		return errorf(ErrEmptyText)
	}
	if err := m.signoff(who); err != nil {
		return err
	}
	m.Protokoll.Objections = append(m.Protokoll.Objections, Signoff{Who: who, At: now, Text: text})
	m.Protokoll.Changed()
	return nil
}

// Clone is a deep copy of the voting, for the decision it led to.
func (v *Voting) Clone() *Voting {
	if v == nil {
		return nil
	}
	c := *v
	c.Order = slices.Clone(v.Order)
	c.Steps = slices.Clone(v.Steps)
	for i := range c.Steps {
		c.Steps[i].Alternatives = slices.Clone(v.Steps[i].Alternatives)
		c.Steps[i].Counts = slices.Clone(v.Steps[i].Counts)
	}
	return &c
}
