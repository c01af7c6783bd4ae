package bot

import (
	"fmt"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Adjournment (ajournering): the meeting pauses, its clocks stop, and the
// timers that depend on them are set again when it resumes.

func adjourn(u *unit, a args) error {
	if err := a.want(0, 1); err != nil {
		return err
	}
	var until time.Time
	var d time.Duration
	if len(a.Words) == 1 {
		var err error
		if d, err = cmdline.ParseDuration(a.text(0)); err != nil {
			return err
		}
		until = u.now.Add(d)
	}
	if err := u.m.Adjourn(u.now, until); err != nil {
		return err
	}
	if until.IsZero() {
		u.say(chat.Message{Text: u.t("Adjourned")})
	} else {
		u.say(chat.Message{Text: u.t("AdjournedUntil", "At", words(u).Deadline(until, d), "For", u.dur(d))})
		if err := u.schedule(TimerAdjournEnd, until, 0); err != nil {
			return err
		}
	}
	if err := agendaChanged(u); err != nil {
		return err
	}
	return queueChanged(u)
}

func resume(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	d, err := u.m.Resume(u.now)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("Resumed", "For", u.dur(d))})
	if err := noteAdjournment(u, d); err != nil {
		return err
	}
	// The clocks run again: set the timers that follow them anew. Those set
	// before the adjournment no longer match and do nothing when they fire.
	if err := scheduleItem(u); err != nil {
		return err
	}
	if err := scheduleOverrun(u); err != nil {
		return err
	}
	if err := scheduleTurn(u); err != nil {
		return err
	}
	if err := scheduleRoundTurn(u); err != nil {
		return err
	}
	if err := movePollCloses(u, d); err != nil {
		return err
	}
	if err := moveVoteWindow(u, d); err != nil {
		return err
	}
	if err := agendaChanged(u); err != nil {
		return err
	}
	return queueChanged(u)
}

// noteAdjournment minutes, in a protokoll, an adjournment of d that
// ends now.
func noteAdjournment(u *unit, d time.Duration) error {
	if !u.m.Protocol {
		return nil
	}
	from := u.now.Add(-d)
	return ownEntry(u, facilitation.Entry{Kind: facilitation.Note, By: u.m.Chair, At: from}, func() string {
		w := words(u)
		return u.t("AdjournedNote", "From", w.Clock(from), "To", w.Clock(u.now))
	})
}

// fireAdjournEnd says that the time the chair gave the adjournment is up.
func fireAdjournEnd(u *unit, t Timer) error {
	if !u.m.IsAdjourned() || !u.m.Until.Equal(t.Due) {
		return nil
	}
	u.say(chat.Message{Text: u.t("AdjournmentOver")})
	return nil
}

// notAdjourned refuses what cannot happen while the meeting is adjourned.
func notAdjourned(u *unit) error {
	if u.m.IsAdjourned() {
		return &facilitation.Error{Code: facilitation.ErrAdjourned}
	}
	return nil
}

// movePollCloses gives the open polls that close on a timer the time the
// meeting was adjourned: they close that much later.
func movePollCloses(u *unit, adjourned time.Duration) error {
	open, err := openPolls(u)
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.CloseAfter == 0 {
			continue
		}
		p.CloseAfter += adjourned
		if err := u.tx.PutPoll(p); err != nil {
			return fmt.Errorf("save poll %d: %w", p.ID, err)
		}
		if err := u.schedule(TimerPollClose, p.Created.Add(p.CloseAfter), p.ID); err != nil {
			return err
		}
		if err := u.refresh(render.PollKey(p.ID)); err != nil {
			return err
		}
	}
	return nil
}

// moveVoteWindow gives a declared question's window for demanding a
// votering the time the meeting was adjourned: nobody could demand one
// meanwhile, so it closes that much later.
func moveVoteWindow(u *unit, adjourned time.Duration) error {
	v := u.m.Voting
	if v == nil || v.Done {
		return nil
	}
	if s := v.Current(); s == nil || s.Declared == 0 || s.Demanded || s.Poll != 0 {
		return nil
	}
	ends := v.WindowEnds().Add(adjourned)
	if _, err := v.ExtendWindow(ends.Sub(u.now), u.now); err != nil {
		return err
	}
	return u.schedule(TimerVoteWindow, ends, int64(len(v.Steps)))
}
