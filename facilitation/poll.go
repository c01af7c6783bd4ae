package facilitation

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
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
	// Elect is an election of Seats people (personval).
	Elect PollKind = "elect"
	// Consent is a consent check: agree, abstain, disagree or block.
	Consent PollKind = "consent"
)

// ConsentBlock is the index of the block option of a consent check.
const ConsentBlock = 3

// Evaluation is the Purpose of a check-out poll (a fist-of-five).
const Evaluation = "evaluation"

// Votering is the Purpose of the counted vote demanded on a question of a
// propositionsordning: it belongs to the meeting, and only the chair (or
// its timer) closes it.
const Votering = "votering"

// Method is how a ranked poll or an election is counted.
type Method string

// Counting methods.
const (
	// IRV (instant runoff) and Schulze choose one among ranked options.
	IRV     Method = "irv"
	Schulze Method = "schulze"
	// BlockVote ("flest röster") elects the Seats candidates with most marks.
	BlockVote Method = "block"
	// STV is the single transferable vote by the Scottish rules.
	STV Method = "stv"
)

// TieRule says how a tie in a matter (not an election) is broken.
type TieRule string

// Tie rules.
const (
	// TieChair gives the chair a casting vote (utslagsröst): of the tied
	// options, the one the chair voted for carries. Where the chair's
	// vote is unknown (a secret ballot) or not among the tied, lots decide.
	TieChair TieRule = "chair"
	// TieLots decides every tie by lot.
	TieLots TieRule = "lots"
)

// Valid reports whether t is a known tie rule ("" means the default, chair).
func (t TieRule) Valid() bool { return t == "" || t == TieChair || t == TieLots }

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
// poll, in order of preference. An empty ballot is a blank vote.
type Ballot []int

// Poll is a question put to the meeting.
type Poll struct {
	ID         int64
	Channel    string
	MeetingID  string
	Question   string
	Kind       PollKind
	Options    []string
	MaxChoices int
	MinChoices int
	Seats      int
	Method     Method
	Tie        TieRule
	Visibility Visibility
	Hidden     bool
	Creator    string
	Created    time.Time
	CloseAfter time.Duration
	Closed     bool
	ClosedAt   time.Time
	ItemID     int
	// Register polls take votes only from the meeting's voting register.
	Register bool
	// Excluded may not vote in this poll (jäv).
	Excluded []string
	// AdjustedFrom and AdjustedTo are how many adjustments the voting
	// register had when the poll opened and when it closed: those
	// between them were made during the vote (see Register.Base).
	AdjustedFrom, AdjustedTo int
	// CastingVoter is the chair when the poll closed, whose vote breaks
	// a tie under TieChair.
	CastingVoter string
	// Draws are the lots drawn for this poll's count, in the order the
	// count asked for them (see package count).
	Draws []Draw
	// Purpose marks a poll the bot made for a tool, such as Evaluation.
	Purpose string
	// Majority is what the first option (yes, bifall) of a question between
	// two needs to carry against the other; a single-seat election with an
	// absolute majority holds a new round between the top two.
	Majority Majority
	// Casting is the option (from 1) the chair's casting vote (utslagsröst)
	// gave a tie, when the chair had not voted; 0 until then. It is the
	// CastingVoter's, who may have taken the chair after the close (one
	// with jäv hands the chair over for it).
	Casting int
	// ChairNoVote is set when the chair has no vote in the poll (a chair
	// not on the voting register): without a vote there is no casting
	// vote either, and the lot decides a tie.
	ChairNoVote bool

	// Votes holds the ballots of open and anonymous polls by voter.
	Votes map[string]Ballot
	// Voters and Ballots hold a secret poll: who voted, and the ballots,
	// kept apart so that nothing links the two.
	Voters  map[string]bool
	Ballots []Ballot
}

// Draw is one lot drawn: Picked of Among, at a time.
type Draw struct {
	Among  []int
	Picked []int
	At     time.Time
}

// PollSpec describes a poll to create.
type PollSpec struct {
	Question   string
	Kind       PollKind
	Options    []string
	MaxChoices int
	MinChoices int
	// Seats is the number to elect (Elect).
	Seats      int
	Method     Method
	Tie        TieRule
	Visibility Visibility
	Hidden     bool
	CloseAfter time.Duration
	Register   bool
	Excluded   []string
	Majority   Majority
}

// NewPoll checks spec and returns a new open poll created by creator.
func NewPoll(spec PollSpec, creator string, now time.Time) (*Poll, error) {
	if Blank(spec.Question) {
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
	if !spec.Tie.Valid() {
		return nil, errorf(ErrBadMethod, "Method", string(spec.Tie))
	}
	p := &Poll{
		Question: spec.Question, Kind: spec.Kind, Options: spec.Options,
		MaxChoices: 1, Visibility: spec.Visibility, Hidden: spec.Hidden, Tie: spec.Tie,
		CloseAfter: spec.CloseAfter, Creator: creator, Created: now,
		Register: spec.Register, Excluded: slices.Clone(spec.Excluded), Majority: spec.Majority,
	}
	if !spec.Majority.Valid() {
		return nil, errorf(ErrBadMajority, "Majority", string(spec.Majority))
	}
	if err := checkOptions(spec.Options); err != nil {
		return nil, err
	}
	switch spec.Kind {
	case YesNo:
		p.Options = []string{"Yes", "No", "Abstain"}
	case Fist:
		p.Options = []string{"0", "1", "2", "3", "4", "5"}
	case Consent:
		p.Options = []string{"Agree", "Abstain", "Disagree", "Block"}
	case Multi:
		p.MaxChoices = spec.MaxChoices
		if p.MaxChoices < 1 || p.MaxChoices > len(spec.Options) {
			return nil, errorf(ErrMultiOutOfRange, "Max", len(spec.Options))
		}
	case Ranked:
		p.MaxChoices = len(spec.Options)
		p.Method = cmp.Or(spec.Method, IRV)
		if p.Method != IRV && p.Method != Schulze {
			return nil, errorf(ErrBadMethod, "Method", string(spec.Method))
		}
	case Elect:
		p.Seats, p.Method = spec.Seats, cmp.Or(spec.Method, BlockVote)
		if p.Seats < 1 || p.Seats > len(spec.Options) {
			return nil, errorf(ErrBadSeats, "Seats", p.Seats, "Count", len(spec.Options))
		}
		switch p.Method {
		case BlockVote:
			p.MaxChoices = p.Seats
		case STV:
			p.MaxChoices = len(spec.Options)
		default:
			return nil, errorf(ErrBadMethod, "Method", string(spec.Method))
		}
	}
	if p.MinChoices = spec.MinChoices; p.MinChoices < 0 || p.MinChoices > p.MaxChoices {
		return nil, errorf(ErrTooFewChoices, "Min", p.MinChoices, "Max", p.MaxChoices)
	}
	if len(p.Options) < 2 || len(p.Options) > MaxOptions {
		return nil, errorf(ErrPollOptions, "Min", 2, "Max", MaxOptions)
	}
	if p.Majority.Qualified() && !p.takesMajority() {
		return nil, errorf(ErrMajorityNotHere, "Majority", string(p.Majority))
	}
	if p.Visibility == Secret {
		p.Voters = map[string]bool{}
	} else {
		p.Votes = map[string]Ballot{}
	}
	return p, nil
}

// checkOptions refuses an empty option and two options that read the same.
func checkOptions(opts []string) error {
	seen := make(map[string]int, len(opts))
	for i, o := range opts {
		key := sameKey(o)
		if key == "" {
			return errorf(ErrEmptyOption, "N", i+1)
		}
		if j, dup := seen[key]; dup {
			return errorf(ErrSameOption, "Option", o, "N", j+1, "M", i+1)
		}
		seen[key] = i
	}
	return nil
}

// Abstention is the index of the option that means abstaining, or -1.
// Abstentions are counted and reported but never carry a matter.
func (p *Poll) Abstention() int {
	switch p.Kind {
	case YesNo:
		return 2
	case Consent:
		return 1
	}
	return -1
}

// IsElection reports whether the poll chooses several people or options:
// an election, or a multiple-choice poll, whose MaxChoices with most
// votes are chosen.
func (p *Poll) IsElection() bool {
	return p.Kind == Elect || p.Kind == Multi && p.MaxChoices > 1
}

// takesMajority reports whether a majority other than the simple one
// means something for p, as the count reads it (matter, elect): the
// share of the first option (yes, bifall) in a question between two, or
// an absolute majority for the one seat of an election.
func (p *Poll) takesMajority() bool {
	switch p.Kind {
	case YesNo:
		return true
	case Single:
		return len(p.Options) == 2
	case Elect:
		return p.Seats == 1 && p.Majority == Absolute
	}
	return false
}

// BlankWord is what a voter types to cast a blank vote (in any language
// the bot speaks, the front end maps its word to this one).
const BlankWord = "blank"

// ParseChoices turns the numbers a voter typed or clicked into a Ballot.
// Options are numbered from 1, except fist-of-five, where the number is the
// count of fingers, 0 to 5.
//
// The single word BlankWord casts a blank vote: it counts in the turnout
// and for nobody. A fist-of-five has no blank vote.
func (p *Poll) ParseChoices(nums []string) (Ballot, error) {
	if len(nums) == 1 && strings.EqualFold(nums[0], BlankWord) {
		if p.Kind == Fist {
			return nil, errorf(ErrNoBlank)
		}
		return Ballot{}, nil
	}
	if len(nums) == 0 {
		return nil, errorf(ErrNoChoice)
	}
	b := make(Ballot, 0, len(nums))
	for _, s := range nums {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, errorf(ErrNoSuchOption, "Choice", s, "Count", len(p.Options), "Fist", p.Kind == Fist, "Last", p.OptionNumber(len(p.Options)-1))
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
		if p.Kind == Fist {
			return errorf(ErrNoBlank)
		}
		return nil // blank
	}
	seen := map[int]bool{}
	for _, i := range b {
		if i < 0 || i >= len(p.Options) {
			return errorf(ErrNoSuchOption, "Choice", p.OptionNumber(i), "Count", len(p.Options), "Fist", p.Kind == Fist, "Last", p.OptionNumber(len(p.Options)-1))
		}
		if seen[i] {
			return errorf(ErrDuplicateChoice, "Choice", p.OptionNumber(i))
		}
		seen[i] = true
	}
	if len(b) > p.MaxChoices {
		return errorf(ErrTooManyChoices, "Max", p.MaxChoices)
	}
	if len(b) < p.MinChoices {
		return errorf(ErrTooFewChoices, "Min", p.MinChoices, "Max", p.MaxChoices)
	}
	if a := p.Abstention(); a >= 0 && len(b) > 1 && slices.Contains(b, a) {
		return errorf(ErrTooManyChoices, "Max", 1)
	}
	return nil
}

// Cast is a vote recorded: the voters whose ballots it cast (the caller,
// and the members they hold a proxy for), whether it replaced an earlier
// vote, and whether its ballots must be kept secret (cast once, never
// linked to the voter).
type Cast struct {
	Voters  []string
	Changed bool
	Secret  bool
}

// Vote records voter's ballot, once e, narrowed to the poll (see
// Electorate), says voter may vote, for voter and every member voter
// casts a vote for (see Electorate.VotersFor). An open or anonymous vote
// replaces the earlier one until the poll closes; a secret ballot is cast
// once.
func (p *Poll) Vote(e Electorate, voter string, b Ballot) (Cast, error) {
	if err := p.Eligible(e, voter); err != nil {
		return Cast{}, err
	}
	if err := p.check(b); err != nil {
		return Cast{}, err
	}
	voters, err := p.Electorate(e).VotersFor(voter)
	if err != nil {
		return Cast{}, err
	}
	c := Cast{Secret: p.Visibility == Secret}
	if c.Secret {
		for _, v := range voters {
			if p.Voters[v] {
				return Cast{}, errorf(ErrAlreadyVoted)
			}
		}
		for _, v := range voters {
			p.Voters[v] = true
			p.Ballots = append(p.Ballots, slices.Clone(b))
		}
		c.Voters = voters
		return c, nil
	}
	for _, v := range voters {
		if _, had := p.Votes[v]; had {
			c.Changed = true
		}
		p.Votes[v] = slices.Clone(b)
	}
	c.Voters = voters
	return c, nil
}

// Eligible reports whether voter may vote in the poll now, or why not:
// the poll must be open, and the electorate must have voter (the poll's
// own exclusions and its register rule added to e).
func (p *Poll) Eligible(e Electorate, voter string) error {
	if p.Closed {
		return errorf(ErrPollClosed)
	}
	return p.Electorate(e).Has(voter)
}

// Electorate is e narrowed to this poll: its exclusions, and the register
// only if the poll is for it.
func (p *Poll) Electorate(e Electorate) Electorate {
	e.Excluded = slices.Concat(e.Excluded, p.Excluded)
	e.Register = e.Register && p.Register
	return e
}

// Withdraw takes back voter's vote in an open or anonymous poll while it
// is open; a secret ballot, once cast, stays.
func (p *Poll) Withdraw(voter string) error {
	switch {
	case p.Closed:
		return errorf(ErrPollClosed)
	case p.Visibility == Secret:
		return errorf(ErrSecretNoWithdraw)
	case !p.HasVoted(voter):
		return errorf(ErrNoVoteToWithdraw, "ID", p.ID)
	}
	delete(p.Votes, voter)
	return nil
}

// HasVoted reports whether voter has voted.
func (p *Poll) HasVoted(voter string) bool {
	if p.Visibility == Secret {
		return p.Voters[voter]
	}
	_, ok := p.Votes[voter]
	return ok
}

// Close ends voting. chair is the meeting's chair at the close, whose
// vote breaks a tie under TieChair.
func (p *Poll) Close(now time.Time, chair string) error {
	if p.Closed {
		return errorf(ErrPollClosed)
	}
	p.Closed, p.ClosedAt, p.CastingVoter = true, now, chair
	return nil
}

// ConsentReached reports whether a consent check has consent: someone
// agreed and nobody blocked.
func (p *Poll) ConsentReached(r Result) bool {
	return p.Kind == Consent && r.Counts[ConsentBlock] == 0 && r.Counts[0] > 0
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

// VotersByOption returns, for an open poll, each option's voters in ID
// order, at most limit per option (0 means no limit); nil for other polls.
func (p *Poll) VotersByOption(limit int) [][]string {
	if p.Visibility != Open {
		return nil
	}
	out := make([][]string, len(p.Options))
	if limit == 0 {
		for _, v := range slices.Sorted(maps.Keys(p.Votes)) {
			for _, o := range p.Votes[v] { // a blank vote names no option
				out[o] = append(out[o], v)
			}
		}
		return out
	}
	// The first limit of each option, kept sorted as they come: one pass
	// over the votes, where sorting every voter cost most of a big
	// poll's close.
	for v, b := range p.Votes {
		for _, o := range b {
			names := out[o]
			if len(names) == limit {
				if v >= names[limit-1] {
					continue
				}
				names = names[:limit-1]
			}
			i, _ := slices.BinarySearch(names, v)
			out[o] = slices.Insert(names, i, v)
		}
	}
	return out
}
