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
func pollRemind(u *unit, a args) error {
	p, err := onePoll(u, a, true, "*")
	if err != nil {
		return err
	}
	if err := ours(u, p); err != nil {
		return err
	}
	if p.Closed {
		return &facilitation.Error{Code: facilitation.ErrPollClosed}
	}
	last, err := u.tx.Setting(remindKey(p.ID))
	switch {
	case err == nil:
		at, perr := time.Parse(time.RFC3339Nano, last)
		if wait := PollRemindInterval - u.now.Sub(at); perr == nil && wait > 0 {
			return u.refuse(u.t("RemindTooSoon", "ID", p.ID, "Wait", u.dur(wait.Round(time.Second))))
		}
	case !errors.Is(err, ErrNotFound):
		return fmt.Errorf("load the last reminder of poll %d: %w", p.ID, err)
	}
	people, err := u.tx.RegisterMembers(u.m.ID)
	if err != nil {
		return fmt.Errorf("load the register: %w", err)
	}
	if len(people) == 0 && !p.Register {
		if people, err = u.tx.People(u.m.ID); err != nil {
			return fmt.Errorf("load the participants: %w", err)
		}
	}
	// A reminder goes to those who have not voted: where it cannot reach
	// one privately, they are not named to the channel (Discreet), but in
	// an open poll, where who voted is no secret.
	msg := chat.Message{Text: u.t("RemindVote", "ID", p.ID, "Question", p.Question), Alert: true, Discreet: p.Visibility != facilitation.Open}
	e := u.electorate(p.ItemID)
	e.Adjourned = false // a reminder is for when the meeting goes on
	n := 0
	for _, who := range people {
		_, voted := p.Votes[who.ID]
		if voted || p.Voters[who.ID] || p.Eligible(e, who.ID) != nil {
			continue
		}
		u.tellPerson(who.ID, msg)
		n++
	}
	if n == 0 {
		u.tell(chat.Message{Text: u.t("RemindNobody", "ID", p.ID)})
		return nil
	}
	if err := u.tx.PutSetting(remindKey(p.ID), u.now.UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("remember the reminder of poll %d: %w", p.ID, err)
	}
	u.tell(chat.Message{Text: u.t("RemindSent", "ID", p.ID, "Count", n)})
	return nil
}
