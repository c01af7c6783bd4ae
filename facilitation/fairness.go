package facilitation

import (
	"cmp"
	"slices"
	"time"
)

// TopShare is the share of speakers whose share of the time the fairness
// report gives (the top 20 %).
const TopShare = 0.2

// Fairness sums up who took the floor: in one item's queue, or in a
// whole meeting. It is for the facilitator, never for the protokoll.
type Fairness struct {
	Turns int
	Time  time.Duration
	// FirstTurns and FirstTime are the turns, and their time, of people
	// speaking for the first time on the item.
	FirstTurns int
	FirstTime  time.Duration
	Speakers   int
	// TopTime is the time of the top 20 % of speakers (at least one).
	TopTime time.Duration
	TopN    int
	// Present is how many were present; Silent those of them who never spoke.
	Present int
	Silent  []string
	// Groups holds each self-declared group's presence, turns and time,
	// in the template's order, then those with no group ("").
	Groups []GroupShare
}

// GroupShare is one group's part in the meeting.
type GroupShare struct {
	Name    string
	Present int
	Turns   int
	Time    time.Duration
}

// Share is part of whole as a fraction, 0 when whole is 0.
func Share[T int | time.Duration](part, whole T) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// Fair computes the fairness figures of the queues (one per item: a turn
// is a first-time turn if it is its speaker's first on its item), against
// the people present. groups maps people to their self-declared group,
// one of names.
func Fair(queues []*Queue, present []string, groups map[string]string, names []string, now time.Time) Fairness {
	var f Fairness
	by := map[string]time.Duration{}
	turns := map[string]int{}
	for _, q := range queues {
		seen := map[string]bool{}
		for _, t := range q.Turns() {
			d := t.Duration(now)
			f.Turns++
			f.Time += d
			if !seen[t.Who] {
				seen[t.Who] = true
				f.FirstTurns++
				f.FirstTime += d
			}
			by[t.Who] += d
			turns[t.Who]++
		}
	}
	f.Speakers = len(by)
	times := make([]time.Duration, 0, len(by))
	for _, d := range by {
		times = append(times, d)
	}
	slices.SortFunc(times, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	if len(times) > 0 {
		f.TopN = max(1, int(float64(len(times))*TopShare+0.999999))
		for _, d := range times[:f.TopN] {
			f.TopTime += d
		}
	}
	f.Present = len(present)
	isPresent := map[string]bool{}
	for _, id := range present {
		isPresent[id] = true
		if _, ok := by[id]; !ok {
			f.Silent = append(f.Silent, id)
		}
	}
	if len(names) == 0 {
		return f
	}
	share := map[string]*GroupShare{}
	for _, n := range append(slices.Clone(names), "") {
		f.Groups = append(f.Groups, GroupShare{Name: n})
	}
	for i := range f.Groups {
		share[f.Groups[i].Name] = &f.Groups[i]
	}
	group := func(who string) *GroupShare {
		if g, ok := share[groups[who]]; ok {
			return g
		}
		return share[""]
	}
	for id := range isPresent {
		group(id).Present++
	}
	for who, d := range by {
		g := group(who)
		g.Turns += turns[who]
		g.Time += d
	}
	if g := f.Groups[len(f.Groups)-1]; g.Present == 0 && g.Turns == 0 {
		f.Groups = f.Groups[:len(f.Groups)-1]
	}
	return f
}
