package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
)

// RunRefPruning checks that the references to a channel's posted messages
// are dropped when the channel's next meeting starts, and no sooner (an
// ended meeting's last edits must still find their messages), while the
// references to conversations and personal chats stay. It is apart from
// Run: a store may keep its references longer, at the cost of growth.
func RunRefPruning(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	ctx := context.Background()
	refs := map[string]string{
		"test:c|poll/1":                "c/1.1",
		"test:c|agenda/1":              "c/1.2",
		"test:other|poll/2":            "o/2.1",
		"conv|test:c":                  `{"conversationId":"c"}`,
		"personal|https://svc/|29:ann": `{"conversationId":"a"}`,
	}
	check := func(when string, gone ...string) {
		t.Helper()
		for k, v := range refs {
			got, err := s.MessageRef(ctx, k)
			switch {
			case contains(gone, k):
				if !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("%s: MessageRef(%s) = %q, %v; want ErrNotFound", when, k, got, err)
				}
			case err != nil || got != v:
				t.Errorf("%s: MessageRef(%s) = %q, %v; want %q", when, k, got, err, v)
			}
		}
	}
	m := newMeeting("1", "test:c")
	update(t, s, func(tx bot.Tx) error { return tx.PutMeeting(m) })
	// Delivered after the start, as the adapters' posts are.
	for k, v := range refs {
		if err := s.PutMessageRef(ctx, k, v); err != nil {
			t.Fatalf("PutMessageRef(%s): %v", k, err)
		}
	}
	check("while the meeting runs")
	m.End(t0.Add(time.Hour))
	update(t, s, func(tx bot.Tx) error { return tx.PutMeeting(m) })
	check("when the meeting has ended")
	update(t, s, func(tx bot.Tx) error { return tx.PutMeeting(newMeeting("2", "test:c")) })
	check("when the next meeting starts", "test:c|poll/1", "test:c|agenda/1")
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
