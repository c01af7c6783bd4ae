package count

import (
	"cmp"
	"fmt"
	"slices"
)

// BlockResult is the outcome of a block vote.
type BlockResult struct {
	Counts  []int // marks per candidate
	Ballots int   // ballots counted, blank ones included
	// Elected holds the elected in order of votes; candidates with equal
	// votes follow in index order, and those picked by the lot come last.
	Elected []int
	// Need is the lot the count waits for: Need.Pick of Need.Among, who tie
	// for the last seats, are drawn and the picked ones are elected.
	Need *Lot
	// Vacant is the number of seats left empty because fewer candidates
	// than seats had a mark: they call for a new election (fyllnadsval).
	Vacant int
}

// Block counts a block vote ("flest röster"): each ballot marks up to seats
// candidates, and the seats candidates with the most marks are elected.
// A tie that straddles the last seat is decided by lot; a tie wholly inside
// the elected set needs none. A candidate nobody marked is never elected,
// by lot or for want of others: with no more marked candidates than seats,
// all of them are elected and the other seats stay vacant.
func Block(ballots [][]int, candidates, seats int, draws [][]int) (BlockResult, error) {
	if candidates < 0 || seats < 0 {
		return BlockResult{}, fmt.Errorf("block vote: %d candidates and %d seats", candidates, seats)
	}
	if err := checkBallots(ballots, candidates, seats); err != nil {
		return BlockResult{}, err
	}
	r := BlockResult{Counts: make([]int, candidates), Ballots: len(ballots)}
	for _, b := range ballots {
		for _, c := range b {
			r.Counts[c]++
		}
	}
	l := lots{draws: draws}
	if seats == 0 {
		return r, l.done()
	}
	order := seq(candidates)
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(r.Counts[b], r.Counts[a]) })
	if unmarked := slices.IndexFunc(order, func(c int) bool { return r.Counts[c] == 0 }); unmarked >= 0 {
		order = order[:unmarked] // sorted by marks: the unmarked come last
	}
	if seats >= len(order) {
		r.Elected, r.Vacant = order, seats-len(order)
		return r, l.done()
	}
	last := r.Counts[order[seats-1]]
	if r.Counts[order[seats]] != last {
		r.Elected = order[:seats]
		return r, l.done()
	}
	sure := slices.IndexFunc(order, func(c int) bool { return r.Counts[c] == last })
	tied := slices.DeleteFunc(slices.Clone(order[sure:]), func(c int) bool { return r.Counts[c] != last })
	r.Elected = slices.Clone(order[:sure])
	picked, ok, err := l.draw(tied, seats-sure)
	if err != nil || !ok {
		r.Need = l.need
		return r, err
	}
	r.Elected = append(r.Elected, picked...)
	return r, l.done()
}
