// Package gctune sets Go's garbage collector for a Klubba server.
//
// Klubba's live heap is small (meetings live in the database, mapped
// from disk), while a command over a big meeting allocates megabytes
// (the meeting decoded, changed and encoded again), so with Go's default
// GOGC=100 nearly every such command ran a whole collection: about half
// of `next` with 2,000 waiting, and a tenth of a vote storm. A server
// lets the heap grow to five times what is live (GOGC=400), and keeps a
// soft limit on the whole so that memory stays bounded all the same:
// near the limit the collector works harder again.
package gctune

import "runtime/debug"

// Percent is the GOGC a server runs with unless GOGC is set.
const Percent = 400

// MemoryLimit is the soft memory limit a server runs with unless
// GOMEMLIMIT is set: well under the 200 MB a server may hold under
// attack (docs/benchmarks.md, "connections").
const MemoryLimit = 128 << 20

// Apply sets GOGC to Percent and the soft memory limit to MemoryLimit,
// each unless its environment variable (looked up with getenv) is set,
// and returns a function that puts back what was set before.
func Apply(getenv func(string) string) (restore func()) {
	percent, limit := -2, int64(-1)
	if getenv("GOGC") == "" {
		percent = debug.SetGCPercent(Percent)
	}
	if getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(MemoryLimit)
	}
	return func() {
		if percent != -2 {
			debug.SetGCPercent(percent)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
