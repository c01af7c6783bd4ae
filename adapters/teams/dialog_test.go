package teams_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/klubba/klubba/internal/golden"
)

// dialogInvoke is an invoke of the poll dialog, shaped as Teams sends
// it: name is task/fetch, task/submit, composeExtension/fetchTask or
// composeExtension/submitAction, and value its value.
func dialogInvoke(id, from, name string, value map[string]any) string {
	js, _ := json.Marshal(value)
	return fmt.Sprintf(`{
  "name": %q, "type": "invoke", "id": %q, "channelId": "msteams", "serviceUrl": "SERVICE_URL",
  "timestamp": "2026-11-27T18:02:00.000Z", "localTimestamp": "2026-11-27T19:02:00.000+01:00",
  "from": {"id": "29:%s", "name": %q, "aadObjectId": "aad-%s"},
  "conversation": {"isGroup": true, "conversationType": "channel", "tenantId": "tenant",
    "id": "19:meeting-channel@thread.tacv2;messageid=1700000000000"},
  "recipient": {"id": "28:%s", "name": "Klubba"},
  "entities": [{"locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Stockholm", "type": "clientInfo"}],
  "channelData": {"channel": {"id": "19:meeting-channel@thread.tacv2"}, "team": {"id": "19:team@thread.tacv2"},
    "tenant": {"id": "tenant"}, "source": {"name": "compose"}},
  "value": %s,
  "locale": "en-US"
}`, name, id, from, from, from, appID, js)
}

// dialogAnswer decodes a dialog invoke's answer: the task's type, and
// its card or message.
func dialogAnswer(t *testing.T, w *http.Response, body string) (typ string, card map[string]any, message string) {
	t.Helper()
	if w.StatusCode != http.StatusOK {
		t.Fatalf("invoke: %d %s", w.StatusCode, body)
	}
	var a struct {
		Task struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"task"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	switch a.Task.Type {
	case "continue":
		var v struct {
			Title string `json:"title"`
			Card  struct {
				ContentType string         `json:"contentType"`
				Content     map[string]any `json:"content"`
			} `json:"card"`
		}
		json.Unmarshal(a.Task.Value, &v)
		if v.Card.ContentType != "application/vnd.microsoft.card.adaptive" || v.Title == "" {
			t.Errorf("continue without an Adaptive Card or a title: %s", body)
		}
		return a.Task.Type, v.Card.Content, v.Title
	case "message":
		json.Unmarshal(a.Task.Value, &message)
	}
	return a.Task.Type, nil, message
}

// TestPollDialog: the message extension opens the poll form, filled in
// with the message it was opened from; a submission with a mistake shows
// the form again; a good one makes the poll in the channel, as its
// submitter; and a card's task/fetch button opens the same form, in the
// meeting's language.
func TestPollDialog(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.deliverAll(5)

	w := r.send(dialogInvoke("d1", "bo", "composeExtension/fetchTask", map[string]any{
		"commandId": "makePoll", "commandContext": "message", "context": map[string]any{"theme": "default"},
		"messagePayload": map[string]any{"id": "1700000000001", "messageType": "message",
			"body":        map[string]any{"contentType": "html", "content": "<p>Shall we move the party to <b>May</b> &amp; June?</p>"},
			"from":        map[string]any{"user": map[string]any{"id": "aad-ann", "displayName": "Ann"}},
			"attachments": []any{}, "mentions": []any{}, "reactions": []any{}},
	}), nil)
	typ, card, title := dialogAnswer(t, w.Result(), w.Body.String())
	if typ != "continue" || title != "Make a poll" {
		t.Fatalf("fetch answered %q %q", typ, title)
	}
	got, _ := json.MarshalIndent(card, "", "  ")
	golden.Check(t, "poll-dialog-en.json", append(got, '\n'))
	if !strings.Contains(string(got), `"value": "Shall we move the party to May \u0026 June?"`) {
		t.Errorf("the question is not the message's text:\n%s", got)
	}

	// Too few options: the form again, as sent, with the mistake.
	w = r.send(dialogInvoke("d2", "bo", "composeExtension/submitAction", map[string]any{
		"commandId": "makePoll", "commandContext": "message",
		"data": map[string]any{"action": "poll.dialog", "question": "Party in May?", "options": "Yes, May\n", "kind": "single", "visibility": "open", "close": ""},
	}), nil)
	typ, card, _ = dialogAnswer(t, w.Result(), w.Body.String())
	got, _ = json.Marshal(card)
	if typ != "continue" || !strings.Contains(string(got), "Give 2 to 20 options, one a line.") || !strings.Contains(string(got), `"value":"Party in May?"`) {
		t.Errorf("a bad submission answered %q: %s", typ, got)
	}
	r.deliverAll(5)
	before := len(r.fake.Calls(channelPosts))

	// A good one: the dialog closes and the poll is in the channel.
	w = r.send(dialogInvoke("d3", "bo", "task/submit", map[string]any{"type": "task/submit", "context": map[string]any{"theme": "default"},
		"data": map[string]any{"msteams": map[string]any{"type": "task/fetch"}, "action": "poll.dialog",
			"question": "Where is the party?", "options": "Göteborg\nMalmö\n\nUmeå", "kind": "single", "visibility": "anonymous", "close": "10m"}}), nil)
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != "{}" {
		t.Errorf("a good submission answered %d %s, want {} to close the dialog", w.Code, w.Body)
	}
	r.deliverAll(5)
	posts := r.fake.Calls(channelPosts)[before:]
	if len(posts) != 1 || !strings.Contains(posts[0].text(), "Where is the party?") || !strings.Contains(posts[0].text(), "Umeå") {
		t.Fatalf("the poll was not posted in the channel: %+v", posts)
	}
	// Made by bo: the creator may close it, and it is anonymous.
	w = r.send(execute("d4", "bo", "activity-2", "poll.close", map[string]string{"action": "poll.close", "value": "1"}), nil)
	if _, _, text := invokeAnswer(t, w.Body.String()); strings.Contains(text, "Only") {
		t.Errorf("the submitter could not close their poll: %q", text)
	}

	// Without a meeting the refusal is shown in the dialog.
	r2 := newRig(t)
	w = r2.send(dialogInvoke("e1", "bo", "task/submit", map[string]any{"type": "task/submit",
		"data": map[string]any{"action": "poll.dialog", "question": "Q?", "kind": "yesno", "visibility": "secret"}}), nil)
	if typ, _, msg := dialogAnswer(t, w.Result(), w.Body.String()); typ != "message" || msg == "" {
		t.Errorf("a refused submission answered %q %q", typ, msg)
	}

	// From the message extension, the same refusal is another dialog,
	// one of submitAction's documented answers ("message" is not one),
	// with a button that closes it.
	w = r2.send(dialogInvoke("e2", "bo", "composeExtension/submitAction", map[string]any{
		"commandId": "makePoll", "commandContext": "compose",
		"data": map[string]any{"action": "poll.dialog", "question": "Q?", "kind": "yesno", "visibility": "secret"}}), nil)
	typ, card, _ = dialogAnswer(t, w.Result(), w.Body.String())
	shown, _ := json.Marshal(card)
	if typ != "continue" || !strings.Contains(string(shown), "meeting") || !strings.Contains(string(shown), `"title":"Close"`) {
		t.Errorf("a refused extension submission answered %q %s", typ, shown)
	}
	w = r2.send(dialogInvoke("e3", "bo", "composeExtension/submitAction", map[string]any{
		"commandId": "makePoll", "commandContext": "compose", "data": map[string]any{"action": "poll.dialog.close"}}), nil)
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != "{}" {
		t.Errorf("Close answered %d %s, want an empty answer that closes the dialog", w.Code, w.Body)
	}

	// A card button's task/fetch, in Swedish.
	r.send(channelMessage("m2", "ann", "lang sv"), nil)
	w = r.send(dialogInvoke("d5", "cy", "task/fetch", map[string]any{"type": "task/fetch", "context": map[string]any{"theme": "dark"},
		"data": map[string]any{"msteams": map[string]any{"type": "task/fetch"}, "action": "poll.dialog"}}), nil)
	typ, card, _ = dialogAnswer(t, w.Result(), w.Body.String())
	if typ != "continue" {
		t.Fatalf("task/fetch answered %q", typ)
	}
	got, _ = json.MarshalIndent(card, "", "  ")
	golden.Check(t, "poll-dialog-sv.json", append(got, '\n'))
}
