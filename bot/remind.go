package bot

import (
	"errors"
	"fmt"
	"time"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// PollRemindInterval is how often the chair may remind one poll's
// voters: reminders are pings, and a second one within minutes is noise.
const PollRemindInterval = 5 * time.Minute

// remindKey is the setting that keeps when a poll's voters were last
// reminded.
func remindKey(pollID int64) string { return fmt.Sprintf("poll-remind/%d", pollID) }

// pollRemind reminds, privately, those who may vote in an open poll and
// have not: the voting register's members, or without a register the
// meeting's participants. The chair learns how many, never who voted.
func (c *call) pollRemind() error {
	p, err := c.targetPoll(true, "*")
	if err != nil {
		return err
	}
	if err := c.ours(p); err != nil {
		return err
	}
	if p.Closed {
		return &facilitation.Error{Code: facilitation.ErrPollClosed}
	}
	last, err := c.tx.Setting(remindKey(p.ID))
	switch {
	case err == nil:
		at, perr := time.Parse(time.RFC3339Nano, last)
		if wait := PollRemindInterval - c.now.Sub(at); perr == nil && wait > 0 {
			return c.refuse(c.t("RemindTooSoon", "ID", p.ID, "Wait", c.dur(wait.Round(time.Second))))
		}
	case !errors.Is(err, ErrNotFound):
		return fmt.Errorf("load the last reminder of poll %d: %w", p.ID, err)
	}
	people, err := c.tx.RegisterMembers(c.m.ID)
	if err != nil {
		return fmt.Errorf("load the register: %w", err)
	}
	if len(people) == 0 && !p.Register {
		if people, err = c.tx.People(c.m.ID); err != nil {
			return fmt.Errorf("load the participants: %w", err)
		}
	}
	msg := chat.Message{Text: c.t("RemindVote", "ID", p.ID, "Question", p.Question)}
	e := c.electorate(p.ItemID)
	e.Adjourned = false // a reminder is for when the meeting goes on
	n := 0
	for _, who := range people {
		_, voted := p.Votes[who.ID]
		if voted || p.Voters[who.ID] || p.Eligible(e, who.ID) != nil {
			continue
		}
		c.tellPerson(who.ID, msg)
		n++
	}
	if n == 0 {
		c.tell(chat.Message{Text: c.t("RemindNobody", "ID", p.ID)})
		return nil
	}
	if err := c.tx.PutSetting(remindKey(p.ID), c.now.UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("remember the reminder of poll %d: %w", p.ID, err)
	}
	c.tell(chat.Message{Text: c.t("RemindSent", "ID", p.ID, "Count", n)})
	return nil
}
