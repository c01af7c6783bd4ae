package count

import (
	"errors"
	"reflect"
	"testing"
)

// TestSchulzeExample counts Markus Schulze's 45-voter example, the worked
// example of the Wikipedia article "Schulze method" (section "Example") and
// Example 1 of his page "User:MarkusSchulze/Schulze method examples":
// 5 ACBED, 5 ADECB, 8 BEDAC, 3 CABED, 7 CAEBD, 2 CBADE, 7 DCEBA, 8 EBADC.
// The d and p matrices are the published ones; E wins.
func TestSchulzeExample(t *testing.T) {
	const a, b, c, d, e = 0, 1, 2, 3, 4
	var ballots [][]int
	for _, g := range []struct {
		n     int
		order []int
	}{
		{5, []int{a, c, b, e, d}},
		{5, []int{a, d, e, c, b}},
		{8, []int{b, e, d, a, c}},
		{3, []int{c, a, b, e, d}},
		{7, []int{c, a, e, b, d}},
		{2, []int{c, b, a, d, e}},
		{7, []int{d, c, e, b, a}},
		{8, []int{e, b, a, d, c}},
	} {
		ballots = append(ballots, repeat(g.n, g.order...)...)
	}
	r, err := Schulze(ballots, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantD := [][]int{
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	}
	wantP := [][]int{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	}
	if !reflect.DeepEqual(r.D, wantD) {
		t.Errorf("d = %v, want %v", r.D, wantD)
	}
	if !reflect.DeepEqual(r.P, wantP) {
		t.Errorf("p = %v, want %v", r.P, wantP)
	}
	if r.Winner != e || !reflect.DeepEqual(r.Potential, []int{e}) || r.Need != nil {
		t.Errorf("winner %d, potential %v, need %v; want E alone", r.Winner, r.Potential, r.Need)
	}
}

func TestSchulze(t *testing.T) {
	tests := []struct {
		name    string
		ballots [][]int
		draws   [][]int
		winner  int
		need    *Lot
	}{
		{"Condorcet winner", [][]int{{0, 1, 2}, {1, 0, 2}, {0, 2, 1}}, nil, 0, nil},
		// Unranked candidates rank equal, below the ranked: 2 beats 0 and 1
		// on two ballots of three.
		{"partial rankings", [][]int{{2}, {2}, {0, 1}}, nil, 2, nil},
		{"a cycle of equal strength needs a lot", [][]int{{0, 1, 2}, {1, 2, 0}, {2, 0, 1}}, nil, -1, &Lot{Among: []int{0, 1, 2}, Pick: 1}},
		{"the draw picks the winner", [][]int{{0, 1, 2}, {1, 2, 0}, {2, 0, 1}}, [][]int{{2}}, 2, nil},
		{"a pairwise tie", [][]int{{0}, {1}}, nil, -1, &Lot{Among: []int{0, 1}, Pick: 1}},
		{"no ballots", nil, nil, -1, nil},
		{"only blank ballots", [][]int{{}}, nil, -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Schulze(tt.ballots, 3, tt.draws)
			if err != nil {
				t.Fatal(err)
			}
			if r.Winner != tt.winner || !reflect.DeepEqual(r.Need, tt.need) {
				t.Errorf("Schulze = winner %d, need %+v; want %d, %+v (d %v, p %v)", r.Winner, r.Need, tt.winner, tt.need, r.D, r.P)
			}
		})
	}
}

func TestSchulzeErrors(t *testing.T) {
	if _, err := Schulze([][]int{{0, 0}}, 3, nil); !errors.Is(err, ErrBallot) {
		t.Errorf("a candidate twice: error = %v, want ErrBallot", err)
	}
	if _, err := Schulze([][]int{{0}, {1}}, 3, [][]int{{2}}); !errors.Is(err, ErrDraw) {
		t.Errorf("draw outside the tie: error = %v, want ErrDraw", err)
	}
}
