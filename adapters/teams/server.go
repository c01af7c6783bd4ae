// Package teams connects Klubba to Microsoft Teams through the Bot
// Framework: the /api/messages endpoint, Adaptive Cards updated in place,
// and proactive messages from stored conversation references. It is the
// only package that imports msbotbuilder-go, which it uses for the
// activity schema and its routing, guarded: tokens are validated here,
// before the SDK sees anything, and SDK panics become logged 500s.
package teams

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/infracloudio/msbotbuilder-go/core/activity"
	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/internal/httpguard"
)

// MaxBody is the largest activity accepted.
const MaxBody = 1 << 20

// Platform prefixes the channel IDs of Teams conversations.
const Platform = "teams"

// Handler runs commands and renders messages at delivery; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) (bot.Response, error)
	Render(ctx context.Context, o bot.Outgoing) (chat.Message, error)
}

// Server is the /api/messages endpoint.
type Server struct {
	bot       Handler
	validator *Validator
	connector *Connector
	notify    func()
	log       *slog.Logger
	tenant    string
	bodies    *httpguard.Reader
	rejected  *httpguard.Sampler
	// sampled logs the warnings a message can cause many of at once
	// (mentions the connector cannot describe).
	sampled *httpguard.Sampler
	// uploads puts accepted files where Teams says (fileConsent/invoke).
	uploads *http.Client
	// downloads says where attached files may be fetched from.
	downloads func(url string) bool

	mu    sync.Mutex
	known map[string]ConversationRef // channels' stored conversations, as saved
	aad   map[string]string          // AAD object IDs, by Bot Framework ID
}

// teamsExtras are the parts of an activity that the SDK's schema drops:
// mention entities and the tenant in channelData.
type teamsExtras struct {
	Entities []struct {
		Type      string `json:"type"`
		Text      string `json:"text"`
		Mentioned struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"mentioned"`
	} `json:"entities"`
	ChannelData struct {
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
		Meeting struct {
			ID string `json:"id"`
		} `json:"meeting"`
	} `json:"channelData"`
}

// ServeHTTP handles one activity: 401 without a valid token, 400 for
// malformed JSON, 200 for the rest, unknown types included (as Teams
// expects), 500 if the SDK panics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			s.log.ErrorContext(r.Context(), "panic while handling an activity", "panic", p)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// The token is checked before the body is read: a request without a
	// valid one costs no body read.
	token, err := s.validator.Authenticate(r.Context(), r.Header.Get("Authorization"))
	if err != nil {
		s.reject(w, r, err)
		return
	}
	body, err := s.bodies.ReadBody(w, r, MaxBody)
	if err != nil {
		http.Error(w, err.Error(), httpguard.Status(err))
		return
	}
	var act schema.Activity
	var extras teamsExtras
	if json.Unmarshal(body, &act) != nil || json.Unmarshal(body, &extras) != nil {
		http.Error(w, "malformed activity", http.StatusBadRequest)
		return
	}
	// Only Teams itself: in other channels (webchat, directline) the
	// client chooses from.id. The key must be endorsed for the channel,
	// and the activity must come from the configured tenant.
	switch {
	case act.ChannelID != TeamsChannel:
		err = fmt.Errorf("%w: channel %q", ErrChannel, act.ChannelID)
	case s.tenant != "" && tenantOf(act, extras) != s.tenant:
		err = fmt.Errorf("%w: %q", ErrTenant, tenantOf(act, extras))
	default:
		err = token.Check(act.ChannelID, act.ServiceURL)
	}
	if err != nil {
		s.reject(w, r, err)
		return
	}
	if act.Type == "event" && (act.Name == eventMeetingStart || act.Name == eventMeetingEnd) {
		s.meetingEvent(r.Context(), w, act, extras)
		return
	}
	if act.Type == "invoke" && act.Name == invokeCardAction {
		s.cardAction(r.Context(), w, act, extras)
		return
	}
	if act.Type == "invoke" && act.Name == invokeFileConsent {
		s.fileConsent(r.Context(), w, act)
		return
	}
	if act.Type == "invoke" && isDialogInvoke(act.Name) {
		s.dialog(r.Context(), w, act, extras)
		return
	}
	handlers := activity.HandlerFuncs{
		OnMessageFunc: func(turn *activity.TurnContext) (schema.Activity, error) {
			return schema.Activity{}, s.message(r.Context(), turn.Activity, extras)
		},
		OnConversationUpdateFunc: func(turn *activity.TurnContext) (schema.Activity, error) {
			return schema.Activity{}, s.conversationUpdate(r.Context(), turn.Activity, extras)
		},
		OnInvokeFunc: func(*activity.TurnContext) (schema.Activity, error) { return schema.Activity{}, nil },
	}
	if _, err := activity.PrepareActivityContext(handlers, &activity.TurnContext{Activity: act}); err != nil {
		if strings.Contains(err.Error(), "not supported") {
			w.WriteHeader(http.StatusOK) // other activity types are ignored
			return
		}
		s.log.ErrorContext(r.Context(), "handle activity", "type", act.Type, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// TeamsChannel is the Bot Framework channel ID of Microsoft Teams.
const TeamsChannel = "msteams"

// Errors of activities refused with 401.
var (
	ErrChannel = errors.New("activity from a channel other than msteams")
	ErrTenant  = errors.New("activity from another tenant")
)

// reject answers a request that failed authentication: 401, or 503 when
// the signing keys cannot be had. The log is sampled, so that a storm
// of bad tokens does not flood it.
func (s *Server) reject(w http.ResponseWriter, r *http.Request, err error) {
	s.rejected.Warn(r.Context(), "rejected a Bot Framework request", "err", err)
	if errors.Is(err, ErrNotValidating) {
		http.Error(w, "cannot validate tokens now", http.StatusServiceUnavailable)
		return
	}
	http.Error(w, "unauthorized", http.StatusUnauthorized)
}

// channelOf names a Teams conversation among all platforms' channels; a
// reply thread in a channel counts as its channel.
func channelOf(act schema.Activity) string {
	id, _, _ := strings.Cut(act.Conversation.ID, ";messageid=")
	return Platform + ":" + id
}

// threadOf is the reply thread of a channel an activity came in (the
// ID of its first message), or "".
func threadOf(act schema.Activity) string {
	_, thread, _ := strings.Cut(act.Conversation.ID, ";messageid=")
	return thread
}

// inThread is a conversation ID in thread, or, with none, as it is.
func inThread(conversation, thread string) string {
	if thread == "" {
		return conversation
	}
	id, _, _ := strings.Cut(conversation, ";messageid=")
	return id + ";messageid=" + thread
}

func tenantOf(act schema.Activity, extras teamsExtras) string {
	if act.Conversation.TenantID != "" {
		return act.Conversation.TenantID
	}
	return extras.ChannelData.Tenant.ID
}

// remember stores the conversation reference of a channel, with the
// thread last addressed in it (";messageid=…"), so that replies go to
// that thread rather than start a new one.
func (s *Server) remember(ctx context.Context, act schema.Activity, extras teamsExtras) error {
	ch := channelOf(act)
	meeting := extras.ChannelData.Meeting.ID
	s.mu.Lock()
	saved, known := s.known[ch]
	s.mu.Unlock()
	// An activity that does not name the meeting leaves it as it is; a new
	// service URL (Teams moves a conversation) is where replies go now.
	if known && saved.ConversationID == act.Conversation.ID && (meeting == "" || meeting == saved.MeetingID) &&
		saved.ServiceURL == act.ServiceURL {
		return nil
	}
	ref := ConversationRef{ServiceURL: act.ServiceURL, ConversationID: act.Conversation.ID, TenantID: tenantOf(act, extras),
		BotID: act.Recipient.ID, Personal: act.Conversation.ConversationType == "personal",
		Kind: act.Conversation.ConversationType, MeetingID: extras.ChannelData.Meeting.ID}
	if ref.MeetingID == "" { // an activity that does not say: the meeting stays the chat's
		if old, err := s.connector.Conversation(ctx, ch); err == nil && old.ConversationID == ref.ConversationID {
			ref.MeetingID = old.MeetingID
		}
	}
	if err := s.connector.SaveConversation(ctx, ch, ref); err != nil {
		return err
	}
	s.mu.Lock()
	s.known[ch] = ref
	s.mu.Unlock()
	return nil
}

func (s *Server) conversationUpdate(ctx context.Context, act schema.Activity, extras teamsExtras) error {
	for _, m := range act.MembersAdded {
		if m.ID == act.Recipient.ID { // Klubba was installed here
			return s.remember(ctx, act, extras)
		}
	}
	return nil
}

// atTags matches the mention markup Teams puts in a message's text.
var atTags = regexp.MustCompile(`<at>[^<]*</at>`)

// typedText turns what Teams sends of a typed line into plain text.
var typedText = strings.NewReplacer("\u00a0", " ", "<p>", "", "</p>", "")

// commandText is the text of a message with the bot's @mention removed.
func commandText(act schema.Activity, text string, extras teamsExtras) string {
	for _, e := range extras.Entities {
		if e.Type == "mention" && e.Mentioned.ID == act.Recipient.ID && e.Text != "" {
			text = strings.Replace(text, e.Text, "", 1)
		}
	}
	if act.Conversation.ConversationType != "personal" {
		text = atTags.ReplaceAllString(text, "") // a mention the entities did not name
	}
	text = typedText.Replace(html.UnescapeString(codeBlocks(text)))
	return strings.TrimSpace(text)
}

func (s *Server) message(ctx context.Context, act schema.Activity, extras teamsExtras) error {
	if err := s.remember(ctx, act, extras); err != nil {
		return err
	}
	if err := s.rememberUser(ctx, act.From); err != nil {
		return err
	}
	req := bot.Request{Channel: channelOf(act), User: userID(act.From), UserName: act.From.Name, Route: bot.RouteAll, EventID: "teams:" + act.ID,
		Thread: threadOf(act)}
	if act.ID == "" {
		req.EventID = ""
	}
	if id, ok := act.Value["action"].(string); ok {
		value, _ := act.Value["value"].(string)
		req.Action = &chat.Action{ID: id, Value: value}
		if strings.HasSuffix(value, ":") {
			req.Action.Choices, req.Action.Input = submitted(act.Value)
		}
	} else {
		text, mentioned := s.mentions(ctx, act, extras)
		req.Text, req.Mentions = commandText(act, text, extras), mentioned
		s.attach(ctx, &req, act.Attachments) // attach.go
	}
	// An error is logged by the bot, and its reply, the apology, goes
	// through the outbox like a refusal's.
	s.bot.Handle(ctx, req)
	s.notify()
	return nil
}

// submitted returns what a card's inputs sent: the ticked values (an
// Input.ChoiceSet sends them joined by commas), the values picked per
// rank in order of preference, or the typed text.
func submitted(value map[string]any) (choices []string, input string) {
	if ticked, ok := value[ChoiceInput].(string); ok {
		return strings.FieldsFunc(ticked, func(r rune) bool { return r == ',' }), ""
	}
	if typed, ok := value[TextInput].(string); ok {
		return nil, typed
	}
	for rank := 1; ; rank++ {
		v, ok := value[fmt.Sprintf("%s%d", RankInput, rank)]
		if !ok {
			break
		}
		if s, _ := v.(string); s != "" {
			choices = append(choices, s)
		}
	}
	return choices, ""
}

// The meeting start and end events Teams sends a bot with the
// OnlineMeeting.ReadBasic.Chat permission (the app package asks for it).
const (
	eventMeetingStart = "application/vnd.microsoft.meetingStart"
	eventMeetingEnd   = "application/vnd.microsoft.meetingEnd"
)

// callBot is what meeting events need of the bot; *bot.Bot is one.
type callBot interface {
	CallBegan(ctx context.Context, channel, title, eventID string) error
	CallEnded(ctx context.Context, channel, eventID string) error
}

// meetingEvent offers to run the meeting when the call begins, and ends
// the running meeting (posting its minutes) when it ends.
func (s *Server) meetingEvent(ctx context.Context, w http.ResponseWriter, act schema.Activity, extras teamsExtras) {
	cb, ok := s.bot.(callBot)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	if err := s.remember(ctx, act, extras); err != nil {
		s.log.ErrorContext(ctx, "remember a conversation", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var err error
	eventID := ""
	if act.ID != "" {
		eventID = "teams:" + act.ID // a redelivery is answered once, as a message is
	}
	if act.Name == eventMeetingStart {
		title, _ := act.Value["Title"].(string)
		err = cb.CallBegan(ctx, channelOf(act), title, eventID)
	} else {
		err = cb.CallEnded(ctx, channelOf(act), eventID)
	}
	if err != nil {
		s.log.ErrorContext(ctx, "answer a meeting event", "event", act.Name, "err", err)
	}
	s.notify()
	w.WriteHeader(http.StatusOK)
}
