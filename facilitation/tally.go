package facilitation

import (
	"slices"
	"time"

	"github.com/klubba/klubba/facilitation/count"
)

// Result is the outcome of a poll.
type Result struct {
	Counts  []int     // votes per option (first preferences for ranked ballots)
	Percent []float64 // share of voters per option, 0-100
	Turnout int
	// Blank is the number of blank votes, Abstained of votes for the
	// abstention option, and Cast of the votes cast for a choice: the
	// majority is counted among those, never among the others.
	Blank, Abstained, Cast int
	// Winners holds the winning option of a matter or a single-winner
	// poll, or every option tied for it while a tie waits for the lot.
	// It is empty when nobody voted for a choice, for elections (see
	// Elected), and for fist-of-five, a consensus check, not a contest.
	Winners []int
	// Elected holds, for an election or a multiple-choice poll, the
	// options chosen, in order of election.
	Elected []int
	// Vacant is the number of seats of an election left empty because
	// fewer candidates than seats got a vote: nobody is elected whom
	// nobody voted for, and the seats call for a new election.
	Vacant int
	// CastingVote is set when the chair's casting vote broke a tie.
	// NeedCasting, when set, holds the tied options of a matter that waits
	// for the chair's casting vote (Poll.CastVote), the chair not having voted.
	CastingVote bool
	NeedCasting []int
	// MajorityMissed is set when the first option had more votes than the
	// other but not the qualified majority the poll needs: it is lost.
	MajorityMissed bool
	// Runoff, when set, holds the candidates of a new round: in a
	// single-seat election that needs an absolute majority, nobody had
	// more than half of the votes cast for a candidate.
	Runoff []int
	// Average and Lowest sum up a fist-of-five: the mean, and the fewest
	// fingers shown (a 0 or 1 is a concern to hear out).
	Average float64
	Lowest  int
	Rounds  []count.Round // instant-runoff rounds
	// Schulze holds the pairwise counts and strongest paths of a Schulze poll.
	Schulze *count.SchulzeResult
	// STV holds the stages of an STV count.
	STV *count.STVResult
	// Lot, when set, is the tie the count waits for: LotPick of the
	// options in Lot are to be drawn (see Poll.Draw); what the picked
	// options win or lose depends on the count (LotExcludes).
	Lot     []int
	LotPick int
	// LotExcludes is set when the lot decides who is excluded from the
	// count (a tie for last place), not who wins.
	LotExcludes bool
	// Err is set when the stored draws do not fit the count: a damaged
	// record, reported rather than counted wrongly.
	Err error
}

// Tie reports whether the result is an unresolved tie.
func (r Result) Tie() bool { return len(r.Winners) > 1 }

// Results counts the votes.
func (p *Poll) Results() Result {
	bs := p.ballots()
	r := Result{Counts: make([]int, len(p.Options)), Percent: make([]float64, len(p.Options)), Turnout: len(bs)}
	sum, abstain := 0, p.Abstention()
	for _, b := range bs {
		switch {
		case len(b) == 0:
			r.Blank++
			continue
		case b[0] == abstain:
			r.Abstained++
		}
		if p.Kind == Ranked || p.Kind == Elect && p.Method == STV {
			r.Counts[b[0]]++
			continue
		}
		for _, i := range b {
			r.Counts[i]++
			sum += i
		}
	}
	r.Cast = r.Turnout - r.Blank - r.Abstained
	if len(bs) > 0 {
		for i, c := range r.Counts {
			r.Percent[i] = 100 * float64(c) / float64(len(bs))
		}
	}
	if p.Kind == Consent {
		return r // a consent check has no winner: it is reached or not
	}
	if p.Kind == Fist {
		if n := len(bs) - r.Blank; n > 0 {
			r.Average = float64(sum) / float64(n)
			r.Lowest = slices.IndexFunc(r.Counts, func(n int) bool { return n > 0 })
		}
		return r
	}
	draws := p.drawn()
	ballots := make([][]int, 0, len(bs))
	for _, b := range bs {
		ballots = append(ballots, b)
	}
	switch {
	case p.Kind == Ranked && p.Method == Schulze:
		s, err := count.Schulze(ballots, len(p.Options), draws)
		r.Schulze, r.Err = &s, err
		r.need(s.Need, false)
		if s.Winner >= 0 {
			r.Winners = []int{s.Winner}
		} else if s.Need != nil {
			r.Winners = s.Need.Among
		}
	case p.Kind == Ranked:
		irv, err := count.IRV(ballots, len(p.Options), draws)
		r.Rounds, r.Err = irv.Rounds, err
		if irv.Winner >= 0 {
			r.Winners = []int{irv.Winner}
		}
		if n := irv.Need; n != nil {
			excludes := len(n.Among) > 2 || len(n.Among) < len(p.Options)-eliminated(irv.Rounds) // only a lot between the last two elects
			r.need(n, excludes)
			if !excludes {
				r.Winners = n.Among
			}
		}
	case p.Kind == Elect && p.Method == STV:
		s, err := count.STV(ballots, len(p.Options), p.Seats, draws)
		r.STV, r.Err = &s, err
		r.Elected, r.Vacant = s.Elected, s.Vacant
		r.need(s.Need, false)
	case p.IsElection():
		seats := p.Seats
		if p.Kind == Multi {
			seats = p.MaxChoices
		}
		if p.runoff(&r) {
			break
		}
		bl, err := count.Block(ballots, len(p.Options), seats, draws)
		r.Elected, r.Vacant, r.Err = bl.Elected, bl.Vacant, err
		r.need(bl.Need, false)
	default:
		p.matter(&r, draws)
	}
	return r
}

// runoff reports whether a single-seat election that needs an absolute
// majority goes to a new round between the two with most votes (all
// those tied for second place with them), and names them in r. With two
// candidates, or with nobody voting, there is no new round.
func (p *Poll) runoff(r *Result) bool {
	if p.Kind != Elect || p.Seats != 1 || p.Majority != Absolute || len(p.Options) < 3 || r.Cast == 0 {
		return false
	}
	order := make([]int, len(p.Options))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return r.Counts[b] - r.Counts[a] })
	if 2*r.Counts[order[0]] > r.Cast {
		return false
	}
	n := 2
	for n < len(order) && r.Counts[order[n]] == r.Counts[order[1]] {
		n++
	}
	r.Runoff = slices.Sorted(slices.Values(order[:n]))
	return true
}

// eliminated counts the options eliminated in rounds.
func eliminated(rounds []count.Round) int {
	n := 0
	for _, rd := range rounds {
		n += len(rd.Eliminated)
	}
	return n
}

// need records the lot a count waits for.
func (r *Result) need(l *count.Lot, excludes bool) {
	if l == nil {
		return
	}
	r.Lot, r.LotPick, r.LotExcludes = l.Among, l.Pick, excludes
}

// matter decides a question of one choice: the option with most votes
// cast for a choice carries; abstentions and blank votes never do. A tie
// goes to the chair's casting vote (utslagsröst, TieChair): the chair's
// own vote if it was for one of the tied, or else, if the chair did not
// vote, the one the chair gives with Poll.CastVote. The lot decides under
// TieLots, where the chair has no vote (ChairNoVote), and in an anonymous
// or secret poll the chair voted in, whose way the result may not tell.
func (p *Poll) matter(r *Result, draws [][]int) {
	abstain := p.Abstention()
	if p.Majority.Qualified() && (len(p.Options) == 2 || p.Kind == YesNo) {
		yes, no := r.Counts[0], r.Counts[1]
		switch {
		case yes == 0 && no == 0:
		case p.Majority.Carries(yes, no):
			r.Winners = []int{0}
		default:
			r.Winners, r.MajorityMissed = []int{1}, yes >= no
		}
		return
	}
	best, tied := 0, []int(nil)
	for i, c := range r.Counts {
		switch {
		case i == abstain || c == 0 || c < best:
		case c > best:
			best, tied = c, []int{i}
		default:
			tied = append(tied, i)
		}
	}
	r.Winners = tied
	if len(tied) < 2 {
		return
	}
	// In an anonymous or secret poll the chair's own vote may not decide
	// it: that would tell which way the chair voted. One the chair voted
	// in goes to the lot.
	_, chairVoted := p.Votes[p.CastingVoter]
	chairVoted = p.CastingVoter != "" && (chairVoted || p.Voters[p.CastingVoter])
	named := p.Visibility == Open
	if p.Tie != TieLots && !p.ChairNoVote && (named || !chairVoted) {
		if b := p.Votes[p.CastingVoter]; named && chairVoted && len(b) == 1 && slices.Contains(tied, b[0]) {
			r.Winners, r.CastingVote = []int{b[0]}, true
			return
		}
		if p.Casting > 0 && slices.Contains(tied, p.Casting-1) {
			r.Winners, r.CastingVote = []int{p.Casting - 1}, true
			return
		}
		if len(draws) == 0 {
			r.NeedCasting = tied
			return
		}
	}
	if len(draws) > 0 {
		if d := draws[0]; len(d) == 1 && slices.Contains(tied, d[0]) && len(draws) == 1 {
			r.Winners = d
			return
		}
		r.Err = count.ErrDraw
		return
	}
	r.Lot, r.LotPick = tied, 1
}

// Draw records a lot drawn for the count of a closed poll: picked must be
// LotPick of the options in the result's Lot. The picking itself, by a
// random source, is the caller's.
func (p *Poll) Draw(picked []int, now time.Time) error {
	if !p.Closed {
		return errorf(ErrDrawOpenPoll)
	}
	r := p.Results()
	if r.Lot == nil {
		return errorf(ErrNoLotNeeded)
	}
	if len(picked) != r.LotPick || slices.ContainsFunc(picked, func(o int) bool { return !slices.Contains(r.Lot, o) }) {
		return errorf(ErrNoLotNeeded)
	}
	p.Draws = append(p.Draws, Draw{Among: slices.Clone(r.Lot), Picked: slices.Clone(picked), At: now})
	return nil
}

// CastVote records the chair's casting vote (utslagsröst) for option n
// (from 1) of a closed poll whose count waits for it.
func (p *Poll) CastVote(n int) error {
	r := p.Results()
	if r.NeedCasting == nil {
		return errorf(ErrNoCasting, "ID", p.ID)
	}
	if n < 1 || n > len(p.Options) {
		return errorf(ErrNoSuchAlternative, "N", n, "Count", len(p.Options))
	}
	if !slices.Contains(r.NeedCasting, n-1) {
		tied := make([]int, len(r.NeedCasting))
		for i, o := range r.NeedCasting {
			tied[i] = o + 1
		}
		return errorf(ErrNotTied, "N", n, "Tied", tied)
	}
	p.Casting = n
	return nil
}

// drawn returns the picks of the poll's draws, for the count.
func (p *Poll) drawn() [][]int {
	out := make([][]int, len(p.Draws))
	for i, d := range p.Draws {
		out[i] = d.Picked
	}
	return out
}

// ballots returns every ballot cast. Their order is arbitrary: no count
// depends on it.
func (p *Poll) ballots() []Ballot {
	if p.Visibility == Secret {
		return p.Ballots
	}
	out := make([]Ballot, 0, len(p.Votes))
	for _, b := range p.Votes {
		out = append(out, b)
	}
	return out
}
