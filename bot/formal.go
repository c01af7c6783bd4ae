package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The formal meeting (DESIGN §3.2): proposals (yrkanden), the voting
// order (propositionsordning), declarations, demanded votes (votering)
// and reservations.

// proposalsKey is the stable key of the current item's proposal list.
func (c *call) proposalsKey() string { return "proposals/" + c.m.ID }

// questionKey is the stable key of the question being put.
func (c *call) questionKey() string { return "question/" + c.m.ID }

func (c *call) propose() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	kind, amends := facilitation.MainProposal, 0
	if v, ok := c.args.Flags["amends"]; ok {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "#"))
		if err != nil {
			return usageErr("%s", c.t("NotANumber", "Word", v))
		}
		kind, amends = facilitation.Amendment, n
	}
	if hasFlag(c.args.Flags, "formal") {
		if kind == facilitation.Amendment {
			return usageErr("%s", c.t("WrongArgs"))
		}
		kind = facilitation.FormalMotion
	}
	if v := c.m.Voting; v != nil && !v.Done && v.ItemID == c.m.CurrentItemID() {
		return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
	}
	ps := c.m.ItemProposals()
	p, err := ps.Propose(kind, c.text(0), amends, c.req.User, c.now)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Proposed"+string(p.Kind), "N", p.N, "Name", c.name(p.By), "Text", p.Text, "Amends", p.Amends)})
	return c.refresh(c.proposalsKey())
}

// proposalNumber reads the one word of a command as a proposal number.
func (c *call) proposalNumber() (int, error) {
	if err := c.want(1, 1); err != nil {
		return 0, err
	}
	c.args.Words[0].Text = strings.TrimPrefix(c.args.Words[0].Text, "#")
	return c.number(0)
}

func (c *call) support() error {
	n, err := c.proposalNumber()
	if err != nil {
		return err
	}
	p, err := c.m.ItemProposals().Support(n, c.req.User)
	if err != nil {
		return err
	}
	c.tell(chat.Message{Text: c.t("Supported", "N", p.N, "Text", p.Text)})
	return c.refresh(c.proposalsKey())
}

func (c *call) withdraw() error {
	n, err := c.proposalNumber()
	if err != nil {
		return err
	}
	if v := c.m.Voting; v != nil && !v.Done && v.ItemID == c.m.CurrentItemID() {
		return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
	}
	p, err := c.m.ItemProposals().Withdraw(n, c.req.User)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Withdrawn", "N", p.N, "Name", c.name(p.By), "Text", p.Text)})
	return c.refresh(c.proposalsKey())
}

func (c *call) showProposals() error {
	c.post(c.proposalsKey(), c.proposalsMessage())
	return nil
}

func (c *call) proposalsClose() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.m.ItemProposals().Close(); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("ProposalsClosed", "Count", len(c.m.ItemProposals().Live()))})
	return c.refresh(c.proposalsKey())
}

// proposalLine describes one proposal: kind, text, proposer, supporters.
func (c *call) proposalLine(p facilitation.Proposal) string {
	line := c.t("ProposalLine"+string(p.Kind), "Text", p.Text, "Name", c.name(p.By), "Amends", p.Amends)
	if len(p.Supporters) > 0 {
		line += " · " + c.t("SupportedBy", "Names", c.list(c.names(p.Supporters)))
	}
	if p.Withdrawn {
		line += " · " + c.t("WithdrawnMark") // in words: Teams and terminals have no strikethrough
	}
	return line
}

// proposalsMessage lists the current item's proposals.
func (c *call) proposalsMessage() chat.Message {
	ps := c.m.ItemProposals()
	title := c.m.Title
	if it, _ := c.m.Agenda.Current(); it != nil {
		title = it.Title
	}
	msg := chat.Message{Header: c.t("ProposalsHeader", "Title", title)}
	for _, p := range ps.List {
		msg.List = append(msg.List, c.proposalLine(p))
	}
	if len(ps.List) == 0 {
		msg.Text = c.t("NoProposalsYet")
	}
	if ps.Closed {
		msg.Context = c.t("ProposalsListClosed")
	} else {
		msg.Context = c.t("ProposalsHint")
	}
	return msg
}

func (c *call) proposition() error {
	var order []int
	for i := range c.args.Words {
		c.args.Words[i].Text = strings.TrimPrefix(c.args.Words[i].Text, "#")
		n, err := c.number(i)
		if err != nil {
			return err
		}
		order = append(order, n)
	}
	if v := c.m.Voting; v != nil && !v.Done && v.ItemID == c.m.CurrentItemID() {
		if s := v.Current(); len(v.Steps) > 1 || s != nil && s.Declared > 0 {
			return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
		}
	}
	ps := c.m.ItemProposals()
	v, err := facilitation.NewVoting(c.m.CurrentItemID(), ps, order, 0)
	if err != nil {
		return err
	}
	ps.Closed = true
	c.m.Voting = v
	msg := chat.Message{Header: c.t("OrderHeader"), List: c.orderLines(ps, v.Order), Context: c.t("OrderHint")}
	c.say(msg)
	c.post(c.questionKey(), c.questionMessage())
	return c.refresh(c.proposalsKey())
}

// orderLines describes a voting order in words.
func (c *call) orderLines(ps *facilitation.Proposals, order []int) []string {
	var lines, mains []string
	for _, n := range order {
		p := ps.List[n-1]
		switch p.Kind {
		case facilitation.FormalMotion:
			lines = append(lines, c.t("OrderFormal", "N", n))
		case facilitation.Amendment:
			lines = append(lines, c.t("OrderAmendment", "N", n, "Amends", p.Amends))
		default:
			mains = append(mains, strconv.Itoa(n))
		}
	}
	switch len(mains) {
	case 0:
	case 1:
		lines = append(lines, c.t("OrderLone", "N", mains[0]))
	case 2:
		lines = append(lines, c.t("OrderTwo", "N", mains[0], "M", mains[1]))
	default:
		lines = append(lines, c.t("OrderCounter", "Others", c.list(mains[1:])), c.t("OrderMain", "N", mains[0]))
	}
	return lines
}

// alternative names one alternative of a step.
func (c *call) alternative(s *facilitation.Step, a int) string {
	ps := c.m.Proposals[c.m.Voting.ItemID]
	if a != facilitation.Reject {
		return c.t("AltProposal", "N", a, "Text", ps.List[a-1].Text)
	}
	switch s.Kind {
	case facilitation.StepFormal:
		return c.t("AltToday")
	case facilitation.StepAmendment:
		return c.t("AltKeep", "N", ps.List[s.Alternatives[0]-1].Amends)
	}
	return c.t("AltReject")
}

// questionMessage puts the current question of the voting.
func (c *call) questionMessage() chat.Message {
	v := c.m.Voting
	s := v.Current()
	if s == nil {
		return chat.Message{Header: c.t("QuestionHeader"), Text: c.t("VotingDone")}
	}
	msg := chat.Message{Header: c.t("QuestionHeader"), Text: c.t("Question"+string(s.Kind), "N", s.Alternatives[0], "Main", c.mainProposal(v))}
	for _, a := range s.Alternatives {
		msg.List = append(msg.List, c.t("WhoSupports", "Alt", c.alternative(s, a)))
	}
	switch {
	case s.Poll != 0:
		msg.Context = c.t("QuestionCounting", "ID", s.Poll)
	case s.Declared > 0:
		msg.Context = c.t("QuestionDeclared", "N", s.Declared, "Until", s.DeclaredAt.Add(v.Window).Format("15:04:05"))
		if v.WindowOpen(c.now) {
			msg.Buttons = []chat.Button{{Label: c.t("ButtonDemandVote"), Action: chat.ActionDemandVote, Style: chat.Primary}}
		}
	default:
		msg.Context = c.t("QuestionHint", "Window", c.dur(v.Window))
	}
	return msg
}

// mainProposal is the number of the main proposal (huvudförslag): the
// first main proposal of the order.
func (c *call) mainProposal(v *facilitation.Voting) int {
	ps := c.m.Proposals[v.ItemID]
	for _, n := range v.Order {
		if ps.List[n-1].Kind == facilitation.MainProposal {
			return n
		}
	}
	return 0
}

// voting returns the voting under way on the current item, or a refusal.
func (c *call) voting() (*facilitation.Voting, error) {
	v := c.m.Voting
	if v == nil || v.Done || v.ItemID != c.m.CurrentItemID() {
		return nil, &facilitation.Error{Code: facilitation.ErrNoQuestion}
	}
	return v, nil
}

func (c *call) declare() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	v, err := c.voting()
	if err != nil {
		return err
	}
	s, err := v.Declare(n, c.now)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Declared", "Alt", c.alternative(s, s.Alternatives[n-1]), "Window", c.dur(v.Window))})
	if err := c.schedule(TimerVoteWindow, s.DeclaredAt.Add(v.Window), int64(len(v.Steps))); err != nil {
		return err
	}
	return c.refresh(c.questionKey())
}

func (c *call) demandVote() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	v, err := c.voting()
	if err != nil {
		return err
	}
	if err := c.mayVote(); err != nil {
		return err
	}
	s := v.Current()
	if s.Declared == 0 {
		return &facilitation.Error{Code: facilitation.ErrNotDeclared}
	}
	if s.Poll != 0 {
		return &facilitation.Error{Code: facilitation.ErrVoteDemanded}
	}
	if !v.WindowOpen(c.now) {
		return &facilitation.Error{Code: facilitation.ErrWindowClosed, Data: map[string]any{"Window": v.Window}}
	}
	p, err := c.openVoteringPoll(s)
	if err != nil {
		return err
	}
	if _, err := v.Demand(p.ID, c.now); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("VoteDemanded", "Name", c.name(c.req.User), "ID", p.ID)})
	c.post(pollKey(p.ID), c.pollMessage(p))
	return c.refresh(c.questionKey())
}

// mayVote checks that the caller may demand, and take part in, a counted
// vote: once the meeting has set its voting register, only its members may.
func (c *call) mayVote() error {
	if !c.m.Register.IsSet() {
		return nil
	}
	ok, err := c.onRegister(c.m.ID, c.req.User)
	if err != nil {
		return err
	}
	if !ok {
		return &facilitation.Error{Code: facilitation.ErrNotOnRegister}
	}
	return nil
}

// openVoteringPoll opens the counted vote (votering) on a question: a
// single-choice poll between the question's alternatives, in the
// meeting's default visibility, for the voting register once it is set.
// Those who abstain vote blank.
func (c *call) openVoteringPoll(s *facilitation.Step) (*facilitation.Poll, error) {
	spec := facilitation.PollSpec{Kind: facilitation.Single, Visibility: c.m.PollRules.Visibility, Tie: c.m.PollRules.Tie,
		Register: c.m.Register.IsSet(), Question: c.t("VoteringQuestion", "Title", itemTitle(c.m, c.m.Voting.ItemID))}
	for _, a := range s.Alternatives {
		spec.Options = append(spec.Options, c.alternative(s, a))
	}
	p, err := facilitation.NewPoll(spec, c.req.User, c.now)
	if err != nil {
		return nil, err
	}
	return p, c.addPoll(p, c.m.Voting.ItemID)
}

// voteringClosed settles the question whose counted vote p was, when p
// closes: its result replaces the chair's declaration. The meeting is
// saved here, as closing a poll does not otherwise change it.
func (c *call) voteringClosed(p *facilitation.Poll) error {
	v := c.m.Voting
	if v == nil || v.Done {
		return nil
	}
	s := v.Current()
	if s == nil || s.Poll != p.ID {
		return nil
	}
	r := p.Results()
	if r.Lot != nil {
		return nil // the count waits for the lot; poll draw settles it
	}
	winner := -1
	if len(r.Winners) == 1 {
		winner = r.Winners[0]
	}
	step, err := v.Counted(c.m.Proposals[v.ItemID], r.Counts, r.Blank+r.Abstained, winner)
	if err != nil {
		return err
	}
	var counts []string
	for i, a := range step.Alternatives {
		counts = append(counts, c.t("AltCount", "Alt", c.alternative(&step, a), "Count", step.Counts[i]))
	}
	c.say(chat.Message{Text: c.t("Counted", "Alt", c.alternative(&step, step.Winner), "Counts", c.list(counts), "Count", step.Abstained)})
	if err := c.afterStep(); err != nil {
		return err
	}
	if err := c.tx.PutMeeting(c.m); err != nil {
		return fmt.Errorf("save meeting %s: %w", c.m.ID, err)
	}
	return nil
}

// fireVoteWindow settles a declared question once the window for
// demanding a vote has passed.
func (c *call) fireVoteWindow(t Timer) error {
	v := c.m.Voting
	if v == nil || v.Done || int64(len(v.Steps)) != t.Ref {
		return nil
	}
	step, err := v.Settle(c.m.Proposals[v.ItemID], c.now)
	if err != nil {
		return nil // a vote was demanded, or the declaration changed
	}
	c.say(chat.Message{Text: c.t("Settled", "Alt", c.alternative(&step, step.Winner))})
	if err := c.afterStep(); err != nil {
		return err
	}
	return c.tx.PutMeeting(c.m)
}

// afterStep puts the next question, or records the outcome once the
// voting is done.
func (c *call) afterStep() error {
	v := c.m.Voting
	if !v.Done {
		c.post(c.questionKey(), c.questionMessage())
		return nil
	}
	ps := c.m.Proposals[v.ItemID]
	var texts []string
	carried := v.Outcome(ps).Carried
	if len(carried) > 0 {
		carried = carried[:1] // the amendments carried go into its text
	}
	for _, d := range carried {
		text := c.clause(ps.List[d.Proposal-1].Text)
		if d.Rejected {
			text = c.t("ClauseReject", "Text", ps.List[d.Proposal-1].Text)
		}
		for _, a := range v.Outcome(ps).Carried[1:] {
			text += c.t("WithAmendment", "Text", ps.List[a.Proposal-1].Text)
		}
		e := facilitation.Entry{Kind: facilitation.Decision, Text: text, By: c.m.Chair, At: c.now}
		if d.Step.Counted() {
			i := 0
			for j, a := range d.Step.Alternatives {
				if a == d.Step.Winner {
					i = j
				}
			}
			e.Tally = &facilitation.Tally{For: d.Step.Counts[i], Against: d.Step.Counts[1-i], Abstained: d.Step.Abstained}
		}
		e.ItemID = v.ItemID
		if err := c.addEntry(e); err != nil {
			return err
		}
		line := c.t("DecisionNumbered", "N", c.m.EntryNumber(facilitation.Decision), "Text", text)
		if e.Tally != nil {
			line += " " + c.tally(e.Tally)
		}
		texts = append(texts, line)
	}
	if len(texts) == 0 {
		texts = append(texts, c.t("NothingDecided"))
	}
	c.say(chat.Message{Header: c.t("VotingDoneHeader"), List: texts, Context: c.t("ReservationHint")})
	return nil
}

// tally writes the figures of a counted vote.
func (c *call) tally(t *facilitation.Tally) string {
	return c.t("TallyLine", "For", t.For, "Against", t.Against, "Abstained", t.Abstained)
}

func (c *call) reservation() error {
	if err := c.want(0, 1); err != nil {
		return err
	}
	reason := ""
	if len(c.args.Words) == 1 {
		reason = c.text(0)
	}
	if err := c.loadEntries(); err != nil {
		return err
	}
	e, err := c.m.Reserve(c.req.User, reason, c.now)
	if err != nil {
		return err
	}
	if err := c.saveEntry(e); err != nil {
		return err
	}
	text := c.t("Reserved", "Name", c.name(c.req.User), "Text", e.Text)
	if reason != "" {
		text += " " + c.t("ReservedWhy", "Reason", reason)
	}
	c.say(chat.Message{Text: text})
	return nil
}
