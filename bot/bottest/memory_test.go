package bottest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/storetest"
)

var _ storetest.Store = (*bottest.Store)(nil)

// TestConformance runs the store conformance suite on the in-memory store,
// unchanged: it behaves as store/bolt does.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return bottest.NewStore() })
}

// TestRefPruning: message references go when the channel's next meeting
// starts, as in store/bolt.
func TestRefPruning(t *testing.T) {
	storetest.RunRefPruning(t, func(t *testing.T) storetest.Store { return bottest.NewStore() })
}

// TestBatchRunsTwice: Batch runs fn more than once, as a shared bbolt
// batch may, and keeps only the last run's writes.
func TestBatchRunsTwice(t *testing.T) {
	s := bottest.NewStore()
	runs := 0
	err := s.Batch(context.Background(), func(tx bot.Tx) error {
		runs++
		return tx.Enqueue(bot.Outgoing{Channel: "test:c"})
	})
	if err != nil || runs != 2 {
		t.Fatalf("Batch: %v after %d runs, want nil after 2", err, runs)
	}
	if p, _ := s.Pending(context.Background(), "test", 0, 10); len(p) != 1 {
		t.Errorf("Batch left %d outbox entries, want 1", len(p))
	}
}

// TestViewIsReadOnly: a write in a View fails and changes nothing.
func TestViewIsReadOnly(t *testing.T) {
	s := bottest.NewStore()
	err := s.View(context.Background(), func(tx bot.Tx) error {
		return tx.Enqueue(bot.Outgoing{Channel: "test:c"})
	})
	if err == nil {
		t.Error("Enqueue in a View succeeded")
	}
	if p, _ := s.Pending(context.Background(), "test", 0, 10); len(p) != 0 {
		t.Errorf("a View wrote %d outbox entries", len(p))
	}
}

// TestSecretBallotsUnlinkable: the ballot box's order says nothing about
// the order of voting, whatever the order voters vote in.
func TestSecretBallotsUnlinkable(t *testing.T) {
	ctx := context.Background()
	orders := map[string]bool{}
	for range 20 {
		s := bottest.NewStore()
		p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Q", Kind: facilitation.YesNo, Visibility: facilitation.Secret}, "ann", bottest.Epoch)
		if err != nil {
			t.Fatal(err)
		}
		p.ID = 1
		err = s.Update(ctx, func(tx bot.Tx) error {
			if err := tx.PutPoll(p); err != nil {
				return err
			}
			for i, v := range []string{"a", "b", "c", "d"} {
				if err := tx.CastBallot(1, v, facilitation.Ballot{i % 2}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got *facilitation.Poll
		if err := s.View(ctx, func(tx bot.Tx) (err error) { got, err = tx.Poll(1); return err }); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, ballot := range got.Ballots {
			b.WriteByte(byte('0' + ballot[0]))
		}
		orders[b.String()] = true
	}
	if len(orders) < 2 {
		t.Errorf("20 boxes read back in one order, %v: the box keeps the order of voting", orders)
	}
}

// TestRollbackKeepsNoSequence: a rolled-back transaction takes no number
// from a sequence.
func TestRollbackKeepsNoSequence(t *testing.T) {
	s := bottest.NewStore()
	boom := errors.New("boom")
	s.Update(context.Background(), func(tx bot.Tx) error { tx.NextID("poll"); return boom })
	var id uint64
	s.Update(context.Background(), func(tx bot.Tx) (err error) { id, err = tx.NextID("poll"); return err })
	if id != 1 {
		t.Errorf("NextID after a rollback = %d, want 1", id)
	}
}
