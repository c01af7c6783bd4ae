package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// laughs is a "billion laughs" configuration: nine levels of anchors,
// each nine aliases of the last, under a key the decoder reads.
func laughs() string {
	var b strings.Builder
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	for c := 'b'; c <= 'i'; c++ {
		p := string(c - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, p, p, p, p, p, p, p, p, p)
	}
	b.WriteString("facilitators: *i\n")
	return b.String()
}

// klubba check refuses a file whose aliases expand past any configuration,
// with a clear error, and without the memory the expansion would take
// (issue 26, finding 8).
func TestCheckRefusesBillionLaughs(t *testing.T) {
	data := laughs()
	if len(data) > 900 {
		t.Fatalf("the file is %d bytes, want a small one", len(data))
	}
	path := filepath.Join(t.TempDir(), "laughs.yaml")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := runKlubba(t, nil, nil, "check", path)
	runtime.ReadMemStats(&after)
	want(t, r, 1, "laughs.yaml:", "anchors and aliases expand this file to over 1000000 values")
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("check allocated %d MB on an %d-byte file", grew>>20, len(data))
	}
	// serve and console load the configuration the same way.
	want(t, runKlubba(t, nil, nil, "--config", path, "console", "--script", "/dev/null"), 1, "anchors and aliases expand")
}
