package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot/bottest"
)

// TestServeSlack runs klubba serve as Slack would reach it: signed slash
// commands over HTTP, and the Web API answered by a fake that records calls.
func TestServeSlack(t *testing.T) {
	var mu sync.Mutex
	var posted []string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		mu.Lock()
		posted = append(posted, r.URL.Path+" "+form.Get("text"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/auth.test" { // /readyz asks whether the token works
			fmt.Fprint(w, `{"ok":true,"url":"https://example.slack.com/","team":"Example","user":"klubba","team_id":"T0001","user_id":"UBOT","bot_id":"B1"}`)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000100","user":{"id":"U1","profile":{"display_name":"Ann"}}}`, form.Get("channel"))
	}))
	defer fake.Close()

	const secret = "e2e-signing-secret"
	addr := freeAddr(t)
	srv := start(t, []string{"KLUBBA_LISTEN=" + addr, "KLUBBA_SLACK_SIGNING_SECRET=" + secret,
		"KLUBBA_SLACK_BOT_TOKEN=xoxb-e2e-secret", "KLUBBA_SLACK_API_URL=" + fake.URL + "/api/"}, "serve", "--db", filepath.Join(t.TempDir(), "k.db"))
	logs := srv.logs
	base := "http://" + addr
	bottest.WaitFor(t, func() bool { code, _ := get(base + "/readyz"); return code == 200 })

	send := func(body string, signed bool) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, base+"/slack/commands", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if signed {
			for k, v := range slackbot.Sign(secret, []byte(body), time.Now()) {
				req.Header[k] = v
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	form := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"}, "command": {"/klubba"}, "text": {"start"}}
	if resp := send(form.Encode(), false); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned command: %d, want 401", resp.StatusCode)
	}
	if resp := send(form.Encode(), true); resp.StatusCode != http.StatusOK {
		t.Fatalf("signed command: %d", resp.StatusCode)
	}
	bottest.WaitFor(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range posted {
			if strings.HasPrefix(p, "/api/chat.postMessage") && strings.Contains(p, "Meeting started") {
				return true
			}
		}
		return false
	})
	form.Set("text", "frobnicate")
	resp := send(form.Encode(), true)
	var answer bytes.Buffer
	io.Copy(&answer, resp.Body)
	if !strings.Contains(answer.String(), `"response_type":"ephemeral"`) || !strings.Contains(answer.String(), "frobnicate") {
		t.Errorf("answer to a wrong command = %s", answer.String())
	}
	srv.stop(t)
	if strings.Contains(logs.String(), "xoxb-e2e-secret") || strings.Contains(logs.String(), secret) {
		t.Errorf("the log shows a secret:\n%s", logs.String())
	}
}
