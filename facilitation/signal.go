package facilitation

import (
	"slices"
	"time"
)

// FlagInterval is how often one person may signal the chair anonymously.
const FlagInterval = 2 * time.Minute

// Flag notes an anonymous signal to the chair by the person with
// pseudonym who, refusing one within FlagInterval of their last.
func (m *Meeting) Flag(who string, now time.Time) error {
	if last, ok := m.Flags[who]; ok && now.Sub(last) < FlagInterval {
		return errorf(ErrFlagTooSoon, "Wait", (FlagInterval - now.Sub(last)).Round(time.Second))
	}
	if m.Flags == nil {
		m.Flags = map[string]time.Time{}
	}
	m.Flags[who] = now
	return nil
}

// SetGroup records who's self-declared group, one of the template's.
func (m *Meeting) SetGroup(who, group string) (string, error) {
	if len(m.GroupNames) == 0 {
		return "", errorf(ErrNoGroups)
	}
	i := slices.IndexFunc(m.GroupNames, func(g string) bool { return equalFold(g, group) })
	if i < 0 {
		return "", errorf(ErrNoSuchGroup, "Group", group, "Groups", joinComma(m.GroupNames))
	}
	if m.Groups == nil {
		m.Groups = map[string]string{}
	}
	m.Groups[who] = m.GroupNames[i]
	return m.GroupNames[i], nil
}
