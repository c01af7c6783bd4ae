// Package bottest holds the test helpers of Klubba's core: the manual
// clock and WaitFor. The in-memory store is store/mem, with store/typed
// on it; tests about durability, restarts or files keep store/bolt.
package bottest

import (
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
)

// ManualClock is a bot.Clock that moves only when told (see bot.ManualClock).
type ManualClock = bot.ManualClock

// NewManualClock returns a clock stopped at t.
func NewManualClock(t time.Time) *ManualClock { return bot.NewManualClock(t) }

// Epoch is the time test clocks start at: 2026-11-27 18:00 UTC.
var Epoch = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// WaitTimeout is how long WaitFor waits before failing the test.
const WaitTimeout = 10 * time.Second

// WaitFor polls cond every few milliseconds until it holds, and fails the
// test if it does not within WaitTimeout.
func WaitFor(t testing.TB, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(WaitTimeout); ; time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", WaitTimeout)
		}
	}
}
