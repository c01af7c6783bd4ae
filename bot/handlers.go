package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// want checks the number of plain words a command got.
func (a args) want(min, max int) error {
	if n := len(a.Words); n < min || n > max {
		return cmdline.Usagef("%s", a.u.t("WrongArgs"))
	}
	return nil
}

// number reads word i as a positive number.
func (a args) number(i int) (int, error) {
	return readNumber(a.u, a.Words[i].Text, 1)
}

// readNumber reads s as a whole number of at least min, and says which
// of not a number, too large or too small a word that is not one is.
func readNumber(u *unit, s string, min int) (int, error) {
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"):
		return 0, cmdline.Usagef("%s", u.t("NumberTooLarge", "Word", s))
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, cmdline.Usagef("%s", u.t("NotANumber", "Word", s))
	case err != nil || n < min:
		return 0, cmdline.Usagef("%s", u.t("NumberTooSmall", "Word", s, "Min", min))
	}
	return n, nil
}

// text reads word i as a title or text; quoted or not, it is taken as
// is, but for spaces and invisible characters at its ends (cmdline.Trim).
func (a args) text(i int) string { return cmdline.Trim(a.Words[i].Text) }

func start(u *unit, a args) error {
	if u.m != nil {
		return u.refuse(u.t("AlreadyRunning", "Title", u.m.Title))
	}
	if max := u.b.limits.MeetingsPerHour; u.req.Route != RouteInline && u.b.starts.count(limitKey(u.req), u.now) >= max {
		return u.refuse(u.t("TooManyMeetings", "Max", max))
	}
	var tpl facilitation.Template
	var title string
	for _, w := range a.Words {
		if w.Quoted {
			if title != "" {
				return cmdline.Usagef("%s", u.t("WrongArgs"))
			}
			title = w.Text
			continue
		}
		if tpl.Name != "" {
			return cmdline.Usagef("%s", u.t("WrongArgs"))
		}
		f, err := findTemplate(u, w.Text)
		switch {
		case err != nil:
			return err
		case f == nil && len(u.b.templates) == 0 && !hasStored(u):
			return u.refuse(u.t("NoTemplates"))
		case f == nil:
			return u.refuse(u.t("UnknownTemplate", "Name", w.Text, "Names", templateNames(u)))
		}
		tpl = f.tpl
	}
	return open(u, tpl, title)
}

// open starts a meeting from tpl, with c.req.User in the chair, and posts
// its agenda: a command's start, or a scheduled meeting's.
func open(u *unit, tpl facilitation.Template, title string) error {
	if l := u.channelLang(); l != "" {
		tpl.Locale = l // the chair chose it with lang before starting
	}
	if tpl.Locale == "" {
		tpl.Locale = u.b.locale
	}
	if title == "" && tpl.Title == "" {
		title = u.t("DefaultTitle")
	}
	seq, err := u.tx.NextID("meeting")
	if err != nil {
		return fmt.Errorf("new meeting id: %w", err)
	}
	u.m = facilitation.New(strconv.FormatUint(seq, 10), u.req.Channel, title, u.req.User, tpl, u.now)
	u.m.Thread = u.req.Thread // where its timers speak
	if u.m.Zone == "" && u.b.clockZone != nil {
		u.m.Zone = u.b.clockZone.String() // the workspace's, kept with the meeting as its protokoll's
	}
	if err := u.see(u.req.User, u.req.UserName); err != nil {
		return err
	}
	u.lang = u.m.Locale
	if len(tpl.Members) > 0 {
		if err := importMembers(u, tpl.Members); err != nil {
			return err
		}
	}
	msg := chat.Message{
		Header: u.t("Started", "Title", u.m.Title),
		Text:   u.t("StartedBy", "Chair", u.name(u.m.Chair)),
	}
	if len(u.m.Agenda.Items) > 0 {
		msg.List, msg.Numbers = u.view().AgendaLines(), u.view().AgendaNumbers()
	}
	if len(u.m.Rules) > 0 && facilitation.On(u.m.Reminders.AtStart) {
		msg.Fields = append(msg.Fields, chat.Field{Label: u.t("RulesHeader"), Value: render.Bullets(u.m.Rules)})
	}
	msg.Buttons = words(u).QueueButtons()
	msg.Context = u.t("StartedHint")
	u.post(u.key(render.KindAgenda), msg)
	if err := scheduleItem(u); err != nil {
		return err
	}
	if every := u.m.Reminders.Every; every > 0 {
		if err := u.schedule(TimerRules, u.now.Add(every), 0); err != nil {
			return err
		}
	}
	if err := scheduleIdle(u); err != nil {
		return err
	}
	return scheduleOverrun(u)
}

func templateNames(u *unit) string {
	all, err := templateList(u)
	if err != nil {
		u.fail(err)
	}
	names := make([]string, len(all))
	for i, f := range all {
		names[i] = f.tpl.Name
	}
	return strings.Join(names, ", ")
}

// hasStored reports whether any template is stored for the channel.
func hasStored(u *unit) bool {
	all, err := templateList(u)
	return err == nil && len(all) > len(u.b.templates)
}

// end ends the meeting. It refuses while polls are open, naming them,
// unless --force: then it closes and counts them first. A result is never
// left waiting once the meeting has ended, as nothing could settle it
// then: end refuses while a count waits for lots or for the chair's
// casting vote, naming the poll. --force draws the lots (as poll draw
// would: announced and minuted), but never gives the chair's casting
// vote, nor holds the new round or the huvudvotering a close would call.
func end(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	force := hasFlag(a.Flags, "force")
	open, err := openPolls(u)
	if err != nil {
		return err
	}
	// The check-out is the meeting's last word: ending closes it, with its
	// results, rather than waiting for the chair to.
	var checkOuts []*facilitation.Poll
	open = slices.DeleteFunc(open, func(p *facilitation.Poll) bool {
		if p.Purpose == facilitation.Evaluation {
			checkOuts = append(checkOuts, p)
			return true
		}
		return false
	})
	waits, err := unsettled(u, open, force)
	if err != nil {
		return err
	}
	var why []string // every reason, so that one refusal names all that keeps the meeting going
	if len(waits) > 0 {
		why = append(why, u.t("EndUnsettled", "Polls", words(u).List(waits), "Count", len(waits)))
	}
	if len(open) > 0 && !force {
		why = append(why, u.t("EndPollsOpen", "Polls", words(u).List(pollNames(open)), "Count", len(open)))
	}
	found, undecided := votingLeft(u)
	votingWhy := func() string { return u.t("EndVoting", "Item", u.m.Agenda.Title(u.m.Voting.ItemID), "Found", found) }
	if undecided || found && !force {
		why = append(why, votingWhy())
	}
	if len(why) > 0 {
		return u.refuse(strings.Join(why, " "))
	}
	if found { // forced: the chair's finding stands now, as if the window had closed
		if _, err := u.m.Voting.ExtendWindow(0, u.now); err != nil {
			return err
		}
		if err := settle(u); err != nil {
			return err
		}
		if found, undecided = votingLeft(u); found || undecided { // a further question (a tillägg): the chair decides it
			return u.refuse(votingWhy())
		}
	}
	for _, p := range checkOuts {
		if err := closePoll(u, p, u.t("ClosedAtEnd")); err != nil {
			return err
		}
	}
	if force {
		for _, p := range open {
			if err := closePoll(u, p, u.t("ClosedAtEnd")); err != nil {
				return err
			}
		}
		if err := drawAtEnd(u); err != nil {
			return err
		}
		// What the checks above foresee should leave nothing waiting; if
		// something does, the meeting goes on (the refusal undoes all).
		if waits, err = unsettled(u, nil, false); err != nil {
			return err
		}
		if open, err = openPolls(u); err != nil {
			return err
		}
		if len(waits) > 0 || len(open) > 0 {
			return u.refuse(u.t("EndUnsettled", "Polls", words(u).List(append(waits, pollNames(open)...)), "Count", len(waits)+len(open)))
		}
	}
	return endMeeting(u, nil, "")
}

// pollNames names polls as the refusals of end do: #2 “Budget?”.
func pollNames(ps []*facilitation.Poll) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = fmt.Sprintf("#%d “%s”", p.ID, p.Question)
	}
	return names
}

// votingLeft reports what of a propositionsordning is left when the
// meeting would end: a finding whose window for demanding a votering is
// still open (found), or a question nobody has decided (undecided). A
// votering demanded is an open poll, which end names already.
func votingLeft(u *unit) (found, undecided bool) {
	v := u.m.Voting
	if v == nil || v.Done {
		return false, false
	}
	s := v.Current()
	switch {
	case s == nil, s.Demanded, s.Poll != 0:
		return false, false
	case s.Declared > 0:
		return true, false
	}
	return false, true
}

// unsettled says, poll by poll, what keeps the meeting from ending: a
// closed poll whose count waits for lots (unless force draws them) or
// for the chair's casting vote; and with force, an open poll that
// closing would leave tied for the casting vote, or that would call a
// new round, or a kontrapropositionsvotering whose count would call the
// huvudvotering.
func unsettled(u *unit, open []*facilitation.Poll, force bool) ([]string, error) {
	var out []string
	// counter names what a kontrapropositionsvotering's count would call:
	// the huvudvotering, or the question on the ändringsyrkande chosen.
	counter := func(p *facilitation.Poll) string {
		v := u.m.Voting
		if v == nil || v.Done {
			return ""
		}
		s := v.Current()
		if s == nil || s.Poll != p.ID || s.Kind != facilitation.StepCounter {
			return ""
		}
		if u.m.Proposals[v.ItemID].List[s.Alternatives[0]-1].Kind == facilitation.Amendment {
			return "EndWouldAmendment"
		}
		return "EndWouldMain"
	}
	for _, id := range u.m.Polls {
		p, err := u.tx.Poll(id)
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", id, err)
		}
		if !p.Closed {
			continue
		}
		data := []any{"ID", p.ID, "Question", p.Question}
		switch r, next := p.Results(), counter(p); {
		case r.NeedCasting != nil:
			out = append(out, u.t("EndWaitsCasting", data...))
		case r.Lot != nil && !force:
			out = append(out, u.t("EndWaitsLot", data...))
		case r.Lot != nil && next != "":
			out = append(out, u.t(next, data...))
		}
	}
	if !force {
		return out, nil
	}
	for _, p := range open {
		data := []any{"ID", p.ID, "Question", p.Question}
		closed := *p // counted as the close would count it, changing nothing
		closed.Closed = true
		if err := seatCasting(u, &closed); err != nil {
			return nil, err
		}
		switch r, next := closed.Results(), counter(p); {
		case r.NeedCasting != nil:
			out = append(out, u.t("EndWouldTie", data...))
		case r.Runoff != nil:
			out = append(out, u.t("EndWouldRunoff", data...))
		case next != "":
			out = append(out, u.t(next, data...))
		}
	}
	return out, nil
}

// drawAtEnd draws the lots the meeting's closed polls wait for, as
// poll draw does, before end --force ends the meeting. A count may ask
// for more than one lot (an election by STV); each is drawn in turn.
func drawAtEnd(u *unit) error {
	for _, id := range u.m.Polls {
		p, err := u.tx.Poll(id)
		if err != nil {
			return fmt.Errorf("load poll %d: %w", id, err)
		}
		for range len(p.Options) + 1 {
			r := p.Results()
			if !p.Closed || r.Lot == nil {
				break
			}
			if err := drawLot(u, p, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// endMeeting closes the open polls, ends the meeting, forgets its
// pseudonyms and posts its minutes, after why (if any): by the chair's
// end, or by the meeting's idling (endIfIdle).
func endMeeting(u *unit, open []*facilitation.Poll, why string) error {
	for _, p := range open {
		if err := closePoll(u, p, u.t("ClosedAtEnd")); err != nil {
			return err
		}
	}
	if u.m.IsAdjourned() { // the meeting ends in its adjournment, which the protokoll says
		d, err := u.m.Resume(u.now)
		if err != nil {
			return err
		}
		if err := noteAdjournment(u, d); err != nil {
			return err
		}
	}
	if err := u.m.End(u.now); err != nil {
		return err
	}
	if err := forgetPseudonyms(u); err != nil {
		return err
	}
	md, err := minutesOf(u, u.m)
	if err != nil {
		return err
	}
	if why != "" {
		md = why + "\n\n" + md
	}
	u.say(chat.Message{Header: u.t("Ended", "Title", u.m.Title), Text: md})
	u.touch()
	return nil
}

func status(u *unit, a args) error {
	if u.m == nil {
		u.tell(chat.Message{Text: u.t("NoMeeting")})
		return nil
	}
	msg := chat.Message{Header: u.m.Title, Fields: []chat.Field{
		{Label: u.t("ChairLabel"), Value: u.name(u.m.Chair)},
		{Label: u.t("RunningFor"), Value: u.dur(u.now.Sub(u.m.Started))},
	}}
	if it, n := u.m.Agenda.Current(); it != nil {
		msg.Fields = append(msg.Fields, chat.Field{Label: u.t("CurrentItem"), Value: u.m.Agenda.Label(n) + ". " + it.Title})
	}
	q := u.m.Queue()
	if q.Current != nil {
		msg.Fields = append(msg.Fields, chat.Field{Label: u.t("Speaking"), Value: u.name(q.Current.Who)})
	}
	msg.Fields = append(msg.Fields, chat.Field{Label: u.t("Waiting"), Value: strconv.Itoa(len(q.Waiting))})
	u.tell(msg)
	return nil
}

func chair(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	id, err := a.mention(0)
	if err != nil {
		return err
	}
	was := u.m.Chair
	if err := u.m.HandOver(id); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("NewChair", "Chair", u.name(id))})
	if !u.m.Protocol || was == id {
		return nil
	}
	if elects, err := electsChair(u, was); err != nil || elects { // minuted as the secretary's election is
		if err != nil {
			return err
		}
		return officersDecide(u, "ChairClause", []string{id})
	}
	// The protokoll says who led which part, under the § where it changed.
	return ownEntry(u, facilitation.Entry{Kind: facilitation.Note, By: id, At: u.now}, func() string {
		return u.t("MinutesChairHandover", "At", words(u).Clock(u.now), "From", u.name(was), "To", u.name(id))
	})
}

// electsChair reports whether handing the chair over is the meeting's
// election of its chair (mötesordförande): made at the § where it elects
// its officers, that is, on the item where a secretary, justerare or
// rösträknare was elected, or before any was: the meeting's first change
// of chair, before anything was decided on the item.
// A handover later, or by a chair with jäv, is only a handover.
func electsChair(u *unit, was string) (bool, error) {
	m := u.m
	if it, _ := m.Agenda.Current(); it != nil && slices.Contains(it.Recused, was) {
		return false, nil
	}
	officers := map[string][]string{"AdjustersClause": m.Adjusters, "TellersClause": m.Protokoll.Tellers}
	if m.Secretary != "" {
		officers["SecretaryClause"] = []string{m.Secretary}
	}
	clauses := map[string]bool{}
	for id, ids := range officers {
		if len(ids) > 0 {
			clauses[u.t(id, "Names", words(u).List(u.names(ids)))] = true
		}
	}
	mm, err := u.minutes()
	if err != nil {
		return false, err
	}
	if len(clauses) == 0 { // before the officers: the first change of chair, before anything is decided on the item
		return m.Voting == nil && !slices.ContainsFunc(mm.Entries, func(e facilitation.Entry) bool {
			return e.Kind == facilitation.Decision && e.ItemID == m.CurrentItemID() ||
				u.wrote(e.TextIn(u.lang), "ChairClause", "Names") || u.wrote(e.TextIn(u.lang), "MinutesChairHandover", "At", "From", "To")
		}), nil
	}
	for _, e := range mm.Entries {
		if e.Kind == facilitation.Decision && e.ItemID == m.CurrentItemID() && clauses[e.TextIn(u.lang)] {
			return true, nil
		}
	}
	return false, nil
}

// wrote reports whether text is message id as Klubba writes it, whatever
// fills its keys: an entry of its own (a handover, an election), known by
// its wording in the language of u.
func (u *unit) wrote(text, id string, keys ...string) bool {
	const mark = "\x00"
	kv := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		kv = append(kv, k, mark)
	}
	parts := strings.Split(u.t(id, kv...), mark)
	first, last := parts[0], parts[len(parts)-1]
	if len(parts) < 2 || len(text) <= len(first)+len(last) || !strings.HasPrefix(text, first) || !strings.HasSuffix(text, last) {
		return false
	}
	rest := text[len(first) : len(text)-len(last)] // the keys' fillers and the words between them
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i <= 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return rest != ""
}

// listJoins are the words that join the last two of a list.
var listJoins = []string{"och", "and", "&"}

// listItems is words without the commas that separate them and the bare
// words joining that are among joins (och, and): the items of a list.
func listItems(words []cmdline.Token, joins ...string) []cmdline.Token {
	out := make([]cmdline.Token, 0, len(words))
	for _, w := range words {
		if w.Quoted {
			out = append(out, w)
			continue
		}
		for part := range strings.SplitSeq(w.Text, ",") {
			if part = cmdline.Trim(part); part != "" && !slices.Contains(joins, strings.ToLower(part)) {
				out = append(out, cmdline.Token{Text: part})
			}
		}
	}
	return out
}

// mention reads word i as an @mention, records the person and returns their ID.
func (a args) mention(i int) (string, error) {
	who, ok := cmdline.ParseMention(a.Words[i])
	if !ok {
		return "", cmdline.Usagef("%s", a.u.t("NeedMention"))
	}
	return who.ID, a.u.seeMention(who)
}

// mentions reads every word as an @mention, the words that join a list
// of them aside: @anders och @cecilia, @a, @b and @c.
func (a args) mentions() ([]string, error) {
	a.Words = listItems(a.Words, listJoins...)
	ids := make([]string, len(a.Words))
	for i := range a.Words {
		id, err := a.mention(i)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

func secretary(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	u.m.Secretary = ids[0]
	u.say(chat.Message{Text: u.t("SecretarySet", "Name", u.name(ids[0]))})
	return officersDecide(u, "SecretaryClause", ids)
}

func adjusters(u *unit, a args) error {
	a.Words = listItems(a.Words, listJoins...)
	if err := a.want(1, 5); err != nil {
		return err
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	u.m.Adjusters = ids
	u.say(chat.Message{Text: u.t("AdjustersSet", "Names", words(u).List(u.names(ids)))})
	return officersDecide(u, "AdjustersClause", ids)
}

func listTemplates(u *unit, a args) error {
	all, err := templateList(u)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		u.tell(chat.Message{Text: u.t("NoTemplates")})
		return nil
	}
	var lines []string
	for _, f := range all {
		t := f.tpl
		id := "TemplateLine"
		switch {
		case len(t.Agenda) == 0:
			id = "TemplateLineEmpty"
		case t.Planned() == 0: // no timeboxes: no "0s"
			id = "TemplateLineUntimed"
		}
		line := u.t(id, "Name", t.Name, "Title", t.Title, "Count", len(t.Agenda), "Planned", u.dur(t.Planned()))
		origin := u.t("Origin" + f.origin)
		if f.v != nil {
			origin += ", v" + strconv.Itoa(f.v.Version)
			if _, shadows := u.b.template(t.Name); shadows {
				origin += ", " + u.t("TemplateShadows")
			}
		}
		lines = append(lines, line+" ("+origin+")")
	}
	u.tell(chat.Message{Header: u.t("TemplatesHeader"), Text: render.Bullets(lines), Context: u.t("TemplatesHint")})
	return nil
}

func setLang(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	l := strings.ToLower(a.text(0))
	if !u.b.i18n.Has(l) {
		return cmdline.Usagef("%s", u.t("UnknownLang", "Lang", l, "Langs", strings.Join(i18n.Locales, ", ")))
	}
	if u.m != nil && !u.isChair() {
		return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
	}
	// Before a meeting the choice is the channel's, and the next meeting
	// started here speaks it.
	if err := u.tx.PutChannelLang(u.req.Channel, l); err != nil {
		return fmt.Errorf("store the channel's language: %w", err)
	}
	u.lang = l
	if u.m == nil {
		u.say(chat.Message{Text: u.t("LangSetChannel")})
		return nil
	}
	u.m.Locale = l
	u.say(chat.Message{Text: u.t("LangSet")})
	return nil
}
