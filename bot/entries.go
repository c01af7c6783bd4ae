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

// loadEntries reads the meeting's minutes entries, which are stored
// apart from the meeting record, into it: once per command, and only by
// the commands that work on the minutes.
func (c *call) loadEntries() error {
	if c.entriesLoaded {
		return nil
	}
	es, err := c.tx.Entries(c.m.ID)
	if err != nil {
		return fmt.Errorf("load minutes entries of %s: %w", c.m.ID, err)
	}
	c.m.Minutes, c.entriesLoaded = es, true
	return nil
}

// addEntry records e in the meeting's minutes and stores it.
func (c *call) addEntry(e facilitation.Entry) error {
	// A command that would add one entry too many is refused; a timer
	// (the end of a votering's window) has nobody to refuse, and its
	// decision is recorded.
	if max := c.b.limits.Entries; c.cmd != nil && c.m.EntryCount >= max {
		return c.refuse(c.t("TooManyEntries", "Max", max))
	}
	if err := c.loadEntries(); err != nil {
		return err
	}
	if err := c.m.Record(e); err != nil {
		return err
	}
	if err := c.tx.AddEntry(c.m.ID, c.m.LastEntry()); err != nil {
		return fmt.Errorf("store minutes entry: %w", err)
	}
	return nil
}

// saveEntry stores an entry of the loaded minutes that a command changed.
func (c *call) saveEntry(e *facilitation.Entry) error {
	for i := range c.m.Minutes {
		if &c.m.Minutes[i] == e {
			if err := c.tx.PutEntry(c.m.ID, i, *e); err != nil {
				return fmt.Errorf("store minutes entry: %w", err)
			}
			return nil
		}
	}
	return fmt.Errorf("store minutes entry: %q is not among the meeting's", e.Text)
}

func (c *call) record(kind facilitation.EntryKind, text, assignee string, due time.Time) error {
	if err := c.mayWrite(); err != nil {
		return err
	}
	e := facilitation.Entry{Kind: kind, Text: text, Assignee: assignee, Due: due, By: c.req.User, At: c.now}
	if err := c.addEntry(e); err != nil {
		return err
	}
	data := []any{"Text", text, "Name", c.name(assignee), "N", c.m.EntryNumber(kind)}
	if !due.IsZero() {
		data = append(data, "Due", due.Format(time.DateOnly))
	}
	c.say(chat.Message{Text: c.t("Recorded"+string(kind), data...)})
	return nil
}

func (c *call) decision() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	return c.record(facilitation.Decision, c.text(0), "", time.Time{})
}

func (c *call) note() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	return c.record(facilitation.Note, c.text(0), "", time.Time{})
}

func (c *call) action() error {
	if err := c.want(2, 3); err != nil {
		return err
	}
	who, err := c.mention(0)
	if err != nil {
		return err
	}
	var due time.Time
	if len(c.args.Words) == 3 {
		d, err := time.ParseInLocation(time.DateOnly, c.text(2), c.now.Location())
		if err != nil {
			return cmdline.Usagef("%s", c.t("BadDate", "Date", c.text(2)))
		}
		due = d
	}
	return c.record(facilitation.Action, c.text(1), who, due)
}

// meetingOrLast is the running meeting, else the channel's last one,
// whose language the replies then take.
func (c *call) meetingOrLast() (*facilitation.Meeting, error) {
	if c.m != nil {
		return c.m, nil
	}
	last, err := c.tx.LastMeeting(c.req.Channel)
	if errors.Is(err, ErrNotFound) {
		return nil, c.refuse(c.t("NoMinutes"))
	}
	if err != nil {
		return nil, fmt.Errorf("load last meeting: %w", err)
	}
	c.lang = cmp.Or(last.Locale, c.lang)
	return last, nil
}

func (c *call) minutes() error {
	m, err := c.meetingOrLast()
	if err != nil {
		return err
	}
	if hasFlag(c.args.Flags, "stats") {
		md, err := c.reportOf(m)
		if err != nil {
			return err
		}
		c.tell(chat.Message{Header: c.t("ReportTitle", "Title", m.Title), Text: md})
		return nil
	}
	md, err := c.minutesOf(m)
	if err != nil {
		return err
	}
	c.tell(chat.Message{Header: c.t("MinutesHeader", "Title", m.Title), Text: md})
	return nil
}
