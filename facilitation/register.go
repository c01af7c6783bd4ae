package facilitation

import "time"

// Register is a meeting's voting register (röstlängd): who may vote in
// polls made for the register. The members themselves are stored apart
// from the meeting (they may be hundreds); the register keeps their
// count and its own state. Check-in is open until the chair sets the
// register; after that, every change is an adjustment recorded with its
// time (justering av röstlängden).
type Register struct {
	// Opened is when check-in opened; zero if it never did.
	Opened time.Time
	// Set is when the chair set (froze) the register; zero while it is not set.
	Set   time.Time
	Count int
	// Changes are the adjustments made after the register was set.
	Changes []RegisterChange
	// Listed is the length of the member list check-in is held to; 0 when
	// there is none (the list itself is stored apart, as the members are).
	Listed int
	// Guests may speak and propose but not vote (närvaro-, yttrande- och
	// förslagsrätt).
	Guests []string
	// Proxies let a holder cast a member's vote too (fullmakt), at most
	// MaxProxies each (0 means 1); Substitutes let a substitute vote in
	// place of a main delegate (ersättare).
	Proxies     []Proxy
	MaxProxies  int
	Substitutes []Proxy
}

// RegisterChange is one adjustment of a set register.
type RegisterChange struct {
	At    time.Time
	Who   string
	Added bool
	// Count is the register's count after the change.
	Count int
}

// IsOpen reports whether check-in is open.
func (r *Register) IsOpen() bool { return !r.Opened.IsZero() && r.Set.IsZero() }

// IsSet reports whether the chair has set the register.
func (r *Register) IsSet() bool { return !r.Set.IsZero() }

// Open opens check-in.
func (r *Register) Open(now time.Time) error {
	switch {
	case r.IsSet():
		return errorf(ErrRegisterSet)
	case r.IsOpen():
		return errorf(ErrRegisterAlreadyOpen)
	}
	r.Opened = now
	return nil
}

// CheckIn reports whether people may check themselves in now.
func (r *Register) CheckIn() error {
	switch {
	case r.IsSet():
		return errorf(ErrRegisterSet)
	case !r.IsOpen():
		return errorf(ErrRegisterNotOpen)
	}
	return nil
}

// Recorded counts a member added to or removed from the register; after
// the register is set, the change is kept as an adjustment.
func (r *Register) Recorded(who string, added bool, now time.Time) {
	if added {
		r.Count++
	} else {
		r.Count--
	}
	if r.IsSet() {
		r.Changes = append(r.Changes, RegisterChange{At: now, Who: who, Added: added, Count: r.Count})
	}
}

// Close sets the register: check-in ends and the count is fixed, to be
// changed only by recorded adjustments.
func (r *Register) Close(now time.Time) error {
	switch {
	case r.IsSet():
		return errorf(ErrRegisterSet)
	case r.Count == 0:
		return errorf(ErrRegisterEmpty)
	}
	r.Set = now
	return nil
}

// SetCount is the count the register was set at, before its adjustments.
func (r *Register) SetCount() int {
	n := r.Count
	for _, ch := range r.Changes {
		if ch.Added {
			n--
		} else {
			n++
		}
	}
	return n
}

// CountAfter is the register's count after its first n adjustments.
func (r *Register) CountAfter(n int) int {
	if n = min(n, len(r.Changes)); n <= 0 {
		return r.SetCount()
	}
	return r.Changes[n-1].Count
}

// Base is what a register poll's turnout is counted against.
type Base struct {
	// Of is how many could vote: the register as it stood when the poll
	// closed (or stands now, while it is open), less those kept out, and
	// with the Kept.
	Of int
	// Kept were struck from the register during the vote after voting:
	// their votes stand, so they are counted in Of.
	Kept int
	// Adjusted reports whether the register was adjusted during the vote.
	Adjusted bool
}

// Base is the base of p's turnout: e is the electorate of its item (see
// Poll.Electorate). Turnout never exceeds it, as everyone who voted was
// on the register when they voted, and is either on it still or struck
// during the vote. p must hold all its votes.
func (r *Register) Base(p *Poll, e Electorate) (Base, error) {
	to := len(r.Changes)
	if p.Closed {
		to = min(p.AdjustedTo, to)
	}
	from := min(p.AdjustedFrom, to)
	e = p.Electorate(e)
	e.Size = r.CountAfter(to)
	n, err := e.Count()
	if err != nil {
		return Base{}, err
	}
	if to == from { // no adjustment during the vote: nobody struck to keep
		return Base{Of: n}, nil
	}
	b := Base{Adjusted: true}
	off := map[string]bool{} // who was off the register at the end of the vote, by their last adjustment
	for _, ch := range r.Changes[:to] {
		off[ch.Who] = !ch.Added
	}
	kept := map[string]bool{} // each counted once, however often struck during the vote
	for _, ch := range r.Changes[from:to] {
		if who := ch.Who; !ch.Added && off[who] && !kept[who] && !e.Out(who) && p.HasVoted(who) {
			kept[who] = true
			b.Kept++
		}
	}
	b.Of = n + b.Kept
	return b, nil
}
