package bot

import (
	"time"
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
	// MaxQuietReminders is how long a meeting may go without a command
	// that changes it before the ground rules' reminders stop; the next
	// such command sets them going again (wakeRules).
	MaxQuietReminders = time.Hour
)

// TimerIdle ends a meeting that has been idle for IdleAfter, or, when it
// has not, comes back when it would have been.
const TimerIdle TimerKind = "meeting.idle"

// lastActive is when a command last changed the meeting.
func lastActive(u *unit) time.Time {
	if u.m.Active.After(u.m.Started) {
		return u.m.Active
	}
	return u.m.Started
}

// scheduleIdle sets the meeting's idle timer for IdleAfter from now.
func scheduleIdle(u *unit) error {
	return u.schedule(TimerIdle, u.now.Add(IdleAfter), 0)
}

// fireIdle ends the meeting if nothing changed it for IdleAfter, and
// otherwise sets the timer for when that would be.
func fireIdle(u *unit, _ Timer) error {
	if ended, err := endIfIdle(u); ended || err != nil {
		return err
	}
	return u.schedule(TimerIdle, lastActive(u).Add(IdleAfter), 0)
}

// endIfIdle ends the meeting, with a notice and the minutes, when no
// command changed it for IdleAfter; repeating timers call it first, so
// that meetings started before the idle timer existed end too.
func endIfIdle(u *unit) (bool, error) {
	idle := u.now.Sub(lastActive(u))
	if idle < IdleAfter {
		return false, nil
	}
	open, err := openPolls(u)
	if err != nil {
		return false, err
	}
	return true, endMeeting(u, open, u.t("EndedIdle", "Idle", u.dur(idle)))
}

// rulesAsleep reports whether the meeting has been quiet too long for
// the ground rules' reminders, and if so lets them sleep: fireRules then
// sets no next one.
func rulesAsleep(u *unit) bool {
	if u.now.Sub(lastActive(u)) <= MaxQuietReminders {
		return false
	}
	u.m.RulesAsleep = true
	u.touch()
	return true
}

// wakeRules sets the ground rules' reminders going again when a command
// changes a meeting in which they slept.
func wakeRules(u *unit) error {
	if !u.m.RulesAsleep || !u.m.Ended.IsZero() {
		return nil
	}
	u.m.RulesAsleep = false
	if every := u.m.Reminders.Every; every > 0 {
		return u.schedule(TimerRules, u.now.Add(every), 0)
	}
	return nil
}
