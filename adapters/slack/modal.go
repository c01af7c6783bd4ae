package slack

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/cmdline"
	goslack "github.com/slack-go/slack"
)

// The poll modal: `/klubba poll` (or `/kpoll`) with nothing after it, and
// the message shortcut "Make a poll from this message", open a form
// (views.open) for the question, the options, the kind, who sees the
// votes and when the poll closes. Its submission becomes the poll command
// it stands for, run as the person who submitted it, so that every rule
// and refusal of typed polls applies, and the poll appears in the channel
// the modal was opened from.

// Callback IDs of the modal and the shortcut.
const (
	PollModal    = "klubba.poll"
	PollShortcut = "klubba.poll_from_message"
)

// viewOpener opens modals; *goslack.Client is one.
type viewOpener interface {
	OpenViewContext(ctx context.Context, triggerID string, view goslack.ModalViewRequest) (*goslack.ViewResponse, error)
}

// The modal's blocks, and their one input each.
const (
	blockQuestion = "question"
	blockOptions  = "options"
	blockKind     = "kind"
	blockVisible  = "visibility"
	blockClose    = "close"
)

// Slack's limits on a modal (api.slack.com/reference/surfaces/views,
// api.slack.com/reference/block-kit/block-elements#input).
const (
	maxModalTitle = 24
	maxInputLen   = 3000
)

// modalMeta is what the modal carries in private_metadata.
type modalMeta struct {
	Channel string `json:"channel"`
}

// text returns a catalogue message in the channel's language.
func (s *Server) text(ctx context.Context, channel, id string) string {
	if n, ok := s.opt.Bot.(noticer); ok {
		return n.Notice(ctx, channel, id)
	}
	return id
}

// openPollModal opens the poll modal for a channel, with the question
// filled in if given.
func (s *Server) openPollModal(ctx context.Context, triggerID, channel, question string) error {
	t := func(id string) string { return s.text(ctx, channel, id) }
	plain := func(s string) *goslack.TextBlockObject {
		return goslack.NewTextBlockObject(goslack.PlainTextType, truncate(s, 150), false, false)
	}
	q := goslack.NewPlainTextInputBlockElement(nil, blockQuestion)
	q.MaxLength = maxTitle
	q.InitialValue = truncate(question, maxTitle)
	opts := goslack.NewPlainTextInputBlockElement(nil, blockOptions)
	opts.Multiline = true
	opts.MaxLength = maxInputLen
	option := func(value, id string) *goslack.OptionBlockObject {
		return goslack.NewOptionBlockObject(value, plain(t(id)), nil)
	}
	kinds := []*goslack.OptionBlockObject{option("single", "ModalPollKindSingle"), option("multi", "ModalPollKindMulti"),
		option("ranked", "ModalPollKindRanked"), option("yesno", "ModalPollKindYesNo")}
	kind := goslack.NewOptionsSelectBlockElement(goslack.OptTypeStatic, nil, blockKind, kinds...)
	kind.InitialOption = kinds[0]
	seen := []*goslack.OptionBlockObject{option("open", "ModalPollOpen"), option("anonymous", "ModalPollAnonymous"), option("secret", "ModalPollSecret")}
	visible := goslack.NewRadioButtonsBlockElement(blockVisible, seen...)
	visible.InitialOption = seen[0]
	closeIn := goslack.NewPlainTextInputBlockElement(plain("5m"), blockClose)
	closeIn.MaxLength = 10
	closeBlock := goslack.NewInputBlock(blockClose, plain(t("ModalPollClose")), plain(t("ModalPollCloseHint")), closeIn)
	closeBlock.Optional = true
	optionsBlock := goslack.NewInputBlock(blockOptions, plain(t("ModalPollOptions")), plain(t("ModalPollOptionsHint")), opts)
	optionsBlock.Optional = true // a yes/no poll needs none; the submission checks the rest
	meta, _ := json.Marshal(modalMeta{Channel: channel})
	view := goslack.ModalViewRequest{
		Type: goslack.VTModal, CallbackID: PollModal, PrivateMetadata: string(meta),
		Title: plain(truncate(t("ModalPollTitle"), maxModalTitle)), Submit: plain(t("ModalPollSubmit")),
		Close: plain(t("ModalPollCancel")),
		Blocks: goslack.Blocks{BlockSet: []goslack.Block{
			goslack.NewInputBlock(blockQuestion, plain(t("ModalPollQuestion")), nil, q),
			optionsBlock,
			goslack.NewInputBlock(blockKind, plain(t("ModalPollKind")), nil, kind),
			goslack.NewInputBlock(blockVisible, plain(t("ModalPollVisibility")), nil, visible),
			closeBlock,
		}},
	}
	_, err := s.opt.Views.OpenViewContext(ctx, triggerID, view)
	return err
}

// maxTitle is the longest question the modal takes: the bot's default
// cap on titles.
const maxTitle = 200

// viewSubmission handles the poll modal's submission: nil closes the
// modal; otherwise the answer shows errors beside the fields.
func (s *Server) viewSubmission(ctx context.Context, cb goslack.InteractionCallback, eventID string) (map[string]any, error) {
	if cb.View.CallbackID == TemplateModal {
		return s.templateSubmission(ctx, cb)
	}
	if cb.View.CallbackID != PollModal || cb.View.State == nil {
		return nil, nil
	}
	var meta modalMeta
	if json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil || !strings.HasPrefix(meta.Channel, Platform+":") || cb.User.ID == "" {
		return nil, errMalformed
	}
	values := cb.View.State.Values
	input := func(block string) string { return strings.TrimSpace(values[block][block].Value) }
	selected := func(block string) string { return values[block][block].SelectedOption.Value }
	form := cmdline.PollForm{Question: input(blockQuestion), Options: input(blockOptions), Kind: selected(blockKind),
		Visibility: selected(blockVisible), Close: input(blockClose)}
	errs := map[string]string{}
	for field, id := range form.Problems() {
		errs[field] = s.text(ctx, meta.Channel, id) // the blocks are named as the form's fields
	}
	if len(errs) > 0 {
		return map[string]any{"response_action": "errors", "errors": errs}, nil
	}
	req := bot.Request{Channel: meta.Channel, User: cb.User.ID, UserName: s.name(cb.User.ID, cb.User.Name),
		Text: form.Command(), Route: bot.RouteAll, EventID: eventID}
	return nil, s.handle(ctx, req)
}

// messageShortcut opens the poll modal with a message's text as the
// question.
func (s *Server) messageShortcut(ctx context.Context, cb goslack.InteractionCallback) error {
	if cb.CallbackID != PollShortcut || s.opt.Views == nil {
		return nil
	}
	team := cmpOr(cb.Team.ID, cb.User.TeamID)
	if cb.Channel.ID == "" || cb.TriggerID == "" {
		return errMalformed
	}
	return s.openPollModal(ctx, cb.TriggerID, channelID(team, cb.Channel.ID), unescape(cb.Message.Text))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
