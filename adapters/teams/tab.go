package teams

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
)

// The meeting tab. The app package declares a configurable tab for
// group chats and meetings (meetingChatTab, meetingDetailsTab,
// meetingSidePanel, meetingStage): the live board of the chat's running
// meeting, with Raise hand, Lower hand and Vote for the signed-in
// person. The page (tab/tab.html) asks Teams, through its JS SDK, for the
// chat and the person's SSO token, and calls:
//
//	GET  /teams/tab/state?chat=ID   the board, as JSON
//	POST /teams/tab/act?chat=ID     {"action":"hand"|"lower"|"vote","poll":N,"option":N}
//
// with the token. Each call checks the token (sso.go) and that the
// person is a member of the chat (the connector's getConversationMember:
// the chat ID comes from the page, which anyone could change), then runs
// the command as that person, as if typed in the chat.

//go:embed tab/*.html
var tabFiles embed.FS

var tabPages = template.Must(template.ParseFS(tabFiles, "tab/*.html"))

// DefaultTeamsJSURL is Microsoft's hosted Teams JS SDK (TeamsJS 2.x).
const DefaultTeamsJSURL = "https://res.cdn.office.net/teams-js/2.34.0/js/MicrosoftTeams.min.js"

// membershipTTL is how long a person's membership of a chat is trusted.
const membershipTTL = 10 * time.Minute

// maxMembers bounds the memberships remembered.
const maxMembers = 10_000

// boardBot is what the tab needs of the bot; *bot.Bot is one.
type boardBot interface {
	BoardOf(ctx context.Context, channel string) (*render.Board, error)
	Handle(ctx context.Context, req bot.Request) (bot.Response, error)
}

// tab serves the meeting tab.
type tab struct {
	bot       boardBot
	sso       *ssoValidator
	connector *Connector
	notify    func()
	teamsJS   string
	now       func() time.Time
	words     func(ctx context.Context, channel, id string) string
	// notSignedIn is the answer to a request without a valid token, in
	// the bot's language.
	notSignedIn string

	mu      sync.Mutex
	members map[string]time.Time // "chat|oid" → when checked
}

func (t *tab) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /teams/tab", t.page("tab.html"))
	mux.HandleFunc("GET /teams/tab/config", t.page("config.html"))
	mux.HandleFunc("GET /teams/tab/state", t.state)
	mux.HandleFunc("POST /teams/tab/act", t.act)
}

// page serves one of the tab's pages; Teams shows them in an iframe.
func (t *tab) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		// Only Teams' own clients may frame the tab.
		w.Header().Set("Content-Security-Policy", "frame-ancestors teams.microsoft.com *.teams.microsoft.com *.office.com *.cloud.microsoft *.skype.com 'self'")
		if err := tabPages.ExecuteTemplate(w, name, map[string]string{"TeamsJS": t.teamsJS}); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}
}

// tabError answers a tab request with a status and a sentence for the page.
func tabError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// who checks a tab request: the SSO token's person, a member of the
// chat named. It answers the request itself when the check fails.
func (t *tab) who(w http.ResponseWriter, r *http.Request) (ssoUser, string, bool) {
	ctx := r.Context()
	chatID, _, _ := strings.Cut(r.URL.Query().Get("chat"), ";messageid=")
	channel := Platform + ":" + chatID
	u, err := t.sso.authenticate(ctx, r.Header.Get("Authorization"))
	if err != nil {
		status := http.StatusUnauthorized
		if errors.Is(err, ErrNotValidating) {
			status = http.StatusServiceUnavailable
		}
		tabError(w, status, t.notSignedIn) // read once: a refusal costs no read of the store
		return ssoUser{}, "", false
	}
	if chatID == "" || len(chatID) > 300 || strings.ContainsAny(chatID, "/?#") {
		tabError(w, http.StatusBadRequest, t.words(ctx, "", "TabNoChat"))
		return ssoUser{}, "", false
	}
	if err := t.member(ctx, channel, chatID, u.ID); err != nil {
		tabError(w, http.StatusForbidden, t.words(ctx, channel, "TabNotMember"))
		return ssoUser{}, "", false
	}
	return u, channel, true
}

// member checks, with the connector, that a person is in the chat, and
// remembers it for membershipTTL.
func (t *tab) member(ctx context.Context, channel, chatID, user string) error {
	key := chatID + "|" + user
	t.mu.Lock()
	at, ok := t.members[key]
	t.mu.Unlock()
	if ok && t.now().Sub(at) < membershipTTL {
		return nil
	}
	ref, err := t.connector.Conversation(ctx, channel)
	if err != nil {
		return fmt.Errorf("klubba has not been added to this chat: %w", err)
	}
	m, err := t.connector.Member(ctx, ref, user)
	if err != nil {
		return err
	}
	// Someone who only uses the tab is known to the bot by nothing else:
	// "You're next" and "Vote now" go to this ID.
	if err := t.connector.rememberID(ctx, user, m.ID); err != nil {
		return err
	}
	t.mu.Lock()
	if len(t.members) >= maxMembers {
		clear(t.members)
	}
	t.members[key] = t.now()
	t.mu.Unlock()
	return nil
}

// tabState is what the tab shows.
type tabState struct {
	Running bool              `json:"running"`
	Board   *render.Board     `json:"board,omitempty"`
	Labels  map[string]string `json:"labels"`
	Message string            `json:"message,omitempty"`
}

func (t *tab) stateOf(ctx context.Context, channel string) tabState {
	labels := map[string]string{}
	for _, id := range []string{"ButtonHand", "ButtonLower", "ButtonVote", "TabNoMeeting"} {
		labels[id] = t.words(ctx, channel, id)
	}
	b, err := t.bot.BoardOf(ctx, channel)
	if err != nil {
		return tabState{Labels: labels}
	}
	return tabState{Running: true, Board: b, Labels: labels}
}

func (t *tab) state(w http.ResponseWriter, r *http.Request) {
	if _, channel, ok := t.who(w, r); ok {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(t.stateOf(r.Context(), channel))
	}
}

// act runs the person's button as their command in the chat; the answer
// meant for them alone comes back to the page.
func (t *tab) act(w http.ResponseWriter, r *http.Request) {
	u, channel, ok := t.who(w, r)
	if !ok {
		return
	}
	var in struct {
		Action string `json:"action"`
		Poll   int64  `json:"poll"`
		Option *int   `json:"option"` // a fist of five's run from 0
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		tabError(w, http.StatusBadRequest, "malformed request")
		return
	}
	req := bot.Request{Channel: channel, User: u.ID, UserName: u.Name, Route: bot.RouteShared}
	switch {
	case in.Action == "hand", in.Action == "lower":
		req.Text = in.Action
	case in.Action == "vote" && in.Poll > 0 && in.Option != nil && *in.Option >= 0:
		// The option's number, as the card's button sends it: a votering's
		// typed vote names a proposal instead.
		req.Action = &chat.Action{ID: chat.ActionVote, Value: strconv.FormatInt(in.Poll, 10) + ":" + strconv.Itoa(*in.Option)}
	default:
		tabError(w, http.StatusBadRequest, "unknown action")
		return
	}
	resp, _ := t.bot.Handle(r.Context(), req)
	t.notify()
	var said []string
	for _, rep := range resp.Replies {
		if rep.To == chat.Caller {
			if s := plainText(rep.Message); s != "" {
				said = append(said, s)
			}
		}
	}
	st := t.stateOf(r.Context(), channel)
	st.Message = strings.Join(said, "\n")
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(st)
}
