package count

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// election is a ward's ballots as read from a BLT file.
type election struct {
	title      string
	candidates []string
	seats      int
	ballots    [][]int
}

// readBLT reads a gzipped BLT file: "candidates seats", then lines
// "weight c1 c2 … 0" with 1-based candidates, a line "0", the candidates'
// names in quotes, and the election's title.
func readBLT(t testing.TB, path string) election {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sc := bufio.NewScanner(z)
	var lines []string
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	ints := func(l string) []int {
		var ns []int
		for _, w := range strings.Fields(l) {
			n, err := strconv.Atoi(w)
			if err != nil {
				t.Fatalf("%s: line %q: %v", path, l, err)
			}
			ns = append(ns, n)
		}
		return ns
	}
	head := ints(lines[0])
	e := election{seats: head[1]}
	n := head[0]
	i := 1
	for ; lines[i] != "0"; i++ {
		ns := ints(lines[i])
		if ns[len(ns)-1] != 0 {
			t.Fatalf("%s: ballot line %q does not end in 0", path, lines[i])
		}
		b := make([]int, 0, len(ns)-2)
		for _, c := range ns[1 : len(ns)-1] {
			b = append(b, c-1)
		}
		for range ns[0] {
			e.ballots = append(e.ballots, b)
		}
	}
	for _, l := range lines[i+1 : i+1+n] {
		e.candidates = append(e.candidates, strings.Trim(l, `"`))
	}
	e.title = strings.Trim(lines[i+1+n], `"`)
	return e
}

// names returns the names of candidates xs.
func (e election) names(xs []int) []string {
	var s []string
	for _, x := range xs {
		s = append(s, e.candidates[x])
	}
	return s
}

// report formats a count stage by stage, for failure messages.
func (e election) report(r STVResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: valid %d, quota %v\n", e.title, r.Valid, r.Quota)
	for i, s := range r.Stages {
		what := s.Kind.String()
		if s.Candidate >= 0 {
			what += " of " + e.candidates[s.Candidate]
		}
		fmt.Fprintf(&b, "stage %d, %s: %v non-transferable %v, elected %v\n", i+1, what, s.Votes, s.NonTransferable, e.names(s.Elected))
	}
	return b.String()
}
