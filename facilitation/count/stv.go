package count

import (
	"cmp"
	"fmt"
	"slices"
)

// StageKind says what a stage of an STV count did.
type StageKind int

// The kinds of stage.
const (
	FirstPreferences StageKind = iota // rule 45: the first preferences are counted
	SurplusTransfer                   // rules 48 and 49: an elected candidate's surplus is transferred
	Exclusion                         // rules 50 and 51: the lowest candidate is excluded
)

func (k StageKind) String() string {
	switch k {
	case FirstPreferences:
		return "first preferences"
	case SurplusTransfer:
		return "surplus transfer"
	case Exclusion:
		return "exclusion"
	}
	return fmt.Sprintf("StageKind(%d)", int(k))
}

// Stage is one stage of an STV count.
type Stage struct {
	Kind StageKind
	// Candidate is the one whose surplus was transferred, or who was
	// excluded; -1 at the first stage.
	Candidate int
	// Transferred is the surplus transferred, or the excluded candidate's
	// votes; 0 at the first stage.
	Transferred Value
	// Votes holds each candidate's votes at the end of the stage. An elected
	// candidate whose surplus has been transferred keeps the quota; an
	// excluded one has 0.
	Votes []Value
	// NonTransferable is the total value of the ballot papers that had no
	// next preference for a continuing candidate, up to this stage. Votes
	// lost to truncation are in neither Votes nor NonTransferable.
	NonTransferable Value
	// Elected holds the candidates deemed elected at the end of the stage,
	// in order of election (rules 47 and 52).
	Elected []int
}

// STVResult is the outcome of an STV count.
type STVResult struct {
	Quota Value
	Valid int // valid ballot papers: ballots with a first preference
	// Elected holds the elected in order of election. Candidates elected at
	// the same stage are in order of votes at that stage, then of votes at
	// the latest earlier stage where they differ, then of index.
	Elected []int
	Stages  []Stage
	// Need is the lot the count waits for: Pick is 1 and
	//   - for equal surpluses (rule 49(3)), the picked candidate's surplus
	//     is transferred first;
	//   - for a tie for exclusion (rule 51(2)(b)), the picked candidate is
	//     excluded.
	Need *Lot
	// Vacant is the number of seats left empty because fewer candidates
	// than seats were on any ballot.
	Vacant int
}

// maxSTVBallots keeps the fixed-point products of a surplus transfer
// (a paper's value times the surplus) within an int64.
const maxSTVBallots = 50_000_000

// STV counts ranked ballots by single transferable vote as The Scottish
// Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, rules
// 45 to 52 specify:
//   - 45: each valid ballot paper (one with a first preference) counts one
//     vote for its first preference;
//   - 46: the quota is floor(valid papers / (seats+1)) + 1;
//   - 47: a candidate with at least the quota at the end of a stage is
//     deemed elected;
//   - 48: a surplus (votes above the quota) is transferred by the weighted
//     inclusive Gregory method: every paper the candidate holds passes to
//     its next continuing preference at the value
//     surplus × (the paper's value) / (the candidate's votes), calculated
//     to five decimal places, any remainder ignored; papers with no such
//     preference are non-transferable;
//   - 49: the largest surplus goes first; equal surpluses are ordered by
//     the votes at the latest earlier stage where they differ, then by lot;
//   - 50: when no surplus is left to transfer, the continuing candidate
//     with fewest votes is excluded and all their papers pass on at the
//     value they had;
//   - 51: a tie for fewest is broken by the votes at the latest earlier
//     stage where they differ, then by lot;
//   - 52: when the continuing candidates are no more than the vacancies
//     left, they are deemed elected and nothing more is transferred.
//
// Each transfer or exclusion is one stage. Unlike other STV rules, these
// never defer a surplus: every surplus is transferred, largest first, as
// long as vacancies remain and rule 52 does not fill them. When several
// candidates tie,
// the earlier stages narrow them stage by stage, latest first, before a lot
// is drawn. When no ballot is valid, nobody is elected.
//
// One departure, for an association that elects nobody whom nobody voted
// for: a candidate no ballot names is out of the count from the start, as
// if withdrawn. Rule 52 does not deem them elected, and no lot is drawn
// to exclude them; seats left over stay vacant.
func STV(ballots [][]int, candidates, seats int, draws [][]int) (STVResult, error) {
	if candidates < 0 || seats < 0 {
		return STVResult{}, fmt.Errorf("stv: %d candidates and %d seats", candidates, seats)
	}
	if len(ballots) > maxSTVBallots {
		return STVResult{}, fmt.Errorf("stv: %d ballots, at most %d can be counted", len(ballots), maxSTVBallots)
	}
	if err := checkBallots(ballots, candidates, -1); err != nil {
		return STVResult{}, err
	}
	c := stvCount{
		votes:  make([]Value, candidates),
		state:  make([]stvState, candidates),
		papers: make([]paper, 0, len(ballots)),
		piles:  make([][]int, candidates),
		lots:   lots{draws: draws},
	}
	err := c.run(ballots, seats)
	c.r.Need = c.lots.need
	if err == nil {
		err = c.lots.done()
	}
	return c.r, err
}

type stvState int

const (
	continuing stvState = iota
	elected
	excluded
)

// paper is a ballot paper: its preferences, the position of the candidate
// holding it, and its current value.
type paper struct {
	prefs []int
	at    int
	value Value
}

// stvCount is the state of one count.
type stvCount struct {
	r               STVResult
	votes           []Value
	state           []stvState
	papers          []paper
	piles           [][]int // piles[c]: indexes of the papers credited to c
	pending         []int   // elected candidates whose surplus is not yet transferred
	nonTransferable Value
	lots            lots
}

func (c *stvCount) run(ballots [][]int, seats int) error {
	// Nobody is elected whom no ballot names.
	for x := range c.state {
		c.state[x] = excluded
	}
	for _, b := range ballots {
		for _, x := range b {
			c.state[x] = continuing
		}
	}
	// Rule 45: first preferences.
	for _, b := range ballots {
		if len(b) == 0 {
			continue
		}
		c.papers = append(c.papers, paper{prefs: b, value: One})
		c.piles[b[0]] = append(c.piles[b[0]], len(c.papers)-1)
		c.votes[b[0]] += One
	}
	c.r.Valid = len(c.papers)
	// Rule 46: the quota.
	c.r.Quota = Value(c.r.Valid/(seats+1)+1) * One
	c.endStage(Stage{Kind: FirstPreferences, Candidate: -1})
	if c.r.Valid == 0 {
		c.r.Vacant = seats
		return nil
	}
	for len(c.r.Elected) < seats {
		cont := c.continuing()
		if left := seats - len(c.r.Elected); len(cont) <= left {
			// Rule 52: the last vacancies.
			c.elect(&c.r.Stages[len(c.r.Stages)-1], cont)
			c.r.Vacant = left - len(cont)
			return nil
		}
		if len(c.pending) > 0 {
			// Rules 48 and 49: the largest surplus first.
			from, ok, err := c.choose(c.pending, 1)
			if err != nil || !ok {
				return err
			}
			c.pending = slices.DeleteFunc(c.pending, func(x int) bool { return x == from })
			surplus := c.votes[from] - c.r.Quota
			total := c.votes[from]
			for _, i := range c.piles[from] {
				p := &c.papers[i]
				p.value = Value(int64(p.value) * int64(surplus) / int64(total))
				c.pass(i)
			}
			c.piles[from] = nil
			c.votes[from] = c.r.Quota
			c.endStage(Stage{Kind: SurplusTransfer, Candidate: from, Transferred: surplus})
			continue
		}
		// Rules 50 and 51: exclude the lowest.
		out, ok, err := c.choose(cont, -1)
		if err != nil || !ok {
			return err
		}
		c.state[out] = excluded
		moved := c.votes[out]
		for _, i := range c.piles[out] {
			c.pass(i)
		}
		c.piles[out] = nil
		c.votes[out] = 0
		c.endStage(Stage{Kind: Exclusion, Candidate: out, Transferred: moved})
	}
	return nil
}

// pass moves paper i to its next continuing preference, or to the
// non-transferable papers.
func (c *stvCount) pass(i int) {
	p := &c.papers[i]
	for p.at++; p.at < len(p.prefs); p.at++ {
		if to := p.prefs[p.at]; c.state[to] == continuing {
			c.piles[to] = append(c.piles[to], i)
			c.votes[to] += p.value
			return
		}
	}
	c.nonTransferable += p.value
}

// endStage records a stage and elects the continuing candidates who reach
// the quota (rule 47).
func (c *stvCount) endStage(s Stage) {
	s.Votes = slices.Clone(c.votes)
	s.NonTransferable = c.nonTransferable
	c.r.Stages = append(c.r.Stages, s)
	var reached []int
	for _, x := range c.continuing() {
		if c.votes[x] >= c.r.Quota {
			reached = append(reached, x)
		}
	}
	c.elect(&c.r.Stages[len(c.r.Stages)-1], reached)
}

// elect deems the candidates elected at stage s, in order of votes (ties
// by earlier stages, then index); those above the quota have a surplus to
// transfer.
func (c *stvCount) elect(s *Stage, xs []int) {
	slices.SortStableFunc(xs, func(a, b int) int {
		for k := len(c.r.Stages) - 1; k >= 0; k-- {
			if va, vb := c.r.Stages[k].Votes[a], c.r.Stages[k].Votes[b]; va != vb {
				if va > vb {
					return -1
				}
				return 1
			}
		}
		return a - b
	})
	for _, x := range xs {
		c.state[x] = elected
		if c.votes[x] > c.r.Quota {
			c.pending = append(c.pending, x)
		}
	}
	s.Elected = append(s.Elected, xs...)
	c.r.Elected = append(c.r.Elected, xs...)
}

// choose returns the candidate of among with the most votes (dir 1) or the
// fewest (dir -1). A tie is narrowed by the earlier stages, latest first,
// and then drawn by lot: ok is false while the lot is not drawn.
func (c *stvCount) choose(among []int, dir int) (x int, ok bool, err error) {
	tied := extremeValue(c.votes, among, dir)
	for k := len(c.r.Stages) - 1; k >= 0 && len(tied) > 1; k-- {
		tied = extremeValue(c.r.Stages[k].Votes, tied, dir)
	}
	if len(tied) == 1 {
		return tied[0], true, nil
	}
	picked, ok, err := c.lots.draw(tied, 1)
	if err != nil || !ok {
		return -1, false, err
	}
	return picked[0], true, nil
}

// continuing returns the candidates neither elected nor excluded.
func (c *stvCount) continuing() []int {
	var xs []int
	for x, st := range c.state {
		if st == continuing {
			xs = append(xs, x)
		}
	}
	return xs
}

// extremeValue returns the candidates of among with the highest value
// (dir 1) or the lowest (dir -1), in the order of among.
func extremeValue(values []Value, among []int, dir int) []int {
	best := among[0]
	for _, x := range among {
		if dir*cmp.Compare(values[x], values[best]) > 0 {
			best = x
		}
	}
	return slices.DeleteFunc(slices.Clone(among), func(x int) bool { return values[x] != values[best] })
}
