package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The formal meeting (docs/architecture.md, "The formal meeting"): proposals (yrkanden), the voting
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
	for flag, k := range map[string]facilitation.ProposalKind{"amends": facilitation.Amendment, "adds": facilitation.Addition} {
		v, ok := c.args.Flags[flag]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(v, "#"))
		if err != nil {
			return cmdline.Usagef("%s", c.t("NotANumber", "Word", v))
		}
		if kind != facilitation.MainProposal {
			return cmdline.Usagef("%s", c.t("WrongArgs"))
		}
		kind, amends = k, n
	}
	if hasFlag(c.args.Flags, "formal") {
		if kind != facilitation.MainProposal {
			return cmdline.Usagef("%s", c.t("WrongArgs"))
		}
		kind = facilitation.FormalMotion
	}
	if v := c.m.Voting; v != nil && !v.Done && v.ItemID == c.m.CurrentItemID() {
		return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
	}
	if err := c.mayPropose(false); err != nil {
		return err
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
	if err := c.mayPropose(true); err != nil {
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
	it, _ := c.m.Agenda.Current()
	maj := facilitation.Simple
	if it != nil {
		maj = it.Majority
	}
	v, err := facilitation.NewVoting(c.m.CurrentItemID(), ps, order, 0, maj)
	if err != nil {
		return err
	}
	ps.Closed = true
	if old := c.m.Voting; old != nil && (old.ItemID != v.ItemID || old.Done) {
		c.m.Past = append(c.m.Past, old) // kept for the protokoll
	}
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
	again := v.WindowOpen(c.now) && v.Current().Declared == n
	s, err := v.Declare(n, c.now)
	if err != nil {
		return err
	}
	if again { // the chair ends the window: the finding stands now
		return c.settle()
	}
	c.say(chat.Message{Text: c.view().Finding(s, n) + " " + c.t("DemandWithin", "Window", c.dur(v.Window))})
	if err := c.schedule(TimerVoteWindow, v.WindowEnds(), int64(len(v.Steps))); err != nil {
		return err
	}
	return c.refresh(c.questionKey())
}

// demandWindow gives the question's votering window more time.
func (c *call) demandWindow() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	d, err := cmdline.ParseDuration(c.text(0))
	if err != nil {
		return err
	}
	v, err := c.voting()
	if err != nil {
		return err
	}
	if _, err := v.ExtendWindow(d, c.now); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("WindowExtended", "Window", c.dur(d), "At", c.words().At(v.WindowEnds()))})
	if err := c.schedule(TimerVoteWindow, v.WindowEnds(), int64(len(v.Steps))); err != nil {
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
	secret := hasFlag(c.args.Flags, "secret") || c.m.PollRules.Visibility == facilitation.Secret
	if _, err := v.Demand(c.m.Proposals[v.ItemID], c.req.User, secret, c.now); err != nil {
		return err
	}
	if !v.Counting() { // among three or more: kontrapropositionsvoteringar first
		main := c.view().MainProposal(v)
		c.say(chat.Message{Text: c.t("VoteDemandedMain", "Name", c.name(c.req.User), "N", main)})
		return c.afterStep()
	}
	p, err := c.holdVotering()
	if err != nil {
		return err
	}
	id := "VoteDemanded"
	if p.Visibility == facilitation.Secret {
		id = "VoteDemandedSecret"
	}
	c.say(chat.Message{Text: c.t(id, "Name", c.name(c.req.User), "ID", p.ID)})
	return nil
}

// holdVotering opens the counted poll the current question waits for,
// and posts it.
func (c *call) holdVotering() (*facilitation.Poll, error) {
	v := c.m.Voting
	p, err := c.openVoteringPoll(v.Current())
	if err != nil {
		return nil, err
	}
	if err := v.Held(p.ID); err != nil {
		return nil, err
	}
	c.post(pollKey(p.ID), c.view().PollMessage(c.pollView(p)))
	return p, c.refresh(c.questionKey())
}

// mayVote checks that the caller may demand, and take part in, a counted
// vote: once the meeting has set its voting register, only its members may.
func (c *call) mayVote() error {
	return c.electorate(c.m.CurrentItemID()).Has(c.req.User)
}

// openVoteringPoll opens the counted vote (votering) on a question: a
// single-choice poll between the question's alternatives, in the
// meeting's default visibility, for the voting register once it is set.
// Those who abstain vote blank.
func (c *call) openVoteringPoll(s *facilitation.Step) (*facilitation.Poll, error) {
	spec := facilitation.PollSpec{Kind: facilitation.Single, Visibility: c.m.PollRules.Visibility, Tie: c.m.PollRules.Tie,
		Register: c.m.Register.IsSet(), Question: c.t("VoteringQuestion", "Title", c.m.Agenda.Title(c.m.Voting.ItemID))}
	switch {
	case s.Secret:
		spec.Visibility = facilitation.Secret
	case spec.Visibility == facilitation.Secret || spec.Visibility == "":
		spec.Visibility = facilitation.Open // öppen votering: names recorded
	}
	for _, a := range s.Alternatives {
		spec.Options = append(spec.Options, c.view().Alternative(s, a))
	}
	spec.Majority = s.Majority
	if it := c.m.Agenda.Item(c.m.Voting.ItemID); it != nil {
		spec.Excluded = it.Recused // named on the poll; the electorate keeps them out
	}
	// The votering belongs to the meeting: the chair holds it, and only the
	// chair (or its timer) closes it.
	p, err := facilitation.NewPoll(spec, c.m.Chair, c.now)
	if err != nil {
		return nil, err
	}
	p.Purpose = facilitation.Votering // only the chair closes it (meetingOwns)
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
	if r.Lot != nil || r.NeedCasting != nil {
		if r.NeedCasting != nil {
			c.say(chat.Message{Text: c.t("CastingNeeded", "Chair", c.name(c.m.Chair), "ID", p.ID)})
		}
		return nil // the count waits for the lot (poll draw) or the casting vote (casting N)
	}
	winner := -1
	if len(r.Winners) == 1 {
		winner = r.Winners[0]
	}
	step, err := v.Counted(c.m.Proposals[v.ItemID], facilitation.Count{Counts: r.Counts, Abstained: r.Blank + r.Abstained, Winner: winner, Casting: r.CastingVote})
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.view().CountedLine(&step)})
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
	if err := c.settle(); err != nil {
		return nil // a vote was demanded, or the declaration changed
	}
	return c.tx.PutMeeting(c.m)
}

// settle ends the current question by the chair's finding.
func (c *call) settle() error {
	v := c.m.Voting
	step, err := v.Settle(c.m.Proposals[v.ItemID], c.now)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("SettledLead") + " " + c.view().Finding(&step, slices.Index(step.Alternatives, step.Winner)+1)})
	return c.afterStep()
}

// afterStep puts the next question (holding the huvudvotering at once
// when a votering was demanded), or records the outcome once the voting
// is done: the decision with the ändringsyrkanden carried into it, and
// each tilläggsyrkande carried as its own att-sats.
func (c *call) afterStep() error {
	v := c.m.Voting
	if !v.Done {
		if v.Counting() {
			p, err := c.holdVotering()
			if err != nil {
				return err
			}
			c.say(chat.Message{Text: c.t("MainVotering", "ID", p.ID, "N", v.Current().Alternatives[0], "M", v.Current().Alternatives[1])})
			return nil
		}
		c.post(c.questionKey(), c.view().Question())
		return nil
	}
	ps := c.m.Proposals[v.ItemID]
	it := c.m.Agenda.Item(v.ItemID)
	var texts []string
	var amended []string
	carried := v.Outcome(ps).Carried
	for _, d := range carried {
		if p := ps.List[d.Proposal-1]; p.Kind == facilitation.Amendment {
			amended = append(amended, p.Text)
		}
	}
	for i, d := range carried {
		p := ps.List[d.Proposal-1]
		if p.Kind == facilitation.Amendment {
			continue // carried into the text of what it amends
		}
		text := c.words().Clause(p.Text)
		if d.Rejected {
			text = c.t("ClauseReject", "Text", p.Text)
		}
		if i == 0 && !d.Rejected {
			for _, a := range amended {
				text += c.t("WithAmendment", "Text", a)
			}
		}
		e := facilitation.Entry{Kind: facilitation.Decision, Text: text, By: c.m.Chair, At: c.now, ItemID: v.ItemID}
		if it != nil {
			e.Recused = slices.Clone(it.Recused)
			if d.Step.Majority.Qualified() {
				e.Majority = d.Step.Majority
			}
		}
		if d.Step.Counted() {
			w := slices.Index(d.Step.Alternatives, d.Step.Winner)
			if w < 0 {
				w = 0
			}
			e.Tally = &facilitation.Tally{For: d.Step.Counts[w], Against: d.Step.Counts[1-w], Abstained: d.Step.Abstained}
			e.Poll = d.Step.Poll
		}
		e.Voting = v.Clone() // the protokoll narrates the questions and figures
		if err := c.addEntry(e); err != nil {
			return err
		}
		line := c.t("DecisionNumbered", "N", c.m.EntryNumber(facilitation.Decision), "Text", text)
		if e.Tally != nil {
			line += " " + c.words().Tally(e.Tally)
		}
		if d.Step.Lost {
			line += " " + c.view().MajorityMissed(&d.Step)
		}
		if len(e.Recused) > 0 {
			line += " " + c.t("RecusedLine", "Names", c.words().List(c.names(e.Recused)), "Count", len(e.Recused))
		}
		texts = append(texts, line)
	}
	if len(texts) == 0 {
		texts = append(texts, c.t("NothingDecided"))
	}
	c.say(chat.Message{Header: c.t("VotingDoneHeader"), List: texts, Context: c.t("ReservationHint")})
	return nil
}

// reservation enters the caller's reservation against decision N (the
// latest on the current item by default), with an optional reason. Only
// those on the register who took part may reserve; in an open votering,
// not those who voted for what was carried.
func (c *call) reservation() error {
	n := 0
	if len(c.args.Words) > 0 && !c.args.Words[0].Quoted {
		c.args.Words[0].Text = strings.TrimPrefix(c.args.Words[0].Text, "#")
		if _, err := strconv.Atoi(c.args.Words[0].Text); err == nil {
			var err error
			if n, err = c.number(0); err != nil {
				return err
			}
			c.args.Words = c.args.Words[1:]
		}
	}
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
	e, err := c.m.ReservedDecision(n)
	if err != nil {
		return err
	}
	if err := c.tookPart(e); err != nil {
		return err
	}
	if e, err = c.m.Reserve(c.req.User, n, reason, c.now); err != nil {
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

// tookPart checks that the caller took part in decision e and may enter
// a reservation against it: on the register once it is set, not
// disqualified on the item, a voter in its votering, and, in an open
// one, not for what was carried.
func (c *call) tookPart(e *facilitation.Entry) error {
	notReservable := &facilitation.Error{Code: facilitation.ErrNotReservable}
	if c.m.Register.IsSet() {
		ok, err := c.onRegister(c.m.ID, c.req.User)
		if err != nil {
			return err
		}
		if !ok {
			return notReservable
		}
	}
	if slices.Contains(e.Recused, c.req.User) {
		return notReservable
	}
	if e.Poll == 0 {
		return nil
	}
	p, err := c.tx.Poll(e.Poll)
	if err != nil {
		return fmt.Errorf("load poll %d: %w", e.Poll, err)
	}
	if !p.HasVoted(c.req.User) {
		return notReservable
	}
	if r := p.Results(); p.Visibility == facilitation.Open && len(r.Winners) == 1 && slices.Contains(p.Votes[c.req.User], r.Winners[0]) {
		return &facilitation.Error{Code: facilitation.ErrVotedForIt}
	}
	return nil
}
