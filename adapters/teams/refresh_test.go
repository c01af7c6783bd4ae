package teams_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/klubba/klubba/internal/golden"
)

// refreshInvoke is the adaptiveCard/action invoke Teams sends for a
// card's refresh when the card is shown to one of its refresh.userIds
// (trigger automatic), or when they choose "Refresh card" (manual).
func refreshInvoke(id, from, key, trigger string) string {
	return fmt.Sprintf(`{
  "name": "adaptiveCard/action", "type": "invoke", "id": %q, "channelId": "msteams", "serviceUrl": "SERVICE_URL",
  "timestamp": "2026-11-27T18:03:00.000Z", "localTimestamp": "2026-11-27T19:03:00.000+01:00",
  "from": {"id": "29:%s", "name": %q, "aadObjectId": "aad-%s"},
  "conversation": {"isGroup": true, "conversationType": "channel", "tenantId": "tenant",
    "id": "19:meeting-channel@thread.tacv2;messageid=1700000000000"},
  "recipient": {"id": "28:%s", "name": "Klubba"},
  "replyToId": "activity-2",
  "entities": [{"locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Stockholm", "type": "clientInfo"}],
  "channelData": {"channel": {"id": "19:meeting-channel@thread.tacv2"}, "team": {"id": "19:team@thread.tacv2"},
    "tenant": {"id": "tenant"}, "source": {"name": "message"}, "legacy": {"replyToId": "activity-2"}},
  "value": {"action": {"type": "Action.Execute", "verb": "message.refresh", "data": {"action": "message.refresh", "value": %q}}, "trigger": %q},
  "locale": "en-US"
}`, id, from, from, from, appID, key, trigger)
}

// refreshed decodes a refresh's answer: its status, type and card.
func refreshed(t *testing.T, body string) (status int, typ string, card map[string]any) {
	t.Helper()
	var a struct {
		StatusCode int            `json:"statusCode"`
		Type       string         `json:"type"`
		Value      map[string]any `json:"value"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("refresh answer %q: %v", body, err)
	}
	return a.StatusCode, a.Type, a.Value
}

// TestRefreshPerUser: an open poll's card carries a refresh offered to
// the meeting's participants; the refresh answers each person with the
// card as they see it ("You voted: Sushi"), and a secret poll's card has
// no refresh and never says what anyone voted.
func TestRefreshPerUser(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "bo", "hand"), nil)
	r.send(channelMessage("m3", "ann", `poll "Lunch?" "Pizza" "Sushi"`), nil)
	r.deliverAll(5)
	posted := r.lastPost(channelPosts)
	if !strings.Contains(posted, `"refresh":{"action":{"data":{"action":"message.refresh","value":"poll/1"},"type":"Action.Execute","verb":"message.refresh"},"userIds":["29:ann","29:bo"]}`) {
		t.Fatalf("the poll card has no refresh for ann and bo: %s", posted)
	}
	r.send(execute("x1", "bo", "activity-2", "poll.vote", map[string]string{"action": "poll.vote", "value": "1:2"}), nil)
	r.deliverAll(5)
	if u := r.fake.Calls("PUT "); len(u) == 0 || !strings.Contains(u[len(u)-1].text(), `"userIds":["29:ann","29:bo"]`) || strings.Contains(u[len(u)-1].text(), "You voted") {
		t.Errorf("the updated card for everyone: %+v", u)
	}

	w := r.send(refreshInvoke("x2", "bo", "poll/1", "automatic"), nil)
	status, typ, card := refreshed(t, w.Body.String())
	js, _ := json.MarshalIndent(card, "", "  ")
	if status != 200 || typ != "application/vnd.microsoft.card.adaptive" || !strings.Contains(string(js), "You voted: **Sushi**") {
		t.Fatalf("bo's refresh = %d %s:\n%s", status, typ, js)
	}
	golden.Check(t, "poll-for-voter-en.json", append(js, '\n'))
	_, _, card = refreshed(t, r.send(refreshInvoke("x3", "cy", "poll/1", "manual"), nil).Body.String())
	if js, _ := json.Marshal(card); strings.Contains(string(js), "You voted") || !strings.Contains(string(js), "Lunch?") {
		t.Errorf("cy, who did not vote, sees: %s", js)
	}
	// Not a poll of this conversation, or not a poll: no card.
	if status, _, _ := refreshed(t, r.send(refreshInvoke("x4", "bo", "poll/99", "manual"), nil).Body.String()); status != 404 {
		t.Errorf("refresh of a missing poll answered %d", status)
	}
	if status, _, _ := refreshed(t, r.send(refreshInvoke("x5", "bo", "queue/1", "manual"), nil).Body.String()); status != 404 {
		t.Errorf("refresh of a queue answered %d", status)
	}

	// A secret poll: no refresh, and a refresh asked for anyway says nothing.
	r.send(channelMessage("m4", "ann", `poll yesno "Secret?" --secret`), nil)
	r.deliverAll(5)
	if posted := r.lastPost(channelPosts); strings.Contains(posted, `"refresh"`) {
		t.Errorf("a secret poll's card has a refresh: %s", posted)
	}
	r.send(execute("x6", "bo", "activity-3", "poll.vote", map[string]string{"action": "poll.vote", "value": "2:1"}), nil)
	_, _, card = refreshed(t, r.send(refreshInvoke("x7", "bo", "poll/2", "manual"), nil).Body.String())
	if js, _ := json.Marshal(card); strings.Contains(string(js), "You voted") || strings.Contains(string(js), `"refresh"`) {
		t.Errorf("a secret poll's refresh for bo: %s", js)
	}

	// In Swedish.
	r.send(channelMessage("m5", "ann", "lang sv"), nil)
	_, _, card = refreshed(t, r.send(refreshInvoke("x8", "bo", "poll/1", "automatic"), nil).Body.String())
	js, _ = json.MarshalIndent(card, "", "  ")
	if !strings.Contains(string(js), "Du röstade: **Sushi**") {
		t.Errorf("bo's refresh in Swedish:\n%s", js)
	}
	golden.Check(t, "poll-for-voter-sv.json", append(js, '\n'))
}
