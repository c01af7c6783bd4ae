package teams

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klubba/klubba/chat"
)

// Teams' limits on what a bot posts.
const (
	// MaxMessageBytes is the size Klubba keeps a bot message within,
	// counted as Teams counts it, in UTF-16: Teams' limit is about
	// 100 KB, and its documentation asks bots to stay within 80 KB to
	// be sure of delivery (learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages,
	// "bot message size limit"); past the limit Teams answers 413.
	MaxMessageBytes = 80 * 1024
	// MaxCardBytes is what a card may take, leaving room for the
	// activity around it (activityReserve) and for the refresh naming
	// up to chat.MaxPerUser people (refreshReserve).
	MaxCardBytes = MaxMessageBytes - activityReserve - refreshReserve
	// activityReserve is room for the activity around its card.
	activityReserve = 2 * 1024
	// refreshReserve is room for a card's refresh: 60 Bot Framework IDs
	// of about 100 characters, in UTF-16, with the action.
	refreshReserve = 14 * 1024
	// MaxActions is how many of a card's actions Teams shows before it
	// folds the rest into a "…" menu (its host config's maxActions).
	MaxActions = 6
	// MaxOptionButtons is the most options of a poll shown as buttons;
	// more become one dropdown with a Vote button, so that the chair's
	// actions stay in view.
	MaxOptionButtons = 5
	// VoteInput is the id of the dropdown that replaces option buttons.
	VoteInput = ChoiceInput
)

// fit renders m as a card within MaxCardBytes: at first in full; then,
// as long as it is too large, with choice titles shortened, with choice
// titles reduced to option numbers (the options are listed in the card's
// text), with long lines shortened, and with a ranked ballot's dropdowns
// cut to the first 10 and then 5 ranks (a ranking may stop early, and
// the card's text says how to rank more with the vote command).
func fit(m chat.Message) map[string]any {
	var c map[string]any
	for thrift := 0; thrift <= maxThrift; thrift++ {
		c = card(m, thrift)
		if cardSize(c) <= MaxCardBytes {
			return c
		}
	}
	return c
}

// maxThrift is the last level of thrift of fit.
const maxThrift = 5

// rankInputs is how many rank dropdowns a ranked Choice gets.
func rankInputs(c *chat.Choice, thrift int) int {
	n := min(c.Max, len(c.Options))
	switch {
	case thrift >= 5:
		return min(n, 5)
	case thrift >= 4:
		return min(n, 10)
	}
	return n
}

// CardSize is the size of a card as Teams counts it, in bytes.
func CardSize(c map[string]any) int { return cardSize(c) }

// cardSize is the size of a card as Teams counts it: UTF-16 bytes of
// its JSON.
func cardSize(c map[string]any) int {
	js, _ := json.Marshal(c)
	n := 0
	for s := string(js); s != ""; {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		n += 2 * len(utf16.Encode([]rune{r}))
	}
	return n
}

// choiceTitle is the title of a dropdown's or checkbox's i-th choice.
func choiceTitle(i int, label string, thrift int) string {
	switch {
	case thrift >= 2:
		return fmt.Sprint(i + 1)
	case thrift == 1:
		return fmt.Sprintf("%d. %s", i+1, shortenTo(label, 40))
	}
	return label
}

// shorten cuts a line of a card at the highest level of thrift.
func shorten(s string, thrift int) string {
	if thrift >= 3 {
		return shortenTo(s, 60)
	}
	return s
}

func shortenTo(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// collapseVotes replaces more than MaxOptionButtons buttons that each
// vote for an option with one compact dropdown and a Vote button, which
// submits the poll's "N:" value with the dropdown's choice (as a
// checkbox vote is submitted). The other buttons follow in their order.
func collapseVotes(buttons []chat.Button, thrift int) ([]chat.Button, map[string]any) {
	var votes, rest []chat.Button
	for _, b := range buttons {
		if poll, opt, ok := strings.Cut(b.Value, ":"); b.Action == chat.ActionVote && ok && poll != "" && opt != "" {
			votes = append(votes, b)
		} else {
			rest = append(rest, b)
		}
	}
	if len(votes) <= MaxOptionButtons {
		return buttons, nil
	}
	poll, _, _ := strings.Cut(votes[0].Value, ":")
	choices := make([]any, len(votes))
	for i, b := range votes {
		_, opt, _ := strings.Cut(b.Value, ":")
		choices[i] = map[string]any{"title": choiceTitle(i, b.Label, thrift), "value": opt}
	}
	set := map[string]any{"type": "Input.ChoiceSet", "id": VoteInput, "style": "compact", "isRequired": true, "choices": choices}
	vote := chat.Button{Label: "✔", Action: chat.ActionVote, Value: poll + ":", Style: chat.Primary}
	return append([]chat.Button{vote}, rest...), set
}

// rowActions keeps at most MaxActions actions on the card, so that none
// hides in Teams' overflow menu: the chair's (destructive) actions stay
// among them, and the rest go to a row of their own at the end of the
// body (an ActionSet), in their order.
func rowActions(actions []any, body []any) ([]any, []any) {
	if len(actions) <= MaxActions {
		return actions, body
	}
	var chair, other []any
	for _, a := range actions {
		if a.(map[string]any)["style"] == "destructive" {
			chair = append(chair, a)
		} else {
			other = append(other, a)
		}
	}
	keep := max(MaxActions-len(chair), 0)
	keep = min(keep, len(other))
	top := append(append([]any{}, other[:keep]...), chair...)
	if len(top) > MaxActions {
		top = top[:MaxActions]
	}
	rest := other[keep:]
	for len(rest) > 0 {
		n := min(len(rest), MaxActions)
		body = append(body, map[string]any{"type": "ActionSet", "actions": rest[:n]})
		rest = rest[n:]
	}
	return top, body
}
