package facilitation

import "testing"

func TestMajorityCarries(t *testing.T) {
	for _, tt := range []struct {
		m              Majority
		yes, no, blank int
		want           bool
	}{
		{Simple, 5, 4, 9, true},
		{Simple, 5, 5, 0, false}, // a tie is for the casting vote, not carried here
		{TwoThirds, 10, 5, 0, true},
		{TwoThirds, 10, 6, 0, false},
		{TwoThirds, 0, 0, 3, false},
		{ThreeQuarters, 3, 1, 0, true},
		{ThreeQuarters, 3, 2, 0, false},
		{ThreeQuarters, 5, 5, 0, false},
		{Absolute, 6, 3, 2, true},
		{Absolute, 5, 3, 2, false}, // blank votes count against an absolute majority
		{Absolute, 5, 5, 0, false},
	} {
		if got := tt.m.Carries(tt.yes, tt.no, tt.blank); got != tt.want {
			t.Errorf("%q.Carries(%d, %d, %d) = %v, want %v", tt.m, tt.yes, tt.no, tt.blank, got, tt.want)
		}
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
