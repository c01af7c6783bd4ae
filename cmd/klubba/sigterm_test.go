package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// TestSIGTERMDuringDelivery stops the server with SIGTERM while it
// delivers, 40 times, restarting it each time until the outbox is empty:
// no message reaches Slack twice (calls under way are finished and
// marked delivered, whatever the shutdown does to their context).
func TestSIGTERMDuringDelivery(t *testing.T) {
	t.Parallel() // a process or a browser of its own: it waits more than it works
	const runs, channels, perChannel = 40, 4, 5
	duplicates := 0
	for run := range runs {
		var mu sync.Mutex
		seen := map[string]int{}
		fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(body))
			w.Header().Set("Content-Type", "application/json")
			if m := path.Base(r.URL.Path); m != "chat.postMessage" && m != "chat.postEphemeral" {
				fmt.Fprint(w, `{"ok":true}`) // auth.test, users.info …: no message
				return
			}
			time.Sleep(20 * time.Millisecond) // a call takes a while, so SIGTERM falls mid-call
			mu.Lock()
			seen[form.Get("text")]++
			mu.Unlock()
			fmt.Fprint(w, `{"ok":true,"message_ts":"1700000000.000100"}`)
		}))
		db := filepath.Join(t.TempDir(), "k.db")
		s, err := bolt.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		err = typed.New(s).Update(context.Background(), func(tx *typed.Tx) error {
			for c := range channels {
				for i := range perChannel {
					o := bot.Outgoing{Channel: fmt.Sprintf("slack:T1/C%d", c),
						Reply: chat.Reply{To: chat.Recipient, User: "U1", Message: chat.Message{Text: fmt.Sprintf("m-%d-%d", c, i)}}}
					if err := tx.Enqueue(o); err != nil {
						return err
					}
				}
			}
			return nil
		})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		total := func() int {
			mu.Lock()
			defer mu.Unlock()
			return len(seen)
		}
		for start := 0; total() < channels*perChannel && start < 10; start++ {
			srv := exec.Command(binary(t), "serve", "--db", db)
			srv.Env = append(cleanEnv(), "KLUBBA_LISTEN="+freeAddr(t), "KLUBBA_SLACK_SIGNING_SECRET=s",
				"KLUBBA_SLACK_BOT_TOKEN=xoxb-term", "KLUBBA_SLACK_API_URL="+fake.URL+"/api/")
			if err := srv.Start(); err != nil {
				t.Fatal(err)
			}
			before := total()
			bottest.WaitFor(t, func() bool { return total() > before || total() == channels*perChannel })
			srv.Process.Signal(syscall.SIGTERM) // mid-delivery
			if err := srv.Wait(); err != nil {
				t.Errorf("run %d: serve after SIGTERM: %v", run, err)
			}
		}
		fake.Close()
		mu.Lock()
		for text, n := range seen {
			if n > 1 {
				duplicates++
				t.Errorf("run %d: %s sent %d times", run, text, n)
			}
		}
		if len(seen) != channels*perChannel {
			t.Errorf("run %d: %d of %d messages delivered", run, len(seen), channels*perChannel)
		}
		mu.Unlock()
	}
	t.Logf("%d runs with SIGTERM mid-delivery: %d duplicates", runs, duplicates)
}
