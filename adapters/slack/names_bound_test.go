package slack

import (
	"fmt"
	"log/slog"
	"testing"
	"time"
)

// TestNamesBounded: the name cache forgets past maxNames, the stale
// names first.
func TestNamesBounded(t *testing.T) {
	now := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
	n := NewNames(nil, slog.New(slog.DiscardHandler), func() time.Time { return now })
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := range 3 * maxNames {
		n.remember(fmt.Sprint("U", i), cachedName{name: "x", at: now})
		if i == maxNames/2 {
			now = now.Add(2 * nameTTL) // those so far are stale
		}
	}
	if len(n.seen) > maxNames {
		t.Errorf("%d names cached, want at most %d", len(n.seen), maxNames)
	}
	if _, ok := n.seen[fmt.Sprint("U", 3*maxNames-1)]; !ok {
		t.Errorf("the latest name was not kept")
	}
}
