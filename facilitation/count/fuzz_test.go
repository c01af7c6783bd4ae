package count

import (
	"errors"
	"slices"
	"testing"
)

// FuzzCounts runs every count on small arbitrary inputs, answers every lot
// with the first Pick of Among, and checks that nothing panics, that the
// lots come to an end, and the results' basic invariants.
func FuzzCounts(f *testing.F) {
	f.Add([]byte{4, 2, 3, 0, 1, 2, 1, 3, 2, 2, 1})
	f.Add([]byte{3, 1, 1, 0, 1, 1, 1, 2})
	f.Add([]byte{5, 3, 0, 0, 0})
	f.Add([]byte{0, 0})
	f.Add([]byte{2, 4, 2, 1, 1, 2, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 600 {
			return
		}
		candidates, seats := int(data[0]%9), int(data[1]%6)
		var ballots [][]int
		for rest := data[2:]; len(rest) > 0; {
			n := min(int(rest[0]%8), len(rest)-1)
			b := make([]int, n)
			for i := range b {
				b[i] = int(rest[1+i]) % (candidates + 1) // candidates itself is out of range
			}
			ballots = append(ballots, b)
			rest = rest[1+n:]
		}
		answer := func(name string, count func(draws [][]int) (*Lot, []int, error)) {
			var draws [][]int
			for range 2*candidates + 3 {
				need, elected, err := count(draws)
				if errors.Is(err, ErrBallot) {
					return
				}
				if err != nil {
					t.Fatalf("%s(%v, %d candidates, %d seats, draws %v): %v", name, ballots, candidates, seats, draws, err)
				}
				if len(slices.Compact(slices.Sorted(slices.Values(elected)))) != len(elected) {
					t.Fatalf("%s elected %v twice", name, elected)
				}
				if need == nil {
					return
				}
				if need.Pick < 1 || need.Pick >= len(need.Among) {
					t.Fatalf("%s needs a lot of %d among %v", name, need.Pick, need.Among)
				}
				draws = append(draws, need.Among[:need.Pick])
			}
			t.Fatalf("%s(%v, %d candidates, %d seats) asks for lots without end", name, ballots, candidates, seats)
		}
		answer("Block", func(draws [][]int) (*Lot, []int, error) {
			r, err := Block(ballots, candidates, seats, draws)
			if len(r.Elected) > seats {
				t.Fatalf("Block elected %v for %d seats", r.Elected, seats)
			}
			return r.Need, r.Elected, err
		})
		answer("IRV", func(draws [][]int) (*Lot, []int, error) {
			r, err := IRV(ballots, candidates, draws)
			return r.Need, nil, err
		})
		answer("Schulze", func(draws [][]int) (*Lot, []int, error) {
			r, err := Schulze(ballots, candidates, draws)
			return r.Need, nil, err
		})
		answer("STV", func(draws [][]int) (*Lot, []int, error) {
			r, err := STV(ballots, candidates, seats, draws)
			if err != nil {
				return nil, nil, err
			}
			if len(r.Elected) > seats {
				t.Fatalf("STV elected %v for %d seats", r.Elected, seats)
			}
			for _, s := range r.Stages {
				sum := s.NonTransferable
				for _, v := range s.Votes {
					sum += v
				}
				if sum > Value(r.Valid)*One {
					t.Fatalf("STV stage %+v counts %v votes of %d", s, sum, r.Valid)
				}
			}
			return r.Need, r.Elected, nil
		})
	})
}
