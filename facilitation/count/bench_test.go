package count

import (
	"math/rand/v2"
	"testing"
)

// randomBallots returns n ballots over the candidates, each ranking (or
// marking) between 1 and maxLen of them, drawn with a fixed seed and a
// preference for the lower indexes, so that counts have real transfers.
func randomBallots(n, candidates, maxLen int) [][]int {
	rng := rand.New(rand.NewPCG(2026, 11))
	ballots := make([][]int, n)
	for i := range ballots {
		order := rng.Perm(candidates)
		for j := 1; j < len(order); j++ {
			if k := rng.IntN(j + 1); order[k] > order[j] && rng.IntN(3) == 0 {
				order[k], order[j] = order[j], order[k]
			}
		}
		ballots[i] = order[:1+rng.IntN(maxLen)]
	}
	return ballots
}

// BenchmarkSTVBoard counts a board election: 5 seats, 9 candidates, 300
// ballots.
func BenchmarkSTVBoard(b *testing.B) {
	ballots := randomBallots(300, 9, 9)
	for b.Loop() {
		if _, err := STV(ballots, 9, 5, nil); err != nil {
			b.Fatal(err)
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
		if _, err := Block(ballots, 9, 5, nil); err != nil {
			b.Fatal(err)
		}
	}
}
