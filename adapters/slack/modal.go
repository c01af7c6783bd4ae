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

// Callback IDs of the modals and the shortcuts. The global shortcuts
// ("Start a meeting", "New poll" in Slack's shortcut menu) are opened
// outside any channel, so their modals ask for one.
const (
	PollModal          = "klubba.poll"
	PollShortcut       = "klubba.poll_from_message"
	StartModal         = "klubba.start"
	StartShortcut      = "klubba.start_meeting"
	PollGlobalShortcut = "klubba.new_poll"
)

// The modal's blocks, and their one input each.
const (
	blockChannel  = "channel"
	blockTemplate = "template"
	blockTitle    = "title"
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
	// Team is the workspace of a modal opened outside a channel, whose
	// channel the person picks.
	Team string `json:"team,omitempty"`
}

// channelPicker is the input of a modal opened outside a channel: the
// conversation its poll or meeting goes to. Slack sends a response_url
// for the conversation picked (response_url_enabled), through which the
// message is shown where Klubba is not a member (callers.go), as after
// a slash command.
func channelPicker(label string) *goslack.InputBlock {
	pick := &goslack.SelectBlockElement{Type: goslack.OptTypeConversations, ActionID: blockChannel, ResponseURLEnabled: true,
		Filter: &goslack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}}
	return goslack.NewInputBlock(blockChannel, goslack.NewTextBlockObject(goslack.PlainTextType, label, false, false), nil, pick)
}

// modalText is a modal's plain text: a label, a title, an option, at
// most 150 characters.
func modalText(s string) *goslack.TextBlockObject {
	return goslack.NewTextBlockObject(goslack.PlainTextType, truncate(s, 150), false, false)
}

// optionText is the text of a select menu's option: Slack allows 75
// characters there, and refuses the whole view for one longer.
func optionText(s string) *goslack.TextBlockObject {
	return goslack.NewTextBlockObject(goslack.PlainTextType, truncate(s, MaxButtonText), false, false)
}

// text returns a catalogue message in the channel's language.
func (s *Server) text(ctx context.Context, channel, id string) string {
	if n, ok := s.opt.Bot.(noticer); ok {
		return n.Notice(ctx, channel, id)
	}
	return id
}

// openPollModal opens the poll modal for a channel, with the question
// filled in if given; without a channel (a global shortcut), the modal
// asks for one of the team's.
func (s *Server) openPollModal(ctx context.Context, triggerID, team, channel, question string) error {
	t := func(id string) string { return s.text(ctx, channel, id) }
	q := goslack.NewPlainTextInputBlockElement(nil, blockQuestion)
	q.MaxLength = maxTitle
	q.InitialValue = truncate(question, maxTitle)
	opts := goslack.NewPlainTextInputBlockElement(nil, blockOptions)
	opts.Multiline = true
	opts.MaxLength = maxInputLen
	option := func(value, id string) *goslack.OptionBlockObject {
		return goslack.NewOptionBlockObject(value, optionText(t(id)), nil)
	}
	kinds := []*goslack.OptionBlockObject{option("single", "ModalPollKindSingle"), option("multi", "ModalPollKindMulti"),
		option("ranked", "ModalPollKindRanked"), option("yesno", "ModalPollKindYesNo")}
	kind := goslack.NewOptionsSelectBlockElement(goslack.OptTypeStatic, nil, blockKind, kinds...)
	kind.InitialOption = kinds[0]
	seen := []*goslack.OptionBlockObject{option("open", "ModalPollOpen"), option("anonymous", "ModalPollAnonymous"), option("secret", "ModalPollSecret")}
	visible := goslack.NewRadioButtonsBlockElement(blockVisible, seen...)
	visible.InitialOption = seen[0]
	closeIn := goslack.NewPlainTextInputBlockElement(modalText("5m"), blockClose)
	closeIn.MaxLength = 10
	closeBlock := goslack.NewInputBlock(blockClose, modalText(t("ModalPollClose")), modalText(t("ModalPollCloseHint")), closeIn)
	closeBlock.Optional = true
	optionsBlock := goslack.NewInputBlock(blockOptions, modalText(t("ModalPollOptions")), modalText(t("ModalPollOptionsHint")), opts)
	optionsBlock.Optional = true // a yes/no poll needs none; the submission checks the rest
	meta := modalMeta{Channel: channel}
	var blocks []goslack.Block
	if channel == "" {
		meta.Team = team
		blocks = append(blocks, channelPicker(t("ModalChannel")))
	}
	metaJSON, _ := json.Marshal(meta)
	view := goslack.ModalViewRequest{
		Type: goslack.VTModal, CallbackID: PollModal, PrivateMetadata: string(metaJSON),
		Title: modalText(truncate(t("ModalPollTitle"), maxModalTitle)), Submit: modalText(t("ModalPollSubmit")),
		Close: modalText(t("ModalPollCancel")),
		Blocks: goslack.Blocks{BlockSet: append(blocks,
			goslack.NewInputBlock(blockQuestion, modalText(t("ModalPollQuestion")), nil, q),
			optionsBlock,
			goslack.NewInputBlock(blockKind, modalText(t("ModalPollKind")), nil, kind),
			goslack.NewInputBlock(blockVisible, modalText(t("ModalPollVisibility")), nil, visible),
			closeBlock,
		)},
	}
	return s.openModal(ctx, team, triggerID, view)
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
	if cb.View.CallbackID != PollModal && cb.View.CallbackID != StartModal || cb.View.State == nil {
		return nil, nil
	}
	var meta modalMeta
	if json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil || cb.User.ID == "" {
		return nil, errMalformed
	}
	values := cb.View.State.Values
	// A refusal is shown beside the form's first field.
	first := blockQuestion
	if meta.Channel == "" && meta.Team != "" { // opened outside a channel: the one picked
		first = blockChannel
		picked := values[blockChannel][blockChannel].SelectedConversation
		if picked == "" {
			return map[string]any{"response_action": "errors", "errors": map[string]string{blockChannel: s.text(ctx, "", "ModalNeedChannel")}}, nil
		}
		meta.Channel = channelID(meta.Team, picked)
		for _, u := range cb.ResponseURLs {
			if u.ChannelID == picked {
				s.opt.Callers.See(meta.Channel, cb.User.ID, u.ResponseURL)
			}
		}
	}
	if !strings.HasPrefix(meta.Channel, Platform+":") {
		return nil, errMalformed
	}
	if cb.View.CallbackID == StartModal {
		text := "start"
		// A template is named by a bare word (a quoted one is the title).
		if tpl := values[blockTemplate][blockTemplate].SelectedOption.Value; tpl != "" && !strings.ContainsAny(tpl, " \t\n\"«»“”") {
			text += " " + tpl
		}
		if title := strings.TrimSpace(values[blockTitle][blockTitle].Value); title != "" {
			text += " " + cmdline.Quote(title)
		}
		return s.submit(ctx, bot.Request{Channel: meta.Channel, User: cb.User.ID,
			UserName: s.nameIn(teamOf(meta.Channel), cb.User.ID, cb.User.Name), Text: text, EventID: eventID}, first)
	}
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
	req := bot.Request{Channel: meta.Channel, User: cb.User.ID, UserName: s.nameIn(teamOf(meta.Channel), cb.User.ID, cb.User.Name),
		Text: form.Command(), EventID: eventID}
	return s.submit(ctx, req, first)
}

// submit runs the command a modal stands for. A refusal, such as "no
// meeting is running" or two options the same, is shown in the modal,
// beside field, which keeps what was typed. Otherwise the modal closes.
func (s *Server) submit(ctx context.Context, req bot.Request, field string) (map[string]any, error) {
	req.Route = bot.RouteShared
	resp, _ := s.opt.Bot.Handle(ctx, req) // an error is logged by the bot, and its reply is the apology
	s.opt.Delivered()
	if !resp.Refused {
		return nil, nil
	}
	var texts []string
	for _, r := range resp.Replies {
		for _, p := range []string{r.Message.Header, r.Message.Text} {
			if p = strings.TrimSpace(plain(p)); p != "" {
				texts = append(texts, p)
			}
		}
	}
	if len(texts) == 0 {
		return nil, nil
	}
	return map[string]any{"response_action": "errors", "errors": map[string]string{field: truncate(strings.Join(texts, "\n"), maxErrorText)}}, nil
}

// messageShortcut opens the poll modal with a message's text as the
// question.
func (s *Server) messageShortcut(ctx context.Context, cb goslack.InteractionCallback) error {
	if cb.CallbackID != PollShortcut || !s.canOpenViews() {
		return nil
	}
	team := cmpOr(cb.Team.ID, cb.User.TeamID)
	if cb.Channel.ID == "" || cb.TriggerID == "" {
		return errMalformed
	}
	// Where Klubba is not a member, the poll is shown through the
	// shortcut's response_url (callers.go).
	s.opt.Callers.See(channelID(team, cb.Channel.ID), cb.User.ID, cb.ResponseURL)
	if _, ok := s.admit(ctx, bot.Request{Channel: channelID(team, cb.Channel.ID), User: cb.User.ID, Route: bot.RouteAll}); !ok {
		return nil // told through the outbox
	}
	return s.openPollModal(ctx, cb.TriggerID, team, channelID(team, cb.Channel.ID), unescape(cb.Message.Text))
}

// templateLister lists the templates a meeting starts from; *bot.Bot is one.
type templateLister interface {
	Home(ctx context.Context, prefix, user string) (bot.Home, error)
}

// globalShortcut opens the modal of "Start a meeting" or "New poll",
// from Slack's shortcut menu, outside any channel.
func (s *Server) globalShortcut(ctx context.Context, cb goslack.InteractionCallback) error {
	if !s.canOpenViews() {
		return nil
	}
	team := cmpOr(cb.Team.ID, cb.User.TeamID)
	if team == "" || cb.TriggerID == "" || cb.User.ID == "" {
		return errMalformed
	}
	// Outside any channel there is nowhere to say "slow down": a flood
	// of shortcuts is only kept to the caller's rate limit.
	if _, ok := s.admit(ctx, bot.Request{Channel: channelID(team, ""), User: cb.User.ID, Route: bot.RouteShared}); !ok {
		return nil
	}
	switch cb.CallbackID {
	case PollGlobalShortcut:
		return s.openPollModal(ctx, cb.TriggerID, team, "", "")
	case StartShortcut:
		return s.openStartModal(ctx, cb.TriggerID, team, cb.User.ID)
	}
	return nil
}

// openStartModal opens the form that starts a meeting: the channel, the
// template (if any), the title.
func (s *Server) openStartModal(ctx context.Context, triggerID, team, user string) error {
	t := func(id string) string { return s.text(ctx, "", id) }
	blocks := []goslack.Block{channelPicker(t("ModalChannel"))}
	if tl, ok := s.opt.Bot.(templateLister); ok {
		if h, err := tl.Home(ctx, channelID(team, ""), user); err == nil && len(h.Templates) > 0 {
			var opts []*goslack.OptionBlockObject
			for _, tm := range h.Templates[:min(len(h.Templates), 100)] { // a select's limit
				opts = append(opts, goslack.NewOptionBlockObject(truncate(tm.Name, 75), optionText(cmpOr(tm.Title, tm.Name)), nil))
			}
			sel := goslack.NewOptionsSelectBlockElement(goslack.OptTypeStatic, nil, blockTemplate, opts...)
			block := goslack.NewInputBlock(blockTemplate, modalText(t("ModalStartTemplate")), nil, sel)
			block.Optional = true
			blocks = append(blocks, block)
		}
	}
	title := goslack.NewPlainTextInputBlockElement(nil, blockTitle)
	title.MaxLength = maxTitle
	titleBlock := goslack.NewInputBlock(blockTitle, modalText(t("ModalStartMeetingTitle")), nil, title)
	titleBlock.Optional = true
	blocks = append(blocks, titleBlock)
	meta, _ := json.Marshal(modalMeta{Team: team})
	view := goslack.ModalViewRequest{
		Type: goslack.VTModal, CallbackID: StartModal, PrivateMetadata: string(meta),
		Title: modalText(truncate(t("ModalStartTitle"), maxModalTitle)), Submit: modalText(t("ModalStartSubmit")),
		Close: modalText(t("ModalPollCancel")), Blocks: goslack.Blocks{BlockSet: blocks},
	}
	return s.openModal(ctx, team, triggerID, view)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
