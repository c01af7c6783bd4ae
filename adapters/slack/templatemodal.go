package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/klubba/klubba/bot"
	goslack "github.com/slack-go/slack"
)

// The template modal: `template edit NAME` answers its owner with the
// web editor's link and a button, "Edit the YAML here", whose value is
// the link's signed token. The button opens a modal (views.open) with the
// template's YAML in a multiline input; on submission the bot checks and
// saves it as a new version, as the web editor does, and a problem is
// shown beside the field (response_action "errors"), by line and field,
// in the editor's language; a save leaves the modal saying which version
// it made.

// TemplateModal is the callback ID of the template modal.
const TemplateModal = "klubba.template"

// blockYAML is the modal's one input.
const blockYAML = "yaml"

// maxErrorText keeps the errors beside the field readable.
const maxErrorText = 1500

// templateEditor is what the modal needs of the bot; *bot.Bot is one.
type templateEditor interface {
	TemplateDraft(ctx context.Context, token string) (*bot.TemplateDraft, error)
	SaveTemplateYAML(ctx context.Context, token string, base int, yaml string) (bot.EditResult, error)
	Text(lang, id string, kv ...any) string
}

// templateMeta is what the template modal carries in private_metadata.
type templateMeta struct {
	Token string `json:"token"`
	Base  int    `json:"base"`
	Lang  string `json:"lang"`
}

// openTemplateModal opens the template modal for an editor token, in
// the workspace of the click. For a link past its time, or whose
// template is gone, the modal says so, in the link's language.
func (s *Server) openTemplateModal(ctx context.Context, triggerID, team, token string) error {
	ed, ok := s.opt.Bot.(templateEditor)
	if !ok || !s.canOpenViews() || triggerID == "" {
		return nil
	}
	d, err := ed.TemplateDraft(ctx, token)
	gone := ""
	switch {
	case errors.Is(err, bot.ErrLinkExpired):
		gone = "EditorLinkExpired"
	case errors.Is(err, bot.ErrNotFound):
		gone = "EditorLinkBad"
	case err != nil:
		return fmt.Errorf("template modal: %w", err)
	}
	lang := "en"
	if d != nil {
		lang = d.Lang
	}
	t := func(id string, kv ...any) string { return ed.Text(lang, id, kv...) }
	view := goslack.ModalViewRequest{
		Type: goslack.VTModal, CallbackID: TemplateModal,
		Title: modalText(truncate(t("ModalTemplateTitle"), maxModalTitle)), Close: modalText(t("ModalTemplateCancel")),
	}
	if gone != "" {
		view.Blocks = goslack.Blocks{BlockSet: []goslack.Block{goslack.NewSectionBlock(goslack.NewTextBlockObject(goslack.MarkdownType,
			escape(t(gone)), false, false), nil, nil)}}
		return s.openModal(ctx, team, triggerID, view)
	}
	meta, _ := json.Marshal(templateMeta{Token: token, Base: d.Version, Lang: d.Lang})
	view.PrivateMetadata = string(meta)
	header := goslack.NewSectionBlock(goslack.NewTextBlockObject(goslack.PlainTextType, t("EditorIntro", "Version", d.Version,
		"Expires", d.ExpiresAt), false, false), nil, nil)
	if len(d.YAML) > maxInputLen {
		view.Blocks = goslack.Blocks{BlockSet: []goslack.Block{header,
			goslack.NewSectionBlock(goslack.NewTextBlockObject(goslack.PlainTextType, t("ModalTemplateTooLong"), false, false), nil, nil)}}
	} else {
		in := goslack.NewPlainTextInputBlockElement(nil, blockYAML)
		in.Multiline, in.MaxLength, in.InitialValue = true, maxInputLen, d.YAML
		view.Submit = modalText(t("ModalTemplateSave"))
		view.Blocks = goslack.Blocks{BlockSet: []goslack.Block{header,
			goslack.NewInputBlock(blockYAML, modalText(t("ModalTemplateYAML")), modalText(t("ModalTemplateHint")), in)}}
	}
	return s.openModal(ctx, team, triggerID, view)
}

// templateSubmission saves the modal's YAML: the answer is the errors
// beside the field, or the modal replaced by what was saved.
func (s *Server) templateSubmission(ctx context.Context, cb goslack.InteractionCallback) (map[string]any, error) {
	ed, ok := s.opt.Bot.(templateEditor)
	var meta templateMeta
	if !ok || cb.View.State == nil || json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil || meta.Token == "" {
		return nil, errMalformed
	}
	yaml := cb.View.State.Values[blockYAML][blockYAML].Value
	res, err := ed.SaveTemplateYAML(ctx, meta.Token, meta.Base, yaml)
	errorBeside := func(text string) map[string]any {
		return map[string]any{"response_action": "errors", "errors": map[string]string{blockYAML: truncate(text, maxErrorText)}}
	}
	switch {
	case errors.Is(err, bot.ErrLinkExpired):
		return errorBeside(ed.Text(meta.Lang, "EditorLinkExpired")), nil
	case errors.Is(err, bot.ErrNotFound):
		return errorBeside(ed.Text(meta.Lang, "EditorLinkBad")), nil
	case err != nil:
		return nil, err
	case res.Stale:
		return errorBeside(ed.Text(meta.Lang, "EditorStale", "Version", res.Version)), nil
	case len(res.Problems) > 0:
		lines := make([]string, len(res.Problems))
		for i, p := range res.Problems {
			lines[i] = ed.Text(meta.Lang, "EditorLine", "Line", p.Line, "Field", p.Field) + ": " + p.Text
		}
		return errorBeside(strings.Join(lines, "\n")), nil
	}
	d, err := ed.TemplateDraft(ctx, meta.Token)
	name := ""
	if err == nil {
		name = d.Name
	}
	done := goslack.ModalViewRequest{Type: goslack.VTModal, CallbackID: TemplateModal,
		Title: modalText(truncate(ed.Text(meta.Lang, "ModalTemplateTitle"), maxModalTitle)), Close: modalText(ed.Text(meta.Lang, "ModalTemplateCancel")),
		Blocks: goslack.Blocks{BlockSet: []goslack.Block{goslack.NewSectionBlock(goslack.NewTextBlockObject(goslack.MarkdownType,
			escape(ed.Text(meta.Lang, "EditorSaved", "Version", res.Version, "Name", name)), false, false), nil, nil)}}}
	return map[string]any{"response_action": "update", "view": done}, nil
}
