package slack

import (
	"context"
	"net/http"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// Verify exposes the signature check to the package's tests.
func Verify(secret string, header http.Header, body []byte, now time.Time) error {
	return verify(secret, header, body, now)
}

// NewDelivererWithCallers is NewDeliverer answering through response
// URLs where the bot is not a member, as the App's does.
var NewDelivererWithCallers = newDeliverer

// AllowAnyResponseURL lets tests point response URLs at a fake Slack.
func (c *Callers) AllowAnyResponseURL() { c.allow = func(string) bool { return true } }

// ServeSocket exposes the Socket Mode loop to tests, with their own
// events, acknowledger and number of workers.
func (s *Server) ServeSocket(ctx context.Context, events <-chan socketmode.Event, client acker, workers int) error {
	return s.serveSocket(ctx, events, client, workers, nil)
}

// NameIn is the name the App shows for person id of workspace team, or
// id while it is not known.
func (a *App) NameIn(team, id string) string { return a.names.NameIn(team, id, "") }
