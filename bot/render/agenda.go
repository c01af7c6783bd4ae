package render

import (
	"cmp"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Bullets formats lines as a Markdown bullet list.
func Bullets(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• " + l)
	}
	return b.String()
}

// AgendaLines describes each agenda item on one line.
func (v *View) AgendaLines() []string {
	lines := make([]string, len(v.Meeting.Agenda.Items))
	for i, it := range v.Meeting.Agenda.Items {
		box := ""
		if it.Timebox > 0 {
			box = v.Dur(it.Timebox)
		}
		var line string
		switch it.State {
		case facilitation.Current:
			line = "▶ **" + it.Title + "**"
			if it.Timebox > 0 {
				if left := it.Remaining(v.Now); left >= 0 {
					box = v.T("TimeLeft", "Timebox", box, "Left", v.Dur(left))
				} else {
					box = v.T("TimeOver", "Timebox", box, "Over", v.Dur(-left))
				}
			}
		case facilitation.Done:
			line = "✓ " + it.Title
			box = v.T("TimeTook", "Timebox", cmp.Or(box, "–"), "Took", v.Dur(it.Spent))
		case facilitation.Skipped:
			line = "↷ " + it.Title
		default:
			line = it.Title
		}
		if box != "" {
			line += " (" + box + ")"
		}
		if it.Owner != "" {
			line += " · " + it.Owner
		}
		lines[i] = line
	}
	return lines
}

// AgendaNumbers are the numbers of AgendaLines' lines when the agenda has
// sub-items ("9 a"), and nil when it has none, so that the list is
// numbered 1, 2, 3 … as ever.
func (v *View) AgendaNumbers() []string {
	labels := v.Meeting.Agenda.Labels()
	for _, l := range labels {
		if strings.Contains(l, " ") {
			return labels
		}
	}
	return nil
}

// Agenda shows the agenda, with its Next item button while the meeting runs.
func (v *View) Agenda() chat.Message {
	msg := chat.Message{Header: v.T("AgendaHeader", "Title", v.Meeting.Title), List: v.AgendaLines(), Numbers: v.AgendaNumbers()}
	if len(msg.List) == 0 {
		msg.Text = v.T("AgendaEmpty")
	}
	msg.Context = v.T("AgendaPlanned", "Planned", v.Dur(v.Meeting.Agenda.Planned()))
	if v.Meeting.IsAdjourned() {
		msg.Context += " · " + v.AdjournedLine()
	}
	if v.Meeting.Running() {
		msg.Buttons = []chat.Button{{Label: v.T("ButtonNextItem"), Action: chat.ActionItemNext}}
	}
	return msg
}

// AdjournedLine says that the meeting is adjourned, and until when.
func (v *View) AdjournedLine() string {
	if v.Meeting.Until.IsZero() {
		return v.T("AdjournedMark")
	}
	return v.T("AdjournedMarkUntil", "At", v.Clock(v.Meeting.Until))
}
