package main

import (
	"bytes"
	"os"
	"testing"
)

// TestScriptIsGenerated keeps the committed script in step with its
// generator: run go generate ./internal/annualgen after a change.
func TestScriptIsGenerated(t *testing.T) {
	var b bytes.Buffer
	script(&b)
	got, err := os.ReadFile("../../examples/annual-meeting.script")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Error("examples/annual-meeting.script is not what internal/annualgen writes: run go generate ./internal/annualgen")
	}
	seen := map[string]bool{}
	for _, m := range members() {
		if seen[m.handle] {
			t.Errorf("handle %s twice", m.handle)
		}
		seen[m.handle] = true
	}
	if len(seen) != Members {
		t.Errorf("%d members, want %d", len(seen), Members)
	}
}
