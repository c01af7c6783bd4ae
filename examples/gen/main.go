// Command gen writes examples/election.script: an extra annual meeting
// (extra årsmöte) of 300 generated members with a voting register, a
// vote with jäv, a board election of 5 among 9 by block vote and an
// election of auditors by STV. The votes are drawn from a fixed seed, so
// the script is the same every time; TestScriptIsGenerated keeps the
// committed file in step.
//
//go:generate go run . -out ../election.script
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
)

// Members is the number of members who check in.
const Members = 300

// The årsmöte template's items for the discharge of the board
// (ansvarsfrihet) and the elections.
const (
	itemDischarge = 9
	itemElections = 13
)

var (
	board    = []string{"Ada Ström", "Bo Nilsson", "Cia Wik", "Dan Ek", "Eva Lund", "Fia Berg", "Gun Holm", "Hans Ek", "Ida Sjö"}
	auditors = []string{"Jan Ros", "Kim Falk", "Lo Dahl", "Maj Ny"}
)

func main() {
	out := flag.String("out", "", "write the script here instead of standard output")
	flag.Parse()
	w := io.Writer(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		w = f
	}
	if err := Write(w); err != nil {
		log.Fatal(err)
	}
}

func member(i int) string { return fmt.Sprintf("m%03d", i) }

// pick returns up to n distinct candidates, the more popular more often.
func pick(r *rand.Rand, weights []int, n int) []int {
	var out []int
	for len(out) < n {
		total := 0
		for i, w := range weights {
			if !slices.Contains(out, i) {
				total += w
			}
		}
		x := r.IntN(total)
		for i, w := range weights {
			if slices.Contains(out, i) {
				continue
			}
			if x < w {
				out = append(out, i)
				break
			}
			x -= w
		}
	}
	return out
}

// votes turns picks into the numbers a voter types.
func votes(picks []int) string {
	nums := make([]string, len(picks))
	for i, p := range picks {
		nums[i] = fmt.Sprint(p + 1)
	}
	return strings.Join(nums, " ")
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " ")
}

// Write writes the script.
func Write(w io.Writer) error {
	r := rand.New(rand.NewPCG(2026, 11))
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("# Extra årsmöte i Föreningen Klubban: %d medlemmar, röstlängd, jäv och två val.", Members)
	line("# Skriven av examples/gen (go generate ./examples/...); ändra generatorn, inte den här filen.")
	line("# Spela upp: go run ./cmd/klubba console --db /tmp/val.db --virtual-time --script examples/election.script")
	line("")
	line(`ordf> start arsmote "Extra årsmöte 2026, Föreningen Klubban"`)
	line("ordf> secretary @sekr")
	line("# Röstlängden: medlemmarna anmäler sig med knappen Närvarande eller med närvarande.")
	line("ordf> register open")
	for i := 1; i <= Members; i++ {
		line("%s> närvarande", member(i))
	}
	line("ordf> fastställ")
	line("# Justering av röstlängden: en sen ankomst, och en som går.")
	line("ordf> register add @%s", member(Members+1))
	line("ordf> register remove @%s", member(Members))
	line("ordf> register")
	line("")
	line("# Ansvarsfrihet: styrelsens fem ledamöter är jäviga.")
	line("ordf> agenda jump %d", itemDischarge)
	jav := []string{}
	for i := 1; i <= 5; i++ {
		jav = append(jav, "@"+member(i))
	}
	line(`ordf> poll yesno "Beviljas styrelsen ansvarsfrihet för 2026?" --exclude %s`, strings.Join(jav, " "))
	for i := 6; i < Members; i++ {
		choice := 1
		switch x := r.IntN(100); {
		case x < 12:
			choice = 2
		case x < 20:
			choice = 3
		}
		line("%s> vote %d", member(i), choice)
	}
	line("ordf> poll close")
	line(`ordf> decision "att bevilja styrelsen ansvarsfrihet för verksamhetsåret 2026"`)
	line("")
	line("# Val av styrelse: fem av nio, flest röster (sluten omröstning i ett formellt möte).")
	line("ordf> agenda jump %d", itemElections)
	line(`ordf> val 5 "Val av styrelse" %s --min 1`, quoted(board))
	weights := []int{30, 26, 22, 19, 16, 13, 10, 7, 4}
	counts := make([]int, len(board))
	for i := 1; i <= Members+1; i++ {
		if i == Members {
			continue // taken off the register
		}
		if r.IntN(40) == 0 {
			line("%s> vote blankt", member(i))
			continue
		}
		p := pick(r, weights, 3+r.IntN(3))
		for _, c := range p {
			counts[c]++
		}
		line("%s> vote %s", member(i), votes(p))
	}
	sorted := slices.Sorted(slices.Values(counts))
	if sorted[len(sorted)-5] == sorted[len(sorted)-6] {
		return fmt.Errorf("the board election ties at the last seat (%v): choose another seed", counts)
	}
	line("ordf> poll close")
	line("")
	line("# Val av revisorer: två av fyra, med överförbar röst (STV).")
	line(`ordf> val 2 "Val av revisorer" %s --method stv`, quoted(auditors))
	aw := []int{12, 10, 9, 5}
	for i := 1; i <= Members+1; i++ {
		if i == Members || r.IntN(3) == 0 {
			continue
		}
		line("%s> vote %s", member(i), votes(pick(r, aw, 1+r.IntN(4))))
	}
	line("ordf> poll close")
	line("ordf> end")
	_, err := io.WriteString(w, b.String())
	return err
}
