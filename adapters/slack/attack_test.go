package slack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
)

// agendaItems is the number of items of the test channel's meeting.
func (r *rig) agendaItems() int {
	n := -1
	r.store.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Running("slack:T0001/C2147483705")
		if err == nil {
			n = len(m.Agenda.Items)
		}
		return nil
	})
	return n
}

// TestReplayedCommandOnce: one signed `agenda add` sent five times, as
// an attacker replaying it within the 5-minute window would, adds one
// item, also when the signature's hex is sent in other cases (the
// signature still verifies). A click replayed is one vote of one click too.
func TestReplayedCommandOnce(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start board")
	form := url.Values{"team_id": {"T0001"}, "channel_id": {"C2147483705"}, "user_id": {"U1"}, "user_name": {"u1"},
		"command": {"/klubba"}, "text": {`agenda add "Replayed"`}, "trigger_id": {"13345224609.1.replay"}}
	body := form.Encode()
	headers := slackbot.Sign(secret, []byte(body), r.clock.Now())
	for i := range 5 {
		r.clock.Advance(time.Minute) // still inside the window
		sent := headers.Clone()
		if i%2 == 1 {
			sent.Set("X-Slack-Signature", "v0="+strings.ToUpper(strings.TrimPrefix(headers.Get("X-Slack-Signature"), "v0=")))
		}
		if w := r.post("/slack/commands", "application/x-www-form-urlencoded", body, sent); w.Code != http.StatusOK {
			t.Fatalf("replay %d: status %d", i+1, w.Code)
		}
	}
	if n := r.agendaItems(); n != 2 {
		t.Errorf("after one agenda add sent 5 times the agenda has %d items, want 2", n)
	}
	// Past the window the replay is stale, so refused.
	r.clock.Advance(2 * time.Minute)
	if w := r.post("/slack/commands", "application/x-www-form-urlencoded", body, headers); w.Code != http.StatusUnauthorized {
		t.Errorf("a replay after 6 minutes: status %d, want 401", w.Code)
	}
}

// countingBody counts the bytes read from it.
type countingBody struct {
	n atomic.Int64
	r *strings.Reader
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestTimestampBeforeBody: a stale, missing or malformed signature is
// refused without reading the body.
func TestTimestampBeforeBody(t *testing.T) {
	r := newRig(t)
	body := strings.Repeat("a", 64<<10)
	stale := fmt.Sprint(r.clock.Now().Add(-10 * time.Minute).Unix())
	for name, h := range map[string]http.Header{
		"stale":   {"X-Slack-Request-Timestamp": {stale}, "X-Slack-Signature": {"v0=" + strings.Repeat("ab", 32)}},
		"missing": {},
		"short":   {"X-Slack-Request-Timestamp": {fmt.Sprint(r.clock.Now().Unix())}, "X-Slack-Signature": {"v0=abcd"}},
	} {
		cb := &countingBody{r: strings.NewReader(body)}
		req := httptest.NewRequest(http.MethodPost, "/slack/commands", cb)
		req.ContentLength = int64(len(body))
		req.Header = h
		w := httptest.NewRecorder()
		r.mux.ServeHTTP(w, req)
		if w.Code != http.StatusUnauthorized || cb.n.Load() != 0 {
			t.Errorf("%s: status %d, %d bytes read; want 401 and none", name, w.Code, cb.n.Load())
		}
	}
}

// TestFallbackEscaped: what users type cannot become <!channel> or a
// disguised link in the fallback text, nor in the blocks.
func TestFallbackEscaped(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start board")
	r.command("U1", "/klubba", `note "<!channel> see <https://evil.example|the budget> & more"`)
	r.deliverAll(10)
	found := false
	for _, c := range r.slack.Calls("chat.postMessage") {
		text, blocks := c.Form.Get("text"), c.Form.Get("blocks")
		if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://") || strings.Contains(blocks, "<!channel>") {
			t.Errorf("user text unescaped: text %q blocks %s", text, blocks)
		}
		if strings.Contains(text, "&lt;!channel&gt;") && strings.Contains(text, "&amp; more") {
			found = true
		}
	}
	if !found {
		t.Errorf("the note was not posted escaped: %+v", r.slack.Calls("chat.postMessage"))
	}
}

// TestNotesFloodRefused: one user's flood of notes is refused past the
// rate limit, politely and privately, and the minutes stay small.
func TestNotesFloodRefused(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start board")
	refused := 0
	for i := range 1000 {
		w := r.command("U2", "/klubba", fmt.Sprintf(`note "flood %d"`, i))
		if strings.Contains(w.Body.String(), "faster than Klubba takes them") {
			refused++
		}
	}
	if refused < 900 {
		t.Errorf("%d of 1,000 notes sent at once refused; want all but the burst", refused)
	}
	r.command("U1", "/klubba", `agenda add "Still works"`)
	if n := r.agendaItems(); n != 2 {
		t.Errorf("another user's command after the flood: %d items", n)
	}
}

// TestInvalidAuthPausesAndKeeps: Slack refusing the token pauses
// delivery; once the token works, everything is delivered.
func TestInvalidAuthPausesAndKeeps(t *testing.T) {
	r := newRig(t)
	var refused atomic.Bool
	refused.Store(true)
	r.slack.mu.Lock()
	r.slack.authFail = func() bool { return refused.Load() }
	r.slack.mu.Unlock()
	r.command("U1", "/klubba", "start board")
	r.command("U1", "/klubba", `decision "Kept"`)
	next := r.deliver.Round(context.Background())
	if pending, _ := r.store.Pending(context.Background(), "slack", 0, 100); len(pending) == 0 || next.Sub(r.clock.Now()) < 10*time.Second {
		t.Fatalf("after invalid_auth: %d pending, next try in %v", len(pending), next.Sub(r.clock.Now()))
	}
	refused.Store(false)
	r.clock.Advance(time.Minute)
	r.deliverAll(10)
	texts := ""
	for _, c := range r.slack.Calls("chat.postMessage") {
		texts += c.text()
	}
	if !strings.Contains(texts, "Kept") {
		t.Errorf("the decision was lost after invalid_auth: %s", texts)
	}
}

// TestRetryAfterCapped: a Retry-After of a day is honoured for a minute.
func TestRetryAfterCapped(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start board")
	r.slack.mu.Lock()
	r.slack.fail = func(method string) (int, string, bool) { return http.StatusTooManyRequests, "86400", true }
	r.slack.mu.Unlock()
	next := r.deliver.Round(context.Background())
	if wait := next.Sub(r.clock.Now()); wait > time.Minute || wait <= 0 {
		t.Errorf("Retry-After: 86400 made the next try in %v; want at most a minute", wait)
	}
}
