package facilitation

// alternate reorders the ordinary requests of reqs, already in
// fewest-turns-first order, so that groups take turns: among those with
// the fewest turns, the first whose group differs from the last speaker's
// goes first. Whoever was told they are next keeps that place, and
// people who have not declared a group are served in their plain order.
// turns[i] is the turn count of reqs[i] (see turnCounts), moved with it.
func (q *Queue) alternate(reqs []Request, turns []int) {
	s := 0
	for s < len(reqs) && reqs[s].Kind != Speak {
		s++
	}
	prev := q.groups[q.lastSpeaker()]
	if s < len(reqs) && q.Announced != "" && reqs[s].Who == q.Announced {
		prev = q.groups[reqs[s].Who]
		s++
	}
	for i := s; i < len(reqs); i++ {
		if g := q.groups[reqs[i].Who]; prev != "" && g == prev {
			for j := i + 1; j < len(reqs) && turns[j] == turns[i]; j++ {
				if g := q.groups[reqs[j].Who]; g != "" && g != prev {
					r, n := reqs[j], turns[j]
					copy(reqs[i+1:j+1], reqs[i:j])
					copy(turns[i+1:j+1], turns[i:j])
					reqs[i], turns[i] = r, n
					break
				}
			}
		}
		if g := q.groups[reqs[i].Who]; g != "" {
			prev = g
		}
	}
}

// lastSpeaker is who spoke last in an ordinary turn, or "".
func (q *Queue) lastSpeaker() string {
	if q.Current != nil && q.Current.Kind == Speak {
		return q.Current.Who
	}
	for i := len(q.History) - 1; i >= 0; i-- {
		if q.History[i].Kind == Speak {
			return q.History[i].Who
		}
	}
	return ""
}
