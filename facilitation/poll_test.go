package facilitation

import (
	"reflect"
	"testing"
	"time"
)

func mustPoll(t *testing.T, spec PollSpec) *Poll {
	t.Helper()
	p, err := NewPoll(spec, "chair", t0)
	if err != nil {
		t.Fatalf("NewPoll(%+v): %v", spec, err)
	}
	return p
}

func TestNewPollErrors(t *testing.T) {
	tests := []struct {
		spec PollSpec
		want Code
	}{
		{PollSpec{Kind: Single, Options: []string{"a", "b"}}, ErrEmptyText},
		{PollSpec{Question: "Q", Kind: Single, Options: []string{"a"}}, ErrPollOptions},
		{PollSpec{Question: "Q", Kind: Multi, Options: []string{"a", "b"}, MaxChoices: 3}, ErrMultiOutOfRange},
		// A qualified majority means something only between two, or for one seat.
		{PollSpec{Question: "Q", Kind: Single, Options: []string{"a", "b", "c"}, Majority: TwoThirds}, ErrMajorityNotHere},
		{PollSpec{Question: "Q", Kind: Multi, Options: []string{"a", "b"}, MaxChoices: 2, Majority: Absolute}, ErrMajorityNotHere},
		{PollSpec{Question: "Q", Kind: Elect, Options: []string{"a", "b", "c"}, Seats: 2, Majority: Absolute}, ErrMajorityNotHere},
		{PollSpec{Question: "Q", Kind: Single, Options: []string{"a", "b"}, CloseAfter: -time.Minute}, ErrBadDuration},
		{PollSpec{Question: "Q", Kind: Single, Options: []string{"a", "b"}, CloseAfter: 25 * time.Hour}, ErrBadDuration},
		{PollSpec{Question: "Q", Kind: YesNo}, ""},
		{PollSpec{Question: "Q", Kind: Fist}, ""},
	}
	for _, tt := range tests {
		_, err := NewPoll(tt.spec, "x", t0)
		if got := ErrorCode(err); got != tt.want {
			t.Errorf("NewPoll(%+v) error = %v, want %q", tt.spec, err, tt.want)
		}
	}
}

func TestVoteValidation(t *testing.T) {
	tests := []struct {
		name string
		spec PollSpec
		nums []string
		want Code
	}{
		{"single ok", PollSpec{Kind: Single, Options: []string{"a", "b"}}, []string{"2"}, ""},
		{"option zero", PollSpec{Kind: Single, Options: []string{"a", "b"}}, []string{"0"}, ErrNoSuchOption},
		{"option too high", PollSpec{Kind: Single, Options: []string{"a", "b"}}, []string{"3"}, ErrNoSuchOption},
		{"not a number", PollSpec{Kind: Single, Options: []string{"a", "b"}}, []string{"b"}, ErrNoSuchOption},
		{"no choice", PollSpec{Kind: Single, Options: []string{"a", "b"}}, nil, ErrNoChoice},
		{"two for single", PollSpec{Kind: Single, Options: []string{"a", "b"}}, []string{"1", "2"}, ErrTooManyChoices},
		{"multi within limit", PollSpec{Kind: Multi, Options: []string{"a", "b", "c"}, MaxChoices: 2}, []string{"1", "3"}, ""},
		{"multi over limit", PollSpec{Kind: Multi, Options: []string{"a", "b", "c"}, MaxChoices: 2}, []string{"1", "2", "3"}, ErrTooManyChoices},
		{"duplicate choice", PollSpec{Kind: Multi, Options: []string{"a", "b", "c"}, MaxChoices: 2}, []string{"1", "1"}, ErrDuplicateChoice},
		{"fist zero fingers", PollSpec{Kind: Fist}, []string{"0"}, ""},
		{"fist six fingers", PollSpec{Kind: Fist}, []string{"6"}, ErrNoSuchOption},
		{"ranked full", PollSpec{Kind: Ranked, Options: []string{"a", "b", "c"}}, []string{"3", "1", "2"}, ""},
		{"ranked partial", PollSpec{Kind: Ranked, Options: []string{"a", "b", "c"}}, []string{"2"}, ""},
		{"ranked repeat", PollSpec{Kind: Ranked, Options: []string{"a", "b", "c"}}, []string{"2", "2"}, ErrDuplicateChoice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Question = "Q"
			p := mustPoll(t, tt.spec)
			b, err := p.ParseChoices(tt.nums)
			if err == nil {
				_, err = p.Vote(Everyone, "ann", b)
			}
			if got := ErrorCode(err); got != tt.want {
				t.Fatalf("vote %v: error %v, want %q", tt.nums, err, tt.want)
			}
			if wantTurnout := map[bool]int{true: 1, false: 0}[tt.want == ""]; p.Turnout() != wantTurnout {
				t.Errorf("turnout = %d, want %d", p.Turnout(), wantTurnout)
			}
		})
	}
}

func TestVoteChangesAndSecrecy(t *testing.T) {
	for _, vis := range []Visibility{Open, Anonymous} {
		p := mustPoll(t, PollSpec{Question: "Q", Kind: YesNo, Visibility: vis})
		if c, err := p.Vote(Everyone, "ann", Ballot{0}); c.Changed || err != nil {
			t.Fatalf("%s first vote = %v, %v", vis, c, err)
		}
		if c, err := p.Vote(Everyone, "ann", Ballot{1}); !c.Changed || err != nil {
			t.Fatalf("%s second vote = %v, %v; want changed", vis, c, err)
		}
		if got := p.Results().Counts; !reflect.DeepEqual(got, []int{0, 1, 0}) {
			t.Errorf("%s counts = %v, want the changed vote only", vis, got)
		}
	}
	p := mustPoll(t, PollSpec{Question: "Q", Kind: YesNo, Visibility: Secret})
	if _, err := p.Vote(Everyone, "ann", Ballot{0}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Vote(Everyone, "ann", Ballot{1}); ErrorCode(err) != ErrAlreadyVoted {
		t.Fatalf("second secret vote error = %v, want ErrAlreadyVoted", err)
	}
	if p.ShowsCounts() {
		t.Error("a secret poll shows counts before it closes")
	}
	if err := p.Close(t0, "chair"); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(t0, "chair"); ErrorCode(err) != ErrPollClosed {
		t.Errorf("closing a closed poll: %v, want ErrPollClosed", err)
	}
	if _, err := p.Vote(Everyone, "bo", Ballot{0}); ErrorCode(err) != ErrPollClosed {
		t.Errorf("vote after close: %v, want ErrPollClosed", err)
	}
	if r := p.Results(); r.Turnout != 1 || r.Counts[0] != 1 || r.Winners[0] != 0 {
		t.Errorf("results = %+v", r)
	}
}

func TestResults(t *testing.T) {
	tests := []struct {
		name    string
		spec    PollSpec
		votes   [][]string
		counts  []int
		percent []float64
		winners []int
		average float64
	}{
		{"nobody voted", PollSpec{Kind: Single, Options: []string{"a", "b"}}, nil, []int{0, 0}, []float64{0, 0}, nil, 0},
		{"clear winner", PollSpec{Kind: Single, Options: []string{"a", "b"}}, [][]string{{"1"}, {"1"}, {"2"}, {"1"}},
			[]int{3, 1}, []float64{75, 25}, []int{0}, 0},
		// Abstaining is no choice: Yes and No tie, and the abstention is not in it.
		{"tie", PollSpec{Kind: YesNo}, [][]string{{"1"}, {"2"}, {"3"}}, []int{1, 1, 1}, []float64{100. / 3, 100. / 3, 100. / 3}, []int{0, 1}, 0},
		// A multiple-choice poll chooses its MaxChoices (see TestElections).
		{"multi percent of voters", PollSpec{Kind: Multi, Options: []string{"a", "b", "c"}, MaxChoices: 2}, [][]string{{"1", "2"}, {"1"}},
			[]int{2, 1, 0}, []float64{100, 50, 0}, nil, 0},
		{"fist average, no winner", PollSpec{Kind: Fist}, [][]string{{"5"}, {"3"}, {"4"}}, []int{0, 0, 0, 1, 1, 1},
			[]float64{0, 0, 0, 100. / 3, 100. / 3, 100. / 3}, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Question = "Q"
			p := mustPoll(t, tt.spec)
			for i, v := range tt.votes {
				b, err := p.ParseChoices(v)
				if err == nil {
					_, err = p.Vote(Everyone, string(rune('a'+i)), b)
				}
				if err != nil {
					t.Fatalf("vote %v: %v", v, err)
				}
			}
			r := p.Results()
			if !reflect.DeepEqual(r.Counts, tt.counts) || !reflect.DeepEqual(r.Percent, tt.percent) ||
				!reflect.DeepEqual(r.Winners, tt.winners) || r.Average != tt.average {
				t.Errorf("Results() = %+v\nwant counts %v percent %v winners %v average %v", r, tt.counts, tt.percent, tt.winners, tt.average)
			}
			if tt.spec.Kind == Fist && len(tt.votes) > 0 && r.Lowest != 3 {
				t.Errorf("Lowest = %d, want 3", r.Lowest)
			}
			if r.Tie() != (len(tt.winners) > 1) {
				t.Errorf("Tie() = %v", r.Tie())
			}
		})
	}
}

func TestInstantRunoff(t *testing.T) {
	// Options: 0 Ada, 1 Bo, 2 Cy, 3 Di.
	tests := []struct {
		name       string
		ballots    []Ballot
		winners    []int
		eliminated [][]int
		lot        []int
	}{
		{"majority in the first round", []Ballot{{0}, {0}, {1}}, []int{0}, [][]int{nil}, nil},
		{
			"transfers decide",
			[]Ballot{{0, 1}, {0, 1}, {1, 0}, {1, 0}, {2, 1}},
			[]int{1}, [][]int{{3}, {2}, nil}, nil,
		},
		{
			// Cy and Di tie for fewest in round 1 (1 each; Ada and Bo 3): together
			// they have fewer than anyone else, so both go; Bo then has a majority.
			"tie for fewest eliminated together when safe",
			[]Ballot{{0}, {0}, {0}, {1}, {1}, {1}, {2, 1}, {3, 1}},
			[]int{1}, [][]int{{2, 3}, nil}, nil,
		},
		{
			// Cy and Di tie at 1 but together (2) reach Ada and Bo (2 each):
			// excluding both could change the result, so lots must be drawn.
			"unbreakable tie for fewest needs a draw",
			[]Ballot{{0}, {0}, {1}, {1}, {2, 1}, {3, 1}},
			nil, [][]int{nil}, []int{2, 3},
		},
		{
			// Round 1: Ada 2, Bo 2, Cy 2, Di 1 -> Di out, goes to Cy (3).
			// Round 2: Ada 2, Bo 2, Cy 3 -> Ada and Bo tie for fewest now and
			// tied in round 1 too; together (4) they outnumber Cy: a draw.
			"tie no earlier round breaks needs a draw",
			[]Ballot{{0}, {0}, {1}, {1}, {2}, {2}, {3, 2}},
			nil, [][]int{{3}, nil}, []int{0, 1},
		},
		{
			// Round 1: Ada 4, Bo 2, Cy 3, Di 1 -> Di out, to Bo.
			// Round 2: Ada 4, Bo 3, Cy 3: Bo and Cy tie for fewest, but in
			// round 1 Bo had fewer: Bo alone goes, and his ballots elect Cy.
			"tie broken by an earlier round",
			[]Ballot{{0}, {0}, {0}, {0}, {1, 2}, {1, 2}, {2}, {2}, {2}, {3, 1}},
			[]int{2}, [][]int{{3}, {1}, nil}, nil,
		},
		// Everyone left ties: the winner is drawn by lot.
		{"everyone left tied", []Ballot{{0}, {1}}, []int{0, 1}, [][]int{{2, 3}, nil}, []int{0, 1}},
		{"exhausted ballots do not count", []Ballot{{0}, {0}, {1}, {1}, {2}}, []int{0, 1}, [][]int{{3}, {2}, nil}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPoll(t, PollSpec{Question: "Q", Kind: Ranked, Options: []string{"Ada", "Bo", "Cy", "Di"}, Visibility: Secret})
			for i, b := range tt.ballots {
				if _, err := p.Vote(Everyone, string(rune('a'+i)), b); err != nil {
					t.Fatal(err)
				}
			}
			r := p.Results()
			if !reflect.DeepEqual(r.Winners, tt.winners) {
				t.Errorf("winners = %v, want %v (rounds %+v)", r.Winners, tt.winners, r.Rounds)
			}
			var elim [][]int
			for _, rd := range r.Rounds {
				elim = append(elim, rd.Eliminated)
			}
			if !reflect.DeepEqual(elim, tt.eliminated) {
				t.Errorf("eliminated = %v, want %v", elim, tt.eliminated)
			}
			if !reflect.DeepEqual(r.Lot, tt.lot) {
				t.Errorf("lot = %v, want %v", r.Lot, tt.lot)
			}
		})
	}
}
