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
		{"uppgift stryk 2", "action remove 2", 2}, // the word the messages use
		{"uppgift ändra 2", "action edit 2", 2},
		{"mötet avslutas", "end", 2},
		{"avsluta mötet", "end", 2},
		{"återuppta mötet", "resume", 2},
		{"begär sluten votering", "demand vote --secret", 3},
		{"sluten votering", "demand vote --secret", 2},
		{"öppen votering", "demand vote --open", 2},
		{"begär öppen votering", "demand vote --open", 3},
		{"instämmer i yrkande 1", "support 1", 3},
		{"instäm i yrkande 1", "support 1", 3},
		{"instämmer i 1", "support 1", 2},
		{"nasta punkt", "next item", 2},
		{"begar ordet", "hand", 2},
		{"hjalp", "help", 1},
		{"omrostning janej", "poll yesno", 2},
		{"ROSTA 1", "vote 1", 1},
		{"atgard stryk 2", "action remove 2", 2},
		{"laget runt nästa", "round next", 3}, // the go-around's words, as its buttons and "nästa talare" say them
		{"avbryt laget runt", "round stop", 3},
		{"laget runt avbryt", "round stop", 3},
		{"stå över", "pass", 2},
		{"sta over", "pass", 2},
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

// TestFoldedAliasesAgree: two phrases that are written alike without
// å, ä, ö and é stand for the same command, so that the phrase typed
// without them is never read as another.
func TestFoldedAliasesAgree(t *testing.T) {
	seen := map[string]string{}
	for p, to := range phraseAliases {
		k := ASCIIFold(p)
		if other, ok := seen[k]; ok && phraseAliases[other] != to {
			t.Errorf("%q and %q are both %q without å, ä, ö, but stand for %q and %q", p, other, k, to, phraseAliases[other])
		}
		seen[k] = p
	}
}

func TestFlagNameFolded(t *testing.T) {
	for in, want := range map[string]string{"stäng": "close", "STANG": "close", "rostlangd": "register", "Öppen": "open", "metod": "method", "close": "close"} {
		if got := FlagName(in); got != want {
			t.Errorf("FlagName(%q) = %q, want %q", in, got, want)
		}
	}
}
