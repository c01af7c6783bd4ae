package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// maxDotButtons is how many ideas get a dot button; the rest take `dot N`.
const maxDotButtons = 20

// roundHeader heads the go-around r: "Go-around: the question".
func (v *View) roundHeader(r *facilitation.Round) string {
	if r.Question != "" {
		return v.T("RoundHeaderQ", "Question", r.Question)
	}
	return v.T("RoundHeader")
}

// The states of a place in a go-around (turnState), as the board's
// page names them.
const (
	turnPassed = "passed"
	turnDone   = "done"
	turnNow    = "current"
)

// turnState is the state of place i of the go-around r: passed, done,
// now, or "" (to come).
func turnState(r *facilitation.Round, i int) string {
	switch {
	case i < r.Pos && slices.Contains(r.Passed, r.Order[i]):
		return turnPassed
	case i < r.Pos:
		return turnDone
	case i == r.Pos && r.Running():
		return turnNow
	}
	return ""
}

// Round shows the go-around: who has spoken, who passed, whose turn it is.
func (v *View) Round() chat.Message {
	r := v.Meeting.Round
	msg := chat.Message{Header: v.roundHeader(r)}
	for i, who := range r.Order {
		line := v.Name(who)
		switch turnState(r, i) {
		case turnPassed:
			line = "~" + line + "~ · " + v.T("RoundPassMark")
		case turnDone:
			line = "✓ " + line
		case turnNow:
			line = "▶ **" + line + "**"
		}
		msg.List = append(msg.List, line)
	}
	ctx := []string{v.T("RoundProgress", "Done", r.Done(), "Count", len(r.Order))}
	if r.Limit > 0 {
		ctx = append(ctx, v.T("RoundLimit", "Limit", v.Dur(r.Limit)))
	}
	if !r.Running() {
		ctx = append(ctx, v.T("RoundEnded"))
	}
	msg.Context = strings.Join(ctx, " · ")
	if r.Running() && v.Meeting.Running() {
		msg.Text = v.T("RoundHint")
		msg.Buttons = []chat.Button{
			{Label: v.T("ButtonRoundNext"), Action: chat.ActionRoundNext, Style: chat.Primary},
			{Label: v.T("ButtonPass"), Action: chat.ActionPass},
			{Label: v.T("ButtonRoundStop"), Action: chat.ActionRoundStop, Style: chat.Danger},
		}
	}
	return msg
}

// Ideas shows the brainstorm: how many ideas are in while it collects
// (collected, stored apart), then the ideas, then their dots.
func (v *View) Ideas(collected int) chat.Message {
	b := v.Meeting.Ideas
	msg := chat.Message{Header: v.T("IdeasHeader", "Question", b.Question)}
	switch {
	case b.Collecting():
		msg.Text = v.T("IdeasHint")
		msg.Context = v.T("IdeasCount", "Count", collected)
		if v.Meeting.Running() {
			msg.Input = &chat.TextInput{Label: v.T("IdeaInputLabel"), Placeholder: v.T("IdeaInputPlaceholder"), Max: facilitation.MaxIdeaLength}
			msg.Buttons = []chat.Button{
				{Label: v.T("ButtonSendIdea"), Action: chat.ActionIdea, Value: ":", Style: chat.Primary},
				{Label: v.T("ButtonReveal"), Action: chat.ActionIdeasReveal},
			}
		}
		return msg
	case b.Dots > 0 && !b.Dotting():
		for _, r := range b.Ranking() {
			msg.List = append(msg.List, v.T("DotsLine", "Text", r.Text, "Count", r.Dots))
		}
	default:
		msg.List = slices.Clone(b.Ideas)
	}
	msg.Context = v.T("IdeasRevealed", "Count", len(b.Ideas))
	switch {
	case b.Dotting():
		msg.Text = v.T("DotsHint", "Count", b.Dots)
		msg.Context += " · " + v.T("DotsVoters", "Count", b.Voters())
		if v.Meeting.Running() {
			for i := range min(len(b.Ideas), maxDotButtons) {
				msg.Buttons = append(msg.Buttons, chat.Button{Label: v.T("ButtonDot", "N", i+1), Action: chat.ActionDot, Value: strconv.Itoa(i + 1)})
			}
			msg.Buttons = append(msg.Buttons, chat.Button{Label: v.T("ButtonDotsClose"), Action: chat.ActionDotsClose, Style: chat.Danger})
		}
	case b.Dots > 0:
		msg.Context += " · " + v.T("DotsClosed")
	default:
		msg.Text = v.T("IdeasRevealedHint")
	}
	return msg
}
