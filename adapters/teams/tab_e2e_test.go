package teams_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's chromium (or another Chrome). In CI (env CI
// set) a missing browser fails the test; elsewhere it is skipped,
// saying why.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const how = "chromium is not installed (apt-get update && apt-get install -y chromium): the meeting tab's browser test cannot run"
	if os.Getenv("CI") != "" {
		t.Fatal(how + ", and CI must run it")
	}
	t.Skip("SKIPPED: " + how)
	return ""
}

// teamsStub stands in for the Teams JS SDK inside a meeting: the tab
// runs in the meeting's chat, and Teams gives it the signed-in person's
// SSO token.
const teamsStub = `window.microsoftTeams = {
  app: {
    initialize: async () => {},
    getContext: async () => ({ chat: { id: %q }, app: { locale: "en-us" }, page: { frameContext: "sidePanel" }, user: { id: "aad-ann" } }),
  },
  authentication: { getAuthToken: async () => %q },
};`

// TestTabInBrowser opens the meeting tab in headless Chromium, as Teams
// shows it in a meeting's side panel (with a stubbed Teams JS SDK and a
// signed SSO token), raises a hand and votes from it, and checks that
// the meeting has them.
func TestTabInBrowser(t *testing.T) {
	exe := chromium(t)
	r := newRig(t)
	r.send(inMeetingChat("m1", "bo", `start "Board, December"`), nil)
	r.send(inMeetingChat("m2", "bo", `poll "Lunch?" "Pizza" "Sushi"`), nil)
	token := r.fake.ssoToken(r.clock.Now(), "aad-ann", "Ann", nil)
	r.mux.HandleFunc("GET /stub/teams.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprintf(w, teamsStub, meetingChat, token)
	})
	srv := httptest.NewServer(r.mux)
	defer srv.Close()

	dir := t.TempDir()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(filepath.Join(dir, "chromium")), chromedp.WindowSize(400, 800),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true))
	defer cancel()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(browser, time.Minute)
	defer cancel()
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||""`, sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	shows := func(sel, want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(text(sel), want) {
			if time.Now().After(deadline) {
				t.Fatalf("%s shows %q, want %q; status %q, message %q", sel, text(sel), want, text("#status"), text("#message"))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/teams/tab")); err != nil {
		t.Fatal(err)
	}
	shows("#title", "Board, December")
	shows("#hand", "Raise hand")
	shows("#polls", "Lunch?")
	if err := chromedp.Do(ctx, chromedp.Click("#hand")); err != nil {
		t.Fatal(err)
	}
	shows("#queue", "Ann")
	shows("#message", "hand is up")
	b, err := r.bot.BoardOf(context.Background(), "teams:"+meetingChat)
	if err != nil || len(b.Queue) != 1 || b.Queue[0].Name != "Ann" {
		t.Fatalf("the meeting's queue after Raise hand in the tab: %+v, %v", b, err)
	}
	// Vote Sushi from the tab.
	if err := chromedp.Do(ctx, chromedp.Click(`#polls button.vote:nth-of-type(2)`)); err != nil {
		t.Fatal(err)
	}
	shows("#message", "Sushi")
	shows("#polls", "1 vote")
}
