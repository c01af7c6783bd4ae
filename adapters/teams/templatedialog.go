package teams

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// The template dialog: `template edit NAME` answers its owner with the
// web editor's link and a button whose data carries the link's signed
// token and asks Teams for a dialog (msteams.type task/fetch). The
// dialog is an Adaptive Card with the template's YAML in a multiline
// input; on submission the bot checks and saves it as a new version, as
// the web editor does, and the dialog comes back with the problems under
// the field, by line and field, until it is saved.

// templateDialogAction is the submit action of the template dialog.
const templateDialogAction = "template.dialog"

// templateEditor is what the dialog needs of the bot; *bot.Bot is one.
type templateEditor interface {
	TemplateDraft(ctx context.Context, token string) (*bot.TemplateDraft, error)
	SaveTemplateYAML(ctx context.Context, token string, base int, yaml string) (bot.EditResult, error)
	Text(lang, id string, kv ...any) string
}

// templateDialog answers the template dialog's invokes, reporting false
// for any other invoke (the poll dialog's).
func (s *Server) templateDialog(ctx context.Context, w http.ResponseWriter, act schema.Activity) bool {
	data, _ := act.Value["data"].(map[string]any)
	str := func(k string) string { v, _ := data[k].(string); return v }
	action := str("action")
	if action != chat.ActionTemplateEdit && action != templateDialogAction {
		return false
	}
	ed, ok := s.bot.(templateEditor)
	if !ok {
		return false
	}
	var answer any
	token := str("value")
	d, err := ed.TemplateDraft(ctx, token)
	lang := "en"
	if d != nil {
		lang = d.Lang
	}
	t := func(id string, kv ...any) string { return ed.Text(lang, id, kv...) }
	message := func(text string) any {
		return map[string]any{"task": map[string]any{"type": "message", "value": shortenTo(text, maxInvokeMessage)}}
	}
	switch {
	case errors.Is(err, bot.ErrLinkExpired):
		answer = message(t("EditorLinkExpired"))
	case err != nil:
		if !errors.Is(err, bot.ErrNotFound) {
			s.log.ErrorContext(ctx, "template dialog", "err", err)
		}
		answer = message(t("EditorLinkBad"))
	case action == chat.ActionTemplateEdit || act.Name == invokeTaskFetch:
		answer = s.templateContinue(d, token, d.Version, d.YAML, nil, t)
	default:
		base, _ := data["base"].(float64)
		yaml := str("yaml")
		res, err := ed.SaveTemplateYAML(ctx, token, int(base), yaml)
		switch {
		case err != nil:
			answer = message(t("EditorUnavailable"))
		case res.Stale:
			answer = s.templateContinue(d, token, int(base), yaml, []string{t("EditorStale", "Version", res.Version)}, t)
		case len(res.Problems) > 0:
			lines := make([]string, len(res.Problems))
			for i, p := range res.Problems {
				lines[i] = t("EditorLine", "Line", p.Line, "Field", p.Field) + ": " + p.Text
			}
			answer = s.templateContinue(d, token, int(base), yaml, lines, t)
		default:
			answer = message(t("EditorSaved", "Version", res.Version, "Name", d.Name))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(answer)
	return true
}

// templateContinue shows the dialog with yaml, and problems under it.
func (s *Server) templateContinue(d *bot.TemplateDraft, token string, base int, yaml string, problems []string, t func(string, ...any) string) any {
	body := []any{
		map[string]any{"type": "TextBlock", "text": t("EditorHeader", "Name", d.Name), "weight": "Bolder", "size": "Medium", "wrap": true},
		map[string]any{"type": "Input.Text", "id": "yaml", "label": t("ModalTemplateYAML"), "value": yaml, "isMultiline": true,
			"maxLength": 64 << 10, "style": "text"},
	}
	for _, p := range problems {
		body = append(body, map[string]any{"type": "TextBlock", "text": "⚠ " + p, "color": "Attention", "wrap": true, "spacing": "None", "size": "Small"})
	}
	body = append(body, map[string]any{"type": "TextBlock", "text": t("ModalTemplateHint"), "isSubtle": true, "size": "Small", "wrap": true})
	card := map[string]any{
		"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": dialogCardVersion,
		"body": body,
		"actions": []any{map[string]any{"type": "Action.Submit", "title": t("ModalTemplateSave"),
			"data": map[string]any{"action": templateDialogAction, "value": token, "base": base}}},
	}
	return map[string]any{"task": map[string]any{"type": "continue", "value": map[string]any{
		"title": strings.TrimSpace(t("ModalTemplateTitle")), "height": "large", "width": "large",
		"card": map[string]any{"contentType": adaptiveCardType, "content": card},
	}}}
}
