package teams_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot/delivery"
)

// TestRetryAfter: a Retry-After in seconds or as an HTTP date (RFC 9110)
// is how long to wait, capped; what says nothing usable waits nothing.
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"-3", 0},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"86400", delivery.MaxRetryAfter},
		{"99999999999999", delivery.MaxRetryAfter},
		{"soon", 0},
	} {
		if got := teams.RetryAfter(c.header, now); got != c.want {
			t.Errorf("retryAfter(%q) = %v; want %v", c.header, got, c.want)
		}
	}
}
