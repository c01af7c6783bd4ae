package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/adapters/web"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// The storm benchmark: 500 boards (event streams) watch one meeting while
// 1,000 voters vote at once. The streams run in a child process (this
// test binary, as TestSwarm), so that the server's memory is measured
// alone. Run it with:
//
//	go test -run '^$' -bench BoardStorm -benchtime 1x ./adapters/web/
//
// It reports the update latency, from each vote's commit to each board
// receiving a frame that counts it (p50, p99, max, over every board and
// every vote), the renders made, and the server's memory per stream.

const (
	swarmClients = 500
	stormVoters  = 1000
)

var turnoutRE = regexp.MustCompile(`id="turnout-\d+"><span aria-hidden="true">☑</span> (\d+)`)

// TestSwarm is the child process: it opens KLUBBA_SWARM_N streams on
// KLUBBA_SWARM_URL, says "ready" once all have their first frame, and on
// EOF of stdin prints, per stream, the turnout of each frame and when it
// came (Unix ns).
func TestSwarm(t *testing.T) {
	url := os.Getenv("KLUBBA_SWARM_URL")
	if url == "" {
		t.Skip("the storm benchmark's child process")
	}
	n, _ := strconv.Atoi(os.Getenv("KLUBBA_SWARM_N"))
	tr := &http.Transport{MaxIdleConnsPerHost: n}
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithCancel(context.Background())
	type seen struct{ Turnout, At int64 }
	got := make([][]seen, n)
	var ready, done sync.WaitGroup
	ready.Add(n)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			first := true
			defer func() {
				if first {
					ready.Done()
				}
			}()
			req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
			resp, err := client.Do(req)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				line := sc.Text()
				if m := turnoutRE.FindStringSubmatch(line); m != nil {
					v, _ := strconv.ParseInt(m[1], 10, 64)
					got[i] = append(got[i], seen{v, time.Now().UnixNano()})
					if first {
						first = false
						ready.Done()
					}
				}
			}
		}()
	}
	ready.Wait()
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n') // EOF or a line: the storm is over
	cancel()
	done.Wait()
	json.NewEncoder(os.Stdout).Encode(got)
}

func rssKB() int64 {
	data, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kb
		}
	}
	return 0
}

func heapStack() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

func BenchmarkBoardStorm(b *testing.B) {
	for range b.N {
		stormOnce(b)
	}
}

func stormOnce(b *testing.B) {
	st, err := typed.Open(bolt.Open(filepath.Join(b.TempDir(), "k.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var srv *web.Server
	var renders int64
	var mu sync.Mutex
	bt, err := bot.New(st, bot.Options{Changed: func(id string) { srv.Changed(id) }})
	if err != nil {
		b.Fatal(err)
	}
	boards := countingBoards{bt, &mu, &renders}
	srv, err = web.New(web.Options{Boards: boards, Rate: -1})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	srv.Register(mux)
	hs := httptest.NewServer(mux)
	defer hs.Close()
	ctx := context.Background()
	do := func(user, text string) bot.Response {
		resp, err := bt.Handle(ctx, bot.Request{Channel: "bench:c1", User: user, UserName: user, Text: text})
		if err != nil || resp.Refused {
			b.Fatalf("%s: %v %+v", text, err, resp)
		}
		return resp
	}
	do("chair", `start "Storm"`)
	link := do("chair", "board").Replies[0].Message.Text
	token := regexp.MustCompile(`/board/([A-Za-z0-9_-]{43})`).FindStringSubmatch(link)[1]
	do("chair", `poll "Budget 2027?" "Yes" "No" "Later" --anonymous`)

	base := heapStack()
	rss0 := rssKB()
	child := exec.Command(os.Args[0], "-test.run=^TestSwarm$", "-test.bench=^$")
	child.Env = append(os.Environ(), "KLUBBA_SWARM_URL="+hs.URL+"/board/"+token+"/events", "KLUBBA_SWARM_N="+strconv.Itoa(swarmClients))
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	defer child.Process.Kill()
	out := bufio.NewReader(stdout)
	if line, err := out.ReadString('\n'); err != nil || strings.TrimSpace(line) != "ready" {
		b.Fatalf("swarm: %q %v", line, err)
	}
	if n := srv.Streams(); n != swarmClients {
		b.Fatalf("%d streams open, want %d", n, swarmClients)
	}
	connected := heapStack()
	rss1 := rssKB()
	mu.Lock()
	renders = 0
	mu.Unlock()

	// The storm: 1,000 voters at once, 100 at a time in flight.
	commits := make([]int64, 0, stormVoters)
	var cmu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 100)
	start := time.Now()
	for i := range stormVoters {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			do(fmt.Sprintf("v%04d", i), "vote "+strconv.Itoa(1+i%3))
			at := time.Now().UnixNano()
			cmu.Lock()
			commits = append(commits, at)
			cmu.Unlock()
		}()
	}
	wg.Wait()
	storm := time.Since(start)
	peakRSS := rssKB()
	time.Sleep(time.Second) // the last frame reaches everyone
	stdin.Close()
	var got [][]struct{ Turnout, At int64 }
	if err := json.NewDecoder(out).Decode(&got); err != nil {
		b.Fatal(err)
	}
	child.Wait()

	// The k-th commit made the turnout k: a board is up to date on vote k
	// at the first frame with turnout >= k.
	slices.Sort(commits)
	var lat []time.Duration
	missed := 0
	for _, frames := range got {
		j := 0
		for k := 1; k <= stormVoters; k++ {
			for j < len(frames) && frames[j].Turnout < int64(k) {
				j++
			}
			if j == len(frames) {
				missed++
				continue
			}
			lat = append(lat, time.Duration(frames[j].At-commits[k-1]))
		}
	}
	if missed > 0 {
		b.Errorf("%d (board, vote) pairs never shown", missed)
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	mu.Lock()
	r := renders
	mu.Unlock()
	perClient := float64(connected-base) / swarmClients / 1024
	b.ReportMetric(q(0.5), "p50_ms")
	b.ReportMetric(q(0.99), "p99_ms")
	b.ReportMetric(float64(lat[len(lat)-1])/1e6, "max_ms")
	b.ReportMetric(float64(r), "renders")
	b.ReportMetric(perClient, "KB/stream")
	b.ReportMetric(float64(rss1-rss0)/1024, "rss_MB_500streams")
	b.ReportMetric(float64(peakRSS)/1024, "rss_MB_peak")
	b.Logf("storm of %d votes in %v with %d streams: %d renders; latency p50 %.0f ms p99 %.0f ms max %.0f ms; "+
		"heap+stacks %.1f KB per stream; RSS %.1f MB before streams, %.1f MB with %d, %.1f MB at the storm's end",
		stormVoters, storm.Round(time.Millisecond), swarmClients, r, q(0.5), q(0.99), float64(lat[len(lat)-1])/1e6,
		perClient, float64(rss0)/1024, float64(rss1)/1024, swarmClients, float64(peakRSS)/1024)
}

// countingBoards counts the renders (board loads) a storm costs.
type countingBoards struct {
	*bot.Bot
	mu *sync.Mutex
	n  *int64
}

func (c countingBoards) Board(ctx context.Context, token string) (*render.Board, error) {
	c.mu.Lock()
	*c.n++
	c.mu.Unlock()
	return c.Bot.Board(ctx, token)
}
