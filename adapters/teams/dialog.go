package teams

import (
	"cmp"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/cmdline"
)

// The poll dialog (task module): the message extension "Make a poll"
// (in the compose box, the command box, or a message's … menu, which
// fills in the message as the question) or any card button with
// msteams.type task/fetch opens an Adaptive Card form for the question,
// the options one a line, the kind, who sees the votes and when the poll
// closes. Its submission becomes the poll command it stands for
// (cmdline.PollForm), run as the person who submitted it, so that every rule
// and refusal of typed polls applies; the poll appears in the
// conversation the dialog was opened from. A mistake shows the form
// again, filled in as sent, with what to fix.

// Invoke names of the dialog.
const (
	invokeTaskFetch   = "task/fetch"
	invokeTaskSubmit  = "task/submit"
	invokeExtFetch    = "composeExtension/fetchTask"
	invokeExtSubmit   = "composeExtension/submitAction"
	dialogAction      = "poll.dialog"
	dialogClose       = "poll.dialog.close"
	extensionCommand  = "makePoll"
	adaptiveCardType  = "application/vnd.microsoft.card.adaptive"
	dialogCardVersion = "1.5"
)

// isDialogInvoke reports whether an invoke belongs to the poll dialog.
func isDialogInvoke(name string) bool {
	switch name {
	case invokeTaskFetch, invokeTaskSubmit, invokeExtFetch, invokeExtSubmit:
		return true
	}
	return false
}

// noticer gives the text of a catalogue message in a channel's language;
// *bot.Bot is one.
type noticer interface {
	Notice(ctx context.Context, channel, id string) string
}

func (s *Server) notice(ctx context.Context, channel, id string) string {
	if n, ok := s.bot.(noticer); ok {
		return n.Notice(ctx, channel, id)
	}
	return id
}

// tags matches HTML tags in a message's body.
var tags = regexp.MustCompile(`<[^>]*>`)

// dialog answers the dialog's invokes: the form for a fetch, and for a
// submission the form again with its mistakes, or the poll made.
func (s *Server) dialog(ctx context.Context, w http.ResponseWriter, act schema.Activity, extras teamsExtras) {
	if s.templateDialog(ctx, w, act) {
		return
	}
	channel := channelOf(act)
	var answer any
	switch act.Name {
	case invokeTaskFetch, invokeExtFetch:
		question := ""
		if p, ok := act.Value["messagePayload"].(map[string]any); ok { // opened from a message's … menu
			if body, ok := p["body"].(map[string]any); ok {
				content, _ := body["content"].(string)
				question = strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(content, "")))
			}
		}
		if len([]rune(question)) > maxDialogQuestion {
			question = string([]rune(question)[:maxDialogQuestion])
		}
		answer = s.dialogContinue(ctx, channel, cmdline.PollForm{Question: question, Kind: "single", Visibility: "open"}, nil)
	default:
		data, _ := act.Value["data"].(map[string]any)
		if data["action"] == dialogClose {
			answer = map[string]any{} // the message was read: the dialog closes
			break
		}
		field := func(k string) string { v, _ := data[k].(string); return v }
		form := cmdline.PollForm{Question: strings.TrimSpace(field(cmdline.FormQuestion)), Options: field(cmdline.FormOptions),
			Kind: field("kind"), Visibility: field("visibility"), Close: strings.TrimSpace(field(cmdline.FormClose))}
		if problems := form.Problems(); len(problems) > 0 || act.From.ID == "" {
			answer = s.dialogContinue(ctx, channel, form, problems)
			break
		}
		if err := s.remember(ctx, act, extras); err != nil {
			s.log.ErrorContext(ctx, "remember a conversation", "err", err)
		}
		if err := s.rememberUser(ctx, act.From); err != nil {
			s.log.ErrorContext(ctx, "remember a user", "err", err)
		}
		req := bot.Request{Channel: channel, User: userID(act.From), UserName: act.From.Name, Text: form.Command(), Route: bot.RouteShared}
		if act.ID != "" {
			req.EventID = "teams:" + act.ID
		}
		resp, _ := s.bot.Handle(ctx, req) // an error is logged by the bot, and its reply is the apology
		s.notify()
		var texts []string
		for _, r := range resp.Replies {
			if t := plainText(r.Message); t != "" {
				texts = append(texts, t)
			}
		}
		if len(texts) == 0 {
			answer = map[string]any{} // closes the dialog; the poll is in the conversation
			break
		}
		text := shortenTo(strings.Join(texts, "\n"), maxInvokeMessage)
		if act.Name == invokeExtSubmit {
			// A message extension's submitAction has no "message" answer
			// (learn.microsoft.com/microsoftteams/platform/messaging-extensions/how-to/action-commands/respond-to-task-module-submit):
			// its documented answers are none, another dialog, or a card.
			// Another dialog shows the text where the person is looking.
			answer = s.dialogMessage(ctx, channel, text)
			break
		}
		answer = map[string]any{"task": map[string]any{"type": "message", "value": text}}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(answer)
}

// maxDialogQuestion is the longest question the form takes: the bot's
// default cap on titles.
const maxDialogQuestion = 200

// dialogContinue is the answer that shows the form, filled in with form
// and with the problems found, by field.
func (s *Server) dialogContinue(ctx context.Context, channel string, form cmdline.PollForm, problems map[string]string) map[string]any {
	return map[string]any{"task": map[string]any{"type": "continue", "value": map[string]any{
		"title": s.notice(ctx, channel, "ModalPollTitle"), "height": "medium", "width": "medium",
		"card": map[string]any{"contentType": adaptiveCardType, "content": s.PollDialogCard(ctx, channel, form, problems)},
	}}}
}

// dialogMessage is the answer that shows a text in the dialog, with a
// button that closes it (a submission without the form's data, which
// Klubba answers with nothing: the dialog closes).
func (s *Server) dialogMessage(ctx context.Context, channel, text string) map[string]any {
	card := map[string]any{
		"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": dialogCardVersion,
		"body":    []any{map[string]any{"type": "TextBlock", "text": unlink(text), "wrap": true}},
		"actions": []any{map[string]any{"type": "Action.Submit", "title": s.notice(ctx, channel, "DialogClose"), "data": map[string]any{"action": dialogClose}}},
	}
	return map[string]any{"task": map[string]any{"type": "continue", "value": map[string]any{
		"title": s.notice(ctx, channel, "ModalPollTitle"), "height": "small", "width": "medium",
		"card": map[string]any{"contentType": adaptiveCardType, "content": card},
	}}}
}

// PollDialogCard is the poll form as an Adaptive Card, in the channel's
// language, filled in with form; problems (catalogue IDs by field) are
// shown under their fields.
func (s *Server) PollDialogCard(ctx context.Context, channel string, form cmdline.PollForm, problems map[string]string) map[string]any {
	t := func(id string) string { return s.notice(ctx, channel, id) }
	choice := func(value, id string) map[string]any { return map[string]any{"title": t(id), "value": value} }
	var body []any
	input := func(m map[string]any) {
		body = append(body, m)
		id, _ := m["id"].(string)
		if p := problems[id]; p != "" {
			body = append(body, map[string]any{"type": "TextBlock", "text": t(p), "color": "Attention", "wrap": true, "spacing": "None", "size": "Small"})
		}
	}
	input(map[string]any{"type": "Input.Text", "id": cmdline.FormQuestion, "label": t("ModalPollQuestion"), "value": form.Question,
		"maxLength": maxDialogQuestion, "isRequired": true, "errorMessage": t("ModalPollNeedQuestion")})
	input(map[string]any{"type": "Input.Text", "id": cmdline.FormOptions, "label": t("ModalPollOptions"), "value": form.Options,
		"placeholder": t("ModalPollOptionsHint"), "isMultiline": true, "maxLength": 3000})
	input(map[string]any{"type": "Input.ChoiceSet", "id": "kind", "label": t("ModalPollKind"), "value": cmp.Or(form.Kind, "single"),
		"choices": []any{choice("single", "ModalPollKindSingle"), choice("multi", "ModalPollKindMulti"),
			choice("ranked", "ModalPollKindRanked"), choice("yesno", "ModalPollKindYesNo")}})
	input(map[string]any{"type": "Input.ChoiceSet", "id": "visibility", "label": t("ModalPollVisibility"), "style": "expanded",
		"value":   cmp.Or(form.Visibility, "open"),
		"choices": []any{choice("open", "ModalPollOpen"), choice("anonymous", "ModalPollAnonymous"), choice("secret", "ModalPollSecret")}})
	input(map[string]any{"type": "Input.Text", "id": cmdline.FormClose, "label": t("ModalPollClose"), "value": form.Close,
		"placeholder": "5m", "maxLength": 10})
	body = append(body, map[string]any{"type": "TextBlock", "text": t("ModalPollCloseHint"), "isSubtle": true, "size": "Small", "wrap": true, "spacing": "None"})
	return map[string]any{
		"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": dialogCardVersion,
		"body":    body,
		"actions": []any{map[string]any{"type": "Action.Submit", "title": t("ModalPollSubmit"), "data": map[string]any{"action": dialogAction}}},
	}
}
