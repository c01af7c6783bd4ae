package count

import (
	"errors"
	"reflect"
	"testing"
)

func TestBlock(t *testing.T) {
	// Candidates: 0 Ada, 1 Bo, 2 Cia, 3 Dan.
	tests := []struct {
		name    string
		ballots [][]int
		seats   int
		draws   [][]int
		elected []int
		need    *Lot
		vacant  int
	}{
		{"most marks win, in order of votes", [][]int{{1, 0}, {1, 2}, {1, 0}}, 2, nil, []int{1, 0}, nil, 0},
		{"tie inside the elected set needs no lot", [][]int{{0, 1}, {0, 1}, {2}}, 2, nil, []int{0, 1}, nil, 0},
		// The example: Ada and Bo elected, Cia and Dan tie for the third seat.
		{"tie at the last seat needs a lot", [][]int{{0, 1, 2}, {0, 1, 3}, {0, 1}}, 3, nil, []int{0, 1}, &Lot{Among: []int{2, 3}, Pick: 1}, 0},
		{"the draw elects the picked", [][]int{{0, 1, 2}, {0, 1, 3}, {0, 1}}, 3, [][]int{{3}}, []int{0, 1, 3}, nil, 0},
		{"a tie for two seats among three", [][]int{{0, 1}, {0, 2}, {3}}, 3, nil, []int{0}, &Lot{Among: []int{1, 2, 3}, Pick: 2}, 0},
		{"two picked of three", [][]int{{0, 1}, {0, 2}, {3}}, 3, [][]int{{3, 1}}, []int{0, 1, 3}, nil, 0},
		{"fewer candidates than seats", [][]int{{2, 0}, {2}}, 5, nil, []int{2, 0}, nil, 3},
		{"no ballots", nil, 2, nil, nil, nil, 2},
		{"only blank ballots", [][]int{{}, {}}, 2, nil, nil, nil, 2},
		{"no seats", [][]int{}, 0, nil, nil, nil, 0},
		{"no marks and more seats than candidates", [][]int{{}}, 5, nil, nil, nil, 5},
		// Nobody is elected whom nobody voted for, by lot or otherwise:
		// the seat stays vacant.
		{"unmarked candidates are not elected", [][]int{{0}}, 2, nil, []int{0}, nil, 1},
		{"a seat left to the unmarked stays vacant", [][]int{{0, 1}, {0}}, 3, nil, []int{0, 1}, nil, 1},
		{"a tie among the marked at the last seat still needs a lot", [][]int{{0, 1}, {0, 2}}, 2, nil, []int{0}, &Lot{Among: []int{1, 2}, Pick: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Block(tt.ballots, 4, tt.seats, tt.draws)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Elected, tt.elected) && len(r.Elected)+len(tt.elected) > 0 {
				t.Errorf("Elected = %v, want %v (counts %v)", r.Elected, tt.elected, r.Counts)
			}
			if !reflect.DeepEqual(r.Need, tt.need) {
				t.Errorf("Need = %+v, want %+v", r.Need, tt.need)
			}
			if r.Vacant != tt.vacant {
				t.Errorf("Vacant = %d, want %d", r.Vacant, tt.vacant)
			}
		})
	}
}

func TestBlockErrors(t *testing.T) {
	tests := []struct {
		name    string
		ballots [][]int
		draws   [][]int
		want    error
	}{
		{"too many marks", [][]int{{0, 1, 2}}, nil, ErrBallot},
		{"a candidate twice", [][]int{{1, 1}}, nil, ErrBallot},
		{"no such candidate", [][]int{{4}}, nil, ErrBallot},
		{"negative candidate", [][]int{{-1}}, nil, ErrBallot},
		{"draw too large", [][]int{{0, 1}, {2}}, [][]int{{0, 1, 2}}, ErrDraw},
		{"draw outside the tie", [][]int{{0, 1}, {2}}, [][]int{{0}}, ErrDraw},
		{"draw repeats a candidate", [][]int{{0, 1}, {2}, {3}}, [][]int{{1, 1}}, ErrDraw},
		{"draw never asked for", [][]int{{0, 1}}, [][]int{{2}}, ErrDraw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Block(tt.ballots, 4, 2, tt.draws); !errors.Is(err, tt.want) {
				t.Errorf("Block(%v, draws %v) error = %v, want %v", tt.ballots, tt.draws, err, tt.want)
			}
		})
	}
}
