package bot

import (
	"fmt"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Adjournment (ajournering): the meeting pauses, its clocks stop, and the
// timers that depend on them are set again when it resumes.

func (c *call) adjourn() error {
	if err := c.want(0, 1); err != nil {
		return err
	}
	var until time.Time
	var d time.Duration
	if len(c.args.Words) == 1 {
		var err error
		if d, err = cmdline.ParseDuration(c.text(0)); err != nil {
			return err
		}
		until = c.now.Add(d)
	}
	if err := c.m.Adjourn(c.now, until); err != nil {
		return err
	}
	if until.IsZero() {
		c.say(chat.Message{Text: c.t("Adjourned")})
	} else {
		c.say(chat.Message{Text: c.t("AdjournedUntil", "At", until.Format("15:04"), "For", c.dur(d))})
		if err := c.schedule(TimerAdjournEnd, until, 0); err != nil {
			return err
		}
	}
	if err := c.agendaChanged(); err != nil {
		return err
	}
	return c.queueChanged()
}

func (c *call) resume() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	d, err := c.m.Resume(c.now)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Resumed", "For", c.dur(d))})
	if c.m.Protocol { // the protokoll says when the meeting was adjourned
		from, w := c.now.Add(-d), c.words()
		text := c.t("AdjournedNote", "From", w.Clock(from), "To", w.Clock(c.now))
		if err := c.addEntry(facilitation.Entry{Kind: facilitation.Note, Text: text, By: c.m.Chair, At: from}); err != nil {
			return err
		}
	}
	// The clocks run again: set the timers that follow them anew. Those set
	// before the adjournment no longer match and do nothing when they fire.
	if err := c.scheduleItem(); err != nil {
		return err
	}
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	if err := c.scheduleTurn(); err != nil {
		return err
	}
	if err := c.movePollCloses(d); err != nil {
		return err
	}
	if err := c.agendaChanged(); err != nil {
		return err
	}
	return c.queueChanged()
}

// fireAdjournEnd says that the time the chair gave the adjournment is up.
func (c *call) fireAdjournEnd(t Timer) error {
	if !c.m.IsAdjourned() || !c.m.Until.Equal(t.Due) {
		return nil
	}
	c.say(chat.Message{Text: c.t("AdjournmentOver")})
	return nil
}

// notAdjourned refuses what cannot happen while the meeting is adjourned.
func (c *call) notAdjourned() error {
	if c.m.IsAdjourned() {
		return &facilitation.Error{Code: facilitation.ErrAdjourned}
	}
	return nil
}

// movePollCloses gives the open polls that close on a timer the time the
// meeting was adjourned: they close that much later.
func (c *call) movePollCloses(adjourned time.Duration) error {
	open, err := c.openPolls()
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.CloseAfter == 0 {
			continue
		}
		p.CloseAfter += adjourned
		if err := c.tx.PutPoll(p); err != nil {
			return fmt.Errorf("save poll %d: %w", p.ID, err)
		}
		if err := c.schedule(TimerPollClose, p.Created.Add(p.CloseAfter), p.ID); err != nil {
			return err
		}
		if err := c.refresh(pollKey(p.ID)); err != nil {
			return err
		}
	}
	return nil
}
