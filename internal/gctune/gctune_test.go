package gctune

import (
	"runtime/debug"
	"testing"
)

// TestApply: the server's settings unless the environment names its own,
// and the previous ones back after restore.
func TestApply(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	beforeLimit := debug.SetMemoryLimit(1 << 40)
	defer debug.SetMemoryLimit(beforeLimit)

	restore := Apply(func(string) string { return "" })
	if got := debug.SetGCPercent(-1); got != Percent {
		t.Errorf("GOGC = %d, want %d", got, Percent)
	}
	debug.SetGCPercent(Percent)
	if got := debug.SetMemoryLimit(-1); got != MemoryLimit {
		t.Errorf("memory limit = %d, want %d", got, MemoryLimit)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("after restore GOGC = %d, want 100", got)
	}
	debug.SetGCPercent(100)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("after restore memory limit = %d, want %d", got, int64(1<<40))
	}

	env := map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}
	restore = Apply(func(k string) string { return env[k] })
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("with GOGC set, GOGC = %d, want it left at 100", got)
	}
	debug.SetGCPercent(100)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it left", got)
	}
	restore()
}
