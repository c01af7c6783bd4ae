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
	// Amendment (ändringsyrkande) changes the wording of another proposal;
	// it is put against that wording before the proposal is decided.
	Amendment ProposalKind = "amendment"
	// FormalMotion (bordläggning, återremiss) is about how the matter is
	// handled; it is decided before the matter itself.
	FormalMotion ProposalKind = "formal"
	// Addition (tilläggsyrkande) adds to a main proposal: it is decided
	// after the main question, only if that proposal was carried, and
	// becomes its own att-sats.
	Addition ProposalKind = "addition"
)

// Proposal is one yrkande on an agenda item.
type Proposal struct {
	// N is the proposal's number on its item, from 1.
	N    int
	Kind ProposalKind
	Text string
	// Amends is the number of the proposal an amendment changes or an
	// addition adds to.
	Amends     int
	By         string
	Supporters []string
	Withdrawn  bool
	At         time.Time
}

// Proposals are the proposals made on one agenda item. An item may hold
// several questions, one after another (a motion's att-satser): those
// numbered up to Settled were decided by an earlier propositionsordning,
// and the proposals after them are the next question's.
type Proposals struct {
	List []Proposal
	// Closed ends the list: no new proposals (like streck).
	Closed  bool
	Settled int
}

// Settle ends the question just decided: its proposals are done with,
// and the list opens for the next question on the item.
func (ps *Proposals) Settle() {
	ps.Settled, ps.Closed = len(ps.List), false
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
	if kind == Amendment || kind == Addition {
		base, err := ps.Get(amends)
		if err != nil {
			return nil, err
		}
		if amends <= ps.Settled {
			return nil, errorf(ErrProposalDecided, "N", amends)
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
	case n <= ps.Settled:
		return nil, errorf(ErrProposalDecided, "N", n)
	case p.Withdrawn:
		return nil, errorf(ErrProposalWithdrawn, "N", n)
	case p.By == who || slices.Contains(p.Supporters, who):
		return nil, errorf(ErrAlreadySupports, "N", n)
	}
	p.Supporters = append(p.Supporters, who)
	return p, nil
}

// Withdraw withdraws proposal n; only its proposer may. Amendments and
// additions to it fall with it.
func (ps *Proposals) Withdraw(n int, who string) (*Proposal, error) {
	p, err := ps.Get(n)
	if err != nil {
		return nil, err
	}
	switch {
	case n <= ps.Settled:
		return nil, errorf(ErrProposalDecided, "N", n)
	case p.By != who:
		return nil, errorf(ErrNotProposer, "N", n, "Proposer", p.By)
	case p.Withdrawn:
		return nil, errorf(ErrProposalWithdrawn, "N", n)
	}
	p.Withdrawn = true
	for i := range ps.List {
		if (ps.List[i].Kind == Amendment || ps.List[i].Kind == Addition) && ps.List[i].Amends == n {
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

// Live returns the current question's proposals not withdrawn.
func (ps *Proposals) Live() []Proposal {
	var out []Proposal
	for _, p := range ps.List[min(ps.Settled, len(ps.List)):] {
		if !p.Withdrawn {
			out = append(out, p)
		}
	}
	return out
}

// StepKind is the kind of a question in a voting order.
type StepKind string

// Step kinds, in the order they are put (the propositionsordning of
// Swedish föreningspraxis).
const (
	// StepFormal puts an ordningsyrkande (återremiss, bordläggning): bifall
	// against avslag. If it is carried, the matter is not decided today.
	StepFormal StepKind = "formal"
	// StepAmendment puts an ändringsyrkande against the wording it changes.
	StepAmendment StepKind = "amendment"
	// StepProposition is the main question: one proposition on all the
	// main alternatives, or a lone proposal against avslag. Where the
	// matter needs a qualified majority, the proposal chosen among
	// several is then put against avslag too, in a step of its own.
	StepProposition StepKind = "proposition"
	// StepCounter is a kontrapropositionsvotering: two alternatives other
	// than the huvudförslag meet, to find the motförslag. Ändringsyrkanden
	// that change the same wording meet so too, and the one left is then
	// put against that wording.
	StepCounter StepKind = "counter"
	// StepMain is the huvudvotering: the huvudförslag against the motförslag.
	StepMain StepKind = "main"
	// StepAddition puts a tilläggsyrkande, after the main question and only
	// if what it adds to was carried: bifall against avslag.
	StepAddition StepKind = "addition"
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
	// Demanded is set when a votering was demanded, by DemandedBy; on a
	// proposition among three or more alternatives it is held as
	// kontrapropositionsvoteringar rather than a poll. Secret asks for
	// a secret ballot (votering sluten), Open for an open votering with
	// the names recorded (öppen votering), whatever the meeting's default.
	Poll       int64
	Demanded   bool
	DemandedBy string
	Secret     bool
	Open       bool
	// WindowEnds is when the window for demanding a votering closes.
	WindowEnds time.Time
	// Majority is what the step's bifall needed; Lost is set when a count
	// missed it. Casting is set when the chair's casting vote decided a
	// tie, Lot when a lot drawn did.
	Majority Majority
	Lost     bool
	Casting  bool
	Lot      bool
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
	// Order is the order of proposals: ordningsyrkanden first, then
	// ändringsyrkanden, the main proposals, and tilläggsyrkanden last.
	Order []int
	Steps []Step
	// Window is how long after a declaration a votering may be demanded.
	Window time.Duration
	// Majority is what the item's matter needs.
	Majority Majority
	Done     bool
}

// DefaultVoteWindow is how long after a declaration anyone may demand a
// counted vote (votering), when the template does not say.
const DefaultVoteWindow = 30 * time.Second

// SuggestOrder is the standard propositionsordning for the live proposals:
// ordningsyrkanden first, ändringsyrkanden next, then the main proposals,
// and tilläggsyrkanden last.
func SuggestOrder(ps []Proposal) []int {
	var order []int
	for _, kind := range []ProposalKind{FormalMotion, Amendment, MainProposal, Addition} {
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
// except that ordningsyrkanden go before the rest, ändringsyrkanden before
// what they change and tilläggsyrkanden after what they add to.
func NewVoting(itemID int, ps *Proposals, order []int, window time.Duration, maj Majority) (*Voting, error) {
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
		if _, dup := pos[n]; dup || p.Withdrawn || n <= ps.Settled {
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
		if p.Kind == Addition && pos[n] < pos[p.Amends] {
			return nil, errorf(ErrAdditionLast, "N", n, "Adds", p.Amends)
		}
	}
	if window <= 0 {
		window = DefaultVoteWindow
	}
	v := &Voting{ItemID: itemID, Order: order, Window: window, Majority: maj}
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

// find returns the last step of a kind, or nil.
func (v *Voting) find(kind StepKind) *Step {
	for i := len(v.Steps) - 1; i >= 0; i-- {
		if v.Steps[i].Kind == kind {
			return &v.Steps[i]
		}
	}
	return nil
}

// put adds a question.
func (v *Voting) put(s Step) {
	if slices.Contains(s.Alternatives, Reject) && (s.Kind == StepProposition || s.Kind == StepAddition) {
		s.Majority = v.Majority
	}
	v.Steps = append(v.Steps, s)
}

// advance adds the next question, or marks the voting done.
func (v *Voting) advance(ps *Proposals) {
	put := map[int]bool{} // ordnings-, ändrings- and tilläggsyrkanden already put
	for _, s := range v.Steps {
		switch s.Kind {
		case StepFormal:
			if s.Winner != Reject {
				v.Done = true // the matter is referred or tabled: nothing more today
				return
			}
			fallthrough
		case StepAmendment, StepAddition:
			put[s.Alternatives[0]] = true
		case StepCounter:
			if s.Done && ps.List[s.Winner-1].Kind == Amendment { // the other is out
				put[s.Alternatives[0]+s.Alternatives[1]-s.Winner] = true
			}
		}
	}
	kind := func(n int) ProposalKind { return ps.List[n-1].Kind }
	for _, n := range v.Order {
		if put[n] {
			continue
		}
		switch kind(n) {
		case FormalMotion:
			v.put(Step{Kind: StepFormal, Alternatives: []int{n, Reject}})
			return
		case Amendment:
			if rival := v.rival(ps, n, put); rival > 0 {
				v.put(Step{Kind: StepCounter, Alternatives: []int{n, rival}})
			} else {
				v.put(Step{Kind: StepAmendment, Alternatives: []int{n, Reject}})
			}
			return
		}
	}
	var mains []int
	for _, n := range v.Order {
		if kind(n) == MainProposal {
			mains = append(mains, n)
		}
	}
	prop := v.find(StepProposition)
	switch {
	case prop == nil && len(mains) == 0:
		v.Done = true
		return
	case prop == nil && len(mains) == 1:
		v.put(Step{Kind: StepProposition, Alternatives: []int{mains[0], Reject}})
		return
	case prop == nil:
		v.put(Step{Kind: StepProposition, Alternatives: mains})
		return
	}
	winner := prop.Winner
	if prop.Demanded && prop.Poll == 0 { // votering among three or more
		huvud := prop.Alternatives[prop.Declared-1]
		others := slices.DeleteFunc(slices.Clone(prop.Alternatives), func(a int) bool { return a == huvud })
		main := v.find(StepMain)
		if main == nil {
			// The survivor of the kontrapropositionsvoteringar so far meets
			// the next of the others; the last survivor is the motförslag.
			survivor, next := others[0], 1
			if last := v.find(StepCounter); last != nil && kind(last.Alternatives[0]) == MainProposal {
				survivor, next = last.Winner, slices.Index(others, last.Alternatives[1])+1
			}
			if next < len(others) {
				v.put(Step{Kind: StepCounter, Alternatives: []int{survivor, others[next]}})
			} else {
				v.put(Step{Kind: StepMain, Alternatives: []int{huvud, survivor}, Demanded: true, DemandedBy: prop.DemandedBy, Secret: prop.Secret, Open: prop.Open})
			}
			return
		}
		winner = main.Winner
	}
	if v.Majority.Qualified() && !slices.Contains(prop.Alternatives, Reject) {
		// The meeting chose among the main proposals by simple majority;
		// the one chosen must still carry the matter with the majority it
		// needs, put against avslag.
		v.put(Step{Kind: StepProposition, Alternatives: []int{winner, Reject}})
		return
	}
	if winner != Reject {
		for _, n := range v.Order {
			if kind(n) == Addition && !put[n] && ps.List[n-1].Amends == winner {
				v.put(Step{Kind: StepAddition, Alternatives: []int{n, Reject}})
				return
			}
		}
	}
	v.Done = true
}

// rival is the next ändringsyrkande in the order, not yet put, that
// changes the same wording as amendment n, or 0. Two such meet first in
// a kontrapropositionsvotering: the meeting chooses which change to put
// against the wording, rather than carry both, one over the other.
func (v *Voting) rival(ps *Proposals, n int, put map[int]bool) int {
	for _, m := range v.Order {
		if p := ps.List[m-1]; m != n && !put[m] && p.Kind == Amendment && p.Amends == ps.List[n-1].Amends {
			return m
		}
	}
	return 0
}

// Position is the position (from 1) in s of the alternative a person
// types as n: a proposal's number, or Reject for avslag. Avslag of an
// ändringsyrkande keeps the wording it changes, so the number of the
// proposal changed means it too. A number that names no proposal of ps
// (the item's) but is the position of avslag means avslag, as it did
// when alternatives were typed by position; a proposal is never found by
// its position, nor does another proposal's number mean avslag.
func (s *Step) Position(n int, ps *Proposals) (int, error) {
	if i := slices.Index(s.Alternatives, n); i >= 0 {
		return i + 1, nil
	}
	if r := slices.Index(s.Alternatives, Reject); r >= 0 && n > 0 {
		named := ps != nil && n <= len(ps.List)
		a := s.Alternatives[0] // of an ändringsyrkande's step: the amendment
		if named && s.Kind == StepAmendment && a >= 1 && a <= len(ps.List) && ps.List[a-1].Amends == n || !named && n == r+1 {
			return r + 1, nil
		}
	}
	return 0, errorf(ErrNotAnAlternative, "N", n, "Alternatives", slices.Clone(s.Alternatives))
}

// PollStep is the step whose votering is poll id, or nil.
func (v *Voting) PollStep(id int64) *Step {
	for i := range v.Steps {
		if s := &v.Steps[i]; s.Poll == id {
			return s
		}
	}
	return nil
}

// Declare records the chair's finding on the current question:
// alternative n (1-based) has the acclamation, and the window for
// demanding a votering opens. Declaring the same alternative again while
// the window is open closes it at once (Settle then ends the question).
func (v *Voting) Declare(n int, now time.Time) (*Step, error) {
	s := v.Current()
	if s == nil {
		return nil, errorf(ErrNoQuestion)
	}
	if s.Demanded || s.Poll != 0 {
		return nil, errorf(ErrVoteDemanded, "ID", s.Poll)
	}
	if n < 1 || n > len(s.Alternatives) {
		return nil, errorf(ErrNoSuchAlternative, "N", n, "Count", len(s.Alternatives))
	}
	if s.Declared == n && v.WindowOpen(now) {
		s.WindowEnds = now
		return s, nil
	}
	s.Declared, s.DeclaredAt, s.WindowEnds = n, now, now.Add(v.Window)
	return s, nil
}

// windowEnds is when the window of s closes.
func (v *Voting) windowEnds(s *Step) time.Time {
	if s.WindowEnds.IsZero() {
		return s.DeclaredAt.Add(v.Window)
	}
	return s.WindowEnds
}

// WindowOpen reports whether a counted vote may still be demanded on the
// current question.
func (v *Voting) WindowOpen(now time.Time) bool {
	s := v.Current()
	return s != nil && s.Declared > 0 && !s.Demanded && s.Poll == 0 && now.Before(v.windowEnds(s))
}

// WindowEnds is when the current question's window closes.
func (v *Voting) WindowEnds() time.Time {
	if s := v.Current(); s != nil {
		return v.windowEnds(s)
	}
	return time.Time{}
}

// declared is the current question once the chair has declared a
// finding on it and no votering has been demanded, or why not.
func (v *Voting) declared() (*Step, error) {
	s := v.Current()
	switch {
	case s == nil:
		return nil, errorf(ErrNoQuestion)
	case s.Demanded || s.Poll != 0:
		return nil, errorf(ErrVoteDemanded, "ID", s.Poll)
	case s.Declared == 0:
		return nil, errorf(ErrNotDeclared)
	}
	return s, nil
}

// ExtendWindow gives the current question's window d from now.
func (v *Voting) ExtendWindow(d time.Duration, now time.Time) (*Step, error) {
	s, err := v.declared()
	if err != nil {
		return nil, err
	}
	s.WindowEnds = now.Add(d)
	return s, nil
}

// Demand notes that by demanded a votering on the current question:
// secret or open if asked (how), else as the meeting's polls are. With
// two alternatives it is a counted poll: Counting reports that, and the
// caller holds the poll and names it with Held. Among three or more, the
// alternative found becomes the huvudförslag and the next question is
// the first kontrapropositionsvotering.
func (v *Voting) Demand(ps *Proposals, by string, how Visibility, now time.Time) (*Step, error) {
	s, err := v.declared()
	if err != nil {
		return nil, err
	}
	if !v.WindowOpen(now) {
		return nil, errorf(ErrWindowClosed, "Window", v.Window)
	}
	s.Demanded, s.DemandedBy, s.Secret, s.Open = true, by, how == Secret, how == Open
	if len(s.Alternatives) > 2 {
		s.Winner, s.Done = s.Alternatives[s.Declared-1], true
		v.advance(ps)
	}
	return s, nil
}

// Counting reports whether the current question waits for a counted poll
// to be held: a votering demanded between two, or the huvudvotering.
func (v *Voting) Counting() bool {
	s := v.Current()
	return s != nil && s.Demanded && s.Poll == 0 && len(s.Alternatives) == 2
}

// Held names the poll that counts the current question.
func (v *Voting) Held(poll int64) error {
	if !v.Counting() {
		return errorf(ErrNoQuestion)
	}
	v.Current().Poll = poll
	return nil
}

// Settle ends the current question by the chair's declaration, once the
// window has passed with no vote demanded, and puts the next. It returns
// the step settled.
func (v *Voting) Settle(ps *Proposals, now time.Time) (Step, error) {
	s := v.Current()
	if s == nil || s.Declared == 0 || s.Demanded || s.Poll != 0 || v.WindowOpen(now) {
		return Step{}, errorf(ErrNoQuestion)
	}
	s.Winner, s.Done = s.Alternatives[s.Declared-1], true
	settled := *s
	v.advance(ps)
	return settled, nil
}

// Amended is the ändringsyrkande carried into proposal n so far in the
// voting, or 0. An ändringsyrkande is an alternative to the wording it
// changes: once carried, its wording is what is put and decided as n.
// At most one is carried into n: rival ändringsyrkanden meet first.
func (v *Voting) Amended(ps *Proposals, n int) int {
	amended := 0
	for _, s := range v.Steps {
		if s.Kind == StepAmendment && s.Done && s.Winner != Reject && ps.List[s.Winner-1].Amends == n {
			amended = s.Winner
		}
	}
	return amended
}

// Wording is the wording of proposal n as the meeting decides it: that
// of the ändringsyrkande carried into it, if any, else its own.
func (v *Voting) Wording(ps *Proposals, n int) string {
	if a := v.Amended(ps, n); a > 0 {
		return ps.List[a-1].Text
	}
	return ps.List[n-1].Text
}

// Count is the result of a counted vote on a question: votes per
// alternative, those that chose neither (blank or abstaining), the
// winning alternative's index as the poll's count decided it (ties are
// broken there, by the chair's casting vote or by lot; see Poll.Results),
// or -1 when nobody voted for an alternative, and whether the chair's
// casting vote decided it.
type Count struct {
	Counts    []int
	Abstained int
	Winner    int
	Casting   bool
	Lot       bool
}

// Counted ends the current question by the result of its counted vote.
// A winner of -1 leaves the declaration standing; the huvudvotering has
// none of its own, and there the chair's finding on the main question
// stands: the huvudförslag, its first alternative. A bifall that misses
// the majority the step needs is lost: avslag carries.
func (v *Voting) Counted(ps *Proposals, c Count) (Step, error) {
	s := v.Current()
	if s == nil || s.Poll == 0 || len(c.Counts) != len(s.Alternatives) || c.Winner >= len(c.Counts) {
		return Step{}, errorf(ErrNoQuestion)
	}
	s.Counts, s.Abstained, s.Casting, s.Lot = slices.Clone(c.Counts), c.Abstained, c.Casting, c.Lot
	winner := c.Winner
	if winner < 0 {
		winner = max(s.Declared-1, 0)
	}
	if s.Majority.Qualified() && s.Alternatives[1] == Reject &&
		!s.Majority.Carries(c.Counts[0], c.Counts[1]) {
		s.Lost = c.Counts[0] > 0 && c.Counts[0] >= c.Counts[1]
		winner, s.Casting, s.Lot = 1, false, false
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

// Outcome sums up a finished voting: the matter's decision (the main
// proposal carried, or rejected), the ändringsyrkanden carried into it,
// then each tilläggsyrkande carried, its own att-sats. A carried
// ordningsyrkande is the whole outcome.
func (v *Voting) Outcome(ps *Proposals) Outcome {
	var amendments, additions []Decided
	var final *Step
	for i := range v.Steps {
		s := v.Steps[i]
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
		case StepAddition:
			if s.Winner != Reject {
				additions = append(additions, Decided{Proposal: s.Winner, Step: s})
			}
		case StepProposition:
			if !s.Demanded || s.Poll != 0 {
				final = &v.Steps[i]
			}
		case StepMain:
			final = &v.Steps[i]
		}
	}
	if final == nil {
		return Outcome{}
	}
	if final.Winner == Reject {
		return Outcome{Carried: []Decided{{Proposal: final.Alternatives[0], Rejected: true, Step: *final}}}
	}
	out := Outcome{Carried: []Decided{{Proposal: final.Winner, Step: *final}}}
	for _, a := range amendments {
		if ps.List[a.Proposal-1].Amends == final.Winner {
			out.Carried = append(out.Carried, a)
		}
	}
	return Outcome{Carried: append(out.Carried, additions...)}
}
