package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// pollKey is the stable key of a poll's message.
func pollKey(id int64) string { return "poll/" + strconv.FormatInt(id, 10) }

func (c *call) pollCreate() error {
	rules := c.m.PollRules
	spec := facilitation.PollSpec{Kind: facilitation.Single, Visibility: rules.Visibility, Tie: rules.Tie, Register: rules.Register}
	words := c.args.Words
	if cmdKind := c.cmdPollKind(); cmdKind != "" {
		spec.Kind = cmdKind
	}
	f := c.args.Flags
	if hasFlag(f, "exclude") {
		var rest []cmdline.Token
		for _, w := range words {
			who, ok := cmdline.ParseMention(w)
			if !ok {
				rest = append(rest, w)
				continue
			}
			if err := c.seeMention(who); err != nil {
				return err
			}
			spec.Excluded = append(spec.Excluded, who.ID)
		}
		if len(spec.Excluded) == 0 {
			return cmdline.Usagef("%s", c.t("NeedMention"))
		}
		words = rest
	}
	if spec.Kind == facilitation.Elect {
		if len(words) == 0 {
			return cmdline.Usagef("%s", c.t("NeedSeats"))
		}
		n, err := strconv.Atoi(words[0].Text)
		if err != nil || words[0].Quoted {
			return cmdline.Usagef("%s", c.t("NotANumber", "Word", words[0].Text))
		}
		spec.Seats, words = n, words[1:]
		if c.m.Protocol {
			spec.Visibility = facilitation.Secret // personval are secret in a formal meeting
		}
	}
	if len(words) == 0 {
		return cmdline.Usagef("%s", c.t("NeedQuestion"))
	}
	spec.Question = words[0].Text
	for _, w := range words[1:] {
		spec.Options = append(spec.Options, w.Text)
	}
	if (spec.Kind == facilitation.YesNo || spec.Kind == facilitation.Fist || spec.Kind == facilitation.Consent) && len(spec.Options) > 0 {
		return cmdline.Usagef("%s", c.t("WrongArgs"))
	}
	if v, ok := f["multi"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return cmdline.Usagef("%s", c.t("NotANumber", "Word", v))
		}
		spec.Kind, spec.MaxChoices = facilitation.Multi, n
	}
	if v, ok := f["min"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return cmdline.Usagef("%s", c.t("NotANumber", "Word", v))
		}
		spec.MinChoices = n
	}
	spec.Method = facilitation.Method(strings.ToLower(f["method"]))
	if v, ok := f["majority"]; ok {
		maj, err := facilitation.ParseMajority(v)
		if err != nil {
			return err
		}
		spec.Majority = maj
	} else if it, _ := c.m.Agenda.Current(); it != nil && spec.Kind == facilitation.YesNo {
		spec.Majority = it.Majority // the item's majority holds for its yes/no questions
	}
	if spec.Kind == facilitation.Elect && spec.Majority.Qualified() && (spec.Majority != facilitation.Absolute || spec.Seats != 1) {
		return &facilitation.Error{Code: facilitation.ErrBadMajority, Data: map[string]any{"Majority": string(spec.Majority)}}
	}
	if it, _ := c.m.Agenda.Current(); it != nil {
		spec.Excluded = append(spec.Excluded, it.Recused...) // jäv on the item: named in the poll too
	}
	switch {
	case hasFlag(f, "secret"):
		if hasFlag(f, "anonymous") {
			return cmdline.Usagef("%s", c.t("OneVisibility"))
		}
		spec.Visibility = facilitation.Secret
	case hasFlag(f, "anonymous"):
		spec.Visibility = facilitation.Anonymous
	case hasFlag(f, "open"):
		spec.Visibility = facilitation.Open
	}
	switch {
	case hasFlag(f, "register") && hasFlag(f, "no-register"):
		return cmdline.Usagef("%s", c.t("WrongArgs"))
	case hasFlag(f, "register"):
		spec.Register = true
	case hasFlag(f, "no-register"):
		spec.Register = false
	}
	if spec.Register && !c.m.Register.IsSet() {
		return c.refuse(c.t("ErrRegisterNotSet"))
	}
	spec.Hidden = hasFlag(f, "hidden")
	if v, ok := f["close"]; ok {
		d, err := cmdline.ParseDuration(v)
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
	if spec.Kind == facilitation.Consent {
		p.Options = []string{c.t("ConsentAgree"), c.t("Abstain"), c.t("ConsentDisagree"), c.t("ConsentBlock")}
	}
	return c.postPoll(p)
}

// addPoll gives a new poll its ID and stores it with the meeting, under
// the agenda item itemID. Every poll is made here, so the cap on polls
// is checked here.
func (c *call) addPoll(p *facilitation.Poll, itemID int) error {
	if err := c.checkPolls(); err != nil {
		return err
	}
	seq, err := c.tx.NextID("poll")
	if err != nil {
		return fmt.Errorf("new poll id: %w", err)
	}
	p.ID, p.Channel, p.MeetingID, p.ItemID = int64(seq), c.m.Channel, c.m.ID, itemID
	if err := c.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll: %w", err)
	}
	c.m.Polls = append(c.m.Polls, p.ID)
	return nil
}

// postPoll adds a new poll under the current item, posts it, and sets
// the timer that closes it, if it has one.
func (c *call) postPoll(p *facilitation.Poll) error {
	if err := c.addPoll(p, c.m.CurrentItemID()); err != nil {
		return err
	}
	c.post(pollKey(p.ID), c.view().PollMessage(c.pollView(p)))
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
		"poll.elect": facilitation.Elect, "poll.consent": facilitation.Consent,
	}[c.cmd.id]
}

// targetPoll takes an optional leading #ID from the words, or else picks
// the meeting's latest open poll (or latest poll, when any will do). It
// loads the poll with voter's vote only (see Tx.PollFor); all votes when
// voter is "*". A poll named by ID must be of this channel; when openOnly
// is set, it must also be of the running meeting, as a poll belongs to
// its meeting: once that has ended, nothing changes the poll (see ours).
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

// ours refuses a poll of an earlier meeting: once its meeting has
// ended, nobody votes in a poll, closes it or changes its result.
func (c *call) ours(p *facilitation.Poll) error {
	if p.MeetingID != c.m.ID {
		return &facilitation.Error{Code: facilitation.ErrPollOfEndedMeeting, Data: map[string]any{"ID": p.ID}}
	}
	return nil
}

// blankWords are the words for a blank vote, in the languages spoken.
var blankWords = map[string]bool{facilitation.BlankWord: true, "blankt": true, "blanc": true}

func (c *call) vote() error {
	p, err := c.targetPoll(true, c.req.User)
	if err != nil {
		return err
	}
	if err := c.ours(p); err != nil {
		return err
	}
	remark := c.takeRemark(p)
	if len(c.args.Words) == 0 {
		return cmdline.Usagef("%s", c.t("NeedChoice"))
	}
	nums := make([]string, len(c.args.Words))
	for i, w := range c.args.Words {
		nums[i] = w.Text
		if blankWords[strings.ToLower(w.Text)] {
			nums[i] = facilitation.BlankWord
		}
	}
	e := p.Electorate(c.electorate(p.ItemID))
	if err := p.Eligible(e, c.req.User); err != nil {
		return err
	}
	if voters, err := e.VotersFor(c.req.User); err != nil {
		return fmt.Errorf("check register: %w", err)
	} else if len(voters) > 1 || voters[0] != c.req.User { // a proxy or a substitute: the members' votes too
		if p, err = c.tx.Poll(p.ID); err != nil {
			return fmt.Errorf("load poll: %w", err)
		}
	}
	ballot, err := p.ParseChoices(nums)
	if err != nil {
		return err
	}
	cast, err := p.Vote(e, c.req.User, ballot)
	if err != nil {
		return err
	}
	for _, voter := range cast.Voters {
		if cast.Secret {
			err = c.tx.CastBallot(p.ID, voter, ballot)
		} else {
			err = c.tx.PutVote(p.ID, voter, ballot)
		}
		if err != nil {
			return fmt.Errorf("store vote on poll %d: %w", p.ID, err)
		}
	}
	changed := cast.Changed
	if others := c.names(slices.DeleteFunc(slices.Clone(cast.Voters), func(v string) bool { return v == c.req.User })); len(others) > 0 {
		c.tell(chat.Message{Text: c.t("VoteCastFor", "Names", c.words().List(others))})
	}
	switch {
	case cast.Secret:
		c.tell(chat.Message{Text: c.t("BallotCast")})
	case changed:
		c.tell(chat.Message{Text: c.t("VoteChanged", "Choice", c.words().ChoiceNames(p, ballot))})
	default:
		c.tell(chat.Message{Text: c.t("VoteRecorded", "Choice", c.words().ChoiceNames(p, ballot))})
	}
	if err := c.afterVote(p, ballot, changed, remark); err != nil {
		return err
	}
	return c.refresh(pollKey(p.ID))
}

// voteClear withdraws the caller's vote in an open or anonymous poll that
// is still open. A secret ballot, once cast, stays in the box.
func (c *call) voteClear() error {
	p, err := c.targetPoll(true, c.req.User)
	if err != nil {
		return err
	}
	if err := c.ours(p); err != nil {
		return err
	}
	if err := p.Withdraw(c.req.User); err != nil {
		return err
	}
	if err := c.tx.DeleteVote(p.ID, c.req.User); err != nil {
		return fmt.Errorf("withdraw vote on poll %d: %w", p.ID, err)
	}
	c.tell(chat.Message{Text: c.t("VoteWithdrawn", "ID", p.ID, "Question", p.Question)})
	return c.refresh(pollKey(p.ID))
}

func (c *call) pollClose() error {
	p, err := c.targetPoll(true, "*")
	if err != nil {
		return err
	}
	if err := c.ours(p); err != nil {
		return err
	}
	switch {
	case c.isChair():
	case c.meetingOwns(p):
		return c.refuse(c.t("CloseOnlyChair", "Chair", c.name(c.m.Chair)))
	case p.Creator != c.req.User:
		return c.refuse(c.t("CloseOnlyCreator", "Creator", c.name(p.Creator), "Chair", c.name(c.m.Chair)))
	}
	return c.closePoll(p, "")
}

// meetingOwns reports whether p belongs to the meeting rather than to
// whoever opened it: a counted vote (votering) someone demanded, a poll
// counted against the voting register, and every poll of a formal
// (protocol) meeting. Only the chair closes such a poll, or its timer:
// otherwise a member could demand a vote, cast one and close it at
// once, deciding the question alone.
func (c *call) meetingOwns(p *facilitation.Poll) bool {
	if c.m.Protocol || p.Register || p.Purpose == facilitation.Votering {
		return true
	}
	if v := c.m.Voting; v != nil {
		for _, s := range v.Steps {
			if s.Poll == p.ID {
				return true
			}
		}
	}
	return false
}

// closePoll closes p, stores it and posts its results, with note in
// front of their context line if it is set.
func (c *call) closePoll(p *facilitation.Poll, note string) error {
	if err := p.Close(c.now, c.m.Chair); err != nil {
		return err
	}
	if err := c.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	if r := p.Results(); r.Err != nil { // the results say the count failed; the log says why
		c.b.log.ErrorContext(c.ctx, "count poll", "poll", p.ID, "err", r.Err)
	}
	res := c.view().Results(c.pollView(p))
	if note != "" {
		res.Context = note + " · " + res.Context
	}
	c.say(res)
	if r := p.Results(); r.Runoff != nil {
		if err := c.runoff(p, r.Runoff); err != nil {
			return err
		}
	}
	if err := c.voteringClosed(p); err != nil {
		return err
	}
	return c.refresh(pollKey(p.ID))
}

// runoff holds the new round of a single-seat election that needed an
// absolute majority nobody got: the same election among those named.
// The meeting is saved here, as closing a poll does not otherwise change it.
func (c *call) runoff(p *facilitation.Poll, among []int) error {
	spec := facilitation.PollSpec{Kind: facilitation.Elect, Seats: 1, Method: facilitation.BlockVote, Visibility: p.Visibility,
		Register: p.Register, Excluded: p.Excluded, Question: p.Question, Tie: p.Tie}
	for _, i := range among {
		spec.Options = append(spec.Options, p.Options[i])
	}
	next, err := facilitation.NewPoll(spec, c.m.Chair, c.now)
	if err != nil {
		return err
	}
	if err := c.addPoll(next, p.ItemID); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("RunoffHeld", "Names", c.words().List(spec.Options), "ID", next.ID)})
	c.post(pollKey(next.ID), c.view().PollMessage(c.pollView(next)))
	if err := c.tx.PutMeeting(c.m); err != nil {
		return fmt.Errorf("save meeting %s: %w", c.m.ID, err)
	}
	return nil
}

// openPolls loads the meeting's polls that are still open.
func (c *call) openPolls() ([]*facilitation.Poll, error) {
	var open []*facilitation.Poll
	for _, id := range c.m.Polls {
		p, err := c.tx.Poll(id)
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", id, err)
		}
		if !p.Closed {
			open = append(open, p)
		}
	}
	return open, nil
}

func (c *call) pollResults() error {
	p, err := c.targetPoll(false, "*")
	if err != nil {
		return err
	}
	if !p.ShowsCounts() {
		c.tell(chat.Message{Text: c.t("ResultsHidden", "Count", p.Turnout())})
		return nil
	}
	c.tell(c.view().Results(c.pollView(p)))
	return nil
}

// pollDraw draws the lots a closed poll's count waits for, with the
// bot's random source (crypto/rand but in tests), records the draw with the poll (and so in the minutes),
// and posts the result.
func (c *call) pollDraw() error {
	p, err := c.targetPoll(false, "*")
	if err != nil {
		return err
	}
	if err := c.ours(p); err != nil {
		return err
	}
	r := p.Results()
	if !p.Closed {
		return &facilitation.Error{Code: facilitation.ErrDrawOpenPoll}
	}
	if r.Lot == nil {
		return &facilitation.Error{Code: facilitation.ErrNoLotNeeded, Data: map[string]any{"ID": p.ID}}
	}
	pool, err := shuffled(c.b.random, r.Lot)
	if err != nil {
		return fmt.Errorf("draw lots: %w", err)
	}
	picked := slices.Sorted(slices.Values(pool[:r.LotPick]))
	if err := p.Draw(picked, c.now); err != nil {
		return err
	}
	if err := c.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	c.say(chat.Message{Text: c.words().DrawLine(p, p.Draws[len(p.Draws)-1], r)})
	c.say(c.view().Results(c.pollView(p)))
	if err := c.voteringClosed(p); err != nil { // a counted vote that waited for the lot
		return err
	}
	return c.refresh(pollKey(p.ID))
}

// Ground rules.

// electorate is who may vote on the meeting's questions on item itemID
// (see facilitation.Electorate): the register once it is set, less those
// recused on the item, with the register's proxies and substitutes.
func (c *call) electorate(itemID int) facilitation.Electorate { return electorate(c.tx, c.m, itemID) }

func electorate(tx Tx, m *facilitation.Meeting, itemID int) facilitation.Electorate {
	r := m.Register
	e := facilitation.Electorate{Register: r.IsSet(), Size: r.Count,
		Listed: func(who string) (bool, error) {
			ok, err := tx.Registered(m.ID, who)
			if err != nil {
				return false, fmt.Errorf("check register: %w", err)
			}
			return ok, nil
		},
		Proxies: r.Proxies, Substitutes: r.Substitutes, Adjourned: m.IsAdjourned()}
	if it := m.Agenda.Item(itemID); it != nil {
		e.Recused = it.Recused
	}
	return e
}
