package facilitation

import (
	"fmt"
	"testing"
)

func bigQueue(n int) *Queue {
	q := &Queue{Rules: DefaultQueueRules}
	for i := range n {
		who := fmt.Sprintf("p%04d", i)
		q.History = append(q.History, Turn{Who: who, Kind: Speak, Start: t0})
		q.Waiting = append(q.Waiting, Request{Who: who, Kind: Speak, At: t0})
	}
	return q
}

// BenchmarkOrdered orders a queue of 2,000 waiting, each with a turn
// behind them (docs/benchmarks.md's big meeting).
func BenchmarkOrdered(b *testing.B) {
	q := bigQueue(2000)
	b.Run("keys", func(b *testing.B) {
		for b.Loop() {
			q.Ordered()
		}
	})
	b.Run("comparator", func(b *testing.B) {
		for b.Loop() {
			orderedByComparison(q)
		}
	})
}
