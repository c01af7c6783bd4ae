package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/klubba/klubba/bot/cmdline"
)

// TestHelpCoversEveryCommand: every command has a help section and a
// Swedish syntax, and the Swedish words of that syntax name the command.
func TestHelpCoversEveryCommand(t *testing.T) {
	cmds := grammar()
	for _, cmd := range cmds {
		if !slices.Contains(helpSections, cmd.section) || cmd.sv == "" {
			t.Errorf("%s has no help section", cmd.id)
			continue
		}
		var words []cmdline.Token
		for _, w := range strings.Fields(cmd.sv) {
			if strings.ContainsAny(w, "[]\"@#|…`") || unicode.IsDigit([]rune(w)[0]) || w == strings.ToUpper(w) {
				break
			}
			words = append(words, cmdline.Token{Text: w})
		}
		got, rest := indexCommands(cmds).lookup(cmdline.Aliases(words))
		if got == nil || got.id != cmd.id || len(rest) > 0 && !(cmd.id == "demand.vote" && rest[0].Text == "--secret") {
			t.Errorf("the Swedish syntax of %s, %q, names %v (rest %v)", cmd.id, cmd.sv, got, rest)
		}
	}
}

// TestTitledFromSyntax: a command whose usage names a title or a question
// has its words capped as a title; the table says so, so that no side
// list can drift from the grammar.
func TestTitledFromSyntax(t *testing.T) {
	placeholders := []string{`"title"`, `"Title"`, `"Q?"`, `["question"]`, `["title"]`}
	for _, cmd := range grammar() {
		want := cmd.id == "poll.consent" || cmd.id == "agenda.propose" // their "…" is a proposal's title
		for _, p := range placeholders {
			want = want || strings.Contains(cmd.syntax, p)
		}
		if cmd.titled != want {
			t.Errorf("%s (%s): titled = %v, want %v", cmd.id, cmd.syntax, cmd.titled, want)
		}
	}
}
