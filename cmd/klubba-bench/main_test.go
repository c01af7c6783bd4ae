package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary serve as the load generator, which the
// scenarios run as a child process (os.Args[0] load …): without it the
// child would run the tests again, and start children of its own.
func TestMain(m *testing.M) {
	if os.Getenv(loadChildEnv) != "" {
		main()
		os.Exit(0)
	}
	var err error
	if remote, err = startRemoteSlack(0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	remote.stop()
	os.Exit(code)
}

// TestScenariosRun runs each scenario small, so that the benchmark tool
// keeps working; the figures themselves belong to docs/benchmarks.md.
func TestScenariosRun(t *testing.T) {
	out := captureStdout(t, func() error {
		if err := benchCommand(100, 500*time.Millisecond); err != nil {
			return err
		}
		if err := benchStorm(60, 200*time.Millisecond); err != nil {
			return err
		}
		return benchChannels(4, 5)
	})
	for _, want := range []string{"command requests=50 rate=100/s", "errors=0", "storm votes=60 durable=60", "floor=confirming", "fallbacks=0", "channels channels=4 requests=20"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func captureStdout(t *testing.T, fn func() error) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				done <- b.String()
				return
			}
		}
	}()
	err = fn()
	w.Close()
	os.Stdout = saved
	out := <-done
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBinaryGetsReady: the fake Slack answers auth.test as Slack does,
// so the real binary started against it passes /readyz (the
// connections scenario waits for that before it attacks).
func TestBinaryGetsReady(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the klubba binary")
	}
	k, _, err := startBinary()
	if err != nil {
		t.Fatal(err)
	}
	k.stop()
	if n := k.slack.count("auth.test"); n == 0 {
		t.Errorf("auth.test asked %d times, want at least once", n)
	}
}
