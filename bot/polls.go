package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/klubba/klubba/facilitation"
)

// pollKey is the stable key of a poll's message.
func pollKey(id int64) string { return "poll/" + strconv.FormatInt(id, 10) }

func (c *call) pollCreate() error {
	spec := facilitation.PollSpec{Kind: facilitation.Single, Visibility: c.m.PollRules.Visibility}
	words := c.args.Words
	if cmdKind := c.cmdPollKind(); cmdKind != "" {
		spec.Kind = cmdKind
	}
	if len(words) == 0 {
		return usageErr("%s", c.t("NeedQuestion"))
	}
	spec.Question = words[0].Text
	for _, w := range words[1:] {
		spec.Options = append(spec.Options, w.Text)
	}
	if (spec.Kind == facilitation.YesNo || spec.Kind == facilitation.Fist) && len(spec.Options) > 0 {
		return usageErr("%s", c.t("WrongArgs"))
	}
	f := c.args.Flags
	if v, ok := f["multi"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return usageErr("%s", c.t("NotANumber", "Word", v))
		}
		spec.Kind, spec.MaxChoices = facilitation.Multi, n
	}
	switch {
	case hasFlag(f, "secret"):
		if hasFlag(f, "anonymous") {
			return usageErr("%s", c.t("OneVisibility"))
		}
		spec.Visibility = facilitation.Secret
	case hasFlag(f, "anonymous"):
		spec.Visibility = facilitation.Anonymous
	case hasFlag(f, "open"):
		spec.Visibility = facilitation.Open
	}
	spec.Hidden = hasFlag(f, "hidden")
	if v, ok := f["close"]; ok {
		d, err := ParseDuration(v)
		if err != nil {
			return err
		}
		spec.CloseAfter = d
	}
	if c.m.PollRules.ChairOnly && !c.isChair() {
		return c.refuse(c.t("ChairOnly", "Chair", c.name(c.m.Chair)))
	}
	p, err := facilitation.NewPoll(spec, c.req.User, c.now)
	if err != nil {
		return err
	}
	if spec.Kind == facilitation.YesNo {
		p.Options = []string{c.t("Yes"), c.t("No"), c.t("Abstain")}
	}
	seq, err := c.tx.NextID("poll")
	if err != nil {
		return fmt.Errorf("new poll id: %w", err)
	}
	p.ID, p.Channel, p.MeetingID, p.ItemID = int64(seq), c.req.Channel, c.m.ID, c.m.CurrentItemID()
	if err := c.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll: %w", err)
	}
	c.m.Polls = append(c.m.Polls, p.ID)
	c.post(pollKey(p.ID), c.pollMessage(p))
	if p.CloseAfter > 0 {
		return c.schedule(TimerPollClose, p.Created.Add(p.CloseAfter), p.ID)
	}
	return nil
}

func hasFlag(f map[string]string, name string) bool { _, ok := f[name]; return ok }

// cmdPollKind is the kind the poll subcommand names, if any.
func (c *call) cmdPollKind() facilitation.PollKind {
	return map[string]facilitation.PollKind{
		"poll.yesno": facilitation.YesNo, "poll.fist": facilitation.Fist, "poll.ranked": facilitation.Ranked,
	}[c.cmd.id]
}

// targetPoll takes an optional leading #ID from the words, or else picks
// the meeting's latest open poll (or latest poll, when any will do). It
// loads the poll with voter's vote only (see Tx.PollFor); all votes when
// voter is "*".
func (c *call) targetPoll(openOnly bool, voter string) (*facilitation.Poll, error) {
	load := func(id int64) (*facilitation.Poll, error) {
		if voter == "*" {
			return c.tx.Poll(id)
		}
		return c.tx.PollFor(id, voter)
	}
	if len(c.args.Words) > 0 && strings.HasPrefix(c.args.Words[0].Text, "#") && !c.args.Words[0].Quoted {
		id, err := strconv.ParseInt(c.args.Words[0].Text[1:], 10, 64)
		c.args.Words = c.args.Words[1:]
		if err != nil {
			return nil, c.refuse(c.t("NoSuchPoll"))
		}
		p, err := load(id)
		if errors.Is(err, ErrNotFound) || err == nil && p.Channel != c.req.Channel {
			return nil, c.refuse(c.t("NoSuchPoll"))
		}
		return p, err
	}
	for i := len(c.m.Polls) - 1; i >= 0; i-- {
		p, err := c.tx.PollFor(c.m.Polls[i], "")
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", c.m.Polls[i], err)
		}
		if !openOnly || !p.Closed {
			return load(p.ID)
		}
	}
	return nil, c.refuse(c.t("NoOpenPoll"))
}

func (c *call) vote() error {
	p, err := c.targetPoll(true, c.req.User)
	if err != nil {
		return err
	}
	if len(c.args.Words) == 0 {
		return usageErr("%s", c.t("NeedChoice"))
	}
	nums := make([]string, len(c.args.Words))
	for i, w := range c.args.Words {
		nums[i] = w.Text
	}
	ballot, err := p.ParseChoices(nums)
	if err != nil {
		return err
	}
	changed, err := p.Vote(c.req.User, ballot)
	if err != nil {
		return err
	}
	if p.Visibility == facilitation.Secret {
		err = c.tx.CastBallot(p.ID, c.req.User, ballot)
	} else {
		err = c.tx.PutVote(p.ID, c.req.User, ballot)
	}
	if err != nil {
		return fmt.Errorf("store vote on poll %d: %w", p.ID, err)
	}
	switch {
	case p.Visibility == facilitation.Secret:
		c.tell(Message{Text: c.t("BallotCast")})
	case changed:
		c.tell(Message{Text: c.t("VoteChanged", "Choice", c.choiceNames(p, ballot))})
	default:
		c.tell(Message{Text: c.t("VoteRecorded", "Choice", c.choiceNames(p, ballot))})
	}
	return c.refresh(pollKey(p.ID))
}

func (c *call) choiceNames(p *facilitation.Poll, b facilitation.Ballot) string {
	names := make([]string, len(b))
	for i, o := range b {
		names[i] = p.Options[o]
	}
	return strings.Join(names, ", ")
}

func (c *call) pollClose() error {
	p, err := c.targetPoll(true, "*")
	if err != nil {
		return err
	}
	if p.Creator != c.req.User && !c.isChair() {
		return c.refuse(c.t("CloseOnlyCreator", "Creator", c.name(p.Creator), "Chair", c.name(c.m.Chair)))
	}
	if err := p.Close(c.now); err != nil {
		return err
	}
	if err := c.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	c.say(c.resultsMessage(p))
	if err := c.voteringClosed(p); err != nil {
		return err
	}
	return c.refresh(pollKey(p.ID))
}

func (c *call) pollResults() error {
	p, err := c.targetPoll(false, "*")
	if err != nil {
		return err
	}
	if !p.ShowsCounts() {
		c.tell(Message{Text: c.t("ResultsHidden", "Count", p.Turnout())})
		return nil
	}
	c.tell(c.resultsMessage(p))
	return nil
}

// pollsOf loads a meeting's polls; one that fails to load is left out
// and logged, as the minutes are still worth having.
func (c *call) pollsOf(m *facilitation.Meeting) []*facilitation.Poll {
	var ps []*facilitation.Poll
	for _, id := range m.Polls {
		p, err := c.tx.Poll(id)
		if err != nil {
			c.b.log.ErrorContext(c.ctx, "load poll for minutes", "poll", id, "err", err)
			continue
		}
		ps = append(ps, p)
	}
	return ps
}

// Ground rules.
