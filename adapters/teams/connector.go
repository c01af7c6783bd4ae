package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/platform"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// botFrameworkScope is the scope of outbound tokens for the Bot Connector.
const botFrameworkScope = "https://api.botframework.com/.default"

// TokenURL is the single-tenant token endpoint of a tenant.
func TokenURL(tenantID string) string {
	return "https://login.microsoftonline.com/" + tenantID + "/oauth2/v2.0/token"
}

// HTTPError is a connector answer other than 2xx.
type HTTPError struct {
	Status     int
	RetryAfter time.Duration
	Body       string
}

// Error describes the answer.
func (e *HTTPError) Error() string { return fmt.Sprintf("connector: %d %s", e.Status, e.Body) }

// ConversationRef is what Klubba keeps of a conversation to write to it
// later, unprompted: the service URL, the conversation, the tenant and
// the bot's own account.
type ConversationRef struct {
	ServiceURL     string `json:"serviceUrl"`
	ConversationID string `json:"conversationId"`
	TenantID       string `json:"tenantId"`
	BotID          string `json:"botId"`
	// Personal is a one-to-one chat, where every message is private.
	Personal bool `json:"personal,omitempty"`
	// Kind is the conversation's type as Teams names it ("channel",
	// "groupChat", "personal"); a meeting's chat is a groupChat.
	Kind string `json:"kind,omitempty"`
	// MeetingID is the Teams meeting whose chat this is (channelData's
	// meeting.id), for in-meeting notifications (private.go).
	MeetingID string `json:"meetingId,omitempty"`
}

// Connector calls the Bot Connector REST API with client-credential
// tokens, cached by oauth2 until shortly before they expire.
type Connector struct {
	client *http.Client
	// refs is the adapter's own key space in the store: how to reach a
	// channel unprompted, personal chats, and users' Bot Framework IDs.
	refs platform.KeySpace
	// bfIDs caches the Bot Framework IDs found for AAD object IDs, which
	// do not change: a card's refresh names up to 60 people at every
	// edit and every refresh.
	bfIDs sync.Map
	// unreachedMu orders the edits of conversations' notices of people
	// not reached privately (private.go).
	unreachedMu sync.Mutex
	// unreachedAt is when a person was last found unreachable privately
	// in a conversation ("channel|user"): for unreachedFor, their private
	// answers are not tried again, two refused calls each.
	unreachedAt    sync.Map
	unreachedNotes atomic.Uint64
}

// NewConnector returns a connector client. The token URL is the
// single-tenant endpoint of the tenant unless tokenURL overrides it.
func NewConnector(appID, password, tenantID, tokenURL string, refs platform.KeySpace, base *http.Client) *Connector {
	if tokenURL == "" {
		tokenURL = TokenURL(tenantID)
	}
	cc := clientcredentials.Config{ClientID: appID, ClientSecret: password, TokenURL: tokenURL, Scopes: []string{botFrameworkScope}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, base)
	client := oauth2.NewClient(ctx, cc.TokenSource(ctx))
	client.Timeout = 15 * time.Second
	// The bot token goes only to the service URL that a validated
	// activity named: a redirect elsewhere is refused, not followed.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return errRedirect }
	return &Connector{client: client, refs: refs}
}

// errRedirect is the connector's answer to a redirect: never followed.
var errRedirect = errors.New("connector: redirect refused (the bot token stays with the service URL)")

func conversationKey(channel string) string { return "conv|" + channel }

// SaveConversation remembers how to reach a channel.
func (c *Connector) SaveConversation(ctx context.Context, channel string, ref ConversationRef) error {
	js, err := json.Marshal(ref)
	if err != nil {
		return err
	}
	return c.refs.Put(ctx, conversationKey(channel), string(js))
}

// Conversation returns how to reach a channel.
func (c *Connector) Conversation(ctx context.Context, channel string) (ConversationRef, error) {
	js, err := c.refs.Get(ctx, conversationKey(channel))
	if err != nil {
		return ConversationRef{}, fmt.Errorf("conversation of %s: %w", channel, err)
	}
	var ref ConversationRef
	err = json.Unmarshal([]byte(js), &ref)
	return ref, err
}

// call sends a request and decodes the JSON answer into out (if not nil).
func (c *Connector) call(ctx context.Context, method, u string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) && retrieve.Response != nil && retrieve.Response.StatusCode/100 == 4 {
		return fmt.Errorf("%w: %w", delivery.ErrUnauthorized, err) // the app password is refused
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		e := &HTTPError{Status: resp.StatusCode, Body: strings.TrimSpace(string(data))}
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now()) // an HTTP date is the wall clock's
		// Only a 401 refuses Klubba's token. A 403 is about this one
		// conversation (the bot was removed from it, the user blocked
		// the bot or has no personal install): final for the message,
		// and no reason to pause the others.
		if resp.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("%w: %w", delivery.ErrUnauthorized, e)
		}
		return e
	}
	if out != nil && len(data) > 0 {
		return json.Unmarshal(data, out)
	}
	return nil
}

func activitiesURL(ref ConversationRef) string {
	return strings.TrimRight(ref.ServiceURL, "/") + "/v3/conversations/" + url.PathEscape(ref.ConversationID) + "/activities"
}

// Send posts an activity to a conversation and returns its ID.
func (c *Connector) Send(ctx context.Context, ref ConversationRef, activity map[string]any) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	err := c.call(ctx, http.MethodPost, activitiesURL(ref), activity, &out)
	return out.ID, err
}

// Update replaces an activity (updateActivity).
func (c *Connector) Update(ctx context.Context, ref ConversationRef, activityID string, activity map[string]any) error {
	activity["id"] = activityID
	return c.call(ctx, http.MethodPut, activitiesURL(ref)+"/"+url.PathEscape(activityID), activity, nil)
}

// Personal returns the one-to-one conversation of the bot with a user,
// creating it (createConversation) the first time.
func (c *Connector) Personal(ctx context.Context, from ConversationRef, userID string) (ConversationRef, error) {
	key := "personal|" + from.ServiceURL + "|" + userID
	if js, err := c.refs.Get(ctx, key); err == nil {
		var ref ConversationRef
		if json.Unmarshal([]byte(js), &ref) == nil {
			return ref, nil
		}
	}
	in := map[string]any{
		"bot": map[string]any{"id": from.BotID}, "members": []any{map[string]any{"id": userID}},
		"isGroup": false, "tenantId": from.TenantID, "channelData": map[string]any{"tenant": map[string]any{"id": from.TenantID}},
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, strings.TrimRight(from.ServiceURL, "/")+"/v3/conversations", in, &out); err != nil {
		return ConversationRef{}, err
	}
	ref := ConversationRef{ServiceURL: from.ServiceURL, ConversationID: out.ID, TenantID: from.TenantID, BotID: from.BotID, Personal: true}
	js, _ := json.Marshal(ref)
	if err := c.refs.Put(ctx, key, string(js)); err != nil {
		return ConversationRef{}, err
	}
	return ref, nil
}

// sender delivers outbox entries to Teams. A message reference is
// "conversation ID|activity ID".
type sender struct {
	c *Connector
	// notice gives the text of the notices Klubba posts itself.
	notice noticer
	// now is the clock's.
	now func() time.Time
	// tabURL is the meeting tab's page, which an in-meeting notification
	// shows (private.go); "" without a public URL.
	tabURL string
}

// Post sends the card to the channel's conversation: in the thread
// of the command it answers, or of the meeting a timer is about; or,
// with none, in the thread last addressed.
func (s sender) Post(ctx context.Context, o bot.Outgoing) (string, error) {
	ref, err := s.c.Conversation(ctx, o.Channel)
	if err != nil {
		return "", err
	}
	ref.ConversationID = inThread(ref.ConversationID, o.Reply.Thread)
	id, err := s.c.Send(ctx, ref, cardActivity(o.Reply.Message, s.c.refreshOf(ctx, o.Reply.Message.PerUser)))
	return ref.ConversationID + "|" + id, err
}

// Update replaces the card (updateActivity); a 404 is ErrGone.
func (s sender) Update(ctx context.Context, msgRef string, o bot.Outgoing) error {
	ref, err := s.c.Conversation(ctx, o.Channel)
	if err != nil {
		return err
	}
	conv, activityID, _ := strings.Cut(msgRef, "|")
	if conv != "" {
		ref.ConversationID = conv // the thread the message was posted in
	}
	err = s.c.Update(ctx, ref, activityID, cardActivity(o.Reply.Message, s.c.refreshOf(ctx, o.Reply.Message.PerUser)))
	var he *HTTPError
	if errors.As(err, &he) && he.Status == http.StatusNotFound {
		return delivery.ErrGone
	}
	return err
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date
// (RFC 9110), as how long to wait from now, at most
// delivery.MaxRetryAfter; 0 when it says nothing usable.
func retryAfter(v string, now time.Time) time.Duration {
	d := time.Duration(-1)
	if s, err := strconv.Atoi(v); err == nil {
		d = time.Duration(min(s, int(delivery.MaxRetryAfter/time.Second)+1)) * time.Second // no overflow
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), delivery.MaxRetryAfter)
}

// Classify: 429 waits for Retry-After (a second if none is given); 412,
// 5xx and network failures are retried with back-off (Teams asks bots to
// retry 412, 429, 502 and 504: learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit);
// other answers, 403 among them, are final for the message, and so is a
// conversation Klubba has never seen.
func (sender) Classify(err error) (bool, time.Duration) {
	var he *HTTPError
	var netErr net.Error
	var urlErr *url.Error
	switch {
	case errors.Is(err, errRedirect):
		return false, 0
	case errors.As(err, &he) && he.Status == http.StatusTooManyRequests:
		return true, max(he.RetryAfter, time.Second)
	case errors.As(err, &he) && he.Status == http.StatusPreconditionFailed:
		return true, he.RetryAfter
	case errors.As(err, &he):
		return he.Status >= 500, 0
	case errors.Is(err, bot.ErrNotFound):
		return false, 0
	case errors.As(err, &netErr), errors.As(err, &urlErr):
		return true, 0
	}
	return false, 0
}
