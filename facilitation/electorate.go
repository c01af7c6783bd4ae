package facilitation

import "slices"

// Electorate is who may vote on one question, in one place: the voting
// register when the question is for it, less those disqualified on the
// item (jäv) and those kept out of the poll, with proxy holders
// (fullmakt) casting the votes of the members they hold a proxy for and
// substitutes (ersättare) voting in place of their main delegate. A
// vote is refused while the meeting is adjourned.
//
// The register's members are stored apart from the meeting, so Listed
// looks them up; it is called only for the people a vote concerns.
type Electorate struct {
	// Register limits the vote to the voting register; Size is its count.
	Register bool
	Size     int
	Listed   func(who string) (bool, error)
	// Recused are disqualified on the item (jäv); Excluded from this poll.
	Recused  []string
	Excluded []string
	// Proxies and Substitutes are the register's.
	Proxies     []Proxy
	Substitutes []Proxy
	Adjourned   bool
}

// Everyone is the electorate of a poll outside a formal meeting.
var Everyone = Electorate{}

// Out reports whether who is kept out of the vote, by jäv or by the poll.
func (e Electorate) Out(who string) bool {
	return slices.Contains(e.Recused, who) || slices.Contains(e.Excluded, who)
}

// Has reports whether who may vote, or why not.
func (e Electorate) Has(who string) error {
	switch {
	case e.Adjourned:
		return errorf(ErrAdjourned)
	case slices.Contains(e.Recused, who):
		return errorf(ErrRecused)
	case slices.Contains(e.Excluded, who):
		return errorf(ErrExcluded)
	}
	if !e.Register {
		return nil
	}
	ok, err := e.listed(who)
	if err != nil || ok {
		return err
	}
	if main := e.mainOf(who); main != "" && !e.Out(main) {
		if ok, err := e.listed(main); err != nil || ok {
			return err
		}
	}
	return errorf(ErrNotOnRegister)
}

func (e Electorate) listed(who string) (bool, error) {
	if e.Listed == nil {
		return false, nil
	}
	return e.Listed(who)
}

// mainOf is the main delegate who stands in for, or "".
func (e Electorate) mainOf(who string) string {
	return pairOf(e.Substitutes, func(p Proxy) bool { return p.Holder == who }).Member
}

// VotersFor are the voters whose ballots who casts: their own (or, for a
// substitute not on the register, their main delegate's) and those of the
// members they hold a proxy for who may vote.
func (e Electorate) VotersFor(who string) ([]string, error) {
	self := who
	if main := e.mainOf(who); e.Register && main != "" { // looked up only for a substitute
		ok, err := e.listed(who)
		if err != nil {
			return nil, err
		}
		if !ok {
			self = main
		}
	}
	out := []string{self}
	for _, p := range e.Proxies {
		if p.Holder != who || e.Out(p.Member) || slices.Contains(out, p.Member) {
			continue
		}
		if e.Register {
			ok, err := e.listed(p.Member)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out = append(out, p.Member)
	}
	return out, nil
}

// Count is how many may vote: the register's count less those on it who
// are kept out. It is 0 when the vote is not for the register.
func (e Electorate) Count() (int, error) {
	if !e.Register {
		return 0, nil
	}
	n := e.Size
	seen := map[string]bool{}
	for _, who := range slices.Concat(e.Recused, e.Excluded) {
		if seen[who] {
			continue
		}
		seen[who] = true
		ok, err := e.listed(who)
		if err != nil {
			return 0, err
		}
		if ok {
			n--
		}
	}
	return max(n, 0), nil
}

// Proxy pairs a holder with the member whose vote they cast (fullmakt),
// or a substitute with the main delegate they stand in for (ersättare).
type Proxy struct {
	Holder string
	Member string
}
