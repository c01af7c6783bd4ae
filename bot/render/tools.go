package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// maxDotButtons is how many ideas get a dot button; the rest take `dot N`.
const maxDotButtons = 20

// Round shows the go-around: who has spoken, who passed, whose turn it is.
func (v *View) Round() chat.Message {
	r := v.Meeting.Round
	header := v.t("RoundHeader")
	if r.Question != "" {
		header = v.t("RoundHeaderQ", "Question", r.Question)
	}
	msg := chat.Message{Header: header}
	passed := map[string]bool{}
	for _, p := range r.Passed {
		passed[p] = true
	}
	for i, who := range r.Order {
		line := v.name(who)
		switch {
		case i < r.Pos && passed[who]:
			line = "~" + line + "~ · " + v.t("RoundPassMark")
		case i < r.Pos:
			line = "✓ " + line
		case i == r.Pos && r.Running():
			line = "▶ **" + line + "**"
		}
		msg.List = append(msg.List, line)
	}
	ctx := []string{v.t("RoundProgress", "Done", r.Done(), "Count", len(r.Order))}
	if r.Limit > 0 {
		ctx = append(ctx, v.t("RoundLimit", "Limit", i18n.Short(r.Limit)))
	}
	if !r.Running() {
		ctx = append(ctx, v.t("RoundEnded"))
	}
	msg.Context = strings.Join(ctx, " · ")
	if r.Running() && v.Meeting.Running() {
		msg.Text = v.t("RoundHint")
		msg.Buttons = []chat.Button{
			{Label: v.t("ButtonRoundNext"), Action: chat.ActionRoundNext, Style: chat.Primary},
			{Label: v.t("ButtonPass"), Action: chat.ActionPass},
			{Label: v.t("ButtonRoundStop"), Action: chat.ActionRoundStop, Style: chat.Danger},
		}
	}
	return msg
}

// Ideas shows the brainstorm: how many ideas are in while it collects
// (collected, stored apart), then the ideas, then their dots.
func (v *View) Ideas(collected int) chat.Message {
	b := v.Meeting.Ideas
	msg := chat.Message{Header: v.t("IdeasHeader", "Question", b.Question)}
	switch {
	case b.Collecting():
		msg.Text = v.t("IdeasHint")
		msg.Context = v.t("IdeasCount", "Count", collected)
		if v.Meeting.Running() {
			msg.Input = &chat.TextInput{Label: v.t("IdeaInputLabel"), Placeholder: v.t("IdeaInputPlaceholder"), Max: facilitation.MaxIdeaLength}
			msg.Buttons = []chat.Button{
				{Label: v.t("ButtonSendIdea"), Action: chat.ActionIdea, Value: ":", Style: chat.Primary},
				{Label: v.t("ButtonReveal"), Action: chat.ActionIdeasReveal},
			}
		}
		return msg
	case b.Dots > 0 && !b.Dotting():
		for _, r := range b.Ranking() {
			msg.List = append(msg.List, v.t("DotsLine", "Text", r.Text, "Count", r.Dots))
		}
	default:
		msg.List = slices.Clone(b.Ideas)
	}
	msg.Context = v.t("IdeasRevealed", "Count", len(b.Ideas))
	switch {
	case b.Dotting():
		msg.Text = v.t("DotsHint", "Count", b.Dots)
		msg.Context += " · " + v.t("DotsVoters", "Count", b.Voters())
		if v.Meeting.Running() {
			for i := range min(len(b.Ideas), maxDotButtons) {
				msg.Buttons = append(msg.Buttons, chat.Button{Label: v.t("ButtonDot", "N", i+1), Action: chat.ActionDot, Value: strconv.Itoa(i + 1)})
			}
			msg.Buttons = append(msg.Buttons, chat.Button{Label: v.t("ButtonDotsClose"), Action: chat.ActionDotsClose, Style: chat.Danger})
		}
	case b.Dots > 0:
		msg.Context += " · " + v.t("DotsClosed")
	default:
		msg.Text = v.t("IdeasRevealedHint")
	}
	return msg
}
