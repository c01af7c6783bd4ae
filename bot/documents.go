package bot

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/facilitation"
)

// The documents about a meeting: its minutes (or protokoll), the
// facilitator's report, and the trend across meetings. The bot loads
// what they need (render.Record); bot/render writes them.

// documentsOf loads what the documents about m need besides it, and
// returns a view of m.
func documentsOf(u *unit, m *facilitation.Meeting) (*render.View, render.Record, error) {
	v, err := loadView(u.tx, m)
	if err != nil {
		return nil, render.Record{}, err
	}
	v.Words, v.Now = words(u), u.now
	var rec render.Record
	for _, id := range m.Polls {
		p, err := u.tx.Poll(id)
		if err != nil { // left out and logged: the rest of the minutes is still worth having
			u.b.log.ErrorContext(u.ctx, "load poll for minutes", "poll", id, "err", err)
			continue
		}
		pv, err := loadPoll(u.tx, m, p)
		if err != nil {
			return nil, render.Record{}, err
		}
		rec.Polls = append(rec.Polls, pv)
	}
	if m.Register.IsSet() {
		if rec.Register, err = registerIDs(u.tx, m.ID); err != nil {
			return nil, render.Record{}, err
		}
	}
	return v, rec, nil
}

// minutesOf writes the minutes of m, with its entries (which only the
// minutes need).
func minutesOf(u *unit, m *facilitation.Meeting) (string, error) {
	v, rec, err := documentsOf(u, m)
	if err != nil {
		return "", err
	}
	if u.m != nil && m.ID == u.m.ID { // with what the unit has recorded so far
		mm, err := u.minutes()
		if err != nil {
			return "", err
		}
		rec.Entries = mm.Entries
	} else if rec.Entries, err = u.tx.Entries(m.ID); err != nil {
		return "", fmt.Errorf("load minutes entries of %s: %w", m.ID, err)
	}
	return v.Minutes(rec), nil
}

// reportOf writes the facilitator's report of m.
func reportOf(u *unit, m *facilitation.Meeting) (string, error) {
	v, rec, err := documentsOf(u, m)
	if err != nil {
		return "", err
	}
	return v.Report(rec), nil
}

// Minutes returns the minutes of a meeting as Markdown: the meeting with
// meetingID if it is set, else the running or last meeting of channel.
// They are in lang, or in the meeting's language when lang is "".
func (b *Bot) Minutes(ctx context.Context, channel, meetingID, lang string) (string, error) {
	return b.writeMeeting(ctx, "minutes", channel, meetingID, lang, minutesOf)
}

// Report returns the facilitator's report of a meeting as Markdown (see
// Minutes for how the meeting and language are chosen).
func (b *Bot) Report(ctx context.Context, channel, meetingID, lang string) (string, error) {
	return b.writeMeeting(ctx, "report", channel, meetingID, lang, reportOf)
}

// writeMeeting loads a meeting as Minutes describes and writes a
// document about it with write, in a read transaction.
func (b *Bot) writeMeeting(ctx context.Context, what, channel, meetingID, lang string, write func(*unit, *facilitation.Meeting) (string, error)) (string, error) {
	if lang != "" && !b.i18n.Has(lang) {
		return "", fmt.Errorf("%s: unknown language %q", what, lang)
	}
	var md string
	err := b.store.View(ctx, func(tx Tx) error {
		var m *facilitation.Meeting
		var err error
		if meetingID != "" {
			m, err = tx.Meeting(meetingID)
		} else {
			m, err = tx.LastMeeting(channel)
		}
		if err != nil {
			return err
		}
		u := b.newUnit(ctx, tx, Request{Channel: m.Channel})
		u.setMeeting(m)
		u.lang = cmp.Or(lang, u.lang)
		md, err = write(u, m)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return md, nil
}

// TrendOptions choose the meetings of a Trend.
type TrendOptions struct {
	// Template, when set, keeps the meetings of that template.
	Template string
	Lang     string
}

// Trend returns the trend across meetings as Markdown, for facilitators:
// per meeting, the check-out's evaluation, the overrun against the
// agenda, the share of people present who spoke, and the fairness figures.
func (b *Bot) Trend(ctx context.Context, opts TrendOptions) (string, error) {
	lang := cmp.Or(opts.Lang, b.locale)
	if !b.i18n.Has(lang) {
		return "", fmt.Errorf("report: unknown language %q", lang)
	}
	var w strings.Builder
	err := b.store.View(ctx, func(tx Tx) error {
		ms, err := tx.Meetings()
		if err != nil {
			return err
		}
		words := render.Words{Lang: lang, Cat: b.i18n, Zone: b.clockZone}
		var kept []*facilitation.Meeting
		for _, m := range ms {
			if opts.Template == "" || strings.EqualFold(m.Template, opts.Template) {
				kept = append(kept, m)
			}
		}
		w.WriteString(words.TrendHeader(opts.Template, len(kept)))
		for _, m := range kept {
			u := b.newUnit(ctx, tx, Request{Channel: m.Channel})
			u.setMeeting(m)
			u.lang, u.now = lang, cmp.Or(m.Ended, u.now)
			v, rec, err := documentsOf(u, m)
			if err != nil {
				return err
			}
			w.WriteString(v.TrendRow(rec))
		}
		w.WriteString(words.TrendFooter(len(kept)))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return w.String(), nil
}
