package facilitation

import "strings"

// Majority is what a matter needs to be carried: a simple majority of the
// votes cast for a choice (the zero value), two thirds or three quarters
// of them, or an absolute majority (more than half of them, so that a tie
// is lost rather than broken). Every rule counts among the votes cast for
// a choice: blank votes and abstentions are reported but never count.
type Majority string

// Majorities.
const (
	Simple        Majority = ""
	TwoThirds     Majority = "2/3"
	ThreeQuarters Majority = "3/4"
	Absolute      Majority = "absolute"
)

// ParseMajority reads a majority as people write it: 2/3, 3/4, absolute
// (absolut), simple (enkel).
func ParseMajority(s string) (Majority, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "2/3", "två tredjedelar":
		return TwoThirds, nil
	case "3/4", "tre fjärdedelar":
		return ThreeQuarters, nil
	case "absolute", "absolut":
		return Absolute, nil
	case "simple", "enkel", "":
		return Simple, nil
	}
	return "", errorf(ErrBadMajority, "Majority", s)
}

// Valid reports whether m is a known majority.
func (m Majority) Valid() bool {
	_, err := ParseMajority(string(m))
	return err == nil
}

// Qualified reports whether m asks for more than a simple majority.
func (m Majority) Qualified() bool { return m != Simple }

// Carries reports whether yes votes for a matter, against no votes, carry
// it under m. Blank votes and abstentions are no part of either: they
// never count toward the majority nor against it. A tie never carries
// under a qualified majority; under a simple one it is for the casting
// vote to break.
func (m Majority) Carries(yes, no int) bool {
	switch m {
	case TwoThirds:
		return yes > 0 && 3*yes >= 2*(yes+no)
	case ThreeQuarters:
		return yes > 0 && 4*yes >= 3*(yes+no)
	case Absolute:
		return 2*yes > yes+no
	}
	return yes > no
}
