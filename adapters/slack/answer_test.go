package slack_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
)

// TestClickAnsweredThroughResponseURL: what a voter sees after a click.
// The poll message, edited through the outbox, shows the count; the
// voter alone sees their confirmation beside it, posted to the click's
// response_url (ephemeral, the poll left in place); nothing of it goes
// through chat.postEphemeral.
func TestClickAnsweredThroughResponseURL(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Lunch?" "Pizza" "Sushi"`)
	r.deliverAll(5)
	r.click("U2", "poll.vote#1", "1:1")
	r.click("U3", "poll.vote#1", "1:2")
	r.click("U2", "poll.vote#1", "1:2") // a change of mind
	r.deliverAll(5)

	want := map[string][]string{
		"U2": {"Your vote is recorded: Pizza.", "Your vote is changed to: Sushi."},
		"U3": {"Your vote is recorded: Sushi."},
	}
	for user, texts := range want {
		got := r.answers(user)
		if len(got) != len(texts) {
			t.Fatalf("answers to %s = %q, want %q", user, got, texts)
		}
		for i, text := range texts {
			if !strings.Contains(got[i], text) {
				t.Errorf("answer %d to %s = %q, want %q", i, user, got[i], text)
			}
		}
	}
	if eph := r.slack.Calls("chat.postEphemeral"); len(eph) != 0 {
		t.Errorf("chat.postEphemeral calls = %+v, want none", eph)
	}
	updates := r.slack.Calls("chat.update")
	if len(updates) == 0 || !strings.Contains(updates[len(updates)-1].text(), "2 votes") {
		t.Errorf("the poll's last edit = %+v, want 2 votes", updates)
	}
	if pending, _ := r.store.Pending(context.Background(), "slack", 0, 10); len(pending) != 0 {
		t.Errorf("outbox holds %+v, want nothing", pending)
	}
}

// TestClickWithoutUsableResponseURL: a click whose response_url Klubba
// may not call (or that has none) is answered through the outbox, by
// chat.postEphemeral, as before.
func TestClickWithoutUsableResponseURL(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Lunch?" "Pizza" "Sushi"`)
	r.deliverAll(5)
	for i, responseURL := range []string{"https://evil.example/actions/T0001/U2/x", ""} {
		payload := fmt.Sprintf(`{"type":"block_actions","user":{"id":"U%d","name":"u%d","team_id":"T0001"},"team":{"id":"T0001"},`+
			`"channel":{"id":"C2147483705"},"trigger_id":%q,"response_url":%q,`+
			`"actions":[{"action_id":"poll.vote#1","block_id":"b1","value":"1:1","type":"button"}]}`, i+2, i+2, r.triggerID(), responseURL)
		if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil); w.Code != http.StatusOK {
			t.Fatalf("click: %d %s", w.Code, w.Body)
		}
	}
	r.answered()
	r.deliverAll(5)
	if n := len(r.slack.Calls("response_url")); n != 0 {
		t.Errorf("%d posts to response URLs, want none", n)
	}
	eph := r.slack.Calls("chat.postEphemeral")
	if len(eph) != 2 || eph[0].Form.Get("user") != "U2" || eph[1].Form.Get("user") != "U3" ||
		!strings.Contains(eph[0].text(), "Your vote is recorded: Pizza.") {
		t.Errorf("chat.postEphemeral calls = %+v, want U2's and U3's confirmations", eph)
	}
}

// TestAnswerFailureLogsNoURL: a response URL holds a secret; a failed
// answer is logged without it.
func TestAnswerFailureLogsNoURL(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // refuses connections
	var logs bytes.Buffer
	srv := slackbot.NewServer(slackbot.Options{Bot: r.bot, SigningSecret: secret, Now: r.clock.Now,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), AllowResponseURL: func(string) bool { return true }})
	mux := http.NewServeMux()
	srv.Register(mux)
	r.mux = mux
	payload := `{"type":"block_actions","user":{"id":"U2","name":"u2","team_id":"T0001"},"team":{"id":"T0001"},` +
		`"channel":{"id":"C2147483705"},"trigger_id":"1","response_url":"` + down.URL + `/actions/T0001/1/SECRETTOKEN",` +
		`"actions":[{"action_id":"queue.speak#0","block_id":"b1","type":"button"}]}`
	if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil); w.Code != http.StatusOK {
		t.Fatalf("click: %d %s", w.Code, w.Body)
	}
	if err := srv.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "answer a click through its response_url") || strings.Contains(logs.String(), "SECRETTOKEN") {
		t.Errorf("logs = %s, want the failure without the URL", logs.String())
	}
	// The hand is up all the same: the command committed before the answer.
	resp, err := r.bot.Handle(context.Background(), bot.Request{Channel: "slack:T0001/C2147483705", User: "U1", Text: "queue"})
	if err != nil || len(resp.Replies) == 0 || !slices.Contains(resp.Replies[0].Message.List, "u2") {
		t.Errorf("queue = %+v, %v; want u2 waiting", resp, err)
	}
}
