package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// registerKey is the stable key of the register's check-in message.
func (c *call) registerKey() string { return "register/" + c.m.ID }

// showRegister tells everyone the count, and the chair the names too.
func (c *call) showRegister() error {
	msg := chat.Message{Header: c.t("RegisterHeader"), Text: c.view().RegisterState()}
	if c.isChair() {
		members, err := c.tx.RegisterMembers(c.m.ID)
		if err != nil {
			return fmt.Errorf("load register of %s: %w", c.m.ID, err)
		}
		names := make([]string, len(members))
		for i, p := range members {
			names[i] = cmp.Or(c.lookup(p.ID), p.Name, p.ID)
		}
		slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		msg.List = names
	}
	c.tell(msg)
	return nil
}

func (c *call) registerOpen() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.m.Register.Open(c.now); err != nil {
		return err
	}
	c.post(c.registerKey(), c.view().Register())
	return nil
}

// here checks the caller in; checking in twice is harmless.
func (c *call) here() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if err := c.m.Register.CheckIn(); err != nil {
		return err
	}
	if c.m.Register.Listed > 0 { // only the member list checks in; others ask the chair
		ok, err := c.listed()
		if err != nil {
			return err
		}
		if !ok {
			return &facilitation.Error{Code: facilitation.ErrNotMember}
		}
	}
	changed, err := c.setRegistered(c.req.User, true)
	if err != nil || !changed {
		c.tell(chat.Message{Text: c.t("AlreadyRegistered")})
		return err
	}
	c.tell(chat.Message{Text: c.t("Registered", "Count", c.m.Register.Count)})
	return c.refresh(c.registerKey())
}

func (c *call) registerAdd() error    { return c.registerChange(true) }
func (c *call) registerRemove() error { return c.registerChange(false) }

// registerChange adds or removes the people mentioned. After the register
// is set, each change is an adjustment, announced and kept for the minutes.
func (c *call) registerChange(add bool) error {
	if len(c.args.Words) == 0 {
		return cmdline.Usagef("%s", c.t("NeedMention"))
	}
	ids, err := c.mentions()
	if err != nil {
		return err
	}
	var changed []string
	for _, id := range ids {
		ok, err := c.setRegistered(id, add)
		if err != nil {
			return err
		}
		if ok {
			changed = append(changed, id)
		}
	}
	verb := map[bool]string{true: "RegisterAdded", false: "RegisterRemoved"}[add]
	text := c.t(verb, "Names", c.words().List(c.names(changed)), "Count", c.m.Register.Count)
	if len(changed) == 0 {
		text = c.t("RegisterUnchanged", "Count", c.m.Register.Count)
	}
	if c.m.Register.IsSet() && len(changed) > 0 {
		c.say(chat.Message{Text: c.t("RegisterAdjusted", "Count", c.m.Register.Count) + " " + text})
	} else {
		c.tell(chat.Message{Text: text})
	}
	if c.m.Register.IsOpen() {
		return c.refresh(c.registerKey())
	}
	return nil
}

// setRegistered puts a person on the register or takes them off, keeping
// the meeting's count.
func (c *call) setRegistered(id string, on bool) (bool, error) {
	changed, err := c.tx.SetRegistered(c.m.ID, Person{ID: id, Name: c.name(id)}, on)
	if err != nil {
		return false, fmt.Errorf("register %s: %w", id, err)
	}
	if changed {
		c.m.Register.Recorded(id, on, c.now)
	}
	return changed, nil
}

func (c *call) registerClose() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	wasOpen := c.m.Register.IsOpen()
	if err := c.proxiedOnRegister(); err != nil {
		return err
	}
	if err := c.m.Register.Close(c.now); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("RegisterSet", "Count", c.m.Register.Count)})
	if wasOpen {
		return c.refresh(c.registerKey())
	}
	return nil
}

// onRegister reports whether user is on the voting register of a meeting.
func (c *call) onRegister(meetingID, user string) (bool, error) {
	ok, err := c.tx.Registered(meetingID, user)
	if err != nil {
		return false, fmt.Errorf("check register: %w", err)
	}
	return ok, nil
}
