package render

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The fairness report (docs/architecture.md, "Facilitation tools"): who took the floor, for the
// facilitator in `stats`, `klubba minutes --stats` and `klubba report`;
// never in the protokoll.

// pct formats a share as a whole percentage.
func pct(share float64) string { return fmt.Sprintf("%.0f", 100*share) }

// fairness computes the figures of queues against the people present.
func (v *View) fairness(queues []*facilitation.Queue, present []string) facilitation.Fairness {
	return facilitation.Fair(queues, present, v.Meeting.Groups, v.Meeting.GroupNames, v.Now)
}

// fairLines are the fairness figures as label and value.
func (w Words) fairLines(f facilitation.Fairness) []chat.Field {
	if f.Turns == 0 {
		return nil
	}
	fields := []chat.Field{
		{Label: w.T("FairFirstLabel"), Value: w.T("FairFirst", "Turns", f.FirstTurns, "All", f.Turns,
			"TurnPct", pct(facilitation.Share(f.FirstTurns, f.Turns)), "Time", w.Dur(f.FirstTime),
			"AllTime", w.Dur(f.Time), "TimePct", pct(facilitation.Share(f.FirstTime, f.Time)))},
		{Label: w.T("FairTopLabel", "Count", f.TopN), Value: w.T("FairTop", "Pct", pct(facilitation.Share(f.TopTime, f.Time)))},
	}
	if len(f.Groups) > 0 {
		var lines []string
		for _, g := range f.Groups {
			lines = append(lines, w.groupLine(g, f))
		}
		fields = append(fields, chat.Field{Label: w.T("FairGroupsLabel"), Value: strings.Join(lines, "\n")})
	}
	return fields
}

func (w Words) groupLine(g facilitation.GroupShare, f facilitation.Fairness) string {
	name := cmp.Or(g.Name, w.T("NoGroup"))
	return w.T("GroupLine", "Group", name, "Present", g.Present, "PresentPct", pct(facilitation.Share(g.Present, f.Present)),
		"Turns", g.Turns, "TurnPct", pct(facilitation.Share(g.Turns, f.Turns)), "Time", w.Dur(g.Time),
		"TimePct", pct(facilitation.Share(g.Time, f.Time)))
}

// AddFairness adds the meeting's fairness figures to the stats message.
func (v *View) AddFairness(msg *chat.Message, present []string) {
	f := v.fairness(v.Meeting.AllQueues(), present)
	msg.Fields = append(msg.Fields, v.fairLines(f)...)
	// The current item on its own, once the meeting has had turns on others.
	if it, _ := v.Meeting.Agenda.Current(); it != nil {
		q := v.Meeting.Queue()
		if fi := facilitation.Fair([]*facilitation.Queue{q}, nil, nil, nil, v.Now); fi.Turns > 0 && fi.Turns < f.Turns {
			msg.Fields = append(msg.Fields, chat.Field{Label: v.T("FairItemLabel", "Title", it.Title),
				Value: v.T("FairItem", "TurnPct", pct(facilitation.Share(fi.FirstTurns, fi.Turns)),
					"TimePct", pct(facilitation.Share(fi.FirstTime, fi.Time)), "TopPct", pct(facilitation.Share(fi.TopTime, fi.Time)))})
		}
	}
}

// fairnessSections writes the fairness figures of the facilitator's
// report (Bot.Report): for the meeting, its groups and each item. They
// are never part of the minutes.
func (v *View) fairnessSections(present []string) string {
	var w strings.Builder
	m := v.Meeting
	f := v.fairness(m.AllQueues(), present)
	if f.Turns == 0 {
		return ""
	}
	fmt.Fprintf(&w, "## %s\n\n", v.T("FairMeeting"))
	for _, fl := range v.fairLines(f) {
		fmt.Fprintf(&w, "- %s: %s\n", fl.Label, strings.ReplaceAll(fl.Value, "\n", "; "))
	}
	if len(f.Silent) > 0 {
		fmt.Fprintf(&w, "- %s: %s\n", v.T("NeverSpoke", "Count", len(f.Silent)), strings.Join(v.NameAll(f.Silent), ", "))
	}
	fmt.Fprintf(&w, "\n## %s\n\n| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|\n", v.T("FairPerItem"),
		v.T("ColItem"), v.T("ColTurns"), v.T("ColFirstTurns"), v.T("ColFirstTime"), v.T("ColTop"))
	for _, it := range m.Agenda.Items {
		q, ok := m.Queues[it.ID]
		if !ok {
			continue
		}
		fi := facilitation.Fair([]*facilitation.Queue{q}, nil, nil, nil, v.Now)
		if fi.Turns == 0 {
			continue
		}
		fmt.Fprintf(&w, "| %s | %d | %s %% | %s %% | %s %% |\n", mdCell(it.Title), fi.Turns,
			pct(facilitation.Share(fi.FirstTurns, fi.Turns)), pct(facilitation.Share(fi.FirstTime, fi.Time)), pct(facilitation.Share(fi.TopTime, fi.Time)))
	}
	return w.String() + "\n"
}

// TrendRow is one meeting's row of the trend across meetings (see
// Bot.Trend), from its polls and the people present.
func (v *View) TrendRow(rec Record) string {
	m := v.Meeting
	eval := "–"
	for _, p := range rec.Polls {
		if p.Purpose != facilitation.Evaluation {
			continue
		}
		if r := p.Results(); r.Turnout > r.Blank {
			eval = fmt.Sprintf("%.1f (%d)", r.Average, r.Turnout)
		}
	}
	overrun := "–"
	if planned := m.Agenda.Planned(); planned > 0 {
		switch d := v.Now.Sub(m.Started) - planned; {
		case d > 0:
			overrun = "+" + v.Dur(d)
		case d < 0:
			overrun = "−" + v.Dur(-d)
		default:
			overrun = "0"
		}
	}
	f := v.fairness(m.AllQueues(), v.present(rec))
	spoke, first, top := "–", "–", "–"
	if f.Present > 0 {
		n := f.Present - len(f.Silent)
		spoke = fmt.Sprintf("%d/%d (%s %%)", n, f.Present, pct(facilitation.Share(n, f.Present)))
	}
	if f.Turns > 0 {
		first = pct(facilitation.Share(f.FirstTime, f.Time)) + " %"
		top = pct(facilitation.Share(f.TopTime, f.Time)) + " %"
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |\n", v.Date(m.Started), mdCell(m.Title), eval, overrun, spoke, first, top)
}

// TrendHeader heads the trend across meetings (see TrendRow): of the
// meetings of template, or of all when template is "".
func (w Words) TrendHeader(template string, meetings int) string {
	title := w.T("ReportHeader")
	if template != "" {
		title = w.T("ReportHeaderTemplate", "Template", template)
	}
	return fmt.Sprintf("# %s\n\n| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---:|---:|---:|---:|---:|\n", title,
		w.T("ColDate"), w.T("ColMeeting"), w.T("ColEvaluation"), w.T("ColOverrun"), w.T("ColSpoke"), w.T("ColFirstTime"), w.T("ColTop"))
}

// TrendFooter ends the trend: it says so when there was no meeting.
func (w Words) TrendFooter(meetings int) string {
	if meetings == 0 {
		return fmt.Sprintf("\n%s\n", w.T("ReportEmpty"))
	}
	return ""
}
