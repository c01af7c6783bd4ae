package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// testRefPruning checks that the references to a channel's posted
// messages are dropped when the channel's next meeting starts, and no
// sooner (an ended meeting's last edits must still find their messages),
// while an adapter's own keys stay.
func testRefPruning(t *testing.T, s Store) {
	ctx := context.Background()
	refs := map[string]string{
		"test:c|poll/1":     "c/1.1",
		"test:c|agenda/1":   "c/1.2",
		"test:other|poll/2": "o/2.1",
	}
	own := s.Space("test")
	if err := own.Put(ctx, "conv|test:c", `{"conversationId":"c"}`); err != nil {
		t.Fatal(err)
	}
	check := func(when string, gone ...string) {
		t.Helper()
		for k, v := range refs {
			got, err := s.MessageRef(ctx, k)
			switch {
			case contains(gone, k):
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: MessageRef(%s) = %q, %v; want ErrNotFound", when, k, got, err)
				}
			case err != nil || got != v:
				t.Errorf("%s: MessageRef(%s) = %q, %v; want %q", when, k, got, err, v)
			}
		}
	}
	m := newMeeting("1", "test:c")
	update(t, s, func(tx *typed.Tx) error { return tx.PutMeeting(m) })
	// Delivered after the start, as the adapters' posts are.
	for k, v := range refs {
		if err := s.PutMessageRef(ctx, k, v); err != nil {
			t.Fatalf("PutMessageRef(%s): %v", k, err)
		}
	}
	check("while the meeting runs")
	m.End(t0.Add(time.Hour))
	update(t, s, func(tx *typed.Tx) error { return tx.PutMeeting(m) })
	check("when the meeting has ended")
	update(t, s, func(tx *typed.Tx) error { return tx.PutMeeting(newMeeting("2", "test:c")) })
	check("when the next meeting starts", "test:c|poll/1", "test:c|agenda/1")
	if got, err := own.Get(ctx, "conv|test:c"); err != nil || got != `{"conversationId":"c"}` {
		t.Errorf("the adapter's own key after the next meeting started: %q, %v", got, err)
	}
	if err := s.PutMessageRef(ctx, "test:c|poll/3", "c/3.1"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.MessageRef(ctx, "test:c|poll/3"); err != nil || got != "c/3.1" {
		t.Errorf("a reference of the new meeting: %q, %v", got, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
