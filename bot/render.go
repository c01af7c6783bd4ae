package bot

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/facilitation/count"
)

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

func (c *call) agendaMessage() chat.Message {
	msg := chat.Message{Header: c.t("AgendaHeader", "Title", c.m.Title), List: c.agendaLines()}
	if len(msg.List) == 0 {
		msg.Text = c.t("AgendaEmpty")
	}
	msg.Context = c.t("AgendaPlanned", "Planned", c.dur(c.m.Agenda.Planned()))
	if c.m.IsAdjourned() {
		msg.Context += " · " + c.adjournedLine()
	}
	if c.m.Running() {
		msg.Buttons = []chat.Button{{Label: c.t("ButtonNextItem"), Action: chat.ActionItemNext}}
	}
	return msg
}

func (c *call) queueButtons() []chat.Button {
	return []chat.Button{
		{Label: c.t("ButtonHand"), Action: chat.ActionSpeak, Style: chat.Primary},
		{Label: c.t("ButtonReply"), Action: chat.ActionReply},
		{Label: c.t("ButtonOrder"), Action: chat.ActionOrder},
		{Label: c.t("ButtonLower"), Action: chat.ActionLower},
		{Label: c.t("ButtonNext"), Action: chat.ActionNext},
	}
}

func (c *call) queueMessage() chat.Message {
	q := c.m.Queue()
	title := c.m.Title
	if it, _ := c.m.Agenda.Current(); it != nil {
		title = it.Title
	}
	msg := chat.Message{Header: c.t("QueueHeader", "Title", title)}
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

func (c *call) statsMessage() (chat.Message, error) {
	ids, err := c.participants()
	if err != nil {
		return chat.Message{}, err
	}
	spoke, silent := facilitation.Stats(c.m.AllQueues(), ids, c.now)
	msg := chat.Message{Header: c.t("StatsHeader")}
	for _, s := range spoke {
		msg.List = append(msg.List, c.t("StatsLine", "Name", c.name(s.Who), "Count", s.Turns, "Time", c.dur(s.Time)))
	}
	if len(spoke) == 0 {
		msg.Text = c.t("NobodySpokeYet")
	}
	if len(silent) > 0 {
		msg.Fields = []chat.Field{{Label: c.t("NotSpoken", "Count", len(silent)), Value: strings.Join(c.names(silent), ", ")}}
	}
	return msg, nil
}

func (c *call) rulesMessage(header string) chat.Message {
	msg := chat.Message{Header: header, List: c.m.Rules}
	if len(c.m.Rules) == 0 {
		msg = chat.Message{Header: header, Text: c.t("NoRules")}
	}
	if c.m.Running() {
		msg.Context, msg.Input, msg.Buttons = c.t("FlagHint"), c.flagInput(), c.flagButtons()
	}
	return msg
}

// pollDescription says what kind of poll p is and how to vote.
func (c *call) pollDescription(p *facilitation.Poll) string {
	kind := c.t("PollKind"+string(p.Kind), "Count", p.MaxChoices)
	switch p.Kind {
	case facilitation.Elect:
		kind = c.t("PollKindelect"+string(p.Method), "Count", p.Seats)
	case facilitation.Ranked:
		kind += " (" + c.t("Method"+string(p.Method)) + ")"
	}
	if p.MinChoices > 0 {
		kind += ", " + c.t("AtLeast", "Count", p.MinChoices)
	}
	parts := []string{kind, c.t("Visibility" + string(p.Visibility))}
	if p.Register {
		parts = append(parts, c.t("RegisterOnly"))
	}
	if len(p.Excluded) > 0 {
		parts = append(parts, c.t("ExcludedNames", "Names", c.list(c.names(p.Excluded))))
	}
	if p.Hidden {
		parts = append(parts, c.t("HiddenUntilClose"))
	}
	if p.CloseAfter > 0 && !p.Closed {
		parts = append(parts, c.t("ClosesAt", "At", p.Created.Add(p.CloseAfter).Format("15:04")))
	}
	return strings.Join(parts, " · ")
}

// turnout says how many have voted: against the register for a register
// poll ("212 of 230 have voted").
func (c *call) turnout(p *facilitation.Poll, n int) string {
	if !p.Register {
		return c.t("Turnout", "Count", n)
	}
	eligible := c.m.Register.Count
	for _, id := range p.Excluded {
		if ok, err := c.onRegister(p.MeetingID, id); err == nil && ok {
			eligible--
		}
	}
	return c.t("TurnoutOf", "Count", n, "Of", eligible)
}

func (c *call) pollMessage(p *facilitation.Poll) chat.Message {
	msg := chat.Message{Header: c.t("PollHeader", "ID", p.ID, "Question", p.Question), Text: c.pollDescription(p)}
	if p.ShowsCounts() {
		msg.Chart = c.chart(p, p.Results())
	} else {
		lines := make([]string, len(p.Options))
		for i, o := range p.Options {
			lines[i] = fmt.Sprintf("%d: %s", p.OptionNumber(i), o)
		}
		msg.Text += "\n" + bullets(lines)
	}
	msg.Context = c.turnout(p, p.Turnout())
	if p.Closed {
		msg.Context += " · " + c.t("PollClosed")
		return msg
	}
	if hint := c.toolPollHint(p); hint != "" {
		msg.Text += "\n" + hint
	}
	if p.MaxChoices > 1 {
		msg.Text += "\n" + c.t("VoteByText", "ID", p.ID)
		msg.Choice = &chat.Choice{Max: p.MaxChoices, Ranked: p.Kind == facilitation.Ranked || p.Method == facilitation.STV}
		for i, o := range p.Options {
			msg.Choice.Options = append(msg.Choice.Options, chat.Option{Label: o, Value: strconv.Itoa(p.OptionNumber(i))})
		}
		msg.Buttons = append(msg.Buttons, chat.Button{Label: c.t("ButtonVote"), Action: chat.ActionVote, Value: fmt.Sprintf("%d:", p.ID), Style: chat.Primary})
	} else {
		for i, o := range p.Options {
			msg.Buttons = append(msg.Buttons, chat.Button{Label: o, Action: chat.ActionVote, Value: fmt.Sprintf("%d:%d", p.ID, p.OptionNumber(i))})
		}
	}
	msg.Buttons = append(msg.Buttons, chat.Button{Label: c.t("ButtonClosePoll"), Action: chat.ActionPollClose, Value: strconv.FormatInt(p.ID, 10), Style: chat.Danger})
	if p.Visibility != facilitation.Secret {
		msg.PerUser = &chat.PerUser{Key: pollKey(p.ID), Users: c.firstParticipants(p.MeetingID, chat.MaxPerUser)}
	}
	return msg
}

// firstParticipants returns the IDs of at most n of a meeting's
// participants, the first seen.
func (c *call) firstParticipants(meetingID string, n int) []string {
	people, err := c.tx.People(meetingID)
	if err != nil {
		return nil
	}
	var ids []string
	for _, p := range people[:min(n, len(people))] {
		ids = append(ids, p.ID)
	}
	return ids
}

// maxNamesPerBar is how many voters' names an open poll shows per option.
const maxNamesPerBar = 10

// chart draws a poll's counts, with voters' names for an open poll.
func (c *call) chart(p *facilitation.Poll, r facilitation.Result) []chat.Bar {
	voters := p.VotersByOption(maxNamesPerBar)
	bars := make([]chat.Bar, len(p.Options))
	for i, o := range p.Options {
		label := fmt.Sprintf("%d. %s", p.OptionNumber(i), o)
		if p.Kind == facilitation.Fist {
			label = "✋ " + o
		}
		bars[i] = chat.Bar{Label: label, Count: r.Counts[i], Percent: r.Percent[i]}
		if voters != nil && len(voters[i]) > 0 {
			bars[i].Note = strings.Join(c.names(voters[i]), ", ")
			if more := r.Counts[i] - len(voters[i]); more > 0 {
				bars[i].Note += " " + c.t("AndMore", "Count", more)
			}
		}
	}
	return bars
}

// resultsMessage shows a poll's results: final once it is closed, and
// labelled interim while it is open.
func (c *call) resultsMessage(p *facilitation.Poll) chat.Message {
	r := p.Results()
	header := "ResultsHeader"
	if !p.Closed {
		header = "InterimHeader"
	}
	msg := chat.Message{Header: c.t(header, "ID", p.ID, "Question", p.Question), Chart: c.chart(p, r)}
	switch {
	case p.Kind == facilitation.Ranked && p.Method == facilitation.Schulze:
		msg.Chart = nil // first preferences mislead; the pairwise contests tell
		msg.List = c.schulzeLines(p, r)
	case p.Kind == facilitation.Ranked:
		msg.Chart = nil // counts of first preferences mislead; the rounds tell
		msg.List = c.roundLines(p, r)
	case r.STV != nil:
		msg.Chart = nil
		msg.List = c.stageLines(p, r)
	}
	msg.Text = c.outcome(p, r)
	if q := c.quotaLine(p, r); q != "" {
		msg.Text += "\n" + q
	}
	if !p.Closed {
		msg.Text = c.t("InterimNote") + "\n" + msg.Text
	}
	msg.Context = c.turnout(p, r.Turnout) + " · " + c.t("Visibility"+string(p.Visibility))
	if p.Closed {
		msg.List = append(msg.List, c.evaluationComments(p)...)
	}
	return msg
}

// outcome says what the poll decided: who won or was elected, the tie
// and how it was broken, what waits for lots, or that nobody voted.
func (c *call) outcome(p *facilitation.Poll, r facilitation.Result) string {
	var lines []string
	if r.Err != nil {
		c.b.log.ErrorContext(c.ctx, "count poll", "poll", p.ID, "err", r.Err)
		return c.t("CountFailed")
	}
	switch {
	case p.Kind == facilitation.Consent:
		lines = append(lines, c.consentLine(p, r))
	case p.Kind == facilitation.Fist && r.Turnout > r.Blank:
		lines = append(lines, c.t("FistResult", "Average", fmt.Sprintf("%.1f", r.Average), "Lowest", r.Lowest))
	case p.IsElection():
		if len(r.Elected) > 0 {
			id := "ElectedMany"
			if p.Kind == facilitation.Multi {
				id = "ChosenMany"
			}
			lines = append(lines, c.t(id, "Names", c.list(c.optionList(p, r.Elected)), "Count", len(r.Elected)))
		}
		if r.Lot != nil {
			lines = append(lines, c.lotLine(p, r))
		} else if len(r.Elected) == 0 {
			lines = append(lines, c.noVotes(r))
		}
	case r.Lot != nil:
		lines = append(lines, c.lotLine(p, r))
	case len(r.Winners) == 0:
		lines = append(lines, c.noVotes(r))
	case r.Tie():
		lines = append(lines, c.t("Tie", "Options", c.list(c.optionList(p, r.Winners))))
	case p.Kind == facilitation.Ranked:
		n := len(r.Rounds)
		if p.Method == facilitation.Schulze {
			lines = append(lines, c.t("SchulzeWinner", "Option", p.Options[r.Winners[0]]))
		} else {
			lines = append(lines, c.t("Elected", "Option", p.Options[r.Winners[0]], "Count", n))
		}
	case r.Cast < r.Turnout:
		w := r.Winners[0]
		lines = append(lines, c.t("Carried", "Option", p.Options[w], "Count", r.Counts[w], "Cast", r.Cast,
			"Percent", fmt.Sprintf("%.0f", 100*float64(r.Counts[w])/float64(r.Cast))))
	default:
		w := r.Winners[0]
		lines = append(lines, c.t("Winner", "Option", p.Options[w], "Count", r.Counts[w], "Percent", fmt.Sprintf("%.0f", r.Percent[w])))
	}
	if r.CastingVote {
		lines = append(lines, c.t("CastingVote", "Name", c.name(p.CastingVoter)))
	}
	for _, d := range p.Draws {
		lines = append(lines, c.t("ByLot", "Among", c.list(c.optionList(p, d.Among)), "Picked", c.list(c.optionList(p, d.Picked))))
	}
	if r.Abstained > 0 || r.Blank > 0 {
		lines = append(lines, c.notCounted(r))
	}
	return strings.Join(lines, "\n")
}

// noVotes says that nothing was chosen: nobody voted, or every vote was
// blank or an abstention.
func (c *call) noVotes(r facilitation.Result) string {
	if r.Turnout > 0 {
		return c.t("NoChoiceVotes")
	}
	return c.t("NoVotes")
}

// notCounted reports the abstentions and blank votes, which count in the
// turnout but for no choice.
func (c *call) notCounted(r facilitation.Result) string {
	var parts []string
	if r.Abstained > 0 {
		parts = append(parts, c.t("Abstentions", "Count", r.Abstained))
	}
	if r.Blank > 0 {
		parts = append(parts, c.t("Blanks", "Count", r.Blank))
	}
	return c.t("NotCounted", "What", c.list(parts))
}

// lotLine says which tie waits for lots, and what the lot decides.
func (c *call) lotLine(p *facilitation.Poll, r facilitation.Result) string {
	return c.t("Lot"+lotDecides(p, r), "Options", c.list(c.optionList(p, r.Lot)), "Count", r.LotPick)
}

// lotDecides names what a poll's lot decides, for its messages (LotWins,
// DrawnWins, …): who wins, who is elected, who is excluded from the
// count, or a step of an STV count.
func lotDecides(p *facilitation.Poll, r facilitation.Result) string {
	switch {
	case r.STV != nil:
		return "STV"
	case r.LotExcludes:
		return "Excluded"
	case p.IsElection():
		return "Elected"
	}
	return "Wins"
}

// optionList returns the names of options.
func (c *call) optionList(p *facilitation.Poll, opts []int) []string {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = c.optionLabel(p, o)
	}
	return names
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
			line += " · " + c.t("EliminatedLine", "Options", c.list(c.optionList(p, rd.Eliminated)))
		}
		lines = append(lines, line)
	}
	return lines
}

// schulzeLines lists the pairwise contests of a Schulze count: for each
// pair, how many prefer each to the other.
func (c *call) schulzeLines(p *facilitation.Poll, r facilitation.Result) []string {
	if r.Schulze == nil {
		return nil
	}
	d := r.Schulze.D
	var lines []string
	for i := range p.Options {
		for j := i + 1; j < len(p.Options); j++ {
			lines = append(lines, fmt.Sprintf("%s %d – %d %s", p.Options[i], d[i][j], d[j][i], p.Options[j]))
		}
	}
	return lines
}

// quotaLine states an STV count's quota, or "" for other counts.
func (c *call) quotaLine(p *facilitation.Poll, r facilitation.Result) string {
	if r.STV == nil || len(r.STV.Stages) == 0 {
		return ""
	}
	return c.t("STVQuota", "Quota", fmtValue(r.STV.Quota), "Valid", r.STV.Valid, "Seats", p.Seats)
}

// stageLines describes the stages of an STV count: what each did, the
// votes of the candidates still in the count after it, and who was
// elected.
func (c *call) stageLines(p *facilitation.Poll, r facilitation.Result) []string {
	s := r.STV
	if s == nil || len(s.Stages) == 0 {
		return nil
	}
	var lines []string
	done := map[int]bool{}
	for _, st := range s.Stages {
		var what string
		switch st.Kind {
		case count.FirstPreferences:
			what = c.t("STVFirst")
		case count.SurplusTransfer:
			what = c.t("STVSurplus", "Name", p.Options[st.Candidate], "Value", fmtValue(st.Transferred))
			done[st.Candidate] = true
		case count.Exclusion:
			what = c.t("STVExcluded", "Name", p.Options[st.Candidate])
			done[st.Candidate] = true
		}
		var votes []string
		for i, v := range st.Votes {
			if !done[i] {
				votes = append(votes, p.Options[i]+" "+fmtValue(v))
			}
		}
		line := what + ": " + strings.Join(votes, ", ")
		if st.NonTransferable > 0 {
			line += " · " + c.t("STVNonTransferable", "Value", fmtValue(st.NonTransferable))
		}
		if len(st.Elected) > 0 {
			line += " · " + c.t("STVElected", "Names", c.list(c.optionList(p, st.Elected)))
		}
		lines = append(lines, line)
	}
	return lines
}

// fmtValue writes an STV value with its five decimals, or as a whole
// number when it is one.
func fmtValue(v count.Value) string {
	s := v.String()
	if whole, ok := strings.CutSuffix(s, ".00000"); ok {
		return whole
	}
	return s
}
