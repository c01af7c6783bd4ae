package cmdline

import (
	"strings"
	"testing"
)

// TestExpand: an alias is replaced by the command words and flags it
// stands for, and Expand says how many typed words it took, however many
// it stands for.
func TestExpand(t *testing.T) {
	for _, c := range []struct {
		line, want string
		typed      int
	}{
		{"votering öppen nu", "demand vote --open nu", 2},
		{"begär votering sluten", "demand vote --secret", 3},
		{"ändringsyrkande 2", "propose --amends 2", 1},
		{"streck nu", "queue close nu", 1},
		{"mötet avslutas", "end", 2},
		{"poll close", "poll close", 0},
		{`"votering" öppen`, "votering öppen", 0},
	} {
		toks, err := Tokenize(c.line)
		if err != nil {
			t.Fatal(err)
		}
		out, typed := Expand(toks)
		var words []string
		for _, tok := range out {
			words = append(words, tok.Text)
		}
		if got := strings.Join(words, " "); got != c.want || typed != c.typed {
			t.Errorf("Expand(%s) = %q, %d; want %q, %d", c.line, got, typed, c.want, c.typed)
		}
	}
}
