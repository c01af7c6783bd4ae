package bot

import (
	"time"

	"github.com/klubba/klubba/bot/cmdline"
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

// floorKey is the stable key of the message saying who has the floor.
func (c *call) floorKey() string { return "floor/" + c.m.ID }

func (c *call) queueLimit() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	d, err := cmdline.ParseDuration(c.text(0))
	if err != nil {
		return err
	}
	q := c.m.Queue()
	q.Rules.MaxTurn = d
	c.say(chat.Message{Text: c.t("LimitSet", "Limit", c.dur(d))})
	if err := c.scheduleTurn(); err != nil {
		return err
	}
	return c.queueChanged()
}

// scheduleTurn sets the timers of the turn going on, from what is left of
// its speaking time: the private warning, the notice at the limit, and
// the next countdown tick.
func (c *call) scheduleTurn() error {
	q := c.m.Queue()
	cur, limit := q.Current, q.Rules.MaxTurn
	if cur == nil || limit <= 0 || c.m.IsAdjourned() {
		return nil
	}
	left := limit - cur.Duration(c.now)
	if left > turnWarning {
		if err := c.schedule(TimerTurnWarn, c.now.Add(left-turnWarning), 0); err != nil {
			return err
		}
	}
	if left > 0 && facilitation.On(c.m.Reminders.Nudges.LongTurn) {
		if err := c.schedule(TimerLongTurn, c.now.Add(left), 0); err != nil {
			return err
		}
	}
	if left > turnTick {
		return c.schedule(TimerTurnTick, c.now.Add(turnTick), 0)
	}
	return nil
}

// turnTimer returns the turn a turn timer watches and its speaking time,
// if that turn goes on and the meeting is not adjourned.
func (c *call) turnTimer(t Timer) (*facilitation.Turn, time.Duration) {
	q := c.m.Queue()
	cur := q.Current
	if cur == nil || cur.Who != t.Who || !cur.Start.Equal(t.Since) || c.m.IsAdjourned() {
		return nil, 0
	}
	return cur, q.Rules.MaxTurn
}

func (c *call) fireTurnWarn(t Timer) error {
	cur, limit := c.turnTimer(t)
	if cur == nil || limit <= 0 {
		return nil
	}
	left := limit - cur.Duration(t.Due) // as when it fell due, should it fire late
	if left > turnWarning || left <= 0 {
		return nil // the limit changed, or the clock stood still meanwhile
	}
	c.tellPerson(cur.Who, chat.Message{Text: c.t("TurnWarning", "Left", c.dur(left))})
	return nil
}

func (c *call) fireTurnTick(t Timer) error {
	cur, limit := c.turnTimer(t)
	if cur == nil || limit <= 0 {
		return nil
	}
	left := limit - cur.Duration(t.Due)
	if left <= 0 {
		return nil
	}
	if left > turnTick {
		if err := c.schedule(TimerTurnTick, t.Due.Add(turnTick), 0); err != nil {
			return err
		}
	}
	return c.refresh(c.floorKey())
}

func (c *call) queueLastCall() error {
	if err := c.want(0, 1); err != nil {
		return err
	}
	d := time.Minute
	if len(c.args.Words) == 1 {
		var err error
		if d, err = cmdline.ParseDuration(c.text(0)); err != nil {
			return err
		}
	}
	q := c.m.Queue()
	if q.Closed {
		return &facilitation.Error{Code: facilitation.ErrQueueAlreadyClosed}
	}
	q.LastCall = c.now.Add(d)
	c.say(chat.Message{Text: c.t("LastCall", "In", c.dur(d), "At", q.LastCall.Format("15:04:05"))})
	return c.schedule(TimerLastCall, q.LastCall, int64(c.m.CurrentItemID()))
}

// fireLastCall closes the list announced to close, unless it was closed,
// or the call changed, meanwhile.
func (c *call) fireLastCall(t Timer) error {
	if int64(c.m.CurrentItemID()) != t.Ref {
		return nil
	}
	q := c.m.Queue()
	if q.Closed || !q.LastCall.Equal(t.Due) {
		return nil
	}
	q.Closed, q.LastCall = true, time.Time{}
	c.say(chat.Message{Text: c.t("QueueClosed")})
	if err := c.tx.PutMeeting(c.m); err != nil {
		return err
	}
	return c.queueChanged()
}
