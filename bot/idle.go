package bot

import (
	"fmt"
	"time"

	"github.com/klubba/klubba/chat"
)

// Nothing grows without bound (docs/benchmarks.md): an abandoned meeting stops
// costing writes.
const (
	// IdleAfter is how long a meeting may go without a command that
	// changes it before it ends by itself, with a notice and its minutes.
	IdleAfter = 24 * time.Hour
	// MaxOverrunRefresh is how long after an item's timebox ended the
	// posted agenda is still refreshed to show the overrun; after it, the
	// refreshes stop (the next command refreshes it again).
	MaxOverrunRefresh = time.Hour
)

// TimerIdle ends a meeting that has been idle for IdleAfter, or, when it
// has not, comes back when it would have been.
const TimerIdle TimerKind = "meeting.idle"

// lastActive is when a command last changed the meeting.
func lastActive(c *call) time.Time {
	if c.m.Active.After(c.m.Started) {
		return c.m.Active
	}
	return c.m.Started
}

// scheduleIdle sets the meeting's idle timer for IdleAfter from now.
func (c *call) scheduleIdle() error {
	return c.schedule(TimerIdle, c.now.Add(IdleAfter), 0)
}

// fireIdle ends the meeting if nothing changed it for IdleAfter, and
// otherwise sets the timer for when that would be.
func (c *call) fireIdle(Timer) error {
	if ended, err := c.endIfIdle(); ended || err != nil {
		return err
	}
	return c.schedule(TimerIdle, lastActive(c).Add(IdleAfter), 0)
}

// endIfIdle ends the meeting, with a notice and the minutes, when no
// command changed it for IdleAfter; repeating timers call it first, so
// that meetings started before the idle timer existed end too.
func (c *call) endIfIdle() (bool, error) {
	idle := c.now.Sub(lastActive(c))
	if idle < IdleAfter {
		return false, nil
	}
	open, err := c.openPolls()
	if err != nil {
		return false, err
	}
	for _, p := range open {
		if err := c.closePoll(p, c.t("ClosedAtEnd")); err != nil {
			return false, err
		}
	}
	if err := c.m.End(c.now); err != nil {
		return false, err
	}
	if err := c.forgetPseudonyms(); err != nil {
		return false, err
	}
	md, err := c.minutesOf(c.m)
	if err != nil {
		return false, err
	}
	c.say(chat.Message{Header: c.t("Ended", "Title", c.m.Title), Text: c.t("EndedIdle", "Idle", c.dur(idle)) + "\n\n" + md})
	if err := c.tx.PutMeeting(c.m); err != nil {
		return false, fmt.Errorf("save meeting %s: %w", c.m.ID, err)
	}
	return true, nil
}
