package slack

import (
	"encoding/json"
	"strings"

	goslack "github.com/slack-go/slack"
)

// click is the part of a block_actions payload that a plain button click
// needs: every field of the callback that Server.interaction reads (a
// field read there must be added here, and to TestDecodeClick). Decoding it is much cheaper than decoding slack-go's whole
// InteractionCallback, whose message blocks Slack sends with every click
// (a vote storm decodes a thousand of them).
type click struct {
	Type        string `json:"type"`
	ResponseURL string `json:"response_url"`
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
	Actions []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		ActionID string `json:"action_id"`
		Value    string `json:"value"`
	} `json:"actions"`
}

// decodeClick decodes a plain button click into the callback that
// interaction reads. It reports false for anything else (another kind of
// interaction, an action other than a block's button (slack-go reads
// an action without a block ID as an attachment's), or a button that submits
// what was ticked or typed in the message, which needs the message's
// state): decode that whole.
func decodeClick(payload []byte) (goslack.InteractionCallback, bool) {
	var c click
	if err := json.Unmarshal(payload, &c); err != nil || c.Type != string(goslack.InteractionTypeBlockActions) {
		return goslack.InteractionCallback{}, false
	}
	var cb goslack.InteractionCallback
	cb.Type = goslack.InteractionTypeBlockActions
	cb.ResponseURL = c.ResponseURL
	cb.User.ID, cb.User.Name, cb.User.TeamID = c.User.ID, c.User.Name, c.User.TeamID
	cb.Team.ID = c.Team.ID
	cb.Channel.ID = c.Channel.ID
	cb.Container.ChannelID = c.Container.ChannelID
	for _, a := range c.Actions {
		if a.Type != "button" || a.BlockID == "" || strings.HasSuffix(a.Value, ":") || a.ActionID == ChoiceAction || a.ActionID == TextAction || botAction(a.ActionID) == rankAction {
			return goslack.InteractionCallback{}, false
		}
		cb.ActionCallback.BlockActions = append(cb.ActionCallback.BlockActions, &goslack.BlockAction{ActionID: a.ActionID, Value: a.Value})
	}
	return cb, true
}
