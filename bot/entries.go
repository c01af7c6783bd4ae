package bot

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// loadedMinutes are the minutes a unit loaded, and what of them its
// finish must store: the entries it changed, and those it added.
type loadedMinutes struct {
	facilitation.Minutes
	// stored is how many entries the store holds.
	stored int
	// changed are the indexes of stored entries that changed.
	changed map[int]bool
}

// minutes are the meeting's minutes, an aggregate stored apart from the
// meeting record: loaded once per unit, and only by the work on them.
// Finish stores what changed of them.
func (u *unit) minutes() (*facilitation.Minutes, error) {
	if u.mins != nil {
		return &u.mins.Minutes, nil
	}
	es, err := u.tx.Entries(u.m.ID)
	if err != nil {
		return nil, fmt.Errorf("load minutes entries of %s: %w", u.m.ID, err)
	}
	u.mins = &loadedMinutes{Minutes: facilitation.Minutes{Entries: es}, stored: len(es)}
	return &u.mins.Minutes, nil
}

// saveMinutes stores the entries the unit changed, then those it added,
// in the order they were made (finish).
func (u *unit) saveMinutes() error {
	mm := u.mins
	if mm == nil {
		return nil
	}
	for _, i := range slices.Sorted(maps.Keys(mm.changed)) {
		if err := u.tx.PutEntry(u.m.ID, i, mm.Entries[i]); err != nil {
			return fmt.Errorf("store minutes entry: %w", err)
		}
	}
	for _, e := range mm.Entries[mm.stored:] {
		if err := u.tx.AddEntry(u.m.ID, e); err != nil {
			return fmt.Errorf("store minutes entry: %w", err)
		}
	}
	mm.stored, mm.changed = len(mm.Entries), nil
	return nil
}

// addEntry records e in the meeting's minutes; finish stores it.
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
	_, err = u.m.Record(mm, e)
	return err
}

// ownEntry adds e, an entry Klubba words itself: say gives its text in
// the language the unit speaks, and is asked once for each language
// (facilitation.Entry.Texts).
func ownEntry(u *unit, e facilitation.Entry, say func() string) error {
	was := u.lang
	e.Texts = make(map[string]string, len(i18n.Locales))
	for _, u.lang = range i18n.Locales {
		e.Texts[u.lang] = say()
	}
	u.lang = was
	e.Text = e.TextIn(u.lang)
	return addEntry(u, e)
}

// changedEntry notes that a command changed e, an entry of the loaded
// minutes: finish stores it.
func changedEntry(u *unit, e *facilitation.Entry) error {
	for i := range u.mins.Entries {
		if &u.mins.Entries[i] == e {
			if i < u.mins.stored {
				if u.mins.changed == nil {
					u.mins.changed = map[int]bool{}
				}
				u.mins.changed[i] = true
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
