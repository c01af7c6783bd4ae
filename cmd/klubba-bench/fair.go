package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
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
	"syscall"
	"time"

	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// The fair floor (docs/benchmarks.md): a minimal net/http server on the
// same loopback, driven by the same load generator, that verifies the
// Slack v0 signature, parses the form and writes one small record with
// bbolt (Batch for the storm and the channels, Update for single
// commands). For a click it also does what every correct Slack server
// must: it decodes the payload and posts the voter's confirmation to the
// response URL, with 16 workers, over the same TLS (HTTP/2) route to the
// fake Slack's https://hooks.slack.com as Klubba's ("confirming").
// The phases alternate floor, Klubba, floor, Klubba, floor, so that the
// noise of shared cores hits both alike. The load generator runs in a
// child process (this binary's "load" scenario), so that this process's
// CPU time is the server's alone: Klubba's with the fake Slack and the
// delivery that follows, or the floor's.

// startFloor serves the fair floor on a loopback port; with clicks > 0
// it confirms each click through its response URL, and its queue of
// confirmations holds that many, so that no click waits for room.
func startFloor(dir string, batch bool, clicks int) (*klubba, error) {
	f, err := bolt.OpenFloor(filepath.Join(dir, fmt.Sprintf("floor-%d.db", time.Now().UnixNano())))
	if err != nil {
		return nil, err
	}
	var n atomic.Int64
	var confirms chan string
	var confirmer *http.Client
	var workers sync.WaitGroup
	done := make(chan struct{})
	confirm := clicks > 0
	if confirm {
		// Sized by the phase's clicks, not beyond: a buffer made once
		// and never used raises the heap that the collector's pace
		// follows, and would spare the floor collections (a 2 MB one,
		// made for 131,072, spared it one in three in a 1,000-vote
		// storm, docs/benchmarks.md).
		confirms = make(chan string, clicks)
		t := http.DefaultTransport.(*http.Transport).Clone() // HTTP/2 through HTTPS_PROXY, as Klubba's
		t.MaxIdleConnsPerHost = floorConfirmWorkers
		confirmer = &http.Client{Transport: t, Timeout: 10 * time.Second}
		// One worker dials; the others start once it has the connection
		// they share, rather than each dial their own (as Klubba's answers).
		connected := make(chan struct{})
		var once sync.Once
		trace := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(httptrace.GotConnInfo) { once.Do(func() { close(connected) }) }})
		for i := range floorConfirmWorkers {
			workers.Go(func() {
				if i > 0 {
					select {
					case <-connected:
					case <-done:
						return
					}
				}
				for u := range confirms {
					req, _ := http.NewRequestWithContext(trace, http.MethodPost, u, strings.NewReader(floorConfirmation))
					req.Header.Set("Content-Type", "application/json")
					resp, err := confirmer.Do(req)
					if err != nil {
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		}
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		ts := r.Header.Get("X-Slack-Request-Timestamp")
		got, _ := hex.DecodeString(strings.TrimPrefix(r.Header.Get("X-Slack-Signature"), "v0="))
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte("v0:" + ts + ":"))
		mac.Write(body)
		if !hmac.Equal(got, mac.Sum(nil)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		var click floorClick
		if p := form.Get("payload"); p != "" && confirm {
			if err := json.Unmarshal([]byte(p), &click); err != nil || click.User.ID == "" || len(click.Actions) == 0 {
				http.Error(w, "bad payload", http.StatusBadRequest)
				return
			}
		}
		key := form.Get("trigger_id") + form.Get("user_id") + click.User.ID + strconv.FormatInt(n.Add(1), 10)
		if err := f.Put([]byte(key), batch); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if click.ResponseURL != "" {
			confirms <- click.ResponseURL
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Close()
		return nil, err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	stop := func() {
		srv.Close()
		close(done)
		if confirms != nil {
			close(confirms)
			workers.Wait()
			confirmer.CloseIdleConnections()
		}
		f.Close()
	}
	return &klubba{dir: dir, url: "http://" + ln.Addr().String(), respond: hooksURL, stop: stop}, nil
}

// floorConfirmWorkers is how many confirmations the floor posts at once.
const floorConfirmWorkers = 16

// floorConfirmation is the floor's answer to a click.
const floorConfirmation = `{"response_type":"ephemeral","replace_original":false,"text":"Your vote is recorded."}`

// floorClick is what the floor reads of a click's payload.
type floorClick struct {
	ResponseURL string `json:"response_url"`
	User        struct {
		ID string `json:"id"`
	} `json:"user"`
	Actions []struct {
		ActionID string `json:"action_id"`
		Value    string `json:"value"`
	} `json:"actions"`
}

// phaseProfile, if set (flag -phaseprofile), is where each phase writes
// its CPU profile, with the phase's number appended: FILE.1, FILE.2 for
// Klubba and the delivery that follows, FILE.floor.1… for the floor; and
// the allocations before and after it (FILE.1.allocs0, FILE.1.allocs).
var phaseProfile string

// profiled counts the profiled phases, Klubba's and the floor's.
var profiled = map[bool]int{}

// profilePhase starts a CPU profile of one phase, if asked; the function
// it returns stops it.
func profilePhase(isKlubba bool) func() {
	if phaseProfile == "" {
		return func() {}
	}
	profiled[isKlubba]++
	name := fmt.Sprintf("%s.%d", phaseProfile, profiled[isKlubba])
	if !isKlubba {
		name = fmt.Sprintf("%s.floor.%d", phaseProfile, profiled[isKlubba])
	}
	writeAllocs(name + ".allocs0") // before the CPU profile, which would show its collection
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "klubba-bench:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "klubba-bench:", err) // -cpuprofile is profiling the whole run
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close(); writeAllocs(name + ".allocs") }
}

// writeAllocs writes the allocations so far to a file: a phase's own
// are its .allocs with its .allocs0 as -diff_base.
func writeAllocs(name string) {
	runtime.GC() // the profile shows allocations as of the last collection
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "klubba-bench:", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, "klubba-bench:", err)
	}
}

// settle collects garbage twice before a phase, so that it starts as
// bare as the others: what sync.Pools hold (net/http's per-connection
// buffers, among others) lives through one collection, and a phase
// that followed the other side's closing of its connections would
// take up its buffers instead of allocating its own (8 KB for each
// new connection; the floor, which always came after Klubba, took
// them, and Klubba, after its 1.5 s of set-up, never could).
func settle() {
	runtime.GC()
	runtime.GC()
}

// cpuTime is this process's CPU time so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadResult is what the load generator reports.
type loadResult struct {
	sent, errors  int
	elapsed       time.Duration
	p50, p95, p99 float64
	// acks holds when each click was answered (its vote committed), by
	// the last part of its response_url, in unix ns.
	acks map[string]int64
}

// ackFile is where the load generator writes acks (flag -acks).
var ackFile string

// load runs the load generator in a child process against t.
func load(t *klubba, kind string, n int, within time.Duration, rate, channels int) (loadResult, error) {
	if os.Getenv(loadChildEnv) != "" {
		return loadResult{}, fmt.Errorf("a load generator starts no other")
	}
	acks, err := os.CreateTemp("", "klubba-bench-acks")
	if err != nil {
		return loadResult{}, err
	}
	acks.Close()
	defer os.Remove(acks.Name())
	cmd := exec.Command(os.Args[0], "load", "-url", t.url, "-kind", kind, "-n", strconv.Itoa(n),
		"-within", within.String(), "-rate", strconv.Itoa(rate), "-channels", strconv.Itoa(channels),
		"-respond", cmp.Or(t.respond, respondTo), "-acks", acks.Name())
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), loadChildEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		return loadResult{}, fmt.Errorf("load generator: %v", err)
	}
	var r loadResult
	if data, err := os.ReadFile(acks.Name()); err == nil {
		r.acks = map[string]int64{}
		for _, line := range strings.Split(string(data), "\n") {
			if id, at, ok := strings.Cut(line, " "); ok {
				r.acks[id], _ = strconv.ParseInt(at, 10, 64)
			}
		}
	}
	for _, f := range strings.Fields(string(bytes.TrimSpace(out))) {
		k, v, _ := strings.Cut(f, "=")
		x, _ := strconv.ParseFloat(v, 64)
		switch k {
		case "sent":
			r.sent = int(x)
		case "errors":
			r.errors = int(x)
		case "elapsed_ms":
			r.elapsed = time.Duration(x * float64(time.Millisecond))
		case "p50_ms":
			r.p50 = x
		case "p95_ms":
			r.p95 = x
		case "p99_ms":
			r.p99 = x
		}
	}
	return r, nil
}

// loadChildEnv is set in the load generator's environment: a child never
// starts children of its own (and a test binary knows to be the tool).
const loadChildEnv = "KLUBBA_BENCH_LOAD_CHILD"

// runLoad is the child's side: it sends the requests and prints one line.
//   - click: n votes on poll 1 in channel C1 by distinct voters, each sent
//     at a random moment within within;
//   - command: n slash commands (hand, lower by 50 people) at rate per second;
//   - channels: n slash commands in each of channels channels at once,
//     each channel's one after another.
func runLoad(target, kind string, n int, within time.Duration, rate, channels int) error {
	if os.Getenv(loadChildEnv) == "" {
		return fmt.Errorf("load is run by the other scenarios")
	}
	k := &klubba{url: target}
	triggers.Store(1_000_000)
	var (
		mu   sync.Mutex
		lat  []time.Duration
		acks []string // "c<click> <unix ns answered>"
		errs atomic.Int64
		wg   sync.WaitGroup
	)
	note := func(d time.Duration, err error) {
		if err != nil {
			errs.Add(1)
		}
		mu.Lock()
		lat = append(lat, d)
		mu.Unlock()
	}
	begin := time.Now()
	switch kind {
	case "click":
		ready := make(chan struct{})
		for i := range n {
			delay := time.Duration(0)
			if within > 0 {
				delay = time.Duration(int64(i) * int64(within) / int64(n))
			}
			wg.Go(func() {
				<-ready
				time.Sleep(delay)
				id, d, err := k.clickID(fmt.Sprintf("V%05d", i), "poll.vote#0", "1:"+strconv.Itoa(1+i%2))
				if err == nil {
					mu.Lock()
					acks = append(acks, fmt.Sprintf("c%d %d\n", id, time.Now().UnixNano()))
					mu.Unlock()
				}
				note(d, err)
			})
		}
		begin = time.Now()
		close(ready)
	case "command":
		tick := time.NewTicker(time.Second / time.Duration(rate))
		for i := range n {
			<-tick.C
			wg.Go(func() {
				text := "hand"
				if i/50%2 == 1 {
					text = "lower"
				}
				note(k.command(fmt.Sprintf("U%d", 1+i%50), text))
			})
		}
		tick.Stop()
	case "channels":
		for c := range channels {
			wg.Go(func() {
				for i := range n {
					text := "hand"
					if i/25%2 == 1 {
						text = "lower"
					}
					note(k.commandIn(fmt.Sprintf("C%03d", c), fmt.Sprintf("U%d-%d", c, i%25), text))
				}
			})
		}
	default:
		return fmt.Errorf("unknown load %q", kind)
	}
	wg.Wait()
	elapsed := time.Since(begin)
	if ackFile != "" {
		if err := os.WriteFile(ackFile, []byte(strings.Join(acks, "")), 0o600); err != nil {
			return err
		}
	}
	fmt.Printf("sent=%d errors=%d elapsed_ms=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n", len(lat), errs.Load(),
		float64(elapsed.Microseconds())/1000, percentile(lat, 50), percentile(lat, 95), percentile(lat, 99))
	return nil
}

// memDelta measures bytes allocated and GC cycles over a phase.
type memDelta struct{ alloc, gcs uint64 }

func memNow() memDelta {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memDelta{ms.TotalAlloc, uint64(ms.NumGC)}
}

func (m memDelta) since(before memDelta) memDelta {
	return memDelta{m.alloc - before.alloc, m.gcs - before.gcs}
}

// waitDelivered waits up to limit for Klubba's outbox to empty.
func (k *klubba) waitDelivered(limit time.Duration) {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n, _ := k.store.OutboxDepth(context.Background()); n == 0 {
			return
		}
	}
}

// phases are the alternation: floor, Klubba, floor, Klubba, floor (with
// -rounds N, N Klubba phases, each between two of the floor's).
var phases = alternation(2)

// alternation returns rounds Klubba phases, each between floor phases.
func alternation(rounds int) []bool {
	ps := []bool{false}
	for range max(1, rounds) {
		ps = append(ps, true, false)
	}
	return ps
}

// roundRatios is each Klubba phase's rate over the mean of the floor
// phases on either side of it: the rounds' own ratios, whose spread
// says how far a run's ratio can be trusted.
func roundRatios(k, floor []float64) []float64 {
	out := make([]float64, 0, len(k))
	for i, r := range k {
		if i+1 < len(floor) {
			out = append(out, r/((floor[i]+floor[i+1])/2))
		}
	}
	return out
}

// stdErr is the standard error of the mean of xs.
func stdErr(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m, ss := mean(xs), 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(1, len(xs)))
}

func spread(xs []float64, format string) string {
	if len(xs) == 0 {
		return "-"
	}
	return fmt.Sprintf(format+"–"+format, slices.Min(xs), slices.Max(xs))
}

func benchCommand(rate int, duration time.Duration) error {
	dir, err := os.MkdirTemp("", "klubba-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	n := int(float64(rate) * duration.Seconds())
	var floorP50, kP50, kP95, kP99, floorCPU, kCPU, kKB, kGC []float64
	errors := 0
	for _, isKlubba := range phases {
		var t *klubba
		if isKlubba {
			if t, err = start(); err != nil {
				return err
			}
			if _, err := t.command("U0", "start"); err != nil {
				return err
			}
			t.waitDelivered(5 * time.Second)
		} else if t, err = startFloor(dir, false, 0); err != nil {
			return err
		}
		settle()
		stopProfile := profilePhase(isKlubba)
		cpu0, m0 := cpuTime(), memNow()
		r, err := load(t, "command", n, 0, rate, 0)
		if err != nil {
			return err
		}
		if isKlubba {
			t.waitDelivered(10 * time.Second)
		}
		cpu, m := cpuTime()-cpu0, memNow().since(m0)
		stopProfile()
		t.stop()
		errors += r.errors
		perOp := float64(cpu.Microseconds()) / float64(n)
		if isKlubba {
			kP50, kP95, kP99, kCPU = append(kP50, r.p50), append(kP95, r.p95), append(kP99, r.p99), append(kCPU, perOp)
			kKB, kGC = append(kKB, float64(m.alloc)/1024/float64(n)), append(kGC, float64(m.gcs))
			fmt.Printf("  klubba p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f cpu_us_per_op=%.0f kb_per_op=%.1f gcs=%d errors=%d\n", r.p50, r.p95, r.p99, perOp, float64(m.alloc)/1024/float64(n), m.gcs, r.errors)
		} else {
			floorP50, floorCPU = append(floorP50, r.p50), append(floorCPU, perOp)
			fmt.Printf("  floor  p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f cpu_us_per_op=%.0f kb_per_op=%.1f errors=%d\n", r.p50, r.p95, r.p99, perOp, float64(m.alloc)/1024/float64(n), r.errors)
		}
	}
	raw, err := bolt.UpdateLatencies(filepath.Join(dir, "raw.db"), min(n, 1000), time.Second/time.Duration(rate))
	if err != nil {
		return err
	}
	fmt.Printf("command: %d signed slash commands at %d/s per phase, phases floor/Klubba alternated (Klubba p50 %s ms, floor %s ms); raw bbolt Update p50 %.2f ms for context\n",
		n, rate, spread(kP50, "%.2f"), spread(floorP50, "%.2f"), percentile(raw, 50))
	fmt.Printf("command requests=%d rate=%d/s p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d fair_p50_ms=%.2f fair_p50_ratio=%.2f cpu_ratio=%.2f kb_per_op=%.1f gcs=%.0f\n",
		n, rate, mean(kP50), mean(kP95), mean(kP99), errors, mean(floorP50), mean(kP50)/mean(floorP50), mean(kCPU)/mean(floorCPU), mean(kKB), mean(kGC))
	return nil
}

// strictSlack makes the fake Slack pace as Slack does at its strictest:
// one message posted or edited per second per channel, and one private
// message (chat.postEphemeral) per second per channel besides; a call
// sooner gets 429 with Retry-After: 1. The fake keeps the moments of its
// posts (remoteSlack.postedAfter).
func strictSlack(f *fakeSlack) {
	var mu sync.Mutex
	last := map[string]time.Time{}
	f.channel = func(w http.ResponseWriter, method, channel string) bool {
		class := "room"
		switch method {
		case "chat.postEphemeral":
			class = "private"
		case "chat.postMessage", "chat.update":
		default:
			return false
		}
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		k := class + " " + channel
		if t, ok := last[k]; ok && now.Sub(t) < time.Second {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
			return true
		}
		last[k] = now
		if method == "chat.postMessage" {
			f.mu.Lock()
			f.posts = append(f.posts, now)
			f.mu.Unlock()
		}
		return false
	}
}

// stormKlubba starts Klubba with a meeting and a posted poll, against
// the fake Slack in its own process: strict, or not.
func stormKlubba(strict bool) (*klubba, error) {
	if err := remote.reset(strict); err != nil {
		return nil, err
	}
	k, err := start()
	if err != nil {
		return nil, err
	}
	if _, err := k.command("U0", "start"); err != nil {
		return nil, err
	}
	if _, err := k.command("U0", `poll "Storm?" "Yes" "No"`); err != nil {
		return nil, err
	}
	time.Sleep(1500 * time.Millisecond) // the poll is posted, so votes edit it
	k.waitDelivered(5 * time.Second)
	return k, nil
}

// benchStorm measures a storm of clicks on one poll against the
// confirming fair floor, phases alternated, with the fake Slack in its
// own process at a round trip of rtt. A phase ends, and its CPU time is
// read, when every voter's confirmation has reached the fake (and, for
// Klubba, its outbox is empty). A confirmation is timed from its vote
// (the click's answer, once the vote is committed) to its arrival at the
// fake: confirm_p99_ms; confirm_last_ms is the last arrival after the
// last vote; click_to_confirm_p99_ms counts from the click's sending.
func benchStorm(voters int, within time.Duration) error {
	if remote == nil {
		return fmt.Errorf("storm needs the fake Slack in its own process")
	}
	dir, err := os.MkdirTemp("", "klubba-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var floorRate, kRate, floorCPU, kCPU, kP99, kKB, kGC, results, kConfirm, kLast, floorConfirm []float64
	durable, updates, errors, fallbacks, unconfirmed := voters, 0, 0, 0, 0
	confirmWait := 60*time.Second + time.Duration(voters)*10*time.Millisecond
	for _, isKlubba := range phases {
		var t *klubba
		if isKlubba {
			if t, err = stormKlubba(false); err != nil {
				return err
			}
		} else {
			if err := remote.reset(false); err != nil {
				return err
			}
			if t, err = startFloor(dir, true, voters); err != nil {
				return err
			}
		}
		if err := remote.reset(false); err != nil { // the phase's calls alone
			return err
		}
		settle()
		stopProfile := profilePhase(isKlubba)
		cpu0, m0 := cpuTime(), memNow()
		r, err := load(t, "click", voters, within, 0, 0)
		if err != nil {
			return err
		}
		errors += r.errors
		rate := float64(r.sent) / r.elapsed.Seconds()
		if isKlubba {
			t.waitDelivered(30 * time.Second) // the poll's edits, and any confirmation that fell back to the outbox
		}
		st, err := remote.stats(voters, confirmWait)
		if err != nil {
			return err
		}
		cpu, m := cpuTime()-cpu0, memNow().since(m0)
		stopProfile()
		perVote := float64(cpu.Microseconds()) / float64(voters)
		unconfirmed += max(0, voters-st.confirmed())
		confirmP99, confirmLast := st.sinceVote(r.acks)
		if !isKlubba {
			t.stop()
			floorRate, floorCPU, floorConfirm = append(floorRate, rate), append(floorCPU, perVote), append(floorConfirm, confirmP99)
			fmt.Printf("  floor  rate=%.0f/s p99_ms=%.1f cpu_us_per_vote=%.0f kb_per_vote=%.1f gcs=%d confirmations=%d confirm_p99_ms=%.0f confirm_last_ms=%.0f click_to_confirm_p99_ms=%.0f tls_conns=%v tls_dials=%d\n",
				rate, r.p99, perVote, float64(m.alloc)/1024/float64(voters), m.gcs, st.confirmed(), confirmP99, confirmLast, st.ConfirmP99, st.Conns, st.Dials)
			continue
		}
		t.store.View(context.Background(), func(tx *typed.Tx) error {
			if p, err := tx.Poll(1); err == nil {
				durable = min(durable, p.Turnout())
			}
			return nil
		})
		t.stop()
		eph := st.Calls["chat.postEphemeral"]
		fallbacks += eph
		updates = max(updates, st.Calls["chat.update"])
		kRate, kCPU, kP99, kConfirm = append(kRate, rate), append(kCPU, perVote), append(kP99, r.p99), append(kConfirm, confirmP99)
		kLast = append(kLast, confirmLast)
		kKB, kGC = append(kKB, float64(m.alloc)/1024/float64(voters)), append(kGC, float64(m.gcs))
		fmt.Printf("  klubba rate=%.0f/s p99_ms=%.1f cpu_us_per_vote=%.0f kb_per_vote=%.1f gcs=%d updates=%d confirmations=%d (response_url %d, fallen back to chat.postEphemeral %d) confirm_p99_ms=%.0f confirm_last_ms=%.0f click_to_confirm_p99_ms=%.0f tls_conns=%v tls_dials=%d\n",
			rate, r.p99, perVote, float64(m.alloc)/1024/float64(voters), m.gcs, st.Calls["chat.update"],
			st.confirmed(), st.Calls["response_url"], eph, confirmP99, confirmLast, st.ConfirmP99, st.Conns, st.Dials)

		// Results reach the room: the same storm under a strict Slack, then
		// the chair closes the poll.
		k, err := stormKlubba(true)
		if err != nil {
			return err
		}
		if _, err := load(k, "click", voters, within, 0, 0); err != nil {
			return err
		}
		closed := time.Now()
		if _, err := k.command("U0", "poll close"); err != nil {
			return err
		}
		at, ok := remote.postedAfter(closed, 60*time.Second)
		ms := 60000.0
		if ok {
			ms = float64(at.Sub(closed).Microseconds()) / 1000
		}
		pending, _ := k.store.OutboxDepth(context.Background())
		remote.stats(voters, confirmWait) // the last confirmations, before the next phase
		k.stop()
		results = append(results, ms)
		fmt.Printf("  klubba results_ms=%.0f (strict Slack: 1 write/s/channel; %d messages still waiting in the outbox)\n", ms, pending)
	}
	upd, batch, err := bolt.WriteFloor(filepath.Join(dir, "raw.db"), voters, min(voters, 256))
	if err != nil {
		return err
	}
	ratios := roundRatios(kRate, floorRate)
	fmt.Printf("storm: %d voters clicking within %s through /slack/interactions, phases floor/Klubba alternated (Klubba %s/s, confirming fair floor %s/s; each round's ratio to the floor phases beside it %s, their mean %.2f ± %.2f, its standard error; confirmations p99 Klubba %s ms, floor %s ms; round trip to Slack %s, %d confirmations missing); raw bbolt for context: Update %.0f/s, Batch %.0f/s\n",
		voters, within, spread(kRate, "%.0f"), spread(floorRate, "%.0f"), spread(ratios, "%.2f"), mean(ratios), stdErr(ratios),
		spread(kConfirm, "%.0f"), spread(floorConfirm, "%.0f"), remoteRTT, unconfirmed, upd, batch)
	fmt.Printf("storm votes=%d durable=%d p99_ms=%.1f rate=%.0f/s fair_floor=%.0f/s fair_ratio=%.2f cpu_ratio=%.2f updates=%d results_ms=%.0f kb_per_vote=%.1f gcs=%.0f errors=%d floor=confirming confirm_p99_ms=%.0f confirm_last_ms=%.0f fallbacks=%d rtt_ms=%.0f fair_ratio_se=%.2f\n",
		voters, durable, slices.Max(kP99), mean(kRate), mean(floorRate), mean(kRate)/mean(floorRate), mean(kCPU)/mean(floorCPU),
		updates, slices.Max(results), mean(kKB), mean(kGC), errors, slices.Max(kConfirm), slices.Max(kLast), fallbacks, float64(remoteRTT.Microseconds())/1000, stdErr(ratios))
	return nil
}

// benchChannels sends commands in many channels at once, each channel's
// one after another, against the fair Batch floor.
func benchChannels(channels, per int) error {
	dir, err := os.MkdirTemp("", "klubba-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var floorRate, kRate, kP50, kP99 []float64
	errors := 0
	for _, isKlubba := range phases {
		var t *klubba
		if isKlubba {
			if t, err = start(); err != nil {
				return err
			}
			for c := range channels {
				// Each by its own chair: one user's starts would meet the rate limit.
				if _, err := t.commandIn(fmt.Sprintf("C%03d", c), fmt.Sprintf("U%d-chair", c), "start"); err != nil {
					return err
				}
			}
		} else if t, err = startFloor(dir, true, 0); err != nil {
			return err
		}
		settle()
		stopProfile := profilePhase(isKlubba)
		r, err := load(t, "channels", per, 0, 0, channels)
		stopProfile()
		if err != nil {
			return err
		}
		t.stop()
		errors += r.errors
		rate := float64(r.sent) / r.elapsed.Seconds()
		who := "floor "
		if isKlubba {
			who = "klubba"
			kRate, kP50, kP99 = append(kRate, rate), append(kP50, r.p50), append(kP99, r.p99)
		} else {
			floorRate = append(floorRate, rate)
		}
		fmt.Printf("  %s rate=%.0f/s p50_ms=%.1f p99_ms=%.1f errors=%d\n", who, rate, r.p50, r.p99, r.errors)
	}
	fmt.Printf("channels: %d channels at once, %d commands each, one after another; phases floor/Klubba alternated (Klubba %s/s, fair Batch floor %s/s)\n",
		channels, per, spread(kRate, "%.0f"), spread(floorRate, "%.0f"))
	fmt.Printf("channels channels=%d requests=%d rate=%.0f/s p50_ms=%.1f p99_ms=%.1f fair_floor=%.0f/s fair_ratio=%.2f errors=%d\n",
		channels, channels*per, mean(kRate), mean(kP50), mean(kP99), mean(floorRate), mean(kRate)/mean(floorRate), errors)
	return nil
}
