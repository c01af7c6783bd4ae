package bot

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// fmtDuration writes a duration as people read it: 1h5m, 10m, 2m30s, 45s.
func fmtDuration(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 || h == 0 && m == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// bullets formats lines as a Markdown bullet list.
func bullets(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• " + l)
	}
	return b.String()
}

// agendaLines describes each agenda item on one line.
func (c *call) agendaLines() []string {
	lines := make([]string, len(c.m.Agenda.Items))
	for i, it := range c.m.Agenda.Items {
		box := ""
		if it.Timebox > 0 {
			box = c.dur(it.Timebox)
		}
		var line string
		switch it.State {
		case facilitation.Current:
			line = "▶ **" + it.Title + "**"
			if it.Timebox > 0 {
				if left := it.Remaining(c.now); left >= 0 {
					box = c.t("TimeLeft", "Timebox", box, "Left", c.dur(left))
				} else {
					box = c.t("TimeOver", "Timebox", box, "Over", c.dur(-left))
				}
			}
		case facilitation.Done:
			line = "✓ " + it.Title
			box = c.t("TimeTook", "Timebox", cmp.Or(box, "–"), "Took", c.dur(it.Spent))
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

func (c *call) agendaMessage() Message {
	msg := Message{Header: c.t("AgendaHeader", "Title", c.m.Title), List: c.agendaLines()}
	if len(msg.List) == 0 {
		msg.Text = c.t("AgendaEmpty")
	}
	msg.Context = c.t("AgendaPlanned", "Planned", c.dur(c.m.Agenda.Planned()))
	if c.m.Running() {
		msg.Buttons = []Button{{Label: c.t("ButtonNextItem"), Action: ActionItemNext}}
	}
	return msg
}

func (c *call) queueButtons() []Button {
	return []Button{
		{Label: c.t("ButtonHand"), Action: ActionSpeak, Style: Primary},
		{Label: c.t("ButtonReply"), Action: ActionReply},
		{Label: c.t("ButtonOrder"), Action: ActionOrder},
		{Label: c.t("ButtonLower"), Action: ActionLower},
		{Label: c.t("ButtonNext"), Action: ActionNext},
	}
}

func (c *call) queueMessage() Message {
	q := c.m.Queue()
	title := c.m.Title
	if it, _ := c.m.Agenda.Current(); it != nil {
		title = it.Title
	}
	msg := Message{Header: c.t("QueueHeader", "Title", title)}
	if q.Current != nil {
		msg.Text = c.t("NowSpeaking", "Name", c.name(q.Current.Who), "Kind", c.t("Kind"+string(q.Current.Kind)),
			"Time", c.dur(q.Current.Duration(c.now)))
	} else {
		msg.Text = c.t("NobodySpeaking")
	}
	for _, r := range q.Ordered() {
		line := c.name(r.Who)
		if r.Kind != facilitation.Speak {
			line += " · " + c.t("Kind"+string(r.Kind))
		}
		msg.List = append(msg.List, line)
	}
	if len(msg.List) == 0 {
		msg.Text += "\n" + c.t("QueueEmpty")
	}
	ctx := []string{c.t("Policy" + string(q.Rules.Policy))}
	if q.Closed {
		ctx = append(ctx, c.t("ListClosed"))
	}
	msg.Context = strings.Join(ctx, " · ")
	if c.m.Running() {
		msg.Buttons = c.queueButtons()
	}
	return msg
}

func (c *call) statsMessage() (Message, error) {
	ids, err := c.participants()
	if err != nil {
		return Message{}, err
	}
	spoke, silent := facilitation.Stats(c.m.AllQueues(), ids, c.now)
	msg := Message{Header: c.t("StatsHeader")}
	for _, s := range spoke {
		msg.List = append(msg.List, c.t("StatsLine", "Name", c.name(s.Who), "Count", s.Turns, "Time", c.dur(s.Time)))
	}
	if len(spoke) == 0 {
		msg.Text = c.t("NobodySpokeYet")
	}
	if len(silent) > 0 {
		msg.Fields = []Field{{Label: c.t("NotSpoken", "Count", len(silent)), Value: strings.Join(c.names(silent), ", ")}}
	}
	return msg, nil
}

func (c *call) rulesMessage(header string) Message {
	if len(c.m.Rules) == 0 {
		return Message{Header: header, Text: c.t("NoRules")}
	}
	return Message{Header: header, List: c.m.Rules}
}

// pollDescription says what kind of poll p is and how to vote.
func (c *call) pollDescription(p *facilitation.Poll) string {
	parts := []string{c.t("PollKind"+string(p.Kind), "Count", p.MaxChoices), c.t("Visibility" + string(p.Visibility))}
	if p.Hidden {
		parts = append(parts, c.t("HiddenUntilClose"))
	}
	if p.CloseAfter > 0 && !p.Closed {
		parts = append(parts, c.t("ClosesAt", "At", p.Created.Add(p.CloseAfter).Format("15:04")))
	}
	return strings.Join(parts, " · ")
}

func (c *call) pollMessage(p *facilitation.Poll) Message {
	msg := Message{Header: c.t("PollHeader", "ID", p.ID, "Question", p.Question), Text: c.pollDescription(p)}
	if p.ShowsCounts() {
		msg.Chart = c.chart(p, p.Results())
	} else {
		lines := make([]string, len(p.Options))
		for i, o := range p.Options {
			lines[i] = fmt.Sprintf("%d: %s", p.OptionNumber(i), o)
		}
		msg.Text += "\n" + bullets(lines)
	}
	msg.Context = c.t("Turnout", "Count", p.Turnout())
	if p.Closed {
		msg.Context += " · " + c.t("PollClosed")
		return msg
	}
	switch p.Kind {
	case facilitation.Ranked, facilitation.Multi:
		msg.Text += "\n" + c.t("VoteByText", "ID", p.ID)
		msg.Choice = &Choice{Max: p.MaxChoices, Ranked: p.Kind == facilitation.Ranked}
		for i, o := range p.Options {
			msg.Choice.Options = append(msg.Choice.Options, Option{Label: o, Value: strconv.Itoa(p.OptionNumber(i))})
		}
		msg.Buttons = append(msg.Buttons, Button{Label: c.t("ButtonVote"), Action: ActionVote, Value: fmt.Sprintf("%d:", p.ID), Style: Primary})
	default:
		for i, o := range p.Options {
			msg.Buttons = append(msg.Buttons, Button{Label: o, Action: ActionVote, Value: fmt.Sprintf("%d:%d", p.ID, p.OptionNumber(i))})
		}
	}
	msg.Buttons = append(msg.Buttons, Button{Label: c.t("ButtonClosePoll"), Action: ActionPollClose, Value: strconv.FormatInt(p.ID, 10), Style: Danger})
	return msg
}

// maxNamesPerBar is how many voters' names an open poll shows per option.
const maxNamesPerBar = 10

// chart draws a poll's counts, with voters' names for an open poll.
func (c *call) chart(p *facilitation.Poll, r facilitation.Result) []Bar {
	voters := p.VotersByOption(maxNamesPerBar)
	bars := make([]Bar, len(p.Options))
	for i, o := range p.Options {
		label := fmt.Sprintf("%d. %s", p.OptionNumber(i), o)
		if p.Kind == facilitation.Fist {
			label = "✋ " + o
		}
		bars[i] = Bar{Label: label, Count: r.Counts[i], Percent: r.Percent[i]}
		if voters != nil && len(voters[i]) > 0 {
			bars[i].Note = strings.Join(c.names(voters[i]), ", ")
			if more := r.Counts[i] - len(voters[i]); more > 0 {
				bars[i].Note += " " + c.t("AndMore", "Count", more)
			}
		}
	}
	return bars
}

func (c *call) resultsMessage(p *facilitation.Poll) Message {
	r := p.Results()
	msg := Message{Header: c.t("ResultsHeader", "ID", p.ID, "Question", p.Question), Chart: c.chart(p, r)}
	if p.Kind == facilitation.Ranked {
		msg.Chart = nil // counts of first preferences mislead; the rounds tell
		msg.List = c.roundLines(p, r)
	}
	msg.Text = c.outcome(p, r)
	msg.Context = c.t("Turnout", "Count", r.Turnout) + " · " + c.t("Visibility"+string(p.Visibility))
	return msg
}

// outcome is one sentence naming the winner, the tie, or that nobody voted.
func (c *call) outcome(p *facilitation.Poll, r facilitation.Result) string {
	var s string
	switch {
	case p.Kind == facilitation.Fist && r.Turnout > 0:
		s = c.t("FistResult", "Average", fmt.Sprintf("%.1f", r.Average), "Lowest", r.Lowest)
	case len(r.Lot) > 0:
		s = c.t("LotNeeded", "Options", c.optionNames(p, r.Lot))
	case len(r.Winners) == 0:
		s = c.t("NoVotes")
	case r.Tie():
		s = c.t("Tie", "Options", c.optionNames(p, r.Winners))
	default:
		s = c.t("Winner", "Option", c.optionLabel(p, r.Winners[0]), "Count", r.Counts[r.Winners[0]], "Percent", fmt.Sprintf("%.0f", r.Percent[r.Winners[0]]))
		if p.Kind == facilitation.Ranked {
			s = c.t("Elected", "Option", p.Options[r.Winners[0]], "Count", len(r.Rounds))
		}
	}
	return s
}

// optionNames lists the names of options.
func (c *call) optionNames(p *facilitation.Poll, opts []int) string {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = c.optionLabel(p, o)
	}
	return strings.Join(names, ", ")
}

// roundLines describes the rounds of an instant-runoff count, leaving
// out the options eliminated in earlier rounds.
func (c *call) roundLines(p *facilitation.Poll, r facilitation.Result) []string {
	out := map[int]bool{}
	var lines []string
	for _, rd := range r.Rounds {
		var counts []string
		for i, n := range rd.Counts {
			if !out[i] {
				counts = append(counts, fmt.Sprintf("%s %d", p.Options[i], n))
			}
		}
		line := strings.Join(counts, ", ")
		if len(rd.Eliminated) > 0 {
			for _, o := range rd.Eliminated {
				out[o] = true
			}
			line += " · " + c.t("EliminatedLine", "Options", c.optionNames(p, rd.Eliminated))
		}
		lines = append(lines, line)
	}
	return lines
}
