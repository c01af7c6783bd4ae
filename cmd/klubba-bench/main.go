// Command klubba-bench measures Klubba against the targets of docs/benchmarks.md,
// through the real signed Slack endpoints, with a fake Slack Web API that
// counts calls, on a temporary bbolt file:
//
//	go run ./cmd/klubba-bench command  [-rate 200] [-duration 10s] [-rtt 0]
//	go run ./cmd/klubba-bench storm    [-voters 1000] [-within 0] [-rtt 0] [-rounds 5]
//	go run ./cmd/klubba-bench channels [-channels 200] [-per 20] [-rtt 0]
//	go run ./cmd/klubba-bench etcd     [-voters 1000] [-within 1s] [-etcd 127.0.0.1:2379 (default: one in the process)]
//	go run ./cmd/klubba-bench meetings [-count 10000]
//	go run ./cmd/klubba-bench connections [-idle 2000] [-stalled 1000]
//	go run ./cmd/klubba-bench fairness
//	go run ./cmd/klubba-bench flood    [-notes 1000]
//
// command, storm and channels measure against the fair floor (fair.go),
// with the fake Slack in its own process behind TLS (remote.go);
// with -phaseprofile FILE they write a CPU profile of each Klubba phase
// (FILE.1, FILE.2), and of each floor phase (FILE.floor.1…).
// Each scenario ends with one machine-readable line.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/httpguard"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/etcd"
	"github.com/klubba/klubba/store/etcd/etcdlocal"
	"github.com/klubba/klubba/store/typed"
)

const secret = "bench-signing-secret"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: klubba-bench command|storm|channels|etcd|meetings|connections|fairness|flood [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	rate := fs.Int("rate", 200, "command: requests per second")
	duration := fs.Duration("duration", 10*time.Second, "command: how long each phase")
	voters := fs.Int("voters", 1000, "storm: distinct voters")
	within := fs.Duration("within", 0, "storm: the clicks spread over this long (0: all at once)")
	channels := fs.Int("channels", 200, "channels: channels at once; load: channels")
	per := fs.Int("per", 20, "channels: commands per channel")
	etcdEndpoints := fs.String("etcd", "", "etcd: etcd's client addresses, comma-separated (default: a one-member etcd started in this process)")
	target := fs.String("url", "", "load: the server")
	kind := fs.String("kind", "", "load: click, command or channels")
	n := fs.Int("n", 0, "load: requests (per channel for channels)")
	count := fs.Int("count", 10000, "meetings: how many to store")
	idle := fs.Int("idle", 2000, "connections: idle or slowly-sending unauthenticated connections")
	stalled := fs.Int("stalled", 1000, "connections: stalled 1 MB bodies")
	notes := fs.Int("notes", 1000, "flood: notes sent by one user")
	rtt := fs.Duration("rtt", 0, "command, storm, channels: the round trip to the fake Slack, in its own process")
	certs := fs.String("certs", "", "slack: the folder of the fake Slack's certificate")
	rounds := fs.Int("rounds", 0, "command, storm, channels: Klubba's phases, each between two of the floor's (default 5 for storm, 2 for the others)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	fs.StringVar(&phaseProfile, "phaseprofile", "", "command, storm, channels: write a CPU profile of each Klubba phase to this file with .1, .2 appended")
	fs.StringVar(&respondTo, "respond", "", "load: the response_url that clicks carry")
	fs.StringVar(&ackFile, "acks", "", "load: write each click's number and the moment it was answered to this file")
	fs.Parse(os.Args[2:])
	if *rounds == 0 {
		// A storm's phase lasts a fifth of a second, and one garbage
		// collection more or less moves its figures by a tenth: five
		// rounds make its mean steadier than two.
		*rounds = 2
		if os.Args[1] == "storm" {
			*rounds = 5
		}
	}
	phases = alternation(*rounds)
	if phaseProfile != "" {
		runtime.MemProfileRate = 64 << 10 // finer than the default, light enough not to show in the CPU profile
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "klubba-bench:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var err error
	switch os.Args[1] {
	case "command", "storm", "channels": // against the fair floor, with the fake Slack in its own process
		if remote, err = startRemoteSlack(*rtt); err != nil {
			fmt.Fprintln(os.Stderr, "klubba-bench:", err)
			os.Exit(1)
		}
		defer remote.stop()
	}
	switch os.Args[1] {
	case "slack": // the fake Slack, run by the others as a child process
		err = runRemoteSlack(*rtt, *certs)
	case "command":
		err = benchCommand(*rate, *duration)
	case "storm":
		err = benchStorm(*voters, *within)
	case "channels":
		err = benchChannels(*channels, *per)
	case "etcd":
		err = benchEtcdStorm(*voters, max(*within, time.Millisecond), *etcdEndpoints)
	case "load": // the load generator, run by the others as a child process
		err = runLoad(*target, *kind, *n, *within, *rate, *channels)
	case "meetings":
		err = benchMeetings(*count)
	case "connections":
		err = benchConnections(*idle, *stalled)
	case "fairness":
		err = benchFairness()
	case "flood":
		err = benchFlood(*notes)
	default:
		err = fmt.Errorf("unknown scenario %q: use command, storm, channels, etcd, meetings, connections, fairness or flood", os.Args[1])
	}
	if err != nil {
		pprof.StopCPUProfile()
		if remote != nil {
			remote.stop()
		}
		fmt.Fprintln(os.Stderr, "klubba-bench:", err)
		os.Exit(1)
	}
}

// fakeSlack answers the Web API and counts calls by method.
type fakeSlack struct {
	mu    sync.Mutex
	calls map[string]int
	posts []time.Time // chat.postMessage, under strictSlack
	ts    atomic.Int64
	// channel, if set, sees each call's method and channel first, and
	// may answer it instead (a slow or failing channel).
	channel func(w http.ResponseWriter, method, channel string) (answered bool)
}

// ServeHTTP answers every Web API method with ok and counts it, and
// counts the posts to response URLs (/actions/…) as "response_url".
func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if strings.HasPrefix(r.URL.Path, "/actions/") {
		f.mu.Lock()
		f.calls["response_url"]++
		f.mu.Unlock()
		io.WriteString(w, "ok") // as hooks.slack.com answers
		return
	}
	if f.channel != nil {
		form, _ := url.ParseQuery(string(body))
		if f.channel(w, method, form.Get("channel")) {
			return
		}
	}
	f.mu.Lock()
	f.calls[method]++
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if method == "auth.test" { // its user is the bot's name, a string
		io.WriteString(w, authTestAnswer)
		return
	}
	fmt.Fprintf(w, `{"ok":true,"channel":"C1","ts":"1700000000.%06d","user":{"id":"U1","profile":{"display_name":"Member"}}}`, f.ts.Add(1))
}

// authTestAnswer is auth.test's answer as Slack gives it: user is the
// bot's name, not an object as in users.info.
const authTestAnswer = `{"ok":true,"url":"https://bench.slack.com/","team":"Bench","user":"klubba","team_id":"T1","user_id":"UBOT","bot_id":"BBOT"}`

func (f *fakeSlack) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// klubba is Klubba in this process: store, bot, Slack front end and its
// delivery worker, serving HTTP on a loopback port.
type klubba struct {
	dir   string
	store *typed.Store
	// slack is the fake Slack in this process, unless the scenario runs
	// one in its own (remote).
	slack  *fakeSlack
	remote *remoteSlack
	url    string
	// respond is the response_url base that clicks carry: the fake
	// Slack's for Klubba (see respondTo).
	respond string
	stop    func()
}

// respondTo is the load generator's response_url base (flag -respond).
var respondTo = "http://127.0.0.1:1"

func start() (*klubba, error) { return startOn("bolt", nil) }

// startOn starts Klubba on a fresh bbolt file, or under a fresh prefix of
// the etcd at endpoints.
func startOn(kind string, endpoints []string) (*klubba, error) {
	dir, err := os.MkdirTemp("", "klubba-bench")
	if err != nil {
		return nil, err
	}
	k := &klubba{dir: dir, slack: &fakeSlack{calls: map[string]int{}}, remote: remote}
	// With the fake Slack in its own process, Klubba reaches it as it
	// reaches Slack (remote.go); else the fake serves on a loopback port.
	apiURL, respond, allow, closeAPI := "https://slack.com/api/", hooksURL, (func(string) bool)(nil), func() {}
	if remote == nil {
		api := httptest.NewServer(k.slack)
		apiURL, respond, closeAPI = api.URL+"/api/", api.URL, api.Close
		allow = func(u string) bool { return strings.HasPrefix(u, api.URL+"/") }
	}
	var backend store.Backend
	if kind == "etcd" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		backend, err = etcd.Open(ctx, etcd.Options{Endpoints: endpoints, Prefix: fmt.Sprintf("klubba-bench/%d/", time.Now().UnixNano())})
	} else {
		backend, err = bolt.Open(filepath.Join(dir, "bench.db"))
	}
	if err != nil {
		return nil, err
	}
	k.store = typed.New(backend)
	log := slog.New(slog.DiscardHandler)
	b, err := bot.New(k.store, bot.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	app, err := slack.New(slack.Config{Mode: "http", SigningSecret: secret, BotToken: "xoxb-bench", APIURL: apiURL,
		Bot: b, Store: k.store, Clock: bot.SystemClock{}, Logger: log, AllowResponseURL: allow})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	app.Register(mux)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := httpguard.NewServer(mux, log)
	ctx, cancel := context.WithCancel(context.Background())
	go srv.Serve(ln)
	ran := make(chan struct{})
	go func() { app.Run(ctx); close(ran) }()
	k.url = "http://" + ln.Addr().String()
	k.respond = respond
	k.stop = func() {
		// Nothing of this Klubba may live on into the next phase, the
		// floor's: its goroutines and heap would change the floor's
		// collections.
		cancel()
		srv.Close()
		<-ran
		closeAPI()
		k.store.Close()
		os.RemoveAll(dir)
	}
	return k, nil
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2000, MaxConnsPerHost: 2000}, Timeout: 30 * time.Second}

// post sends a body signed as Slack signs it and returns the latency.
func (k *klubba) post(path, body string) (time.Duration, error) {
	req, _ := http.NewRequest(http.MethodPost, k.url+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for h, v := range slack.Sign(secret, []byte(body), time.Now()) {
		req.Header[h] = v
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if resp.StatusCode != http.StatusOK {
		return d, fmt.Errorf("%s: %s", path, resp.Status)
	}
	return d, nil
}

func (k *klubba) command(user, text string) (time.Duration, error) {
	return k.commandIn("C1", user, text)
}

// triggers numbers trigger IDs: Slack sends a unique one with every
// command, so no two requests are the same (a replay is handled once).
var triggers atomic.Int64

func (k *klubba) commandIn(channel, user, text string) (time.Duration, error) {
	form := url.Values{"team_id": {"T1"}, "channel_id": {channel}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/klubba"}, "text": {text}, "trigger_id": {strconv.FormatInt(triggers.Add(1), 10)}}
	return k.post("/slack/commands", form.Encode())
}

func (k *klubba) click(user, actionID, value string) (time.Duration, error) {
	_, d, err := k.clickID(user, actionID, value)
	return d, err
}

// clickID sends a click and returns its number too, which ends its
// response_url: /actions/T1/<unix ns it was sent>/c<number>.
func (k *klubba) clickID(user, actionID, value string) (int64, time.Duration, error) {
	id := triggers.Add(1)
	payload := fmt.Sprintf(`{"type":"block_actions","user":{"id":%q,"name":%q,"team_id":"T1"},"team":{"id":"T1"},`+
		`"channel":{"id":"C1"},"container":{"type":"message","channel_id":"C1","message_ts":"1700000000.000002"},`+
		`"trigger_id":"%d","response_url":"%s/actions/T1/%d/c%d",`+
		`"actions":[{"action_id":%q,"block_id":"b1","value":%q,"type":"button","action_ts":"1700000001.0"}]}`,
		user, strings.ToLower(user), id, cmp.Or(k.respond, respondTo), time.Now().UnixNano(), id, actionID, value)
	d, err := k.post("/slack/interactions", url.Values{"payload": {payload}}.Encode())
	return id, d, err
}

// percentile returns the p-th percentile of ds in milliseconds.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, int(p/100*float64(len(s))))
	return float64(s[i].Microseconds()) / 1000
}

// benchMeetings stores meetings, then starts the real klubba binary on
// the file and measures the time to ready and its resident memory.
// benchEtcdStorm runs a storm (not against the fair floor) on bbolt, then
// on etcd, and compares their rates: on the etcd at endpoints, or on a
// one-member etcd started in this process (fsync on) when there are none.
func benchEtcdStorm(voters int, within time.Duration, endpoints string) error {
	boltRate, _, err := stormOn(voters, within, "bolt", nil)
	if err != nil {
		return err
	}
	if endpoints == "" {
		dir, err := os.MkdirTemp("", "klubba-bench-etcd")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		ep, stop, err := etcdlocal.Start(dir)
		if err != nil {
			return err
		}
		defer stop()
		endpoints = ep
	}
	etcdRate, p99, err := stormOn(voters, within, "etcd", strings.Split(endpoints, ","))
	if err != nil {
		return err
	}
	fmt.Printf("etcd votes=%d rate=%.0f bolt_rate=%.0f ratio=%.2f p99_ms=%.1f\n", voters, etcdRate, boltRate, etcdRate/boltRate, p99)
	return nil
}

// stormOn is one storm of voters clicking within a duration on a store:
// its rate and the 99th percentile of the votes' latencies.
func stormOn(voters int, within time.Duration, kind string, endpoints []string) (rate, p99 float64, err error) {
	k, err := startOn(kind, endpoints)
	if err != nil {
		return 0, 0, err
	}
	defer k.stop()
	if _, err := k.command("U0", "start"); err != nil {
		return 0, 0, err
	}
	if _, err := k.command("U0", `poll "Storm?" "Yes" "No"`); err != nil {
		return 0, 0, err
	}
	time.Sleep(1500 * time.Millisecond) // the poll is posted, so votes edit it
	lat := make([]time.Duration, voters)
	var errs atomic.Int64
	var wg sync.WaitGroup
	begin := time.Now()
	var last atomic.Int64
	for i := range voters {
		delay := time.Duration(rand.Int64N(int64(within)))
		wg.Go(func() {
			time.Sleep(delay)
			d, err := k.click(fmt.Sprintf("V%05d", i), "poll.vote#0", "1:"+strconv.Itoa(1+i%2))
			if err != nil {
				errs.Add(1)
			}
			lat[i] = d
			for {
				end := time.Since(begin).Nanoseconds()
				if old := last.Load(); end <= old || last.CompareAndSwap(old, end) {
					break
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Duration(last.Load())
	durable := 0
	k.store.View(context.Background(), func(tx *typed.Tx) error {
		if p, err := tx.Poll(1); err == nil {
			durable = p.Turnout()
		}
		return nil
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if n, _ := k.store.OutboxDepth(context.Background()); n == 0 {
			break
		}
	}
	updates := k.slack.count("chat.update")
	rate = float64(voters) / elapsed.Seconds()
	upd, batch, err := bolt.WriteFloor(filepath.Join(k.dir, "floor.db"), voters, min(voters, 256))
	if err != nil {
		return 0, 0, err
	}
	floor := max(upd, batch)
	fmt.Printf("storm: %d voters clicking within %s through /slack/interactions on %s; floor = raw bbolt, %d writes (Update %.0f/s, Batch %.0f/s)\n",
		voters, within, kind, voters, upd, batch)
	fmt.Printf("storm store=%s votes=%d durable=%d p50_ms=%.1f p99_ms=%.1f rate=%.0f/s floor=%.0f/s ratio=%.2f updates=%d errors=%d\n",
		kind, voters, durable, percentile(lat, 50), percentile(lat, 99), rate, floor, rate/floor, updates, errs.Load())
	return rate, percentile(lat, 99), nil
}

// benchMeetings stores meetings, then starts the real klubba binary on
// the file and measures the time to ready and its resident memory.
func benchMeetings(count int) error {
	dir, err := os.MkdirTemp("", "klubba-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "meetings.db")
	s, err := bolt.Open(db)
	if err != nil {
		return err
	}
	tpl := facilitation.Template{Agenda: []facilitation.TemplateItem{{Title: "One", Timebox: 10 * time.Minute}, {Title: "Two"}},
		Rules: []string{"Be kind"}}
	now := time.Now()
	for i := 0; i < count; i += 500 {
		err := typed.New(s).Update(context.Background(), func(tx *typed.Tx) error {
			for j := i; j < min(count, i+500); j++ {
				m := facilitation.New(strconv.Itoa(j+1), fmt.Sprintf("slack:T1/C%05d", j), "Meeting", "U1", tpl, now)
				m.Queue().Ask("U2", facilitation.Speak, now)
				e, err := m.Record(&facilitation.Minutes{}, facilitation.Entry{Kind: facilitation.Decision, Text: "Decided", By: "U1", At: now})
				if err != nil {
					return err
				}
				if err := tx.PutMeeting(m); err != nil {
					return err
				}
				if err := tx.AddEntry(m.ID, e); err != nil {
					return err
				}
				if err := tx.SeePerson(m.ID, bot.Person{ID: "U1", Name: "Chair"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.Close()
	bin := filepath.Join(dir, "klubba")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/klubba/klubba/cmd/klubba").CombinedOutput(); err != nil {
		return fmt.Errorf("build klubba: %v\n%s", err, out)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--db", db, "--listen", addr)
	cmd.Env = os.Environ()
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var ready time.Duration
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				ready = time.Since(begin)
				break
			}
		}
	}
	if ready == 0 {
		return fmt.Errorf("klubba did not get ready in 30s")
	}
	// A command, so that a meeting is really loaded, then the memory.
	http.Get("http://" + addr + "/metrics")
	rss := residentKB(cmd.Process.Pid)
	info, _ := os.Stat(db)
	fmt.Printf("meetings: %d meetings stored (%.1f MB file); klubba serve started on it\n", count, float64(info.Size())/1e6)
	fmt.Printf("meetings count=%d ready_ms=%.0f rss_mb=%.1f\n", count, float64(ready.Microseconds())/1000, float64(rss)/1024)
	return nil
}

// residentKB reads a process's resident set size from /proc.
func residentKB(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return -1
}
