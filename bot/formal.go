package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
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
			return cmdline.Usagef("%s", c.t("NotANumber", "Word", v))
		}
		kind, amends = facilitation.Amendment, n
	}
	if hasFlag(c.args.Flags, "formal") {
		if kind == facilitation.Amendment {
			return cmdline.Usagef("%s", c.t("WrongArgs"))
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
	c.post(c.proposalsKey(), c.view().Proposals())
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
	msg := chat.Message{Header: c.t("OrderHeader"), List: c.words().OrderLines(ps, v.Order), Context: c.t("OrderHint")}
	c.say(msg)
	c.post(c.questionKey(), c.view().Question())
	return c.refresh(c.proposalsKey())
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
	c.say(chat.Message{Text: c.t("Declared", "Alt", c.view().Alternative(s, s.Alternatives[n-1]), "Window", c.dur(v.Window))})
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
	c.post(pollKey(p.ID), c.view().PollMessage(c.pollView(p)))
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
		Register: c.m.Register.IsSet(), Question: c.t("VoteringQuestion", "Title", c.m.Agenda.Title(c.m.Voting.ItemID))}
	for _, a := range s.Alternatives {
		spec.Options = append(spec.Options, c.view().Alternative(s, a))
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
		counts = append(counts, c.t("AltCount", "Alt", c.view().Alternative(&step, a), "Count", step.Counts[i]))
	}
	c.say(chat.Message{Text: c.t("Counted", "Alt", c.view().Alternative(&step, step.Winner), "Counts", c.words().List(counts), "Count", step.Abstained)})
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
	c.say(chat.Message{Text: c.t("Settled", "Alt", c.view().Alternative(&step, step.Winner))})
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
		c.post(c.questionKey(), c.view().Question())
		return nil
	}
	ps := c.m.Proposals[v.ItemID]
	var texts []string
	carried := v.Outcome(ps).Carried
	if len(carried) > 0 {
		carried = carried[:1] // the amendments carried go into its text
	}
	for _, d := range carried {
		text := c.words().Clause(ps.List[d.Proposal-1].Text)
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
		e.Voting = v.Clone() // the protokoll narrates the questions and figures
		if err := c.addEntry(e); err != nil {
			return err
		}
		line := c.t("DecisionNumbered", "N", c.m.EntryNumber(facilitation.Decision), "Text", text)
		if e.Tally != nil {
			line += " " + c.words().Tally(e.Tally)
		}
		texts = append(texts, line)
	}
	if len(texts) == 0 {
		texts = append(texts, c.t("NothingDecided"))
	}
	c.say(chat.Message{Header: c.t("VotingDoneHeader"), List: texts, Context: c.t("ReservationHint")})
	return nil
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
