package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// minutesMarkdown writes a meeting's minutes as Markdown: the agenda
// planned against actual time, decisions, actions grouped by person, poll
// results (secret ones as totals only) and speaking statistics.
func (c *call) minutesMarkdown(m *facilitation.Meeting, polls []*facilitation.Poll) (string, error) {
	saved := c.m
	c.m = m // names come from the meeting minuted
	defer func() { c.m = saved }()
	participants, err := c.participants()
	if err != nil {
		return "", err
	}
	end := m.Ended
	if end.IsZero() {
		end = c.now
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", m.Title)
	fmt.Fprintf(&b, "%s\n\n", c.t("MinutesMeta", "Date", m.Started.Format("2006-01-02 15:04"),
		"Duration", fmtDuration(end.Sub(m.Started)), "Chair", c.name(m.Chair), "Count", len(participants)))

	if len(m.Agenda.Items) > 0 {
		fmt.Fprintf(&b, "## %s\n\n| # | %s | %s | %s |\n|---|---|---|---|\n",
			c.t("MinutesAgenda"), c.t("MinutesItem"), c.t("MinutesPlanned"), c.t("MinutesActual"))
		for i, it := range m.Agenda.Items {
			planned, actual := "–", "–"
			if it.Timebox > 0 {
				planned = fmtDuration(it.Timebox)
			}
			if spent := it.Elapsed(end); spent > 0 {
				actual = fmtDuration(spent)
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, mdCell(it.Title), planned, actual)
		}
		b.WriteString("\n")
	}

	c.entries(&b, m, facilitation.Decision, "MinutesDecisions")
	c.actions(&b, m)
	c.entries(&b, m, facilitation.Note, "MinutesNotes")

	if len(polls) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", c.t("MinutesPolls"))
		for _, p := range polls {
			fmt.Fprintf(&b, "### %s\n\n", c.t("PollHeader", "ID", p.ID, "Question", p.Question))
			if !p.Closed {
				fmt.Fprintf(&b, "%s\n\n", c.t("MinutesPollOpen", "Count", p.Turnout()))
				continue
			}
			r := p.Results()
			if p.Kind == facilitation.Ranked {
				for i, l := range c.roundLines(p, r) {
					fmt.Fprintf(&b, "%d. %s\n", i+1, l)
				}
			} else {
				for i, o := range p.Options {
					fmt.Fprintf(&b, "- %s: %d (%.0f%%)\n", o, r.Counts[i], r.Percent[i])
				}
			}
			fmt.Fprintf(&b, "\n%s (%s)\n\n", c.outcome(p, r), c.t("Turnout", "Count", r.Turnout))
		}
	}

	spoke, silent := facilitation.Stats(m.AllQueues(), participants, end)
	if len(spoke) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", c.t("StatsHeader"))
		for _, s := range spoke {
			fmt.Fprintf(&b, "- %s\n", c.t("StatsLine", "Name", c.name(s.Who), "Count", s.Turns, "Time", fmtDuration(s.Time)))
		}
		if len(silent) > 0 {
			fmt.Fprintf(&b, "\n%s: %s\n", c.t("NotSpoken", "Count", len(silent)), strings.Join(c.names(silent), ", "))
		}
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// itemTitle is the title of the agenda item with id, or "".
func itemTitle(m *facilitation.Meeting, id int) string {
	for _, it := range m.Agenda.Items {
		if it.ID == id {
			return it.Title
		}
	}
	return ""
}

func (c *call) entries(b *strings.Builder, m *facilitation.Meeting, kind facilitation.EntryKind, heading string) {
	first := true
	for _, e := range m.Minutes {
		if e.Kind != kind {
			continue
		}
		if first {
			fmt.Fprintf(b, "## %s\n\n", c.t(heading))
			first = false
		}
		if t := itemTitle(m, e.ItemID); t != "" {
			fmt.Fprintf(b, "- %s _(%s)_\n", e.Text, t)
		} else {
			fmt.Fprintf(b, "- %s\n", e.Text)
		}
	}
	if !first {
		b.WriteString("\n")
	}
}

// actions lists the action items grouped by assignee, in name order.
func (c *call) actions(b *strings.Builder, m *facilitation.Meeting) {
	var acts []facilitation.Entry
	for _, e := range m.Minutes {
		if e.Kind == facilitation.Action {
			acts = append(acts, e)
		}
	}
	if len(acts) == 0 {
		return
	}
	slices.SortStableFunc(acts, func(a, b facilitation.Entry) int {
		return cmp.Compare(c.name(a.Assignee), c.name(b.Assignee))
	})
	fmt.Fprintf(b, "## %s\n\n", c.t("MinutesActions"))
	who := ""
	for _, e := range acts {
		if e.Assignee != who {
			who = e.Assignee
			fmt.Fprintf(b, "**%s**\n", c.name(who))
		}
		due := ""
		if !e.Due.IsZero() {
			due = " " + c.t("DueBy", "Due", e.Due.Format(time.DateOnly))
		}
		fmt.Fprintf(b, "- %s%s\n", e.Text, due)
	}
	b.WriteString("\n")
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Minutes returns the minutes of a meeting as Markdown: the meeting with
// meetingID if it is set, else the running or last meeting of channel.
func (b *Bot) Minutes(ctx context.Context, channel, meetingID string) (string, error) {
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
		c := &call{b: b, ctx: ctx, tx: tx, now: b.clock.Now(), lang: cmpOr(m.Locale, b.locale), m: m}
		md, err = c.minutesMarkdown(m, c.pollsOf(m))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("minutes: %w", err)
	}
	return md, nil
}
