package bot

import (
	"cmp"
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

// pollOf is the handler of the poll command of kind ("poll yesno"); a
// plain "poll" is of kind Single.
func pollOf(kind facilitation.PollKind) func(*unit, args) error {
	return func(u *unit, a args) error { return pollCreate(u, a, kind) }
}

func pollCreate(u *unit, a args, kind facilitation.PollKind) error {
	rules := u.m.PollRules
	spec := facilitation.PollSpec{Kind: kind, Visibility: rules.Visibility, Tie: rules.Tie, Register: rules.Register}
	words, err := takeExcluded(u, a, &spec)
	if err != nil {
		return err
	}
	if err := readPollWords(u, words, &spec); err != nil {
		return err
	}
	if err := readPollFlags(u, a.Flags, &spec); err != nil {
		return err
	}
	if spec.Register && !u.m.Register.IsSet() {
		return u.refuse(u.t("ErrRegisterNotSet"))
	}
	if u.m.PollRules.ChairOnly && !u.isChair() {
		return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
	}
	p, err := facilitation.NewPoll(spec, u.req.User, u.now)
	if err != nil {
		return err
	}
	switch spec.Kind {
	case facilitation.YesNo:
		p.Options = []string{u.t("Yes"), u.t("No"), u.t("Abstain")}
	case facilitation.Consent:
		p.Options = []string{u.t("ConsentAgree"), u.t("Abstain"), u.t("ConsentDisagree"), u.t("ConsentBlock")}
	}
	return postPoll(u, p)
}

// takeExcluded reads the people --exclude names (poll … --exclude @u…)
// into spec, and returns the other words; jäv on the current item is
// named in the poll too.
func takeExcluded(u *unit, a args, spec *facilitation.PollSpec) ([]cmdline.Token, error) {
	words := a.Words
	if hasFlag(a.Flags, "exclude") {
		var rest []cmdline.Token
		for _, w := range words {
			who, ok := cmdline.ParseMention(w)
			if !ok {
				rest = append(rest, w)
				continue
			}
			if err := u.seeMention(who); err != nil {
				return nil, err
			}
			spec.Excluded = append(spec.Excluded, who.ID)
		}
		if len(spec.Excluded) == 0 {
			return nil, cmdline.Usagef("%s", u.t("NeedMention"))
		}
		words = rest
	}
	if it, _ := u.m.Agenda.Current(); it != nil {
		spec.Excluded = append(spec.Excluded, it.Recused...)
	}
	return words, nil
}

// readPollWords reads an election's seats, the question and the options
// into spec.
func readPollWords(u *unit, words []cmdline.Token, spec *facilitation.PollSpec) error {
	if spec.Kind == facilitation.Elect {
		if len(words) == 0 {
			return cmdline.Usagef("%s", u.t("NeedSeats"))
		}
		if words[0].Quoted {
			return cmdline.Usagef("%s", u.t("NotANumber", "Word", words[0].Text))
		}
		n, err := readNumber(u, words[0].Text, 1)
		if err != nil {
			return err
		}
		spec.Seats, words = n, words[1:]
		if u.m.Protocol {
			spec.Visibility = facilitation.Secret // personval are secret in a formal meeting
		}
	}
	if len(words) == 0 {
		return cmdline.Usagef("%s", u.t("NeedQuestion"))
	}
	spec.Question = words[0].Text
	quoted := false
	for _, w := range words[1:] {
		if quoted && !w.Quoted { // stv after "A" "B": a flag's dashes lost, not an option
			return cmdline.Usagef("%s", u.t("OptionUnquoted", "Word", w.Text))
		}
		quoted = quoted || w.Quoted
		spec.Options = append(spec.Options, w.Text)
	}
	if (spec.Kind == facilitation.YesNo || spec.Kind == facilitation.Fist || spec.Kind == facilitation.Consent) && len(spec.Options) > 0 {
		return cmdline.Usagef("%s", u.t("WrongArgs"))
	}
	return nil
}

// readPollFlags reads a poll's flags into spec: --multi, --min,
// --method, --majority, the visibility, --register, --hidden and --close.
func readPollFlags(u *unit, f map[string]string, spec *facilitation.PollSpec) error {
	if v, ok := f["multi"]; ok {
		n, err := readNumber(u, v, 1)
		if err != nil {
			return err
		}
		spec.Kind, spec.MaxChoices = facilitation.Multi, n
	}
	if v, ok := f["min"]; ok {
		n, err := readNumber(u, v, 0)
		if err != nil {
			return err
		}
		spec.MinChoices = n
	}
	spec.Method = facilitation.Method(strings.ToLower(f["method"]))
	if err := readMajority(u, f, spec); err != nil {
		return err
	}
	switch {
	case hasFlag(f, "secret"):
		if hasFlag(f, "anonymous") {
			return cmdline.Usagef("%s", u.t("OneVisibility"))
		}
		spec.Visibility = facilitation.Secret
	case hasFlag(f, "anonymous"):
		spec.Visibility = facilitation.Anonymous
	case hasFlag(f, "open"):
		spec.Visibility = facilitation.Open
	}
	switch {
	case hasFlag(f, "register") && hasFlag(f, "no-register"):
		return cmdline.Usagef("%s", u.t("WrongArgs"))
	case hasFlag(f, "register"):
		spec.Register = true
	case hasFlag(f, "no-register"):
		spec.Register = false
	}
	spec.Hidden = hasFlag(f, "hidden")
	if v, ok := f["close"]; ok {
		d, err := cmdline.ParseDuration(v)
		if err != nil {
			return err
		}
		spec.CloseAfter = d
	}
	return nil
}

// readMajority reads --majority into spec; without it, a yes/no question
// takes the current item's majority. An election takes no qualified
// majority but an absolute one for a single seat.
func readMajority(u *unit, f map[string]string, spec *facilitation.PollSpec) error {
	if v, ok := f["majority"]; ok {
		maj, err := facilitation.ParseMajority(v)
		if err != nil {
			return err
		}
		spec.Majority = maj
	} else if it, _ := u.m.Agenda.Current(); it != nil && spec.Kind == facilitation.YesNo {
		spec.Majority = it.Majority
	}
	if spec.Kind == facilitation.Elect && spec.Majority.Qualified() && (spec.Majority != facilitation.Absolute || spec.Seats != 1) {
		return &facilitation.Error{Code: facilitation.ErrBadMajority, Data: map[string]any{"Majority": string(spec.Majority)}}
	}
	return nil
}

// addPoll gives a new poll its ID and stores it with the meeting, under
// the agenda item itemID. Every poll is made here, so the cap on polls
// is checked here.
func addPoll(u *unit, p *facilitation.Poll, itemID int) error {
	if err := checkPolls(u); err != nil {
		return err
	}
	seq, err := u.tx.NextID("poll")
	if err != nil {
		return fmt.Errorf("new poll id: %w", err)
	}
	p.ID, p.Channel, p.MeetingID, p.ItemID = int64(seq), u.m.Channel, u.m.ID, itemID
	p.AdjustedFrom = len(u.m.Register.Changes) // the register's adjustments from here on are made during the vote
	if err := u.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll: %w", err)
	}
	u.m.Polls = append(u.m.Polls, p.ID)
	return nil
}

// postPoll adds a new poll under the current item, posts it, and sets
// the timer that closes it, if it has one.
func postPoll(u *unit, p *facilitation.Poll) error {
	if err := addPoll(u, p, u.m.CurrentItemID()); err != nil {
		return err
	}
	u.post(render.PollKey(p.ID), u.view().PollMessage(pollView(u, p)))
	if p.CloseAfter > 0 {
		return u.schedule(TimerPollClose, p.Created.Add(p.CloseAfter), p.ID)
	}
	return nil
}

func hasFlag(f map[string]string, name string) bool { _, ok := f[name]; return ok }

// onePoll is targetPoll for a command whose only word is the poll's
// optional #ID (poll results [#ID]): any other word is refused with the
// usage line, before a poll is looked for.
func onePoll(u *unit, a args, openOnly bool, voter string) (*facilitation.Poll, error) {
	for i, w := range a.Words {
		if i > 0 || w.Quoted || !strings.HasPrefix(w.Text, "#") {
			if _, err := strconv.Atoi(w.Text); err == nil && !w.Quoted && i == 0 {
				return nil, cmdline.Usagef("%s", u.t("PollIDNeedsHash", "Word", w.Text))
			}
			return nil, cmdline.Usagef("%s", u.t("NotAPollID", "Word", w.Text))
		}
	}
	p, _, err := targetPoll(u, a, openOnly, voter)
	return p, err
}

// targetPoll takes an optional leading #ID from the words, or else picks
// the meeting's latest open poll (or latest poll, when any will do). It
// loads the poll with voter's vote only (see Tx.PollFor); all votes when
// voter is "*". A poll named by ID must be of this channel; when openOnly
// is set, it must also be of the running meeting, as a poll belongs to
// its meeting: once that has ended, nothing changes the poll (see ours).
func targetPoll(u *unit, a args, openOnly bool, voter string) (*facilitation.Poll, args, error) {
	load := func(id int64) (*facilitation.Poll, error) {
		if voter == "*" {
			return u.tx.Poll(id)
		}
		return u.tx.PollFor(id, voter)
	}
	if len(a.Words) > 0 && strings.HasPrefix(a.Words[0].Text, "#") && !a.Words[0].Quoted {
		id, err := strconv.ParseInt(a.Words[0].Text[1:], 10, 64)
		a.Words = a.Words[1:]
		if err != nil {
			return nil, a, u.refuse(u.t("NoSuchPoll"))
		}
		p, err := load(id)
		if errors.Is(err, ErrNotFound) || err == nil && p.Channel != u.req.Channel {
			return nil, a, u.refuse(u.t("NoSuchPoll"))
		}
		return p, a, err
	}
	// The latest poll is nearly always the one meant: a person's vote is
	// read with each header, so the poll picked is not read twice; all
	// votes are read for the poll picked only.
	header := voter
	if voter == "*" {
		header = ""
	}
	for i := len(u.m.Polls) - 1; i >= 0; i-- {
		id := u.m.Polls[i]
		p, err := u.tx.PollFor(id, header)
		if err != nil {
			return nil, a, fmt.Errorf("load poll %d: %w", id, err)
		}
		if !openOnly || !p.Closed {
			if voter == "*" {
				p, err = u.tx.Poll(id)
			}
			return p, a, err
		}
	}
	return nil, a, u.refuse(u.t("NoOpenPoll"))
}

// awaitingPoll is the poll the chair's lot or casting vote is for when
// no #ID names one: the meeting's latest closed poll whose count waits
// for it, though a later poll was made since; nil when none waits, or
// when the words name a poll.
func awaitingPoll(u *unit, a args, waits func(facilitation.Result) bool) (*facilitation.Poll, error) {
	if namesPoll(a) {
		return nil, nil
	}
	for i := len(u.m.Polls) - 1; i >= 0; i-- {
		id := u.m.Polls[i]
		p, err := u.tx.PollFor(id, "") // the votes are read for closed polls only
		if err == nil && p.Closed {
			p, err = u.tx.Poll(id)
		}
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", id, err)
		}
		if p.Closed && waits(p.Results()) {
			return p, nil
		}
	}
	return nil, nil
}

// namesPoll reports whether the words begin with a poll's #ID.
func namesPoll(a args) bool {
	return len(a.Words) > 0 && strings.HasPrefix(a.Words[0].Text, "#") && !a.Words[0].Quoted
}

// ours refuses a poll of an earlier meeting: once its meeting has
// ended, nobody votes in a poll, closes it or changes its result.
func ours(u *unit, p *facilitation.Poll) error {
	if p.MeetingID != u.m.ID {
		return &facilitation.Error{Code: facilitation.ErrPollOfEndedMeeting, Data: map[string]any{"ID": p.ID}}
	}
	return nil
}

// blankWords are the words for a blank vote, in the languages spoken.
var blankWords = map[string]bool{facilitation.BlankWord: true, "blankt": true, "blanc": true}

// yesNoWords are the words for a yes/no poll's options, in the
// languages spoken, without their å, ä and ö (cmdline.ASCIIFold).
var yesNoWords = map[string]int{"yes": 0, "ja": 0, "no": 1, "nej": 1, "abstain": 2, "avstar": 2, "avsta": 2}

// optionByWord is the number a voter uses for the option that word
// names (vote yes, rösta nej, vote Pizza), found regardless of case
// and of å, ä and ö; a number is never read as a name.
func optionByWord(u *unit, p *facilitation.Poll, word string) (int, bool) {
	if _, err := strconv.Atoi(word); err != nil && word != "" {
		key := cmdline.ASCIIFold(strings.ToLower(word))
		if i, ok := yesNoWords[key]; ok && p.Kind == facilitation.YesNo {
			return p.OptionNumber(i), true
		}
		found, w := -1, words(u)
		for i := range p.Options {
			if cmdline.ASCIIFold(strings.ToLower(p.Options[i])) != key && cmdline.ASCIIFold(strings.ToLower(w.OptionLabel(p, i))) != key {
				continue
			}
			if found >= 0 && found != i {
				return 0, false // two options by that name: say it by number
			}
			found = i
		}
		if found >= 0 {
			return p.OptionNumber(found), true
		}
	}
	return 0, false
}

// voteringStep is the question of the voting under way whose votering p
// is, or nil. A button's value is the option's number, and so needs none.
func voteringStep(u *unit, p *facilitation.Poll) *facilitation.Step {
	if p.Purpose != facilitation.Votering || u.m.Voting == nil || p.MeetingID != u.m.ID || u.req.Action != nil {
		return nil
	}
	return u.m.Voting.PollStep(p.ID)
}

// alternativeOption reads word i, in the votering of question s, as the
// alternative typed (a proposal's number, or the word for avslag), and
// returns the number of its option. It reports false when s is nil or the
// word names no alternative that way.
func alternativeOption(u *unit, s *facilitation.Step, a args, i int) (int, bool, error) {
	w := a.Words[i].Text
	if _, err := strconv.Atoi(w); s == nil || err != nil && !rejectWords[strings.ToLower(w)] {
		return 0, false, nil
	}
	n, err := alternative(a, i)
	if err != nil {
		return 0, false, err
	}
	pos, err := s.Position(n, u.m.Proposals[u.m.Voting.ItemID]) // s is a step of u.m.Voting (voteringStep)
	return pos, err == nil, err
}

func vote(u *unit, a args) error {
	p, a, err := targetPoll(u, a, true, u.req.User)
	if err != nil {
		return err
	}
	u.discreet = p.Visibility != facilitation.Open // who voted is not shown
	if err := ours(u, p); err != nil {
		return err
	}
	remark, a := takeRemark(a, p)
	a.Words = listItems(a.Words) // vote 3,1,2
	if len(a.Words) == 0 {
		return cmdline.Usagef("%s", u.t("NeedChoice"))
	}
	step := voteringStep(u, p)
	nums := make([]string, len(a.Words))
	for i, w := range a.Words {
		nums[i] = w.Text
		if blankWords[strings.ToLower(w.Text)] {
			nums[i] = facilitation.BlankWord
		} else if n, ok, err := alternativeOption(u, step, a, i); ok || err != nil {
			if err != nil {
				return err
			}
			nums[i] = strconv.Itoa(n)
		} else if n, ok := optionByWord(u, p, w.Text); ok {
			nums[i] = strconv.Itoa(n)
		}
	}
	e := u.electorate(p.ItemID)
	if err := p.Eligible(e, u.req.User); err != nil {
		return err
	}
	if voters, err := p.Electorate(e).VotersFor(u.req.User); err != nil {
		return fmt.Errorf("check register: %w", err)
	} else if len(voters) > 1 || voters[0] != u.req.User { // a proxy or a substitute: the members' votes too
		if p, err = u.tx.Poll(p.ID); err != nil {
			return fmt.Errorf("load poll: %w", err)
		}
	}
	ballot, err := p.ParseChoices(nums)
	if err != nil {
		return err
	}
	standIn, err := castFor(u, p, e)
	if err != nil {
		return err
	}
	cast, err := p.Vote(e, u.req.User, ballot)
	if err != nil {
		return err
	}
	if err := arrived(u, u.req.User); err != nil { // voting in person, a member is here: their proxy or substitute ends
		return err
	}
	for _, voter := range cast.Voters {
		if cast.Secret {
			err = u.tx.CastBallot(p.ID, voter, ballot)
		} else {
			err = u.tx.PutVote(p.ID, voter, ballot)
		}
		if err != nil {
			return fmt.Errorf("store vote on poll %d: %w", p.ID, err)
		}
	}
	changed := cast.Changed
	if others := u.names(slices.DeleteFunc(slices.Clone(cast.Voters), func(v string) bool { return v == u.req.User })); len(others) > 0 {
		msg := "VoteCastFor"
		if !slices.Contains(cast.Voters, u.req.User) { // a substitute votes in the main delegate's seat, not their own
			msg = "VoteCastInPlace"
		}
		u.tell(chat.Message{Text: u.t(msg, "Names", words(u).List(others))})
	}
	switch {
	case cast.Secret:
		u.tell(chat.Message{Text: u.t("BallotCast")})
	case standIn != "":
		u.tell(chat.Message{Text: u.t("VoteReplacesStandIn", "Name", u.name(standIn), "Choice", words(u).ChoiceNames(p, ballot))})
	case changed:
		u.tell(chat.Message{Text: u.t("VoteChanged", "Choice", words(u).ChoiceNames(p, ballot))})
	default:
		u.tell(chat.Message{Text: u.t("VoteRecorded", "Choice", words(u).ChoiceNames(p, ballot))})
	}
	if err := afterVote(u, p, ballot, changed, remark); err != nil {
		return err
	}
	return u.refresh(render.PollKey(p.ID))
}

// castFor reports who cast the caller's vote in p for them, as their
// proxy holder or substitute, before the caller came to vote in person:
// their own vote replaces it, except in a secret ballot, where it is
// refused. It returns "" when the caller's vote, if any, is their own.
func castFor(u *unit, p *facilitation.Poll, e facilitation.Electorate) (string, error) {
	r := &u.m.Register
	by := cmp.Or(r.ProxyHolder(u.req.User), r.SubstituteFor(u.req.User))
	if by == "" || !p.HasVoted(u.req.User) {
		return "", nil
	}
	if voters, err := p.Electorate(e).VotersFor(by); err != nil {
		return "", fmt.Errorf("check register: %w", err)
	} else if !slices.Contains(voters, u.req.User) {
		return "", nil
	}
	if p.Visibility == facilitation.Secret {
		return "", u.refuse(u.t("CastByStandIn", "Name", u.name(by)))
	}
	return by, nil
}

// voteClear withdraws the caller's vote in an open or anonymous poll that
// is still open. A secret ballot, once cast, stays in the box.
func voteClear(u *unit, a args) error {
	p, err := onePoll(u, a, true, u.req.User)
	if err != nil {
		return err
	}
	u.discreet = p.Visibility != facilitation.Open
	if err := ours(u, p); err != nil {
		return err
	}
	if err := p.Withdraw(u.req.User); err != nil {
		return err
	}
	if err := u.tx.DeleteVote(p.ID, u.req.User); err != nil {
		return fmt.Errorf("withdraw vote on poll %d: %w", p.ID, err)
	}
	u.tell(chat.Message{Text: u.t("VoteWithdrawn", "ID", p.ID, "Question", p.Question)})
	return u.refresh(render.PollKey(p.ID))
}

func pollClose(u *unit, a args) error {
	p, err := onePoll(u, a, true, "*")
	if err != nil {
		return err
	}
	if err := ours(u, p); err != nil {
		return err
	}
	switch {
	case u.isChair():
	case meetingOwns(u, p):
		return u.refuse(u.t("CloseOnlyChair", "Chair", u.name(u.m.Chair)))
	case p.Creator != u.req.User:
		return u.refuse(u.t("CloseOnlyCreator", "Creator", u.name(p.Creator), "Chair", u.name(u.m.Chair)))
	}
	return closePoll(u, p, "")
}

// meetingOwns reports whether p belongs to the meeting rather than to
// whoever opened it: a counted vote (votering) someone demanded, a poll
// counted against the voting register, and every poll of a formal
// (protocol) meeting. Only the chair closes such a poll, or its timer:
// otherwise a member could demand a vote, cast one and close it at
// once, deciding the question alone.
func meetingOwns(u *unit, p *facilitation.Poll) bool {
	if u.m.Protocol || p.Register || p.Purpose == facilitation.Votering {
		return true
	}
	if v := u.m.Voting; v != nil {
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
func closePoll(u *unit, p *facilitation.Poll, note string) error {
	if err := p.Close(u.now, u.m.Chair); err != nil {
		return err
	}
	if err := seatCasting(u, p); err != nil {
		return err
	}
	p.AdjustedTo = len(u.m.Register.Changes)
	if err := u.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	r := p.Results()
	if r.Err != nil { // the results say the count failed; the log says why
		u.b.log.ErrorContext(u.ctx, "count poll", "poll", p.ID, "err", r.Err)
	}
	res := u.view().Results(pollView(u, p))
	if note != "" {
		res.Context = note + " · " + res.Context
	}
	u.say(res)
	if r.Runoff != nil {
		if err := runoff(u, p, r.Runoff); err != nil {
			return err
		}
	}
	if err := voteringClosed(u, p); err != nil {
		return err
	}
	return u.refresh(render.PollKey(p.ID))
}

// runoff holds the new round of a single-seat election that needed an
// absolute majority nobody got: the same election among those named.
// The meeting is saved here, as closing a poll does not otherwise change it.
func runoff(u *unit, p *facilitation.Poll, among []int) error {
	spec := facilitation.PollSpec{Kind: facilitation.Elect, Seats: 1, Method: facilitation.BlockVote, Visibility: p.Visibility,
		Register: p.Register, Excluded: p.Excluded, Question: p.Question, Tie: p.Tie}
	for _, i := range among {
		spec.Options = append(spec.Options, p.Options[i])
	}
	next, err := facilitation.NewPoll(spec, u.m.Chair, u.now)
	if err != nil {
		return err
	}
	if err := addPoll(u, next, p.ItemID); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("RunoffHeld", "Names", words(u).List(spec.Options), "ID", next.ID)})
	u.post(render.PollKey(next.ID), u.view().PollMessage(pollView(u, next)))
	u.touch()
	return nil
}

// openPolls loads the meeting's polls that are still open.
func openPolls(u *unit) ([]*facilitation.Poll, error) {
	var open []*facilitation.Poll
	for _, id := range u.m.Polls {
		p, err := u.tx.Poll(id)
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", id, err)
		}
		if !p.Closed {
			open = append(open, p)
		}
	}
	return open, nil
}

func pollResults(u *unit, a args) error {
	p, err := onePoll(u, a, false, "*")
	if err != nil {
		return err
	}
	if !p.ShowsCounts() {
		u.tell(chat.Message{Text: u.t("ResultsHidden", "Count", p.Turnout())})
		return nil
	}
	pv := pollView(u, p)
	if !p.Closed && u.m != nil && p.MeetingID == u.m.ID {
		// An interim count breaks a tie as the close would: by the vote of
		// the chair now in the chair, if the chair voted.
		interim := *p
		if err := seatCasting(u, &interim); err != nil {
			return err
		}
		pv.Poll = &interim
	}
	u.tell(u.view().Results(pv))
	return nil
}

// seatCasting makes the chair now in the chair the one whose vote breaks
// a tie in p (its casting voter), with a vote in a poll held to the
// voting register only if on it. A chair without a vote has no casting
// vote (utslagsröst) either: the lot decides a tie.
func seatCasting(u *unit, p *facilitation.Poll) error {
	votes := true
	if p.Register && u.m.Register.IsSet() {
		var err error
		if votes, err = onRegister(u, u.m.Chair); err != nil {
			return err
		}
	}
	p.CastingVoter, p.ChairNoVote = u.m.Chair, !votes
	return nil
}

// pollDraw draws the lots a closed poll's count waits for, with the
// bot's random source (crypto/rand but in tests), records the draw with the poll (and so in the minutes),
// and posts the result.
func pollDraw(u *unit, a args) error {
	p, err := awaitingPoll(u, a, func(r facilitation.Result) bool { return r.Lot != nil })
	if err == nil && p == nil {
		p, err = onePoll(u, a, false, "*")
	}
	if err != nil {
		return err
	}
	if err := ours(u, p); err != nil {
		return err
	}
	r := p.Results()
	if !p.Closed {
		return &facilitation.Error{Code: facilitation.ErrDrawOpenPoll}
	}
	if r.Lot == nil {
		return &facilitation.Error{Code: facilitation.ErrNoLotNeeded, Data: map[string]any{"ID": p.ID}}
	}
	return drawLot(u, p, r)
}

// drawLot draws the lot that p's count r waits for, records and
// announces it, and settles the votering that waited for it.
func drawLot(u *unit, p *facilitation.Poll, r facilitation.Result) error {
	pool, err := shuffled(u.b.random, r.Lot)
	if err != nil {
		return fmt.Errorf("draw lots: %w", err)
	}
	picked := slices.Sorted(slices.Values(pool[:r.LotPick]))
	if err := p.Draw(picked, u.now); err != nil {
		return err
	}
	if err := u.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	u.say(chat.Message{Text: words(u).DrawLine(p, p.Draws[len(p.Draws)-1], r)})
	u.say(u.view().Results(pollView(u, p)))
	if err := voteringClosed(u, p); err != nil { // a counted vote that waited for the lot
		return err
	}
	return u.refresh(render.PollKey(p.ID))
}

// electorate is who may vote on the meeting's questions on item itemID
// (see facilitation.Electorate): the register once it is set, less those
// recused on the item, with the register's proxies and substitutes.
func (u *unit) electorate(itemID int) facilitation.Electorate { return electorate(u.tx, u.m, itemID) }

func electorate(tx Tx, m *facilitation.Meeting, itemID int) facilitation.Electorate {
	r := m.Register
	// A vote asks about the same people more than once (vote checks
	// Eligible and VotersFor before Poll.Vote checks them again): each
	// is read from the register once.
	var listed map[string]bool
	e := facilitation.Electorate{Register: r.IsSet(), Size: r.Count,
		Listed: func(who string) (bool, error) {
			if ok, known := listed[who]; known {
				return ok, nil
			}
			ok, err := tx.Registered(m.ID, who)
			if err != nil {
				return false, fmt.Errorf("check register: %w", err)
			}
			if listed == nil {
				listed = map[string]bool{}
			}
			listed[who] = ok
			return ok, nil
		},
		Proxies: r.Proxies, Substitutes: r.Substitutes, Adjourned: m.IsAdjourned()}
	if it := m.Agenda.Item(itemID); it != nil {
		e.Recused = it.Recused
	}
	return e
}
