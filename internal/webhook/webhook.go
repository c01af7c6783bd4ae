// Package webhook is a minimal chat platform: commands arrive as JSON
// posted to one endpoint and are answered in its response; what the
// bot says to the channel later is posted as JSON to a URL. It exists
// to show, in cmd/klubba's tests, that a platform is one package and
// one line in the list of modules: nothing else in Klubba names it.
//
// Settings: the webhook section of the configuration file (path,
// reply_url) and KLUBBA_WEBHOOK_TOKEN, the bearer token callers present;
// the platform is on when the token is set.
package webhook

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/platform"
)

// Name is the platform's name: its section, its channels' prefix.
const Name = "webhook"

// maxBody bounds a command's JSON.
const maxBody = 64 << 10

// Module is the webhook platform.
func Module() platform.Module {
	return platform.Module{Name: Name, Hint: "KLUBBA_WEBHOOK_TOKEN and webhook.reply_url",
		Check: func(s platform.Section, getenv func(string) string) error { _, err := load(s, getenv); return err },
		New:   newPlatform}
}

// settings are the webhook section with the environment applied.
type settings struct {
	// Path is the endpoint commands are posted to (default /webhook).
	Path string `yaml:"path"`
	// ReplyURL receives what the bot posts to channels.
	ReplyURL string `yaml:"reply_url"`

	token string
}

func load(sec platform.Section, getenv func(string) string) (settings, error) {
	s := settings{Path: "/webhook"}
	if err := sec.Decode(&s); err != nil {
		return s, err
	}
	if !strings.HasPrefix(s.Path, "/") {
		return s, sec.Invalid("path", "is %q; write a path such as /webhook", s.Path)
	}
	if u, err := url.Parse(s.ReplyURL); s.ReplyURL != "" && (err != nil || u.Scheme != "http" && u.Scheme != "https") {
		return s, sec.Invalid("reply_url", "is %q; write an http or https address", s.ReplyURL)
	}
	s.token = getenv("KLUBBA_WEBHOOK_TOKEN")
	if s.token != "" && s.ReplyURL == "" {
		return s, sec.Invalid("reply_url", "is missing: KLUBBA_WEBHOOK_TOKEN is set, so the webhook needs an address to post replies to")
	}
	return s, nil
}

func newPlatform(d platform.Deps) (platform.Platform, error) {
	s, err := load(d.Section, d.Getenv)
	if err != nil || s.token == "" {
		return nil, err
	}
	send := &sender{url: s.ReplyURL, client: &http.Client{Timeout: 10 * time.Second}}
	a := &app{settings: s, bot: d.Bot, log: d.Logger,
		deliver: delivery.New(Name, d.Store, send, d.Bot, d.Clock, d.Logger)}
	d.Logger.Info("webhook enabled", "path", s.Path)
	return a, nil
}

// app is the running webhook platform.
type app struct {
	settings
	bot     *bot.Bot
	log     *slog.Logger
	deliver *delivery.Deliverer
}

// command is a posted command.
type command struct {
	Channel string `json:"channel"`
	User    string `json:"user"`
	Name    string `json:"name"`
	Text    string `json:"text"`
}

// answer is the response to a command: the caller's replies, as text.
type answer struct {
	Replies []string `json:"replies"`
}

func (a *app) Register(mux *http.ServeMux) { mux.HandleFunc("POST "+a.Path, a.serve) }

func (a *app) serve(w http.ResponseWriter, r *http.Request) {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(a.token)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	var c command
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&c); err != nil || c.Channel == "" || c.User == "" {
		http.Error(w, `want JSON {"channel", "user", "name", "text"}`, http.StatusBadRequest)
		return
	}
	resp, err := a.bot.Handle(r.Context(), bot.Request{Channel: Name + ":" + c.Channel, User: c.User, UserName: c.Name,
		Text: c.Text, Route: bot.RouteShared})
	if err != nil {
		a.log.ErrorContext(r.Context(), "webhook command", "err", err)
	}
	a.deliver.Notify() // what the command said to the channel waits in the outbox
	var out answer
	for _, rep := range resp.Replies {
		out.Replies = append(out.Replies, text(rep.Message))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func (a *app) Run(ctx context.Context) error {
	if err := a.deliver.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

func (a *app) Notify()                         { a.deliver.Notify() }
func (a *app) Deliverer() *delivery.Deliverer  { return a.deliver }
func (a *app) Ready(ctx context.Context) error { return nil }

// text is a message as plain lines: header, text, list.
func text(m chat.Message) string {
	var lines []string
	for _, s := range []string{m.Header, m.Text} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	for i, l := range m.List {
		lines = append(lines, strconv.Itoa(i+1)+". "+l)
	}
	return strings.Join(lines, "\n")
}

// post is what the webhook posts to reply_url.
type post struct {
	Channel string `json:"channel"`
	// User is set for a message to one person only.
	User string `json:"user,omitempty"`
	// Edit is the reference of the message this one replaces.
	Edit string `json:"edit,omitempty"`
	Text string `json:"text"`
}

// sender posts the outbox to reply_url.
type sender struct {
	url    string
	client *http.Client
}

func (s *sender) Post(ctx context.Context, o bot.Outgoing) (string, error) {
	ref := strconv.FormatUint(o.ID, 10)
	return ref, s.send(ctx, o, post{})
}

func (s *sender) Update(ctx context.Context, ref string, o bot.Outgoing) error {
	return s.send(ctx, o, post{Edit: ref})
}

func (s *sender) Private(ctx context.Context, o bot.Outgoing) error {
	return s.send(ctx, o, post{User: o.Reply.User})
}

// permanent is a refusal by the receiver that another try won't change.
type permanent struct{ status int }

func (e permanent) Error() string { return fmt.Sprintf("reply_url answered %d", e.status) }

func (s *sender) Classify(err error) (bool, time.Duration) {
	var p permanent
	return !errors.As(err, &p), 0
}

func (s *sender) send(ctx context.Context, o bot.Outgoing, p post) error {
	_, channel, _ := strings.Cut(o.Channel, ":")
	p.Channel, p.Text = channel, text(o.Reply.Message)
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("webhook: %w", delivery.ErrUnauthorized)
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return fmt.Errorf("webhook: reply_url answered %d", resp.StatusCode)
	case resp.StatusCode >= 300:
		return permanent{resp.StatusCode}
	}
	return nil
}
