package record

import (
	"maps"
	"slices"
	"unicode/utf8"
)

// Decoded is the record that decoding r's encoding gives back, made
// without encoding and decoding (issue 13: a store keeps the record it
// has just written, so that the next command need not decode it). It
// shares no slice, map or pointer with r. Where the encoding leaves a
// field out for being empty, the copy has nil, as decoding does; where
// it writes an empty slice or map, the copy has an empty one.
//
// It reports false when r has a string that is not valid UTF-8, which
// the encoder changes: decoding is then the only way to get the record
// back. TestDecoded holds it to Unmarshal(Marshal(r)) field by field.
func (r *Meeting) Decoded() (Meeting, bool) { return r.decoded(false) }

// DecodedOwned is Decoded for a caller that drops r: the lists of the
// queues' waiting and turns, the bulk of a big meeting's record, are
// r's own, not copies (a store keeps the record it has just written).
func (r *Meeting) DecodedOwned() (Meeting, bool) { return r.decoded(true) }

func (r *Meeting) decoded(own bool) (Meeting, bool) {
	c := copier{own: own}
	d := *r
	c.strings(r.ID, r.Channel, r.Title, r.Template, r.Locale, r.Zone, r.Thread, r.Chair, r.Secretary, r.Started, r.Ended, r.Active,
		r.Occurrence, r.Adjourned, r.Until)
	d.Adjusters = c.omitStrings(r.Adjusters)
	d.Agenda.Items = c.items(r.Agenda.Items)
	if r.Queues != nil {
		d.Queues = make(map[int]*Queue, len(r.Queues))
		for id, q := range r.Queues {
			d.Queues[id] = c.queue(q)
		}
	}
	c.strings(r.QueueRules.Policy)
	d.Rules = c.omitStrings(r.Rules)
	d.Reminders.AtStart = cloneBool(r.Reminders.AtStart)
	d.Reminders.Nudges = Nudges{LongTurn: cloneBool(r.Reminders.Nudges.LongTurn),
		NotSpoken: cloneBool(r.Reminders.Nudges.NotSpoken), Overrun: cloneBool(r.Reminders.Nudges.Overrun)}
	c.strings(r.PollRules.Visibility, r.PollRules.Tie)
	d.Polls = omit(r.Polls)
	d.Register = c.register(r.Register)
	d.Round = c.round(r.Round)
	d.Ideas = c.brainstorm(r.Ideas)
	d.GroupNames = c.omitStrings(r.GroupNames)
	d.Groups = c.omitStringMap(r.Groups)
	d.Flags = c.omitStringMap(r.Flags)
	if len(r.Proposals) == 0 {
		d.Proposals = nil
	} else {
		d.Proposals = make(map[int]*Proposals, len(r.Proposals))
		for id, ps := range r.Proposals {
			d.Proposals[id] = c.proposals(ps)
		}
	}
	d.Voting = c.voting(r.Voting)
	d.Protokoll = c.protokoll(r.Protokoll)
	return d, !c.invalid
}

// copier makes the copies of Decoded, noting any string the encoder
// would change.
// With own set, it keeps the queues' lists rather than copy them.
type copier struct{ invalid, own bool }

func (c *copier) strings(ss ...string) {
	for _, s := range ss {
		if !c.invalid && !utf8.ValidString(s) {
			c.invalid = true
		}
	}
}

// omit is a copy of s, or nil when it is empty (an omitempty field).
func omit[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

func (c *copier) omitStrings(s []string) []string {
	c.strings(s...)
	return omit(s)
}

func (c *copier) omitStringMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	for k, v := range m {
		c.strings(k, v)
	}
	return maps.Clone(m)
}

func (c *copier) items(items []*Item) []*Item {
	if items == nil {
		return nil
	}
	out := make([]*Item, len(items))
	for i, it := range items {
		if it == nil {
			continue
		}
		c.strings(it.Title, it.Owner, it.Notes, it.State, it.Started, it.Ended, it.Majority)
		cp := *it
		cp.Recused = c.omitStrings(it.Recused)
		out[i] = &cp
	}
	return out
}

func (c *copier) queue(q *Queue) *Queue {
	if q == nil {
		return nil
	}
	d := *q
	c.strings(q.Rules.Policy, q.Announced, q.Speech, q.Told, q.LastCall)
	if len(q.Waiting) == 0 {
		d.Waiting = nil
	} else {
		if !c.own {
			d.Waiting = slices.Clone(q.Waiting)
		}
		for i := range d.Waiting {
			w := &d.Waiting[i]
			c.strings(w.Who, w.Kind, w.At)
		}
	}
	if q.Current != nil {
		t := *q.Current
		c.turn(&t)
		d.Current = &t
	}
	if len(q.History) == 0 {
		d.History = nil
	} else {
		if !c.own {
			d.History = slices.Clone(q.History)
		}
		for i := range d.History {
			c.turn(&d.History[i])
		}
	}
	return &d
}

func (c *copier) turn(t *Turn) { c.strings(t.Who, t.Kind, t.Start, t.End, t.PausedAt) }

func (c *copier) register(r *Register) *Register {
	if r == nil {
		return nil
	}
	d := *r
	c.strings(r.Opened, r.Set)
	d.Changes = omit(r.Changes)
	for _, ch := range d.Changes {
		c.strings(ch.At, ch.Who)
	}
	d.Guests = c.omitStrings(r.Guests)
	d.Proxies = c.pairs(r.Proxies)
	d.Substitutes = c.pairs(r.Substitutes)
	return &d
}

func (c *copier) pairs(ps []Pair) []Pair {
	for _, p := range ps {
		c.strings(p.Holder, p.Member)
	}
	return omit(ps)
}

func (c *copier) round(r *Round) *Round {
	if r == nil {
		return nil
	}
	d := *r
	c.strings(r.Question, r.Started, r.TurnStart, r.Ended)
	c.strings(r.Order...)
	d.Order = slices.Clone(r.Order) // written even when empty
	d.Passed = c.omitStrings(r.Passed)
	return &d
}

func (c *copier) brainstorm(b *Brainstorm) *Brainstorm {
	if b == nil {
		return nil
	}
	d := *b
	c.strings(b.Question, b.Opened, b.Revealed, b.DotsClosed)
	d.Ideas = c.omitStrings(b.Ideas)
	d.Counts = omit(b.Counts)
	if len(b.Used) == 0 {
		d.Used = nil
	} else {
		for k := range b.Used {
			c.strings(k)
		}
		d.Used = maps.Clone(b.Used)
	}
	return &d
}

func (c *copier) proposals(ps *Proposals) *Proposals {
	if ps == nil {
		return nil
	}
	d := *ps
	if len(ps.List) == 0 {
		d.List = nil
		return &d
	}
	d.List = slices.Clone(ps.List)
	for i := range d.List {
		p := &d.List[i]
		c.strings(p.Kind, p.Text, p.By, p.At)
		p.Supporters = c.omitStrings(p.Supporters)
	}
	return &d
}

func (c *copier) voting(v *Voting) *Voting {
	if v == nil {
		return nil
	}
	d := *v
	c.strings(v.Majority)
	d.Order = slices.Clone(v.Order) // written even when empty
	if len(v.Steps) == 0 {
		d.Steps = nil
		return &d
	}
	d.Steps = slices.Clone(v.Steps)
	for i := range d.Steps {
		s := &d.Steps[i]
		c.strings(s.Kind, s.DeclaredAt, s.DemandedBy, s.WindowEnds, s.Majority)
		s.Alternatives = slices.Clone(s.Alternatives) // written even when empty
		s.Counts = omit(s.Counts)
	}
	return &d
}

func (c *copier) protokoll(p *Protokoll) *Protokoll {
	if p == nil {
		return nil
	}
	d := *p
	c.strings(p.Association, p.Place, p.Submitted, p.SubmittedBy, p.Locked)
	d.Tellers = c.omitStrings(p.Tellers)
	d.Approvals, d.Objections = c.signoffs(p.Approvals), c.signoffs(p.Objections)
	return &d
}

func (c *copier) signoffs(ss []Signoff) []Signoff {
	for _, s := range ss {
		c.strings(s.Who, s.At, s.Text)
	}
	return omit(ss)
}
