package facilitation

import "testing"

func TestMajorityCarries(t *testing.T) {
	for _, tt := range []struct {
		m       Majority
		yes, no int
		want    bool
	}{
		{Simple, 5, 4, true},
		{Simple, 5, 5, false}, // a tie is for the casting vote, not carried here
		{TwoThirds, 10, 5, true},
		{TwoThirds, 10, 6, false},
		{TwoThirds, 0, 0, false},
		{ThreeQuarters, 3, 1, true},
		{ThreeQuarters, 3, 2, false},
		{ThreeQuarters, 5, 5, false},
		{Absolute, 2, 1, true},
		{Absolute, 5, 5, false}, // half is not more than half
		{Absolute, 0, 0, false},
	} {
		if got := tt.m.Carries(tt.yes, tt.no); got != tt.want {
			t.Errorf("%q.Carries(%d, %d) = %v, want %v", tt.m, tt.yes, tt.no, got, tt.want)
		}
	}
}

// TestQualifiedMajorityBase: every majority is counted among the votes
// cast for a choice; blank votes and abstentions neither help nor hinder.
func TestQualifiedMajorityBase(t *testing.T) {
	for _, tt := range []struct {
		name   string
		m      Majority
		votes  [][]string
		win    int
		missed bool
	}{
		{"absolute: 2 of 3 with a blank vote carries", Absolute, concat(repeat(2, "1"), repeat(1, "2"), repeat(1, "blank")), 0, false},
		{"absolute: 2 of 3 with an abstention carries", Absolute, concat(repeat(2, "1"), repeat(1, "2"), repeat(1, "3")), 0, false},
		{"absolute: 2 of 3 with many blank and abstaining carries", Absolute, concat(repeat(2, "1"), repeat(1, "2"), repeat(5, "blank"), repeat(5, "3")), 0, false},
		{"absolute: a tie with a blank vote is lost", Absolute, concat(repeat(2, "1"), repeat(2, "2"), repeat(1, "blank")), 1, true},
		{"2/3: 2 of 3 with blank votes carries", TwoThirds, concat(repeat(2, "1"), repeat(1, "2"), repeat(3, "blank")), 0, false},
		{"2/3: 2 of 3 with abstentions carries", TwoThirds, concat(repeat(2, "1"), repeat(1, "2"), repeat(3, "3")), 0, false},
		{"2/3: 3 of 5 with a blank vote is lost", TwoThirds, concat(repeat(3, "1"), repeat(2, "2"), repeat(1, "blank")), 1, true},
		{"3/4: 3 of 4 with blank votes carries", ThreeQuarters, concat(repeat(3, "1"), repeat(1, "2"), repeat(4, "blank")), 0, false},
		{"3/4: 3 of 4 with abstentions carries", ThreeQuarters, concat(repeat(3, "1"), repeat(1, "2"), repeat(4, "3")), 0, false},
		{"3/4: 2 of 3 with an abstention is lost", ThreeQuarters, concat(repeat(2, "1"), repeat(1, "2"), repeat(1, "3")), 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPoll(t, PollSpec{Question: "Q", Kind: YesNo, Majority: tt.m})
			cast(t, p, tt.votes...)
			r := p.Results()
			if len(r.Winners) != 1 || r.Winners[0] != tt.win || r.MajorityMissed != tt.missed {
				t.Errorf("winners %v missed %v; want [%d] %v", r.Winners, r.MajorityMissed, tt.win, tt.missed)
			}
		})
	}
}

func TestParseMajority(t *testing.T) {
	for in, want := range map[string]Majority{
		"2/3": TwoThirds, " Två tredjedelar ": TwoThirds, "3/4": ThreeQuarters, "tre fjärdedelar": ThreeQuarters,
		"absolute": Absolute, "Absolut": Absolute, "simple": Simple, "enkel": Simple, "": Simple,
	} {
		if got, err := ParseMajority(in); got != want || err != nil {
			t.Errorf("ParseMajority(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMajority("1/2"); ErrorCode(err) != ErrBadMajority {
		t.Errorf("ParseMajority(1/2) = %v, want ErrBadMajority", err)
	}
	if Majority("1/2").Valid() || !TwoThirds.Valid() || Simple.Qualified() || !Absolute.Qualified() {
		t.Error("Valid or Qualified is wrong")
	}
}
