package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// want checks the number of plain words a command got.
func (c *call) want(min, max int) error {
	if n := len(c.args.Words); n < min || n > max {
		return cmdline.Usagef("%s", c.t("WrongArgs"))
	}
	return nil
}

// number reads word i as a positive number.
func (c *call) number(i int) (int, error) {
	n, err := strconv.Atoi(c.args.Words[i].Text)
	if err != nil {
		return 0, cmdline.Usagef("%s", c.t("NotANumber", "Word", c.args.Words[i].Text))
	}
	return n, nil
}

// text reads word i as a title or text; quoted or not, it is taken as is.
func (c *call) text(i int) string { return strings.TrimSpace(c.args.Words[i].Text) }

func (c *call) start() error {
	if c.m != nil {
		return c.refuse(c.t("AlreadyRunning", "Title", c.m.Title))
	}
	if max := c.b.limits.MeetingsPerHour; c.req.Route != RouteInline && c.b.starts.count(startKey(c.req), c.now) >= max {
		return c.refuse(c.t("TooManyMeetings", "Max", max))
	}
	var tpl facilitation.Template
	var title string
	for _, w := range c.args.Words {
		if w.Quoted {
			if title != "" {
				return cmdline.Usagef("%s", c.t("WrongArgs"))
			}
			title = w.Text
			continue
		}
		if tpl.Name != "" {
			return cmdline.Usagef("%s", c.t("WrongArgs"))
		}
		f, err := c.findTemplate(w.Text)
		switch {
		case err != nil:
			return err
		case f == nil && len(c.b.templates) == 0 && !c.hasStored():
			return c.refuse(c.t("NoTemplates"))
		case f == nil:
			return c.refuse(c.t("UnknownTemplate", "Name", w.Text, "Names", c.templateNames()))
		}
		tpl = f.tpl
	}
	return c.open(tpl, title)
}

// open starts a meeting from tpl, with c.req.User in the chair, and posts
// its agenda: a command's start, or a scheduled meeting's.
func (c *call) open(tpl facilitation.Template, title string) error {
	if l := c.channelLang(); l != "" {
		tpl.Locale = l // the chair chose it with lang before starting
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
	if len(tpl.Members) > 0 {
		if err := c.importMembers(tpl.Members); err != nil {
			return err
		}
	}
	msg := chat.Message{
		Header: c.t("Started", "Title", c.m.Title),
		Text:   c.t("StartedBy", "Chair", c.name(c.m.Chair)),
	}
	if len(c.m.Agenda.Items) > 0 {
		msg.List, msg.Numbers = c.view().AgendaLines(), c.view().AgendaNumbers()
	}
	if len(c.m.Rules) > 0 && facilitation.On(c.m.Reminders.AtStart) {
		msg.Fields = append(msg.Fields, chat.Field{Label: c.t("RulesHeader"), Value: render.Bullets(c.m.Rules)})
	}
	msg.Buttons = c.words().QueueButtons()
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
	if err := c.scheduleIdle(); err != nil {
		return err
	}
	return c.scheduleOverrun()
}

func (c *call) templateNames() string {
	all, err := c.templateList()
	if err != nil {
		c.fail(err)
	}
	names := make([]string, len(all))
	for i, f := range all {
		names[i] = f.tpl.Name
	}
	return strings.Join(names, ", ")
}

// hasStored reports whether any template is stored for the channel.
func (c *call) hasStored() bool {
	all, err := c.templateList()
	return err == nil && len(all) > len(c.b.templates)
}

// end ends the meeting. It refuses while polls are open, naming them,
// unless --force: then it closes and counts them first.
func (c *call) end() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	open, err := c.openPolls()
	if err != nil {
		return err
	}
	if len(open) > 0 && !hasFlag(c.args.Flags, "force") {
		names := make([]string, len(open))
		for i, p := range open {
			names[i] = fmt.Sprintf("#%d “%s”", p.ID, p.Question)
		}
		return c.refuse(c.t("EndPollsOpen", "Polls", c.words().List(names), "Count", len(open)))
	}
	for _, p := range open {
		if err := c.closePoll(p, c.t("ClosedAtEnd")); err != nil {
			return err
		}
	}
	if err := c.m.End(c.now); err != nil {
		return err
	}
	if err := c.forgetPseudonyms(); err != nil {
		return err
	}
	md, err := c.minutesOf(c.m)
	if err != nil {
		return err
	}
	c.say(chat.Message{Header: c.t("Ended", "Title", c.m.Title), Text: md})
	return nil
}

func (c *call) status() error {
	if c.m == nil {
		c.tell(chat.Message{Text: c.t("NoMeeting")})
		return nil
	}
	msg := chat.Message{Header: c.m.Title, Fields: []chat.Field{
		{Label: c.t("ChairLabel"), Value: c.name(c.m.Chair)},
		{Label: c.t("RunningFor"), Value: c.dur(c.now.Sub(c.m.Started))},
	}}
	if it, n := c.m.Agenda.Current(); it != nil {
		msg.Fields = append(msg.Fields, chat.Field{Label: c.t("CurrentItem"), Value: c.m.Agenda.Label(n) + ". " + it.Title})
	}
	q := c.m.Queue()
	if q.Current != nil {
		msg.Fields = append(msg.Fields, chat.Field{Label: c.t("Speaking"), Value: c.name(q.Current.Who)})
	}
	msg.Fields = append(msg.Fields, chat.Field{Label: c.t("Waiting"), Value: strconv.Itoa(len(q.Waiting))})
	c.tell(msg)
	return nil
}

func (c *call) chair() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	id, err := c.mention(0)
	if err != nil {
		return err
	}
	if err := c.m.HandOver(id); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("NewChair", "Chair", c.name(id))})
	return nil
}

// mention reads word i as an @mention, records the person and returns their ID.
func (c *call) mention(i int) (string, error) {
	who, ok := cmdline.ParseMention(c.args.Words[i])
	if !ok {
		return "", cmdline.Usagef("%s", c.t("NeedMention"))
	}
	return who.ID, c.seeMention(who)
}

// mentions reads every word as an @mention.
func (c *call) mentions() ([]string, error) {
	ids := make([]string, len(c.args.Words))
	for i := range c.args.Words {
		id, err := c.mention(i)
		if err != nil {
			return nil, err
		}
		ids[i] = id
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
	c.say(chat.Message{Text: c.t("SecretarySet", "Name", c.name(ids[0]))})
	return c.officersDecide("SecretaryClause", ids)
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
	c.say(chat.Message{Text: c.t("AdjustersSet", "Names", c.words().List(c.names(ids)))})
	return c.officersDecide("AdjustersClause", ids)
}

func (c *call) listTemplates() error {
	all, err := c.templateList()
	if err != nil {
		return err
	}
	if len(all) == 0 {
		c.tell(chat.Message{Text: c.t("NoTemplates")})
		return nil
	}
	var lines []string
	for _, f := range all {
		t := f.tpl
		line := c.t("TemplateLine", "Name", t.Name, "Title", t.Title, "Count", len(t.Agenda), "Planned", c.dur(t.Planned()))
		origin := c.t("Origin" + f.origin)
		if f.v != nil {
			origin += ", v" + strconv.Itoa(f.v.Version)
			if _, shadows := c.b.template(t.Name); shadows {
				origin += ", " + c.t("TemplateShadows")
			}
		}
		lines = append(lines, line+" ("+origin+")")
	}
	c.tell(chat.Message{Header: c.t("TemplatesHeader"), Text: render.Bullets(lines), Context: c.t("TemplatesHint")})
	return nil
}

func (c *call) setLang() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	l := strings.ToLower(c.text(0))
	if !c.b.i18n.Has(l) {
		return cmdline.Usagef("%s", c.t("UnknownLang", "Lang", l, "Langs", strings.Join(i18n.Locales, ", ")))
	}
	if c.m != nil && !c.isChair() {
		return c.refuse(c.t("ChairOnly", "Chair", c.name(c.m.Chair)))
	}
	// Before a meeting the choice is the channel's, and the next meeting
	// started here speaks it.
	if err := c.tx.PutChannelLang(c.req.Channel, l); err != nil {
		return fmt.Errorf("store the channel's language: %w", err)
	}
	c.lang = l
	if c.m != nil {
		c.m.Locale = l
	}
	c.say(chat.Message{Text: c.t("LangSet")})
	return nil
}
