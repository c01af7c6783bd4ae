// Package deploy holds what runs Klubba outside a developer's machine:
// the Slack app manifests, the systemd unit and, at the repository's
// root, the Dockerfile. Its tests check them where no Docker engine runs.
package deploy

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfile checks the image's recipe: a static binary built as
// the Dockerfile builds it (run here, so that a cgo dependency, which
// would leave the distroless/static image unable to start the binary,
// fails the test), a non-root user, and the database on a volume.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	var stages []string
	for _, line := range strings.Split(df, "\n") {
		if strings.HasPrefix(line, "FROM ") {
			stages = append(stages, line)
		}
	}
	if len(stages) != 2 || !strings.Contains(stages[1], "distroless/static") {
		t.Errorf("stages = %q, want a build stage and distroless/static", stages)
	}
	for _, want := range []string{"USER 65532:65532", `VOLUME ["/data"]`, "KLUBBA_DB=/data/klubba.db", `ENTRYPOINT ["/usr/local/bin/klubba"]`, `CMD ["serve"]`} {
		if !strings.Contains(df, want) {
			t.Errorf("the Dockerfile lacks %s", want)
		}
	}
	build := regexp.MustCompile(`RUN (CGO_ENABLED=0 go build [^\\\n]*)`).FindStringSubmatch(df)
	if build == nil {
		t.Fatal("no CGO_ENABLED=0 go build in the Dockerfile")
	}
	if testing.Short() {
		t.Skip("the build itself is skipped in -short")
	}
	out := filepath.Join(t.TempDir(), "klubba")
	args := shellWords(strings.Replace(build[1], "/out/klubba", out, 1))
	cmd := exec.Command("go", args[2:]...) // after CGO_ENABLED=0 go
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", build[1], err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary is dynamically linked (%v): distroless/static cannot run it", p.Type)
		}
	}
	if v, err := exec.Command(out, "--help").CombinedOutput(); err != nil || !strings.Contains(string(v), "serve") {
		t.Errorf("the built binary's --help: %v\n%s", err, v)
	}
}

// shellWords splits a command line as a shell would, for the Dockerfile's
// simple lines: words apart by spaces, double quotes grouping.
func shellWords(s string) []string {
	var words []string
	var word strings.Builder
	quoted, inWord := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
			}
			inWord = false
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

// TestSystemdUnit checks the unit with systemd-analyze where it is
// installed, and its essentials everywhere.
func TestSystemdUnit(t *testing.T) {
	data, err := os.ReadFile("klubba.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(data)
	for _, want := range []string{"ExecStart=/usr/local/bin/klubba serve", "StateDirectory=klubba", "KLUBBA_DB=/var/lib/klubba/klubba.db",
		"DynamicUser=yes", "Restart=on-failure", "EnvironmentFile=-/etc/klubba/klubba.env", "WantedBy=multi-user.target"} {
		if !strings.Contains(unit, want) {
			t.Errorf("klubba.service lacks %s", want)
		}
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("no systemd-analyze")
	}
	// verify wants the ExecStart binary to exist: point it at one that does.
	tmp := filepath.Join(t.TempDir(), "klubba.service")
	os.WriteFile(tmp, []byte(strings.ReplaceAll(unit, "/usr/local/bin/klubba", "/bin/true")), 0o644)
	if out, err := exec.Command(analyze, "verify", tmp).CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
