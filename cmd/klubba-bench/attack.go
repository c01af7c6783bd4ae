package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/store/typed"
)

// The scenarios of docs/security.md.

// raiseFileLimit lifts the soft limit on open files to the hard one:
// the attackers' and Klubba's ends of thousands of connections share
// this process.
func raiseFileLimit() uint64 {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	return lim.Cur
}

// benchConnections holds idle unauthenticated connections (they connect
// and send nothing, or a byte of headers now and then) and stalled 1 MB
// bodies (headers with a fresh timestamp and a well-formed but forged
// signature, then all of the body but its last byte) open against
// Klubba, reconnecting whenever Klubba closes them, while a signed
// command is sent every 100 ms. It reports the commands' latency and
// this process's resident memory, attackers included.
func benchConnections(idle, stalled int) error {
	limit := raiseFileLimit()
	k, child, err := startBinary()
	if err != nil {
		return err
	}
	defer k.stop()
	if _, err := k.command("U0", "start"); err != nil {
		return err
	}
	addr := strings.TrimPrefix(k.url, "http://")
	ctx, cancel := context.WithCancel(context.Background())
	var attackers sync.WaitGroup
	var open, reconnects atomic.Int64
	body := make([]byte, 1<<20)
	for i := range body {
		body[i] = 'a'
	}
	attack := func(stall bool, i int) {
		defer attackers.Done()
		buf := make([]byte, 512)
		for ctx.Err() == nil {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				time.Sleep(100 * time.Millisecond)
				continue
			}
			open.Add(1)
			closed := make(chan struct{})
			go func() {
				select {
				case <-ctx.Done():
					c.Close()
				case <-closed:
				}
			}()
			if stall {
				fmt.Fprintf(c, "POST /slack/interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
					"Content-Length: %d\r\nX-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: v0=%064d\r\n\r\n", len(body), time.Now().Unix(), i)
				c.Write(body[:len(body)-1]) // and never the last byte
			} else if i%2 == 0 {
				io.WriteString(c, "POST /slack/commands HTTP/1.1\r\n") // slowly-sending headers
			}
			for { // until Klubba closes it
				if _, err := c.Read(buf); err != nil {
					break
				}
			}
			close(closed)
			c.Close()
			open.Add(-1)
			reconnects.Add(1)
		}
	}
	for i := range idle {
		attackers.Add(1)
		go attack(false, i)
	}
	for i := range stalled {
		attackers.Add(1)
		go attack(true, i)
	}
	for deadline := time.Now().Add(20 * time.Second); open.Load() < int64(idle+stalled)*9/10 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	atStart := open.Load()
	var lat []time.Duration
	errs, maxOpen, peakRSS := 0, atStart, 0
	for i := range 150 { // 15 s: longer than every server timeout but the idle one
		time.Sleep(100 * time.Millisecond)
		d, err := k.command(fmt.Sprintf("U%d", 1+i%50), []string{"hand", "lower"}[i/50%2])
		if err != nil {
			errs++
		}
		lat = append(lat, d)
		maxOpen = max(maxOpen, open.Load())
		peakRSS = max(peakRSS, residentKB(child.Process.Pid))
	}
	hwm := peakKB(child.Process.Pid)
	cancel()
	attackers.Wait()
	slow := 0
	for _, d := range lat {
		if d > time.Second {
			slow++
		}
	}
	fmt.Printf("connections: %d idle and %d stalled 1 MB bodies held open against `klubba serve` (re-opened when closed; fd limit %d), a signed command every 100 ms for 15 s\n",
		idle, stalled, limit)
	fmt.Printf("connections open_at_start=%d open_max=%d reconnects=%d commands=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f over_1s=%d errors=%d rss_max_mb=%.1f rss_peak_mb=%.1f\n",
		atStart, maxOpen, reconnects.Load(), len(lat), percentile(lat, 50), percentile(lat, 99), percentile(lat, 100), slow, errs,
		float64(peakRSS)/1024, float64(hwm)/1024)
	return nil
}

// startBinary builds and starts `klubba serve` on a temporary file, with
// a fake Slack in this process: for measuring Klubba's own memory.
func startBinary() (*klubba, *exec.Cmd, error) {
	dir, err := os.MkdirTemp("", "klubba-bench")
	if err != nil {
		return nil, nil, err
	}
	bin := filepath.Join(dir, "klubba")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/klubba/klubba/cmd/klubba").CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("build klubba: %v\n%s", err, out)
	}
	fake := &fakeSlack{calls: map[string]int{}}
	api := httptest.NewServer(fake)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--db", filepath.Join(dir, "k.db"), "--listen", addr)
	cmd.Env = append(os.Environ(), "KLUBBA_SLACK_SIGNING_SECRET="+secret, "KLUBBA_SLACK_BOT_TOKEN=xoxb-bench",
		"KLUBBA_SLACK_API_URL="+api.URL+"/api/", "KLUBBA_LOG_LEVEL=error")
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	k := &klubba{dir: dir, slack: fake, url: "http://" + addr}
	k.stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
		api.Close()
		os.RemoveAll(dir)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get(k.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return k, cmd, nil
			}
		}
	}
	k.stop()
	return nil, nil, fmt.Errorf("klubba did not get ready in 30s")
}

// peakKB reads a process's peak resident set size from /proc.
func peakKB(pid int) int {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return -1
}

// benchFairness starts Klubba with a Slack whose channel CSLOW answers
// after 15 s, whose channel CFAIL answers 500, and with 5,000 messages
// waiting for channel CBACK; then it starts meetings in 20 healthy
// channels, one every 250 ms, and measures how long each healthy
// channel's "Meeting started" takes to reach Slack.
func benchFairness() error {
	k, err := start()
	if err != nil {
		return err
	}
	defer k.stop()
	var mu sync.Mutex
	posted := map[string]time.Time{}
	k.slack.channel = func(w http.ResponseWriter, method, channel string) bool {
		switch {
		case channel == "CSLOW":
			time.Sleep(15 * time.Second)
		case channel == "CFAIL":
			w.WriteHeader(http.StatusInternalServerError)
			return true
		case method == "chat.postMessage" && strings.HasPrefix(channel, "COK"):
			mu.Lock()
			if _, ok := posted[channel]; !ok {
				posted[channel] = time.Now()
			}
			mu.Unlock()
		}
		return false
	}
	for _, ch := range []string{"CSLOW", "CFAIL"} {
		for i := range 20 {
			if _, err := k.commandIn(ch, fmt.Sprintf("U%d", i), []string{"start", "hand", "status"}[min(i, 2)]); err != nil {
				return err
			}
		}
	}
	err = k.store.Update(context.Background(), func(tx *typed.Tx) error {
		for i := range 5000 {
			if err := tx.Enqueue(bot.Outgoing{Channel: "slack:T1/CBACK", Reply: chat.Reply{To: chat.Channel,
				Message: chat.Message{Text: fmt.Sprintf("backlog %d", i)}}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	time.Sleep(time.Second) // the slow and failing channels are under way
	sent := map[string]time.Time{}
	for i := range 20 {
		ch := fmt.Sprintf("COK%02d", i)
		sent[ch] = time.Now()
		if _, err := k.commandIn(ch, "U1", "start"); err != nil {
			return err
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(3 * time.Second)
	var delays []time.Duration
	missing := 0
	mu.Lock()
	for ch, at := range sent {
		if p, ok := posted[ch]; ok {
			delays = append(delays, p.Sub(at))
		} else {
			missing++
		}
	}
	mu.Unlock()
	backlogLeft, _ := k.store.Pending(context.Background(), "slack", 0, 10000)
	fmt.Println("fairness: CSLOW answers after 15 s, CFAIL answers 500, CBACK has 5,000 messages waiting; 20 healthy channels start a meeting each")
	fmt.Printf("fairness channels=%d delivered=%d missing=%d p50_ms=%.1f max_ms=%.1f pending_elsewhere=%d\n",
		len(sent), len(delays), missing, percentile(delays, 50), percentile(delays, 100), len(backlogLeft))
	return nil
}

// benchFlood alternates phases of signed commands in channel C1 at
// 50/s from 50 users: alone, and while one user in channel C2 sends
// notes as fast as 20 connections allow. It reports C1's latency in
// each, and how many notes were refused.
func benchFlood(notes int) error {
	k, err := start()
	if err != nil {
		return err
	}
	defer k.stop()
	if _, err := k.commandIn("C1", "U0", "start"); err != nil {
		return err
	}
	if _, err := k.commandIn("C2", "U0", "start"); err != nil {
		return err
	}
	var refused, accepted atomic.Int64
	flood := func() {
		var wg sync.WaitGroup
		var next atomic.Int64
		for range 20 {
			wg.Go(func() {
				for {
					i := next.Add(1)
					if i > int64(notes) {
						return
					}
					text := fmt.Sprintf(`note "%s %d"`, strings.Repeat("flood ", 300), i)
					ok, err := k.commandAnswer("C2", "UFLOOD", text)
					switch {
					case err != nil:
					case strings.Contains(ok, "faster than Klubba"):
						refused.Add(1)
					default:
						accepted.Add(1)
					}
				}
			})
		}
		wg.Wait()
	}
	phase := func(withFlood bool) []time.Duration {
		done := make(chan struct{})
		if withFlood {
			go func() { flood(); close(done) }()
		}
		var lat []time.Duration
		for i := range 250 { // 5 s at 50/s
			time.Sleep(20 * time.Millisecond)
			d, _ := k.commandIn("C1", fmt.Sprintf("U%d", 1+i%50), []string{"hand", "lower"}[i/50%2])
			lat = append(lat, d)
		}
		if withFlood {
			<-done
		}
		return lat
	}
	var quiet, flooded []time.Duration
	for range 2 {
		quiet = append(quiet, phase(false)...)
		flooded = append(flooded, phase(true)...)
	}
	entries := 0
	k.store.View(context.Background(), func(tx *typed.Tx) error {
		m, err := tx.Running("slack:T1/C2")
		if err == nil {
			entries = m.EntryCount
		}
		return nil
	})
	fmt.Printf("flood: one user sends %d notes of 1.8 KB at once, twice, in C2, while 50 users send commands at 50/s in C1\n", notes)
	fmt.Printf("flood notes=%d refused=%d accepted=%d stored=%d quiet_p50_ms=%.2f quiet_p99_ms=%.2f flooded_p50_ms=%.2f flooded_p99_ms=%.2f\n",
		2*notes, refused.Load(), accepted.Load(), entries, percentile(quiet, 50), percentile(quiet, 99), percentile(flooded, 50), percentile(flooded, 99))
	return nil
}

// commandAnswer sends a signed command and returns the answer's body.
func (k *klubba) commandAnswer(channel, user, text string) (string, error) {
	form := fmt.Sprintf("team_id=T1&channel_id=%s&user_id=%s&command=%%2Fklubba&trigger_id=%d&text=%s",
		channel, user, triggers.Add(1), url.QueryEscape(text))
	req, _ := http.NewRequest(http.MethodPost, k.url+"/slack/commands", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for h, v := range slack.Sign(secret, []byte(form), time.Now()) {
		req.Header[h] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
