package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/internal/browsertest"
)

// consoleBoard is `klubba console --board` driven through its stdin.
type consoleBoard struct {
	t     *testing.T
	stdin io.WriteCloser
	out   *lockedBuffer
}

// do types a command and waits until the console has answered it, so
// that the command is committed when do returns.
func (c *consoleBoard) do(line string) {
	c.t.Helper()
	before := len(c.out.String())
	if _, err := io.WriteString(c.stdin, line+"\n"); err != nil {
		c.t.Fatalf("type %q: %v", line, err)
	}
	bottest.WaitFor(c.t, func() bool { return len(c.out.String()) > before })
	time.Sleep(20 * time.Millisecond) // the rest of the answer
}

var boardURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/board/[A-Za-z0-9_-]{43}`)

// TestBoardInBrowser opens the live board in headless Chromium while a
// console meeting runs, and checks that the page shows each change
// within a second: the item and its countdown moving, the floor, the
// queue, a secret ballot's turnout (and nothing else) then its results,
// the closed list, Swedish, and the end of a revoked link. It saves a
// 1920×1080 screenshot (to $KLUBBA_ARTIFACTS when set) and checks that
// nothing overflows, there and on a phone.
func TestBoardInBrowser(t *testing.T) {
	t.Parallel() // a process or a browser of its own: it waits more than it works
	ctx := browsertest.Start(t, "the live board's browser test", 1920, 1080, 2*time.Minute)
	dir := t.TempDir()
	c := startConsoleBoard(t, dir)
	out := c.out
	c.do(`start board "Board, November"`)
	c.do("board")
	url := boardURL.FindString(out.String())
	if url == "" {
		t.Fatalf("no board link in the console's output:\n%s", out.String())
	}

	run := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("chromium: %v\nconsole:\n%s", err, out.String())
		}
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||""`, sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	// shows waits until the element's text holds want, at most a second
	// after the command was committed (docs/architecture.md, "Platforms and the live board").
	shows := func(sel, want string) {
		t.Helper()
		start := time.Now()
		for {
			got := text(sel)
			if strings.Contains(got, want) {
				t.Logf("%s shows %q after %v", sel, want, time.Since(start).Round(time.Millisecond))
				return
			}
			if time.Since(start) > time.Second {
				t.Fatalf("%s shows %q, want %q within 1s", sel, got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	run(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#title")))
	shows("#title", "Board, November")
	shows("#item", "Opening and agenda")
	shows("#status", "Live")
	first := text("#item-clock .clock")
	time.Sleep(1500 * time.Millisecond)
	if again := text("#item-clock .clock"); again == first || !regexp.MustCompile(`^\d+:\d\d$`).MatchString(again) {
		t.Errorf("the countdown read %q, then %q 1.5 s later: it should tick", first, again)
	}

	c.do("as ola")
	c.do("hand")
	shows("#queue", "ola")
	c.do("as li")
	c.do("hand")
	c.do("as chair")
	c.do("next")
	shows("#speaker", "ola")
	shows("#next", "li")
	c.do("as kim")
	c.do("order")
	shows("#queue", "point of order")
	shows("#next", "kim")

	c.do("as chair")
	c.do(`poll "Who chairs 2027?" "Ann" "Bo" --secret`)
	shows(".poll .question", "Who chairs 2027?")
	c.do("as ola")
	c.do("vote 1")
	c.do("as li")
	c.do("vote 1")
	c.do("as kim")
	c.do("vote 2")
	shows(".poll .turnout", "3 votes")
	if meters := count("meter"); meters != 0 {
		t.Errorf("an open secret ballot shows %d bars; it must show only turnout", meters)
	}
	c.do("as chair")
	c.do("poll close")
	shows(".poll .outcome", "Ann")
	shows(".poll .bars", "winner")
	if meters := count(".poll meter"); meters != 2 {
		t.Errorf("the results show %d bars, want 2", meters)
	}
	c.do("queue close")
	shows("#list-state", "closed")
	c.do(`poll yesno "A break for coffee?"`)
	shows(".poll .question", "A break for coffee?")

	// 1920×1080: a screenshot for CI's artifacts, and nothing overflows.
	run(chromedp.EmulateViewport(1920, 1080), chromedp.Sleep(100*time.Millisecond))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "board.png")
	if d := os.Getenv("KLUBBA_ARTIFACTS"); d != "" {
		os.MkdirAll(d, 0o755)
		shot = filepath.Join(d, "board-1920x1080.png")
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d KB)", shot, len(png)/1024)
	overflow := func(w, h int64, vertical bool) {
		t.Helper()
		run(chromedp.EmulateViewport(w, h), chromedp.Sleep(100*time.Millisecond))
		o, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ SW, SH, W, H int64 }](
			`({SW: document.documentElement.scrollWidth, SH: document.documentElement.scrollHeight, W: innerWidth, H: innerHeight})`))
		if err != nil {
			t.Fatal(err)
		}
		if o.SW > o.W || vertical && o.SH > o.H {
			t.Errorf("at %d×%d the page is %d×%d: it overflows", w, h, o.SW, o.SH)
		}
	}
	overflow(1920, 1080, true)
	overflow(390, 844, false) // a phone scrolls down, never sideways
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(filepath.Dir(shot), "board-390x844.png"), png, 0o644)
	}
	run(chromedp.EmulateViewport(1920, 1080))

	c.do("lang sv")
	shows("#h-floor", "Talar")
	shows("#list-state", "stängd")
	if lang, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "sv" {
		t.Errorf("<html lang=%q>, want sv", lang)
	}

	c.do("board reset")
	shows("#status", "avstängd")
	if resp, err := http.Get(url); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("the revoked link: %v %v, want 404", resp.Status, err)
	}
	newURL := boardURL.FindAllString(out.String(), -1)
	run(chromedp.Navigate(newURL[len(newURL)-1]), chromedp.WaitVisible(chromedp.CSS("#title")))
	shows("#speaker", "ola")
}

// TestServeBoard: klubba serve mounts the live board: its assets, a 404
// with the board's headers for a token it does not know, a stream for a
// link the board command gave (under KLUBBA_PUBLIC_URL); and stopping,
// as SIGTERM does, does not wait for open streams.
func TestServeBoard(t *testing.T) {
	db, addr := filepath.Join(t.TempDir(), "k.db"), freeAddr(t)
	r := runKlubba(t, []string{"KLUBBA_PUBLIC_URL=http://" + addr}, strings.NewReader("chair> start board \"Served\"\nchair> board\n"),
		"console", "--db", db, "--config", "config.example.yaml", "--script", "/dev/stdin")
	link := regexp.MustCompile(`http://` + regexp.QuoteMeta(addr) + `/board/[A-Za-z0-9_-]{43}`).FindString(r.stdout)
	if r.code != 0 || link == "" {
		t.Fatalf("no board link under KLUBBA_PUBLIC_URL:\n%s%s", r.stdout, r.stderr)
	}
	srv := start(t, []string{"KLUBBA_LISTEN=" + addr}, "serve", "--db", db)
	base := "http://" + addr
	bottest.WaitFor(t, func() bool { code, _ := get(base + "/readyz"); return code == 200 })
	if code, body := get(base + "/board/board.js"); code != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("/board/board.js = %d", code)
	}
	for _, path := range []string{"/board/" + strings.Repeat("x", 43), "/board/" + strings.Repeat("x", 43) + "/events", "/board/nope"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("GET %s = %d (Referrer-Policy %q), want 404 with the board's headers", path, resp.StatusCode, resp.Header.Get("Referrer-Policy"))
		}
	}
	if code, body := get(link); code != 200 || !strings.Contains(body, "Served") {
		t.Errorf("GET the board = %d", code)
	}
	resp, err := http.Get(link + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the board's stream: %d %v", resp.StatusCode, err)
	}
	start := time.Now()
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve stopped with a board open: exit status %d\n%s", code, srv.logs.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutting down with a board open took %v: the stream held it up", d)
	}
}
