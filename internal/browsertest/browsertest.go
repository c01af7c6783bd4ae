// Package browsertest starts headless Chromium for the browser tests of
// the live board, the template editor and the Teams meeting tab.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Start starts headless Chromium with a window of width×height and
// returns a context for chromedp that ends after timeout or with the
// test. Chromium is Debian's chromium or another Chrome; where none is
// installed the test fails in CI (env CI set), which must run it, and is
// skipped elsewhere, saying what could not be tested (what).
func Start(t testing.TB, what string, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	exe := chromium(t, what)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium")), chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-device-scale-factor", "1"),
	)
	t.Cleanup(cancel)
	browser, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(browser); err != nil { // starts the browser, with no timeout (see chromedp.Run)
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(browser, timeout)
	t.Cleanup(cancel)
	return ctx
}

func chromium(t testing.TB, what string) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	how := "chromium is not installed (apt-get update && apt-get install -y chromium): " + what + " cannot run"
	if os.Getenv("CI") != "" {
		t.Fatal(how + ", and CI must run it")
	}
	t.Skip("SKIPPED: " + how)
	return ""
}
