package delivery_test

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestEditTimesBounded: a channel that edits message after message, always
// with something queued, keeps the edit times of the last EditInterval
// only; once all is sent and paced, the deliverer forgets the channel.
func TestEditTimesBounded(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for i := range 50 {
		r.enqueue(t, edit("a", fmt.Sprintf("poll/%d", i), "v"), post("a", "keeps the queue busy"))
		r.d.Round(ctx)
		if n := r.d.EditTimes(); n > 2 {
			t.Fatalf("after %d edits of distinct messages, %d edit times are kept", i+1, n)
		}
		r.clock.Advance(2 * time.Second)
	}
	for range 100 {
		if r.pending(t) == 0 {
			break
		}
		r.d.Round(ctx)
		r.clock.Advance(2 * time.Second)
	}
	r.d.Round(ctx)
	if r.pending(t) != 0 || r.d.Tracked() != 0 || r.d.EditTimes() != 0 {
		t.Errorf("after delivering all: %d pending, %d channels and %d edit times kept; want none", r.pending(t), r.d.Tracked(), r.d.EditTimes())
	}
}
