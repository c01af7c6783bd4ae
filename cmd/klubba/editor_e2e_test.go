package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// axeSource is axe-core (from the npm registry), which the browser tests
// inject to audit the pages' accessibility: from $AXE_CORE_JS, or
// node_modules as .ci/run installs it (the tests run at the repository's
// root, and without KLUBBA_ variables: see TestMain). In CI a missing axe fails the
// test; elsewhere the audit is skipped, saying why.
func axeSource(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("AXE_CORE_JS"), ".ci/npm/node_modules/axe-core/axe.min.js", "node_modules/axe-core/axe.min.js"} {
		if p == "" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			return string(data)
		}
	}
	const how = "axe-core is not installed (npm install --prefix .ci/npm axe-core, or set AXE_CORE_JS): the accessibility audit cannot run"
	if os.Getenv("CI") != "" {
		t.Fatal(how + ", and CI must run it")
	}
	t.Log("SKIPPED: " + how)
	return ""
}

// browser starts headless Chromium for a test of the editor.
func browser(t *testing.T) context.Context {
	return browsertest.Start(t, "the template editor's browser test", 1280, 900, 2*time.Minute)
}

// audit runs axe-core on the page and fails the test for each serious
// or critical violation, naming the rule and the elements.
func audit(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	if axe == "" {
		return
	}
	vs := violations(t, ctx, axe, page)
	for _, v := range vs {
		t.Errorf("axe on the %s: %s", page, v)
	}
	t.Logf("axe-core audited the %s: %d serious or critical violations", page, len(vs))
}

// violations are axe-core's serious and critical findings on the page.
func violations(t *testing.T, ctx context.Context, axe, page string) []string {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
		r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => n.target.join(' '))}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run on the %s: %v", page, err)
	}
	var vs []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(js), &vs); err != nil {
		t.Fatalf("axe's answer %q: %v", js, err)
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
	}
	return out
}

// startConsoleBoard runs `klubba console --board` for a browser test.
func startConsoleBoard(t *testing.T, dir string) *consoleBoard {
	t.Helper()
	addr := freeAddr(t)
	stdinR, stdin := io.Pipe()
	out := &lockedBuffer{}
	m := &Main{Args: []string{"console", "--db", filepath.Join(dir, "k.db"), "--config", "config.example.yaml", "--board", addr},
		Env: Env{Stdin: stdinR, Stdout: out, Stderr: out, Getenv: environ(nil)}}
	done := make(chan int, 1)
	go func() { done <- m.Run(context.Background()) }()
	t.Cleanup(func() {
		stdin.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			m.Close()
		}
	})
	bottest.WaitFor(t, func() bool { return strings.Contains(out.String(), "Live board on") })
	return &consoleBoard{t: t, stdin: stdin, out: out}
}

var editorURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/template/edit/[A-Za-z0-9_.-]+`)

// TestTemplateEditorInBrowser: the link `template edit` gives opens the
// editor in headless Chromium; a bad timebox typed in the form is shown
// beside its field after saving, with the focusable summary linking to
// it; the fixed form saves version 2, which the next meeting uses; the
// YAML part saves too; and axe-core finds no serious or critical
// accessibility problem on the page, its error state included.
func TestTemplateEditorInBrowser(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	axe := axeSource(t)
	ctx := browser(t)
	c := startConsoleBoard(t, dir)
	file := filepath.Join(dir, "weekly.yaml")
	os.WriteFile(file, []byte("name: weekly\ntitle: Weekly\nrules: [Be kind]\nagenda:\n  - title: Check-in\n    timebox: 5m\n"), 0o600)
	c.do("template import " + file)
	c.do("template edit weekly")
	link := editorURL.FindString(c.out.String())
	if link == "" {
		t.Fatalf("no editor link in the console's output:\n%s", c.out.String())
	}
	run := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("chromium: %v\nconsole:\n%s", err, c.out.String())
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||""`, sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	attr := func(sel, name string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{getAttribute:()=>""}).getAttribute(%q)||""`, sel, name)))
		if err != nil {
			t.Fatalf("read %s[%s]: %v", sel, name, err)
		}
		return s
	}

	run(chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#agenda-0-title")))
	if got := text("h1"); got != "Edit the template weekly" {
		t.Errorf("h1 = %q", got)
	}
	audit(t, ctx, axe, "editor")

	// A mistake: typed in the form, shown beside its field.
	run(chromedp.SetValue(chromedp.CSS("#agenda-0-timebox"), "soon"),
		chromedp.SetValue(chromedp.CSS("#agenda-1-title"), "Roadmap"),
		chromedp.SetValue(chromedp.CSS("#agenda-1-timebox"), "20m"),
		chromedp.Click(chromedp.CSS("#save-form")),
		chromedp.WaitVisible(chromedp.CSS("#problems")))
	if got := text("#problems"); !strings.Contains(got, "Timebox of item 1") || !strings.Contains(got, "“soon” is not a duration") {
		t.Errorf("the problems = %q", got)
	}
	if attr("#agenda-0-timebox", "aria-invalid") != "true" || !strings.Contains(text("#agenda-0-timebox-error"), "not a duration") {
		t.Error("the bad timebox is not marked beside its field")
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#agenda-1-title').value`)); v != "Roadmap" {
		t.Errorf("what was typed was lost: row 2 reads %q", v)
	}
	audit(t, ctx, axe, "editor with errors")

	run(chromedp.SetValue(chromedp.CSS("#agenda-0-timebox"), "10m"),
		chromedp.SetValue(chromedp.CSS("#agenda-1-majority"), "2/3"),
		chromedp.Click(chromedp.CSS("#save-form")),
		chromedp.WaitVisible(chromedp.CSS(".saved")))
	if got := text(".saved"); !strings.Contains(got, "Saved as version 2.") {
		t.Errorf("after saving: %q", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#yaml').value`)); !strings.Contains(v, "title: Roadmap") || !strings.Contains(v, "timebox: 10m") || !strings.Contains(v, "majority: 2/3") {
		t.Errorf("the saved YAML = %q", v)
	}

	// The YAML part: a bad key is named by line.
	run(chromedp.SetValue(chromedp.CSS("#yaml"), "name: weekly\ntitle: Weekly\nagendas: []\n"),
		chromedp.Click(chromedp.CSS("#save-yaml")),
		chromedp.WaitVisible(chromedp.CSS("#yaml-error")))
	if got := text("#yaml-error"); !strings.Contains(got, "Line 3, agendas: unknown key") {
		t.Errorf("the YAML's problem = %q", got)
	}
	audit(t, ctx, axe, "editor with a YAML error")

	c.do("as bo")
	c.do("start weekly")
	if !strings.Contains(c.out.String(), "Roadmap (20m)") {
		t.Errorf("the meeting did not start from version 2:\n%s", c.out.String())
	}
	c.do("template history weekly")
	if !strings.Contains(c.out.String(), "v2 · ") || strings.Contains(c.out.String(), "v3 · ") {
		t.Errorf("history:\n%s", c.out.String())
	}
}

// TestBoardAccessible: axe-core finds no serious or critical problem on
// the live board, and the board announces through its aria-live regions
// who has the floor and a poll's results when they change.
func TestBoardAccessible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	axe := axeSource(t)
	ctx := browser(t)
	c := startConsoleBoard(t, dir)
	c.do(`start board "Board, November"`)
	c.do("board")
	url := boardURL.FindString(c.out.String())
	if url == "" {
		t.Fatalf("no board link:\n%s", c.out.String())
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#title"))); err != nil {
		t.Fatal(err)
	}
	live := func(sel, want string) {
		t.Helper()
		start := time.Now()
		for {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).textContent`, sel)))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(got, want) {
				return
			}
			if time.Since(start) > 2*time.Second {
				t.Fatalf("%s announces %q, want %q", sel, got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	for _, sel := range []string{"#announce-floor", "#announce-results"} {
		if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-live')`, sel))); v == "" {
			t.Errorf("%s is not an aria-live region", sel)
		}
	}
	c.do("as ola")
	c.do("hand")
	c.do("as chair")
	c.do("next")
	live("#announce-floor", "ola")
	c.do(`poll yesno "Coffee?"`)
	c.do("as ola")
	c.do("vote 1")
	c.do("as chair")
	c.do("poll close")
	live("#announce-results", "Yes wins")
	c.do(`round "One word?" 1m`) // its card too: whose turn, who is done
	c.do("round next")
	live(".grid", "Go-around: One word?")
	audit(t, ctx, axe, "board")
}

// TestAuditFindsProblems: the audit itself fails a page with a form field
// without a label and an image without a text alternative, so that its
// silence on the board and the editor means something.
func TestAuditFindsProblems(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	if axe == "" {
		t.Skip("SKIPPED: no axe-core")
	}
	ctx := browser(t)
	page := `data:text/html,<!doctype html><html lang="en"><title>x</title><main><input type="text"><img src="data:,"></main></html>`
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	vs := violations(t, ctx, axe, "bad page")
	if len(vs) < 2 {
		t.Errorf("axe-core found %v on an unlabelled field and an image without alt, want both", vs)
	}
}
