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
		{Label: w.t("ButtonHand"), Action: chat.ActionSpeak, Style: chat.Primary},
		{Label: w.t("ButtonReply"), Action: chat.ActionReply},
		{Label: w.t("ButtonOrder"), Action: chat.ActionOrder},
		{Label: w.t("ButtonLower"), Action: chat.ActionLower},
		{Label: w.t("ButtonNext"), Action: chat.ActionNext},
	}
}

// Queue shows who has the floor and who waits, in the order they will speak.
func (v *View) Queue() chat.Message {
	q := v.Meeting.Queue()
	title := v.Meeting.Title
	if it, _ := v.Meeting.Agenda.Current(); it != nil {
		title = it.Title
	}
	msg := chat.Message{Header: v.t("QueueHeader", "Title", title)}
	if q.Current != nil {
		msg.Text = v.t("NowSpeaking", "Name", v.name(q.Current.Who), "Kind", v.t("Kind"+string(q.Current.Kind)),
			"Time", v.dur(q.Current.Duration(v.Now)))
	} else {
		msg.Text = v.t("NobodySpeaking")
	}
	for _, r := range q.Ordered() {
		line := v.name(r.Who)
		if r.Kind != facilitation.Speak {
			line += " · " + v.t("Kind"+string(r.Kind))
		}
		msg.List = append(msg.List, line)
	}
	if len(msg.List) == 0 {
		msg.Text += "\n" + v.t("QueueEmpty")
	}
	ctx := []string{v.t("Policy" + string(q.Rules.Policy))}
	if q.Closed {
		ctx = append(ctx, v.t("ListClosed"))
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
	msg := chat.Message{Header: v.t("StatsHeader")}
	for _, s := range spoke {
		msg.List = append(msg.List, v.t("StatsLine", "Name", v.name(s.Who), "Count", s.Turns, "Time", v.dur(s.Time)))
	}
	if len(spoke) == 0 {
		msg.Text = v.t("NobodySpokeYet")
	}
	if len(silent) > 0 {
		msg.Fields = []chat.Field{{Label: v.t("NotSpoken", "Count", len(silent)), Value: strings.Join(v.names(silent), ", ")}}
	}
	return msg
}

// Rules lists the ground rules, with the signals to the chair while the
// meeting runs.
func (v *View) Rules(header string) chat.Message {
	msg := chat.Message{Header: header, List: v.Meeting.Rules}
	if len(v.Meeting.Rules) == 0 {
		msg = chat.Message{Header: header, Text: v.t("NoRules")}
	}
	if v.Meeting.Running() {
		msg.Context, msg.Input, msg.Buttons = v.t("FlagHint"), v.FlagInput(), v.FlagButtons()
	}
	return msg
}

// Floor says who has the floor, with a countdown of the speaking time.
func (v *View) Floor() chat.Message {
	q := v.Meeting.Queue()
	cur := q.Current
	if cur == nil {
		return chat.Message{Text: v.t("NobodySpeaking")}
	}
	msg := chat.Message{Text: v.t("Floor"+string(cur.Kind), "Name", v.name(cur.Who))}
	if limit := q.Rules.MaxTurn; limit > 0 {
		if left := limit - cur.Duration(v.Now); left > 0 {
			msg.Context = v.t("TurnLeft", "Left", v.dur(left.Round(time.Second)), "Limit", v.dur(limit))
		} else {
			msg.Context = v.t("TurnOver", "Limit", v.dur(limit))
		}
	}
	return msg
}

// FlagButtons let anyone signal the chair with one click, or send the
// words typed into FlagInput.
func (w Words) FlagButtons() []chat.Button {
	return []chat.Button{
		{Label: w.t("ButtonFlagbreak"), Action: chat.ActionFlag, Value: "break"},
		{Label: w.t("ButtonFlagpace"), Action: chat.ActionFlag, Value: "pace"},
		{Label: w.t("ButtonFlagrules"), Action: chat.ActionFlag, Value: "rules"},
		{Label: w.t("ButtonFlagText"), Action: chat.ActionFlag, Value: ":"},
	}
}

// FlagInput is where people type a signal to the chair in their own words.
func (w Words) FlagInput() *chat.TextInput {
	return &chat.TextInput{Label: w.t("FlagInputLabel"), Placeholder: w.t("FlagInputPlaceholder"), Max: facilitation.MaxIdeaLength}
}
