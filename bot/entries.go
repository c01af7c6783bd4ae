package bot

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// minutes are the meeting's minutes, an aggregate stored apart from the
// meeting record: loaded once per unit, and only by the work on them.
func (u *unit) minutes() (*facilitation.Minutes, error) {
	if u.mins != nil {
		return u.mins, nil
	}
	es, err := u.tx.Entries(u.m.ID)
	if err != nil {
		return nil, fmt.Errorf("load minutes entries of %s: %w", u.m.ID, err)
	}
	u.mins = &facilitation.Minutes{Entries: es}
	return u.mins, nil
}

// addEntry records e in the meeting's minutes and stores it.
func addEntry(u *unit, e facilitation.Entry) error {
	// A command that would add one entry too many is refused; a timer
	// (the end of a votering's window) has nobody to refuse, and its
	// decision is recorded.
	if max := u.b.limits.Entries; u.cmd != nil && u.m.EntryCount >= max {
		return u.refuse(u.t("TooManyEntries", "Max", max))
	}
	mm, err := u.minutes()
	if err != nil {
		return err
	}
	if e, err = u.m.Record(mm, e); err != nil {
		return err
	}
	if err := u.tx.AddEntry(u.m.ID, e); err != nil {
		return fmt.Errorf("store minutes entry: %w", err)
	}
	return nil
}

// saveEntry stores an entry of the loaded minutes that a command changed.
func saveEntry(u *unit, e *facilitation.Entry) error {
	for i := range u.mins.Entries {
		if &u.mins.Entries[i] == e {
			if err := u.tx.PutEntry(u.m.ID, i, *e); err != nil {
				return fmt.Errorf("store minutes entry: %w", err)
			}
			return nil
		}
	}
	return fmt.Errorf("store minutes entry: %q is not among the meeting's", e.Text)
}

func record(u *unit, kind facilitation.EntryKind, text, assignee string, due time.Time) error {
	if err := mayWrite(u); err != nil {
		return err
	}
	e := facilitation.Entry{Kind: kind, Text: text, Assignee: assignee, Due: due, By: u.req.User, At: u.now}
	if err := addEntry(u, e); err != nil {
		return err
	}
	data := []any{"Text", text, "Name", u.name(assignee), "N", u.mins.Number(kind)}
	if !due.IsZero() {
		data = append(data, "Due", due.Format(time.DateOnly))
	}
	u.say(chat.Message{Text: u.t("Recorded"+string(kind), data...)})
	return nil
}

func decision(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	return record(u, facilitation.Decision, a.text(0), "", time.Time{})
}

func note(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	return record(u, facilitation.Note, a.text(0), "", time.Time{})
}

func action(u *unit, a args) error {
	if err := a.want(2, 3); err != nil {
		return err
	}
	who, err := a.mention(0)
	if err != nil {
		return err
	}
	var due time.Time
	if len(a.Words) == 3 {
		d, err := time.ParseInLocation(time.DateOnly, a.text(2), u.now.Location())
		if err != nil {
			return cmdline.Usagef("%s", u.t("BadDate", "Date", a.text(2)))
		}
		due = d
	}
	return record(u, facilitation.Action, a.text(1), who, due)
}

// meetingOrLast is the running meeting, else the channel's last one,
// whose language the replies then take.
func meetingOrLast(u *unit) (*facilitation.Meeting, error) {
	if u.m != nil {
		return u.m, nil
	}
	last, err := u.tx.LastMeeting(u.req.Channel)
	if errors.Is(err, ErrNotFound) {
		return nil, u.refuse(u.t("NoMinutes"))
	}
	if err != nil {
		return nil, fmt.Errorf("load last meeting: %w", err)
	}
	u.lang = cmp.Or(last.Locale, u.lang)
	return last, nil
}

func minutes(u *unit, a args) error {
	m, err := meetingOrLast(u)
	if err != nil {
		return err
	}
	if hasFlag(a.Flags, "stats") {
		md, err := reportOf(u, m)
		if err != nil {
			return err
		}
		u.tell(chat.Message{Header: u.t("ReportTitle", "Title", m.Title), Text: md})
		return nil
	}
	md, err := minutesOf(u, m)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Header: u.t("MinutesHeader", "Title", m.Title), Text: md})
	return nil
}
