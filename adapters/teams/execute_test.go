package teams_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// execute is a card button's Action.Execute, as Teams sends it: an
// adaptiveCard/action invoke whose data holds the button's data and the
// card's inputs.
func execute(id, from, replyTo, verb string, data map[string]string) string {
	js, _ := json.Marshal(data)
	return fmt.Sprintf(`{
  "name": "adaptiveCard/action", "type": "invoke", "id": %q, "channelId": "msteams", "serviceUrl": "SERVICE_URL",
  "timestamp": "2026-11-27T18:01:00.000Z", "localTimestamp": "2026-11-27T19:01:00.000+01:00",
  "from": {"id": "29:%s", "name": %q, "aadObjectId": "aad-%s"},
  "conversation": {"isGroup": true, "conversationType": "channel", "tenantId": "tenant",
    "id": "19:meeting-channel@thread.tacv2;messageid=1700000000000"},
  "recipient": {"id": "28:%s", "name": "Klubba"},
  "replyToId": %q,
  "entities": [{"locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Stockholm", "type": "clientInfo"}],
  "channelData": {"channel": {"id": "19:meeting-channel@thread.tacv2"}, "team": {"id": "19:team@thread.tacv2"},
    "tenant": {"id": "tenant"}, "source": {"name": "message"}, "legacy": {"replyToId": %q}},
  "value": {"action": {"type": "Action.Execute", "title": "Vote", "verb": %q, "data": %s}, "trigger": "manual"},
  "locale": "en-US"
}`, id, from, from, from, appID, replyTo, replyTo, verb, js)
}

// invokeAnswer decodes an adaptiveCard/action response.
func invokeAnswer(t *testing.T, body string) (status int, typ, value string) {
	t.Helper()
	var a struct {
		StatusCode int    `json:"statusCode"`
		Type       string `json:"type"`
		Value      any    `json:"value"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("invoke answer %q: %v", body, err)
	}
	v, _ := a.Value.(string)
	return a.StatusCode, a.Type, v
}

// TestExecuteAnswersTheClickerOnly: a click answers the clicker in the
// invoke's response, which Teams shows them alone; no one-to-one chat is
// opened, and the card is updated for everyone.
func TestExecuteAnswersTheClickerOnly(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `poll "Lunch?" "Pizza" "Sushi"`), nil)
	r.deliverAll(5)
	posted := r.lastPost(channelPosts)
	if !strings.Contains(posted, `"type":"Action.Execute"`) || !strings.Contains(posted, `"verb":"poll.vote"`) ||
		!strings.Contains(posted, `"fallback":{"data":{"action":"poll.vote","value":"1:2"},"title":"Sushi","type":"Action.Submit"}`) {
		t.Fatalf("the poll card's buttons are not Action.Execute with a Submit fallback: %s", posted)
	}
	w := r.send(execute("f:1", "bo", "activity-2", "poll.vote", map[string]string{"action": "poll.vote", "value": "1:2"}), nil)
	if w.Code != http.StatusOK {
		t.Fatalf("invoke: %d %s", w.Code, w.Body)
	}
	status, typ, text := invokeAnswer(t, w.Body.String())
	if status != 200 || typ != "application/vnd.microsoft.activity.message" || !strings.Contains(text, "Sushi") {
		t.Errorf("invoke answer = %d %s %q, want a message to the clicker about the vote", status, typ, text)
	}
	r.deliverAll(5)
	if c := r.fake.Calls("POST /v3/conversations"); len(oneToOne(c)) != 0 {
		t.Errorf("a one-to-one chat was used: %+v", c)
	}
	updates := r.fake.Calls("PUT ")
	if len(updates) == 0 || !strings.Contains(updates[len(updates)-1].text(), "1 vote") {
		t.Errorf("updates = %+v, want the poll card with 1 vote", updates)
	}
	// A click through the dropdown of a poll with many options, and a
	// refusal, are answered the same way.
	r.send(channelMessage("m3", "ann", `poll "Dinner?" A B C D E F G`), nil)
	r.deliverAll(5)
	w = r.send(execute("f:2", "cy", "activity-3", "poll.vote", map[string]string{"action": "poll.vote", "value": "2:", "choices": "7"}), nil)
	if _, _, text := invokeAnswer(t, w.Body.String()); !strings.Contains(text, "G") {
		t.Errorf("dropdown vote answer %q", text)
	}
	w = r.send(execute("f:3", "cy", "activity-2", "poll.close", map[string]string{"action": "poll.close", "value": "1"}), nil)
	if status, _, text := invokeAnswer(t, w.Body.String()); status != 200 || text == "" || strings.Contains(text, "Something went wrong") {
		t.Errorf("refusal answer %d %q, want a polite reason", status, text)
	}
	// Not a Klubba action: a 400 in the invoke's answer.
	w = r.send(strings.Replace(execute("f:4", "cy", "activity-2", "x", map[string]string{}), `"verb": "x"`, `"verb": "x"`, 1), nil)
	if status, typ, _ := invokeAnswer(t, w.Body.String()); status != 400 || typ != "application/vnd.microsoft.error" {
		t.Errorf("unknown action answered %d %s", status, typ)
	}
}

// oneToOne keeps the createConversation calls.
func oneToOne(calls []connectorCall) []connectorCall {
	var out []connectorCall
	for _, c := range calls {
		if c.Path == "/v3/conversations" {
			out = append(out, c)
		}
	}
	return out
}
