package bot

import (
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

func ask(u *unit, a args, kind facilitation.Kind) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	q := u.m.Queue()
	req, err := q.Ask(u.req.User, kind, u.now)
	if err != nil {
		return err
	}
	id, over := "Queued"+string(kind), "Overtaken"+string(kind)
	if kind == facilitation.Reply && q.Speech == u.req.User {
		id, over = "QueuedAnswer", "OvertakenAnswer" // the speaker answers the replies to their speech
	}
	u.tell(chat.Message{Text: u.t(id, "Position", q.Position(u.req.User, kind), "Speaker", u.name(q.Speech))})
	if who := q.Overtaken(req); who != "" { // told they were next, they are told that this comes first
		u.tellPerson(who, chat.Message{Text: u.t(over, "Name", u.name(u.req.User), "Speaker", u.name(q.Speech))})
	}
	if kind == facilitation.Speak {
		if err := nudgeNotSpoken(u); err != nil {
			return err
		}
	}
	return queueChanged(u)
}

// nudgeNotSpoken tells the chair, privately, when someone who has spoken
// asks again while others in the meeting have not spoken at all. Only
// who has spoken on this item counts, as the queue counts turns. It
// costs a pass over the item's turns, and the people (the unit's view,
// which renders the queue too) only when the asker has spoken.
func nudgeNotSpoken(u *unit) error {
	if !facilitation.On(u.m.Reminders.Nudges.NotSpoken) {
		return nil
	}
	q := u.m.Queue()
	spoke := func(who string) bool {
		return slices.ContainsFunc(q.History, func(t facilitation.Turn) bool { return t.Who == who }) ||
			(q.Current != nil && q.Current.Who == who)
	}
	if !spoke(u.req.User) {
		return nil
	}
	speakers := make(map[string]bool, len(q.History)+1)
	for _, t := range q.History {
		speakers[t.Who] = true
	}
	if q.Current != nil {
		speakers[q.Current.Who] = true
	}
	silent := 0
	for _, id := range u.view().People {
		if id != u.m.Chair && !speakers[id] {
			silent++
		}
	}
	if silent > 0 {
		u.tellPerson(u.m.Chair, chat.Message{Text: u.t("NudgeNotSpoken", "Name", u.name(u.req.User), "Count", silent)})
	}
	return nil
}

func hand(u *unit, a args) error  { return ask(u, a, facilitation.Speak) }
func reply(u *unit, a args) error { return ask(u, a, facilitation.Reply) }
func order(u *unit, a args) error { return ask(u, a, facilitation.PointOfOrder) }
func info(u *unit, a args) error  { return ask(u, a, facilitation.Information) }

// lowerWords are the words lower takes after it, in the languages
// spoken, without their å, ä and ö (cmdline.ASCIIFold): the kind of
// request withdrawn, or "all" of them.
var lowerWords = map[string]facilitation.Kind{
	"hand": facilitation.Speak, "speak": facilitation.Speak, "ordet": facilitation.Speak,
	"reply": facilitation.Reply, "replik": facilitation.Reply,
	"order": facilitation.PointOfOrder, "ordningsfraga": facilitation.PointOfOrder,
	"info": facilitation.Information, "sakupplysning": facilitation.Information,
	"all": everyKind, "alla": everyKind,
}

// everyKind stands, among lowerWords, for all of the caller's requests.
const everyKind facilitation.Kind = "all"

// lower withdraws the caller's request asked for last, or the one of
// the kind named, or all of them, and says which, and what is left.
func lower(u *unit, a args) error {
	if err := a.want(0, 1); err != nil {
		return err
	}
	var kind facilitation.Kind
	if u.req.Action != nil {
		kind = everyKind // the queue's button ("Lower hand", "Stryk mig") takes the caller off it
	}
	if len(a.Words) == 1 {
		var ok bool
		if kind, ok = lowerWords[cmdline.ASCIIFold(strings.ToLower(a.text(0)))]; !ok {
			return cmdline.Usagef("%s", u.t("LowerWhich", "Word", a.text(0)))
		}
	}
	q := u.m.Queue()
	wasTold := q.Told == u.req.User
	if kind == everyKind {
		if err := q.LowerAll(u.req.User); err != nil {
			return err
		}
		u.tell(chat.Message{Text: u.t("LoweredAll")})
		tellNext(u, q, wasTold)
		return queueChanged(u)
	}
	r, err := q.Lower(u.req.User, kind)
	if facilitation.ErrorCode(err) == facilitation.ErrNotQueued && kind != "" && len(q.Requests(u.req.User)) > 0 {
		return u.refuse(u.t("NotQueuedAs", "What", u.t("Kind"+string(kind))) + " " + stillQueued(u, q))
	}
	if err != nil {
		return err
	}
	id := "Lowered" + string(r.Kind)
	if r.Answer {
		id = "LoweredAnswer"
	}
	text := u.t(id)
	if len(q.Requests(u.req.User)) > 0 {
		text += " " + stillQueued(u, q)
	}
	u.tell(chat.Message{Text: text})
	tellNext(u, q, wasTold)
	return queueChanged(u)
}

// tellNext tells whoever is now next that they are, if the caller, told
// before that they were, has withdrawn (wasTold) and someone has the floor.
func tellNext(u *unit, q *facilitation.Queue, wasTold bool) {
	if q.Current == nil || !wasTold {
		return
	}
	if who := q.NextToTell(); who != "" {
		u.tellPerson(who, chat.Message{Text: u.t("YouAreNext", "Name", u.name(q.Current.Who)), Alert: true})
	}
}

// stillQueued says which requests the caller still has in q, in the
// order they are served, and how to withdraw them.
func stillQueued(u *unit, q *facilitation.Queue) string {
	reqs := q.Requests(u.req.User)
	places := make(map[facilitation.Kind]int, len(reqs))
	for _, r := range reqs {
		places[r.Kind] = q.Position(u.req.User, r.Kind)
	}
	slices.SortFunc(reqs, func(a, b facilitation.Request) int { return places[a.Kind] - places[b.Kind] })
	what := make([]string, len(reqs))
	for i, r := range reqs {
		kind := "Kind" + string(r.Kind)
		if r.Answer {
			kind = "KindAnswer"
		}
		what[i] = u.t("QueuedAs", "Kind", u.t(kind), "Position", places[r.Kind])
	}
	return u.t("StillQueued", "What", words(u).List(what))
}

// queueChanged refreshes the posted queue.
func queueChanged(u *unit) error { return u.refresh(u.key(render.KindQueue)) }

func nextSpeaker(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := notAdjourned(u); err != nil {
		return err
	}
	q := u.m.Queue()
	turn, next, err := q.Next(u.now)
	if err != nil {
		return err
	}
	msg := namesView(u, q.Current.Who, q.Speech).Floor()
	if next != "" {
		msg.Text += " " + u.t("NextUp", "Name", u.name(next))
	}
	u.post(u.key(render.KindFloor), msg)
	if who := q.NextToTell(); who != "" {
		u.tellPerson(who, chat.Message{Text: u.t("YouAreNext", "Name", u.name(turn.Who)), Alert: true})
	}
	if err := scheduleTurn(u); err != nil {
		return err
	}
	return queueChanged(u)
}

// done ends the caller's turn: on the floor, or else in the go-around,
// whose Done button it names (the chair's ends a go-around turn when
// nobody has the floor; another's is refused, naming whose turn it is).
func done(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if r := u.m.Round; r != nil && r.Running() {
		cur := u.m.Queue().Current
		if cur == nil || cur.Who != u.req.User && r.Current() == u.req.User { // roundNext says whose turn it is to end
			return roundNext(u, a)
		}
	}
	turn, err := u.m.Queue().Done(u.req.User, u.isChair(), u.now)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("TurnDone", "Name", u.name(turn.Who), "Took", u.dur(turn.Duration(u.now)))})
	if err := u.refresh(u.key(render.KindFloor)); err != nil { // the countdown stops
		return err
	}
	return queueChanged(u)
}

func showQueue(u *unit, a args) error {
	u.post(u.key(render.KindQueue), u.view().Queue())
	return nil
}

func queueClose(u *unit, a args) error {
	if err := u.m.Queue().Close(); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("QueueClosed")})
	return queueChanged(u)
}

func queueOpen(u *unit, a args) error {
	if err := u.m.Queue().Open(); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("QueueOpened")})
	return queueChanged(u)
}

func stats(u *unit, a args) error {
	msg := u.view().Stats()
	present, err := present(u)
	if err != nil {
		return err
	}
	u.view().AddFairness(&msg, present)
	u.tell(msg)
	return nil
}
