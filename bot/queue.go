package bot

import (
	"slices"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// queueKey is the stable key of the meeting's speaker-queue message.
func (c *call) queueKey() string { return "queue/" + c.m.ID }

func (c *call) ask(kind facilitation.Kind) error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	q := c.m.Queue()
	if _, err := q.Ask(c.req.User, kind, c.now); err != nil {
		return err
	}
	id := "Queued" + string(kind)
	if kind == facilitation.Reply && q.Speech == c.req.User {
		id = "QueuedAnswer" // the speaker answers the replies to their speech
	}
	c.tell(chat.Message{Text: c.t(id, "Position", q.Position(c.req.User, kind), "Speaker", c.name(q.Speech))})
	if kind == facilitation.Speak {
		if err := c.nudgeNotSpoken(); err != nil {
			return err
		}
	}
	return c.queueChanged()
}

// nudgeNotSpoken tells the chair, privately, when someone who has spoken
// asks again while others in the meeting have not spoken at all. Only
// who has spoken on this item counts, as the queue counts turns. It
// costs a pass over the item's turns, and the people (the call's view,
// which renders the queue too) only when the asker has spoken.
func (c *call) nudgeNotSpoken() error {
	if !facilitation.On(c.m.Reminders.Nudges.NotSpoken) {
		return nil
	}
	q := c.m.Queue()
	spoke := func(who string) bool {
		return slices.ContainsFunc(q.History, func(t facilitation.Turn) bool { return t.Who == who }) ||
			(q.Current != nil && q.Current.Who == who)
	}
	if !spoke(c.req.User) {
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
	for _, id := range c.view().People {
		if id != c.m.Chair && !speakers[id] {
			silent++
		}
	}
	if silent > 0 {
		c.tellPerson(c.m.Chair, chat.Message{Text: c.t("NudgeNotSpoken", "Name", c.name(c.req.User), "Count", silent)})
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
	c.tell(chat.Message{Text: c.t("Lowered")})
	return c.queueChanged()
}

// queueChanged refreshes the posted queue.
func (c *call) queueChanged() error { return c.refresh(c.queueKey()) }

func (c *call) nextSpeaker() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.notAdjourned(); err != nil {
		return err
	}
	q := c.m.Queue()
	turn, next, err := q.Next(c.now)
	if err != nil {
		return err
	}
	msg := c.namesView(q.Current.Who, q.Speech).Floor()
	if next != "" {
		msg.Text += " " + c.t("NextUp", "Name", c.name(next))
	}
	c.post(c.floorKey(), msg)
	if who := q.NextToTell(); who != "" {
		c.tellPerson(who, chat.Message{Text: c.t("YouAreNext", "Name", c.name(turn.Who))})
	}
	if err := c.scheduleTurn(); err != nil {
		return err
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
	c.say(chat.Message{Text: c.t("TurnDone", "Name", c.name(turn.Who), "Took", c.dur(turn.Duration(c.now)))})
	if err := c.refresh(c.floorKey()); err != nil { // the countdown stops
		return err
	}
	return c.queueChanged()
}

func (c *call) showQueue() error {
	c.post(c.queueKey(), c.view().Queue())
	return nil
}

func (c *call) queueClose() error {
	if err := c.m.Queue().Close(); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("QueueClosed")})
	return c.queueChanged()
}

func (c *call) queueOpen() error {
	if err := c.m.Queue().Open(); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("QueueOpened")})
	return c.queueChanged()
}

func (c *call) stats() error {
	msg := c.view().Stats()
	present, err := c.present()
	if err != nil {
		return err
	}
	c.view().AddFairness(&msg, present)
	c.tell(msg)
	return nil
}
