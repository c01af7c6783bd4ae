package count

import (
	"errors"
	"reflect"
	"testing"
)

func TestValueString(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{0, "0.00000"},
		{5, "0.00005"},
		{One, "1.00000"},
		{123456789, "1234.56789"},
		{-1, "-0.00001"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("Value(%d).String() = %q, want %q", int64(tt.v), got, tt.want)
		}
	}
}

// stageSummary is what a test checks of a stage.
type stageSummary struct {
	Kind      StageKind
	Candidate int
	Votes     []Value
	Elected   []int
}

func summarize(r STVResult) []stageSummary {
	var ss []stageSummary
	for _, s := range r.Stages {
		ss = append(ss, stageSummary{s.Kind, s.Candidate, s.Votes, s.Elected})
	}
	return ss
}

// v returns whole votes as Values.
func v(ns ...int) []Value {
	vs := make([]Value, len(ns))
	for i, n := range ns {
		vs[i] = Value(n) * One
	}
	return vs
}

func TestSTVRules(t *testing.T) {
	tests := []struct {
		name       string
		ballots    [][]int
		candidates int
		seats      int
		draws      [][]int
		elected    []int
		stages     []stageSummary
		need       *Lot
		vacant     int
	}{
		{
			// Quota 10/3+1 = 4. Ada's surplus of 3 passes at 3/7 =
			// 0.42857 a paper (rule 48(3), remainder ignored): Bo gets
			// 2.99999 and stays below the quota; Cy is excluded and Bo
			// fills the last vacancy (rule 52).
			name:       "truncated transfer values",
			ballots:    append(append(repeat(7, 0, 1), repeat(2, 2)...), []int{1}),
			candidates: 3, seats: 2,
			elected: []int{0, 1},
			stages: []stageSummary{
				{FirstPreferences, -1, v(7, 1, 2), []int{0}},
				{SurplusTransfer, 0, []Value{4 * One, 399999, 2 * One}, nil},
				{Exclusion, 2, []Value{4 * One, 399999, 0}, []int{1}},
			},
		},
		{
			// Quota 7. Di goes first; then Bo and Cy tie at 4, but at stage
			// 1 Bo had 4 and Cy 3: Cy is excluded (rule 51(2)(a)).
			name:       "exclusion tie broken by an earlier stage",
			ballots:    append(append(append(repeat(5, 0), repeat(4, 1)...), repeat(3, 2)...), []int{3, 2}),
			candidates: 4, seats: 1,
			elected: []int{0},
			stages: []stageSummary{
				{FirstPreferences, -1, v(5, 4, 3, 1), nil},
				{Exclusion, 3, v(5, 4, 4, 0), nil},
				{Exclusion, 2, v(5, 4, 0, 0), nil},
				{Exclusion, 1, v(5, 0, 0, 0), []int{0}},
			},
		},
		{
			name:       "exclusion tie at every stage needs a lot",
			ballots:    append(append(repeat(3, 0), repeat(3, 1)...), []int{2}, []int{3}),
			candidates: 4, seats: 1,
			stages: []stageSummary{{FirstPreferences, -1, v(3, 3, 1, 1), nil}},
			need:   &Lot{Among: []int{2, 3}, Pick: 1},
		},
		{
			// Di is drawn out, Cy goes next; Ada and Bo then tie at every
			// stage: a second lot.
			name:       "the first draw is replayed, the second asked for",
			ballots:    append(append(repeat(3, 0), repeat(3, 1)...), []int{2}, []int{3}),
			candidates: 4, seats: 1,
			draws: [][]int{{3}},
			stages: []stageSummary{
				{FirstPreferences, -1, v(3, 3, 1, 1), nil},
				{Exclusion, 3, v(3, 3, 1, 0), nil},
				{Exclusion, 2, v(3, 3, 0, 0), nil},
			},
			need: &Lot{Among: []int{0, 1}, Pick: 1},
		},
		{
			name:       "both draws replayed",
			ballots:    append(append(repeat(3, 0), repeat(3, 1)...), []int{2}, []int{3}),
			candidates: 4, seats: 1,
			draws:   [][]int{{3}, {1}},
			elected: []int{0},
			stages: []stageSummary{
				{FirstPreferences, -1, v(3, 3, 1, 1), nil},
				{Exclusion, 3, v(3, 3, 1, 0), nil},
				{Exclusion, 2, v(3, 3, 0, 0), nil},
				{Exclusion, 1, v(3, 0, 0, 0), []int{0}},
			},
		},
		{
			// Quota 3: Ada and Bo both have a surplus of 1, equal at every
			// stage (rule 49(3)).
			name:       "equal surpluses need a lot",
			ballots:    append(append(repeat(4, 0, 2), repeat(4, 1, 3)...), []int{2}, []int{3}),
			candidates: 4, seats: 3,
			elected: []int{0, 1},
			stages:  []stageSummary{{FirstPreferences, -1, v(4, 4, 1, 1), []int{0, 1}}},
			need:    &Lot{Among: []int{0, 1}, Pick: 1},
		},
		{
			// Bo's surplus goes first (0.25 a paper to Di), then Ada's (to
			// Cy). Cy and Di tie at 2, but Cy had less at stage 2.
			name:       "the drawn surplus goes first",
			ballots:    append(append(repeat(4, 0, 2), repeat(4, 1, 3)...), []int{2}, []int{3}),
			candidates: 4, seats: 3,
			draws:   [][]int{{1}},
			elected: []int{0, 1, 3},
			stages: []stageSummary{
				{FirstPreferences, -1, v(4, 4, 1, 1), []int{0, 1}},
				{SurplusTransfer, 1, v(4, 3, 1, 2), nil},
				{SurplusTransfer, 0, v(3, 3, 2, 2), nil},
				{Exclusion, 2, v(3, 3, 0, 2), []int{3}},
			},
		},
		{
			name:       "fewer candidates than seats",
			ballots:    [][]int{{0, 1}, {0}, {2}},
			candidates: 3, seats: 5,
			elected: []int{0, 2, 1},
			stages:  []stageSummary{{FirstPreferences, -1, v(2, 0, 1), []int{0, 2, 1}}},
			vacant:  2,
		},
		{
			// Nobody is elected whom no ballot names, and no lot is drawn
			// to exclude them: the seat stays vacant.
			name:       "candidates on no ballot are not elected",
			ballots:    [][]int{{0, 1}, {0}, {1}},
			candidates: 5, seats: 3,
			elected: []int{0, 1},
			stages:  []stageSummary{{FirstPreferences, -1, v(2, 1, 0, 0, 0), []int{0, 1}}},
			vacant:  1,
		},
		{
			name:       "empty ballots are not valid",
			ballots:    [][]int{{}, {0}, {}, {1}, {1}},
			candidates: 2, seats: 1,
			elected: []int{1},
			stages:  []stageSummary{{FirstPreferences, -1, v(1, 2), []int{1}}},
		},
		{
			name:       "no ballots",
			candidates: 3, seats: 2,
			stages: []stageSummary{{FirstPreferences, -1, v(0, 0, 0), nil}},
			vacant: 2,
		},
		{
			name:       "no seats",
			ballots:    [][]int{{0}},
			candidates: 2,
			stages:     []stageSummary{{FirstPreferences, -1, v(1, 0), nil}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := STV(tt.ballots, tt.candidates, tt.seats, tt.draws)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(r); !reflect.DeepEqual(got, tt.stages) {
				t.Errorf("stages:\n got %+v\nwant %+v", got, tt.stages)
			}
			if !reflect.DeepEqual(r.Elected, tt.elected) || !reflect.DeepEqual(r.Need, tt.need) || r.Vacant != tt.vacant {
				t.Errorf("elected %v, need %+v, vacant %d; want %v, %+v, %d", r.Elected, r.Need, r.Vacant, tt.elected, tt.need, tt.vacant)
			}
		})
	}
}

func TestSTVNonTransferable(t *testing.T) {
	// Quota 7/3+1 = 3. Ada's surplus of 1 passes at 1/4 = 0.25 a paper: two
	// papers go on to Bo, two have no next preference.
	r, err := STV([][]int{{0, 1}, {0, 1}, {0}, {0}, {1}, {2}, {2}}, 3, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Stages[1]
	if s.Kind != SurplusTransfer || s.Transferred != One || s.NonTransferable != One/2 || s.Votes[1] != 3*One/2 {
		t.Errorf("stage 2 = %+v, want Ada's surplus 1: Bo 1.5, non-transferable 0.5", s)
	}
	if r.Quota != 3*One || r.Valid != 7 {
		t.Errorf("quota %v, valid %d; want 3, 7", r.Quota, r.Valid)
	}
}

func TestSTVErrors(t *testing.T) {
	ballots := append(append(repeat(3, 0), repeat(3, 1)...), []int{2}, []int{3})
	tests := []struct {
		name    string
		ballots [][]int
		draws   [][]int
		want    error
	}{
		{"a candidate twice", [][]int{{0, 1, 0}}, nil, ErrBallot},
		{"no such candidate", [][]int{{4}}, nil, ErrBallot},
		{"draw outside the tie", ballots, [][]int{{0}}, ErrDraw},
		{"draw of two", ballots, [][]int{{2, 3}}, ErrDraw},
		{"empty draw", ballots, [][]int{{}}, ErrDraw},
		{"draw never asked for", ballots, [][]int{{3}, {1}, {0}}, ErrDraw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := STV(tt.ballots, 4, 1, tt.draws); !errors.Is(err, tt.want) {
				t.Errorf("STV(%v, draws %v) error = %v, want %v", tt.ballots, tt.draws, err, tt.want)
			}
		})
	}
	if _, err := STV(nil, -1, 1, nil); err == nil {
		t.Error("STV with -1 candidates: no error")
	}
}
