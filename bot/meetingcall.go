package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/klubba/klubba/chat"
)

// Calls on the platform. Where the platform says that a call of a
// channel began or ended (Teams' meeting start and end events), Klubba
// offers to run the meeting when the call begins, and ends the running
// meeting, posting its minutes, when the call ends.

// maxStartButtons is how many templates the offer names with a button.
const maxStartButtons = 4

// CallBegan offers, in the channel, to start a meeting (from a template,
// with a button each) unless one is running. eventID, if set, is the
// platform's ID of the event: one delivered again offers nothing more.
func (b *Bot) CallBegan(ctx context.Context, channel, title, eventID string) error {
	err := b.store.Update(ctx, func(tx Tx) error {
		if eventID != "" {
			if seen, err := tx.MarkEvent(eventID, b.clock.Now()); err != nil || seen {
				return err
			}
		}
		if _, err := tx.Running(channel); err == nil {
			return nil // already under way
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		u := b.newUnit(ctx, tx, Request{Channel: channel, Route: RouteAll})
		u.setMeeting(nil)
		msg := chat.Message{Header: u.t("CallBegan", "Title", cmp.Or(title, u.t("DefaultTitle"))), Text: u.t("CallBeganOffer")}
		// The templates `templates` lists here: the chat's, the
		// workspace's, then the configuration's.
		list, err := templateList(u)
		if err != nil {
			return err
		}
		list = slices.DeleteFunc(list, func(f found) bool { return f.broken })
		for _, f := range list[:min(len(list), maxStartButtons)] {
			msg.Buttons = append(msg.Buttons, chat.Button{Label: u.t("ButtonStartTemplate", "Title", cmp.Or(f.tpl.Title, f.tpl.Name)), Action: chat.ActionStart, Value: f.tpl.Name})
		}
		msg.Buttons = append(msg.Buttons, chat.Button{Label: u.t("ButtonStartPlain"), Action: chat.ActionStart, Style: chat.Primary})
		u.say(msg)
		return u.finish()
	})
	if err != nil {
		return fmt.Errorf("offer a meeting in %s: %w", channel, err)
	}
	if b.notify != nil {
		b.notify()
	}
	return nil
}

// CallEnded ends the channel's running meeting as its chair would, and
// so posts the minutes; what the chair would be told (an open poll
// first needs closing) goes to the chair. Without a meeting it does
// nothing. eventID is as for CallBegan.
func (b *Bot) CallEnded(ctx context.Context, channel, eventID string) error {
	var chair, name string
	err := b.store.View(ctx, func(tx Tx) error {
		m, err := tx.Running(channel)
		if err != nil {
			return err
		}
		chair = m.Chair
		if p, err := tx.Person(m.ID, chair); err == nil {
			name = p.Name // kept as it is, not replaced by the ID
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) || chair == "" {
		return nil
	}
	if err != nil {
		return fmt.Errorf("end the meeting of %s: %w", channel, err)
	}
	_, err = b.Handle(ctx, Request{Channel: channel, User: chair, UserName: name, Text: "end", Route: RouteAll, EventID: eventID})
	return err
}
