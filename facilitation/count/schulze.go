package count

import "fmt"

// SchulzeResult is the outcome of a Schulze election.
type SchulzeResult struct {
	// D[i][j] is the number of ballots that rank i above j.
	D [][]int
	// P[i][j] is the strength of the strongest path from i to j, by
	// winning votes; 0 when there is none.
	P [][]int
	// Potential holds the potential winners: those i with P[i][j] >= P[j][i]
	// for every j.
	Potential []int
	// Winner is the elected candidate, or -1: when no ballot ranks anyone,
	// or while Need waits for a draw.
	Winner int
	// Need is the lot the count waits for when there are several potential
	// winners: Pick is 1 and the picked candidate wins.
	Need *Lot
}

// Schulze elects one candidate by the Schulze method with winning votes
// (Schulze, "A new monotonic, clone-independent, reversal symmetric, and
// Condorcet-consistent single-winner election method", Social Choice and
// Welfare 36 (2011) 267-303). A ballot may rank only some candidates:
// the unranked rank equal to each other, below every ranked one.
func Schulze(ballots [][]int, candidates int, draws [][]int) (SchulzeResult, error) {
	if candidates < 0 {
		return SchulzeResult{Winner: -1}, fmt.Errorf("schulze: %d candidates", candidates)
	}
	if err := checkBallots(ballots, candidates, -1); err != nil {
		return SchulzeResult{Winner: -1}, err
	}
	n := candidates
	r := SchulzeResult{D: square(n), P: square(n), Winner: -1}
	rank := make([]int, n) // rank[c]: position on the ballot, n when unranked
	ranked := false
	for _, b := range ballots {
		for c := range rank {
			rank[c] = n
		}
		for pos, c := range b {
			rank[c] = pos
		}
		for i := range n {
			for j := range n {
				if rank[i] < rank[j] {
					r.D[i][j]++
				}
			}
		}
		ranked = ranked || len(b) > 0
	}
	l := lots{draws: draws}
	if !ranked {
		return r, l.done()
	}
	for i := range n {
		for j := range n {
			if i != j && r.D[i][j] > r.D[j][i] {
				r.P[i][j] = r.D[i][j]
			}
		}
	}
	for k := range n {
		for i := range n {
			if i == k {
				continue
			}
			for j := range n {
				if j != i && j != k {
					r.P[i][j] = max(r.P[i][j], min(r.P[i][k], r.P[k][j]))
				}
			}
		}
	}
	for i := range n {
		beaten := false
		for j := range n {
			beaten = beaten || j != i && r.P[j][i] > r.P[i][j]
		}
		if !beaten {
			r.Potential = append(r.Potential, i)
		}
	}
	if len(r.Potential) == 1 {
		r.Winner = r.Potential[0]
		return r, l.done()
	}
	picked, ok, err := l.draw(r.Potential, 1)
	if err != nil || !ok {
		r.Need = l.need
		return r, err
	}
	r.Winner = picked[0]
	return r, l.done()
}

// square returns an n×n matrix of zeros.
func square(n int) [][]int {
	m := make([][]int, n)
	for i := range m {
		m[i] = make([]int, n)
	}
	return m
}
