package facilitation

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// cast votes in p: votes[i] are the option numbers voter "v<i>" types.
func cast(t *testing.T, p *Poll, votes ...[]string) {
	t.Helper()
	for i, v := range votes {
		b, err := p.ParseChoices(v)
		if err == nil {
			_, err = p.Vote(Everyone, fmt.Sprintf("v%d", i), b)
		}
		if err != nil {
			t.Fatalf("vote %v: %v", v, err)
		}
	}
}

func repeat(n int, v ...string) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func concat(parts ...[][]string) [][]string {
	var out [][]string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestMatters: a matter is carried by the most votes cast for a choice;
// abstentions and blank votes are reported and never carry anything.
func TestMatters(t *testing.T) {
	tests := []struct {
		name                   string
		spec                   PollSpec
		votes                  [][]string
		chair                  string // the chair at close
		winners, lot           []int
		need                   []int // the tie waits for the chair's casting vote
		castingVote            int   // the chair's casting vote, from 1, once given
		casting                bool
		cast, abstained, blank int
	}{
		{
			// The review's example: Ja 2, Nej 1, Avstår 3 carries Ja 2–1.
			name: "abstentions never win", spec: PollSpec{Kind: YesNo},
			votes:   concat(repeat(2, "1"), repeat(1, "2"), repeat(3, "3")),
			winners: []int{0}, cast: 3, abstained: 3,
		},
		{
			name: "only abstentions: nothing carried", spec: PollSpec{Kind: YesNo},
			votes: repeat(3, "3"), abstained: 3,
		},
		{
			name: "blank votes never win", spec: PollSpec{Kind: Single, Options: []string{"A", "B"}},
			votes:   concat(repeat(4, "blank"), repeat(1, "2")),
			winners: []int{1}, cast: 1, blank: 4,
		},
		{
			// v0 is the chair and voted Nej: the casting vote carries Nej.
			name: "chair's casting vote", spec: PollSpec{Kind: YesNo},
			votes: [][]string{{"2"}, {"1"}, {"1"}, {"2"}, {"3"}}, chair: "v0",
			winners: []int{1}, casting: true, cast: 4, abstained: 1,
		},
		{
			name: "chair abstained: the chair is asked for the casting vote", spec: PollSpec{Kind: YesNo},
			votes: [][]string{{"3"}, {"1"}, {"2"}}, chair: "v0",
			winners: []int{0, 1}, need: []int{0, 1}, cast: 2, abstained: 1,
		},
		{
			name: "the chair's casting vote given with casting", spec: PollSpec{Kind: YesNo},
			votes: [][]string{{"3"}, {"1"}, {"2"}}, chair: "v0", castingVote: 2,
			winners: []int{1}, casting: true, cast: 2, abstained: 1,
		},
		{
			name: "secret ballot the chair voted in: which way is unknown, lots", spec: PollSpec{Kind: YesNo, Visibility: Secret},
			votes: [][]string{{"1"}, {"2"}}, chair: "v0",
			winners: []int{0, 1}, lot: []int{0, 1}, cast: 2,
		},
		{
			name: "anonymous poll the chair voted in: their vote may not show, lots", spec: PollSpec{Kind: YesNo, Visibility: Anonymous},
			votes: [][]string{{"1"}, {"2"}}, chair: "v0",
			winners: []int{0, 1}, lot: []int{0, 1}, cast: 2,
		},
		{
			name: "anonymous poll the chair did not vote in: the chair is asked", spec: PollSpec{Kind: YesNo, Visibility: Anonymous},
			votes: [][]string{{"1"}, {"2"}}, chair: "ann",
			winners: []int{0, 1}, need: []int{0, 1}, cast: 2,
		},
		{
			name: "secret ballot the chair did not vote in: the chair is asked", spec: PollSpec{Kind: YesNo, Visibility: Secret},
			votes: [][]string{{"1"}, {"2"}}, chair: "ann",
			winners: []int{0, 1}, need: []int{0, 1}, cast: 2,
		},
		{
			name: "secret ballot: the casting vote given", spec: PollSpec{Kind: YesNo, Visibility: Secret},
			votes: [][]string{{"1"}, {"2"}}, chair: "ann", castingVote: 1,
			winners: []int{0}, casting: true, cast: 2,
		},
		{
			name: "tie rule lots ignores the chair", spec: PollSpec{Kind: YesNo, Tie: TieLots},
			votes: [][]string{{"1"}, {"2"}}, chair: "v0",
			winners: []int{0, 1}, lot: []int{0, 1}, cast: 2,
		},
		{
			name: "three options, two tied at the top", spec: PollSpec{Kind: Single, Options: []string{"A", "B", "C"}},
			votes:   [][]string{{"1"}, {"2"}, {"1"}, {"2"}, {"3"}},
			winners: []int{0, 1}, need: []int{0, 1}, cast: 5,
		},
		{
			name: "three options, tie rule lots", spec: PollSpec{Kind: Single, Options: []string{"A", "B", "C"}, Tie: TieLots},
			votes:   [][]string{{"1"}, {"2"}, {"1"}, {"2"}, {"3"}},
			winners: []int{0, 1}, lot: []int{0, 1}, cast: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Question = "Q"
			p := mustPoll(t, tt.spec)
			cast(t, p, tt.votes...)
			if err := p.Close(t0, tt.chair); err != nil {
				t.Fatal(err)
			}
			if tt.castingVote > 0 {
				if err := p.CastVote(tt.castingVote); err != nil {
					t.Fatal(err)
				}
			}
			r := p.Results()
			if !reflect.DeepEqual(r.Winners, tt.winners) || !reflect.DeepEqual(r.Lot, tt.lot) || r.CastingVote != tt.casting ||
				!reflect.DeepEqual(r.NeedCasting, tt.need) {
				t.Errorf("winners %v lot %v casting %v need %v; want %v %v %v %v", r.Winners, r.Lot, r.CastingVote, r.NeedCasting,
					tt.winners, tt.lot, tt.casting, tt.need)
			}
			if r.Cast != tt.cast || r.Abstained != tt.abstained || r.Blank != tt.blank || r.Turnout != len(tt.votes) {
				t.Errorf("cast %d abstained %d blank %d turnout %d; want %d %d %d %d",
					r.Cast, r.Abstained, r.Blank, r.Turnout, tt.cast, tt.abstained, tt.blank, len(tt.votes))
			}
		})
	}
}

// TestDraw: a tie waits for the lot; the draw, once recorded, decides
// and is replayed by every later count.
func TestDraw(t *testing.T) {
	p := mustPoll(t, PollSpec{Question: "Q", Kind: YesNo, Tie: TieLots})
	cast(t, p, []string{"1"}, []string{"2"})
	if err := p.Draw([]int{1}, t0); ErrorCode(err) != ErrDrawOpenPoll {
		t.Errorf("draw in an open poll: %v, want ErrDrawOpenPoll", err)
	}
	p.Close(t0, "")
	if err := p.Draw([]int{2}, t0); ErrorCode(err) != ErrNoLotNeeded {
		t.Errorf("draw of the abstention: %v, want a refusal", err)
	}
	if err := p.Draw([]int{1}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if r := p.Results(); !reflect.DeepEqual(r.Winners, []int{1}) || r.Lot != nil {
		t.Errorf("after the draw: winners %v lot %v, want [1] and no lot", r.Winners, r.Lot)
	}
	if err := p.Draw([]int{0}, t0); ErrorCode(err) != ErrNoLotNeeded {
		t.Errorf("a second draw: %v, want ErrNoLotNeeded", err)
	}
	if want := []Draw{{Among: []int{0, 1}, Picked: []int{1}, At: t0.Add(time.Minute)}}; !reflect.DeepEqual(p.Draws, want) {
		t.Errorf("draws %+v, want %+v", p.Draws, want)
	}
}

// TestElections: the review's example elects Ada and Bo and waits for the
// lot between Cia and Dan for the third seat.
func TestElections(t *testing.T) {
	opts := []string{"Ada", "Bo", "Cia", "Dan"}
	votes := [][]string{{"1", "2", "3"}, {"1", "2", "4"}, {"1", "2"}, {"3", "4"}}
	for _, spec := range []PollSpec{
		{Question: "Val av tre ledamöter", Kind: Multi, Options: opts, MaxChoices: 3, Visibility: Secret},
		{Question: "Val av tre ledamöter", Kind: Elect, Options: opts, Seats: 3, Visibility: Secret},
	} {
		t.Run(string(spec.Kind), func(t *testing.T) {
			p := mustPoll(t, spec)
			cast(t, p, votes...)
			p.Close(t0, "")
			r := p.Results()
			if !reflect.DeepEqual(r.Elected, []int{0, 1}) || !reflect.DeepEqual(r.Lot, []int{2, 3}) || r.LotPick != 1 || r.Winners != nil {
				t.Fatalf("elected %v lot %v pick %d winners %v; want [0 1], [2 3], 1, none", r.Elected, r.Lot, r.LotPick, r.Winners)
			}
			if err := p.Draw([]int{3}, t0); err != nil {
				t.Fatal(err)
			}
			if r := p.Results(); !reflect.DeepEqual(r.Elected, []int{0, 1, 3}) || r.Lot != nil {
				t.Errorf("after the draw: elected %v lot %v", r.Elected, r.Lot)
			}
		})
	}
}

// TestBallotRules: what a ballot may hold, by kind of poll.
func TestBallotRules(t *testing.T) {
	opts := []string{"A", "B", "C", "D"}
	tests := []struct {
		name string
		spec PollSpec
		nums []string
		want Code
	}{
		{"block: up to the seats", PollSpec{Kind: Elect, Options: opts, Seats: 2}, []string{"1", "3"}, ""},
		{"block: more marks than seats", PollSpec{Kind: Elect, Options: opts, Seats: 2}, []string{"1", "2", "3"}, ErrTooManyChoices},
		{"block: fewer than --min", PollSpec{Kind: Elect, Options: opts, Seats: 3, MinChoices: 2}, []string{"1"}, ErrTooFewChoices},
		{"block: blank despite --min", PollSpec{Kind: Elect, Options: opts, Seats: 3, MinChoices: 2}, []string{"blank"}, ""},
		{"stv: a full ranking", PollSpec{Kind: Elect, Options: opts, Seats: 2, Method: STV}, []string{"4", "1", "3", "2"}, ""},
		{"stv: a duplicate rank", PollSpec{Kind: Elect, Options: opts, Seats: 2, Method: STV}, []string{"4", "4"}, ErrDuplicateChoice},
		{"yes/no: yes and abstain", PollSpec{Kind: YesNo}, []string{"1", "3"}, ErrTooManyChoices},
		{"fist: no blank", PollSpec{Kind: Fist}, []string{"blank"}, ErrNoBlank},
		{"blank in any case", PollSpec{Kind: Single, Options: opts}, []string{"BLANK"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Question = "Q"
			p := mustPoll(t, tt.spec)
			b, err := p.ParseChoices(tt.nums)
			if err == nil {
				_, err = p.Vote(Everyone, "ann", b)
			}
			if got := ErrorCode(err); got != tt.want {
				t.Fatalf("vote %v: %v, want %q", tt.nums, err, tt.want)
			}
		})
	}
}

// TestPollSpecs: bad polls are refused before anyone votes.
func TestPollSpecs(t *testing.T) {
	tests := []struct {
		name string
		spec PollSpec
		want Code
	}{
		{"the same option twice", PollSpec{Kind: Single, Options: []string{"A", "A"}}, ErrSameOption},
		{"the same option in other case and spacing", PollSpec{Kind: Single, Options: []string{"Ada Lund", " ada  lund"}}, ErrSameOption},
		{"an empty option", PollSpec{Kind: Single, Options: []string{"A", ""}}, ErrEmptyOption},
		{"a blank option", PollSpec{Kind: Single, Options: []string{"A", "  "}}, ErrEmptyOption},
		{"an invisible option", PollSpec{Kind: Single, Options: []string{"A", "\u200b \u2060\u00ad"}}, ErrEmptyOption},
		{"the same option but for invisible characters", PollSpec{Kind: Single, Options: []string{"Ada\u200b Lund", "ada lund\ufeff"}}, ErrSameOption},
		{"elect more than the candidates", PollSpec{Kind: Elect, Options: []string{"A", "B"}, Seats: 3}, ErrBadSeats},
		{"elect none", PollSpec{Kind: Elect, Options: []string{"A", "B"}}, ErrBadSeats},
		{"unknown method", PollSpec{Kind: Elect, Options: []string{"A", "B"}, Seats: 1, Method: "dhondt"}, ErrBadMethod},
		{"irv for an election", PollSpec{Kind: Elect, Options: []string{"A", "B"}, Seats: 1, Method: IRV}, ErrBadMethod},
		{"stv for a ranked poll", PollSpec{Kind: Ranked, Options: []string{"A", "B"}, Method: STV}, ErrBadMethod},
		{"min above the seats", PollSpec{Kind: Elect, Options: []string{"A", "B", "C"}, Seats: 2, MinChoices: 3}, ErrTooFewChoices},
		{"unknown tie rule", PollSpec{Kind: YesNo, Tie: "coin"}, ErrBadMethod},
		{"schulze", PollSpec{Kind: Ranked, Options: []string{"A", "B"}, Method: Schulze}, ""},
		{"stv", PollSpec{Kind: Elect, Options: []string{"A", "B", "C"}, Seats: 2, Method: STV}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Question = "Q"
			if _, err := NewPoll(tt.spec, "ann", t0); ErrorCode(err) != tt.want {
				t.Errorf("NewPoll: %v, want %q", err, tt.want)
			}
		})
	}
}

func TestExcluded(t *testing.T) {
	p := mustPoll(t, PollSpec{Question: "Ansvarsfrihet?", Kind: YesNo, Excluded: []string{"board1"}})
	if _, err := p.Vote(Everyone, "board1", Ballot{0}); ErrorCode(err) != ErrExcluded {
		t.Errorf("an excluded member's vote: %v, want ErrExcluded", err)
	}
	if _, err := p.Vote(Everyone, "member", Ballot{0}); err != nil {
		t.Errorf("a member's vote: %v", err)
	}
}

func TestRegister(t *testing.T) {
	var r Register
	if err := r.CheckIn(); ErrorCode(err) != ErrRegisterNotOpen {
		t.Errorf("check-in before open: %v", err)
	}
	if err := r.Close(t0); ErrorCode(err) != ErrRegisterEmpty {
		t.Errorf("close of an empty register: %v", err)
	}
	if err := r.Open(t0); err != nil {
		t.Fatal(err)
	}
	if err := r.Open(t0); ErrorCode(err) != ErrRegisterAlreadyOpen {
		t.Errorf("open twice: %v", err)
	}
	r.Recorded("ann", true, t0)
	r.Recorded("bo", true, t0)
	if err := r.Close(t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := r.CheckIn(); ErrorCode(err) != ErrRegisterSet {
		t.Errorf("check-in after the register is set: %v", err)
	}
	r.Recorded("bo", false, t0.Add(time.Hour))
	want := []RegisterChange{{At: t0.Add(time.Hour), Who: "bo", Added: false, Count: 1}}
	if r.Count != 1 || !reflect.DeepEqual(r.Changes, want) || !r.IsSet() || r.IsOpen() {
		t.Errorf("register %+v, want count 1 and changes %+v", r, want)
	}
}

func TestWithdraw(t *testing.T) {
	open := mustPoll(t, PollSpec{Question: "Q", Kind: YesNo, Visibility: Anonymous})
	cast(t, open, []string{"1"})
	if err := open.Withdraw("v1"); ErrorCode(err) != ErrNoVoteToWithdraw {
		t.Errorf("withdraw with no vote: %v", err)
	}
	if err := open.Withdraw("v0"); err != nil || open.HasVoted("v0") || open.Turnout() != 0 {
		t.Errorf("withdraw: %v, voted %v, turnout %d", err, open.HasVoted("v0"), open.Turnout())
	}
	secret := mustPoll(t, PollSpec{Question: "Q", Kind: YesNo, Visibility: Secret})
	cast(t, secret, []string{"1"})
	if err := secret.Withdraw("v0"); ErrorCode(err) != ErrSecretNoWithdraw || secret.Turnout() != 1 {
		t.Errorf("withdraw a secret ballot: %v, turnout %d", err, secret.Turnout())
	}
	cast(t, open, []string{"2"})
	open.Close(t0, "")
	if err := open.Withdraw("v0"); ErrorCode(err) != ErrPollClosed || open.Turnout() != 1 {
		t.Errorf("withdraw after close: %v, turnout %d", err, open.Turnout())
	}
}

func TestAbsoluteMajorityRunoff(t *testing.T) {
	for _, tt := range []struct {
		name   string
		votes  [][]string
		runoff []int
	}{
		{"more than half: elected", concat(repeat(4, "1"), repeat(2, "2"), repeat(1, "3")), nil},
		{"half is not more than half: a new round", concat(repeat(3, "1"), repeat(2, "2"), repeat(1, "3")), []int{0, 1}},
		{"tied for second: all of them go on", concat(repeat(3, "1"), repeat(2, "2"), repeat(2, "3")), []int{0, 1, 2}},
		{"blank votes do not count: 4 of 7 is elected", concat(repeat(4, "1"), repeat(2, "2"), repeat(1, "3"), repeat(3, "blank")), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPoll(t, PollSpec{Question: "Ordförande", Kind: Elect, Seats: 1, Options: []string{"A", "B", "C"}, Majority: Absolute})
			cast(t, p, tt.votes...)
			r := p.Results()
			if !reflect.DeepEqual(r.Runoff, tt.runoff) || (tt.runoff == nil) != (len(r.Elected) == 1) {
				t.Errorf("runoff %v elected %v; want runoff %v", r.Runoff, r.Elected, tt.runoff)
			}
		})
	}
}
