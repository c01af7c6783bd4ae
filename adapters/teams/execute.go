package teams

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// Private answers without a one-to-one chat. A card's buttons are
// Action.Execute (Universal Actions): Teams sends the click as an
// adaptiveCard/action invoke and shows the clicker, and only them, the
// message of the invoke's response ("Your vote is recorded"), in place,
// beside the card. Nothing lands in their chat with the bot, and it
// works for people who never installed the app personally. The card
// itself is updated for everyone through the outbox, as before.
//
// A client without Universal Actions runs each button's fallback, an
// Action.Submit, which arrives as a message activity; its private
// answers then go to the one-to-one chat, as they always did. The
// one-to-one chat also stays for what is said unprompted: "you're next"
// and a flag to the chair.

// invokeCardAction is the invoke name of an Action.Execute.
const invokeCardAction = "adaptiveCard/action"

// Content types of an adaptiveCard/action response.
const (
	responseMessage = "application/vnd.microsoft.activity.message"
	responseError   = "application/vnd.microsoft.error"
)

// cardAction handles an Action.Execute and answers the invoke with the
// clicker's private replies.
func (s *Server) cardAction(ctx context.Context, w http.ResponseWriter, act schema.Activity, extras teamsExtras) {
	var data map[string]any
	if a, ok := act.Value["action"].(map[string]any); ok {
		data, _ = a["data"].(map[string]any)
	}
	id, _ := data["action"].(string)
	if id == "" {
		invokeAnswer(w, http.StatusBadRequest, responseError, map[string]any{"code": "BadRequest", "message": "not a Klubba action"})
		return
	}
	value, _ := data["value"].(string)
	if id == chat.ActionRefresh {
		s.refreshCard(ctx, w, act, value)
		return
	}
	if err := s.remember(ctx, act, extras); err != nil {
		s.log.ErrorContext(ctx, "remember a conversation", "err", err)
	}
	if err := s.rememberUser(ctx, act.From); err != nil {
		s.log.ErrorContext(ctx, "remember a user", "err", err)
	}
	action := &chat.Action{ID: id, Value: value}
	if strings.HasSuffix(value, ":") {
		action.Choices, action.Input = submitted(data)
	}
	req := bot.Request{Channel: channelOf(act), User: userID(act.From), UserName: act.From.Name,
		Action: action, Route: bot.RouteShared, Thread: threadOf(act)}
	if act.ID != "" {
		req.EventID = "teams:" + act.ID
	}
	// An error is logged by the bot, and its reply is the apology.
	resp, _ := s.bot.Handle(ctx, req)
	s.notify()
	var texts []string
	for _, r := range resp.Replies {
		if t := plainText(r.Message); t != "" {
			texts = append(texts, t)
		}
	}
	text := strings.Join(texts, "\n")
	if text == "" {
		text = "✓"
	}
	invokeAnswer(w, http.StatusOK, responseMessage, text)
}

// invokeAnswer writes an adaptiveCard/action response: the HTTP status
// and, in the body, the status again, its type and its value.
func invokeAnswer(w http.ResponseWriter, status int, typ string, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK) // the invoke itself was received
	json.NewEncoder(w).Encode(map[string]any{"statusCode": status, "type": typ, "value": value})
}

// emphasis strips the neutral Markdown's emphasis; built once, as
// building a Replacer costs more than most replacements.
var emphasis = strings.NewReplacer("**", "", "`", "")

// plainText is a message as one short plain text, for the line Teams
// shows the clicker.
func plainText(m chat.Message) string {
	var parts []string
	for _, p := range []string{m.Header, m.Text, m.Context} {
		if p = strings.TrimSpace(emphasis.Replace(p)); p != "" {
			parts = append(parts, p)
		}
	}
	return shortenTo(strings.Join(parts, " · "), maxInvokeMessage)
}

// maxInvokeMessage bounds the message shown to a clicker: Teams shows
// it on a line under the card.
const maxInvokeMessage = 300
