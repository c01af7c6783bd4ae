package bot

import (
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Speaking time (talartid) and the announced close of the list (streck
// föreslås).

// turnWarning is how long before the end of a limited turn the speaker
// is warned privately.
const turnWarning = 30 * time.Second

// turnTick is how often the floor message's countdown is brought up to date.
const turnTick = 30 * time.Second

func queueLimit(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	q := u.m.Queue()
	if w := strings.ToLower(a.text(0)); w == "0" || w == "off" || w == "av" { // no limit any more
		q.Rules.MaxTurn = 0
		u.say(chat.Message{Text: u.t("LimitLifted")})
		return queueChanged(u)
	}
	d, err := cmdline.ParseDuration(a.text(0))
	if err != nil {
		return err
	}
	q.Rules.MaxTurn = d
	u.say(chat.Message{Text: u.t("LimitSet", "Limit", u.dur(d))})
	if cur := q.Current; cur != nil && !u.m.IsAdjourned() && cur.Duration(u.now) >= d && facilitation.On(u.m.Reminders.Nudges.LongTurn) {
		sayTimeUp(u, cur, d) // lowered below what the speaker has had: their time is up now
	}
	if err := scheduleTurn(u); err != nil {
		return err
	}
	return queueChanged(u)
}

// scheduleTurn sets the timers of the turn going on, from what is left of
// its speaking time: the private warning, the notice at the limit, and
// the next countdown tick.
func scheduleTurn(u *unit) error {
	q := u.m.Queue()
	cur, limit := q.Current, q.Rules.MaxTurn
	if cur == nil || limit <= 0 || u.m.IsAdjourned() {
		return nil
	}
	left := limit - cur.Duration(u.now)
	if left > turnWarning {
		if err := u.schedule(TimerTurnWarn, u.now.Add(left-turnWarning), 0); err != nil {
			return err
		}
	}
	if left > 0 && facilitation.On(u.m.Reminders.Nudges.LongTurn) {
		if err := u.schedule(TimerLongTurn, u.now.Add(left), 0); err != nil {
			return err
		}
	}
	if left > turnTick {
		return u.schedule(TimerTurnTick, u.now.Add(turnTick), 0)
	}
	return nil
}

// turnTimer returns the turn a turn timer watches and its speaking time,
// if that turn goes on and the meeting is not adjourned.
func turnTimer(u *unit, t Timer) (*facilitation.Turn, time.Duration) {
	q := u.m.Queue()
	cur := q.Current
	if cur == nil || cur.Who != t.Who || !cur.Start.Equal(t.Since) || u.m.IsAdjourned() {
		return nil, 0
	}
	return cur, q.Rules.MaxTurn
}

func fireTurnWarn(u *unit, t Timer) error {
	cur, limit := turnTimer(u, t)
	if cur == nil || limit <= 0 {
		return nil
	}
	left := limit - cur.Duration(t.Due) // as when it fell due, should it fire late
	if left > turnWarning || left <= 0 || cur.Duration(u.now) >= limit {
		return nil // the limit changed, the clock stood still meanwhile, or it fired so late that time-up says it all
	}
	u.tellPerson(cur.Who, chat.Message{Text: u.t("TurnWarning", "Left", u.dur(left))})
	return nil
}

func fireTurnTick(u *unit, t Timer) error {
	cur, limit := turnTimer(u, t)
	if cur == nil || limit <= 0 {
		return nil
	}
	left := limit - cur.Duration(t.Due)
	if left <= 0 {
		return nil
	}
	if left > turnTick {
		if err := u.schedule(TimerTurnTick, t.Due.Add(turnTick), 0); err != nil {
			return err
		}
	}
	return u.refresh(u.key(render.KindFloor))
}

func queueLastCall(u *unit, a args) error {
	if err := a.want(0, 1); err != nil {
		return err
	}
	d := time.Minute
	if len(a.Words) == 1 {
		var err error
		if d, err = cmdline.ParseDuration(a.text(0)); err != nil {
			return err
		}
	}
	q := u.m.Queue()
	if q.Closed {
		return &facilitation.Error{Code: facilitation.ErrQueueAlreadyClosed}
	}
	q.LastCall = u.now.Add(d)
	u.say(chat.Message{Text: u.t("LastCall", "In", u.dur(d), "At", words(u).Deadline(q.LastCall, d))})
	return u.schedule(TimerLastCall, q.LastCall, int64(u.m.CurrentItemID()))
}

// fireLastCall closes the list announced to close, unless it was closed,
// or the call changed, meanwhile.
func fireLastCall(u *unit, t Timer) error {
	if int64(u.m.CurrentItemID()) != t.Ref {
		return nil
	}
	q := u.m.Queue()
	if q.Closed || !q.LastCall.Equal(t.Due) {
		return nil
	}
	q.Closed, q.LastCall = true, time.Time{}
	u.say(chat.Message{Text: u.t("QueueClosed")})
	u.touch()
	return queueChanged(u)
}
