package teams_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
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
