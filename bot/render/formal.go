package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// ProposalLine describes one proposal: kind, text, proposer, supporters.
func (v *View) ProposalLine(p facilitation.Proposal) string {
	line := v.T("ProposalLine"+string(p.Kind), "Text", p.Text, "Name", v.Name(p.By), "Amends", p.Amends)
	if len(p.Supporters) > 0 {
		line += " · " + v.T("SupportedBy", "Names", v.List(v.NameAll(p.Supporters)))
	}
	if p.Withdrawn {
		line += " · " + v.T("WithdrawnMark") // in words: Teams and terminals have no strikethrough
	}
	return line
}

// Proposals lists the current item's proposals.
func (v *View) Proposals() chat.Message {
	ps := v.Meeting.ItemProposals()
	msg := chat.Message{Header: v.T("ProposalsHeader", "Title", v.itemTitle())}
	for _, p := range ps.List {
		line := v.ProposalLine(p)
		if p.N <= ps.Settled { // an earlier question's, on the same item
			line += " · " + v.T("DecidedMark")
		}
		msg.List = append(msg.List, line)
	}
	if len(ps.List) == 0 {
		msg.Text = v.T("NoProposalsYet")
	}
	if ps.Closed {
		msg.Context = v.T("ProposalsListClosed")
	} else {
		msg.Context = v.T("ProposalsHint")
	}
	return msg
}

// OrderLines describes a voting order in words: ordningsyrkanden,
// ändringsyrkanden, one proposition on the main alternatives, and the
// tilläggsyrkanden last.
func (w Words) OrderLines(ps *facilitation.Proposals, order []int) []string {
	var lines, mains, additions []string
	told := map[int]bool{} // the wordings whose ändringsyrkanden are told
	for _, n := range order {
		p := ps.List[n-1]
		switch p.Kind {
		case facilitation.FormalMotion:
			lines = append(lines, w.T("OrderFormal", "N", n))
		case facilitation.Amendment:
			if told[p.Amends] {
				continue
			}
			told[p.Amends] = true
			var rivals []string
			for _, m := range order {
				if q := ps.List[m-1]; q.Kind == facilitation.Amendment && q.Amends == p.Amends {
					rivals = append(rivals, strconv.Itoa(m))
				}
			}
			if len(rivals) > 1 {
				lines = append(lines, w.T("OrderAmendments", "Ns", w.List(rivals), "Amends", p.Amends))
				continue
			}
			lines = append(lines, w.T("OrderAmendment", "N", n, "Amends", p.Amends))
		case facilitation.Addition:
			additions = append(additions, w.T("OrderAddition", "N", n, "Adds", p.Amends))
		default:
			mains = append(mains, strconv.Itoa(n))
		}
	}
	switch len(mains) {
	case 0:
	case 1:
		lines = append(lines, w.T("OrderLone", "N", mains[0]))
	case 2:
		lines = append(lines, w.T("OrderTwo", "N", mains[0], "M", mains[1]))
	default:
		lines = append(lines, w.T("OrderProposition", "Ns", w.List(mains)))
	}
	return append(lines, additions...)
}

// Alternative names one alternative of a step, a proposal in the wording
// put: as amended, once an ändringsyrkande to it was carried.
func (v *View) Alternative(s *facilitation.Step, a int) string {
	vt := v.Meeting.Voting
	ps := v.Meeting.Proposals[vt.ItemID]
	if m := vt.Amended(ps, a); a != facilitation.Reject && m > 0 { // put as amended
		return v.T("AltAmended", "N", a, "By", m, "Text", strings.TrimRight(ps.List[m-1].Text, ".;"))
	}
	if a != facilitation.Reject {
		return v.T("AltProposal", "N", a, "Text", strings.TrimRight(ps.List[a-1].Text, ".;"))
	}
	switch s.Kind {
	case facilitation.StepFormal:
		return v.T("AltToday")
	case facilitation.StepAmendment:
		return v.T("AltKeep", "N", ps.List[s.Alternatives[0]-1].Amends)
	}
	return v.T("AltReject")
}

// AlternativeKey is what one types for alternative a of a question (a
// proposal's number, or the word for avslag), and the number its line shows.
func (w Words) AlternativeKey(a int) string {
	if a == facilitation.Reject {
		return w.T("RejectWord")
	}
	return strconv.Itoa(a)
}

// ShortAlternative names alternative a of a question in short: "yrkande
// 2", "avslag".
func (w Words) ShortAlternative(a int) string {
	if a == facilitation.Reject {
		return w.T("AltRejectShort")
	}
	return w.T("AltProposalShort", "N", a)
}

// whoSays is the line of a proposition that names one alternative: "Den
// som bifaller yrkande 1 … säger ja." or "Den som avslår yrkande 1 säger ja."
func (v *View) whoSays(s *facilitation.Step, a int) string {
	switch {
	case a != facilitation.Reject:
		return v.T("WhoSupports", "Alt", v.Alternative(s, a))
	case s.Kind == facilitation.StepAmendment:
		ps := v.Meeting.Proposals[v.Meeting.Voting.ItemID]
		n := ps.List[s.Alternatives[0]-1].Amends
		return v.T("WhoKeeps", "N", n, "Text", strings.TrimRight(ps.List[n-1].Text, ".;"))
	}
	return v.T("WhoRejects", "N", s.Alternatives[0])
}

// Finding is the chair's finding that alternative n (from 1) of s has the
// meeting's support: "Ordföranden finner att mötet bifallit yrkande 2."
// In a kontrapropositionsvotering nothing is decided yet: the meeting
// chooses the motförslag.
func (v *View) Finding(s *facilitation.Step, n int) string {
	a := s.Alternatives[n-1]
	switch {
	case s.Kind == facilitation.StepCounter:
		return v.T("FindsCounter", "Alt", v.Alternative(s, a))
	case v.choosing(s):
		return v.T("FindsChosen", "Alt", v.Alternative(s, a))
	case a != facilitation.Reject:
		return v.T("FindsFor", "Alt", v.Alternative(s, a))
	case s.Kind == facilitation.StepFormal:
		return v.T("FindsAgainstFormal", "N", s.Alternatives[0])
	case s.Kind == facilitation.StepAmendment:
		return v.T("FindsKeep", "N", s.Alternatives[0])
	}
	return v.T("FindsAgainst", "N", s.Alternatives[0])
}

// CountedLine says what a votering counted and decided: "Mötet har
// bifallit yrkande 2 med 146 röster mot 98; 22 avstod." A
// kontrapropositionsvotering only chooses the motförslag.
func (v *View) CountedLine(s *facilitation.Step) string {
	w := max(slices.Index(s.Alternatives, s.Winner), 0)
	loser := s.Alternatives[1-w]
	data := []any{"Count", s.Counts[w], "For", s.Counts[w], "Against", s.Counts[1-w], "Abstained", s.Abstained, "N", s.Alternatives[0], "M", loser}
	var line string
	switch {
	case s.Counts[0]+s.Counts[1]+s.Abstained == 0: // a votering nobody voted in: the finding stands
		return v.T("CountedNobody", "Alt", v.Alternative(s, s.Winner), "Rejected", s.Winner == facilitation.Reject, "N", s.Alternatives[0])
	case s.Lost:
		return v.MajorityMissed(s)
	case s.Kind == facilitation.StepCounter:
		line = v.T("CountedCounter", append(data, "Alt", v.Alternative(s, s.Winner))...)
	case v.choosing(s):
		line = v.T("CountedChosen", append(data, "Alt", v.Alternative(s, s.Winner))...)
	case s.Winner == facilitation.Reject && s.Kind == facilitation.StepFormal:
		line = v.T("CountedAgainstFormal", data...)
	case s.Winner == facilitation.Reject && s.Kind == facilitation.StepAmendment:
		line = v.T("CountedKeep", data...)
	case s.Winner == facilitation.Reject:
		line = v.T("CountedAgainst", data...)
	default:
		line = v.T("CountedFor", append(data, "Alt", v.Alternative(s, s.Winner))...)
	}
	switch {
	case s.Casting:
		line += " " + v.T("CastingDecided")
	case s.Lot:
		line += " " + v.T("LotDecided")
	}
	return line
}

// choosing reports whether s only chooses among rival main proposals:
// where the matter needs a qualified majority, the one chosen is then
// put against avslag, and nothing is decided yet.
func (v *View) choosing(s *facilitation.Step) bool {
	vt := v.Meeting.Voting
	return vt != nil && vt.Majority.Qualified() && (s.Kind == facilitation.StepProposition || s.Kind == facilitation.StepMain) &&
		!slices.Contains(s.Alternatives, facilitation.Reject)
}

// majorityName names a majority as a phrase: "två tredjedelars
// majoritet", "an absolute majority".
func (w Words) majorityName(m facilitation.Majority) string {
	return w.T("Majority" + strings.ReplaceAll(string(m), "/", "of"))
}

// MajorityMissed says that a bifall missed the majority it needed, with
// the figures.
func (v *View) MajorityMissed(s *facilitation.Step) string {
	yes, no := s.Counts[0], s.Counts[1]
	return v.T("MajorityMissed", "Count", yes, "Yes", yes, "No", no, "Percent", v.PercentMissed(yes, yes+no, s.Majority),
		"Majority", v.majorityName(s.Majority))
}

// Question puts the current question of the voting: one proposition on
// its alternatives.
func (v *View) Question() chat.Message {
	vt := v.Meeting.Voting
	s := vt.Current()
	if s == nil {
		return chat.Message{Header: v.T("QuestionHeader"), Text: v.T("VotingDone")}
	}
	kind := string(s.Kind)
	first := v.Meeting.Proposals[vt.ItemID].List[s.Alternatives[0]-1]
	switch {
	case s.Kind == facilitation.StepProposition && slices.Contains(s.Alternatives, facilitation.Reject):
		kind += "Lone"
	case s.Kind == facilitation.StepCounter && first.Kind == facilitation.Amendment:
		kind += "Amendments" // two changes of one wording: the one chosen is put against it
	}
	msg := chat.Message{Header: v.T("QuestionHeader"), Text: v.T("Question"+kind, "N", s.Alternatives[0], "M", s.Alternatives[1],
		"Main", v.MainProposal(vt), "Adds", first.Amends)}
	for _, a := range s.Alternatives { // numbered as they are typed: finner 3, finner avslag
		msg.List = append(msg.List, v.whoSays(s, a))
		msg.Numbers = append(msg.Numbers, v.AlternativeKey(a))
	}
	if s.Majority.Qualified() {
		msg.Text += " " + v.T("QuestionMajority", "Majority", v.majorityName(s.Majority))
	}
	switch {
	case s.Poll != 0:
		msg.Context = v.T("QuestionCounting", "ID", s.Poll)
	case s.Declared > 0:
		msg.Context = v.T("QuestionDeclared", "Alt", v.ShortAlternative(s.Alternatives[s.Declared-1]), "Until", v.Deadline(vt.WindowEnds(), vt.Window))
		if vt.WindowOpen(v.Now) {
			msg.Buttons = []chat.Button{{Label: v.T("ButtonDemandVote"), Action: chat.ActionDemandVote, Style: chat.Primary}}
		}
	default:
		msg.Context = v.T("QuestionHint", "Window", v.Dur(vt.Window), "Reject", slices.Contains(s.Alternatives, facilitation.Reject))
	}
	return msg
}

// MainProposal is the huvudförslag: the alternative the chair found on the
// main question when a votering was demanded among three or more, or else
// the first main proposal of the order.
func (v *View) MainProposal(vt *facilitation.Voting) int {
	for _, s := range vt.Steps {
		if s.Kind == facilitation.StepProposition && s.Demanded && s.Declared > 0 {
			return s.Alternatives[s.Declared-1]
		}
	}
	ps := v.Meeting.Proposals[vt.ItemID]
	for _, n := range vt.Order {
		if ps.List[n-1].Kind == facilitation.MainProposal {
			return n
		}
	}
	return 0
}

// StepTally writes the figures of a counted question, each saying what it
// is for: the votes for the proposal and against it when it was put
// against avslag, whichever carried, or the votes for each proposal,
// the carried one first, when two were put against each other.
func (w Words) StepTally(s *facilitation.Step) string {
	if s.Alternatives[1] == facilitation.Reject {
		return w.T("TallyForProposal", "Count", s.Counts[0], "Against", s.Counts[1], "Abstained", s.Abstained)
	}
	win := max(slices.Index(s.Alternatives, s.Winner), 0)
	return w.T("TallyProposals", "Count", s.Counts[win], "N", s.Alternatives[win],
		"Other", s.Counts[1-win], "M", s.Alternatives[1-win], "Abstained", s.Abstained)
}

// Tally writes the figures of a counted vote.
func (w Words) Tally(t *facilitation.Tally) string {
	return w.T("TallyLine", "Count", t.For, "For", t.For, "Against", t.Against, "Abstained", t.Abstained)
}

// RegisterState says whether check-in is open or the register set, and
// its count.
func (v *View) RegisterState() string {
	r := &v.Meeting.Register
	switch {
	case r.IsSet() && len(r.Changes) > 0: // the count it was set at, and the count now
		return v.T("RegisterIsSet", "Count", r.SetCount(), "At", v.Clock(r.Set)) + " " + v.T("RegisterAdjustedSince", "Count", len(r.Changes), "Now", r.Count)
	case r.IsSet():
		return v.T("RegisterIsSet", "Count", r.Count, "At", v.Clock(r.Set))
	case r.IsOpen():
		return v.T("RegisterIsOpen", "Count", r.Count)
	default:
		return v.T("RegisterNotOpened", "Count", r.Count)
	}
}

// Register is the check-in message, with its Here button while
// check-in is open.
func (v *View) Register() chat.Message {
	msg := chat.Message{Header: v.T("RegisterHeader"), Text: v.RegisterState()}
	if v.Meeting.Running() && v.Meeting.Register.IsOpen() {
		msg.Text += "\n" + v.T("RegisterHowTo")
		msg.Buttons = []chat.Button{{Label: v.T("ButtonHere"), Action: chat.ActionHere, Style: chat.Primary}}
	}
	return msg
}
