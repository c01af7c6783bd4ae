package facilitation

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestVotersByOptionKeepsTheFirst: with a limit, each option lists the
// first voters in ID order, as sorting all of them and taking the first
// would.
func TestVotersByOptionKeepsTheFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 300 {
		p := &Poll{Visibility: Open, Options: []string{"A", "B", "C", "D"}, Votes: map[string]Ballot{}}
		for range rng.IntN(200) {
			var b Ballot
			for o := range p.Options {
				if rng.IntN(3) == 0 {
					b = append(b, o)
				}
			}
			p.Votes[fmt.Sprintf("U%04d", rng.IntN(5000))] = b
		}
		limit := 1 + i%12
		want := make([][]string, len(p.Options))
		for _, v := range slices.Sorted(maps.Keys(p.Votes)) {
			for _, o := range p.Votes[v] {
				if len(want[o]) < limit {
					want[o] = append(want[o], v)
				}
			}
		}
		if got := p.VotersByOption(limit); !reflect.DeepEqual(got, want) {
			t.Fatalf("VotersByOption(%d) = %v, want %v", limit, got, want)
		}
	}
}
