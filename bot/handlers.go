package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// want checks the number of plain words a command got.
func (c *call) want(min, max int) error {
	if n := len(c.args.Words); n < min || n > max {
		return usageErr("%s", c.t("WrongArgs"))
	}
	return nil
}

// number reads word i as a positive number.
func (c *call) number(i int) (int, error) {
	n, err := strconv.Atoi(c.args.Words[i].Text)
	if err != nil {
		return 0, usageErr("%s", c.t("NotANumber", "Word", c.args.Words[i].Text))
	}
	return n, nil
}

// text reads word i as a title or text; quoted or not, it is taken as is.
func (c *call) text(i int) string { return strings.TrimSpace(c.args.Words[i].Text) }

func (c *call) start() error {
	if c.m != nil {
		return c.refuse(c.t("AlreadyRunning", "Title", c.m.Title))
	}
	var tpl facilitation.Template
	var title string
	for _, w := range c.args.Words {
		if w.Quoted {
			if title != "" {
				return usageErr("%s", c.t("WrongArgs"))
			}
			title = w.Text
			continue
		}
		if tpl.Name != "" {
			return usageErr("%s", c.t("WrongArgs"))
		}
		t, ok := c.b.template(w.Text)
		if !ok {
			return c.refuse(c.t("UnknownTemplate", "Name", w.Text, "Names", c.templateNames()))
		}
		tpl = t
	}
	if tpl.Locale == "" {
		tpl.Locale = c.b.locale
	}
	if title == "" && tpl.Title == "" {
		title = c.t("DefaultTitle")
	}
	seq, err := c.tx.NextID("meeting")
	if err != nil {
		return fmt.Errorf("new meeting id: %w", err)
	}
	c.m = facilitation.New(strconv.FormatUint(seq, 10), c.req.Channel, title, c.req.User, tpl, c.now)
	if err := c.see(c.req.User, c.req.UserName); err != nil {
		return err
	}
	c.lang = c.m.Locale
	msg := Message{
		Header: c.t("Started", "Title", c.m.Title),
		Text:   c.t("StartedBy", "Chair", c.name(c.m.Chair)),
	}
	if len(c.m.Agenda.Items) > 0 {
		msg.List = c.agendaLines()
	}
	if len(c.m.Rules) > 0 && facilitation.On(c.m.Reminders.AtStart) {
		msg.Fields = append(msg.Fields, Field{Label: c.t("RulesHeader"), Value: bullets(c.m.Rules)})
	}
	msg.Buttons = c.queueButtons()
	msg.Context = c.t("StartedHint")
	c.post(c.agendaKey(), msg)
	if err := c.scheduleItem(); err != nil {
		return err
	}
	if every := c.m.Reminders.Every; every > 0 {
		if err := c.schedule(TimerRules, c.now.Add(every), 0); err != nil {
			return err
		}
	}
	return c.scheduleOverrun()
}

func (c *call) templateNames() string {
	names := make([]string, len(c.b.templates))
	for i, t := range c.b.templates {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

func (c *call) end() error {
	if err := c.m.End(c.now); err != nil {
		return err
	}
	md, err := c.minutesMarkdown(c.m, c.pollsOf(c.m))
	if err != nil {
		return err
	}
	c.say(Message{Header: c.t("Ended", "Title", c.m.Title), Text: md})
	return nil
}

func (c *call) status() error {
	if c.m == nil {
		c.tell(Message{Text: c.t("NoMeeting")})
		return nil
	}
	msg := Message{Header: c.m.Title, Fields: []Field{
		{Label: c.t("ChairLabel"), Value: c.name(c.m.Chair)},
		{Label: c.t("RunningFor"), Value: fmtDuration(c.now.Sub(c.m.Started))},
	}}
	if it, n := c.m.Agenda.Current(); it != nil {
		msg.Fields = append(msg.Fields, Field{Label: c.t("CurrentItem"), Value: fmt.Sprintf("%d. %s", n, it.Title)})
	}
	q := c.m.Queue()
	if q.Current != nil {
		msg.Fields = append(msg.Fields, Field{Label: c.t("Speaking"), Value: c.name(q.Current.Who)})
	}
	msg.Fields = append(msg.Fields, Field{Label: c.t("Waiting"), Value: strconv.Itoa(len(q.Waiting))})
	c.tell(msg)
	return nil
}

func (c *call) chair() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	who, ok := ParseMention(c.args.Words[0])
	if !ok {
		return usageErr("%s", c.t("NeedMention"))
	}
	if err := c.seeMention(who); err != nil {
		return err
	}
	if err := c.m.HandOver(who.ID); err != nil {
		return err
	}
	c.say(Message{Text: c.t("NewChair", "Chair", c.name(who.ID))})
	return nil
}

// mentions reads every word as an @mention and records the people.
func (c *call) mentions() ([]string, error) {
	ids := make([]string, len(c.args.Words))
	for i, w := range c.args.Words {
		who, ok := ParseMention(w)
		if !ok {
			return nil, usageErr("%s", c.t("NeedMention"))
		}
		if err := c.seeMention(who); err != nil {
			return nil, err
		}
		ids[i] = who.ID
	}
	return ids, nil
}

func (c *call) secretary() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	ids, err := c.mentions()
	if err != nil {
		return err
	}
	c.m.Secretary = ids[0]
	c.say(Message{Text: c.t("SecretarySet", "Name", c.name(ids[0]))})
	return nil
}

func (c *call) adjusters() error {
	if err := c.want(1, 5); err != nil {
		return err
	}
	ids, err := c.mentions()
	if err != nil {
		return err
	}
	c.m.Adjusters = ids
	c.say(Message{Text: c.t("AdjustersSet", "Names", strings.Join(c.names(ids), ", "))})
	return nil
}

func (c *call) listTemplates() error {
	if len(c.b.templates) == 0 {
		c.tell(Message{Text: c.t("NoTemplates")})
		return nil
	}
	var lines []string
	for _, t := range c.b.templates {
		lines = append(lines, c.t("TemplateLine", "Name", t.Name, "Title", t.Title, "Count", len(t.Agenda), "Planned", fmtDuration(plannedOf(t))))
	}
	c.tell(Message{Header: c.t("TemplatesHeader"), Text: bullets(lines)})
	return nil
}

func plannedOf(t facilitation.Template) time.Duration {
	var d time.Duration
	for _, it := range t.Agenda {
		d += it.Timebox
	}
	return d
}

func (c *call) setLang() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	l := strings.ToLower(c.text(0))
	if !c.b.i18n.has(l) {
		return usageErr("%s", c.t("UnknownLang", "Lang", l, "Langs", strings.Join(Locales, ", ")))
	}
	c.m.Locale, c.lang = l, l
	c.say(Message{Text: c.t("LangSet")})
	return nil
}

// Agenda.

func (c *call) agendaKey() string { return "agenda/" + c.m.ID }
func (c *call) queueKey() string  { return "queue/" + c.m.ID }
func pollKey(id int64) string     { return "poll/" + strconv.FormatInt(id, 10) }

func (c *call) showAgenda() error {
	c.post(c.agendaKey(), c.agendaMessage())
	return nil
}

// agendaChanged refreshes the posted agenda.
func (c *call) agendaChanged() error { return c.edit(c.agendaKey(), c.agendaMessage()) }

func (c *call) agendaAdd() error {
	if err := c.want(1, 2); err != nil {
		return err
	}
	var box time.Duration
	if len(c.args.Words) == 2 {
		d, err := ParseDuration(c.text(1))
		if err != nil {
			return err
		}
		box = d
	}
	it, err := c.m.Agenda.Add(c.text(0), box)
	if err != nil {
		return err
	}
	c.say(Message{Text: c.t("ItemAdded", "N", len(c.m.Agenda.Items), "Title", it.Title)})
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	return c.agendaChanged()
}

func (c *call) agendaRemove() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	it, err := c.m.Agenda.Remove(n)
	if err != nil {
		return err
	}
	c.say(Message{Text: c.t("ItemRemoved", "Title", it.Title)})
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	return c.agendaChanged()
}

func (c *call) agendaMove() error {
	if err := c.want(2, 2); err != nil {
		return err
	}
	from, err := c.number(0)
	if err != nil {
		return err
	}
	to, err := c.number(1)
	if err != nil {
		return err
	}
	if err := c.m.Agenda.Move(from, to); err != nil {
		return err
	}
	c.say(Message{Text: c.t("ItemMoved", "Title", c.m.Agenda.Items[to-1].Title, "N", to)})
	return c.agendaChanged()
}

// moved announces the agenda item that became current.
func (c *call) moved(it *facilitation.Item) error {
	if it == nil {
		c.say(Message{Text: c.t("AgendaDone")})
		return c.agendaChanged()
	}
	_, n := c.m.Agenda.Current()
	msg := Message{Header: c.t("NowItem", "N", n, "Title", it.Title), List: c.agendaLines()}
	if it.Timebox > 0 {
		msg.Text = c.t("Timebox", "Timebox", fmtDuration(it.Timebox))
	}
	if it.RemindRules && len(c.m.Rules) > 0 {
		msg.Fields = []Field{{Label: c.t("RulesHeader"), Value: bullets(c.m.Rules)}}
	}
	msg.Buttons = c.queueButtons()
	c.post(c.agendaKey(), msg)
	return c.scheduleItem()
}

// moveAgenda applies an agenda move and announces the item it lands on.
func (c *call) moveAgenda(move func(*facilitation.Agenda, time.Time) (*facilitation.Item, error)) error {
	it, err := c.m.MoveAgenda(c.now, move)
	if err != nil {
		return err
	}
	return c.moved(it)
}

func (c *call) nextItem() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	return c.moveAgenda((*facilitation.Agenda).Next)
}

func (c *call) agendaBack() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	return c.moveAgenda((*facilitation.Agenda).Back)
}

func (c *call) agendaJump() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	return c.moveAgenda(func(a *facilitation.Agenda, now time.Time) (*facilitation.Item, error) { return a.Jump(n, now) })
}

func (c *call) agendaExtend() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	d, err := ParseDuration(c.text(0))
	if err != nil {
		return err
	}
	it, err := c.m.Agenda.Extend(d)
	if err != nil {
		return err
	}
	c.say(Message{Text: c.t("Extended", "Title", it.Title, "By", fmtDuration(d), "Left", fmtDuration(it.Remaining(c.now)))})
	if err := c.scheduleItem(); err != nil {
		return err
	}
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	return c.agendaChanged()
}

// Speaker queue.

func (c *call) ask(kind facilitation.Kind) error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	q := c.m.Queue()
	if _, err := q.Ask(c.req.User, kind, c.now); err != nil {
		return err
	}
	c.tell(Message{Text: c.t("Queued"+string(kind), "Position", q.Position(c.req.User, kind), "Speaker", c.name(q.Speech))})
	if kind == facilitation.Speak {
		if err := c.nudgeNotSpoken(); err != nil {
			return err
		}
	}
	return c.queueChanged()
}

// nudgeNotSpoken tells the chair, privately, when someone who has spoken
// asks again while others in the meeting have not spoken at all.
func (c *call) nudgeNotSpoken() error {
	if !facilitation.On(c.m.Reminders.Nudges.NotSpoken) {
		return nil
	}
	ids, err := c.participants()
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == c.m.Chair })
	spoke, silent := facilitation.Stats(c.m.AllQueues(), ids, c.now)
	hasSpoken := false
	for _, s := range spoke {
		hasSpoken = hasSpoken || s.Who == c.req.User
	}
	if hasSpoken && len(silent) > 0 {
		c.tellPerson(c.m.Chair, Message{Text: c.t("NudgeNotSpoken", "Name", c.name(c.req.User), "Count", len(silent))})
	}
	return nil
}

func (c *call) hand() error  { return c.ask(facilitation.Speak) }
func (c *call) reply() error { return c.ask(facilitation.Reply) }
func (c *call) order() error { return c.ask(facilitation.PointOfOrder) }
func (c *call) info() error  { return c.ask(facilitation.Information) }

func (c *call) lower() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.m.Queue().Lower(c.req.User); err != nil {
		return err
	}
	c.tell(Message{Text: c.t("Lowered")})
	return c.queueChanged()
}

// queueChanged refreshes the posted queue.
func (c *call) queueChanged() error { return c.edit(c.queueKey(), c.queueMessage()) }

func (c *call) nextSpeaker() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	q := c.m.Queue()
	turn, next, err := q.Next(c.now)
	if err != nil {
		return err
	}
	text := c.t("Floor"+string(turn.Kind), "Name", c.name(turn.Who))
	if next != "" {
		text += " " + c.t("NextUp", "Name", c.name(next))
	}
	c.say(Message{Text: text})
	if who := q.NextToTell(); who != "" {
		c.tellPerson(who, Message{Text: c.t("YouAreNext", "Name", c.name(turn.Who))})
	}
	if max := c.m.QueueRules.MaxTurn; max > 0 && facilitation.On(c.m.Reminders.Nudges.LongTurn) {
		if err := c.schedule(TimerLongTurn, c.now.Add(max), 0); err != nil {
			return err
		}
	}
	return c.queueChanged()
}

func (c *call) done() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	turn, err := c.m.Queue().Done(c.req.User, c.isChair(), c.now)
	if err != nil {
		return err
	}
	c.say(Message{Text: c.t("TurnDone", "Name", c.name(turn.Who), "Took", fmtDuration(turn.Duration(c.now)))})
	return c.queueChanged()
}

func (c *call) showQueue() error {
	c.post(c.queueKey(), c.queueMessage())
	return nil
}

func (c *call) queueClose() error {
	if err := c.m.Queue().Close(); err != nil {
		return err
	}
	c.say(Message{Text: c.t("QueueClosed")})
	return c.queueChanged()
}

func (c *call) queueOpen() error {
	if err := c.m.Queue().Open(); err != nil {
		return err
	}
	c.say(Message{Text: c.t("QueueOpened")})
	return c.queueChanged()
}

func (c *call) stats() error {
	msg, err := c.statsMessage()
	if err != nil {
		return err
	}
	c.tell(msg)
	return nil
}

// Polls.

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
	return c.edit(pollKey(p.ID), c.pollMessage(p))
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

func (c *call) showRules() error {
	c.say(c.rulesMessage(c.t("RulesHeader")))
	return nil
}

func (c *call) rulesRemind() error {
	c.say(c.rulesMessage(c.t("RulesReminder")))
	return nil
}

func (c *call) rulesAdd() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	if err := c.m.AddRule(c.text(0)); err != nil {
		return err
	}
	c.say(Message{Text: c.t("RuleAdded", "N", len(c.m.Rules), "Rule", c.text(0))})
	return nil
}

func (c *call) rulesRemove() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	r, err := c.m.RemoveRule(n)
	if err != nil {
		return err
	}
	c.say(Message{Text: c.t("RuleRemoved", "Rule", r)})
	return nil
}

// Minutes.

func (c *call) record(kind facilitation.EntryKind, text, assignee string, due time.Time) error {
	e := facilitation.Entry{Kind: kind, Text: text, Assignee: assignee, Due: due, By: c.req.User, At: c.now}
	if err := c.m.Record(e); err != nil {
		return err
	}
	data := []any{"Text", text, "Name", c.name(assignee)}
	if !due.IsZero() {
		data = append(data, "Due", due.Format(time.DateOnly))
	}
	c.say(Message{Text: c.t("Recorded"+string(kind), data...)})
	return nil
}

func (c *call) decision() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	return c.record(facilitation.Decision, c.text(0), "", time.Time{})
}

func (c *call) note() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	return c.record(facilitation.Note, c.text(0), "", time.Time{})
}

func (c *call) action() error {
	if err := c.want(2, 3); err != nil {
		return err
	}
	who, ok := ParseMention(c.args.Words[0])
	if !ok {
		return usageErr("%s", c.t("NeedMention"))
	}
	if err := c.seeMention(who); err != nil {
		return err
	}
	var due time.Time
	if len(c.args.Words) == 3 {
		d, err := time.ParseInLocation(time.DateOnly, c.text(2), c.now.Location())
		if err != nil {
			return usageErr("%s", c.t("BadDate", "Date", c.text(2)))
		}
		due = d
	}
	return c.record(facilitation.Action, c.text(1), who.ID, due)
}

func (c *call) minutes() error {
	m := c.m
	if m == nil {
		last, err := c.tx.LastMeeting(c.req.Channel)
		if errors.Is(err, ErrNotFound) {
			return c.refuse(c.t("NoMinutes"))
		}
		if err != nil {
			return fmt.Errorf("load last meeting: %w", err)
		}
		m = last
		c.lang = cmpOr(m.Locale, c.lang)
	}
	md, err := c.minutesMarkdown(m, c.pollsOf(m))
	if err != nil {
		return err
	}
	c.tell(Message{Header: c.t("MinutesHeader", "Title", m.Title), Text: md})
	return nil
}

func (c *call) help() error {
	var lines []string
	for _, cmd := range c.b.commands {
		lines = append(lines, fmt.Sprintf("`%s`: %s", cmd.syntax, c.t("Help."+cmd.id)))
	}
	c.tell(Message{Header: c.t("HelpHeader"), Text: strings.Join(lines, "\n"), Context: c.t("HelpAliases")})
	return nil
}
