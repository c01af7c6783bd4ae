package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot/bottest"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// startEtcd starts one embedded etcd member on loopback for the test.
func startEtcd(t *testing.T) string {
	t.Helper()
	cfg := embed.NewConfig()
	cfg.Dir = t.TempDir()
	peer, _ := url.Parse("http://" + freeAddr(t))
	client, _ := url.Parse("http://" + freeAddr(t))
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
	cfg.InitialCluster = cfg.Name + "=" + peer.String()
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	cfg.UnsafeNoFsync = true
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		t.Fatal("etcd did not start")
	}
	return client.Host
}

// TestServeReplicasOnEtcd runs two serve processes on one etcd
// (KLUBBA_STORE=etcd): a meeting started through one is seen through the
// other, only the leader posts, and when the leader is killed the other
// takes over delivery.
func TestServeReplicasOnEtcd(t *testing.T) {
	t.Parallel() // a process or a browser of its own: it waits more than it works
	if testing.Short() {
		t.Skip("starts etcd and two servers")
	}
	endpoint := startEtcd(t)
	var mu sync.Mutex
	var posted []string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		mu.Lock()
		posted = append(posted, r.URL.Path+" "+form.Get("text"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/auth.test") {
			fmt.Fprint(w, `{"ok":true,"team_id":"T1","user_id":"UBOT","bot_id":"B1"}`)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000100","user":{"id":"U1","profile":{"display_name":"Ann"}}}`, form.Get("channel"))
	}))
	defer fake.Close()
	countPosts := func(text string) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, p := range posted {
			if strings.HasPrefix(p, "/api/chat.postMessage") && strings.Contains(p, text) {
				n++
			}
		}
		return n
	}

	const secret = "e2e-signing-secret"
	type server struct {
		cmd  *exec.Cmd
		base string
		logs *lockedBuffer
	}
	var servers []*server
	for range 2 {
		addr := freeAddr(t)
		// Real processes: the test kills one with SIGKILL.
		cmd := command(t, []string{"KLUBBA_LISTEN=" + addr, "KLUBBA_SLACK_SIGNING_SECRET=" + secret,
			"KLUBBA_SLACK_BOT_TOKEN=xoxb-e2e", "KLUBBA_SLACK_API_URL=" + fake.URL + "/api/",
			"KLUBBA_STORE=etcd", "KLUBBA_ETCD_ENDPOINTS=" + endpoint, "KLUBBA_ETCD_PREFIX=e2e/", "KLUBBA_DB=/nonexistent/never.db"}, "serve")
		s := &server{cmd: cmd, base: "http://" + addr, logs: &lockedBuffer{}}
		cmd.Stderr = s.logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		servers = append(servers, s)
	}
	for _, s := range servers {
		var last string
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			code, body := get(s.base + "/readyz")
			if code == 200 {
				break
			}
			if last = body; time.Now().After(deadline) {
				t.Fatalf("/readyz: %d %s\n%s", code, last, s.logs.String())
			}
		}
	}
	send := func(s *server, text string) {
		t.Helper()
		form := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"}, "command": {"/klubba"}, "text": {text}}
		body := form.Encode()
		req, _ := http.NewRequest(http.MethodPost, s.base+"/slack/commands", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range slackbot.Sign(secret, []byte(body), time.Now()) {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", text, resp.StatusCode)
		}
	}
	send(servers[0], "start")
	bottest.WaitFor(t, func() bool { return countPosts("Meeting started") == 1 })
	// The other replica takes commands on the same meeting.
	send(servers[1], `agenda add "Budget"`)

	var leader, other *server
	bottest.WaitFor(t, func() bool {
		for i, s := range servers {
			if strings.Contains(s.logs.String(), "leading: running the scheduler and delivery") {
				leader, other = s, servers[1-i]
				return true
			}
		}
		return false
	})
	// Once the outbox is empty (the start's post marked delivered), a
	// kill must not bring a second post: a kill before that may, as
	// delivery is at least once (the fault test in store/etcd counts such
	// duplicates).
	bottest.WaitFor(t, func() bool {
		_, metrics := get(leader.base + "/metrics")
		return strings.Contains(metrics, "\nklubba_outbox_depth 0\n")
	})
	leader.cmd.Process.Signal(syscall.SIGKILL)
	leader.cmd.Wait()
	send(other, "end")
	bottest.WaitFor(t, func() bool { return countPosts("Meeting ended") >= 1 })
	time.Sleep(500 * time.Millisecond)
	if n := countPosts("Meeting started"); n != 1 {
		t.Errorf("the start was posted %d times, want once", n)
	}
	if !strings.Contains(other.logs.String(), "leading: running the scheduler and delivery") {
		t.Errorf("the surviving replica never led:\n%s", other.logs.String())
	}
}
