package facilitation

import (
	"slices"
	"time"
)

// ProposalKind says how a proposal (yrkande) is dealt with.
type ProposalKind string

// Proposal kinds.
const (
	// MainProposal is a proposal on the matter itself.
	MainProposal ProposalKind = "main"
	// Amendment (ändrings- or tilläggsyrkande) changes another proposal;
	// it is decided before the proposal it amends.
	Amendment ProposalKind = "amendment"
	// FormalMotion (bordläggning, återremiss) is about how the matter is
	// handled; it is decided before the matter itself.
	FormalMotion ProposalKind = "formal"
)

// Proposal is one yrkande on an agenda item.
type Proposal struct {
	// N is the proposal's number on its item, from 1.
	N    int
	Kind ProposalKind
	Text string
	// Amends is the number of the proposal an amendment changes.
	Amends     int
	By         string
	Supporters []string
	Withdrawn  bool
	At         time.Time
}

// Proposals are the proposals made on one agenda item.
type Proposals struct {
	List []Proposal
	// Closed ends the list: no new proposals (like streck).
	Closed bool
}

// MaxProposals is the most proposals one item may get.
const MaxProposals = 50

// Get returns proposal n.
func (ps *Proposals) Get(n int) (*Proposal, error) {
	if n < 1 || n > len(ps.List) {
		return nil, errorf(ErrNoSuchProposal, "N", n, "Count", len(ps.List))
	}
	return &ps.List[n-1], nil
}

// Propose adds a proposal and returns it.
func (ps *Proposals) Propose(kind ProposalKind, text string, amends int, by string, now time.Time) (*Proposal, error) {
	if ps.Closed {
		return nil, errorf(ErrProposalsClosed)
	}
	if text == "" {
		return nil, errorf(ErrEmptyText)
	}
	if len(ps.List) >= MaxProposals {
		return nil, errorf(ErrTooMany, "Max", MaxProposals)
	}
	if kind == Amendment {
		base, err := ps.Get(amends)
		if err != nil {
			return nil, err
		}
		if base.Withdrawn || base.Kind != MainProposal {
			return nil, errorf(ErrCannotAmend, "N", amends)
		}
	}
	ps.List = append(ps.List, Proposal{N: len(ps.List) + 1, Kind: kind, Text: text, Amends: amends, By: by, At: now})
	return &ps.List[len(ps.List)-1], nil
}

// Support adds who as a supporter of proposal n.
func (ps *Proposals) Support(n int, who string) (*Proposal, error) {
	p, err := ps.Get(n)
	if err != nil {
		return nil, err
	}
	switch {
	case p.Withdrawn:
		return nil, errorf(ErrProposalWithdrawn, "N", n)
	case p.By == who || slices.Contains(p.Supporters, who):
		return nil, errorf(ErrAlreadySupports, "N", n)
	}
	p.Supporters = append(p.Supporters, who)
	return p, nil
}

// Withdraw withdraws proposal n; only its proposer may. Amendments to it
// fall with it.
func (ps *Proposals) Withdraw(n int, who string) (*Proposal, error) {
	p, err := ps.Get(n)
	if err != nil {
		return nil, err
	}
	switch {
	case p.By != who:
		return nil, errorf(ErrNotProposer, "N", n, "Proposer", p.By)
	case p.Withdrawn:
		return nil, errorf(ErrProposalWithdrawn, "N", n)
	}
	p.Withdrawn = true
	for i := range ps.List {
		if ps.List[i].Kind == Amendment && ps.List[i].Amends == n {
			ps.List[i].Withdrawn = true
		}
	}
	return p, nil
}

// Close ends the list of proposals.
func (ps *Proposals) Close() error {
	if ps.Closed {
		return errorf(ErrProposalsClosed)
	}
	ps.Closed = true
	return nil
}

// Live returns the proposals not withdrawn.
func (ps *Proposals) Live() []Proposal {
	var out []Proposal
	for _, p := range ps.List {
		if !p.Withdrawn {
			out = append(out, p)
		}
	}
	return out
}

// StepKind is the kind of a question in a voting order.
type StepKind string

// Step kinds.
const (
	// StepFormal puts a formal motion: bifall against avslag. If it is
	// carried, the matter is not decided today and the order ends.
	StepFormal StepKind = "formal"
	// StepAmendment puts an amendment against the wording it amends.
	StepAmendment StepKind = "amendment"
	// StepCounter is a kontrapropositionsvotering: two proposals other
	// than the main one meet, to find the one put against it.
	StepCounter StepKind = "counter"
	// StepMain puts the main proposal against the counter-proposal, or a
	// lone proposal against avslag (rejection).
	StepMain StepKind = "main"
)

// Reject is the alternative that stands for avslag (rejection) in a step.
const Reject = 0

// Step is one question put to the meeting.
type Step struct {
	Kind StepKind
	// Alternatives are proposal numbers; Reject (0) stands for avslag.
	Alternatives []int
	// Declared is the alternative the chair found carried (1-based
	// position in Alternatives), or 0 before the chair declares.
	Declared   int
	DeclaredAt time.Time
	// Poll is the counted vote (votering) demanded on the step, if any.
	Poll int64
	// Counts are the votes per alternative when counted, and Abstained
	// those that chose neither.
	Counts    []int
	Abstained int
	// Winner is the proposal carried (or Reject), once Done.
	Winner int
	Done   bool
}

// Counted reports whether the step was decided by a counted vote.
func (s *Step) Counted() bool { return s.Counts != nil }

// Voting is a propositionsordning under way on one agenda item.
type Voting struct {
	ItemID int
	// Order is the order of proposals: formal motions first, then
	// amendments, then the main proposal followed by the others.
	Order []int
	Steps []Step
	// Window is how long after a declaration a vote may be demanded.
	Window time.Duration
	Done   bool
}

// DefaultVoteWindow is how long after a declaration anyone may demand a
// counted vote (votering), when the template does not say.
const DefaultVoteWindow = 30 * time.Second

// SuggestOrder is the standard propositionsordning for the live proposals:
// formal motions first, amendments next (each before what it amends), then
// the main proposals, the first of them the main one (huvudförslag).
func SuggestOrder(ps []Proposal) []int {
	var order []int
	for _, kind := range []ProposalKind{FormalMotion, Amendment, MainProposal} {
		for _, p := range ps {
			if p.Kind == kind && !p.Withdrawn {
				order = append(order, p.N)
			}
		}
	}
	return order
}

// NewVoting checks an order of the item's proposals and starts the voting
// with its first question. An empty order takes the suggested one. A given
// order must name every live proposal once; it may put them in any order,
// except that formal motions go before the rest and amendments before what
// they amend.
func NewVoting(itemID int, ps *Proposals, order []int, window time.Duration) (*Voting, error) {
	live := ps.Live()
	if len(live) == 0 {
		return nil, errorf(ErrNoProposals)
	}
	if len(order) == 0 {
		order = SuggestOrder(live)
	}
	if len(order) != len(live) {
		return nil, errorf(ErrBadOrder, "Count", len(live))
	}
	pos := map[int]int{}
	for i, n := range order {
		p, err := ps.Get(n)
		if err != nil {
			return nil, err
		}
		if _, dup := pos[n]; dup || p.Withdrawn {
			return nil, errorf(ErrBadOrder, "Count", len(live))
		}
		pos[n] = i
	}
	seenOther := false
	for _, n := range order {
		p := ps.List[n-1]
		if p.Kind != FormalMotion {
			seenOther = true
		} else if seenOther {
			return nil, errorf(ErrFormalFirst, "N", n)
		}
		if p.Kind == Amendment && pos[n] > pos[p.Amends] {
			return nil, errorf(ErrAmendmentFirst, "N", n, "Amends", p.Amends)
		}
	}
	if window <= 0 {
		window = DefaultVoteWindow
	}
	v := &Voting{ItemID: itemID, Order: order, Window: window}
	v.advance(ps)
	return v, nil
}

// Current returns the question being put, or nil when the voting is done.
func (v *Voting) Current() *Step {
	if v.Done || len(v.Steps) == 0 {
		return nil
	}
	return &v.Steps[len(v.Steps)-1]
}

// advance adds the next question, or marks the voting done.
func (v *Voting) advance(ps *Proposals) {
	done := map[int]bool{} // proposals already put
	for _, s := range v.Steps {
		if s.Kind == StepFormal && s.Winner != Reject {
			v.Done = true // the matter is referred or tabled: nothing more today
			return
		}
		for _, a := range s.Alternatives {
			if a != Reject && (s.Kind != StepCounter && s.Kind != StepMain || a != s.Winner) {
				done[a] = true
			}
		}
	}
	kind := func(n int) ProposalKind { return ps.List[n-1].Kind }
	for _, n := range v.Order {
		if done[n] {
			continue
		}
		switch kind(n) {
		case FormalMotion:
			v.Steps = append(v.Steps, Step{Kind: StepFormal, Alternatives: []int{n, Reject}})
			return
		case Amendment:
			v.Steps = append(v.Steps, Step{Kind: StepAmendment, Alternatives: []int{n, Reject}})
			return
		}
	}
	var mains []int
	for _, n := range v.Order {
		if kind(n) == MainProposal {
			mains = append(mains, n)
		}
	}
	if len(mains) == 0 {
		v.Done = true
		return
	}
	// Find the counter-proposal among the others by kontrapropositions-
	// voteringar: the survivor of the last one meets the next in order.
	var last *Step
	for i := range v.Steps {
		if s := &v.Steps[i]; s.Kind == StepCounter || s.Kind == StepMain {
			last = s
		}
	}
	if last != nil && last.Kind == StepMain {
		v.Done = true
		return
	}
	others := mains[1:]
	counter := 0
	next := 0 // index in others of the next one to meet the survivor
	if last != nil {
		counter = last.Winner
		next = slices.Index(others, last.Alternatives[1]) + 1
	} else if len(others) > 0 {
		counter, next = others[0], 1
	}
	switch {
	case len(others) == 0:
		v.Steps = append(v.Steps, Step{Kind: StepMain, Alternatives: []int{mains[0], Reject}})
	case next < len(others):
		v.Steps = append(v.Steps, Step{Kind: StepCounter, Alternatives: []int{counter, others[next]}})
	default:
		v.Steps = append(v.Steps, Step{Kind: StepMain, Alternatives: []int{mains[0], counter}})
	}
}

// Declare records the chair's finding on the current question:
// alternative n (1-based) has the acclamation.
func (v *Voting) Declare(n int, now time.Time) (*Step, error) {
	s := v.Current()
	if s == nil {
		return nil, errorf(ErrNoQuestion)
	}
	if s.Poll != 0 {
		return nil, errorf(ErrVoteDemanded)
	}
	if n < 1 || n > len(s.Alternatives) {
		return nil, errorf(ErrNoSuchAlternative, "N", n, "Count", len(s.Alternatives))
	}
	s.Declared, s.DeclaredAt = n, now
	return s, nil
}

// WindowOpen reports whether a counted vote may still be demanded on the
// current question.
func (v *Voting) WindowOpen(now time.Time) bool {
	s := v.Current()
	return s != nil && s.Declared > 0 && s.Poll == 0 && now.Before(s.DeclaredAt.Add(v.Window))
}

// Demand notes that a counted vote was demanded on the current question
// and is held as poll.
func (v *Voting) Demand(poll int64, now time.Time) (*Step, error) {
	s := v.Current()
	switch {
	case s == nil:
		return nil, errorf(ErrNoQuestion)
	case s.Poll != 0:
		return nil, errorf(ErrVoteDemanded)
	case s.Declared == 0:
		return nil, errorf(ErrNotDeclared)
	case !v.WindowOpen(now):
		return nil, errorf(ErrWindowClosed, "Window", v.Window)
	}
	s.Poll = poll
	return s, nil
}

// Settle ends the current question by the chair's declaration, once the
// window has passed with no vote demanded, and puts the next. It returns
// the step settled.
func (v *Voting) Settle(ps *Proposals, now time.Time) (Step, error) {
	s := v.Current()
	if s == nil || s.Declared == 0 || s.Poll != 0 || v.WindowOpen(now) {
		return Step{}, errorf(ErrNoQuestion)
	}
	s.Winner, s.Done = s.Alternatives[s.Declared-1], true
	settled := *s
	v.advance(ps)
	return settled, nil
}

// Counted ends the current question by the result of its counted vote:
// counts per alternative, abstentions, and the winning alternative's
// index as the poll's count decided it (ties are broken there, by the
// chair's casting vote or by lot; see Poll.Results). A winner of -1, when
// nobody voted for any alternative, leaves the declaration standing.
func (v *Voting) Counted(ps *Proposals, counts []int, abstained, winner int) (Step, error) {
	s := v.Current()
	if s == nil || s.Poll == 0 || len(counts) != len(s.Alternatives) || winner >= len(counts) {
		return Step{}, errorf(ErrNoQuestion)
	}
	s.Counts, s.Abstained = slices.Clone(counts), abstained
	if winner < 0 {
		winner = s.Declared - 1
	}
	s.Winner, s.Done = s.Alternatives[winner], true
	settled := *s
	v.advance(ps)
	return settled, nil
}

// Outcome is what a finished voting decided: the proposals carried, in
// the order they should be minuted, each with the step that decided it.
// A matter rejected outright yields the main proposal with Rejected set.
type Outcome struct {
	Carried []Decided
}

// Decided is one proposal carried (or rejected) and the step that did it.
type Decided struct {
	Proposal int
	Rejected bool
	Step     Step
}

// Outcome sums up a finished voting.
func (v *Voting) Outcome(ps *Proposals) Outcome {
	var out Outcome
	var amendments []Decided
	winner := 0
	var final Step
	for _, s := range v.Steps {
		if !s.Done {
			continue
		}
		switch s.Kind {
		case StepFormal:
			if s.Winner != Reject {
				return Outcome{Carried: []Decided{{Proposal: s.Winner, Step: s}}}
			}
		case StepAmendment:
			if s.Winner != Reject {
				amendments = append(amendments, Decided{Proposal: s.Winner, Step: s})
			}
		case StepMain:
			final = s
			winner = s.Winner
		}
	}
	if final.Kind == "" {
		return out
	}
	if winner == Reject {
		return Outcome{Carried: []Decided{{Proposal: final.Alternatives[0], Rejected: true, Step: final}}}
	}
	out.Carried = append(out.Carried, Decided{Proposal: winner, Step: final})
	for _, a := range amendments {
		if ps.List[a.Proposal-1].Amends == winner {
			out.Carried = append(out.Carried, a)
		}
	}
	return out
}
