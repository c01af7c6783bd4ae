package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestScenariosRun runs each scenario small, so that the benchmark tool
// keeps working; the figures themselves belong to docs/benchmarks.md.
func TestScenariosRun(t *testing.T) {
	out := captureStdout(t, func() error {
		if err := benchCommand(100, 500*time.Millisecond); err != nil {
			return err
		}
		return benchStorms(60, 200*time.Millisecond, "bolt", "")
	})
	for _, want := range []string{"command requests=50 rate=100/s", "errors=0", "storm store=bolt votes=60 durable=60"} {
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
