package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The formal meeting (docs/architecture.md, "The formal meeting"): proposals (yrkanden), the voting
// order (propositionsordning), declarations, demanded votes (votering)
// and reservations.

func propose(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	kind, amends := facilitation.MainProposal, 0
	for flag, k := range map[string]facilitation.ProposalKind{"amends": facilitation.Amendment, "adds": facilitation.Addition} {
		v, ok := a.Flags[flag]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(v, "#"))
		if err != nil {
			return cmdline.Usagef("%s", u.t("NotANumber", "Word", v))
		}
		if kind != facilitation.MainProposal {
			return cmdline.Usagef("%s", u.t("WrongArgs"))
		}
		kind, amends = k, n
	}
	if hasFlag(a.Flags, "formal") {
		if kind != facilitation.MainProposal {
			return cmdline.Usagef("%s", u.t("WrongArgs"))
		}
		kind = facilitation.FormalMotion
	}
	if err := notAdjourned(u); err != nil { // the first reason a proposal waits
		return err
	}
	if v := u.m.Voting; v != nil && !v.Done && v.ItemID == u.m.CurrentItemID() {
		return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
	}
	if err := mayPropose(u, false); err != nil {
		return err
	}
	ps := u.m.ItemProposals()
	p, err := ps.Propose(kind, a.text(0), amends, u.req.User, u.now)
	if err != nil {
		return err
	}
	text := u.t("Proposed"+string(p.Kind), "N", p.N, "Name", u.name(p.By), "Text", p.Text, "Amends", p.Amends)
	if p.Kind == facilitation.Amendment {
		// An ändringsyrkande replaces the wording it changes: say what
		// that proposal will read, so a partial wording shows at once.
		text += "\n" + u.t("AmendmentReads", "Amends", p.Amends, "Text", strings.TrimRight(p.Text, ".;"),
			"Old", strings.TrimRight(ps.List[p.Amends-1].Text, ".;"))
	}
	u.say(chat.Message{Text: text})
	if p.Kind == facilitation.Amendment {
		u.tell(chat.Message{Text: u.t("AmendmentWholeWording", "N", p.N, "Amends", p.Amends)})
	}
	return u.refresh(u.key(render.KindProposals))
}

// proposalNumber reads the one word of a command as a proposal number.
func proposalNumber(u *unit, a args) (int, error) {
	if err := a.want(1, 1); err != nil {
		return 0, err
	}
	a.Words[0].Text = strings.TrimPrefix(a.Words[0].Text, "#")
	return a.number(0)
}

func support(u *unit, a args) error {
	n, err := proposalNumber(u, a)
	if err != nil {
		return err
	}
	if err := mayPropose(u, true); err != nil {
		return err
	}
	p, err := u.m.ItemProposals().Support(n, u.req.User)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("Supported", "N", p.N, "Text", p.Text)})
	return u.refresh(u.key(render.KindProposals))
}

func withdraw(u *unit, a args) error {
	n, err := proposalNumber(u, a)
	if err != nil {
		return err
	}
	if v := u.m.Voting; v != nil && !v.Done && v.ItemID == u.m.CurrentItemID() {
		return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
	}
	p, err := u.m.ItemProposals().Withdraw(n, u.req.User)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("Withdrawn", "N", p.N, "Name", u.name(p.By), "Text", p.Text)})
	return u.refresh(u.key(render.KindProposals))
}

func showProposals(u *unit, a args) error {
	u.post(u.key(render.KindProposals), u.view().Proposals())
	return nil
}

func proposalsClose(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := u.m.ItemProposals().Close(); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("ProposalsClosed", "Count", len(u.m.ItemProposals().Live()))})
	return u.refresh(u.key(render.KindProposals))
}

func proposition(u *unit, a args) error {
	var order []int
	for i := range a.Words {
		a.Words[i].Text = strings.TrimPrefix(a.Words[i].Text, "#")
		n, err := a.number(i)
		if err != nil {
			return err
		}
		order = append(order, n)
	}
	ps := u.m.ItemProposals()
	if last := u.m.Voting; last != nil && last.Done && last.ItemID == u.m.CurrentItemID() && len(last.Order) > 0 {
		ps.Settled = max(ps.Settled, slices.Max(last.Order)) // a question decided before the proposals kept Settled
		if len(ps.Live()) == 0 {
			if err := putAgain(u, ps, last); err != nil {
				return err
			}
		}
	}
	if v := u.m.Voting; v != nil && !v.Done && v.ItemID != u.m.CurrentItemID() && begun(v) {
		// One question at a time: a new one would take the place of one
		// waiting for its votering, casting vote or lot, or whose finding
		// may still be challenged. One put and never found on decided
		// nothing, and gives way.
		return u.refuse(u.t("VotingElsewhere", "Item", u.m.Agenda.Title(v.ItemID)))
	}
	if v := u.m.Voting; v != nil && !v.Done && v.ItemID == u.m.CurrentItemID() {
		switch {
		case begun(v) && len(order) > 0:
			return &facilitation.Error{Code: facilitation.ErrVotingUnderWay}
		case begun(v): // the order in force, as the questions are put
			u.say(chat.Message{Header: u.t("OrderHeader"), List: words(u).OrderLines(ps, v.Order)})
			return nil
		case len(order) == 0:
			order = v.Order // the order in force, which the chair may have set
		}
	}
	it, _ := u.m.Agenda.Current()
	maj := facilitation.Simple
	if it != nil {
		maj = it.Majority
	}
	v, err := facilitation.NewVoting(u.m.CurrentItemID(), ps, order, 0, maj)
	if err != nil {
		return err
	}
	ps.Closed = true
	u.m.Voting = v
	msg := chat.Message{Header: u.t("OrderHeader"), List: words(u).OrderLines(ps, v.Order)}
	if len(v.Order) > 1 { // an order to change
		msg.Context = u.t("OrderHint")
	}
	u.say(msg)
	u.post(u.key(render.KindQuestion), u.view().Question())
	return u.refresh(u.key(render.KindProposals))
}

// begun reports whether a voting has gone past putting its first
// question: the chair has found on it, or a votering was demanded.
func begun(v *facilitation.Voting) bool {
	s := v.Current()
	return len(v.Steps) > 1 || s != nil && (s.Declared > 0 || s.Poll != 0)
}

// putAgain reopens last, the item's finished question, once no decision of it
// stands (the chair removed one recorded wrongly), so that it may be put
// again. While one stands it refuses: putting the same proposals again
// would decide the matter twice. It names the decisions standing, which
// the chair may correct or remove instead.
func putAgain(u *unit, ps *facilitation.Proposals, last *facilitation.Voting) error {
	mm, err := u.minutes()
	if err != nil {
		return err
	}
	var ns []string
	for k, e := range mm.Numbered(facilitation.Decision) {
		if e.Voting != nil && e.Voting.ItemID == last.ItemID && slices.ContainsFunc(e.Voting.Order, func(n int) bool { return slices.Contains(last.Order, n) }) {
			ns = append(ns, strconv.Itoa(k))
		}
	}
	if len(ns) > 0 {
		return u.refuse(u.t("PropositionDecided", "Numbers", words(u).List(ns), "Count", len(ns), "N", ns[0]))
	}
	ps.Settled = slices.Min(last.Order) - 1
	return nil
}

// voting returns the voting under way on the current item, or a refusal.
func voting(u *unit) (*facilitation.Voting, error) {
	v := u.m.Voting
	if v == nil || v.Done || v.ItemID != u.m.CurrentItemID() {
		return nil, &facilitation.Error{Code: facilitation.ErrNoQuestion}
	}
	return v, nil
}

// rejectWords are the words for avslag in a formal question, in the
// languages spoken.
var rejectWords = map[string]bool{"avslag": true, "reject": true}

// alternative reads word i as the alternative of a formal question one
// types: a proposal's number, or the word for avslag (facilitation.Reject).
func alternative(a args, i int) (int, error) {
	if rejectWords[strings.ToLower(a.Words[i].Text)] {
		return facilitation.Reject, nil
	}
	return a.number(i)
}

func declare(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	n, err := alternative(a, 0)
	if err != nil {
		return err
	}
	if err := notAdjourned(u); err != nil { // no finding while the meeting is paused
		return err
	}
	v, err := voting(u)
	if err != nil {
		return err
	}
	if s := v.Current(); !s.Demanded && s.Poll == 0 { // else Declare refuses whatever was typed
		if n, err = s.Position(n, u.m.Proposals[v.ItemID]); err != nil {
			return err
		}
	}
	again := v.WindowOpen(u.now) && v.Current().Declared == n
	s, err := v.Declare(n, u.now)
	if err != nil {
		return voteUnderWay(u, err)
	}
	if again { // the chair ends the window: the finding stands now
		return settle(u)
	}
	u.say(chat.Message{Text: u.view().Finding(s, n) + " " + u.t("DemandWithin", "Window", u.dur(v.Window))})
	if err := u.schedule(TimerVoteWindow, v.WindowEnds(), int64(len(v.Steps))); err != nil {
		return err
	}
	return u.refresh(u.key(render.KindQuestion))
}

// voteUnderWay says, of a refusal because a votering is under way on the
// question, what that votering waits for once it is closed: the chair's
// casting vote or the lot, not a close.
func voteUnderWay(u *unit, err error) error {
	fe, ok := errors.AsType[*facilitation.Error](err)
	if !ok || fe.Code != facilitation.ErrVoteDemanded {
		return err
	}
	id, _ := fe.Data["ID"].(int64)
	p, lerr := u.tx.Poll(id)
	if lerr != nil || !p.Closed {
		return err
	}
	r := p.Results()
	fe.Data["Casting"], fe.Data["Lot"] = r.NeedCasting != nil, r.Lot != nil
	return fe
}

// demandWindow gives the question's votering window more time.
func demandWindow(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	d, err := cmdline.ParseDuration(a.text(0))
	if err != nil {
		return err
	}
	v, err := voting(u)
	if err != nil {
		return err
	}
	if _, err := v.ExtendWindow(d, u.now); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("WindowExtended", "Window", u.dur(d), "At", words(u).At(v.WindowEnds()))})
	if err := u.schedule(TimerVoteWindow, v.WindowEnds(), int64(len(v.Steps))); err != nil {
		return err
	}
	return u.refresh(u.key(render.KindQuestion))
}

func demandVote(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	v, err := voting(u)
	if err != nil {
		return err
	}
	if err := mayVote(u); err != nil {
		return err
	}
	s := v.Current()
	if s.Declared == 0 {
		return &facilitation.Error{Code: facilitation.ErrNotDeclared}
	}
	if s.Poll != 0 {
		return voteUnderWay(u, &facilitation.Error{Code: facilitation.ErrVoteDemanded, Data: map[string]any{"ID": s.Poll}})
	}
	if !v.WindowOpen(u.now) {
		return &facilitation.Error{Code: facilitation.ErrWindowClosed, Data: map[string]any{"Window": v.Window}}
	}
	// What the demand asks for comes first; else the meeting's default.
	var how facilitation.Visibility
	switch {
	case hasFlag(a.Flags, "secret") && hasFlag(a.Flags, "open"):
		return cmdline.Usagef("%s", u.t("WrongArgs"))
	case hasFlag(a.Flags, "secret"):
		how = facilitation.Secret
	case hasFlag(a.Flags, "open"):
		how = facilitation.Open
	case u.m.PollRules.Visibility == facilitation.Secret:
		how = facilitation.Secret
	}
	if _, err := v.Demand(u.m.Proposals[v.ItemID], u.req.User, how, u.now); err != nil {
		return err
	}
	if !v.Counting() { // among three or more: kontrapropositionsvoteringar first
		main := u.view().MainProposal(v)
		u.say(chat.Message{Text: u.t("VoteDemandedMain", "Name", u.name(u.req.User), "N", main)})
		return afterStep(u)
	}
	p, err := holdVotering(u)
	if err != nil {
		return err
	}
	id := "VoteDemanded"
	if p.Visibility == facilitation.Secret {
		id = "VoteDemandedSecret"
	}
	u.say(chat.Message{Text: u.t(id, "Name", u.name(u.req.User), "ID", p.ID)})
	return nil
}

// holdVotering opens the counted poll the current question waits for,
// and posts it.
func holdVotering(u *unit) (*facilitation.Poll, error) {
	v := u.m.Voting
	p, err := openVoteringPoll(u, v.Current())
	if err != nil {
		return nil, err
	}
	if err := v.Held(p.ID); err != nil {
		return nil, err
	}
	u.post(render.PollKey(p.ID), u.view().PollMessage(pollView(u, p)))
	return p, u.refresh(u.key(render.KindQuestion))
}

// mayVote checks that the caller may demand, and take part in, a counted
// vote: once the meeting has set its voting register, only its members may.
func mayVote(u *unit) error {
	return u.electorate(u.m.CurrentItemID()).Has(u.req.User)
}

// openVoteringPoll opens the counted vote (votering) on a question: a
// single-choice poll between the question's alternatives, in the
// meeting's default visibility, for the voting register once it is set.
// Those who abstain vote blank.
func openVoteringPoll(u *unit, s *facilitation.Step) (*facilitation.Poll, error) {
	spec := facilitation.PollSpec{Kind: facilitation.Single, Visibility: u.m.PollRules.Visibility, Tie: u.m.PollRules.Tie,
		Register: u.m.Register.IsSet(), Question: u.t("VoteringQuestion", "Title", u.m.Agenda.Title(u.m.Voting.ItemID))}
	switch {
	case s.Secret:
		spec.Visibility = facilitation.Secret
	case s.Open || spec.Visibility == "":
		spec.Visibility = facilitation.Open // öppen votering: names recorded
	}
	for _, a := range s.Alternatives {
		spec.Options = append(spec.Options, u.view().Alternative(s, a))
	}
	spec.Majority = s.Majority
	if it := u.m.Agenda.Item(u.m.Voting.ItemID); it != nil {
		spec.Excluded = it.Recused // named on the poll; the electorate keeps them out
	}
	// The votering belongs to the meeting: the chair holds it, and only the
	// chair (or its timer) closes it.
	p, err := facilitation.NewPoll(spec, u.m.Chair, u.now)
	if err != nil {
		return nil, err
	}
	p.Purpose = facilitation.Votering // only the chair closes it (meetingOwns)
	return p, addPoll(u, p, u.m.Voting.ItemID)
}

// voteringClosed settles the question whose counted vote p was, when p
// closes: its result replaces the chair's declaration. The meeting is
// saved here, as closing a poll does not otherwise change it.
func voteringClosed(u *unit, p *facilitation.Poll) error {
	v := u.m.Voting
	if v == nil || v.Done {
		return nil
	}
	s := v.Current()
	if s == nil || s.Poll != p.ID {
		return nil
	}
	r := p.Results()
	if r.Lot != nil || r.NeedCasting != nil {
		if r.NeedCasting != nil && !p.Electorate(u.electorate(p.ItemID)).Out(p.CastingVoter) { // one with jäv hands the chair over (the results say so)
			w := words(u)
			keys := make([]string, len(r.NeedCasting))
			for i, o := range r.NeedCasting { // what the chair types for each: utslagsröst 1, utslagsröst avslag
				keys[i] = "`" + u.t("CastingCommand") + " " + w.AlternativeKey(s.Alternatives[o]) + "`"
			}
			u.say(chat.Message{Text: u.t("CastingNeeded", "Chair", u.name(u.m.Chair), "ID", p.ID, "Keys", w.OrList(keys))})
		}
		return nil // the count waits for the lot (poll draw) or the casting vote (casting N)
	}
	winner := -1
	if len(r.Winners) == 1 {
		winner = r.Winners[0]
	}
	step, err := v.Counted(u.m.Proposals[v.ItemID], facilitation.Count{Counts: r.Counts, Abstained: r.Blank + r.Abstained, Winner: winner, Casting: r.CastingVote, Lot: len(p.Draws) > 0})
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.view().CountedLine(&step)})
	if err := afterStep(u); err != nil {
		return err
	}
	u.touch()
	return nil
}

// fireVoteWindow settles a declared question once the window for
// demanding a vote has passed.
func fireVoteWindow(u *unit, t Timer) error {
	v := u.m.Voting
	if v == nil || v.Done || int64(len(v.Steps)) != t.Ref || u.m.IsAdjourned() { // resume moves the window
		return nil
	}
	if err := settle(u); err != nil {
		return nil // a vote was demanded, or the declaration changed
	}
	u.touch()
	return nil
}

// settle ends the current question by the chair's finding.
func settle(u *unit) error {
	v := u.m.Voting
	step, err := v.Settle(u.m.Proposals[v.ItemID], u.now)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("SettledLead") + " " + u.view().Finding(&step, slices.Index(step.Alternatives, step.Winner)+1)})
	return afterStep(u)
}

// afterStep puts the next question (holding the huvudvotering at once
// when a votering was demanded), or records the outcome once the voting
// is done: the decision in the wording of the ändringsyrkande carried
// into it, if any, and each tilläggsyrkande carried as its own att-sats.
func afterStep(u *unit) error {
	v := u.m.Voting
	if !v.Done {
		if v.Counting() {
			p, err := holdVotering(u)
			if err != nil {
				return err
			}
			u.say(chat.Message{Text: u.t("MainVotering", "ID", p.ID, "N", v.Current().Alternatives[0], "M", v.Current().Alternatives[1])})
			return nil
		}
		u.post(u.key(render.KindQuestion), u.view().Question())
		return nil
	}
	ps := u.m.Proposals[v.ItemID]
	it := u.m.Agenda.Item(v.ItemID)
	var texts []string
	for _, d := range v.Outcome(ps).Carried {
		p := ps.List[d.Proposal-1]
		if p.Kind == facilitation.Amendment {
			continue // its wording is what it amends now reads (Voting.Wording)
		}
		wording := v.Wording(ps, p.N)
		text := words(u).Clause(wording)
		if d.Rejected {
			text = u.t("ClauseReject", "Text", wording)
		}
		e := facilitation.Entry{Kind: facilitation.Decision, Text: text, By: u.m.Chair, At: u.now, ItemID: v.ItemID}
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
		var err error
		if d.Rejected { // the proposer's words in Klubba's
			err = ownEntry(u, e, func() string { return u.t("ClauseReject", "Text", wording) })
		} else {
			err = addEntry(u, e)
		}
		if err != nil {
			return err
		}
		line := u.t("DecisionNumbered", "N", u.mins.Number(facilitation.Decision), "Text", text)
		switch {
		case d.Step.Lost: // the figures for and against the proposal, not for the avslag carried
			line += " " + u.t("TallyLost", "Count", d.Step.Counts[0], "Against", d.Step.Counts[1], "Abstained", d.Step.Abstained,
				"Majority", majorityText(u, d.Step.Majority))
		case e.Tally != nil:
			line += " " + words(u).StepTally(&d.Step)
		}
		if len(e.Recused) > 0 { // a sentence of its own after the att-sats
			line = strings.TrimRight(line, ".;") + ". " + u.t("RecusedLine", "Names", words(u).List(u.names(e.Recused)), "Count", len(e.Recused))
		}
		texts = append(texts, line)
	}
	if len(texts) == 0 {
		texts = append(texts, u.t("NothingDecided"))
	}
	ps.Settle() // the item's next question (a motion's next att-sats) gets proposals of its own
	u.say(chat.Message{Header: u.t("VotingDoneHeader"), List: texts, Context: u.t("ReservationHint") + " " + u.t("NextQuestionHint")})
	return u.refresh(u.key(render.KindProposals))
}

// reservation enters the caller's reservation against decision N (the
// latest on the current item by default), with an optional reason. Only
// those on the register who took part may reserve; in an open votering,
// not those who voted for what was carried.
func reservation(u *unit, a args) error {
	n := 0
	if len(a.Words) > 0 && !a.Words[0].Quoted {
		a.Words[0].Text = strings.TrimPrefix(a.Words[0].Text, "#")
		if _, err := strconv.Atoi(a.Words[0].Text); err == nil {
			var err error
			if n, err = a.number(0); err != nil {
				return err
			}
			a.Words = a.Words[1:]
		}
	}
	if err := a.want(0, 1); err != nil {
		return err
	}
	reason := ""
	if len(a.Words) == 1 {
		reason = a.text(0)
	}
	mm, err := u.minutes()
	if err != nil {
		return err
	}
	e, err := u.m.ReservedDecision(mm, n)
	if err != nil {
		return err
	}
	if err := tookPart(u, e); err != nil {
		return err
	}
	if e, err = u.m.Reserve(mm, u.req.User, n, reason, u.now); err != nil {
		return err
	}
	if err := changedEntry(u, e); err != nil {
		return err
	}
	text := u.t("Reserved", "Name", u.name(u.req.User), "Text", e.Text)
	if reason != "" {
		text += " " + u.t("ReservedWhy", "Reason", reason)
	}
	u.say(chat.Message{Text: text})
	return nil
}

// tookPart checks that the caller took part in decision e and may enter
// a reservation against it: on the register once it is set, not
// disqualified on the item, a voter in its votering, and, in an open
// one, not for what was carried.
func tookPart(u *unit, e *facilitation.Entry) error {
	notReservable := &facilitation.Error{Code: facilitation.ErrNotReservable}
	if u.m.Register.IsSet() {
		ok, err := onRegister(u, u.req.User)
		if err != nil {
			return err
		}
		if !ok {
			return notReservable
		}
	}
	if slices.Contains(e.Recused, u.req.User) {
		return notReservable
	}
	if e.Poll == 0 {
		return nil
	}
	p, err := u.tx.Poll(e.Poll)
	if err != nil {
		return fmt.Errorf("load poll %d: %w", e.Poll, err)
	}
	if !p.HasVoted(u.req.User) {
		return notReservable
	}
	if r := p.Results(); p.Visibility == facilitation.Open && len(r.Winners) == 1 && slices.Contains(p.Votes[u.req.User], r.Winners[0]) {
		return &facilitation.Error{Code: facilitation.ErrVotedForIt}
	}
	return nil
}
