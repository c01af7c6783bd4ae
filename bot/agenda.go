package bot

import (
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

func showAgenda(u *unit, a args) error {
	u.post(u.key(render.KindAgenda), u.view().Agenda())
	return nil
}

// agendaChanged refreshes the posted agenda.
func agendaChanged(u *unit) error { return u.refresh(u.key(render.KindAgenda)) }

func agendaAdd(u *unit, a args) error {
	if err := a.want(1, 2); err != nil {
		return err
	}
	if max := u.b.limits.AgendaItems; len(u.m.Agenda.Items) >= max {
		return u.refuse(u.t("TooManyItems", "Max", max))
	}
	var box time.Duration
	if len(a.Words) == 2 {
		d, err := cmdline.ParseDuration(a.text(1))
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
	if under, ok := a.Flags["under"]; ok {
		parent, perr := position(u, under)
		if perr != nil {
			return perr
		}
		it, n, err = u.m.Agenda.AddUnder(parent, a.text(0), box)
	} else {
		it, n, err = u.m.Agenda.AddBeforeClosing(a.text(0), box)
	}
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("ItemAdded", "N", u.m.Agenda.Label(n), "Title", it.Title)})
	if err := scheduleOverrun(u); err != nil {
		return err
	}
	return agendaChanged(u)
}

// itemAt is the position of the item whose number ("9", "9a" or "9 a")
// the words from i on give.
func itemAt(u *unit, a args, i int) (int, error) {
	words := make([]string, 0, len(a.Words)-i)
	for _, w := range a.Words[i:] {
		words = append(words, w.Text)
	}
	return position(u, strings.Join(words, " "))
}

// position is the position of the item numbered label; a label that is
// not a number at all gets the usage line.
func position(u *unit, label string) (int, error) {
	if label = strings.TrimSpace(label); label == "" || label[0] < '0' || label[0] > '9' {
		return 0, cmdline.Usagef("%s", u.t("NotANumber", "Word", label))
	}
	return u.m.Agenda.Position(label)
}

func agendaRemove(u *unit, a args) error {
	if err := a.want(1, 2); err != nil {
		return err
	}
	n, err := itemAt(u, a, 0)
	if err != nil {
		return err
	}
	it, err := u.m.Agenda.Remove(n)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("ItemRemoved", "Title", it.Title)})
	if err := scheduleOverrun(u); err != nil {
		return err
	}
	return agendaChanged(u)
}

func agendaMove(u *unit, a args) error {
	if err := a.want(2, 2); err != nil {
		return err
	}
	from, err := position(u, a.text(0))
	if err != nil {
		return err
	}
	to, err := position(u, a.text(1))
	if err != nil {
		return err
	}
	if err := u.m.Agenda.Move(from, to); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("ItemMoved", "Title", u.m.Agenda.Items[to-1].Title, "N", u.m.Agenda.Label(to))})
	return agendaChanged(u)
}

// moved announces the agenda item that became current.
func moved(u *unit, it *facilitation.Item) error {
	if it == nil {
		u.say(chat.Message{Text: u.t("AgendaDone")})
		return agendaChanged(u)
	}
	_, n := u.m.Agenda.Current()
	msg := chat.Message{Header: u.t("NowItem", "N", u.m.Agenda.Label(n), "Title", it.Title), List: u.view().AgendaLines(), Numbers: u.view().AgendaNumbers()}
	if it.Timebox > 0 {
		msg.Text = u.t("Timebox", "Timebox", u.dur(it.Timebox))
	}
	if it.RemindRules && len(u.m.Rules) > 0 {
		msg.Fields = []chat.Field{{Label: u.t("RulesHeader"), Value: render.Bullets(u.m.Rules)}}
	}
	msg.Buttons = words(u).QueueButtons()
	u.post(u.key(render.KindAgenda), msg)
	return scheduleItem(u)
}

// moveAgenda applies an agenda move and announces the item it lands on.
func moveAgenda(u *unit, move func(*facilitation.Agenda, time.Time) (*facilitation.Item, error)) error {
	if err := notAdjourned(u); err != nil {
		return err
	}
	it, err := u.m.MoveAgenda(u.now, move)
	if err != nil {
		return err
	}
	return moved(u, it)
}

func nextItem(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	return moveAgenda(u, (*facilitation.Agenda).Next)
}

func agendaBack(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	return moveAgenda(u, (*facilitation.Agenda).Back)
}

func agendaJump(u *unit, a args) error {
	if err := a.want(1, 2); err != nil {
		return err
	}
	n, err := itemAt(u, a, 0)
	if err != nil {
		return err
	}
	return moveAgenda(u, func(a *facilitation.Agenda, now time.Time) (*facilitation.Item, error) { return a.Jump(n, now) })
}

func agendaExtend(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	d, err := cmdline.ParseDuration(a.text(0))
	if err != nil {
		return err
	}
	it, err := u.m.Agenda.Extend(d)
	if err != nil {
		return err
	}
	if left := it.Remaining(u.now); left >= 0 {
		u.say(chat.Message{Text: u.t("Extended", "Title", it.Title, "By", u.dur(d), "Left", u.dur(left))})
	} else {
		u.say(chat.Message{Text: u.t("ExtendedStillOver", "Title", it.Title, "By", u.dur(d), "Over", u.dur(-left))})
	}
	if err := scheduleItem(u); err != nil {
		return err
	}
	if err := scheduleOverrun(u); err != nil {
		return err
	}
	return agendaChanged(u)
}

// Speaker queue.
