package slack

import (
	"net/http"
	"time"
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
