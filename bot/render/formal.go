package render

import (
	"strconv"

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
		msg.List = append(msg.List, v.ProposalLine(p))
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

// OrderLines describes a voting order in words.
func (w Words) OrderLines(ps *facilitation.Proposals, order []int) []string {
	var lines, mains []string
	for _, n := range order {
		p := ps.List[n-1]
		switch p.Kind {
		case facilitation.FormalMotion:
			lines = append(lines, w.T("OrderFormal", "N", n))
		case facilitation.Amendment:
			lines = append(lines, w.T("OrderAmendment", "N", n, "Amends", p.Amends))
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
		lines = append(lines, w.T("OrderCounter", "Others", w.List(mains[1:])), w.T("OrderMain", "N", mains[0]))
	}
	return lines
}

// Alternative names one alternative of a step.
func (v *View) Alternative(s *facilitation.Step, a int) string {
	ps := v.Meeting.Proposals[v.Meeting.Voting.ItemID]
	if a != facilitation.Reject {
		return v.T("AltProposal", "N", a, "Text", ps.List[a-1].Text)
	}
	switch s.Kind {
	case facilitation.StepFormal:
		return v.T("AltToday")
	case facilitation.StepAmendment:
		return v.T("AltKeep", "N", ps.List[s.Alternatives[0]-1].Amends)
	}
	return v.T("AltReject")
}

// Question puts the current question of the voting.
func (v *View) Question() chat.Message {
	vt := v.Meeting.Voting
	s := vt.Current()
	if s == nil {
		return chat.Message{Header: v.T("QuestionHeader"), Text: v.T("VotingDone")}
	}
	msg := chat.Message{Header: v.T("QuestionHeader"), Text: v.T("Question"+string(s.Kind), "N", s.Alternatives[0], "Main", v.MainProposal(vt))}
	for _, a := range s.Alternatives {
		msg.List = append(msg.List, v.T("WhoSupports", "Alt", v.Alternative(s, a)))
	}
	switch {
	case s.Poll != 0:
		msg.Context = v.T("QuestionCounting", "ID", s.Poll)
	case s.Declared > 0:
		msg.Context = v.T("QuestionDeclared", "N", s.Declared, "Until", s.DeclaredAt.Add(vt.Window).Format("15:04:05"))
		if vt.WindowOpen(v.Now) {
			msg.Buttons = []chat.Button{{Label: v.T("ButtonDemandVote"), Action: chat.ActionDemandVote, Style: chat.Primary}}
		}
	default:
		msg.Context = v.T("QuestionHint", "Window", v.Dur(vt.Window))
	}
	return msg
}

// MainProposal is the number of the main proposal (huvudförslag): the
// first main proposal of the order.
func (v *View) MainProposal(vt *facilitation.Voting) int {
	ps := v.Meeting.Proposals[vt.ItemID]
	for _, n := range vt.Order {
		if ps.List[n-1].Kind == facilitation.MainProposal {
			return n
		}
	}
	return 0
}

// Tally writes the figures of a counted vote.
func (w Words) Tally(t *facilitation.Tally) string {
	return w.T("TallyLine", "For", t.For, "Against", t.Against, "Abstained", t.Abstained)
}

// RegisterState says whether check-in is open or the register set, and
// its count.
func (v *View) RegisterState() string {
	r := &v.Meeting.Register
	switch {
	case r.IsSet():
		return v.T("RegisterIsSet", "Count", r.Count, "At", r.Set.Format("15:04"))
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
