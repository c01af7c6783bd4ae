package bot

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The protokoll after the meeting: its place and tellers, the officers'
// elections as decisions, and the justering: the secretary (or chair)
// submits it, each adjuster approves it or objects, and once all have
// approved it is locked.

// officersDecide records the election of meeting officers as a decision
// of a protocol meeting, so that its § says it: "att välja … till
// mötessekreterare".
func (c *call) officersDecide(id string, ids []string) error {
	if !c.m.Protocol {
		return nil
	}
	text := c.t(id, "Names", c.words().List(c.names(ids)))
	return c.addEntry(facilitation.Entry{Kind: facilitation.Decision, Text: text, By: c.req.User, At: c.now})
}

func (c *call) place() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	if err := c.m.SetPlace(c.text(0)); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("PlaceSet", "Place", c.m.Protokoll.Place)})
	return nil
}

func (c *call) tellers() error {
	if err := c.want(1, 5); err != nil {
		return err
	}
	ids, err := c.mentions()
	if err != nil {
		return err
	}
	if err := c.m.SetTellers(ids); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("TellersSet", "Names", c.words().List(c.names(ids)))})
	return c.officersDecide("TellersClause", ids)
}

// afterwards makes the call work on the running meeting or, when none
// runs, on the channel's last one, which exec then saves; a button in a
// private message names its meeting in its value ("ID" or "ID:").
func (c *call) afterwards() error {
	if a := c.req.Action; a != nil && a.Value != "" {
		id, _, _ := strings.Cut(a.Value, ":")
		m, err := c.tx.Meeting(id)
		if errors.Is(err, ErrNotFound) {
			return c.refuse(c.t("NoMinutes"))
		}
		if err != nil {
			return fmt.Errorf("load meeting %s: %w", id, err)
		}
		c.m, c.lang, c.entriesLoaded = m, cmp.Or(m.Locale, c.lang), false
		return nil
	}
	m, err := c.meetingOrLast()
	if err != nil {
		return err
	}
	c.m = m
	return nil
}

// isOfficer reports whether the caller is the meeting's chair or secretary.
func (c *call) isOfficer() bool {
	return c.isChair() || c.m.Secretary != "" && c.m.Secretary == c.req.User
}

// secretaryOf is who keeps the minutes: the secretary, else the chair.
func (c *call) secretaryOf() string {
	if c.m.Secretary != "" {
		return c.m.Secretary
	}
	return c.m.Chair
}

func (c *call) minutesSubmit() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.afterwards(); err != nil {
		return err
	}
	if !c.isOfficer() {
		return c.officersOnly()
	}
	if err := c.m.Submit(c.req.User, c.now); err != nil {
		return err
	}
	names := c.words().List(c.names(c.m.Adjusters))
	c.announce(chat.Message{Text: c.t("MinutesSubmitted", "Name", c.name(c.req.User), "Names", names, "Title", c.m.Title)})
	for _, a := range c.m.Adjusters {
		c.tellPerson(a, c.justeringRequest())
	}
	return nil
}

// justeringRequest asks an adjuster to approve the protokoll or object,
// with buttons where the platform has them.
func (c *call) justeringRequest() chat.Message {
	return chat.Message{
		Header: c.t("JusteringHeader", "Title", c.m.Title),
		Text:   c.t("JusteringAsk", "Name", c.name(c.req.User)),
		Input:  &chat.TextInput{Label: c.t("ObjectionLabel"), Placeholder: c.t("ObjectionPlaceholder"), Max: 500},
		Buttons: []chat.Button{
			{Label: c.t("ButtonApprove"), Action: chat.ActionApprove, Value: c.m.ID, Style: chat.Primary},
			{Label: c.t("ButtonObject"), Action: chat.ActionObject, Value: c.m.ID + ":", Style: chat.Danger},
		},
		Context: c.t("JusteringHint"),
	}
}

func (c *call) approve() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.afterwards(); err != nil {
		return err
	}
	locked, err := c.m.Approve(c.req.User, c.now)
	if err != nil {
		return err
	}
	if !locked {
		var waiting []string
		for _, a := range c.m.Adjusters {
			if !approved(c.m.Protokoll.Approvals, a) {
				waiting = append(waiting, c.name(a))
			}
		}
		c.announce(chat.Message{Text: c.t("Approved", "Name", c.name(c.req.User), "Waiting", c.words().List(waiting))})
		return nil
	}
	c.announce(chat.Message{Text: c.t("Justerat", "Title", c.m.Title, "Names", c.justeratBy())})
	return nil
}

// announce tells the meeting's channel. A click on a button in a private
// chat (Teams' one-to-one chat) comes from another conversation: the
// channel is then told through the outbox, and the clicker privately.
func (c *call) announce(msg chat.Message) {
	if c.m.Channel == c.req.Channel {
		c.say(msg)
		return
	}
	c.edits = append(c.edits, Outgoing{Channel: c.m.Channel, Reply: chat.Reply{To: chat.Channel, Message: msg}})
	c.tell(msg)
}

// approved reports whether who is among the approvals.
func approved(ss []facilitation.Signoff, who string) bool {
	for _, s := range ss {
		if s.Who == who {
			return true
		}
	}
	return false
}

// justeratBy names who approved, with when.
func (c *call) justeratBy() string {
	var parts []string
	for _, s := range c.m.Protokoll.Approvals {
		parts = append(parts, c.t("ApprovedOn", "Name", c.name(s.Who), "Date", s.At.Format(time.DateOnly)))
	}
	return c.words().List(parts)
}

func (c *call) object() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	if err := c.afterwards(); err != nil {
		return err
	}
	text := strings.TrimSpace(c.text(0))
	if err := c.m.Object(c.req.User, text, c.now); err != nil {
		return err
	}
	c.tell(chat.Message{Text: c.t("ObjectionSent", "Name", c.name(c.secretaryOf()))})
	c.tellPerson(c.secretaryOf(), chat.Message{Text: c.t("ObjectionToSecretary", "Name", c.name(c.req.User), "Text", text, "Title", c.m.Title)})
	return nil
}

// officersOnly refuses a caller who is neither the chair nor the secretary.
func (c *call) officersOnly() error {
	secretary := c.t("NoSecretary")
	if c.m.Secretary != "" {
		secretary = c.name(c.m.Secretary)
	}
	return c.refuse(c.t("OfficersOnly", "Chair", c.name(c.m.Chair), "Secretary", secretary))
}
