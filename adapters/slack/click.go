package slack

import (
	"bytes"
	"errors"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	goslack "github.com/slack-go/slack"
)

// click is what Server.click reads of a block_actions interaction: every
// field it needs, and nothing else. A plain button click, the kind a
// vote storm is made of, is decoded straight into it (decodeClick),
// which is much cheaper than decoding slack-go's whole
// InteractionCallback: that holds the message clicked, blocks and all,
// and is a struct of some 4 KB even when empty. Anything else is decoded
// whole and turned into a click by clickOf.
type click struct {
	Type        string `json:"type"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"` // for a button that opens a modal
	User        struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		TeamID string `json:"team_id"`
	} `json:"user"`
	Team struct {
		ID string `json:"id"`
	} `json:"team"`
	Channel struct {
		ID string `json:"id"`
	} `json:"channel"`
	Container struct {
		ChannelID string `json:"channel_id"`
	} `json:"container"`
	Actions []clickAction `json:"actions"`
	// choices and input are what the message's inputs held (see ticked),
	// for a button that submits them; set by clickOf only.
	choices []string
	input   string
}

// clickAction is one action of a click.
type clickAction struct {
	Type     string `json:"type"`
	BlockID  string `json:"block_id"`
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
}

// decodeClick decodes a plain button click into c. It reports false for
// anything else, to be decoded whole: another kind of interaction, an
// action other than a block's button (slack-go reads an action without a
// block ID as an attachment's), or a button that submits what was ticked
// or typed in the message, which needs the message's state.
func decodeClick(payload []byte, c *click) bool {
	// encoding/json/v2's decoder skips the message clicked, which a
	// payload carries whole (a poll's blocks: kilobytes), 2.5 times as
	// fast as encoding/json's. It is stricter (names match exactly, as
	// Slack writes them; no invalid UTF-8, no name twice): a payload it
	// refuses, or reads no user or action of, is decoded whole instead.
	if err := jsonv2.Unmarshal(payload, c); err != nil || c.Type != string(goslack.InteractionTypeBlockActions) || c.User.ID == "" || len(c.Actions) == 0 {
		return false
	}
	for _, a := range c.Actions {
		if a.Type != "button" || a.BlockID == "" || strings.HasSuffix(a.Value, ":") || a.ActionID == ChoiceAction || a.ActionID == TextAction || botAction(a.ActionID) == rankAction {
			return false
		}
	}
	return true
}

// clickOf returns the click of a whole block_actions callback.
func clickOf(cb *goslack.InteractionCallback) click {
	c := click{Type: string(cb.Type), ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	c.choices, c.input = ticked(cb)
	c.User.ID, c.User.Name, c.User.TeamID = cb.User.ID, cb.User.Name, cb.User.TeamID
	c.Team.ID, c.Channel.ID, c.Container.ChannelID = cb.Team.ID, cb.Channel.ID, cb.Container.ChannelID
	for _, a := range cb.ActionCallback.BlockActions {
		c.Actions = append(c.Actions, clickAction{Type: string(a.Type), BlockID: a.BlockID, ActionID: a.ActionID, Value: a.Value})
	}
	return c
}

// formValue returns the first value of key in a form-encoded body,
// unescaped, or nil if it has none: what url.ParseQuery and Get return
// (failing, as ParseQuery does, on any bad field), without building the
// map and the strings of every field (an interaction's body is one
// field, the payload). It unescapes in place: body is overwritten.
func formValue(body []byte, key string) ([]byte, error) {
	var value []byte
	found := false
	for len(body) > 0 {
		var pair []byte
		pair, body, _ = bytes.Cut(body, []byte("&"))
		if bytes.IndexByte(pair, ';') >= 0 {
			return nil, errors.New("invalid semicolon separator in query")
		}
		k, v, _ := bytes.Cut(pair, []byte("="))
		name, err := unescapeForm(k)
		if err != nil {
			return nil, err
		}
		val, err := unescapeForm(v)
		if err != nil {
			return nil, err
		}
		if !found && string(name) == key {
			value, found = val, true
		}
	}
	return value, nil
}

// unescapeForm decodes a form-encoded component in place (it never
// grows): %XX escapes and '+' for a space. It returns the start of s.
func unescapeForm(s []byte) ([]byte, error) {
	if bytes.IndexByte(s, '%') < 0 && bytes.IndexByte(s, '+') < 0 {
		return s, nil
	}
	out := s[:0]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			out = append(out, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return nil, errors.New("invalid URL escape")
			}
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
