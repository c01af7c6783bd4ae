package facilitation

import (
	"slices"
	"time"
)

// Codes of the facilitation tools (docs/architecture.md, "Facilitation tools").
const (
	ErrRoundRunning   Code = "ErrRoundRunning"
	ErrNoRound        Code = "ErrNoRound"
	ErrNobodyPresent  Code = "ErrNobodyPresent"
	ErrNotYourTurn    Code = "ErrNotYourTurn"
	ErrBrainstormOpen Code = "ErrBrainstormOpen"
	ErrNoBrainstorm   Code = "ErrNoBrainstorm"
	ErrNoIdeas        Code = "ErrNoIdeas"
	ErrIdeasRevealed  Code = "ErrIdeasRevealed"
	ErrNotRevealed    Code = "ErrNotRevealed"
	ErrBadDots        Code = "ErrBadDots"
	ErrNoDots         Code = "ErrNoDots"
	ErrDotsOpen       Code = "ErrDotsOpen"
	ErrDotsDone       Code = "ErrDotsDone"
	ErrNoSuchIdea     Code = "ErrNoSuchIdea"
	ErrNoDotsLeft     Code = "ErrNoDotsLeft"
	ErrFlagTooSoon    Code = "ErrFlagTooSoon"
	ErrNoGroups       Code = "ErrNoGroups"
	ErrNoSuchGroup    Code = "ErrNoSuchGroup"
	ErrTooLong        Code = "ErrTooLong"
)

// Round is a go-around (laget runt): everyone present, in an order drawn
// at random, gets a turn; anyone may pass.
type Round struct {
	Question string
	Limit    time.Duration
	// Order is everyone's place in the round; Pos is the index of the
	// person whose turn it is, len(Order) once the round is over.
	Order     []string
	Pos       int
	Passed    []string
	Started   time.Time
	TurnStart time.Time
	Ended     time.Time
	// Stopped is set when the chair stopped the round before its end.
	Stopped bool
}

// StartRound starts a go-around among order (already shuffled). A running
// round must end first.
func (m *Meeting) StartRound(question string, order []string, limit time.Duration, now time.Time) (*Round, error) {
	if m.Round != nil && m.Round.Running() {
		return nil, errorf(ErrRoundRunning)
	}
	if limit != 0 {
		if err := CheckDuration(limit); err != nil {
			return nil, err
		}
	}
	if len(order) == 0 {
		return nil, errorf(ErrNobodyPresent)
	}
	m.Round = &Round{Question: question, Limit: limit, Order: slices.Clone(order), Started: now, TurnStart: now}
	return m.Round, nil
}

// ActiveRound returns the running round, or ErrNoRound.
func (m *Meeting) ActiveRound() (*Round, error) {
	if m.Round == nil || !m.Round.Running() {
		return nil, errorf(ErrNoRound)
	}
	return m.Round, nil
}

// Running reports whether the round goes on.
func (r *Round) Running() bool { return r.Ended.IsZero() }

// Current is the person whose turn it is, or "".
func (r *Round) Current() string {
	if !r.Running() || r.Pos >= len(r.Order) {
		return ""
	}
	return r.Order[r.Pos]
}

// Upcoming is the person after the current one, or "".
func (r *Round) Upcoming() string {
	if !r.Running() || r.Pos+1 >= len(r.Order) {
		return ""
	}
	return r.Order[r.Pos+1]
}

// Advance ends the current turn and gives it to the next person; at the
// end of the order the round ends. It returns whose turn ended.
func (r *Round) Advance(now time.Time) string {
	who := r.Current()
	r.Pos++
	r.TurnStart = now
	if r.Pos >= len(r.Order) {
		r.Ended = now
	}
	return who
}

// Pass skips who's turn. Only the person whose turn it is may pass.
func (r *Round) Pass(who string, now time.Time) error {
	if cur := r.Current(); cur != who {
		return errorf(ErrNotYourTurn, "Speaker", cur)
	}
	r.Passed = append(r.Passed, who)
	r.Advance(now)
	return nil
}

// Stop ends the round before everyone has had a turn.
func (r *Round) Stop(now time.Time) error {
	if !r.Running() {
		return errorf(ErrNoRound)
	}
	r.Ended, r.Stopped = now, true
	return nil
}

// Done is how many have had their turn or passed.
func (r *Round) Done() int { return min(r.Pos, len(r.Order)) }
