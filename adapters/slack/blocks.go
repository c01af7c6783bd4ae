package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/klubba/klubba/chat"
	goslack "github.com/slack-go/slack"
)

// Block Kit limits, from Slack's reference
// (https://api.slack.com/reference/block-kit/blocks and
// https://api.slack.com/reference/block-kit/block-elements).
const (
	// MaxBlocks is the most blocks a message may have ("Messages: 50 blocks").
	MaxBlocks = 50
	// MaxHeaderText is the longest text of a header block.
	MaxHeaderText = 150
	// MaxSectionText is the longest text of a section block.
	MaxSectionText = 3000
	// MaxFields is the most fields a section block may have.
	MaxFields = 10
	// MaxFieldText is the longest text of one section field.
	MaxFieldText = 2000
	// MaxActionElements is the most elements an actions block may have.
	MaxActionElements = 25
	// MaxButtonText is the longest text of a button.
	MaxButtonText = 75
	// MaxButtonValue is the longest value of a button.
	MaxButtonValue = 2000
	// MaxActionID is the longest action_id of an interactive element.
	MaxActionID = 255
	// MaxContextElements is the most elements a context block may have.
	MaxContextElements = 10
	// MaxCheckboxOptions is the most options a checkboxes element may have.
	MaxCheckboxOptions = 10
	// MaxFallbackText is how much of a message goes into the text shown in
	// notifications (the top-level "text", which Slack truncates at 40,000).
	MaxFallbackText = 3000
)

// barWidth is the width of a full bar in a results chart.
const barWidth = 10

// actionSeparator joins a bot action ID to the button's index, as action
// IDs must be unique within a block and several buttons share one action.
const actionSeparator = "#"

// Blocks renders a neutral message as Block Kit blocks within Slack's limits.
func Blocks(m chat.Message) []goslack.Block {
	var blocks []goslack.Block
	if m.Header != "" {
		blocks = append(blocks, goslack.NewHeaderBlock(goslack.NewTextBlockObject(goslack.PlainTextType, truncate(plain(m.Header), MaxHeaderText), true, false)))
	}
	for _, chunk := range chunks(mrkdwn(m.Text), MaxSectionText) {
		blocks = append(blocks, section(chunk))
	}
	if len(m.List) > 0 {
		lines := make([]string, len(m.List))
		for i, l := range m.List {
			lines[i] = fmt.Sprintf("%s. %s", m.Number(i), mrkdwn(l))
		}
		for _, chunk := range chunks(strings.Join(lines, "\n"), MaxSectionText) {
			blocks = append(blocks, section(chunk))
		}
	}
	for i := 0; i < len(m.Fields); i += MaxFields {
		var fields []*goslack.TextBlockObject
		for _, f := range m.Fields[i:min(len(m.Fields), i+MaxFields)] {
			text := truncate("*"+mrkdwn(f.Label)+"*\n"+mrkdwn(f.Value), MaxFieldText)
			fields = append(fields, goslack.NewTextBlockObject(goslack.MarkdownType, text, false, false))
		}
		blocks = append(blocks, goslack.NewSectionBlock(nil, fields, nil))
	}
	if len(m.Chart) > 0 {
		for _, chunk := range chunks(chart(m.Chart), MaxSectionText) {
			blocks = append(blocks, section(chunk))
		}
	}
	if c := m.Choice; c != nil {
		blocks = append(blocks, choiceBlocks(c)...)
	}
	if in := m.Input; in != nil {
		el := goslack.NewPlainTextInputBlockElement(goslack.NewTextBlockObject(goslack.PlainTextType, truncate(plain(in.Placeholder), MaxButtonText), false, false), TextAction)
		el.MaxLength = in.Max
		input := goslack.NewInputBlock("", goslack.NewTextBlockObject(goslack.PlainTextType, truncate(plain(in.Label), MaxButtonText), false, false), nil, el)
		input.Optional = true // the button submits it; an empty one is refused politely
		blocks = append(blocks, input)
	}
	for i := 0; i < len(m.Buttons); i += MaxActionElements {
		var elems []goslack.BlockElement
		for k, b := range m.Buttons[i:min(len(m.Buttons), i+MaxActionElements)] {
			id := truncate(b.Action+actionSeparator+fmt.Sprint(i+k), MaxActionID)
			btn := goslack.NewButtonBlockElement(id, truncate(b.Value, MaxButtonValue),
				goslack.NewTextBlockObject(goslack.PlainTextType, truncate(plain(b.Label), MaxButtonText), true, false))
			switch b.Style {
			case chat.Primary:
				btn.Style = goslack.StylePrimary
			case chat.Danger:
				btn.Style = goslack.StyleDanger
			}
			elems = append(elems, btn)
		}
		blocks = append(blocks, goslack.NewActionBlock("", elems...))
	}
	if m.Context != "" {
		blocks = append(blocks, goslack.NewContextBlock("", goslack.NewTextBlockObject(goslack.MarkdownType, truncate(mrkdwn(m.Context), MaxSectionText), false, false)))
	}
	if len(blocks) > MaxBlocks {
		blocks = append(blocks[:MaxBlocks-1], goslack.NewContextBlock("", goslack.NewTextBlockObject(goslack.MarkdownType, "…", false, false)))
	}
	return blocks
}

// Fallback is the plain text of a message, for notifications and clients
// that show no blocks.
//
// Slack renders the fallback as mrkdwn too (in notifications, and where
// blocks are not shown), so &, < and > are escaped: typed text cannot
// become <!channel> or a disguised <url|link>.
func Fallback(m chat.Message) string {
	parts := []string{m.Header, m.Text}
	parts = append(parts, m.List...)
	var nonEmpty []string
	for _, p := range parts {
		if p != "" {
			nonEmpty = append(nonEmpty, escape(plain(p)))
		}
	}
	return truncate(strings.Join(nonEmpty, "\n"), MaxFallbackText)
}

func section(text string) *goslack.SectionBlock {
	return goslack.NewSectionBlock(goslack.NewTextBlockObject(goslack.MarkdownType, text, false, false), nil, nil)
}

// chart draws bars as text: Slack has no chart block.
func chart(bars []chat.Bar) string {
	lines := make([]string, len(bars))
	for i, b := range bars {
		full := int(b.Percent/100*barWidth + 0.5)
		lines[i] = fmt.Sprintf("`%s%s` *%d*%s  %s", strings.Repeat("█", full), strings.Repeat("░", barWidth-full), b.Count, chat.ShareSuffix(b), mrkdwn(b.Label))
		if b.Note != "" {
			lines[i] += " · _" + escape(b.Note) + "_"
		}
	}
	return strings.Join(lines, "\n")
}

// escaper, unescaper and emphasis are built once: building a Replacer
// costs more than most replacements (it was an eighth of a vote storm's
// CPU when built per call).
var (
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	unescaper = strings.NewReplacer("&lt;@", "<\u200b@", "&amp;", "&", "&lt;", "<", "&gt;", ">") // see unescape
	emphasis  = strings.NewReplacer("**", "", "`", "")
)

// escape escapes the three characters Slack's mrkdwn reserves.
func escape(s string) string { return escaper.Replace(s) }

// mrkdwn turns the neutral Markdown into Slack's: **bold** is *bold*,
// and a person shown by their bare user ID (their name not known yet) is
// a mention, which Slack shows as their name.
func mrkdwn(s string) string { return mentionIDs(strings.ReplaceAll(escape(s), "**", "*")) }

// mentionIDs writes the Slack user IDs standing alone in s ("U012AB3CD",
// "W…": a U or W, then 8 to 11 capitals and digits, at least one digit)
// as mentions, <@U012AB3CD>. A text without one is returned as it is,
// without allocating.
func mentionIDs(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != 'U' && s[i] != 'W' || i > 0 && (isIDByte(s[i-1]) || s[i-1] == '@') {
			continue
		}
		j, digit := i+1, false
		for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
			digit = digit || s[j] >= '0' && s[j] <= '9'
			j++
		}
		if n := j - i; n < 9 || n > 12 || !digit || j < len(s) && isIDByte(s[j]) {
			for j < len(s) && isIDByte(s[j]) {
				j++ // the rest of the word
			}
			i = j - 1
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 8)
		}
		b.WriteString(s[last:i])
		b.WriteString("<@" + s[i:j] + ">")
		last, i = j, j-1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// isIDByte reports whether c may be part of a Slack ID (or of a word
// that runs on, which is then no ID).
func isIDByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '_' || c >= 0x80
}

// plain strips emphasis for plain-text fields.
func plain(s string) string { return emphasis.Replace(s) }

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// chunks splits text into pieces of at most n characters, at line breaks
// where it can.
func chunks(text string, n int) []string {
	var out []string
	for text != "" {
		if utf8.RuneCountInString(text) <= n {
			return append(out, text)
		}
		r := []rune(text)
		cut := n
		if i := strings.LastIndex(string(r[:n]), "\n"); i > 0 {
			cut = utf8.RuneCountInString(string(r[:n])[:i])
		}
		out = append(out, string(r[:cut]))
		text = strings.TrimPrefix(string(r[cut:]), "\n")
	}
	return out
}

// ChoiceAction is the action_id of the checkboxes of a Choice, and
// rankAction (with "#" and the rank) of its rank menus; ticking or
// picking is not a command, the submitting button is.
const (
	ChoiceAction = "choice"
	rankAction   = "rank"
)

// TextAction is the action_id of a message's text input; the button
// whose value ends in ":" submits the typed text after it.
const TextAction = "text"

// choiceBlocks renders a Choice: checkboxes, a multi-select menu where
// there are more options than checkboxes allow, or a menu per rank.
func choiceBlocks(c *chat.Choice) []goslack.Block {
	if !c.Ranked {
		if len(c.Options) > MaxCheckboxOptions {
			opts := make([]*goslack.OptionBlockObject, len(c.Options))
			for i, o := range c.Options {
				opts[i] = goslack.NewOptionBlockObject(o.Value, goslack.NewTextBlockObject(goslack.PlainTextType, truncate(plain(o.Label), MaxButtonText), false, false), nil)
			}
			placeholder := goslack.NewTextBlockObject(goslack.PlainTextType, fmt.Sprintf("1–%d", c.Max), false, false)
			menu := goslack.NewOptionsMultiSelectBlockElement(goslack.MultiOptTypeStatic, placeholder, ChoiceAction, opts...).WithMaxSelectedItems(c.Max)
			return []goslack.Block{goslack.NewActionBlock("", menu)}
		}
		opts := make([]*goslack.OptionBlockObject, len(c.Options))
		for i, o := range c.Options {
			opts[i] = goslack.NewOptionBlockObject(o.Value, goslack.NewTextBlockObject(goslack.MarkdownType, truncate(mrkdwn(o.Label), MaxButtonText), false, false), nil)
		}
		return []goslack.Block{goslack.NewActionBlock("", goslack.NewCheckboxGroupsBlockElement(ChoiceAction, opts...))}
	}
	var menus []goslack.BlockElement
	for rank := 1; rank <= min(c.Max, len(c.Options), MaxActionElements); rank++ {
		opts := make([]*goslack.OptionBlockObject, len(c.Options))
		for i, o := range c.Options {
			opts[i] = goslack.NewOptionBlockObject(o.Value, goslack.NewTextBlockObject(goslack.PlainTextType, truncate(plain(o.Label), MaxButtonText), false, false), nil)
		}
		placeholder := goslack.NewTextBlockObject(goslack.PlainTextType, fmt.Sprintf("%d.", rank), false, false)
		menus = append(menus, goslack.NewOptionsSelectBlockElement(goslack.OptTypeStatic, placeholder, fmt.Sprintf("%s%s%d", rankAction, actionSeparator, rank), opts...))
	}
	return []goslack.Block{goslack.NewActionBlock("", menus...)}
}

// botAction turns a button's action_id back into the bot's action ID.
func botAction(actionID string) string {
	id, _, _ := strings.Cut(actionID, actionSeparator)
	return id
}
