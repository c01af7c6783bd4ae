// Package slack connects Klubba to Slack: slash commands, buttons and
// mentions over HTTP or Socket Mode, replies as Block Kit, and a delivery
// worker that drains the outbox into the Web API. It is the only package
// that imports slack-go.
package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/internal/httpguard"
	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// MaxBody is the largest request body accepted. Interaction payloads
// carry the message clicked, blocks and all, so they can be tens of KB.
const MaxBody = 1 << 20

// Platform prefixes the channel IDs of Slack conversations.
const Platform = "slack"

// Handler runs commands and renders messages at delivery; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Response, error)
	Render(ctx context.Context, o bot.Outgoing) (chat.Message, error)
}

// Options configure the Slack front end.
type Options struct {
	Bot           Handler
	SigningSecret string
	Names         *Names
	// Delivered is told when a command has put replies in the outbox.
	Delivered func()
	// Uninstalled, when set, is told that a workspace (or an enterprise)
	// uninstalled Klubba or revoked its bot token (app_uninstalled,
	// tokens_revoked).
	// at is when the event happened (zero if Slack did not say).
	Uninstalled func(ctx context.Context, team, enterprise string, at time.Time) error
	Logger      *slog.Logger
	// Callers, if set, remembers each channel's last response_url, for
	// delivery where the bot is not a member.
	Callers *Callers
	// Views, if set, opens the poll modal (views.open), publishes the
	// Home tab (views.publish) and unfurls board links (chat.unfurl).
	Views surfaces
	// Workspaces, with many workspaces, gives each workspace's client
	// (views.open goes with the token of the workspace it is for) and
	// learns which enterprise a workspace belongs to.
	Workspaces workspaces
	// Now is the clock for signature timestamps (time.Now if nil).
	Now func() time.Time
	// AllowResponseURL says which response URLs a click's answer may be
	// posted to (answer.go): Slack's own if nil. Tests and benchmarks
	// point them at a fake Slack.
	AllowResponseURL func(url string) bool
	// APIURL is the Web API's base URL: attached files are fetched only
	// from Slack's file host or, for a fake Slack, from this URL's host.
	APIURL string
}

// workspaces are the installations of many workspaces; *Installations
// is one.
type workspaces interface {
	Link(ctx context.Context, team, enterprise string) error
	views(ctx context.Context, team string) (surfaces, error)
}

// link records the enterprise of a workspace a request came from, with
// many workspaces (install.go); a failure is logged, and the request
// goes on.
func (s *Server) link(ctx context.Context, team, enterprise string) {
	if s.opt.Workspaces == nil || enterprise == "" {
		return
	}
	if err := s.opt.Workspaces.Link(ctx, team, enterprise); err != nil {
		s.opt.Logger.WarnContext(ctx, "remember a workspace's enterprise", "err", err)
	}
}

// views returns what opens views in a workspace: its installation's
// client with many workspaces, else the one token's.
func (s *Server) views(ctx context.Context, team string) (surfaces, error) {
	if s.opt.Workspaces != nil {
		return s.opt.Workspaces.views(ctx, team)
	}
	if s.opt.Views == nil {
		return nil, errNoViews
	}
	return s.opt.Views, nil
}

// canOpenViews reports whether modals can be opened at all.
func (s *Server) canOpenViews() bool { return s.opt.Workspaces != nil || s.opt.Views != nil }

// errNoViews is a modal asked for where none can be opened.
var errNoViews = errors.New("slack: no client to open views with")

// Server is the Slack front end: HTTP endpoints, and the handlers that
// Socket Mode shares with them.
type Server struct {
	opt      Options
	bodies   *httpguard.Reader
	rejected *httpguard.Sampler
	answers  *answerer
}

// NewServer returns the Slack front end.
func NewServer(opt Options) *Server {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Delivered == nil {
		opt.Delivered = func() {}
	}
	return &Server{opt: opt, bodies: httpguard.NewReader(), rejected: &httpguard.Sampler{Log: opt.Logger, Every: time.Second},
		answers: newAnswerer(opt.AllowResponseURL, opt.Logger)}
}

// Drain waits until the answers to clicks are posted, or ctx ends.
func (s *Server) Drain(ctx context.Context) error { return s.answers.drain(ctx) }

// Stop lets go of what waits for more answers to clicks: the resting
// posters and the idle connection to Slack. A later click is still
// answered.
func (s *Server) Stop() { s.answers.stop() }

// Register mounts the endpoints on mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.Handle("POST /slack/commands", s.verified(s.serveCommand))
	mux.Handle("POST /slack/interactions", s.verified(s.serveInteraction))
	mux.Handle("POST /slack/events", s.verified(s.serveEvent))
}

// verified checks the signature headers and the timestamp, then reads a
// size-limited body and checks Slack's signature before anything else
// happens: 401 for a bad signature (before the body is read when the
// headers alone show it), 413 for an oversized body, 503 when too many
// large bodies are being read. The signature, unique to the request,
// is passed on: it keys the request among seen events, so that a replay
// within the 5-minute window is handled once.
func (s *Server) verified(next func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkHeaders(r.Header, s.opt.Now()); err != nil || s.opt.SigningSecret == "" {
			s.rejected.Warn(r.Context(), "rejected a Slack request", "path", r.URL.Path, "err", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		body, err := s.bodies.ReadBody(w, r, MaxBody)
		if err != nil {
			status := httpguard.Status(err)
			if status != http.StatusRequestEntityTooLarge {
				s.rejected.Warn(r.Context(), "could not read a Slack request", "path", r.URL.Path, "err", err)
			}
			http.Error(w, err.Error(), status)
			return
		}
		if err := verify(s.opt.SigningSecret, r.Header, body, s.opt.Now()); err != nil {
			s.rejected.Warn(r.Context(), "rejected a Slack request", "path", r.URL.Path, "err", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	})
}

// replayKey is the seen-event key of a signed request: its signature,
// after its timestamp, so that keys are stored in time order (a write
// touches the end of the index, not a random page of it).
func replayKey(r *http.Request) string {
	// The signature's hex is read in either case (verify), so the key is
	// of one: v0=ABC… is the same request as v0=abc…, not a new one.
	return bot.ReplayPrefix + r.Header.Get("X-Slack-Request-Timestamp") + ":" + strings.ToLower(r.Header.Get("X-Slack-Signature"))
}

// channelID names a Slack conversation among all platforms' channels.
func channelID(team, channel string) string { return Platform + ":" + team + "/" + channel }

// splitChannel returns the Slack channel ID of one of ours.
func splitChannel(ch string) string {
	_, rest, _ := strings.Cut(ch, ":")
	_, c, _ := strings.Cut(rest, "/")
	return c
}

// aliases maps the short slash commands of the app manifest to the words
// they stand for.
// /kpoll is the manifest's; /poll stays for apps created from older
// manifests.
var aliases = map[string]string{"/agenda": "agenda", "/hand": "hand", "/kpoll": "poll", "/poll": "poll"}

func (s *Server) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err == nil && form.Get("ssl_check") == "1" {
		w.WriteHeader(http.StatusOK) // Slack checking the certificate
		return
	}
	if err != nil || form.Get("user_id") == "" || form.Get("channel_id") == "" {
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	cmd := goslack.SlashCommand{
		TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), UserID: form.Get("user_id"),
		UserName: form.Get("user_name"), Command: form.Get("command"), Text: form.Get("text"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), EnterpriseID: form.Get("enterprise_id"),
	}
	answer, err := s.command(r.Context(), cmd, replayKey(r))
	switch {
	case err != nil: // blocks always encode
		http.Error(w, "internal error", http.StatusInternalServerError)
	case answer == nil:
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Write(answer)
	}
}

// Command handles a slash command and returns the JSON of the answer
// only the caller sees, or nil. Replies others see go through the
// outbox.
func (s *Server) Command(ctx context.Context, cmd goslack.SlashCommand) ([]byte, error) {
	return s.command(ctx, cmd, "")
}

// command handles a slash command; eventID, if set, makes a repeat of
// the same request a no-op. Its answer holds what Slack reads of one, as
// a click's does (encodeAnswer): slack-go's Msg would add an empty
// metadata object, whose event_type Slack requires.
func (s *Server) command(ctx context.Context, cmd goslack.SlashCommand, eventID string) ([]byte, error) {
	s.opt.Callers.See(channelID(cmd.TeamID, cmd.ChannelID), cmd.UserID, cmd.ResponseURL)
	s.link(ctx, cmd.TeamID, cmd.EnterpriseID)
	text := unescape(cmd.Text)
	if word, ok := aliases[cmd.Command]; ok {
		text = strings.TrimSpace(word + " " + text)
	}
	if text == "poll" && s.canOpenViews() && cmd.TriggerID != "" {
		// A poll with nothing said about it: the modal asks, within the
		// caller's rate limit, as a command would.
		if resp, ok := s.admit(ctx, bot.Request{Channel: channelID(cmd.TeamID, cmd.ChannelID), User: cmd.UserID, Route: bot.RouteShared}); !ok {
			if len(resp.Replies) == 0 {
				return nil, nil
			}
			return encodeAnswer(ephemeral(resp.Replies))
		}
		err := s.openPollModal(ctx, cmd.TriggerID, cmd.TeamID, channelID(cmd.TeamID, cmd.ChannelID), "")
		if err == nil {
			return nil, nil
		}
		s.opt.Logger.WarnContext(ctx, "open the poll modal", "err", err) // and poll's usage answers
	}
	// An error is logged by the bot, and its reply is the apology.
	resp, _ := s.opt.Bot.Handle(ctx, bot.Request{
		Channel: channelID(cmd.TeamID, cmd.ChannelID), User: cmd.UserID,
		UserName: s.nameIn(cmd.TeamID, cmd.UserID, cmd.UserName), Text: text, Route: bot.RouteShared, EventID: eventID,
		Mentions: s.mentioned(cmd.TeamID, text),
	})
	s.opt.Delivered()
	if len(resp.Replies) == 0 {
		return nil, nil
	}
	return encodeAnswer(ephemeral(resp.Replies))
}

// admitter is a Handler that applies its rate limit to requests it does
// not handle itself (*bot.Bot).
type admitter interface {
	Admit(ctx context.Context, req bot.Request) (bot.Response, bool)
}

// admit applies the bot's per-user rate limit, where it has one, to a
// request that costs a Slack call but is no command (opening a modal).
func (s *Server) admit(ctx context.Context, req bot.Request) (bot.Response, bool) {
	a, ok := s.opt.Bot.(admitter)
	if !ok {
		return bot.Response{}, true
	}
	resp, ok := a.Admit(ctx, req)
	if !ok {
		s.opt.Delivered() // a refusal routed through the outbox
	}
	return resp, ok
}

// ephemeral is the fallback text and the blocks of replies joined into
// one message.
func ephemeral(replies []chat.Reply) (string, goslack.Blocks) {
	var blocks goslack.Blocks
	var texts []string
	for _, r := range replies {
		blocks.BlockSet = append(blocks.BlockSet, Blocks(r.Message)...)
		texts = append(texts, Fallback(r.Message))
	}
	if len(blocks.BlockSet) > MaxBlocks {
		blocks.BlockSet = blocks.BlockSet[:MaxBlocks]
	}
	return truncate(strings.Join(texts, "\n"), MaxFallbackText), blocks
}

// maxMentioned bounds the people of one command whose names are asked
// for: no command needs more at once.
const maxMentioned = 50

// nameless matches a mention without a name in its markup, <@U123>.
var nameless = regexp.MustCompile(`<@([UW][A-Z0-9]+)>`)

// mentioned names the people that text mentions without a name, as far
// as the names looked up know them (the others are looked up for next
// time), so that a quoted text shows their names (bot.Request.Mentions).
func (s *Server) mentioned(team, text string) []cmdline.Mention {
	var out []cmdline.Mention
	for _, m := range nameless.FindAllStringSubmatch(text, maxMentioned) {
		if name := s.nameIn(team, m[1], ""); name != "" && name != m[1] {
			out = append(out, cmdline.Mention{ID: m[1], Name: name})
		}
	}
	return out
}

// nameIn is the display name of a person of a workspace, looked up with
// that workspace's token.
func (s *Server) nameIn(team, id, fallback string) string {
	if s.opt.Names == nil {
		return fallback
	}
	return s.opt.Names.NameIn(team, id, fallback)
}

func (s *Server) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	payload, err := formValue(body, "payload")
	if err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	var c click
	if !decodeClick(payload, &c) {
		s.serveWhole(w, r, payload)
		return
	}
	writeStatus(w, s.click(r.Context(), &c, replayKey(r)))
}

// serveWhole serves an interaction that is not a plain click, decoded
// whole. It is a function of its own so that its InteractionCallback
// (kilobytes, passed by value to viewSubmission) does not widen the
// stack frame of every click: a goroutine's stack grows by copying, and
// in a vote storm, where every click arrives on a connection of its own,
// each one's did.
func (s *Server) serveWhole(w http.ResponseWriter, r *http.Request, payload []byte) {
	var cb goslack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	s.link(r.Context(), cmp.Or(cb.Team.ID, cb.User.TeamID), cb.Enterprise.ID)
	if cb.Type != goslack.InteractionTypeViewSubmission {
		writeStatus(w, s.interaction(r.Context(), &cb, replayKey(r)))
		return
	}
	answer, err := s.viewSubmission(r.Context(), cb, replayKey(r))
	switch {
	case err != nil:
		writeStatus(w, err)
	case answer != nil:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(answer)
	default:
		w.WriteHeader(http.StatusOK) // the modal closes
	}
}

// writeStatus answers an interaction handled with err: 400 for a
// malformed payload, 500 for another error, else 200.
func writeStatus(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errMalformed):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case err != nil:
		http.Error(w, "internal error", http.StatusInternalServerError)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// errMalformed is a payload that lacks what Slack always sends.
var errMalformed = errors.New("malformed payload")

// Interaction handles a button click (block_actions) or a message
// shortcut; other interactions are acknowledged and ignored.
func (s *Server) Interaction(ctx context.Context, cb goslack.InteractionCallback) error {
	return s.interaction(ctx, &cb, "")
}

// interaction handles an interaction decoded whole; eventID, if set,
// makes a repeat of the same request a no-op.
func (s *Server) interaction(ctx context.Context, cb *goslack.InteractionCallback, eventID string) error {
	switch cb.Type {
	case goslack.InteractionTypeMessageAction:
		return s.messageShortcut(ctx, *cb)
	case goslack.InteractionTypeShortcut:
		return s.globalShortcut(ctx, *cb)
	case goslack.InteractionTypeBlockActions:
		c := clickOf(cb)
		return s.click(ctx, &c, eventID)
	}
	return nil
}

// click handles a click; eventID, if set, makes a repeat of the same
// request a no-op (each action of it keyed apart).
func (s *Server) click(ctx context.Context, c *click, eventID string) error {
	channel := c.Channel.ID
	if channel == "" {
		channel = c.Container.ChannelID
	}
	if c.User.ID == "" || channel == "" || len(c.Actions) == 0 {
		return errMalformed
	}
	team := c.Team.ID
	if team == "" {
		team = c.User.TeamID
	}
	ch := channelID(team, channel)
	s.opt.Callers.See(ch, c.User.ID, c.ResponseURL)
	// The clicker's answers come back in the response and go to the
	// click's response_url (answer.go); without one, through the outbox.
	route, answered := bot.RouteAll, s.answers.reserve(ctx, c.ResponseURL)
	if answered {
		route = bot.RouteShared
	}
	var answers []chat.Reply
	var err error
	for i, a := range c.Actions {
		if a.ActionID == ChoiceAction || botAction(a.ActionID) == rankAction || a.ActionID == TextAction {
			continue // a tick, a pick or a keystroke; the button submits them
		}
		if botAction(a.ActionID) == chat.ActionTemplateEdit { // no command: it opens a modal (templatemodal.go)
			resp, ok := s.admit(ctx, bot.Request{Channel: ch, User: c.User.ID, Route: route}) // as a command would be
			answers = append(answers, resp.Replies...)
			if !ok {
				continue
			}
			if err = s.openTemplateModal(ctx, c.TriggerID, team, a.Value); err != nil {
				break
			}
			continue
		}
		action := &chat.Action{ID: botAction(a.ActionID), Value: a.Value}
		if strings.HasSuffix(a.Value, ":") {
			action.Choices, action.Input = c.choices, c.input
		}
		req := bot.Request{
			Channel: ch, User: c.User.ID, UserName: s.nameIn(team, c.User.ID, c.User.Name),
			Action: action, Route: route,
		}
		if eventID != "" {
			req.EventID = eventID + "/" + strconv.Itoa(i)
		}
		var resp bot.Response
		resp, err = s.opt.Bot.Handle(ctx, req) // an error is logged by the bot, and its reply is the apology
		s.opt.Delivered()
		if answers == nil {
			answers = slices.Clip(resp.Replies) // a lone action's, as they are (a later append copies)
		} else {
			answers = append(answers, resp.Replies...)
		}
		if err != nil {
			break
		}
	}
	switch {
	case !answered:
	case len(answers) > 0:
		s.answers.send(ctx, c.ResponseURL, answers)
	default:
		s.answers.release()
	}
	return err
}

// ticked returns what the message's inputs held at a click, from the
// state Slack sends with it: the values of the options ticked or picked
// per rank (in order of preference), or the text typed.
func ticked(cb *goslack.InteractionCallback) (choices []string, input string) {
	if cb.BlockActionState == nil {
		return nil, ""
	}
	ranks := map[int]string{}
	for _, block := range cb.BlockActionState.Values {
		for id, a := range block {
			if id == ChoiceAction {
				for _, o := range a.SelectedOptions {
					choices = append(choices, o.Value)
				}
			}
			if id == TextAction {
				return nil, a.Value // a message has one text input, and no choice beside it
			}
			if name, n, _ := strings.Cut(id, actionSeparator); name == rankAction && a.SelectedOption.Value != "" {
				if rank, err := strconv.Atoi(n); err == nil {
					ranks[rank] = a.SelectedOption.Value
				}
			}
		}
	}
	slices.Sort(choices)
	for _, rank := range slices.Sorted(maps.Keys(ranks)) {
		choices = append(choices, ranks[rank]) // in order of preference
	}
	return choices, ""
}

// handle runs a request whose replies all go through the outbox, a
// refusal's included (the bot writes it there), so that every message
// to Slack takes the same paced path.
func (s *Server) handle(ctx context.Context, req bot.Request) error {
	_, err := s.opt.Bot.Handle(ctx, req)
	s.opt.Delivered()
	return err
}

func (s *Server) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if ev.Type == slackevents.URLVerification {
		var challenge struct {
			Challenge string `json:"challenge"`
		}
		json.Unmarshal(body, &challenge)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, challenge.Challenge)
		return
	}
	if err := s.Event(r.Context(), ev); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// revokes reports whether an event ends the installation: the app was
// uninstalled, or its bot token revoked.
func revokes(ev slackevents.EventsAPIInnerEvent) bool {
	switch e := ev.Data.(type) {
	case *slackevents.AppUninstalledEvent:
		return true
	case *slackevents.TokensRevokedEvent:
		return len(e.Tokens.Bot) > 0
	}
	return ev.Type == "app_uninstalled"
}

// surfaceEvent answers the events of the Home tab and of unfurls
// (home.go), reporting whether ev was one. A failure is logged, not
// returned: Slack's retries of the event would not make it work.
func (s *Server) surfaceEvent(ctx context.Context, team string, ev slackevents.EventsAPIInnerEvent) bool {
	ctx, cancel := context.WithTimeout(ctx, answerWithin)
	defer cancel()
	var err error
	switch e := ev.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		err = s.appHomeOpened(ctx, team, e)
	case *slackevents.LinkSharedEvent:
		err = s.linkShared(ctx, team, e)
	default:
		return false
	}
	if err != nil {
		s.opt.Logger.WarnContext(ctx, "answer an event", "type", ev.Type, "err", err)
	}
	return true
}

// unescape undoes the escaping of &, < and > in the text Slack sends, so
// that "Q&A" is stored as typed (Slack's own markup, such as <@U1>, keeps
// real angle brackets and is left alone). Only that markup is a mention:
// what a user typed as "<@U1|Name>" arrives as "&lt;@U1|Name&gt;" and is
// unescaped with a zero-width space after its "<", so that it reads the
// same but never names anyone.
func unescape(s string) string {
	return unescaper.Replace(s)
}

// leadingMentions matches the mentions of the bot before the command.
var leadingMentions = regexp.MustCompile(`^(\s*<@[A-Z0-9]+(\|[^>]*)?>)+\s*`)

// Event handles an Events API callback: an @mention runs the command
// after it. Redeliveries are handled once, by event ID.
func (s *Server) Event(ctx context.Context, ev slackevents.EventsAPIEvent) error {
	if ev.Type != slackevents.CallbackEvent {
		return nil
	}
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if ok && s.opt.Uninstalled != nil && revokes(ev.InnerEvent) {
		var at time.Time // unknown: as good as now
		if cb.EventTime > 0 {
			at = time.Unix(int64(cb.EventTime), 0)
		}
		return s.opt.Uninstalled(ctx, cmp.Or(ev.TeamID, cb.TeamID), cb.EnterpriseID, at)
	}
	if ok {
		s.link(ctx, cmp.Or(ev.TeamID, cb.TeamID), cb.EnterpriseID)
	}
	if ok && s.surfaceEvent(ctx, cmp.Or(ev.TeamID, cb.TeamID), ev.InnerEvent) {
		return nil
	}
	if dm, isDM := ev.InnerEvent.Data.(*slackevents.MessageEvent); ok && isDM {
		return s.directMessage(ctx, cmp.Or(ev.TeamID, cb.TeamID), cb.EventID, dm)
	}
	mention, isMention := ev.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok || !isMention || mention.User == "" || mention.BotID != "" {
		return nil // other events, and bots' own messages, are not commands
	}
	team := ev.TeamID
	if team == "" {
		team = cb.TeamID
	}
	req := bot.Request{
		Channel: channelID(team, mention.Channel), User: mention.User, UserName: s.nameIn(team, mention.User, ""),
		Text: unescape(leadingMentions.ReplaceAllString(mention.Text, "")), Route: bot.RouteAll, EventID: cb.EventID,
		Thread: mention.ThreadTimeStamp,
	}
	req.Mentions = s.mentioned(team, req.Text)
	s.attach(ctx, team, &req, mention.Files) // attach.go
	return s.handle(ctx, req)
}
