package count

import "fmt"

// Value is a number of votes in exact fixed point: units of 0.00001, the
// five decimal places of the Scottish rules (SSI 2007/42, Schedule 1,
// rule 48(3)).
type Value int64

// One is the value of one ballot paper.
const One Value = 100000

// String formats v with five decimals, as in "1234.56789".
func (v Value) String() string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%05d", sign, v/One, v%One)
}
