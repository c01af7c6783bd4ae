package facilitation

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// orderedByComparison is Ordered as it was written before its sort keys
// and turn counts were computed once (issue 13), with the turnCounts and
// alternate of then: the reference TestOrderedKeys holds it to.
func orderedByComparison(q *Queue) []Request {
	reqs := slices.Clone(q.Waiting)
	for i := range reqs {
		reqs[i].seq = i
	}
	turns := oldTurnCounts(q, reqs)
	slices.SortStableFunc(reqs, func(a, b Request) int {
		if c := cmp.Compare(oldKindRank[a.Kind], oldKindRank[b.Kind]); c != 0 {
			return c
		}
		if a.Kind == Reply && a.Answer != b.Answer {
			if a.Answer {
				return 1
			}
			return -1
		}
		if a.Kind == Speak {
			if aa, ba := a.Who == q.Announced, b.Who == q.Announced; aa != ba {
				if aa {
					return -1
				}
				return 1
			}
			if q.Rules.Policy == FewestTurnsFirst || q.Rules.Policy == Alternate {
				if c := cmp.Compare(turns[a.Who], turns[b.Who]); c != 0 {
					return c
				}
			}
		}
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	if q.Rules.Policy == Alternate {
		oldAlternate(q, reqs, turns)
	}
	return reqs
}

var oldKindRank = map[Kind]int{PointOfOrder: 0, Information: 1, Reply: 2, Speak: 3}

func oldTurnCounts(q *Queue, reqs []Request) map[string]int {
	turns := make(map[string]int, len(reqs))
	for _, r := range reqs {
		if r.Kind == Speak {
			turns[r.Who] = 0
		}
	}
	count := func(t Turn) {
		if n, ok := turns[t.Who]; ok && t.Kind == Speak {
			turns[t.Who] = n + 1
		}
	}
	for _, t := range q.History {
		count(t)
	}
	if q.Current != nil {
		count(*q.Current)
	}
	for who, n := range turns {
		turns[who] = min(n, q.Rules.TurnCap)
	}
	return turns
}

func oldAlternate(q *Queue, reqs []Request, turns map[string]int) {
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
			for j := i + 1; j < len(reqs) && turns[reqs[j].Who] == turns[reqs[i].Who]; j++ {
				if g := q.groups[reqs[j].Who]; g != "" && g != prev {
					r := reqs[j]
					copy(reqs[i+1:j+1], reqs[i:j])
					reqs[i] = r
					break
				}
			}
		}
		if g := q.groups[reqs[i].Who]; g != "" {
			prev = g
		}
	}
}

// randomQueue is a queue of random history, current turn, requests and
// announcement under policy, for checking one way of ordering against
// another. With unique, a person waits at most once per kind, as Ask
// keeps it.
func randomQueue(rng *rand.Rand, policy Policy, unique bool) *Queue {
	kinds := []Kind{Speak, Speak, Reply, PointOfOrder, Information}
	q := &Queue{Rules: QueueRules{Policy: policy, TurnCap: 1 + rng.IntN(3)},
		groups: map[string]string{"p1": "a", "p2": "b", "p3": "a", "p4": "b"}}
	who := func() string { return fmt.Sprintf("p%d", rng.IntN(8)) }
	for range rng.IntN(12) {
		q.History = append(q.History, Turn{Who: who(), Kind: kinds[rng.IntN(len(kinds))]})
	}
	if rng.IntN(2) == 0 { // the current turn counts as a turn
		q.Current = &Turn{Who: who(), Kind: kinds[rng.IntN(len(kinds))]}
	}
	for range rng.IntN(12) {
		r := Request{Who: who(), Kind: kinds[rng.IntN(len(kinds))], At: at(rng.IntN(4)), Answer: rng.IntN(2) == 0}
		if !unique || !slices.ContainsFunc(q.Waiting, func(w Request) bool { return w.Who == r.Who && w.Kind == r.Kind }) {
			q.Waiting = append(q.Waiting, r)
		}
	}
	if len(q.Waiting) > 0 && rng.IntN(2) == 0 {
		q.Announced = q.Waiting[rng.IntN(len(q.Waiting))].Who
	}
	return q
}

var queuePolicies = []Policy{FIFO, FewestTurnsFirst, Alternate}

func TestOrderedKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 13))
	for i := range 2000 {
		q := randomQueue(rng, queuePolicies[i%3], false)
		if got, want := q.Ordered(), orderedByComparison(q); !reflect.DeepEqual(got, want) {
			t.Fatalf("Ordered() of %+v =\n%+v, want\n%+v", q, got, want)
		}
	}
}

// TestFirstAndPositionAgreeWithOrdered: the one-pass first and Position
// serve and place as Ordered does, under every policy, whether or not
// the first is announced (first counts turns only when it is not).
func TestFirstAndPositionAgreeWithOrdered(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 27))
	for i := range 2000 {
		q := randomQueue(rng, queuePolicies[i%3], true)
		ordered := q.Ordered()
		first, ok := q.first()
		if ok != (len(ordered) > 0) || ok && !reflect.DeepEqual(first, ordered[0]) {
			t.Fatalf("first() of %+v = %+v, %v; want %+v", q, first, ok, ordered)
		}
		for n, r := range ordered {
			if got := q.Position(r.Who, r.Kind); got != n+1 {
				t.Fatalf("Position(%s, %v) in %+v = %d, want %d", r.Who, r.Kind, ordered, got, n+1)
			}
		}
		if got := q.Position("nobody", Speak); got != 0 {
			t.Fatalf("Position(nobody) = %d, want 0", got)
		}
	}
}
