package bot

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The fairness report (DESIGN §3.3): who took the floor, for the
// facilitator in `stats`, `klubba minutes --stats` and `klubba report`;
// never in the protokoll.

// pct formats a share as a whole percentage.
func pct(share float64) string { return fmt.Sprintf("%.0f", 100*share) }

// fairness computes the figures of queues against the people present.
func (c *call) fairness(queues []*facilitation.Queue) (facilitation.Fairness, error) {
	present, err := c.present()
	if err != nil {
		return facilitation.Fairness{}, err
	}
	return facilitation.Fair(queues, present, c.m.Groups, c.m.GroupNames, c.now), nil
}

// fairLines are the fairness figures as label and value.
func (c *call) fairLines(f facilitation.Fairness) []chat.Field {
	if f.Turns == 0 {
		return nil
	}
	fields := []chat.Field{
		{Label: c.t("FairFirstLabel"), Value: c.t("FairFirst", "Turns", f.FirstTurns, "All", f.Turns,
			"TurnPct", pct(facilitation.Share(f.FirstTurns, f.Turns)), "Time", i18n.Short(f.FirstTime),
			"AllTime", i18n.Short(f.Time), "TimePct", pct(facilitation.Share(f.FirstTime, f.Time)))},
		{Label: c.t("FairTopLabel", "Count", f.TopN), Value: c.t("FairTop", "Pct", pct(facilitation.Share(f.TopTime, f.Time)))},
	}
	if len(f.Groups) > 0 {
		var lines []string
		for _, g := range f.Groups {
			lines = append(lines, c.groupLine(g, f))
		}
		fields = append(fields, chat.Field{Label: c.t("FairGroupsLabel"), Value: strings.Join(lines, "\n")})
	}
	return fields
}

func (c *call) groupLine(g facilitation.GroupShare, f facilitation.Fairness) string {
	name := cmp.Or(g.Name, c.t("NoGroup"))
	return c.t("GroupLine", "Group", name, "Present", g.Present, "PresentPct", pct(facilitation.Share(g.Present, f.Present)),
		"Turns", g.Turns, "TurnPct", pct(facilitation.Share(g.Turns, f.Turns)), "Time", i18n.Short(g.Time),
		"TimePct", pct(facilitation.Share(g.Time, f.Time)))
}

// addFairness adds the meeting's fairness figures to the stats message.
func (c *call) addFairness(msg *chat.Message) error {
	f, err := c.fairness(c.m.AllQueues())
	if err != nil {
		return err
	}
	msg.Fields = append(msg.Fields, c.fairLines(f)...)
	// The current item on its own, once the meeting has had turns on others.
	if it, _ := c.m.Agenda.Current(); it != nil {
		q := c.m.Queue()
		if fi := facilitation.Fair([]*facilitation.Queue{q}, nil, nil, nil, c.now); fi.Turns > 0 && fi.Turns < f.Turns {
			msg.Fields = append(msg.Fields, chat.Field{Label: c.t("FairItemLabel", "Title", it.Title),
				Value: c.t("FairItem", "TurnPct", pct(facilitation.Share(fi.FirstTurns, fi.Turns)),
					"TimePct", pct(facilitation.Share(fi.FirstTime, fi.Time)), "TopPct", pct(facilitation.Share(fi.TopTime, fi.Time)))})
		}
	}
	return nil
}

// fairnessSections writes the fairness figures of the facilitator's
// report (Bot.Report): for the meeting, its groups and each item. They
// are never part of the minutes.
func (c *call) fairnessSections() (string, error) {
	var w strings.Builder
	m := c.m
	f, err := c.fairness(m.AllQueues())
	if err != nil || f.Turns == 0 {
		return "", err
	}
	fmt.Fprintf(&w, "## %s\n\n", c.t("FairMeeting"))
	for _, fl := range c.fairLines(f) {
		fmt.Fprintf(&w, "- %s: %s\n", fl.Label, strings.ReplaceAll(fl.Value, "\n", "; "))
	}
	if len(f.Silent) > 0 {
		fmt.Fprintf(&w, "- %s: %s\n", c.t("NeverSpoke", "Count", len(f.Silent)), strings.Join(c.names(f.Silent), ", "))
	}
	fmt.Fprintf(&w, "\n## %s\n\n| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|\n", c.t("FairPerItem"),
		c.t("ColItem"), c.t("ColTurns"), c.t("ColFirstTurns"), c.t("ColFirstTime"), c.t("ColTop"))
	for _, it := range m.Agenda.Items {
		q, ok := m.Queues[it.ID]
		if !ok {
			continue
		}
		fi := facilitation.Fair([]*facilitation.Queue{q}, nil, nil, nil, c.now)
		if fi.Turns == 0 {
			continue
		}
		fmt.Fprintf(&w, "| %s | %d | %s %% | %s %% | %s %% |\n", mdCell(it.Title), fi.Turns,
			pct(facilitation.Share(fi.FirstTurns, fi.Turns)), pct(facilitation.Share(fi.FirstTime, fi.Time)), pct(facilitation.Share(fi.TopTime, fi.Time)))
	}
	return w.String() + "\n", nil
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
		c := &call{b: b, ctx: ctx, tx: tx, lang: lang}
		title := c.t("ReportHeader")
		if opts.Template != "" {
			title = c.t("ReportHeaderTemplate", "Template", opts.Template)
		}
		fmt.Fprintf(&w, "# %s\n\n| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---:|---:|---:|---:|---:|\n", title,
			c.t("ColDate"), c.t("ColMeeting"), c.t("ColEvaluation"), c.t("ColOverrun"), c.t("ColSpoke"), c.t("ColFirstTime"), c.t("ColTop"))
		n := 0
		for _, m := range ms {
			if opts.Template != "" && !strings.EqualFold(m.Template, opts.Template) {
				continue
			}
			n++
			c.m, c.now, c.nameCache = m, cmp.Or(m.Ended, b.clock.Now()), nil
			row, err := c.reportRow()
			if err != nil {
				return err
			}
			w.WriteString(row)
		}
		if n == 0 {
			fmt.Fprintf(&w, "\n%s\n", c.t("ReportEmpty"))
		}
		return c.failed
	})
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return w.String(), nil
}

func (c *call) reportRow() (string, error) {
	m := c.m
	eval := "–"
	for _, p := range c.pollsOf(m) {
		if p.Purpose != facilitation.Evaluation {
			continue
		}
		if r := p.Results(); r.Turnout > r.Blank {
			eval = fmt.Sprintf("%.1f (%d)", r.Average, r.Turnout)
		}
	}
	overrun := "–"
	if planned := m.Agenda.Planned(); planned > 0 {
		switch d := c.now.Sub(m.Started) - planned; {
		case d > 0:
			overrun = "+" + i18n.Short(d)
		case d < 0:
			overrun = "−" + i18n.Short(-d)
		default:
			overrun = "0"
		}
	}
	f, err := c.fairness(m.AllQueues())
	if err != nil {
		return "", err
	}
	spoke, first, top := "–", "–", "–"
	if f.Present > 0 {
		n := f.Present - len(f.Silent)
		spoke = fmt.Sprintf("%d/%d (%s %%)", n, f.Present, pct(facilitation.Share(n, f.Present)))
	}
	if f.Turns > 0 {
		first = pct(facilitation.Share(f.FirstTime, f.Time)) + " %"
		top = pct(facilitation.Share(f.TopTime, f.Time)) + " %"
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |\n", m.Started.Format(time.DateOnly), mdCell(m.Title), eval, overrun, spoke, first, top), nil
}
