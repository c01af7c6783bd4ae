package count

import (
	"cmp"
	"fmt"
	"slices"
)

// Round is one count of an instant-runoff election.
type Round struct {
	Counts     []int // first preferences among options still in
	Eliminated []int // options dropped after this round
	Exhausted  int   // ballots with no option left
}

// IRVResult is the outcome of an instant-runoff election.
type IRVResult struct {
	Rounds []Round
	// Winner is the elected candidate, or -1: when no ballot ranks anyone,
	// or while Need waits for a draw.
	Winner int
	// Need is the lot the count waits for. It is one of:
	//   - a tie for last place (of three or more still in, all of them):
	//     Pick is 1 and the picked candidate is eliminated;
	//   - a tie of the last two: Pick is 1 and the picked candidate wins.
	Need *Lot
}

// IRV elects one candidate by instant runoff. Each round counts every
// ballot for its highest-ranked candidate still in; one with a majority of
// the ballots still counting wins, as does the last one left. Otherwise the
// candidates with the fewest votes are eliminated: a tie for fewest is
// broken by the earlier rounds' counts, latest first; candidates still tied
// go out together when together they have fewer votes than every other
// candidate still in, and otherwise one of them is eliminated by lot, as
// is one of three or more that tie in every round: their ballots' lower
// preferences still decide between the rest. When the last two tie in
// every round, the winner is drawn by lot.
func IRV(ballots [][]int, candidates int, draws [][]int) (IRVResult, error) {
	if candidates < 0 {
		return IRVResult{Winner: -1}, fmt.Errorf("instant runoff: %d candidates", candidates)
	}
	if err := checkBallots(ballots, candidates, -1); err != nil {
		return IRVResult{Winner: -1}, err
	}
	r := IRVResult{Winner: -1}
	l := lots{draws: draws}
	out := make([]bool, candidates)
	remaining := candidates
	for remaining > 0 {
		rd := Round{Counts: make([]int, candidates)}
		live := 0
		for _, b := range ballots {
			i := slices.IndexFunc(b, func(c int) bool { return !out[c] })
			if i < 0 {
				rd.Exhausted++
				continue
			}
			rd.Counts[b[i]]++
			live++
		}
		if live == 0 {
			r.Rounds = append(r.Rounds, rd)
			break
		}
		in := slices.DeleteFunc(seq(candidates), func(c int) bool { return out[c] })
		leaders := extreme(rd.Counts, in, 1)
		if len(leaders) == 1 && 2*rd.Counts[leaders[0]] > live || remaining == 1 {
			r.Rounds = append(r.Rounds, rd)
			r.Winner = leaders[0]
			break
		}
		losers := extreme(rd.Counts, in, -1)
		for k := len(r.Rounds) - 1; k >= 0 && len(losers) > 1; k-- {
			losers = extreme(r.Rounds[k].Counts, losers, -1)
		}
		if len(losers) == remaining && remaining == 2 {
			r.Rounds = append(r.Rounds, rd)
			picked, ok, err := l.draw(losers, 1)
			if err != nil || !ok {
				r.Need = l.need
				return r, err
			}
			r.Winner = picked[0]
			break
		}
		if len(losers) > 1 && (len(losers) == remaining || !safeToExclude(rd.Counts, losers, in)) {
			picked, ok, err := l.draw(losers, 1)
			if err != nil || !ok {
				r.Rounds = append(r.Rounds, rd)
				r.Need = l.need
				return r, err
			}
			losers = picked
		}
		for _, c := range losers {
			out[c] = true
		}
		remaining -= len(losers)
		rd.Eliminated = losers
		r.Rounds = append(r.Rounds, rd)
	}
	return r, l.done()
}

// safeToExclude reports whether the tied losers together have fewer votes
// than every other candidate in.
func safeToExclude(counts, losers, in []int) bool {
	sum := 0
	for _, c := range losers {
		sum += counts[c]
	}
	for _, c := range in {
		if !slices.Contains(losers, c) && counts[c] <= sum {
			return false
		}
	}
	return true
}

// extreme returns the candidates of among with the highest count (dir 1)
// or the lowest (dir -1), in index order.
func extreme(counts []int, among []int, dir int) []int {
	best := slices.MaxFunc(among, func(a, b int) int { return dir * cmp.Compare(counts[a], counts[b]) })
	return slices.DeleteFunc(slices.Clone(among), func(c int) bool { return counts[c] != counts[best] })
}

// seq returns 0..n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
