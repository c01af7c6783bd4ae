package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
)

// testAnonymous: texts kept apart from anyone come back, per scope, and
// are gone once dropped; a store that never stored one reads as empty.
func testAnonymous(t *testing.T, s Store) {
	view(t, s, func(tx bot.Tx) error {
		got, err := tx.Anonymous("ideas/1")
		if err != nil || len(got) != 0 {
			t.Errorf("Anonymous before any write = %v, %v", got, err)
		}
		return nil
	})
	update(t, s, func(tx bot.Tx) error {
		for _, text := range []string{"b", "a", "c", "a"} {
			if err := tx.PutAnonymous("ideas/1", text); err != nil {
				return err
			}
		}
		return tx.PutAnonymous("ideas/2", "other")
	})
	view(t, s, func(tx bot.Tx) error {
		got, err := tx.Anonymous("ideas/1")
		slices.Sort(got)
		if err != nil || !slices.Equal(got, []string{"a", "a", "b", "c"}) {
			t.Errorf("Anonymous(ideas/1) = %v, %v; want a, a, b, c in any order", got, err)
		}
		return nil
	})
	update(t, s, func(tx bot.Tx) error {
		if err := tx.DropAnonymous("ideas/1"); err != nil {
			return err
		}
		return tx.DropAnonymous("never/written")
	})
	view(t, s, func(tx bot.Tx) error {
		if got, _ := tx.Anonymous("ideas/1"); len(got) != 0 {
			t.Errorf("after DropAnonymous: %v", got)
		}
		if got, _ := tx.Anonymous("ideas/2"); !slices.Equal(got, []string{"other"}) {
			t.Errorf("DropAnonymous(ideas/1) touched ideas/2: %v", got)
		}
		return nil
	})
}

// testMeetings: every meeting, running or ended, oldest first.
func testMeetings(t *testing.T, s Store) {
	a, b := newMeeting("10", "c1"), newMeeting("9", "c2")
	b.Started = a.Started.Add(time.Hour)
	a.End(a.Started.Add(time.Minute))
	update(t, s, func(tx bot.Tx) error {
		if err := tx.PutMeeting(b); err != nil {
			return err
		}
		return tx.PutMeeting(a)
	})
	view(t, s, func(tx bot.Tx) error {
		ms, err := tx.Meetings()
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		if err != nil || !slices.Equal(ids, []string{"10", "9"}) {
			t.Errorf("Meetings() = %v, %v; want 10, 9", ids, err)
		}
		return nil
	})
}
