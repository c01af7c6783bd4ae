package bot

import (
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// agendaKey is the stable key of the meeting's agenda message.
func (c *call) agendaKey() string { return "agenda/" + c.m.ID }

func (c *call) showAgenda() error {
	c.post(c.agendaKey(), c.view().Agenda())
	return nil
}

// agendaChanged refreshes the posted agenda.
func (c *call) agendaChanged() error { return c.refresh(c.agendaKey()) }

func (c *call) agendaAdd() error {
	if err := c.want(1, 2); err != nil {
		return err
	}
	if max := c.b.limits.AgendaItems; len(c.m.Agenda.Items) >= max {
		return c.refuse(c.t("TooManyItems", "Max", max))
	}
	var box time.Duration
	if len(c.args.Words) == 2 {
		d, err := cmdline.ParseDuration(c.text(1))
		if err != nil {
			return err
		}
		box = d
	}
	var (
		it  *facilitation.Item
		n   int
		err error
	)
	if under, ok := c.args.Flags["under"]; ok {
		parent, perr := c.position(under)
		if perr != nil {
			return perr
		}
		it, n, err = c.m.Agenda.AddUnder(parent, c.text(0), box)
	} else {
		it, n, err = c.m.Agenda.AddBeforeClosing(c.text(0), box)
	}
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("ItemAdded", "N", c.m.Agenda.Label(n), "Title", it.Title)})
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	return c.agendaChanged()
}

// itemAt is the position of the item whose number ("9", "9a" or "9 a")
// the words from i on give.
func (c *call) itemAt(i int) (int, error) {
	words := make([]string, 0, len(c.args.Words)-i)
	for _, w := range c.args.Words[i:] {
		words = append(words, w.Text)
	}
	return c.position(strings.Join(words, " "))
}

// position is the position of the item numbered label; a label that is
// not a number at all gets the usage line.
func (c *call) position(label string) (int, error) {
	if label = strings.TrimSpace(label); label == "" || label[0] < '0' || label[0] > '9' {
		return 0, cmdline.Usagef("%s", c.t("NotANumber", "Word", label))
	}
	return c.m.Agenda.Position(label)
}

func (c *call) agendaRemove() error {
	if err := c.want(1, 2); err != nil {
		return err
	}
	n, err := c.itemAt(0)
	if err != nil {
		return err
	}
	it, err := c.m.Agenda.Remove(n)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("ItemRemoved", "Title", it.Title)})
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	return c.agendaChanged()
}

func (c *call) agendaMove() error {
	if err := c.want(2, 2); err != nil {
		return err
	}
	from, err := c.position(c.text(0))
	if err != nil {
		return err
	}
	to, err := c.position(c.text(1))
	if err != nil {
		return err
	}
	if err := c.m.Agenda.Move(from, to); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("ItemMoved", "Title", c.m.Agenda.Items[to-1].Title, "N", c.m.Agenda.Label(to))})
	return c.agendaChanged()
}

// moved announces the agenda item that became current.
func (c *call) moved(it *facilitation.Item) error {
	if it == nil {
		c.say(chat.Message{Text: c.t("AgendaDone")})
		return c.agendaChanged()
	}
	_, n := c.m.Agenda.Current()
	msg := chat.Message{Header: c.t("NowItem", "N", c.m.Agenda.Label(n), "Title", it.Title), List: c.view().AgendaLines(), Numbers: c.view().AgendaNumbers()}
	if it.Timebox > 0 {
		msg.Text = c.t("Timebox", "Timebox", c.dur(it.Timebox))
	}
	if it.RemindRules && len(c.m.Rules) > 0 {
		msg.Fields = []chat.Field{{Label: c.t("RulesHeader"), Value: render.Bullets(c.m.Rules)}}
	}
	msg.Buttons = c.words().QueueButtons()
	c.post(c.agendaKey(), msg)
	return c.scheduleItem()
}

// moveAgenda applies an agenda move and announces the item it lands on.
func (c *call) moveAgenda(move func(*facilitation.Agenda, time.Time) (*facilitation.Item, error)) error {
	if err := c.notAdjourned(); err != nil {
		return err
	}
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
	if err := c.want(1, 2); err != nil {
		return err
	}
	n, err := c.itemAt(0)
	if err != nil {
		return err
	}
	return c.moveAgenda(func(a *facilitation.Agenda, now time.Time) (*facilitation.Item, error) { return a.Jump(n, now) })
}

func (c *call) agendaExtend() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	d, err := cmdline.ParseDuration(c.text(0))
	if err != nil {
		return err
	}
	it, err := c.m.Agenda.Extend(d)
	if err != nil {
		return err
	}
	if left := it.Remaining(c.now); left >= 0 {
		c.say(chat.Message{Text: c.t("Extended", "Title", it.Title, "By", c.dur(d), "Left", c.dur(left))})
	} else {
		c.say(chat.Message{Text: c.t("ExtendedStillOver", "Title", it.Title, "By", c.dur(d), "Over", c.dur(-left))})
	}
	if err := c.scheduleItem(); err != nil {
		return err
	}
	if err := c.scheduleOverrun(); err != nil {
		return err
	}
	return c.agendaChanged()
}

// Speaker queue.
