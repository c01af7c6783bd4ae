package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// TestCrashDuringVoteStorm starts the binary, runs a vote storm through
// the signed Slack endpoint, kills the process with SIGKILL mid-storm,
// and then checks the file: it passes bbolt's consistency check, and
// every vote that got a 200 is counted.
func TestCrashDuringVoteStorm(t *testing.T) {
	t.Parallel() // a process or a browser of its own: it waits more than it works
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`)
	}))
	defer fake.Close()
	const secret = "crash-signing-secret"
	db, addr := filepath.Join(t.TempDir(), "k.db"), freeAddr(t)
	srv := exec.Command(binary(t), "serve", "--db", db)
	srv.Env = append(cleanEnv(), "KLUBBA_LISTEN="+addr, "KLUBBA_SLACK_SIGNING_SECRET="+secret,
		"KLUBBA_SLACK_BOT_TOKEN=xoxb-crash", "KLUBBA_SLACK_API_URL="+fake.URL+"/api/")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	bottest.WaitFor(t, func() bool { code, _ := get(base + "/readyz"); return code == 200 })
	post := func(path, body string) int {
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range slackbot.Sign(secret, []byte(body), time.Now()) {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, text := range []string{"start", `poll "Crash?" "Yes" "No"`} {
		form := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U0"}, "command": {"/klubba"}, "text": {text}}
		if code := post("/slack/commands", form.Encode()); code != 200 {
			t.Fatalf("%s: %d", text, code)
		}
	}
	// 32 clients vote as fast as they can, up to maxVotes in all; the
	// server is killed once killAfter votes have been answered, so many
	// requests are in flight when it dies.
	const maxVotes, killAfter = 5000, 300
	var mu sync.Mutex
	var acked []string
	var next, answered atomic.Int64
	var once sync.Once
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > maxVotes {
					return
				}
				voter := fmt.Sprintf("V%05d", i)
				payload := fmt.Sprintf(`{"type":"block_actions","user":{"id":%q,"name":"v"},"team":{"id":"T1"},"channel":{"id":"C1"},`+
					`"actions":[{"action_id":"poll.vote#0","block_id":"b1","value":"1:1","type":"button"}]}`, voter)
				code := post("/slack/interactions", url.Values{"payload": {payload}}.Encode())
				if code == 200 {
					mu.Lock()
					acked = append(acked, voter)
					mu.Unlock()
				}
				if answered.Add(1) >= killAfter {
					once.Do(func() { srv.Process.Kill() }) // SIGKILL, mid-storm
				}
				if code == 0 {
					return // the server is gone
				}
			}
		})
	}
	wg.Wait()
	srv.Wait()

	s, err := bolt.Open(db)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Errorf("bbolt consistency check: %v", err)
	}
	typed.New(s).View(context.Background(), func(tx *typed.Tx) error {
		p, err := tx.Poll(1)
		if err != nil {
			t.Fatalf("poll after the crash: %v", err)
		}
		for _, v := range acked {
			if _, ok := p.Votes[v]; !ok {
				t.Errorf("vote of %s got a 200 but is not stored", v)
			}
		}
		t.Logf("%d votes acknowledged before the kill, %d stored", len(acked), p.Turnout())
		if len(acked) < killAfter/2 || len(acked) >= maxVotes {
			t.Errorf("the kill did not fall mid-storm: %d of %d acknowledged", len(acked), maxVotes)
		}
		return nil
	})
}
