package main

import (
	"fmt"
	"math"
	"os"
	"slices"
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
	for _, want := range []string{"command requests=50 rate=100/s", "errors=0", "storm votes=60 durable=60", "floor=confirming", "fallbacks=0", "fair_ratio_se=", "channels channels=4 requests=20"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestRoundRatios: each round's ratio is to the mean of the floor phases
// on either side of it, and the standard error is that of their mean.
func TestRoundRatios(t *testing.T) {
	got := roundRatios([]float64{4, 9}, []float64{2, 6, 12})
	if want := []float64{1, 1}; !slices.Equal(got, want) {
		t.Errorf("roundRatios = %v, want %v", got, want)
	}
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{0.9}, 0},
		{[]float64{1, 3}, 1}, // sd √2, over √2
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 0.7559}, // sd 2.138, over √8
	} {
		if got := stdErr(c.xs); math.Abs(got-c.want) > 1e-4 {
			t.Errorf("stdErr(%v) = %.4f, want %.4f", c.xs, got, c.want)
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
