package render

import (
	"strings"
	"time"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// QueueButtons raise a hand, reply, call to order, lower it, or call the next speaker.
func (w Words) QueueButtons() []chat.Button {
	return []chat.Button{
		{Label: w.T("ButtonHand"), Action: chat.ActionSpeak, Style: chat.Primary},
		{Label: w.T("ButtonReply"), Action: chat.ActionReply},
		{Label: w.T("ButtonOrder"), Action: chat.ActionOrder},
		{Label: w.T("ButtonLower"), Action: chat.ActionLower},
		{Label: w.T("ButtonNext"), Action: chat.ActionNext},
	}
}

// Queue shows who has the floor and who waits, in the order they will speak.
func (v *View) Queue() chat.Message {
	q := v.Meeting.Queue()
	msg := chat.Message{Header: v.T("QueueHeader", "Title", v.itemTitle())}
	if q.Current != nil {
		msg.Text = v.T("NowSpeaking", "Name", v.Name(q.Current.Who), "Kind", v.T(turnKind(q, q.Current.Who, q.Current.Kind)),
			"Time", v.Dur(q.Current.Duration(v.Now)))
	} else {
		msg.Text = v.T("NobodySpeaking")
	}
	for _, r := range q.Ordered() {
		line := v.Name(r.Who)
		if r.Kind != facilitation.Speak {
			line += " · " + v.T(turnKind(q, r.Who, r.Kind))
		}
		msg.List = append(msg.List, line)
	}
	if len(msg.List) == 0 {
		msg.Text += "\n" + v.T("QueueEmpty")
	}
	ctx := []string{v.T("Policy" + string(q.Rules.Policy))}
	if q.Closed {
		ctx = append(ctx, v.T("ListClosed"))
	}
	msg.Context = strings.Join(ctx, " · ")
	if v.Meeting.Running() {
		msg.Buttons = v.QueueButtons()
	}
	return msg
}

// Stats shows who has spoken, how often and how long, and who has not.
func (v *View) Stats() chat.Message {
	spoke, silent := facilitation.Stats(v.Meeting.AllQueues(), v.People, v.Now)
	msg := chat.Message{Header: v.T("StatsHeader")}
	for _, s := range spoke {
		msg.List = append(msg.List, v.T("StatsLine", "Name", v.Name(s.Who), "Count", s.Turns, "Time", v.Dur(s.Time)))
	}
	if len(spoke) == 0 {
		msg.Text = v.T("NobodySpokeYet")
	}
	if len(silent) > 0 {
		msg.Fields = []chat.Field{{Label: v.T("NotSpoken", "Count", len(silent)), Value: strings.Join(v.NameAll(silent), ", ")}}
	}
	return msg
}

// Rules lists the ground rules, with the signals to the chair while the
// meeting runs.
func (v *View) Rules(header string) chat.Message {
	msg := chat.Message{Header: header, List: v.Meeting.Rules}
	if len(v.Meeting.Rules) == 0 {
		msg = chat.Message{Header: header, Text: v.T("NoRules")}
	}
	if v.Meeting.Running() {
		msg.Context, msg.Input, msg.Buttons = v.T("FlagHint"), v.FlagInput(), v.FlagButtons()
	}
	return msg
}

// turnKind is the catalogue ID of a turn's or request's kind: a reply by
// the speaker replied to is their answer to the replies, not a reply to
// themself.
func turnKind(q *facilitation.Queue, who string, kind facilitation.Kind) string {
	if kind == facilitation.Reply && who == q.Speech {
		return "KindAnswer"
	}
	return "Kind" + string(kind)
}

// Floor says who has the floor, with a countdown of the speaking time.
func (v *View) Floor() chat.Message {
	q := v.Meeting.Queue()
	cur := q.Current
	if cur == nil {
		return chat.Message{Text: v.T("NobodySpeaking")}
	}
	msg := chat.Message{Text: v.T("Floor"+string(cur.Kind), "Name", v.Name(cur.Who), "On", v.Name(q.Speech))}
	if turnKind(q, cur.Who, cur.Kind) == "KindAnswer" {
		msg.Text = v.T("FloorAnswer", "Name", v.Name(cur.Who))
	}
	if limit := q.Rules.MaxTurn; limit > 0 {
		if left := limit - cur.Duration(v.Now); left > 0 {
			msg.Context = v.T("TurnLeft", "Left", v.Dur(left.Round(time.Second)), "Limit", v.Dur(limit))
		} else {
			msg.Context = v.T("TurnOver", "Limit", v.Dur(limit))
		}
	}
	return msg
}

// FlagButtons let anyone signal the chair with one click, or send the
// words typed into FlagInput.
func (w Words) FlagButtons() []chat.Button {
	return []chat.Button{
		{Label: w.T("ButtonFlagbreak"), Action: chat.ActionFlag, Value: "break"},
		{Label: w.T("ButtonFlagpace"), Action: chat.ActionFlag, Value: "pace"},
		{Label: w.T("ButtonFlagrules"), Action: chat.ActionFlag, Value: "rules"},
		{Label: w.T("ButtonFlagText"), Action: chat.ActionFlag, Value: ":"},
	}
}

// FlagInput is where people type a signal to the chair in their own words.
func (w Words) FlagInput() *chat.TextInput {
	return &chat.TextInput{Label: w.T("FlagInputLabel"), Placeholder: w.T("FlagInputPlaceholder"), Max: facilitation.MaxIdeaLength}
}
