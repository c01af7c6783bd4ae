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

// Round shows the go-around: who has spoken, who passed, whose turn it is.
func (v *View) Round() chat.Message {
	r := v.Meeting.Round
	header := v.T("RoundHeader")
	if r.Question != "" {
		header = v.T("RoundHeaderQ", "Question", r.Question)
	}
	msg := chat.Message{Header: header}
	passed := map[string]bool{}
	for _, p := range r.Passed {
		passed[p] = true
	}
	for i, who := range r.Order {
		line := v.Name(who)
		switch {
		case i < r.Pos && passed[who]:
			line = "~" + line + "~ · " + v.T("RoundPassMark")
		case i < r.Pos:
			line = "✓ " + line
		case i == r.Pos && r.Running():
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
