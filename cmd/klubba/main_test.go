package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// The end-to-end tests run the whole program in process: a Main with
// its arguments, streams and environment, from the repository root. The
// built binary is kept for what needs a real process (SIGKILL, SIGTERM,
// another process holding the file, a damaged file that could crash
// it); it is built on first use, with -race when the tests run with it.

// root is the repository root, where the tests run klubba.
var root string

func TestMain(m *testing.M) {
	// The program reads its environment through Env; the process's own
	// KLUBBA_ settings, if any, must not leak in through kong's env tags.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "KLUBBA_") {
			os.Unsetenv(k)
		}
	}
	wd, err := os.Getwd()
	if err == nil {
		root = filepath.Join(wd, "..", "..")
		err = os.Chdir(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is the klubba binary, built once by binary.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

// binary returns the path of the klubba binary, building it on first use
// (with -race when this test binary has it).
func binary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "klubba-e2e"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "klubba")
		args := []string{"build", "-o", built.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, "./cmd/klubba")...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build klubba: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// command is the klubba binary ready to run args from the repository
// root, with env added to a clean environment.
func command(t testing.TB, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = root
	cmd.Env = append(cleanEnv(), env...)
	return cmd
}

type result struct {
	stdout, stderr string
	code           int
}

// environ is a Getenv over KEY=VALUE pairs.
func environ(env []string) func(string) string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

// runKlubba runs klubba in process, from the repository root, with env as
// its whole environment, until it ends.
func runKlubba(t *testing.T, env []string, stdin io.Reader, args ...string) result {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb lockedBuffer
	m := &Main{Args: args, Env: Env{Stdin: stdin, Stdout: &out, Stderr: &errb, Getenv: environ(env)}}
	code := m.Run(context.Background())
	return result{out.String(), errb.String(), code}
}

// running is a Main started in the background, as a server is.
type running struct {
	*Main
	logs *lockedBuffer
	code chan int
}

// start runs klubba in process in the background; Close stops it as
// SIGTERM would, and wait returns its exit status.
func start(t *testing.T, env []string, args ...string) *running {
	t.Helper()
	r := &running{logs: &lockedBuffer{}, code: make(chan int, 1)}
	r.Main = &Main{Args: args, Env: Env{Stdin: strings.NewReader(""), Stdout: r.logs, Stderr: r.logs, Getenv: environ(env)}}
	go func() { r.code <- r.Run(context.Background()) }()
	t.Cleanup(func() { r.Close() })
	return r
}

// stop stops the program as SIGTERM would and returns its exit status.
func (r *running) stop(t *testing.T) int {
	t.Helper()
	r.Close()
	select {
	case code := <-r.code:
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("klubba did not stop within 10s")
		return -1
	}
}

// cleanEnv is the environment without any KLUBBA_ settings of the caller.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KLUBBA_") {
			env = append(env, kv)
		}
	}
	return env
}

func want(t *testing.T, r result, code int, substrings ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	all := r.stdout + r.stderr
	for _, s := range substrings {
		if !strings.Contains(all, s) {
			t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", s, r.stdout, r.stderr)
		}
	}
}

// TestNothingCreated: reading commands never create a database that
// isn't there, and say what to do instead.
func TestNothingCreated(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	want(t, runKlubba(t, nil, nil, "minutes", "--db", missing), 1, "there is no database at "+missing)
	want(t, runKlubba(t, nil, nil, "backup", filepath.Join(dir, "bk.db"), "--db", missing), 1, "there is no database at "+missing)
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files were created: %v", entries)
	}
}

func TestHelp(t *testing.T) {
	want(t, runKlubba(t, nil, nil, "--help"), 0, "serve", "console", "check", "minutes", "backup", "report")
	for _, sub := range []string{"serve", "console", "check", "minutes", "backup", "report"} {
		want(t, runKlubba(t, nil, nil, sub, "--help"), 0, "Usage: klubba "+sub)
	}
	want(t, runKlubba(t, nil, nil, "frobnicate"), 2, "unexpected argument frobnicate", "Usage:")
}

func TestCheck(t *testing.T) {
	want(t, runKlubba(t, nil, nil, "check", "config.example.yaml"), 0, "config.example.yaml is valid: 4 templates (standup, retro, board, arsmote).")
	// With no file: the configuration in effect, here the built-in example.
	want(t, runKlubba(t, nil, nil, "check"), 0, "config.example.yaml (built in) is valid: 4 templates")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("templates:\n  - name: x\n    title: X\n    agenda:\n      - title: One\n        timebox: -1m\n    queue:\n      polcy: fifo\n"), 0o644)
	want(t, runKlubba(t, nil, nil, "check", bad), 1, "bad.yaml:8: templates[0].queue.polcy: unknown key")
	os.WriteFile(bad, []byte("templates:\n  - name: x\n    title: X\n    agenda:\n      - title: One\n        timebox: -1m\n"), 0o644)
	want(t, runKlubba(t, nil, nil, "check", bad), 1, "bad.yaml:6: templates[0].agenda[0].timebox: is -1m0s")
	// The environment's settings are checked as serve would: a proxy
	// serve would refuse, an etcd store without endpoints.
	want(t, runKlubba(t, []string{"KLUBBA_TRUSTED_PROXIES=my-proxy"}, nil, "check"), 1,
		`board.trusted_proxies[0]: "my-proxy" is not an address or prefix`, "KLUBBA_TRUSTED_PROXIES")
	want(t, runKlubba(t, []string{"KLUBBA_STORE=etcd"}, nil, "check"), 1, "KLUBBA_ETCD_ENDPOINTS")
}

func TestConsoleScripts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	for _, s := range []string{"examples/standup.script", "examples/annual-meeting.script"} {
		r := runKlubba(t, []string{"KLUBBA_DB=" + db}, nil, "--config", "config.example.yaml", "console", "--script", s, "--virtual-time")
		want(t, r, 0, "== ")
	}
	// The minutes of the last meeting, from the command line.
	want(t, runKlubba(t, nil, nil, "minutes", "--db", db), 0, "# Protokoll: Årsmöte 2026, Föreningen Klubban", "Mötet beslutade", "Justeras",
		"Voteringen utföll med 98 röster för yrkande 1, 147 för yrkande 2 och 21 blanka.",
		"att medlemsavgiften höjs till 400 kronor från den 1 januari 2028",
		"_David Sandberg, Fredrik Nyström och Gun Åberg deltog inte i beslutet på grund av jäv._", "Beslutet krävde två tredjedelars majoritet, och yrkande 1 föll.",
		"_Anders Berg reserverade sig mot beslutet.",
		"att till tre ledamöter i styrelsen för två år välja Ada Ström, Bo Nilsson och Dan Ek", "## Bilaga 1: röstlängd (300)",
		"Justerat av Anders Berg den ")
	// The same as a Word document, written to a file.
	docx := filepath.Join(t.TempDir(), "protokoll.docx")
	want(t, runKlubba(t, nil, nil, "minutes", "--db", db, "--format", "docx", "-o", docx), 0)
	if b, err := os.ReadFile(docx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("minutes --format docx -o: %d bytes, %v; want a zip (OOXML) file", len(b), err)
	}
	// A channel or an ID with no meeting: the meetings that are there, to name.
	want(t, runKlubba(t, nil, nil, "minutes", "--db", db, "--channel", "slack:T1/C9"), 1,
		"minutes: no meeting in channel slack:T1/C9. The newest meetings in this database", `console:main  "Årsmöte 2026, Föreningen Klubban"`, "--meeting 2 ")
	want(t, runKlubba(t, nil, nil, "minutes", "--db", db, "--meeting", "99", "--stats"), 1, "report: no meeting with ID 99.", "--meeting 1 ")
	// The facilitator's report keeps the speaking statistics out of the protokoll.
	want(t, runKlubba(t, nil, nil, "minutes", "--db", db, "--stats"), 0, "# Mötesledarens rapport: Årsmöte 2026, Föreningen Klubban",
		"## Taltid", "Anders Berg: 1 inlägg, 3 min")

	// No --config: the built-in example's templates.
	want(t, runKlubba(t, nil, strings.NewReader("ann> start board\n"), "console", "--db", filepath.Join(t.TempDir(), "d.db"), "--script", "/dev/stdin"), 0,
		"Meeting started: Board meeting")

	// The retrospective plays the same from the command line as in the
	// console's golden test; then the facilitator's views of it.
	retro := filepath.Join(t.TempDir(), "retro.db")
	want(t, runKlubba(t, nil, nil, "--config", "config.example.yaml", "console", "--db", retro, "--script", "examples/retrospective.script", "--virtual-time"),
		0, "Consent reached", "Average 3.8 of 5")
	want(t, runKlubba(t, nil, nil, "minutes", "--db", retro, "--stats"), 0, "# Facilitator's report: Retrospective",
		"First-time speakers on an item: 5 of 6 turns", "old hand: 3 present (50 %) · 4 turns (67 %)", "Present but never spoke (1): eli")
	if r := runKlubba(t, nil, nil, "minutes", "--db", retro); strings.Contains(r.stdout, "First-time") || strings.Contains(r.stdout, "old hand") {
		t.Errorf("the fairness figures are in the minutes:\n%s", r.stdout)
	}
	want(t, runKlubba(t, nil, nil, "report", "--db", retro, "--template", "retro"), 0,
		"| Retrospective | 3.8 (6) | −37m | 5/6 (83 %) | 86 % | 43 % |")
	want(t, runKlubba(t, nil, nil, "report", "--db", retro, "--template", "board", "--lang", "sv"), 0, "Inga möten än.")

	failing := filepath.Join(t.TempDir(), "fail.script")
	os.WriteFile(failing, []byte("ann> start\nann> frobnicate\nann> hand\n"), 0o644)
	r := runKlubba(t, nil, nil, "console", "--db", filepath.Join(t.TempDir(), "f.db"), "--script", failing)
	want(t, r, 1, "fail.script:2", "was refused")
	if strings.Contains(r.stdout, "ann> hand") {
		t.Error("the script went on past the refused line")
	}
	want(t, runKlubba(t, nil, nil, "console", "--db", filepath.Join(t.TempDir(), "g.db"), "--script", failing, "--keep-going"), 0,
		"Your hand is up", "1 refused")
}

// TestConsoleScheduleOnVirtualTime: on the console's virtual clock, a
// meeting scheduled a week ahead is reminded 7 days, 1 day and 15
// minutes before (the board template's reminders_before) and starts by
// itself at its time, however long each wait: the clock stops at each
// timer on the way rather than jumping past them all.
func TestConsoleScheduleOnVirtualTime(t *testing.T) {
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Skip(err)
	}
	day := time.Now().In(stockholm).AddDate(0, 0, 8).Format(time.DateOnly)
	script := filepath.Join(t.TempDir(), "schedule.script")
	lines := "fac> schedule board \"Styrelsemöte\" " + day + " 18:00\n" + strings.Repeat("wait 24h\n", 9)
	os.WriteFile(script, []byte(lines), 0o644)
	r := runKlubba(t, nil, nil, "--config", "config.example.yaml", "console", "--db", filepath.Join(t.TempDir(), "s.db"), "--script", script, "--virtual-time")
	want(t, r, 0, "Notice of meeting: Styrelsemöte", "In 7 days: ", "In 1 day: ", "In 15m: ", "== Meeting started: Styrelsemöte ==")
	if strings.Contains(r.stdout, "was not running") {
		t.Errorf("the scheduled meeting was found missed:\n%s", r.stdout)
	}
}

// TestRestartMidMeeting stops the console mid-meeting and starts it
// again on the same file: the queue, the polls and the agenda position
// are all still there.
func TestRestartMidMeeting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	first := "maja> start board\nmaja> next item\nola> hand\nli> hand\nmaja> next\n" +
		"maja> poll yesno \"Approve the minutes?\" --secret\nola> vote 1\n"
	want(t, runKlubba(t, nil, strings.NewReader(first), "--config", "config.example.yaml", "console", "--db", db, "--script", "/dev/stdin"), 0,
		"ola has the floor. Next: li.")
	second := "maja> queue\nmaja> agenda\nola> vote 2\nli> vote 1\nmaja> poll close\n"
	r := runKlubba(t, nil, strings.NewReader(second), "--config", "config.example.yaml", "console", "--db", db, "--script", "/dev/stdin", "--keep-going")
	want(t, r, 0, "Speaking now: ola", "1. li", "✓ Opening and agenda", "▶ Minutes of the last meeting",
		"You have already cast your ballot", "Yes wins with 2 votes")
}

func TestDatabaseInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	holder := command(t, nil, "console", "--db", db) // another process
	stdin, _ := holder.StdinPipe()
	var out lockedBuffer
	holder.Stdout = &out
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); holder.Wait() }()
	bottest.WaitFor(t, func() bool { return strings.Contains(out.String(), "Klubba console") })
	r := runKlubba(t, nil, strings.NewReader("ann> start\n"), "console", "--db", db, "--script", "/dev/stdin")
	want(t, r, 1, "database is in use by another process")
}

// lockedBuffer is a buffer that a child's output goroutine may write
// while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(url string, header ...string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if len(header) == 2 {
		req.Header.Set(header[0], header[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServe starts the server, checks its endpoints, backs the database
// up through it while it holds the file, and stops it as SIGTERM does
// (sigterm_test.go sends the signal itself, to the binary).
func TestServe(t *testing.T) {
	dir := t.TempDir()
	db, addr := filepath.Join(dir, "k.db"), freeAddr(t)
	// A meeting to find in the backup.
	want(t, runKlubba(t, nil, strings.NewReader("ann> start \"Kept\"\n"), "console", "--db", db, "--script", "/dev/stdin"), 0)

	srv := start(t, []string{"KLUBBA_LISTEN=" + addr, "KLUBBA_ADMIN_TOKEN=s3cret-admin", "KLUBBA_SLACK_BOT_TOKEN=xoxb-never-logged",
		"KLUBBA_SLACK_SIGNING_SECRET=signing-never-logged", "KLUBBA_SLACK_API_URL=http://127.0.0.1:1/api/"}, "serve", "--db", db)
	logs := srv.logs
	base := "http://" + addr
	bottest.WaitFor(t, func() bool { code, _ := get(base + "/healthz"); return code == 200 })
	if code, body := get(base + "/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz = %d %q", code, body)
	}
	// Alive, but not ready: Slack's Web API (here nowhere) cannot confirm
	// the token, and /readyz says so, without the token.
	if code, body := get(base + "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "slack auth.test") || strings.Contains(body, "xoxb") {
		t.Errorf("/readyz with Slack unreachable = %d %q, want 503 naming auth.test", code, body)
	}
	if code, body := get(base + "/metrics"); code != 200 || !strings.Contains(body, "klubba_outbox_depth") || !strings.Contains(body, "go_goroutines") {
		t.Errorf("/metrics = %d, lacks klubba_outbox_depth:\n%.300s", code, body)
	}
	if code, _ := get(base+"/admin/backup", "Authorization", "Bearer wrong"); code != http.StatusUnauthorized {
		t.Errorf("/admin/backup with a wrong token = %d, want 401", code)
	}

	copyPath := filepath.Join(dir, "copy.db")
	// A refusal says the server's reason, not only its status.
	want(t, runKlubba(t, []string{"KLUBBA_ADMIN_TOKEN=wrong", "KLUBBA_LISTEN=" + addr}, nil, "backup", copyPath, "--db", db), 1, "401 Unauthorized: unauthorized")
	want(t, runKlubba(t, []string{"KLUBBA_ADMIN_TOKEN=s3cret-admin", "KLUBBA_LISTEN=" + addr}, nil, "backup", copyPath, "--db", db), 0, "Wrote "+copyPath)
	c, err := bolt.Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Errorf("backup fails the consistency check: %v", err)
	}
	typed.New(c).View(context.Background(), func(tx *typed.Tx) error {
		if m, err := tx.Running("console:main"); err != nil || m.Title != "Kept" {
			t.Errorf("backup's meeting = %v, %v", m, err)
		}
		return nil
	})
	c.Close()

	if code := srv.stop(t); code != 0 {
		t.Errorf("serve stopped with exit status %d\n%s", code, logs.String())
	}
	for _, secret := range []string{"s3cret-admin", "xoxb-never-logged", "signing-never-logged"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log shows a secret:\n%s", logs.String())
		}
	}
	if !strings.Contains(logs.String(), "platforms=slack") {
		t.Errorf("the start-up log doesn't say which platforms are on:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("no graceful shutdown in the log:\n%s", logs.String())
	}
}

func TestServeIncompleteSlack(t *testing.T) {
	r := runKlubba(t, []string{"KLUBBA_SLACK_BOT_TOKEN=xoxb-1", "KLUBBA_LISTEN=" + freeAddr(t)}, nil, "serve", "--db", filepath.Join(t.TempDir(), "k.db"))
	want(t, r, 1, "slack in http mode needs KLUBBA_SLACK_SIGNING_SECRET")
}

func TestServeIncompleteTeams(t *testing.T) {
	r := runKlubba(t, []string{"KLUBBA_TEAMS_APP_ID=11111111-2222-3333-4444-555555555555", "KLUBBA_LISTEN=" + freeAddr(t)}, nil, "serve", "--db", filepath.Join(t.TempDir(), "k.db"))
	want(t, r, 1, "teams needs KLUBBA_TEAMS_APP_PASSWORD and KLUBBA_TEAMS_TENANT_ID")
	// A token URL of its own (a government cloud, a test) does not make
	// the bot any less single-tenant: without a tenant, check and serve refuse.
	env := []string{"KLUBBA_TEAMS_APP_ID=11111111-2222-3333-4444-555555555555", "KLUBBA_TEAMS_APP_PASSWORD=pw",
		"KLUBBA_TEAMS_TOKEN_URL=https://login.example/token", "KLUBBA_LISTEN=" + freeAddr(t)}
	want(t, runKlubba(t, env, nil, "check"), 1, "teams needs KLUBBA_TEAMS_TENANT_ID")
	want(t, runKlubba(t, env, nil, "serve", "--db", filepath.Join(t.TempDir(), "k.db")), 1, "teams needs KLUBBA_TEAMS_TENANT_ID")
}

func TestTeamsPackage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "klubba-teams.zip")
	want(t, runKlubba(t, []string{"KLUBBA_TEAMS_APP_ID=11111111-2222-3333-4444-555555555555"}, nil, "teams-package", "--out", out), 0, "Wrote "+out)
	want(t, runKlubba(t, nil, nil, "teams-package", "--out", out, "--app-id", "nope"), 1, "is not a GUID")
	want(t, runKlubba(t, nil, nil, "teams-package", "--out", out, "--app-id", "11111111-2222-3333-4444-555555555555", "--website", "http://x"),
		1, "is not an https address")
}

func TestBackupOffline(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	want(t, runKlubba(t, nil, strings.NewReader("ann> start\n"), "console", "--db", db, "--script", "/dev/stdin"), 0)
	want(t, runKlubba(t, nil, nil, "backup", filepath.Join(dir, "b.db"), "--db", db), 0, "Wrote")
	if _, err := os.Stat(filepath.Join(dir, "b.db")); err != nil {
		t.Error(err)
	}
}

// TestBinaryBuiltLikeTests: the binary that the process tests run is
// built with -race exactly when the tests are.
func TestBinaryBuiltLikeTests(t *testing.T) {
	out, err := exec.Command("go", "version", "-m", binary(t)).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, out)
	}
	if got := strings.Contains(string(out), "-race=true"); got != raceEnabled {
		t.Errorf("binary built with -race: %v; the tests run with it: %v\n%s", got, raceEnabled, out)
	}
}
