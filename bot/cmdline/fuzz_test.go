package cmdline

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize: any input tokenizes or fails cleanly; quoted tokens
// never contain a line break that was not in the input.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{`agenda add "Budget" 10m`, `poll “Q?” “A” ”B”`, `note "`, `--close="5m"`, "„x“", "«a»", "", `poll "Q? "A" "B"`, "note \"\u200b\"", `decision "x".`, "adjourn 1 tim 30 min.", "—method stv", "hand\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		toks, err := Tokenize(line)
		if err != nil {
			return
		}
		// A line that tokenizes has no quote left inside a bare word:
		// that is how a quote left open shows (A").
		for _, tok := range toks {
			if !tok.Quoted && strings.ContainsAny(tok.Text, quoteMarks) {
				t.Errorf("Tokenize(%q) gave the bare word %q, with a quote", line, tok.Text)
			}
			if tok.Quoted && Trim(tok.Text) != tok.Text {
				t.Errorf("Tokenize(%q) gave the quoted %q, with space or invisible characters at its ends", line, tok.Text)
			}
		}
		for _, tok := range Tidy(toks) {
			if !tok.Quoted && tok.Text == "" {
				t.Errorf("Tidy(Tokenize(%q)) gave an empty bare token", line)
			}
		}
		for _, tok := range toks {
			if !tok.Quoted && tok.Text == "" {
				t.Errorf("Tokenize(%q) gave an empty bare token", line)
			}
			if utf8.ValidString(line) && !utf8.ValidString(tok.Text) {
				t.Errorf("Tokenize(%q) gave invalid UTF-8 %q", line, tok.Text)
			}
		}
	})
}
