package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/internal/webhook"
	"github.com/klubba/klubba/platform"
)

// withWebhook are the built-in platforms and the webhook, a platform
// that lives in its own package and is named nowhere but here.
func withWebhook() []platform.Module { return append(builtinPlatforms(), webhook.Module()) }

// runWith runs klubba in process with the platforms given, until it ends.
func runWith(t *testing.T, platforms []platform.Module, env []string, args ...string) result {
	t.Helper()
	var out, errb lockedBuffer
	m := &Main{Args: args, Env: Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: environ(env), Platforms: platforms}}
	code := m.Run(context.Background())
	return result{out.String(), errb.String(), code}
}

// TestWebhookPlatform runs serve with a platform that no file of
// Klubba's knows: its section of the file is its own, its endpoint is
// served, a command goes through the bot and the channel's reply comes
// out of the outbox to the platform's own address.
func TestWebhookPlatform(t *testing.T) {
	posted := make(chan map[string]string, 16)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p map[string]string
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Errorf("the webhook posted something that is not JSON: %v", err)
		}
		posted <- p
	}))
	defer receiver.Close()
	dir := t.TempDir()
	conf := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(conf, []byte("locale: sv\nwebhook:\n  path: /hooks/klubba\n  reply_url: "+receiver.URL+"\n"+
		"templates:\n  - name: styrelse\n    title: Styrelsemöte\n    agenda:\n      - title: Ekonomi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	env := []string{"KLUBBA_LISTEN=" + addr, "KLUBBA_WEBHOOK_TOKEN=hook-secret"}

	// The file checks with the webhook known, and not without it: the
	// configuration itself knows no platform.
	want(t, runWith(t, withWebhook(), env, "--config", conf, "check"), 0, "is valid")
	want(t, runWith(t, nil, env, "--config", conf, "check"), 1, "c.yaml:2: webhook: unknown key")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("webhook:\n  reply_url: "+receiver.URL+"\n  colour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	want(t, runWith(t, withWebhook(), env, "--config", bad, "check"), 1, "bad.yaml:3: webhook.colour: unknown key")

	srv := &running{logs: &lockedBuffer{}, code: make(chan int, 1)}
	srv.Main = &Main{Args: []string{"--config", conf, "serve", "--db", filepath.Join(dir, "k.db")},
		Env: Env{Stdin: strings.NewReader(""), Stdout: srv.logs, Stderr: srv.logs, Getenv: environ(env), Platforms: withWebhook()}}
	go func() { srv.code <- srv.Run(context.Background()) }()
	t.Cleanup(func() { srv.Close() })
	base := "http://" + addr
	bottest.WaitFor(t, func() bool { code, _ := get(base + "/readyz"); return code == 200 })

	send := func(token, body string) (int, answerJSON) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+"/hooks/klubba", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a answerJSON
		json.NewDecoder(resp.Body).Decode(&a)
		return resp.StatusCode, a
	}
	if code, _ := send("wrong", `{"channel":"styrelsen","user":"u1","text":"start Styrelsemöte"}`); code != http.StatusUnauthorized {
		t.Errorf("a wrong token = %d, want 401", code)
	}
	code, a := send("hook-secret", `{"channel":"styrelsen","user":"u1","name":"Anna","text":"start styrelse"}`)
	if code != http.StatusOK {
		t.Fatalf("start = %d", code)
	}
	if len(a.Replies) != 0 {
		t.Errorf("start answered the caller %q; its news is the channel's", a.Replies)
	}
	select {
	case p := <-posted:
		if p["channel"] != "styrelsen" || !strings.HasPrefix(p["text"], "Mötet har öppnats: Styrelsemöte\nOrdförande: Anna.") {
			t.Errorf("the channel got %q, want the meeting's start in styrelsen", p)
		}
	case <-srv.code:
		t.Fatalf("serve ended:\n%s", srv.logs)
	case <-time.After(10 * time.Second):
		_, metrics := get(base + "/metrics")
		t.Errorf("nothing was posted to the channel within 10s; the answer was %q\n%s\n%s", a.Replies, srv.logs, metrics)
	}
	// A mistake is answered to the caller alone, in the meeting's language.
	if code, a := send("hook-secret", `{"channel":"styrelsen","user":"u2","name":"Bo","text":"flurp"}`); code != http.StatusOK ||
		len(a.Replies) != 1 || !strings.HasPrefix(a.Replies[0], "Jag känner inte till kommandot ”flurp”.") {
		t.Errorf("flurp = %d %q, want the unknown command told in Swedish", code, a.Replies)
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve stopped with exit status %d\n%s", code, srv.logs)
	}
	logs := srv.logs.String()
	if !strings.Contains(logs, "platforms=webhook") || strings.Contains(logs, "hook-secret") {
		t.Errorf("the log should name the webhook, never its token:\n%s", logs)
	}
}

type answerJSON struct {
	Replies []string `json:"replies"`
}
