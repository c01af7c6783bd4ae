package facilitation

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// proposals builds a list from kinds: "m" main, "f" formal, "aN" an
// amendment of N, "tN" an addition (tillägg) to N.
func proposals(t *testing.T, specs ...string) *Proposals {
	t.Helper()
	ps := &Proposals{}
	for i, s := range specs {
		kind, amends := MainProposal, 0
		switch s[0] {
		case 'f':
			kind = FormalMotion
		case 'a':
			kind, amends = Amendment, int(s[1]-'0')
		case 't':
			kind, amends = Addition, int(s[1]-'0')
		}
		if _, err := ps.Propose(kind, "att "+s, amends, "p"+string(rune('0'+i)), t0); err != nil {
			t.Fatalf("Propose(%q): %v", s, err)
		}
	}
	return ps
}

func TestSuggestOrder(t *testing.T) {
	tests := []struct {
		specs []string
		want  []int
	}{
		{[]string{"m"}, []int{1}},
		{[]string{"m", "m"}, []int{1, 2}},
		{[]string{"m", "a1", "f", "m"}, []int{3, 2, 1, 4}},
		{[]string{"m", "m", "m", "f", "f"}, []int{4, 5, 1, 2, 3}},
	}
	for _, tt := range tests {
		ps := proposals(t, tt.specs...)
		if got := SuggestOrder(ps.Live()); !slices.Equal(got, tt.want) {
			t.Errorf("SuggestOrder(%v) = %v, want %v", tt.specs, got, tt.want)
		}
	}
}

// step is a question as "kind:a,b" with 0 for avslag.
func stepString(s *Step) string {
	out := string(s.Kind) + ":"
	for i, a := range s.Alternatives {
		if i > 0 {
			out += ","
		}
		out += string(rune('0' + a))
	}
	return out
}

func TestVotingSteps(t *testing.T) {
	tests := []struct {
		name  string
		specs []string
		order []int
		maj   Majority
		// acts are what happens at each question: "N" the chair finds
		// alternative N and nobody demands a votering; "N!" the chair finds
		// N and a votering is demanded; "=a,b" the votering counts a and b.
		acts    []string
		want    []string // the questions put, in order
		carried []int    // the outcome's proposals
		reject  bool
	}{
		{"one proposal: bifall", []string{"m"}, nil, "", []string{"1"}, []string{"proposition:1,0"}, []int{1}, false},
		{"one proposal: avslag", []string{"m"}, nil, "", []string{"2"}, []string{"proposition:1,0"}, []int{1}, true},
		{"two against each other", []string{"m", "m"}, nil, "", []string{"2"}, []string{"proposition:1,2"}, []int{2}, false},
		{"three in one proposition", []string{"m", "m", "m"}, nil, "", []string{"3"}, []string{"proposition:1,2,3"}, []int{3}, false},
		{"three, votering: the found one is the huvudförslag", []string{"m", "m", "m"}, nil, "", []string{"2!", "1", "=4,5"},
			[]string{"proposition:1,2,3", "counter:1,3", "main:2,1"}, []int{1}, false},
		{"four: kontrapropositioner until one motförslag", []string{"m", "m", "m", "m"}, nil, "", []string{"1!", "2", "1", "=9,3"},
			[]string{"proposition:1,2,3,4", "counter:2,3", "counter:3,4", "main:1,3"}, []int{1}, false},
		{"formal motion carried ends it", []string{"m", "f"}, nil, "", []string{"1"}, []string{"formal:2,0"}, []int{2}, false},
		{"formal motion rejected, then the matter", []string{"m", "f"}, nil, "", []string{"2", "1"},
			[]string{"formal:2,0", "proposition:1,0"}, []int{1}, false},
		{"amendment before what it amends", []string{"m", "a1", "m"}, nil, "", []string{"1", "1"},
			[]string{"amendment:2,0", "proposition:1,3"}, []int{1, 2}, false},
		{"a carried amendment of the loser falls", []string{"m", "a1", "m"}, nil, "", []string{"1", "2"},
			[]string{"amendment:2,0", "proposition:1,3"}, []int{3}, false},
		{"a tillägg after the main question, its own att-sats", []string{"m", "t1", "t1"}, nil, "", []string{"1", "1", "2"},
			[]string{"proposition:1,0", "addition:2,0", "addition:3,0"}, []int{1, 2}, false},
		{"no tillägg once the main proposal fell", []string{"m", "t1"}, nil, "", []string{"2"},
			[]string{"proposition:1,0"}, []int{1}, true},
		{"2/3 missed: lost with the figures", []string{"m"}, nil, TwoThirds, []string{"1!", "=10,6"},
			[]string{"proposition:1,0"}, []int{1}, true},
		{"2/3 reached", []string{"m"}, nil, TwoThirds, []string{"1!", "=10,5"},
			[]string{"proposition:1,0"}, []int{1}, false},
		{"2/3 with rivals: the one chosen is then put against avslag", []string{"m", "m"}, nil, TwoThirds, []string{"2!", "=4,6", "1!", "=6,4"},
			[]string{"proposition:1,2", "proposition:2,0"}, []int{2}, true},
		{"2/3 with rivals, carried against avslag", []string{"m", "m", "t2"}, nil, TwoThirds, []string{"2", "1", "1"},
			[]string{"proposition:1,2", "proposition:2,0", "addition:3,0"}, []int{2, 3}, false},
		{"2/3 among three after the huvudvotering", []string{"m", "m", "m"}, nil, TwoThirds, []string{"2!", "1", "=4,5", "1!", "=7,2"},
			[]string{"proposition:1,2,3", "counter:1,3", "main:2,1", "proposition:1,0"}, []int{1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := proposals(t, tt.specs...)
			v, err := NewVoting(1, ps, tt.order, 0, tt.maj)
			if err != nil {
				t.Fatal(err)
			}
			now := t0
			var got []string
			for i := 0; v.Current() != nil; i++ {
				if i >= len(tt.acts) {
					t.Fatalf("more questions than expected: %v and %s", got, stepString(v.Current()))
				}
				if s := v.Current(); s.Poll == 0 && !s.Demanded || len(got) == 0 || got[len(got)-1] != stepString(s) {
					got = append(got, stepString(s))
				}
				act := tt.acts[i]
				switch {
				case strings.HasPrefix(act, "="):
					a, b, _ := strings.Cut(act[1:], ",")
					x, _ := strconv.Atoi(a)
					y, _ := strconv.Atoi(b)
					if v.Counting() {
						if err := v.Held(int64(i + 1)); err != nil {
							t.Fatal(err)
						}
					}
					w := 0
					if y > x {
						w = 1
					}
					if _, err := v.Counted(ps, Count{Counts: []int{x, y}, Winner: w}); err != nil {
						t.Fatal(err)
					}
				case strings.HasSuffix(act, "!"):
					n, _ := strconv.Atoi(strings.TrimSuffix(act, "!"))
					if _, err := v.Declare(n, now); err != nil {
						t.Fatal(err)
					}
					if _, err := v.Demand(ps, "x", "", now); err != nil {
						t.Fatal(err)
					}
					if v.Counting() {
						if err := v.Held(int64(i + 1)); err != nil {
							t.Fatal(err)
						}
					}
				default:
					n, _ := strconv.Atoi(act)
					if _, err := v.Declare(n, now); err != nil {
						t.Fatal(err)
					}
					now = now.Add(v.Window)
					if _, err := v.Settle(ps, now); err != nil {
						t.Fatal(err)
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("questions %v, want %v", got, tt.want)
			}
			var carried []int
			out := v.Outcome(ps)
			for _, d := range out.Carried {
				carried = append(carried, d.Proposal)
			}
			if !slices.Equal(carried, tt.carried) || len(out.Carried) > 0 && out.Carried[0].Rejected != tt.reject {
				t.Errorf("outcome %+v, want %v (rejected %v)", out, tt.carried, tt.reject)
			}
			if tt.maj.Qualified() && tt.reject && !out.Carried[0].Step.Lost {
				t.Errorf("a bifall short of %s is not marked lost: %+v", tt.maj, out.Carried[0].Step)
			}
		})
	}
}

func TestVotingBadInput(t *testing.T) {
	ps := proposals(t, "m", "a1", "f", "t1")
	tests := []struct {
		name  string
		order []int
		code  Code
	}{
		{"missing one", []int{3, 2}, ErrBadOrder},
		{"twice", []int{3, 2, 2, 4}, ErrBadOrder},
		{"no such", []int{3, 2, 9, 4}, ErrNoSuchProposal},
		{"formal late", []int{2, 1, 3, 4}, ErrFormalFirst},
		{"amendment after", []int{3, 1, 2, 4}, ErrAmendmentFirst},
		{"tillägg before", []int{3, 2, 4, 1}, ErrAdditionLast},
	}
	for _, tt := range tests {
		if _, err := NewVoting(1, ps, tt.order, 0, ""); ErrorCode(err) != tt.code {
			t.Errorf("%s: NewVoting(%v) = %v, want %s", tt.name, tt.order, err, tt.code)
		}
	}
	if _, err := NewVoting(1, &Proposals{}, nil, 0, ""); ErrorCode(err) != ErrNoProposals {
		t.Errorf("no proposals: %v", err)
	}
}

func TestDemandAndCount(t *testing.T) {
	ps := proposals(t, "m", "m")
	v, _ := NewVoting(1, ps, nil, 30*time.Second, "")
	if _, err := v.Demand(ps, "x", "", t0); ErrorCode(err) != ErrNotDeclared {
		t.Errorf("demand before a declaration: %v", err)
	}
	v.Declare(1, t0)
	if _, err := v.Demand(ps, "x", "", t0.Add(30*time.Second)); ErrorCode(err) != ErrWindowClosed {
		t.Errorf("demand after the window: %v", err)
	}
	// The chair extends the window; declaring the same again ends it.
	if _, err := v.ExtendWindow(2*time.Minute, t0.Add(10*time.Second)); err != nil || !v.WindowOpen(t0.Add(time.Minute)) {
		t.Errorf("extended window: %v, open %v", err, v.WindowOpen(t0.Add(time.Minute)))
	}
	if _, err := v.Declare(1, t0.Add(20*time.Second)); err != nil || v.WindowOpen(t0.Add(20*time.Second)) {
		t.Errorf("declare again: %v, window open %v", err, v.WindowOpen(t0.Add(20*time.Second)))
	}
	v.Declare(1, t0.Add(20*time.Second)) // a fresh declaration opens a fresh window
	if _, err := v.Demand(ps, "x", Secret, t0.Add(29*time.Second)); err != nil || !v.Counting() || !v.Current().Secret {
		t.Fatalf("demand: %v, counting %v", err, v.Counting())
	}
	if err := v.Held(7); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Settle(ps, t0.Add(time.Hour)); err == nil {
		t.Error("a demanded question was settled by the declaration")
	}
	s, err := v.Counted(ps, Count{Counts: []int{40, 41}, Abstained: 3, Winner: 1})
	if err != nil || s.Winner != 2 || !v.Done {
		t.Errorf("Counted = %+v, %v; want 2 carried and done", s, err)
	}
	// The count's winner carries, even against the declaration (a tie
	// broken by the casting vote or the lot, say).
	v, _ = NewVoting(1, ps, nil, 0, "")
	v.Declare(2, t0)
	v.Demand(ps, "x", "", t0)
	v.Held(8)
	if s, _ := v.Counted(ps, Count{Counts: []int{10, 10}, Winner: 0, Casting: true}); s.Winner != 1 || !s.Casting {
		t.Errorf("tie broken for 1: winner %d, want 1", s.Winner)
	}
	// Nobody voted for any alternative: the declaration stands.
	v, _ = NewVoting(1, ps, nil, 0, "")
	v.Declare(2, t0)
	v.Demand(ps, "x", "", t0)
	v.Held(8)
	if s, _ := v.Counted(ps, Count{Counts: []int{0, 0}, Abstained: 5, Winner: -1}); s.Winner != 2 {
		t.Errorf("no votes: winner %d, want the declared 2", s.Winner)
	}
	// Nobody voted in the huvudvotering, which has no declaration of its
	// own: the huvudförslag the chair found stands.
	ps = proposals(t, "m", "m", "m")
	v, _ = NewVoting(1, ps, nil, 0, "")
	v.Declare(2, t0)
	v.Demand(ps, "x", "", t0)
	v.Declare(1, t0)
	v.Settle(ps, t0.Add(time.Minute))
	if err := v.Held(9); err != nil || v.Current().Kind != StepMain {
		t.Fatalf("the huvudvotering was not put: %v, %+v", err, v.Current())
	}
	if s, err := v.Counted(ps, Count{Counts: []int{0, 0}, Winner: -1}); err != nil || s.Winner != 2 {
		t.Errorf("no votes in the huvudvotering: winner %d, %v; want the huvudförslag 2", s.Winner, err)
	}
}

func TestProposalsRules(t *testing.T) {
	ps := proposals(t, "m", "a1")
	if _, err := ps.Support(1, "p0"); ErrorCode(err) != ErrAlreadySupports {
		t.Errorf("the proposer supports: %v", err)
	}
	if _, err := ps.Support(1, "x"); err != nil {
		t.Error(err)
	}
	if _, err := ps.Withdraw(1, "x"); ErrorCode(err) != ErrNotProposer {
		t.Errorf("withdraw by another: %v", err)
	}
	if _, err := ps.Withdraw(1, "p0"); err != nil || !ps.List[1].Withdrawn {
		t.Errorf("withdraw: %v; the amendment falls with it: %v", err, ps.List[1].Withdrawn)
	}
	if _, err := ps.Propose(Amendment, "att x", 2, "y", t0); ErrorCode(err) != ErrCannotAmend {
		t.Errorf("amend an amendment: %v", err)
	}
	ps.Close()
	if _, err := ps.Propose(MainProposal, "att y", 0, "y", t0); ErrorCode(err) != ErrProposalsClosed {
		t.Errorf("after close: %v", err)
	}
}

func TestAdjournStopsTheClocks(t *testing.T) {
	m := New("1", "c", "T", "chair", Template{Agenda: []TemplateItem{{Title: "a", Timebox: 10 * time.Minute}}}, t0)
	m.Queue().Ask("ann", Speak, t0)
	m.Queue().Next(t0)
	if err := m.Adjourn(t0.Add(4*time.Minute), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := m.Adjourn(t0.Add(5*time.Minute), time.Time{}); ErrorCode(err) != ErrAdjourned {
		t.Errorf("adjourn twice: %v", err)
	}
	later := t0.Add(19 * time.Minute)
	it, _ := m.Agenda.Current()
	if got := it.Remaining(later); got != 6*time.Minute {
		t.Errorf("remaining while adjourned = %v, want 6m", got)
	}
	if got := m.Queue().Current.Duration(later); got != 4*time.Minute {
		t.Errorf("turn while adjourned = %v, want 4m", got)
	}
	if d, err := m.Resume(later); err != nil || d != 15*time.Minute {
		t.Fatalf("Resume = %v, %v", d, err)
	}
	if got := it.Remaining(later.Add(time.Minute)); got != 5*time.Minute {
		t.Errorf("remaining after resume = %v, want 5m", got)
	}
	if got := m.Queue().Current.Duration(later.Add(time.Minute)); got != 5*time.Minute {
		t.Errorf("turn after resume = %v, want 5m", got)
	}
	if _, err := m.Resume(later); ErrorCode(err) != ErrNotAdjourned {
		t.Errorf("resume twice: %v", err)
	}
}

func TestEntriesEditRemoveReserve(t *testing.T) {
	m := New("1", "c", "T", "chair", Template{}, t0)
	mm := &Minutes{}
	if _, err := m.Reserve(mm, "ann", 0, "", t0); ErrorCode(err) != ErrNoDecision {
		t.Errorf("reservation with no decision: %v", err)
	}
	m.Record(mm, Entry{Kind: Decision, Text: "att a", Texts: map[string]string{"sv": "att a", "en": "that a"}})
	m.Record(mm, Entry{Kind: Note, Text: "n"})
	m.Record(mm, Entry{Kind: Decision, Text: "att b"})
	if _, err := m.RemoveEntry(mm, Decision, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := m.EditEntry(mm, Decision, 2, "att c", t0); ErrorCode(err) != ErrNoSuchEntry {
		t.Errorf("edit a removed entry: %v", err)
	}
	if e, err := m.EditEntry(mm, Decision, 1, "att c", t0); err != nil || e.Text != "att c" || e.TextIn("en") != "att c" {
		t.Errorf("edit: %+v, %v; want the edited text in every language", e, err)
	}
	if e, err := m.Reserve(mm, "ann", 0, "why", t0); err != nil || e.Text != "att c" {
		t.Errorf("the reservation goes against the latest decision left: %+v, %v", e, err)
	}
	if _, err := m.Reserve(mm, "ann", 1, "", t0); ErrorCode(err) != ErrAlreadyReserved {
		t.Errorf("twice: %v", err)
	}
	m.Record(mm, Entry{Kind: Decision, Text: "att d", ItemID: 7})
	if _, err := m.Reserve(mm, "bo", 3, "", t0); ErrorCode(err) != ErrDecisionElsewhere {
		t.Errorf("against another item's decision: %v", err)
	}
	if e, err := m.Reserve(mm, "bo", 0, "", t0); err != nil || e.Text != "att c" {
		t.Errorf("the latest decision is the current item's, not another's: %+v, %v", e, err)
	}
	m.End(t0)
	if _, err := m.EditEntry(mm, Decision, 1, "att d", t0); err != nil {
		t.Errorf("after end, until the protokoll is justerat: %v", err)
	}
	m.Protokoll.Locked = t0
	if _, err := m.EditEntry(mm, Decision, 1, "att e", t0); ErrorCode(err) != ErrJusterat {
		t.Errorf("once justerat: %v", err)
	}
}

// TestWordingAsAmended: two ändringsyrkanden to one wording meet first
// (a kontrapropositionsvotering), and the one chosen is put against the
// wording; once carried, the proposal reads in its wording, and a
// rejected one changes nothing.
func TestWordingAsAmended(t *testing.T) {
	for _, tt := range []struct {
		name    string
		declare []int // the findings on 2 against 3, then on the one chosen against the wording
		want    string
		amended int
	}{
		{name: "the wording kept", declare: []int{1, 2}, want: "att m"},
		{name: "the first chosen and carried", declare: []int{1, 1}, want: "att a1", amended: 2},
		{name: "the second chosen and carried", declare: []int{2, 1}, want: "att a1x", amended: 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := proposals(t, "m", "a1", "a1x")
			v, err := NewVoting(1, ps, nil, time.Second, "")
			if err != nil {
				t.Fatal(err)
			}
			at := t0
			for _, n := range tt.declare {
				v.Declare(n, at)
				at = at.Add(time.Minute)
				if _, err := v.Settle(ps, at); err != nil {
					t.Fatal(err)
				}
			}
			if got := v.Wording(ps, 1); got != tt.want || v.Amended(ps, 1) != tt.amended {
				t.Errorf("Wording(1) = %q, Amended = %d; want %q, %d", got, v.Amended(ps, 1), tt.want, tt.amended)
			}
			if k := v.Steps[0].Kind; k != StepCounter || len(v.Steps) != 3 || v.Steps[1].Kind != StepAmendment || v.Steps[2].Kind != StepProposition {
				t.Errorf("steps %+v; want the amendments against each other, the one chosen against the wording, then the main question", v.Steps)
			}
		})
	}
}

// TestSettle: once a question is settled, its proposals are done with:
// the next question's are the live ones, and the settled can be neither
// amended, supported, withdrawn nor put again.
func TestSettle(t *testing.T) {
	ps := proposals(t, "m")
	ps.Closed = true
	ps.Settle()
	if len(ps.Live()) != 0 || ps.Closed {
		t.Fatalf("after Settle: %d live, closed %v; want none live and the list open", len(ps.Live()), ps.Closed)
	}
	if _, err := ps.Propose(MainProposal, "att n", 0, "y", t0); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"amend":    func() error { _, err := ps.Propose(Amendment, "att x", 1, "y", t0); return err }(),
		"support":  func() error { _, err := ps.Support(1, "z"); return err }(),
		"withdraw": func() error { _, err := ps.Withdraw(1, "p0"); return err }(),
	} {
		if ErrorCode(err) != ErrProposalDecided {
			t.Errorf("%s a settled proposal: %v; want ErrProposalDecided", name, err)
		}
	}
	if live := ps.Live(); len(live) != 1 || live[0].N != 2 {
		t.Errorf("Live() = %+v; want proposal 2 alone", live)
	}
	if _, err := NewVoting(1, ps, []int{1, 2}, time.Second, ""); ErrorCode(err) != ErrBadOrder {
		t.Errorf("an order with a settled proposal: %v; want ErrBadOrder", err)
	}
	if v, err := NewVoting(1, ps, nil, time.Second, ""); err != nil || !slices.Equal(v.Order, []int{2}) {
		t.Errorf("NewVoting = %+v, %v; want the order [2]", v, err)
	}
}

func TestStepPosition(t *testing.T) {
	// The item's proposals: 1 and 2 main, 3 changes 1's wording.
	ps := &Proposals{List: []Proposal{{N: 1, Kind: MainProposal}, {N: 2, Kind: MainProposal}, {N: 3, Kind: Amendment, Amends: 1}}}
	for _, tt := range []struct {
		name string
		kind StepKind
		alts []int
		n    int
		want int // 0: refused
	}{
		{"a proposal by its number", StepProposition, []int{1, 3}, 3, 2},
		{"the first proposal", StepProposition, []int{1, 3}, 1, 1},
		{"a position is not a proposal", StepProposition, []int{1, 3}, 2, 0},
		{"no such proposal", StepProposition, []int{2, 3, 4}, 1, 0},
		{"among three, by number", StepProposition, []int{2, 3, 4}, 3, 2},
		{"avslag by its word", StepProposition, []int{2, Reject}, Reject, 2},
		{"avslag by its old position, no proposal's number", StepProposition, []int{1, 2, 3, 4, Reject}, 5, 5},
		{"the position of avslag names a proposal", StepProposition, []int{2, Reject}, 2, 1},
		{"another proposal's number is not avslag", StepProposition, []int{1, Reject}, 2, 0},
		{"beyond the alternatives", StepProposition, []int{1, Reject}, 6, 0},
		{"no avslag to type", StepProposition, []int{1, 3}, Reject, 0},
		{"the wording an amendment changes keeps it", StepAmendment, []int{3, Reject}, 1, 2},
		{"another proposal is not the wording kept", StepAmendment, []int{3, Reject}, 2, 0},
		{"avslag first", StepAmendment, []int{Reject, 3}, 1, 0},
		{"avslag alone", StepAmendment, []int{Reject}, 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &Step{Kind: tt.kind, Alternatives: tt.alts}
			got, err := s.Position(tt.n, ps)
			if tt.want == 0 {
				if ErrorCode(err) != ErrNotAnAlternative {
					t.Errorf("Position(%d) = %d, %v; want ErrNotAnAlternative", tt.n, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Position(%d) = %d, %v; want %d", tt.n, got, err, tt.want)
			}
		})
	}
}
