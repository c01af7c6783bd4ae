package cmdline

import (
	"strings"
	"testing"
)

// words writes toks as they read, quoted ones in quotes.
func words(toks []Token) string {
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = t.Text
		if t.Quoted {
			ws[i] = `"` + t.Text + `"`
		}
	}
	return strings.Join(ws, " ")
}

func TestTidy(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ajournera 15 min", "ajournera 15m"},
		{"ajournera 15 minuter", "ajournera 15m"},
		{"talartid 2 min", "talartid 2m"},
		{`poll "Q?" "A" "B" --close 5 min`, `poll "Q?" "A" "B" --close 5m`},
		{`agenda add "x" 5 min`, `agenda add "x" 5m`},
		{"adjourn 1 tim 30 min", "adjourn 1h30m"},
		{"adjourn 1 timme", "adjourn 1h"},
		{"adjourn 15 minutes", "adjourn 15m"},
		{"queue limit 2 mins", "queue limit 2m"},
		{"adjourn 1 hour", "adjourn 1h"},
		{"adjourn 90 sekunder", "adjourn 90s"},
		{"adjourn 1,5 tim", "adjourn 1.5h"},
		{"adjourn 15min", "adjourn 15m"},
		{"adjourn 1tim30min", "adjourn 1h30m"},
		{"adjourn 15m.", "adjourn 15m"},
		{`poll "Q?" "A" "min"`, `poll "Q?" "A" "min"`}, // a quoted word is an option
		{`poll elect 2 "B" "A" "B" "C" --min 1`, `poll elect 2 "B" "A" "B" "C" --min 1`},
		{`poll elect 2 "B" "A" "B" "C" —method stv`, `poll elect 2 "B" "A" "B" "C" --method stv`},
		{`poll "Q?" "A" "B" –close 5m`, `poll "Q?" "A" "B" --close 5m`},
		{"note —", "note —"},
		{"vote 1.", "vote 1"},
		{"agenda jump 2.", "agenda jump 2"},
		{"hand.", "hand"},
		{"next!", "next"},
		{"status?", "status"},
		{"lang en.", "lang en"},
		{"help ?", "help"},
		{"vote 1..", "vote 1."}, // one mark only
		{"hand\u200b", "hand"},
		{"\ufeffstatus", "status"},
		{"\u200b hand", "hand"},
		{"flag 👨\u200d👩\u200d👧", "flag 👨\u200d👩\u200d👧"}, // a joiner inside a word is its own
	} {
		toks, err := Tokenize(c.in)
		if err != nil {
			t.Fatalf("Tokenize(%q): %v", c.in, err)
		}
		if got := words(Tidy(toks)); got != c.want {
			t.Errorf("Tidy(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTokenizeSentenceEnd: a full stop, ! or ? after the line's last
// closing quote ends the sentence; anywhere else a word runs into the quote.
func TestTokenizeSentenceEnd(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      bool
	}{
		{`decision "Pizza on Friday".`, `decision "Pizza on Friday"`, false},
		{`place "Ödeshög".  `, `place "Ödeshög"`, false},
		{`note ”Klart”!`, `note "Klart"`, false},
		{`note "a". "b"`, "", true},
		{`note "a"..`, "", true},
		{`note "a"x`, "", true},
	} {
		toks, err := Tokenize(c.in)
		if (err != nil) != c.err || err == nil && words(toks) != c.want {
			t.Errorf("Tokenize(%q) = %q, %v; want %q (error %v)", c.in, words(toks), err, c.want, c.err)
		}
	}
}
