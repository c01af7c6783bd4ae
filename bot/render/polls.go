package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/facilitation/count"
)

// maxNamesPerBar is how many voters' names an open poll shows per option.
const maxNamesPerBar = 10

// PollDescription says what kind of poll p is and how to vote.
func (v *View) PollDescription(p Poll) string {
	kind := v.T("PollKind"+string(p.Kind), "Count", p.MaxChoices)
	if p.Purpose == facilitation.Evaluation { // a rating, not a consensus check
		kind = v.T("PollKindevaluation")
	}
	switch p.Kind {
	case facilitation.Elect:
		kind = v.T("PollKindelect"+string(p.Method), "Count", p.Seats)
	case facilitation.Ranked:
		kind += " (" + v.T("Method"+string(p.Method)) + ")"
	}
	if p.MinChoices > 0 {
		kind += ", " + v.T("AtLeast", "Count", p.MinChoices)
	}
	parts := []string{kind, v.T("Visibility" + string(p.Visibility))}
	if p.Majority.Qualified() {
		first := v.OptionLabel(p.Poll, 0)
		switch {
		case len(p.Alternatives) > 0: // a votering's: the proposal by its number
			first = v.ShortAlternative(p.Alternatives[0])
		case len(first) > 24: // a proposal's whole wording: named by its number
			first = v.T("OptionN", "N", 1)
		}
		parts = append(parts, v.T("PollNeedsMajority", "Option", first, "Majority", v.majorityName(p.Majority), "Elect", p.Kind == facilitation.Elect))
	}
	if p.Register {
		parts = append(parts, v.T("RegisterOnly"))
	}
	if len(p.Excluded) > 0 {
		parts = append(parts, v.T("ExcludedNames", "Names", v.List(v.NameAll(p.Excluded))))
	}
	if p.Hidden && !p.Closed { // closed, it shows them
		parts = append(parts, v.T("HiddenUntilClose"))
	}
	if p.CloseAfter > 0 && !p.Closed {
		parts = append(parts, v.T("ClosesAt", "At", v.Deadline(p.Created.Add(p.CloseAfter), p.CloseAfter)))
	}
	return strings.Join(parts, " · ")
}

// Turnout says how many have voted: against the register for a register
// poll ("212 of 230 have voted").
func (w Words) Turnout(p Poll, n int) string {
	if !p.Register {
		return w.T("Turnout", "Count", n)
	}
	switch {
	case p.Kept > 0: // members struck during the vote keep the votes they cast
		return w.T("TurnoutRegisterKept", "Count", p.Kept, "Voted", n, "Of", p.Eligible)
	case p.Adjusted || n > p.Eligible: // the latter only for a poll stored before its adjustments were marked
		return w.T("TurnoutRegisterChanged", "Count", n, "Of", max(n, p.Eligible))
	}
	return w.T("TurnoutOf", "Count", n, "Of", p.Eligible)
}

// PollMessage is a poll as posted: its options, and its buttons while it is open.
func (v *View) PollMessage(p Poll) chat.Message {
	msg := chat.Message{Header: v.T("PollHeader", "ID", p.ID, "Question", p.Question), Text: v.PollDescription(p)}
	if p.ShowsCounts() {
		r := p.Results()
		msg.Chart = v.Chart(p, r)
		if l := v.ShareBaseLine(p.Poll, r); l != "" {
			msg.Text += "\n" + l
		}
	} else {
		lines := make([]string, len(p.Options))
		for i := range p.Options {
			lines[i] = v.numberedOption(p, i, ": ")
		}
		msg.Text += "\n" + Bullets(lines)
	}
	msg.Context = v.Turnout(p, p.Turnout())
	if p.Closed {
		msg.Context += " · " + v.T("PollClosed")
		return msg
	}
	if hint := v.toolPollHint(p.Poll); hint != "" {
		msg.Text += "\n" + hint
	}
	if p.MaxChoices > 1 {
		msg.Text += "\n" + v.T("VoteByText", "ID", p.ID)
		msg.Choice = &chat.Choice{Max: p.MaxChoices, Ranked: p.Kind == facilitation.Ranked || p.Method == facilitation.STV}
		for i, o := range p.Options {
			msg.Choice.Options = append(msg.Choice.Options, chat.Option{Label: o, Value: strconv.Itoa(p.OptionNumber(i))})
		}
		msg.Buttons = append(msg.Buttons, chat.Button{Label: v.T("ButtonVote"), Action: chat.ActionVote, Value: fmt.Sprintf("%d:", p.ID), Style: chat.Primary})
	} else {
		for i, o := range p.Options {
			msg.Buttons = append(msg.Buttons, chat.Button{Label: o, Action: chat.ActionVote, Value: fmt.Sprintf("%d:%d", p.ID, p.OptionNumber(i))})
		}
	}
	msg.Buttons = append(msg.Buttons, chat.Button{Label: v.T("ButtonClosePoll"), Action: chat.ActionPollClose, Value: strconv.FormatInt(p.ID, 10), Style: chat.Danger})
	if p.Visibility != facilitation.Secret {
		msg.PerUser = &chat.PerUser{Key: PollKey(p.ID).String(), Users: v.People[:min(len(v.People), chat.MaxPerUser)]}
	}
	return msg
}

// ShareBase is the one base of every share in a poll's result, and the
// message that names it. Blank votes and abstentions count for no option,
// as the outcome counts them: when some voted so, the base is the votes
// cast for an option, or, where a ballot's marks all count, the ballots
// that marked any; else it is those who voted. The base is 0 when there
// is nothing to share.
func ShareBase(p *facilitation.Poll, r facilitation.Result) (base int, id string) {
	switch {
	case r.Cast == r.Turnout || r.Cast == 0:
		return r.Turnout, "ShareBaseVoters"
	case p.MaxChoices > 1 && p.Kind != facilitation.Ranked && p.Method != facilitation.STV: // a ranked ballot counts its first preference
		return r.Cast, "ShareBaseMarked"
	}
	return r.Cast, "ShareBaseCast"
}

// ShareBaseLine names the base of a chart's shares when it is not the
// turnout the message gives anyway: the votes cast for an option, when
// some voted blank or abstained. It is empty otherwise.
func (v *View) ShareBaseLine(p *facilitation.Poll, r facilitation.Result) string {
	base, id := ShareBase(p, r)
	if id == "ShareBaseVoters" {
		return ""
	}
	return v.T(id, "Count", base)
}

// Chart draws a poll's counts, with voters' names for an open poll. Every
// share has the base ShareBase names; an abstention outside that base is
// a count without a share.
func (v *View) Chart(p Poll, r facilitation.Result) []chat.Bar {
	voters := p.VotersByOption(maxNamesPerBar)
	bars := make([]chat.Bar, len(p.Options))
	base, id := ShareBase(p.Poll, r)
	for i, o := range p.Options {
		label := v.numberedOption(p, i, ". ")
		if p.Kind == facilitation.Fist {
			label = "✋ " + o
		}
		bars[i] = chat.Bar{Label: label, Count: r.Counts[i]}
		switch {
		case i == p.Abstention() && id == "ShareBaseCast":
			bars[i].NoShare = true
		case base > 0:
			bars[i].Percent = 100 * float64(r.Counts[i]) / float64(base)
		}
		if !bars[i].NoShare {
			bars[i].Share = v.share(p.Poll, r, i, base) // as the outcome and the protokoll write it
		}
		if voters != nil && len(voters[i]) > 0 {
			bars[i].Note = strings.Join(v.NameAll(voters[i]), ", ")
			if more := r.Counts[i] - len(voters[i]); more > 0 {
				bars[i].Note += " " + v.T("AndMore", "Count", more)
			}
		}
	}
	return bars
}

// Results shows a poll's results: final once it is closed, and
// labelled interim while it is open.
func (v *View) Results(p Poll) chat.Message {
	r := p.Results()
	header := "ResultsHeader"
	if !p.Closed {
		header = "InterimHeader"
	}
	msg := chat.Message{Header: v.T(header, "ID", p.ID, "Question", p.Question), Chart: v.Chart(p, r)}
	switch {
	case p.Kind == facilitation.Ranked && p.Method == facilitation.Schulze:
		msg.Chart = nil // first preferences mislead; the pairwise contests tell
		msg.List = v.SchulzeLines(p.Poll, r)
	case p.Kind == facilitation.Ranked:
		msg.Chart = nil // counts of first preferences mislead; the rounds tell
		msg.List = v.RoundLines(p.Poll, r)
	case r.STV != nil:
		msg.Chart = nil
		msg.List = v.StageLines(p.Poll, r)
	}
	msg.Text = v.Outcome(p.Poll, r)
	if l := v.ShareBaseLine(p.Poll, r); msg.Chart != nil && l != "" {
		msg.Text += "\n" + l
	}
	if q := v.QuotaLine(p.Poll, r); q != "" {
		msg.Text += "\n" + q
	}
	if !p.Closed {
		msg.Text = v.T("InterimNote") + "\n" + msg.Text
	}
	msg.Context = v.Turnout(p, r.Turnout) + " · " + v.T("Visibility"+string(p.Visibility))
	if p.Closed {
		msg.List = append(msg.List, p.Comments...)
	}
	return msg
}

// Outcome says what the poll decided: who won or was elected, the tie
// and how it was broken, what waits for lots, or that nobody voted.
func (v *View) Outcome(p *facilitation.Poll, r facilitation.Result) string {
	var lines []string
	if r.Err != nil { // the bot logs why
		return v.T("CountFailed")
	}
	switch {
	case p.Kind == facilitation.Consent:
		lines = append(lines, v.consentLine(p, r))
	case p.Kind == facilitation.Fist && r.Turnout > r.Blank:
		lines = append(lines, v.T("FistResult", "Average", v.Decimal(r.Average, 1), "Lowest", r.Lowest))
	case r.Runoff != nil:
		lines = append(lines, v.T("NoAbsoluteMajority", "Names", v.List(v.OptionList(p, r.Runoff))))
	case p.IsElection():
		if len(r.Elected) > 0 {
			id := "ElectedMany"
			if p.Kind == facilitation.Multi {
				id = "ChosenMany"
			}
			lines = append(lines, v.T(id, "Names", v.List(v.OptionList(p, r.Elected)), "Count", len(r.Elected)))
			if p.Kind == facilitation.Elect && r.Vacant > 0 {
				lines = append(lines, v.T("SeatsVacant", "Count", r.Vacant))
			}
		}
		if r.Lot != nil {
			lines = append(lines, v.LotLine(p, r))
		} else if len(r.Elected) == 0 {
			lines = append(lines, v.NoVotes(r))
		}
	case r.Lot != nil:
		lines = append(lines, v.LotLine(p, r))
	case r.MajorityMissed:
		yes, no := r.Counts[0], r.Counts[1]
		lines = append(lines, v.T("MajorityMissedPoll", "Option", p.Options[0], "Count", yes, "Yes", yes, "No", no,
			"Percent", v.PercentMissed(yes, yes+no, p.Majority), "Majority", v.majorityName(p.Majority)))
	case p.Purpose == facilitation.Votering && len(r.Winners) == 1 && len(p.Options) == 2:
		w := r.Winners[0]
		lines = append(lines, v.T("VoteringResult", "Option", p.Options[w], "For", r.Counts[w], "Against", r.Counts[1-w], "Count", r.Counts[w]))
	case r.NeedCasting != nil && v.recused(p, p.CastingVoter): // jäv: another chair gives it
		lines = append(lines, v.T("TieCastingRecused", "Options", v.List(v.OptionList(p, r.NeedCasting)), "Chair", v.Name(p.CastingVoter)))
	case r.NeedCasting != nil && !p.Closed: // casting N waits for the close
		lines = append(lines, v.T("TieCastingInterim", "Options", v.List(v.OptionList(p, r.NeedCasting)), "Chair", v.Name(p.CastingVoter)))
	case r.NeedCasting != nil:
		lines = append(lines, v.T("TieCasting", "Options", v.List(v.OptionList(p, r.NeedCasting)), "Chair", v.Name(p.CastingVoter)))
	case len(r.Winners) == 0:
		lines = append(lines, v.NoVotes(r))
	case r.Tie():
		lines = append(lines, v.T("Tie", "Options", v.List(v.OptionList(p, r.Winners))))
	case p.Kind == facilitation.Ranked:
		n := len(r.Rounds)
		if p.Method == facilitation.Schulze {
			lines = append(lines, v.T("SchulzeWinner", "Option", p.Options[r.Winners[0]]))
		} else {
			lines = append(lines, v.T("Elected", "Option", p.Options[r.Winners[0]], "Count", n))
		}
	case r.Cast < r.Turnout:
		w := r.Winners[0]
		lines = append(lines, v.T("Carried", "Option", p.Options[w], "Count", r.Counts[w], "Cast", r.Cast,
			"Percent", v.Percent(100*float64(r.Counts[w])/float64(r.Cast))))
	default:
		w := r.Winners[0]
		lines = append(lines, v.T("Winner", "Option", p.Options[w], "Count", r.Counts[w], "Percent", v.Percent(r.Percent[w])))
	}
	if r.CastingVote && !p.Closed {
		lines = append(lines, v.T("CastingVoteInterim", "Name", v.Name(p.CastingVoter)))
	} else if r.CastingVote {
		lines = append(lines, v.T("CastingVote", "Name", v.Name(p.CastingVoter)))
	}
	for _, d := range p.Draws {
		lines = append(lines, v.lotLine(p, r, d))
	}
	if r.Abstained > 0 || r.Blank > 0 {
		lines = append(lines, v.NotCounted(r))
	}
	return strings.Join(lines, "\n")
}

// NoVotes says that nothing was chosen: nobody voted, or every vote was
// blank or an abstention.
func (w Words) NoVotes(r facilitation.Result) string {
	if r.Turnout > 0 {
		return w.T("NoChoiceVotes")
	}
	return w.T("NoVotes")
}

// NotCounted reports the abstentions and blank votes, which count in the
// turnout but for no choice.
func (w Words) NotCounted(r facilitation.Result) string {
	var parts []string
	if r.Abstained > 0 {
		parts = append(parts, w.T("Abstentions", "Count", r.Abstained))
	}
	if r.Blank > 0 {
		parts = append(parts, w.T("Blanks", "Count", r.Blank))
	}
	return w.T("NotCounted", "What", w.List(parts))
}

// LotLine says which tie waits for lots, and what the lot decides. While
// the poll is open nothing can be drawn yet: it says that the lot decides
// if the tie stands at the close.
func (w Words) LotLine(p *facilitation.Poll, r facilitation.Result) string {
	if !p.Closed {
		return w.T("LotInterim", "Options", w.List(w.OptionList(p, r.Lot)), "NoVote", p.ChairNoVote)
	}
	return w.T("Lot"+LotDecides(p, r), "Options", w.List(w.OptionList(p, r.Lot)), "Count", r.LotPick, "NoVote", p.ChairNoVote)
}

// LotDecides names what a poll's lot decides, for its messages (LotWins,
// DrawnWins, …): who wins, who is elected, who is excluded from the
// count, or a step of an STV count.
func LotDecides(p *facilitation.Poll, r facilitation.Result) string {
	switch {
	case r.STV != nil:
		return "STV"
	case r.LotExcludes:
		return "Excluded"
	case p.Kind == facilitation.Elect && p.Seats == 1: // of one seat, there is no last one
		return "ElectedOne"
	case p.IsElection():
		return "Elected"
	}
	return "Wins"
}

// lotLine says what a lot drawn for p's count did: in an instant-runoff
// count, the one drawn and not elected was the one dropped.
func (v *View) lotLine(p *facilitation.Poll, r facilitation.Result, d facilitation.Draw) string {
	among, picked := v.List(v.OptionList(p, d.Among)), v.List(v.OptionList(p, d.Picked))
	if p.Kind == facilitation.Ranked && p.Method == facilitation.IRV && len(d.Picked) == 1 && !slices.Contains(r.Winners, d.Picked[0]) {
		return v.T("ByLotOut", "Among", among, "Picked", picked)
	}
	return v.T("ByLot", "Among", among, "Picked", picked)
}

// OptionList returns the names of options.
func (w Words) OptionList(p *facilitation.Poll, opts []int) []string {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = w.OptionLabel(p, o)
	}
	return names
}

// RoundLines describes the rounds of an instant-runoff count, leaving
// out the options eliminated in earlier rounds.
func (w Words) RoundLines(p *facilitation.Poll, r facilitation.Result) []string {
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
			line += " · " + w.T("EliminatedLine", "Options", w.List(w.OptionList(p, rd.Eliminated)))
		}
		lines = append(lines, line)
	}
	return lines
}

// SchulzeLines lists the pairwise contests of a Schulze count: for each
// pair, how many prefer each to the other.
func (w Words) SchulzeLines(p *facilitation.Poll, r facilitation.Result) []string {
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

// QuotaLine states an STV count's quota, or "" for other counts.
func (w Words) QuotaLine(p *facilitation.Poll, r facilitation.Result) string {
	if r.STV == nil || len(r.STV.Stages) == 0 {
		return ""
	}
	return w.T("STVQuota", "Quota", w.value(r.STV.Quota), "Count", r.STV.Valid, "Seats", w.T("STVSeats", "Count", p.Seats))
}

// StageLines describes the stages of an STV count: what each did, the
// votes of the candidates still in the count after it, and who was
// elected.
func (w Words) StageLines(p *facilitation.Poll, r facilitation.Result) []string {
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
			what = w.T("STVFirst")
		case count.SurplusTransfer:
			what = w.T("STVSurplus", "Name", p.Options[st.Candidate], "Value", w.value(st.Transferred))
			done[st.Candidate] = true
		case count.Exclusion:
			what = w.T("STVExcluded", "Name", p.Options[st.Candidate])
			done[st.Candidate] = true
		}
		var votes []string
		for i, v := range st.Votes {
			if !done[i] {
				votes = append(votes, p.Options[i]+" "+w.value(v))
			}
		}
		line := what + ": " + strings.Join(votes, ", ")
		if st.NonTransferable > 0 {
			line += " · " + w.T("STVNonTransferable", "Value", w.value(st.NonTransferable))
		}
		if len(st.Elected) > 0 {
			line += " · " + w.T("STVElected", "Names", w.List(w.OptionList(p, st.Elected)))
		}
		lines = append(lines, line)
	}
	return lines
}

// value writes an STV count's value as the language writes numbers: a
// decimal comma in Swedish ("52,02725").
func (w Words) value(v count.Value) string {
	s := v.String()
	if whole, ok := strings.CutSuffix(s, ".00000"); ok {
		return whole
	}
	return strings.ReplaceAll(s, ".", w.T("DecimalSeparator"))
}

// toolPollHint tells how to add a check-out comment or a block's reason.
func (w Words) toolPollHint(p *facilitation.Poll) string {
	switch {
	case p.Purpose == facilitation.Evaluation:
		return w.T("EvaluateHint", "ID", p.ID)
	case p.Kind == facilitation.Consent:
		return w.T("ConsentHint", "ID", p.ID)
	}
	return ""
}

// consentLine says whether a consent check reached consent.
func (w Words) consentLine(p *facilitation.Poll, r facilitation.Result) string {
	switch blocks := r.Counts[facilitation.ConsentBlock]; {
	case p.ConsentReached(r):
		return w.T("ConsentReached", "Agree", r.Counts[0], "Disagree", r.Counts[2])
	case blocks > 0:
		return w.T("ConsentBlocked", "Count", blocks)
	default:
		return w.T("ConsentNoAgree")
	}
}

// OptionLabel is the label of a poll's option i: a yes/no poll's options
// in the language of the text being written, others as they were given.
func (w Words) OptionLabel(p *facilitation.Poll, i int) string {
	if p.Kind == facilitation.YesNo && i < 3 {
		return w.T([]string{"Yes", "No", "Abstain"}[i])
	}
	return p.Options[i]
}

// ChoiceNames names what a ballot chose, or says it is blank.
func (w Words) ChoiceNames(p *facilitation.Poll, b facilitation.Ballot) string {
	if len(b) == 0 {
		return w.T("BlankVote")
	}
	names := make([]string, len(b))
	for i, o := range b {
		names[i] = p.Options[o]
	}
	return strings.Join(names, ", ")
}

// DrawLine tells what a draw decided.
func (w Words) DrawLine(p *facilitation.Poll, d facilitation.Draw, r facilitation.Result) string {
	return w.T("Drawn"+LotDecides(p, r), "Among", w.List(w.OptionList(p, d.Among)), "Picked", w.List(w.OptionList(p, d.Picked)), "Count", len(d.Picked))
}

// recused reports whether who has jäv in p: excluded from it, or recused
// on its item since it was put.
func (v *View) recused(p *facilitation.Poll, who string) bool {
	if slices.Contains(p.Excluded, who) {
		return true
	}
	if m := v.Meeting; m != nil && m.ID == p.MeetingID {
		if it := m.Agenda.Item(p.ItemID); it != nil {
			return slices.Contains(it.Recused, who)
		}
	}
	return false
}

// share writes option i's share of base votes: as Percent, but for the
// bifall of a matter that missed its qualified majority, whose share
// never reads as that majority (PercentMissed).
func (v *View) share(p *facilitation.Poll, r facilitation.Result, i, base int) string {
	switch {
	case base <= 0:
		return v.Percent(0)
	case i == 0 && r.MajorityMissed:
		return v.PercentMissed(r.Counts[i], base, p.Majority)
	}
	return v.Percent(100 * float64(r.Counts[i]) / float64(base))
}
