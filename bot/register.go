package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// showRegister tells everyone the count, and the chair the names too.
func showRegister(u *unit, a args) error {
	msg := chat.Message{Header: u.t("RegisterHeader"), Text: u.view().RegisterState()}
	if u.isChair() {
		members, err := u.tx.RegisterMembers(u.m.ID)
		if err != nil {
			return fmt.Errorf("load register of %s: %w", u.m.ID, err)
		}
		ids := make([]string, len(members))
		for i, p := range members {
			ids[i] = p.ID
		}
		r := &u.m.Register
		for _, p := range slices.Concat(r.Proxies, r.Substitutes) { // who stands in for whom is named too
			ids = append(ids, p.Holder)
		}
		v := namesView(u, ids...)
		for _, p := range members {
			if v.Names[p.ID] == "" {
				v.Names[p.ID] = cmp.Or(p.Name, p.ID)
			}
		}
		msg.List = v.RegisterNames(ids[:len(members)])
	}
	u.tell(msg)
	return nil
}

func registerOpen(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := u.m.Register.Open(u.now); err != nil {
		return err
	}
	u.post(u.key(render.KindRegister), u.view().Register())
	return nil
}

// here checks the caller in; checking in twice is harmless.
func here(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := u.m.Register.CheckIn(); err != nil {
		return err
	}
	if u.m.Register.Listed > 0 { // only the member list checks in; others ask the chair
		ok, err := listed(u)
		if err != nil {
			return err
		}
		if !ok {
			return &facilitation.Error{Code: facilitation.ErrNotMember}
		}
	}
	if main := u.m.Register.MainOf(u.req.User); main != "" { // their vote is the seat's, counted once
		return u.refuse(u.t("SubstituteNotAdded", "Sub", u.name(u.req.User), "Main", u.name(main)))
	}
	if u.m.Register.IsGuest(u.req.User) { // a guest attends without a vote
		return u.refuse(u.t("GuestNotRegistered"))
	}
	if err := arrived(u, u.req.User); err != nil { // checking in themself, a member no longer needs a proxy or substitute
		return err
	}
	changed, err := setRegistered(u, u.req.User, true)
	if err != nil || !changed {
		u.tell(chat.Message{Text: u.t("AlreadyRegistered")})
		return err
	}
	u.tell(chat.Message{Text: u.t("Registered", "Count", u.m.Register.Count)})
	return u.refresh(u.key(render.KindRegister))
}

func registerAdd(u *unit, a args) error    { return registerChange(u, a, true) }
func registerRemove(u *unit, a args) error { return registerChange(u, a, false) }

// registerChange adds or removes the people mentioned. After the register
// is set, each change is an adjustment, announced and kept for the minutes.
func registerChange(u *unit, a args, add bool) error {
	if len(a.Words) == 0 {
		return cmdline.Usagef("%s", u.t("NeedMention"))
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	if add { // a substitute votes in their main delegate's seat, not in one of their own
		for _, id := range ids {
			if main := u.m.Register.MainOf(id); main != "" {
				return u.refuse(u.t("SubstituteNotAdded", "Sub", u.name(id), "Main", u.name(main)))
			}
			if u.m.Register.IsGuest(id) { // a guest attends without a vote
				return u.refuse(u.t("GuestNotAdded", "Name", u.name(id)))
			}
		}
	}
	var changed, already, notes []string
	for _, id := range ids {
		if add {
			if err := arrived(u, id); err != nil { // noted here in person, a member no longer needs a proxy or substitute
				return err
			}
		}
		ok, err := setRegistered(u, id, add)
		if err != nil {
			return err
		}
		switch {
		case ok:
			changed = append(changed, id)
		case add:
			already = append(already, id)
		}
		if !add { // whom they represented is no longer represented
			gone, said, err := struck(u, id)
			if err != nil {
				return err
			}
			changed, notes = append(changed, gone...), append(notes, said...)
			continue
		}
		for _, p := range u.m.Register.Proxies { // whom they hold a proxy for comes on with them
			if p.Holder != id {
				continue
			}
			on, err := setRegistered(u, p.Member, true)
			if err != nil {
				return err
			}
			if on {
				changed = append(changed, p.Member)
			}
		}
	}
	verb := map[bool]string{true: "RegisterAdded", false: "RegisterRemoved"}[add]
	text := u.t(verb, "Names", words(u).List(u.names(changed)), "Count", u.m.Register.Count)
	if len(changed) == 0 {
		text = u.t("RegisterUnchanged", "Count", u.m.Register.Count)
	}
	if len(already) > 0 {
		text = u.t("RegisterAlreadyOn", "Names", words(u).List(u.names(already)), "Count", u.m.Register.Count)
		if len(changed) > 0 {
			text = u.t(verb, "Names", words(u).List(u.names(changed)), "Count", u.m.Register.Count) + " " + text
		}
	}
	if u.m.Register.IsSet() && len(changed) > 0 {
		if err := registerAdjusted(u, text); err != nil {
			return err
		}
	} else {
		u.tell(chat.Message{Text: text})
	}
	for _, note := range notes {
		u.say(chat.Message{Text: note})
	}
	if u.m.Register.IsOpen() {
		return u.refresh(u.key(render.KindRegister))
	}
	return nil
}

// registerAdjusted announces an adjustment of the set register, with
// what changed (or nothing more), and redraws the open register polls,
// whose turnout it moves.
func registerAdjusted(u *unit, what string) error {
	u.say(chat.Message{Text: strings.TrimSpace(u.t("RegisterAdjusted") + " " + what)})
	return refreshRegisterPolls(u)
}

// refreshRegisterPolls redraws the open register polls after an
// adjustment: their turnout is counted against the register, and says
// that it changed during the vote.
func refreshRegisterPolls(u *unit) error {
	for _, id := range u.m.Polls {
		p, err := u.tx.PollFor(id, "")
		if err != nil {
			return fmt.Errorf("load poll %d: %w", id, err)
		}
		if p.Register && !p.Closed {
			if err := u.refresh(render.PollKey(id)); err != nil {
				return err
			}
		}
	}
	return nil
}

// setRegistered puts a person on the register or takes them off, keeping
// the meeting's count.
func setRegistered(u *unit, id string, on bool) (bool, error) {
	changed, err := u.tx.SetRegistered(u.m.ID, Person{ID: id, Name: u.name(id)}, on)
	if err != nil {
		return false, fmt.Errorf("register %s: %w", id, err)
	}
	if changed {
		u.m.Register.Recorded(id, on, u.now)
		if u.m.Protocol && u.m.Register.IsSet() { // the protokoll says it under the § where it happened
			verb := map[bool]string{true: "MinutesRegisterAdded", false: "MinutesRegisterRemoved"}[on]
			say := func() string {
				return u.t(verb, "At", words(u).Clock(u.now), "Name", u.name(id), "Count", u.m.Register.Count)
			}
			if err := ownEntry(u, facilitation.Entry{Kind: facilitation.Note, By: u.m.Chair, At: u.now}, say); err != nil {
				return changed, err
			}
		}
	}
	return changed, nil
}

func registerClose(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	wasOpen := u.m.Register.IsOpen()
	if err := proxiedOnRegister(u); err != nil {
		return err
	}
	if err := u.m.Register.Close(u.now); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("RegisterSet", "Count", u.m.Register.Count)})
	if u.m.Protocol { // the protokoll says it under the § where the register was set
		say := func() string {
			return u.t("MinutesRegisterSet", "At", words(u).Clock(u.now), "Count", u.m.Register.Count)
		}
		if err := ownEntry(u, facilitation.Entry{Kind: facilitation.Note, By: u.m.Chair, At: u.now}, say); err != nil {
			return err
		}
	}
	if wasOpen {
		return u.refresh(u.key(render.KindRegister))
	}
	return nil
}

// onRegister reports whether user is on the voting register of the
// unit's meeting.
func onRegister(u *unit, user string) (bool, error) {
	ok, err := u.tx.Registered(u.m.ID, user)
	if err != nil {
		return false, fmt.Errorf("check register: %w", err)
	}
	return ok, nil
}
