package config

import (
	"fmt"
	"strings"

	"github.com/klubba/klubba/facilitation"
)

// checkGroups checks a template's self-declared groups: names given,
// distinct, and present where the alternate queue policy needs them.
func checkGroups(bad func(string, string, ...any), at string, groups []string, policy facilitation.Policy) {
	seen := map[string]bool{}
	for i, g := range groups {
		key := strings.ToLower(strings.TrimSpace(g))
		switch {
		case key == "":
			bad(fmt.Sprintf("%s.groups[%d]", at, i), "is empty")
		case seen[key]:
			bad(fmt.Sprintf("%s.groups[%d]", at, i), "repeats %q", g)
		}
		seen[key] = true
	}
	if policy == facilitation.Alternate && len(groups) < 2 {
		bad(at+".queue.policy", "is alternate, which needs at least two groups under groups")
	}
}
