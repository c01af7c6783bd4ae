package teams

import (
	"fmt"
	"strings"

	"github.com/klubba/klubba/chat"
)

// AdaptiveCardVersion is the schema version of the cards: the highest
// that Teams renders on every client.
const AdaptiveCardVersion = "1.5"

// contentTypeCard is the attachment content type of an Adaptive Card.
const contentTypeCard = "application/vnd.microsoft.card.adaptive"

// barWidth is the width of a full bar in a results chart.
const barWidth = 10

// Card renders a neutral message as an Adaptive Card. Buttons become
// Action.Submit actions whose data carries the bot's action and value.
// The card keeps to Teams' limits: see fit.
func Card(m chat.Message) map[string]any { return fit(m) }

// card renders m at a level of thrift (see fit); 0 is the full card.
func card(m chat.Message, thrift int) map[string]any {
	var body []any
	text := func(s string, extra map[string]any) {
		tb := map[string]any{"type": "TextBlock", "text": unlink(s), "wrap": true}
		for k, v := range extra {
			tb[k] = v
		}
		body = append(body, tb)
	}
	if m.Header != "" {
		text(m.Header, map[string]any{"size": "Large", "weight": "Bolder"})
	}
	if m.Text != "" {
		text(m.Text, nil)
	}
	for i, l := range m.List {
		text(fmt.Sprintf("%s. %s", m.Number(i), shorten(l, thrift)), map[string]any{"spacing": "None"})
	}
	if len(m.Fields) > 0 {
		facts := make([]any, len(m.Fields))
		for i, f := range m.Fields {
			facts[i] = map[string]any{"title": unlink(f.Label), "value": unlink(f.Value)}
		}
		body = append(body, map[string]any{"type": "FactSet", "facts": facts})
	}
	for _, b := range m.Chart {
		full := int(b.Percent/100*barWidth + 0.5)
		line := fmt.Sprintf("%s%s %d%s %s", strings.Repeat("█", full), strings.Repeat("░", barWidth-full), b.Count, chat.ShareSuffix(b), shorten(b.Label, thrift))
		if b.Note != "" {
			line += " · " + b.Note
		}
		text(line, map[string]any{"fontType": "Monospace", "spacing": "None"})
	}
	if c := m.Choice; c != nil {
		choices := make([]any, len(c.Options))
		for i, o := range c.Options {
			choices[i] = map[string]any{"title": choiceTitle(i, o.Label, thrift), "value": o.Value}
		}
		if c.Ranked {
			for rank := 1; rank <= rankInputs(c, thrift); rank++ {
				body = append(body, map[string]any{"type": "Input.ChoiceSet", "id": fmt.Sprintf("%s%d", RankInput, rank),
					"style": "compact", "placeholder": fmt.Sprintf("%d.", rank), "choices": choices})
			}
		} else {
			body = append(body, map[string]any{"type": "Input.ChoiceSet", "id": ChoiceInput, "isMultiSelect": true,
				"style": "expanded", "choices": choices})
		}
	}
	if in := m.Input; in != nil {
		input := map[string]any{"type": "Input.Text", "id": TextInput, "label": in.Label, "placeholder": in.Placeholder}
		if in.Max > 0 {
			input["maxLength"] = in.Max
		}
		body = append(body, input)
	}
	buttons, votes := collapseVotes(m.Buttons, thrift)
	if votes != nil {
		body = append(body, votes)
	}
	if m.Context != "" {
		text(m.Context, map[string]any{"isSubtle": true, "size": "Small"})
	}
	card := map[string]any{
		"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"version": AdaptiveCardVersion, "body": body,
	}
	if len(buttons) > 0 {
		actions := make([]any, len(buttons))
		for i, b := range buttons {
			data := map[string]any{"action": b.Action, "value": b.Value}
			// Action.Execute, whose answer only the clicker sees (see
			// execute.go); Action.Submit where a client lacks it.
			a := map[string]any{"type": "Action.Execute", "title": b.Label, "verb": b.Action, "data": data,
				"fallback": map[string]any{"type": "Action.Submit", "title": b.Label, "data": data}}
			if b.Action == chat.ActionTemplateEdit { // opens a dialog (templatedialog.go)
				data["msteams"] = map[string]any{"type": "task/fetch"}
				a = map[string]any{"type": "Action.Submit", "title": b.Label, "data": data}
			}
			switch b.Style {
			case chat.Primary:
				a["style"] = "positive"
			case chat.Danger:
				a["style"] = "destructive"
			}
			actions[i] = a
		}
		card["actions"], card["body"] = rowActions(actions, card["body"].([]any))
	}
	return card
}

// unlink breaks Markdown link syntax, [text](url), in text that may
// carry what users typed: a card's TextBlocks render Markdown, and a
// disguised link must not. Klubba's own messages contain no links.
func unlink(s string) string { return strings.ReplaceAll(s, "](", "]\u200b(") }

// ChoiceInput is the id of a Choice's input; Teams sends the ticked
// values, comma-separated, under it with the submit. A ranked Choice has
// an input per rank: RankInput followed by the rank.
const (
	ChoiceInput = "choices"
	RankInput   = "rank"
	// TextInput is the id of a message's text input; Teams sends what was
	// typed under it with the submit.
	TextInput = "text"
)

// messageActivity is an outgoing message activity carrying m as a card.
func messageActivity(m chat.Message) map[string]any {
	summary := m.Header
	if summary == "" {
		summary = m.Text
	}
	return map[string]any{
		"type": "message", "summary": summary,
		"attachments": []any{map[string]any{"contentType": contentTypeCard, "content": Card(m)}},
	}
}
