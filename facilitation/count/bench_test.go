package count

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomBallots returns n ballots over the candidates, each ranking (or
// marking) between 1 and maxLen of them. They are drawn with a fixed seed,
// candidate c with weight 1/(c+1), so that counts have real transfers.
func randomBallots(n, candidates, maxLen int) [][]int {
	rng := rand.New(rand.NewPCG(2026, 11))
	ballots := make([][]int, n)
	keys := make([]float64, candidates)
	for i := range ballots {
		for c := range keys {
			keys[c] = rng.ExpFloat64() * float64(c+1)
		}
		order := seq(candidates)
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		ballots[i] = order[:1+rng.IntN(maxLen)]
	}
	return ballots
}

// BenchmarkSTVBoard counts a board election: 5 seats, 9 candidates, 300
// ballots.
func BenchmarkSTVBoard(b *testing.B) {
	ballots := randomBallots(300, 9, 9)
	for b.Loop() {
		if r, err := STV(ballots, 9, 5, nil); err != nil || r.Need != nil || len(r.Stages) < 5 {
			b.Fatalf("STV = %d stages, need %v, error %v", len(r.Stages), r.Need, err)
		}
	}
}

// BenchmarkSTVLeithWalk counts Edinburgh 2017 ward 12, Leith Walk: 4 seats,
// 10 candidates, 10,649 ballots, 9 stages.
func BenchmarkSTVLeithWalk(b *testing.B) {
	e := readBLT(b, "testdata/edinburgh-2017-ward-12-leith-walk.blt.gz")
	for b.Loop() {
		if _, err := STV(e.ballots, len(e.candidates), e.seats, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBlock counts a block vote of 5,000 ballots: 5 seats, 9
// candidates.
func BenchmarkBlock(b *testing.B) {
	ballots := randomBallots(5000, 9, 5)
	for b.Loop() {
		if r, err := Block(ballots, 9, 5, nil); err != nil || len(r.Elected) != 5 {
			b.Fatalf("Block = %+v, error %v", r, err)
		}
	}
}
