package teams_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/klubba/klubba/adapters/teams"
)

// fileConsent is the invoke Teams sends when the user answers a file
// consent card, echoing the card's context.
func fileConsent(id, from, action string, context any, uploadURL string) string {
	ctx, _ := json.Marshal(context)
	return fmt.Sprintf(`{
  "type": "invoke", "name": "fileConsent/invoke", "id": %q, "channelId": "msteams", "serviceUrl": "SERVICE_URL",
  "from": {"id": "29:%s", "name": %q, "aadObjectId": "aad-%s"},
  "conversation": {"conversationType": "personal", "tenantId": "tenant", "id": "a:personal-conversation"},
  "recipient": {"id": "28:%s", "name": "Klubba"},
  "value": {"type": "fileUpload", "action": %q, "context": %s,
    "uploadInfo": {"contentUrl": "https://contoso.sharepoint.com/minutes.pdf", "name": "minutes.pdf",
      "uploadUrl": %q, "uniqueId": "ABC", "fileType": "pdf"}},
  "channelData": {"tenant": {"id": "tenant"}}
}`, id, from, from, from, appID, action, ctx, uploadURL)
}

// The minutes as PDF in Teams: a file consent card in the one-to-one
// chat; accepted, the file is made again, put at the upload URL and shown
// with a file info card.
func TestMinutesPDFThroughFileConsent(t *testing.T) {
	r := newRig(t)
	var mu sync.Mutex
	var uploaded []byte
	var contentRange, auth string
	r.fake.mux.HandleFunc("PUT /upload/", func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		uploaded, _ = io.ReadAll(req.Body)
		contentRange, auth = req.Header.Get("Content-Range"), req.Header.Get("Authorization")
		w.WriteHeader(http.StatusCreated)
	})
	for i, text := range []string{"start", `decision "Budget approved"`, "end", "minutes pdf"} {
		if w := r.send(channelMessage(fmt.Sprint("m", i), "ann", text), nil); w.Code != http.StatusOK {
			t.Fatalf("%s: status %d", text, w.Code)
		}
	}
	r.deliverAll(10)
	private := r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities")
	var card map[string]any
	for _, c := range private {
		atts, _ := c.Body["attachments"].([]any)
		for _, a := range atts {
			if m, _ := a.(map[string]any); m["contentType"] == "application/vnd.microsoft.teams.card.file.consent" {
				card = m
			}
		}
	}
	if card == nil {
		t.Fatalf("no file consent card in the one-to-one chat: %+v", private)
	}
	content := card["content"].(map[string]any)
	if !strings.HasSuffix(card["name"].(string), ".pdf") || content["sizeInBytes"].(float64) < 1000 {
		t.Fatalf("consent card = %v, want a .pdf of its size", card)
	}

	if w := r.send(fileConsent("i1", "ann", "accept", content["acceptContext"], r.fake.srv.URL+"/upload/1"), nil); w.Code != http.StatusOK {
		t.Fatalf("fileConsent/invoke: status %d", w.Code)
	}
	mu.Lock()
	if !strings.HasPrefix(string(uploaded), "%PDF-") || contentRange != fmt.Sprintf("bytes 0-%d/%d", len(uploaded)-1, len(uploaded)) {
		t.Errorf("upload: %d bytes, Content-Range %q", len(uploaded), contentRange)
	}
	if auth != "" {
		t.Errorf("the upload to OneDrive carried the bot's token: %q", auth)
	}
	mu.Unlock()
	found := false
	for _, c := range r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities") {
		if strings.Contains(c.text(), "application/vnd.microsoft.teams.card.file.info") && strings.Contains(c.text(), "ABC") {
			found = true
		}
	}
	if !found {
		t.Error("no file info card shown after the upload")
	}

	// A context naming the meeting under another channel is refused:
	// nothing is uploaded.
	forged := content["acceptContext"].(map[string]any)
	forged["channel"] = "teams:19:other@thread.tacv2"
	mu.Lock()
	uploaded = nil
	mu.Unlock()
	r.send(fileConsent("i2", "ann", "accept", forged, r.fake.srv.URL+"/upload/2"), nil)
	mu.Lock()
	defer mu.Unlock()
	if uploaded != nil {
		t.Error("a file was made for a meeting of another channel")
	}
}

// inPersonalChat moves an activity into the person's one-to-one chat
// with the bot, where Klubba's private messages are.
func inPersonalChat(activity string) string {
	return strings.Replace(activity, `"conversation": {"isGroup": true, "conversationType": "channel", "tenantId": "tenant",
    "id": "19:meeting-channel@thread.tacv2;messageid=1700000000000"}`,
		`"conversation": {"conversationType": "personal", "tenantId": "tenant", "id": "a:personal-conversation"}`, 1)
}

// The justering through Teams: the request reaches each adjuster's
// one-to-one chat as a card with Approve and Object (with a text box);
// clicks there name the meeting, whose channel is told; the objection
// reaches the secretary; once both approve, an edit is refused.
func TestJusteringThroughTeams(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(mentioning("m2", "ann", "", `secretary {0}`, [2]string{"bo", "Bo Lund"}), nil)
	r.send(mentioning("m3", "ann", "", `adjusters {0} {1}`, [2]string{"cy", "Cy Berg"}, [2]string{"di", "Di Ek"}), nil)
	r.send(channelMessage("m4", "bo", `decision "Budget approved"`), nil)
	r.send(channelMessage("m5", "ann", "end"), nil)
	r.send(channelMessage("m6", "bo", "minutes submit"), nil)
	r.deliverAll(10)
	var card string
	for _, c := range r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities") {
		if strings.Contains(c.text(), `"action":"minutes.approve"`) {
			card = c.text()
		}
	}
	if card == "" || !strings.Contains(card, `"action":"minutes.object"`) || !strings.Contains(card, `"type":"Input.Text"`) {
		t.Fatalf("no justering card with Approve, Object and a text box in the one-to-one chat: %s", card)
	}
	_, rest, _ := strings.Cut(card, `"action":"minutes.approve"`)
	_, rest, _ = strings.Cut(rest, `"value":"`)
	meetingID, _, _ := strings.Cut(rest, `"`)

	w := r.send(inPersonalChat(execute("x1", "cy", "activity-9", "minutes.approve", map[string]string{"action": "minutes.approve", "value": meetingID})), nil)
	if _, _, text := invokeAnswer(t, w.Body.String()); !strings.Contains(text, "approved the minutes. Waiting for Di Ek") {
		t.Errorf("Approve answered %q", text)
	}
	w = r.send(inPersonalChat(execute("x2", "di", "activity-9", "minutes.object",
		map[string]string{"action": "minutes.object", "value": meetingID + ":", teams.TextInput: "The budget was 2 000 SEK"})), nil)
	if _, _, text := invokeAnswer(t, w.Body.String()); !strings.Contains(text, "Your objection is sent to bo") {
		t.Errorf("Object answered %q", text)
	}
	r.deliverAll(10)
	channel := ""
	for _, c := range r.fake.Calls(channelPosts) {
		channel += c.text()
	}
	if !strings.Contains(channel, "approved the minutes. Waiting for Di Ek") {
		t.Error("the meeting's channel was not told of the approval made in a one-to-one chat")
	}
	private := ""
	for _, c := range r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities") {
		private += c.text()
	}
	if !strings.Contains(private, "objected to the minutes of Meeting: “The budget was 2 000 SEK”") {
		t.Error("the objection did not reach the secretary")
	}

	r.send(channelMessage("m7", "bo", `decision edit 1 "Budget approved: 2 000 SEK"`), nil)
	r.send(channelMessage("m8", "bo", "minutes submit"), nil)
	r.send(channelMessage("m9", "cy", "approve"), nil)
	r.send(channelMessage("m10", "di", "approve"), nil)
	r.send(channelMessage("m11", "bo", `decision edit 1 "Budget refused"`), nil)
	r.deliverAll(10)
	if got := r.lastPost("POST /v3/conversations/a:personal-conversation/activities"); !strings.Contains(got, "can no longer be changed") {
		t.Errorf("an edit after the justering was not refused: %s", got)
	}
	md, err := r.bot.Minutes(t.Context(), "teams:19:meeting-channel@thread.tacv2", "", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Budget approved: 2 000 SEK") || strings.Contains(md, "Budget refused") || !strings.Contains(md, "**Approved by ") {
		t.Errorf("the minutes after the justering:\n%s", md)
	}
}
