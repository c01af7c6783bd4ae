package console_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplateImportFile: in the console a template is imported from a
// file; the checker's errors name the file's lines, nothing is stored
// until it checks, and the meeting then starts from it.
func TestTemplateImportFile(t *testing.T) {
	var out bytes.Buffer
	c := newConsole(t, &out)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	good := filepath.Join(dir, "good.yaml")
	good2 := filepath.Join(dir, "good2.yaml")
	os.WriteFile(good2, []byte("name: retro2\ntitle: Retro, shorter\nagenda:\n  - title: Glad\n    timebox: 5m\n"), 0o600)
	os.WriteFile(bad, []byte("name: retro2\ntitle: Retro\nagenda:\n  - title: Glad\n    timebox: 10\n  - title: Sad\n    timebox: later\n"), 0o600)
	os.WriteFile(good, []byte("name: retro2\ntitle: Retro, our way\nagenda:\n  - title: Glad\n    timebox: 10m\n  - title: Sad\n    timebox: 10m\n"), 0o600)
	script := strings.Join([]string{
		"template import " + bad,
		"template import " + filepath.Join(dir, "missing.yaml"),
		"start retro2",
		"template import " + good,
		"templates",
		"template history retro2",
		"start retro2",
		"template save retro3",
		"end",
		"as bo",
		"template revert retro2 1",
		"as chair",
		"template import " + good2,
		"template revert retro2 1",
		"mall historik retro2",
		"start retro3",
	}, "\n") + "\n"
	if err := c.Interactive(context.Background(), strings.NewReader(script)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, "== Meeting started: Retro, our way =="); n != 2 {
		t.Errorf("the meeting saved as retro3 started %d times from the template, want 2 (retro2, then retro3):\n%s", n, got)
	}
	for _, want := range []string{
		"The template has 2 problems, and nothing was saved:",
		"line 5, agenda[0].timebox: 10 has no unit; write 10m for minutes",
		"line 7, agenda[1].timebox: “later” is not a duration",
		"(only you) There is no file “" + filepath.Join(dir, "missing.yaml") + "”. Check its name and folder. Nothing was changed.",
		"There is no template “retro2”",
		"Imported the template “retro2” (version 1, the workspace's).",
		"retro2: Retro, our way, 2 items, 20m (the workspace's, v1)",
		"standup: Daily stand-up, 2 items, 15m (from the configuration)",
		"(from the configuration)",
		"v1 · 2026-11-27 18:00 UTC · chair · imported",
		"== Meeting started: Retro, our way ==",
		"Saved this meeting as the template “retro3” (version 1, the workspace's).",
		"bo> (only you) Only the owners of “retro2” (chair) and the facilitators can change it.",
		"Imported the template “retro2” (version 2, the workspace's).",
		"“retro2” is back to version 1, stored as version 3.",
		"v3 · 2026-11-27 18:00 UTC · chair · reverted to version 1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}
