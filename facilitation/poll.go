package facilitation

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"time"
)

// PollKind is the kind of question a poll asks.
type PollKind string

// Poll kinds.
const (
	Single PollKind = "single"
	Multi  PollKind = "multi"
	YesNo  PollKind = "yesno"
	Fist   PollKind = "fist"
	Ranked PollKind = "ranked"
)

// Visibility says what a poll shows of its votes.
type Visibility string

// Visibilities.
const (
	// Open polls show who voted what.
	Open Visibility = "open"
	// Anonymous polls show only counts; votes can change until close.
	Anonymous Visibility = "anonymous"
	// Secret polls are ballots: one vote each, never linked to the voter.
	Secret Visibility = "secret"
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool { return v == Open || v == Anonymous || v == Secret }

// MaxOptions is the most options a poll may have.
const MaxOptions = 20

// Ballot is one voter's choices as 0-based option indexes; for a ranked
// poll, in order of preference.
type Ballot []int

// Poll is a question put to the meeting.
type Poll struct {
	ID         int64         `json:"id"`
	Channel    string        `json:"channel"`
	MeetingID  string        `json:"meeting_id"`
	Question   string        `json:"question"`
	Kind       PollKind      `json:"kind"`
	Options    []string      `json:"options"`
	MaxChoices int           `json:"max_choices"`
	Visibility Visibility    `json:"visibility"`
	Hidden     bool          `json:"hidden,omitempty"`
	Creator    string        `json:"creator"`
	Created    time.Time     `json:"created"`
	CloseAfter time.Duration `json:"close_after,omitempty"`
	Closed     bool          `json:"closed,omitempty"`
	ClosedAt   time.Time     `json:"closed_at,omitzero"`
	ItemID     int           `json:"item_id,omitempty"`

	// Votes holds the ballots of open and anonymous polls by voter.
	Votes map[string]Ballot `json:"-"`
	// Voters and Ballots hold a secret poll: who voted, and the ballots,
	// kept apart so that nothing links the two.
	Voters  map[string]bool `json:"-"`
	Ballots []Ballot        `json:"-"`
}

// PollSpec describes a poll to create.
type PollSpec struct {
	Question   string
	Kind       PollKind
	Options    []string
	MaxChoices int
	Visibility Visibility
	Hidden     bool
	CloseAfter time.Duration
}

// NewPoll checks spec and returns a new open poll created by creator.
func NewPoll(spec PollSpec, creator string, now time.Time) (*Poll, error) {
	if spec.Question == "" {
		return nil, errorf(ErrEmptyText)
	}
	if spec.Visibility == "" {
		spec.Visibility = Open
	}
	if spec.CloseAfter != 0 {
		if err := CheckDuration(spec.CloseAfter); err != nil {
			return nil, err
		}
	}
	p := &Poll{
		Question: spec.Question, Kind: spec.Kind, Options: spec.Options,
		MaxChoices: 1, Visibility: spec.Visibility, Hidden: spec.Hidden,
		CloseAfter: spec.CloseAfter, Creator: creator, Created: now,
	}
	switch spec.Kind {
	case YesNo:
		p.Options = []string{"Yes", "No", "Abstain"}
	case Fist:
		p.Options = []string{"0", "1", "2", "3", "4", "5"}
	case Multi:
		p.MaxChoices = spec.MaxChoices
		if p.MaxChoices < 1 || p.MaxChoices > len(spec.Options) {
			return nil, errorf(ErrTooManyChoices, "Max", len(spec.Options))
		}
	case Ranked:
		p.MaxChoices = len(spec.Options)
	}
	if len(p.Options) < 2 || len(p.Options) > MaxOptions {
		return nil, errorf(ErrPollOptions, "Min", 2, "Max", MaxOptions)
	}
	if p.Visibility == Secret {
		p.Voters = map[string]bool{}
	} else {
		p.Votes = map[string]Ballot{}
	}
	return p, nil
}

// ParseChoices turns the numbers a voter typed or clicked into a Ballot.
// Options are numbered from 1, except fist-of-five, where the number is the
// count of fingers, 0 to 5.
func (p *Poll) ParseChoices(nums []string) (Ballot, error) {
	b := make(Ballot, 0, len(nums))
	for _, s := range nums {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, errorf(ErrNoSuchOption, "Choice", s, "Count", len(p.Options))
		}
		if p.Kind != Fist {
			n--
		}
		b = append(b, n)
	}
	return b, p.check(b)
}

// OptionNumber is the number a voter uses for option i.
func (p *Poll) OptionNumber(i int) int {
	if p.Kind == Fist {
		return i
	}
	return i + 1
}

func (p *Poll) check(b Ballot) error {
	if len(b) == 0 {
		return errorf(ErrNoChoice)
	}
	seen := map[int]bool{}
	for _, i := range b {
		if i < 0 || i >= len(p.Options) {
			return errorf(ErrNoSuchOption, "Choice", p.OptionNumber(i), "Count", len(p.Options))
		}
		if seen[i] {
			return errorf(ErrDuplicateChoice, "Choice", p.OptionNumber(i))
		}
		seen[i] = true
	}
	if len(b) > p.MaxChoices {
		return errorf(ErrTooManyChoices, "Max", p.MaxChoices)
	}
	return nil
}

// Vote records voter's ballot. An open or anonymous vote replaces the
// voter's earlier one until the poll closes; a secret ballot is cast once.
// It reports whether an earlier vote was replaced.
func (p *Poll) Vote(voter string, b Ballot) (changed bool, err error) {
	if p.Closed {
		return false, errorf(ErrPollClosed)
	}
	if err := p.check(b); err != nil {
		return false, err
	}
	if p.Visibility == Secret {
		if p.Voters[voter] {
			return false, errorf(ErrAlreadyVoted)
		}
		p.Voters[voter] = true
		p.Ballots = append(p.Ballots, slices.Clone(b))
		return false, nil
	}
	_, changed = p.Votes[voter]
	p.Votes[voter] = slices.Clone(b)
	return changed, nil
}

// HasVoted reports whether voter has voted.
func (p *Poll) HasVoted(voter string) bool {
	if p.Visibility == Secret {
		return p.Voters[voter]
	}
	_, ok := p.Votes[voter]
	return ok
}

// Close ends voting.
func (p *Poll) Close(now time.Time) error {
	if p.Closed {
		return errorf(ErrPollClosed)
	}
	p.Closed = true
	p.ClosedAt = now
	return nil
}

// Turnout is the number of people who voted.
func (p *Poll) Turnout() int {
	if p.Visibility == Secret {
		return len(p.Voters)
	}
	return len(p.Votes)
}

// ShowsCounts reports whether counts may be shown now.
func (p *Poll) ShowsCounts() bool {
	if p.Closed {
		return true
	}
	return !p.Hidden && p.Visibility != Secret
}

// ballots returns every ballot cast. Their order is arbitrary: counts and
// instant-runoff rounds do not depend on it.
func (p *Poll) ballots() []Ballot {
	if p.Visibility == Secret {
		return p.Ballots
	}
	return slices.Collect(maps.Values(p.Votes))
}

// VotersByOption returns, for an open poll, each option's voters in ID
// order, at most limit per option (0 means no limit); nil for other polls.
func (p *Poll) VotersByOption(limit int) [][]string {
	if p.Visibility != Open {
		return nil
	}
	out := make([][]string, len(p.Options))
	for _, v := range slices.Sorted(maps.Keys(p.Votes)) {
		for _, o := range p.Votes[v] {
			if limit == 0 || len(out[o]) < limit {
				out[o] = append(out[o], v)
			}
		}
	}
	return out
}

// Round is one count of an instant-runoff election.
type Round struct {
	Counts     []int `json:"counts"`     // first preferences among options still in
	Eliminated []int `json:"eliminated"` // options dropped after this round
	Exhausted  int   `json:"exhausted"`  // ballots with no option left
	// Lot holds options tied for last place that neither earlier rounds
	// nor a safe joint exclusion separate: the count stops for a draw.
	Lot []int `json:"lot,omitempty"`
}

// Result is the outcome of a poll.
type Result struct {
	Counts  []int     // votes per option (first preferences for ranked)
	Percent []float64 // share of voters per option, 0-100
	Turnout int
	// Winners holds the winning option, or every tied option; it is empty
	// when nobody voted, and for fist-of-five, which is a consensus check
	// rather than a contest.
	Winners []int
	// Average and Lowest sum up a fist-of-five: the mean, and the fewest
	// fingers shown (a 0 or 1 is a concern to hear out).
	Average float64
	Lowest  int
	Rounds  []Round // instant-runoff rounds, ranked polls only
	// Lot, for a ranked poll, holds the options between which lots must
	// be drawn before the count can go on; Winners is then empty.
	Lot []int
}

// Tie reports whether the result is a tie.
func (r Result) Tie() bool { return len(r.Winners) > 1 }

// Results counts the votes.
func (p *Poll) Results() Result {
	bs := p.ballots()
	r := Result{Counts: make([]int, len(p.Options)), Percent: make([]float64, len(p.Options)), Turnout: len(bs)}
	sum := 0
	for _, b := range bs {
		if p.Kind == Ranked {
			r.Counts[b[0]]++
			continue
		}
		for _, i := range b {
			r.Counts[i]++
			sum += i
		}
	}
	if len(bs) > 0 {
		for i, c := range r.Counts {
			r.Percent[i] = 100 * float64(c) / float64(len(bs))
		}
		if p.Kind == Fist {
			r.Average = float64(sum) / float64(len(bs))
			r.Lowest = slices.IndexFunc(r.Counts, func(n int) bool { return n > 0 })
		}
	}
	switch {
	case len(bs) == 0, p.Kind == Fist:
	case p.Kind == Ranked:
		r.Rounds, r.Winners = instantRunoff(bs, len(p.Options))
		r.Lot = r.Rounds[len(r.Rounds)-1].Lot
	default:
		r.Winners = top(r.Counts, nil)
	}
	return r
}

// top returns the options with the highest count among those not out.
func top(counts []int, out map[int]bool) []int {
	best := -1
	var ws []int
	for i, c := range counts {
		switch {
		case out[i]:
		case c > best:
			best, ws = c, []int{i}
		case c == best:
			ws = append(ws, i)
		}
	}
	return ws
}

// instantRunoff elects one seat. Each round counts every ballot for its
// highest-ranked option still in; an option with a majority of the
// ballots still counting wins. Otherwise the option with fewest votes is
// eliminated; a tie for fewest is broken by the earlier rounds' counts,
// and options still tied are eliminated together, unless that would
// eliminate everyone: then the remaining options tie.
func instantRunoff(bs []Ballot, n int) ([]Round, []int) {
	out := map[int]bool{}
	var rounds []Round
	for {
		rd := Round{Counts: make([]int, n)}
		live := 0
		for _, b := range bs {
			i := slices.IndexFunc(b, func(o int) bool { return !out[o] })
			if i < 0 {
				rd.Exhausted++
				continue
			}
			rd.Counts[b[i]]++
			live++
		}
		remaining := n - len(out)
		leaders := top(rd.Counts, out)
		if len(leaders) == 1 && 2*rd.Counts[leaders[0]] > live || remaining == 1 {
			rounds = append(rounds, rd)
			return rounds, leaders
		}
		losers := lowest(rd.Counts, out)
		for k := len(rounds) - 1; k >= 0 && len(losers) > 1; k-- {
			losers = lowestAmong(rounds[k].Counts, losers)
		}
		if len(losers) == remaining {
			rounds = append(rounds, rd)
			return rounds, leaders
		}
		if len(losers) > 1 && !safeToExclude(rd.Counts, losers, out) {
			rd.Lot = losers
			return append(rounds, rd), nil
		}
		for _, o := range losers {
			out[o] = true
		}
		rd.Eliminated = losers
		rounds = append(rounds, rd)
	}
}

// safeToExclude reports whether the tied losers together have fewer votes
// than every other option still in.
func safeToExclude(counts, losers []int, out map[int]bool) bool {
	sum := 0
	for _, o := range losers {
		sum += counts[o]
	}
	for i, c := range counts {
		if !out[i] && !slices.Contains(losers, i) && c <= sum {
			return false
		}
	}
	return true
}

// lowest returns the options still in with the fewest votes.
func lowest(counts []int, out map[int]bool) []int {
	var in []int
	for i := range counts {
		if !out[i] {
			in = append(in, i)
		}
	}
	return lowestAmong(counts, in)
}

// lowestAmong returns the options of among with the smallest count.
func lowestAmong(counts []int, among []int) []int {
	least := slices.MinFunc(among, func(a, b int) int { return cmp.Compare(counts[a], counts[b]) })
	return slices.DeleteFunc(slices.Clone(among), func(o int) bool { return counts[o] != counts[least] })
}
