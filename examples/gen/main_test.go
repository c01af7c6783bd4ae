package main

import (
	"bytes"
	"os"
	"testing"
)

// TestScriptIsGenerated: the committed script is what the generator
// writes (run go generate ./examples/... after changing it).
func TestScriptIsGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../election.script")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Error("examples/election.script differs from the generator's output: run go generate ./examples/...")
	}
}
