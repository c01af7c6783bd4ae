package count

import (
	"errors"
	"reflect"
	"testing"
)

// repeat returns n copies of ballot b.
func repeat(n int, b ...int) [][]int {
	bs := make([][]int, n)
	for i := range bs {
		bs[i] = b
	}
	return bs
}

// TestIRVTennessee counts the example of the Wikipedia article
// "Instant-runoff voting" (section "Examples", the Tennessee capital
// election): 42 % Memphis > Nashville > Chattanooga > Knoxville, 26 %
// Nashville > Chattanooga > Knoxville > Memphis, 15 % Chattanooga >
// Knoxville > Nashville > Memphis, 17 % Knoxville > Chattanooga >
// Nashville > Memphis. Chattanooga goes out first, then Nashville, and
// Knoxville wins with 58 against Memphis's 42.
func TestIRVTennessee(t *testing.T) {
	const memphis, nashville, chattanooga, knoxville = 0, 1, 2, 3
	var ballots [][]int
	ballots = append(ballots, repeat(42, memphis, nashville, chattanooga, knoxville)...)
	ballots = append(ballots, repeat(26, nashville, chattanooga, knoxville, memphis)...)
	ballots = append(ballots, repeat(15, chattanooga, knoxville, nashville, memphis)...)
	ballots = append(ballots, repeat(17, knoxville, chattanooga, nashville, memphis)...)
	r, err := IRV(ballots, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Round{
		{Counts: []int{42, 26, 15, 17}, Eliminated: []int{chattanooga}},
		{Counts: []int{42, 26, 0, 32}, Eliminated: []int{nashville}},
		{Counts: []int{42, 0, 0, 58}},
	}
	if r.Winner != knoxville || r.Need != nil || !reflect.DeepEqual(r.Rounds, want) {
		t.Errorf("IRV(Tennessee) = %+v, want winner Knoxville, rounds %+v", r, want)
	}
}

// TestIRV keeps the semantics of facilitation's earlier instantRunoff (the
// cases of facilitation/poll_test.go), with lots where it reported a tie.
func TestIRV(t *testing.T) {
	// Candidates: 0 Ada, 1 Bo, 2 Cy, 3 Di.
	tests := []struct {
		name       string
		ballots    [][]int
		draws      [][]int
		winner     int
		eliminated [][]int
		need       *Lot
	}{
		{"majority in the first round", [][]int{{0}, {0}, {1}}, nil, 0, [][]int{nil}, nil},
		{
			"transfers decide",
			[][]int{{0, 1}, {0, 1}, {1, 0}, {1, 0}, {2, 1}},
			nil, 1, [][]int{{3}, {2}, nil}, nil,
		},
		{
			// Cy and Di tie at 1, together fewer than anyone else: both go.
			"tie for fewest eliminated together when safe",
			[][]int{{0}, {0}, {0}, {1}, {1}, {1}, {2, 1}, {3, 1}},
			nil, 1, [][]int{{2, 3}, nil}, nil,
		},
		{
			// Cy and Di tie at 1 but together (2) reach Ada and Bo (2 each).
			"unbreakable tie for fewest needs a lot",
			[][]int{{0}, {0}, {1}, {1}, {2, 1}, {3, 1}},
			nil, -1, [][]int{nil}, &Lot{Among: []int{2, 3}, Pick: 1},
		},
		{
			// Di is drawn out; Bo 3, Cy 1: Cy goes and Bo wins 4 of 6.
			"the draw eliminates the picked",
			[][]int{{0}, {0}, {1}, {1}, {2, 1}, {3, 1}},
			[][]int{{3}}, 1, [][]int{{3}, {2}, nil}, nil,
		},
		{
			// Round 2: Ada 2, Bo 2, Cy 3; Ada and Bo tied in round 1 too.
			"tie no earlier round breaks needs a lot",
			[][]int{{0}, {0}, {1}, {1}, {2}, {2}, {3, 2}},
			nil, -1, [][]int{{3}, nil}, &Lot{Among: []int{0, 1}, Pick: 1},
		},
		{
			"tie no earlier round breaks, replayed",
			[][]int{{0}, {0}, {1}, {1}, {2}, {2}, {3, 2}},
			[][]int{{0}}, 2, [][]int{{3}, {0}, nil}, nil,
		},
		{
			// Round 2: Ada 4, Bo 3, Cy 3, but Bo had fewer in round 1.
			"tie broken by an earlier round",
			[][]int{{0}, {0}, {0}, {0}, {1, 2}, {1, 2}, {2}, {2}, {2}, {3, 1}},
			nil, 2, [][]int{{3}, {1}, nil}, nil,
		},
		{"everyone left tied: the lot picks the winner", [][]int{{0}, {1}}, nil, -1, [][]int{{2, 3}, nil}, &Lot{Among: []int{0, 1}, Pick: 1}},
		// Three tie in every round: the lot drops one, and the ballots'
		// second preferences decide (C's voters rank A next, so C never wins).
		{"three left tied: the lot eliminates one", [][]int{{0, 1}, {0, 1}, {1, 0}, {1, 0}, {2, 0}, {2, 0}}, nil, -1, [][]int{{3}, nil}, &Lot{Among: []int{0, 1, 2}, Pick: 1}},
		{"three left tied, C drawn out", [][]int{{0, 1}, {0, 1}, {1, 0}, {1, 0}, {2, 0}, {2, 0}}, [][]int{{2}}, 0, [][]int{{3}, {2}, nil}, nil},
		{"three left tied, A drawn out", [][]int{{0, 1}, {0, 1}, {1, 0}, {1, 0}, {2, 0}, {2, 0}}, [][]int{{0}}, 1, [][]int{{3}, {0}, nil}, nil},
		{"everyone left tied, replayed", [][]int{{0}, {1}}, [][]int{{1}}, 1, [][]int{{2, 3}, nil}, nil},
		{"exhausted ballots do not count", [][]int{{0}, {0}, {1}, {1}, {2}}, nil, -1, [][]int{{3}, {2}, nil}, &Lot{Among: []int{0, 1}, Pick: 1}},
		{"no ballots", nil, nil, -1, [][]int{nil}, nil},
		{"only blank ballots", [][]int{{}, {}}, nil, -1, [][]int{nil}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := IRV(tt.ballots, 4, tt.draws)
			if err != nil {
				t.Fatal(err)
			}
			var elim [][]int
			for _, rd := range r.Rounds {
				elim = append(elim, rd.Eliminated)
			}
			if r.Winner != tt.winner || !reflect.DeepEqual(elim, tt.eliminated) || !reflect.DeepEqual(r.Need, tt.need) {
				t.Errorf("IRV = winner %d, eliminated %v, need %+v; want %d, %v, %+v (rounds %+v)",
					r.Winner, elim, r.Need, tt.winner, tt.eliminated, tt.need, r.Rounds)
			}
		})
	}
}

func TestIRVExhausted(t *testing.T) {
	r, err := IRV([][]int{{0}, {0}, {1}, {1}, {2}}, 4, [][]int{{0}})
	if err != nil {
		t.Fatal(err)
	}
	if last := r.Rounds[len(r.Rounds)-1]; r.Winner != 0 || last.Exhausted != 1 {
		t.Errorf("IRV = winner %d, last round %+v; want winner 0 with 1 exhausted", r.Winner, last)
	}
}

func TestIRVErrors(t *testing.T) {
	tests := []struct {
		name    string
		ballots [][]int
		draws   [][]int
		want    error
	}{
		{"a candidate twice", [][]int{{1, 0, 1}}, nil, ErrBallot},
		{"no such candidate", [][]int{{0, 4}}, nil, ErrBallot},
		{"draw of two for one", [][]int{{0}, {1}}, [][]int{{0, 1}}, ErrDraw},
		{"draw outside the tie", [][]int{{0}, {1}}, [][]int{{2}}, ErrDraw},
		{"draw never asked for", [][]int{{0}}, [][]int{{0}}, ErrDraw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := IRV(tt.ballots, 4, tt.draws); !errors.Is(err, tt.want) {
				t.Errorf("IRV(%v, draws %v) error = %v, want %v", tt.ballots, tt.draws, err, tt.want)
			}
		})
	}
}

// TestIRVBurlington2009 counts the ballots of the 2009 mayoral election of
// Burlington, Vermont (testdata/README.md) and compares the rounds with
// the city's official "2009 Burlington Mayor Detail Report" (ChoicePlus
// Pro). The official count dropped Smith, Write-in and Simpson at once,
// their defeat being mathematically inevitable; this count drops them one
// by one, so its rounds 1, 4 and 5 are the official rounds 1, 2 and 3.
// Kiss wins 4,313 to 4,061, with 606 ballots exhausted.
func TestIRVBurlington2009(t *testing.T) {
	e := readBLT(t, "testdata/burlington-2009-mayor.blt.gz")
	const kiss, montroll, simpson, smith, wright, writeIn = 0, 1, 2, 3, 4, 5
	if e.candidates[kiss] != "Bob Kiss" || e.candidates[wright] != "Kurt Wright" || e.candidates[writeIn] != "Write-in" {
		t.Fatalf("candidates %q", e.candidates)
	}
	r, err := IRV(e.ballots, len(e.candidates), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rounds) != 5 {
		t.Fatalf("%d rounds, want 5: %+v", len(r.Rounds), r.Rounds)
	}
	official := []struct {
		round     int // this count's round
		counts    []int
		exhausted int
	}{
		{1, []int{2585, 2063, 35, 1306, 2951, 36}, 4},
		{4, []int{2981, 2554, 0, 0, 3294, 0}, 151},
		{5, []int{4313, 0, 0, 0, 4061, 0}, 606},
	}
	for _, o := range official {
		rd := r.Rounds[o.round-1]
		if !reflect.DeepEqual(rd.Counts, o.counts) || rd.Exhausted != o.exhausted {
			t.Errorf("round %d = %v, exhausted %d; official %v, exhausted %d", o.round, rd.Counts, rd.Exhausted, o.counts, o.exhausted)
		}
	}
	var order []int
	for _, rd := range r.Rounds {
		order = append(order, rd.Eliminated...)
	}
	if want := []int{simpson, writeIn, smith, montroll}; !reflect.DeepEqual(order, want) {
		t.Errorf("eliminated %v, want %v", order, want)
	}
	if r.Winner != kiss {
		t.Errorf("winner %q, want Bob Kiss", e.candidates[r.Winner])
	}
}
