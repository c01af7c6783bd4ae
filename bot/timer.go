package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
)

// TimerKind says what a timer does when it fires.
type TimerKind = store.TimerKind

// Timer kinds (docs/architecture.md, "State").
const (
	// TimerItemWarn warns that an agenda item's timebox is about to end.
	TimerItemWarn TimerKind = "item.warn"
	// TimerItemEnd says that an agenda item's timebox has ended.
	TimerItemEnd TimerKind = "item.end"
	// TimerItemOverrun refreshes the posted agenda every minute while an item
	// runs over, so that the overrun it shows keeps up.
	TimerItemOverrun TimerKind = "item.overrun"
	// TimerPollClose closes a poll and posts its results.
	TimerPollClose TimerKind = "poll.close"
	// TimerRules recalls the ground rules, and schedules the next reminder.
	TimerRules TimerKind = "rules.every"
	// TimerLongTurn nudges a speaker past the template's max turn length.
	TimerLongTurn TimerKind = "turn.long"
	// TimerOverrun says that the meeting runs past its planned end.
	TimerOverrun TimerKind = "meeting.overrun"
	// TimerVoteWindow settles a declared question once nobody demanded a
	// counted vote in time.
	TimerVoteWindow TimerKind = "vote.window"
	// TimerAdjournEnd says that the adjournment's time is up.
	TimerAdjournEnd TimerKind = "meeting.adjourn"
	// TimerTurnWarn warns a speaker privately that the speaking time ends soon.
	TimerTurnWarn TimerKind = "turn.warn"
	// TimerTurnTick brings the floor message's countdown up to date.
	TimerTurnTick TimerKind = "turn.tick"
	// TimerLastCall closes a speaker list announced to close.
	TimerLastCall TimerKind = "queue.lastcall"
)

// Timer is something the bot must do at a given time. Timers are kept in
// the store, so they survive a restart. A timer that no longer matches
// the meeting (the item was extended, the poll closed by hand, the
// meeting ended) does nothing when it fires.
type Timer = store.Timer

// DefaultWarning is how long before a timebox ends the bot warns, when
// the template does not say.
const DefaultWarning = 2 * time.Minute

// StaleAfter is how late a notice may fire: one found later than this
// after a restart is dropped and logged, since its news is too old to
// help. Every other timer changes the meeting (closes a poll, settles a
// question, ends an adjournment, a speaker list or an idle meeting) or
// sets the next of a repeating one, and fires however late.
const StaleAfter = time.Hour

// notices are the timers that only tell: dropped when stale.
var notices = map[TimerKind]bool{TimerItemWarn: true, TimerLongTurn: true, TimerOverrun: true, TimerTurnWarn: true, TimerScheduleRemind: true}

// nextAfter is the first of due, due+every, due+2·every… after now: where
// a repeating timer goes on after firing late, rather than catch up on
// every time it missed.
func nextAfter(due time.Time, every time.Duration, now time.Time) time.Time {
	if !due.After(now) {
		due = due.Add((now.Sub(due)/every + 1) * every)
	}
	return due
}

// schedule adds a timer about the current meeting.
func (u *unit) schedule(kind TimerKind, due time.Time, ref int64) error {
	t := &Timer{Due: due, Kind: kind, Channel: u.m.Channel, MeetingID: u.m.ID, Ref: ref}
	if kind == TimerLongTurn || kind == TimerTurnWarn || kind == TimerTurnTick {
		q := u.m.Queue()
		t.Who, t.Since = q.Current.Who, q.Current.Start
	}
	if err := u.tx.AddTimer(t); err != nil {
		return fmt.Errorf("schedule %s: %w", kind, err)
	}
	u.scheduled = true
	return nil
}

func warningLead(u *unit) time.Duration {
	if w := u.m.Reminders.Warning; w > 0 {
		return w
	}
	return DefaultWarning
}

// scheduleItem sets the warning and time-up timers of the current item.
func scheduleItem(u *unit) error {
	it, _ := u.m.Agenda.Current()
	if it == nil || it.Timebox == 0 {
		return nil
	}
	end := it.Deadline()
	if warn := end.Add(-warningLead(u)); it.Timebox > warningLead(u) && warn.After(u.now) {
		if err := u.schedule(TimerItemWarn, warn, int64(it.ID)); err != nil {
			return err
		}
	}
	if end.After(u.now) {
		return u.schedule(TimerItemEnd, end, int64(it.ID))
	}
	return nil
}

// plannedEnd is when the meeting should end by its agenda.
func plannedEnd(m *facilitation.Meeting) time.Time {
	return m.Started.Add(m.Agenda.Planned() + m.AdjournedFor)
}

// scheduleOverrun sets the timer for the meeting's planned end.
func scheduleOverrun(u *unit) error {
	if u.m.Agenda.Planned() == 0 || !facilitation.On(u.m.Reminders.Nudges.Overrun) {
		return nil
	}
	if end := plannedEnd(u.m); end.After(u.now) {
		return u.schedule(TimerOverrun, end, 0)
	}
	return nil
}

// WakeScheduler tells the scheduler to look at the timers again: another
// process sharing the store (docs/architecture.md, "Beyond one machine") has added one.
func (b *Bot) WakeScheduler() { b.wakeScheduler() }

// wakeScheduler tells a sleeping scheduler to look at the timers again.
func (b *Bot) wakeScheduler() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// RunScheduler fires timers as they fall due until ctx ends: one loop
// sleeping until the next due timer, woken early when a command adds one.
func (b *Bot) RunScheduler(ctx context.Context) error {
	for {
		_, fireErr := b.fireDueSafely(ctx)
		if fireErr != nil && ctx.Err() == nil {
			b.log.ErrorContext(ctx, "fire timers", "err", fireErr)
		}
		var wait <-chan time.Time
		next, err := b.nextTimer(ctx)
		if errors.Is(fireErr, errPanicked) {
			err = fireErr // try again in a second, not at once
		}
		switch {
		case err == nil:
			wait = b.clock.After(next.Due.Sub(b.clock.Now()))
		case !errors.Is(err, ErrNotFound):
			if ctx.Err() != nil {
				return nil
			}
			b.log.ErrorContext(ctx, "read timers", "err", err)
			wait = b.clock.After(time.Second)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wait:
		case <-b.wake:
		}
	}
}

// NextDue is when the next timer falls due, and false when none is set:
// a virtual clock moves from one to the next, so that each fires at its
// time rather than late.
func (b *Bot) NextDue(ctx context.Context) (time.Time, bool, error) {
	t, err := b.nextTimer(ctx)
	switch {
	case errors.Is(err, ErrNotFound):
		return time.Time{}, false, nil
	case err != nil:
		return time.Time{}, false, err
	}
	return t.Due, true, nil
}

func (b *Bot) nextTimer(ctx context.Context) (Timer, error) {
	var t Timer
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		t, err = tx.NextTimer()
		return err
	})
	return t, err
}

// FireDue fires every timer due by now, each in its own transaction
// (delete the timer, write the outbox), and returns how many fired.
// Notices more than StaleAfter late are dropped and logged.
func (b *Bot) FireDue(ctx context.Context) (int, error) {
	fired := 0
	// last is the timer fired before, once its transaction committed (a
	// retried transaction runs again with the same last): one the same,
	// set twice (an agenda add that left the planned end where it was),
	// is dropped.
	var last Timer
	for {
		done, meeting := false, ""
		var due Timer
		err := b.store.Update(ctx, func(tx Tx) error {
			now := b.clock.Now()
			t, err := tx.NextTimer()
			if errors.Is(err, ErrNotFound) || err == nil && t.Due.After(now) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			due = t
			if err := tx.DeleteTimer(t); err != nil {
				return err
			}
			if sameTimer(t, last) {
				return nil
			}
			if late := now.Sub(t.Due); late > StaleAfter && notices[t.Kind] {
				b.log.WarnContext(ctx, "dropped a stale timer", "kind", t.Kind, "channel", t.Channel, "late", late.Round(time.Second))
				return nil
			}
			meeting = t.MeetingID
			return b.fire(ctx, tx, t, now)
		})
		var refused *errRefused
		if errors.As(err, &refused) {
			// A rule refused what the timer was to do: drop the timer and
			// say why in its channel, rather than fire it again forever.
			err = b.store.Update(ctx, func(tx Tx) error {
				if err := tx.DeleteTimer(due); err != nil {
					return err
				}
				u := b.newUnit(ctx, tx, Request{Channel: due.Channel, Route: RouteAll})
				u.say(refused.reply.Message)
				return u.finish()
			})
			b.log.WarnContext(ctx, "a timer's work was refused", "kind", due.Kind, "channel", due.Channel)
		}
		if err != nil {
			return fired, fmt.Errorf("fire timer: %w", err)
		}
		if done {
			if fired > 0 && b.notify != nil {
				b.notify()
			}
			return fired, nil
		}
		fired++
		last = due
		b.changed(meeting)
	}
}

// sameTimer reports whether two timers are set for the same thing at the
// same moment, their IDs aside.
func sameTimer(a, b Timer) bool {
	return a.Due.Equal(b.Due) && a.Kind == b.Kind && a.Channel == b.Channel && a.MeetingID == b.MeetingID &&
		a.Ref == b.Ref && a.Who == b.Who && a.Since.Equal(b.Since)
}

// fire runs one timer against the meeting it belongs to; what it says
// goes to the outbox of the meeting's channel.
func (b *Bot) fire(ctx context.Context, tx Tx, t Timer, now time.Time) error {
	if isScheduleTimer(t.Kind) { // no meeting runs yet (bot/schedule.go)
		return b.fireSchedule(ctx, tx, t, now)
	}
	m, err := tx.Running(t.Channel)
	if errors.Is(err, ErrNotFound) {
		return nil // the meeting has ended
	}
	if err != nil {
		return fmt.Errorf("load meeting of %s: %w", t.Channel, err)
	}
	if m.ID != t.MeetingID {
		return nil
	}
	// A timer's replies all go to the outbox, like a click's, in the
	// thread the meeting was started in.
	u := b.newUnit(ctx, tx, Request{Channel: t.Channel, Route: RouteAll, Thread: m.Thread})
	u.now = now
	u.setMeeting(m)
	h, ok := timerHandlers[t.Kind]
	if !ok {
		b.log.WarnContext(ctx, "dropped a timer of unknown kind", "kind", t.Kind)
		return nil
	}
	if err := h(u, t); err != nil {
		return fmt.Errorf("%s timer: %w", t.Kind, err)
	}
	if err := u.finish(); err != nil {
		return err
	}
	if u.scheduled {
		b.wakeScheduler()
	}
	return nil
}

// timerHandlers do what each kind of timer is set for.
var timerHandlers = map[TimerKind]func(*unit, Timer) error{
	TimerItemWarn: fireItemWarn, TimerItemEnd: fireItemEnd, TimerItemOverrun: fireItemOverrun, TimerPollClose: firePollClose,
	TimerRules: fireRules, TimerLongTurn: fireLongTurn, TimerOverrun: fireOverrun, TimerRoundTurn: fireRoundTurn,
	TimerVoteWindow: fireVoteWindow, TimerAdjournEnd: fireAdjournEnd, TimerTurnWarn: fireTurnWarn,
	TimerTurnTick: fireTurnTick, TimerLastCall: fireLastCall, TimerIdle: fireIdle,
}

// currentItem returns the current item if the timer is about it.
func currentItem(u *unit, t Timer) *facilitation.Item {
	it, _ := u.m.Agenda.Current()
	if it == nil || int64(it.ID) != t.Ref {
		return nil
	}
	return it
}

func fireItemWarn(u *unit, t Timer) error {
	it := currentItem(u, t)
	if it == nil || !t.Due.Equal(it.Deadline().Add(-warningLead(u))) || !u.now.Before(it.Deadline()) {
		return nil // stale, or fired so late that time-up says it all
	}
	u.say(chat.Message{Text: u.t("TimeboxWarning", "Title", it.Title, "Left", u.dur(it.Remaining(u.now)))})
	return agendaChanged(u)
}

func fireItemEnd(u *unit, t Timer) error {
	it := currentItem(u, t)
	if it == nil || !t.Due.Equal(it.Deadline()) {
		return nil
	}
	if u.now.Sub(t.Due) <= StaleAfter { // news no longer, after a long outage; the refreshes still begin
		u.say(chat.Message{Text: u.t("TimeboxEnded", "Title", it.Title, "Timebox", u.dur(it.Timebox))})
	}
	if err := u.schedule(TimerItemOverrun, nextAfter(t.Due.Add(overrunTick), overrunTick, u.now), int64(it.ID)); err != nil {
		return err
	}
	return agendaChanged(u)
}

// overrunTick is how often the agenda is refreshed while an item runs over.
const overrunTick = time.Minute

// fireItemOverrun refreshes the agenda while the same spell of the item
// goes on past its timebox, and schedules the next refresh.
func fireItemOverrun(u *unit, t Timer) error {
	it := currentItem(u, t)
	if it == nil || t.Due.Before(it.Deadline().Add(overrunTick)) {
		return nil // moved on, extended, or taken up again
	}
	if ended, err := endIfIdle(u); ended || err != nil {
		return err
	}
	if t.Due.Sub(it.Deadline()) >= MaxOverrunRefresh {
		return agendaChanged(u) // the last refresh (bot/idle.go)
	}
	if err := u.schedule(TimerItemOverrun, t.Due.Add(overrunTick), int64(it.ID)); err != nil {
		return err
	}
	return agendaChanged(u)
}

func firePollClose(u *unit, t Timer) error {
	p, err := u.tx.Poll(t.Ref)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	// An adjournment moves the close (see resume): a timer set for an
	// earlier close, or firing while the meeting is adjourned, does nothing.
	if p.Closed || p.MeetingID != u.m.ID || u.m.IsAdjourned() || !t.Due.Equal(p.Created.Add(p.CloseAfter)) {
		return nil
	}
	return closePoll(u, p, u.t("ClosedOnTime"))
}

func fireRules(u *unit, t Timer) error {
	every := u.m.Reminders.Every
	if every <= 0 {
		return nil
	}
	if ended, err := endIfIdle(u); ended || err != nil {
		return err
	}
	if rulesAsleep(u) {
		return nil // until a command wakes them (bot/idle.go)
	}
	if len(u.m.Rules) > 0 && !u.m.IsAdjourned() {
		u.say(u.view().Rules(u.t("RulesReminder")))
	}
	return u.schedule(TimerRules, nextAfter(t.Due.Add(every), every, u.now), 0)
}

// fireLongTurn says that the speaker's time is up, if the timer was set
// for the limit now in force: one set for a limit since changed is
// stale, and the time was said to be up, if it was, when it changed.
func fireLongTurn(u *unit, t Timer) error {
	cur, limit := turnTimer(u, t)
	if cur == nil || limit <= 0 || cur.Duration(t.Due) != limit || cur.Duration(u.now) < limit || !facilitation.On(u.m.Reminders.Nudges.LongTurn) {
		return nil // the turn ended, the limit changed, or the clock stood still
	}
	sayTimeUp(u, cur, limit)
	return u.refresh(u.key(render.KindFloor))
}

// sayTimeUp tells the room that the speaker's time of limit is up.
func sayTimeUp(u *unit, cur *facilitation.Turn, limit time.Duration) {
	u.say(chat.Message{Text: u.t("NudgeLongTurn", "Name", u.name(cur.Who), "Time", u.dur(cur.Duration(u.now)), "Limit", u.dur(limit))})
}

func fireOverrun(u *unit, t Timer) error {
	if !t.Due.Equal(plannedEnd(u.m)) || !facilitation.On(u.m.Reminders.Nudges.Overrun) || u.m.IsAdjourned() { // resume sets it again
		return nil
	}
	u.say(chat.Message{Text: u.t("NudgeOverrun", "Planned", u.dur(u.m.Agenda.Planned()))})
	return nil
}
