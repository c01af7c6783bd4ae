package bot

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/klubba/klubba/facilitation"
)

func (c *call) record(kind facilitation.EntryKind, text, assignee string, due time.Time) error {
	e := facilitation.Entry{Kind: kind, Text: text, Assignee: assignee, Due: due, By: c.req.User, At: c.now}
	if err := c.m.Record(e); err != nil {
		return err
	}
	if err := c.tx.AddEntry(c.m.ID, c.m.LastEntry()); err != nil {
		return fmt.Errorf("store minutes entry: %w", err)
	}
	data := []any{"Text", text, "Name", c.name(assignee)}
	if !due.IsZero() {
		data = append(data, "Due", due.Format(time.DateOnly))
	}
	c.say(Message{Text: c.t("Recorded"+string(kind), data...)})
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
			return usageErr("%s", c.t("BadDate", "Date", c.text(2)))
		}
		due = d
	}
	return c.record(facilitation.Action, c.text(1), who, due)
}

func (c *call) minutes() error {
	m := c.m
	if m == nil {
		last, err := c.tx.LastMeeting(c.req.Channel)
		if errors.Is(err, ErrNotFound) {
			return c.refuse(c.t("NoMinutes"))
		}
		if err != nil {
			return fmt.Errorf("load last meeting: %w", err)
		}
		m = last
		c.lang = cmp.Or(m.Locale, c.lang)
	}
	md, err := c.minutesMarkdown(m, c.pollsOf(m))
	if err != nil {
		return err
	}
	c.tell(Message{Header: c.t("MinutesHeader", "Title", m.Title), Text: md})
	return nil
}
