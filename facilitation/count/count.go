// Package count holds the counting rules of Klubba's elections and ranked
// polls: block vote, instant runoff, Schulze and Scottish STV.
//
// It is pure: no I/O, no clock, no randomness. A ballot is a []int of
// candidate indexes 0..n-1, in order of preference for the ranked methods
// and as a set of marks for the block vote. Every count takes the draws of
// earlier lots and replays them, so that the same ballots and draws always
// give the same result.
//
// # Lots
//
// When the rules meet a tie they cannot break, the count stops and returns
// Need, a *Lot: Pick of Among must be drawn by lot (elsewhere, with
// crypto/rand). The caller appends the drawn candidates to draws and counts
// again; draws[i] answers the i-th Lot the count asked for. What "picked"
// means is documented with each Lot a count can ask for.
//
// A draw that does not fit its Lot (wrong size, a repeated candidate, or one
// outside Among), or a draw the count never asked for, is an error wrapping
// ErrDraw: a replay that no longer matches its ballots must not be
// silently reinterpreted. With any error the result is partial.
package count

import (
	"errors"
	"fmt"
	"slices"
)

// ErrBallot reports a ballot the count cannot read: a candidate out of
// range, a candidate marked twice, or too many marks.
var ErrBallot = errors.New("invalid ballot")

// ErrDraw reports a draw that does not answer the lot the count asked for.
var ErrDraw = errors.New("draw does not match the lot")

// Lot is a tie the rules cannot break: Pick of Among must be drawn by lot.
// Among is sorted.
type Lot struct {
	Among []int
	Pick  int
}

// lots replays the draws of earlier lots in order.
type lots struct {
	draws [][]int
	used  int
	need  *Lot
}

// draw returns the pick of among drawn by the next lot. When no draw is left
// it records the Lot the count needs and returns ok false.
func (l *lots) draw(among []int, pick int) (picked []int, ok bool, err error) {
	among = slices.Sorted(slices.Values(among))
	if l.used == len(l.draws) {
		l.need = &Lot{Among: among, Pick: pick}
		return nil, false, nil
	}
	d := l.draws[l.used]
	l.used++
	picked = slices.Sorted(slices.Values(d))
	if len(picked) != pick || len(slices.Compact(slices.Clone(picked))) != pick {
		return nil, false, fmt.Errorf("%w: draw %d is %v, want %d distinct of %v", ErrDraw, l.used, d, pick, among)
	}
	for _, c := range picked {
		if _, found := slices.BinarySearch(among, c); !found {
			return nil, false, fmt.Errorf("%w: draw %d is %v, want %d of %v", ErrDraw, l.used, d, pick, among)
		}
	}
	return picked, true, nil
}

// done reports an error if draws were left unused by a count that finished.
func (l *lots) done() error {
	if l.need == nil && l.used < len(l.draws) {
		return fmt.Errorf("%w: %d draws given, the count needed %d", ErrDraw, len(l.draws), l.used)
	}
	return nil
}

// checkBallots reports the first ballot that names a candidate out of
// 0..candidates-1, names one twice, or has more than maxMarks entries
// (maxMarks < 0: no limit).
func checkBallots(ballots [][]int, candidates, maxMarks int) error {
	seen := make([]int, candidates) // seen[c] == i+1: c is on ballot i
	for i, b := range ballots {
		if maxMarks >= 0 && len(b) > maxMarks {
			return fmt.Errorf("%w: ballot %d has %d marks, at most %d allowed", ErrBallot, i, len(b), maxMarks)
		}
		for _, c := range b {
			if c < 0 || c >= candidates {
				return fmt.Errorf("%w: ballot %d names candidate %d of %d", ErrBallot, i, c, candidates)
			}
			if seen[c] == i+1 {
				return fmt.Errorf("%w: ballot %d names candidate %d twice", ErrBallot, i, c)
			}
			seen[c] = i + 1
		}
	}
	return nil
}
