package bot

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

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
func officersDecide(u *unit, id string, ids []string) error {
	if !u.m.Protocol {
		return nil
	}
	return ownEntry(u, facilitation.Entry{Kind: facilitation.Decision, By: u.req.User, At: u.now}, func() string {
		return u.t(id, "Names", words(u).List(u.names(ids)))
	})
}

// place records where the meeting is held: the chair's during the
// meeting. Afterwards, until the protokoll is justerat, the chair or the
// secretary may still correct it, as they correct its entries.
func place(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if u.m != nil {
		if !u.isChair() {
			return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
		}
		if err := u.m.SetPlace(a.text(0)); err != nil {
			return err
		}
		u.say(chat.Message{Text: u.t("PlaceSet", "Place", u.m.Protokoll.Place)})
		return nil
	}
	if err := afterwards(u, false); err != nil {
		return err
	}
	if !isOfficer(u) {
		return officersOnly(u)
	}
	withdrawn := withdrawnNote(u)
	if err := u.m.SetPlace(a.text(0)); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("PlaceCorrected", "Place", u.m.Protokoll.Place) + withdrawn()})
	return nil
}

func tellers(u *unit, a args) error {
	a.Words = listItems(a.Words, listJoins...)
	if err := a.want(1, 5); err != nil {
		return err
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	if err := u.m.SetTellers(ids); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("TellersSet", "Names", words(u).List(u.names(ids)), "Count", len(ids))})
	return officersDecide(u, "TellersClause", ids)
}

// afterwards makes the unit work on the running meeting or, when none
// runs, on the channel's last one, which finish then saves; a button in a
// private message names its meeting in its value ("ID" or "ID:"). An
// earlier meeting whose protokoll awaits justering, and in which the
// caller is chair, secretary or justerare, is taken instead when the
// caller has no such role in that one, or, for the justering itself
// (justering), always: a konstituerande styrelsemöte straight after the
// årsmöte leaves the årsmöte's protokoll to be finished.
func afterwards(u *unit, justering bool) error {
	if a := u.req.Action; a != nil && a.Value != "" {
		id, _, _ := strings.Cut(a.Value, ":")
		m, err := u.tx.Meeting(id)
		if errors.Is(err, ErrNotFound) {
			return u.refuse(u.t("NoMinutes"))
		}
		if err != nil {
			return fmt.Errorf("load meeting %s: %w", id, err)
		}
		u.setMeeting(m)
		return nil
	}
	m, err := meetingOrLast(u)
	if err != nil {
		return err
	}
	u.m = m
	if justering || !hasRole(u, m) { // else the protokoll of an earlier meeting, if the caller has one in it
		due, err := u.tx.JusteringDue(u.req.Channel)
		if err != nil {
			return err
		}
		var theirs *facilitation.Meeting
		for _, d := range due {
			if hasRole(u, d) && (theirs == nil || d.Ended.After(theirs.Ended)) {
				theirs = d
			}
		}
		if theirs != nil {
			u.m, u.lang = theirs, cmp.Or(theirs.Locale, u.lang)
		}
	}
	return nil
}

// hasRole reports whether the caller is m's chair (or a facilitator),
// its secretary or one of its justerare.
func hasRole(u *unit, m *facilitation.Meeting) bool {
	who := u.req.User
	return m.Chair == who || u.b.facilitators[who] || m.Secretary == who || slices.Contains(m.Adjusters, who)
}

// isOfficer reports whether the caller is the meeting's chair or secretary.
func isOfficer(u *unit) bool {
	return u.isChair() || u.m.Secretary != "" && u.m.Secretary == u.req.User
}

// secretaryOf is who keeps the minutes: the secretary, else the chair.
func secretaryOf(u *unit) string {
	if u.m.Secretary != "" {
		return u.m.Secretary
	}
	return u.m.Chair
}

func minutesSubmit(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := afterwards(u, true); err != nil {
		return err
	}
	if !isOfficer(u) {
		return officersOnly(u)
	}
	if err := u.m.Submit(u.req.User, u.now); err != nil {
		return err
	}
	names := words(u).List(u.names(u.m.Adjusters))
	announce(u, chat.Message{Text: u.t("MinutesSubmitted", "Name", u.name(u.req.User), "Names", names, "Count", len(u.m.Adjusters), "Title", u.m.Title)})
	for _, adj := range u.m.Adjusters {
		u.tellPerson(adj, justeringRequest(u))
	}
	return nil
}

// justeringRequest asks an adjuster to approve the protokoll or object,
// with buttons where the platform has them.
func justeringRequest(u *unit) chat.Message {
	return chat.Message{
		Header: u.t("JusteringHeader", "Title", u.m.Title),
		Text:   u.t("JusteringAsk", "Name", u.name(u.req.User)),
		Input:  &chat.TextInput{Label: u.t("ObjectionLabel"), Placeholder: u.t("ObjectionPlaceholder"), Max: 500},
		Buttons: []chat.Button{
			{Label: u.t("ButtonApprove"), Action: chat.ActionApprove, Value: u.m.ID, Style: chat.Primary},
			{Label: u.t("ButtonObject"), Action: chat.ActionObject, Value: u.m.ID + ":", Style: chat.Danger},
		},
		Context: u.t("JusteringHint"),
	}
}

func approve(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := afterwards(u, true); err != nil {
		return err
	}
	locked, err := u.m.Approve(u.req.User, u.now)
	if err != nil {
		return err
	}
	if !locked {
		var waiting []string
		for _, adj := range u.m.Adjusters {
			if !slices.ContainsFunc(u.m.Protokoll.Approvals, func(s facilitation.Signoff) bool { return s.Who == adj }) {
				waiting = append(waiting, u.name(adj))
			}
		}
		announce(u, chat.Message{Text: u.t("Approved", "Name", u.name(u.req.User), "Waiting", words(u).List(waiting))})
		return nil
	}
	announce(u, chat.Message{Text: u.t("Justerat", "Title", u.m.Title, "Names", justeratBy(u))})
	return nil
}

// announce tells the meeting's channel. A click on a button in a private
// chat (Teams' one-to-one chat) comes from another conversation: the
// channel is then told through the outbox, and the clicker privately.
func announce(u *unit, msg chat.Message) {
	if u.m.Channel == u.req.Channel {
		u.say(msg)
		return
	}
	u.edits = append(u.edits, Outgoing{Channel: u.m.Channel, Reply: chat.Reply{To: chat.Channel, Message: msg}})
	u.tell(msg)
}

// justeratBy names who approved, with when.
func justeratBy(u *unit) string {
	var parts []string
	for _, s := range u.m.Protokoll.Approvals {
		parts = append(parts, u.t("ApprovedOn", "Name", u.name(s.Who), "Date", words(u).Date(s.At)))
	}
	return words(u).List(parts)
}

func object(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if err := afterwards(u, true); err != nil {
		return err
	}
	text := strings.TrimSpace(a.text(0))
	approved := len(u.m.Protokoll.Approvals) > 0
	if err := u.m.Object(u.req.User, text, u.now); err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("ObjectionSent", "Name", u.name(secretaryOf(u)))})
	// The channel, told of each approval, learns that the protokoll is
	// back with the secretary; the comment itself goes to the secretary.
	announce(u, chat.Message{Text: u.t("ObjectionAnnounced", "Name", u.name(u.req.User), "Title", u.m.Title,
		"Secretary", u.name(secretaryOf(u)), "Approved", approved)})
	u.tellPerson(secretaryOf(u), chat.Message{Text: u.t("ObjectionToSecretary", "Name", u.name(u.req.User), "Text", text, "Title", u.m.Title)})
	return nil
}

// officersOnly refuses a caller who is neither the chair nor the secretary.
func officersOnly(u *unit) error {
	secretary := u.t("NoSecretary")
	if u.m.Secretary != "" {
		secretary = u.name(u.m.Secretary)
	}
	return u.refuse(u.t("OfficersOnly", "Chair", u.name(u.m.Chair), "Secretary", secretary))
}
