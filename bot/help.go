package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
)

// The help, grouped by the sections a chair looks in, with each command's
// Swedish syntax in a Swedish meeting and every alias of each command.

// helpSections are the sections of help, in order.
var helpSections = []string{"meeting", "speaking", "polls", "elections", "register", "formal", "minutes", "tools", "templates"}

// syntaxIn is a command's syntax in the caller's language.
func syntaxIn(u *unit, cmd *command) string {
	if u.lang == "sv" {
		return cmd.sv
	}
	return cmd.syntax
}

// aliasesOf maps each command's ID to the aliases that name it (from the
// alias table, so that help never drifts from what is understood), sorted,
// without the spellings without å, ä, ö and é that stand beside one with
// them.
func aliasesOf(ix commandIndex) map[string][]string {
	all := cmdline.PhraseAliases()
	folded := map[string]bool{}
	for a := range all {
		if f := cmdline.ASCIIFold(a); f != a {
			folded[f] = true
		}
	}
	out := map[string][]string{}
	for a := range all {
		if folded[a] {
			continue
		}
		var toks []cmdline.Token
		for _, w := range strings.Fields(a) {
			toks = append(toks, cmdline.Token{Text: w})
		}
		if cmd, _ := ix.lookup(cmdline.Aliases(toks)); cmd != nil {
			out[cmd.id] = append(out[cmd.id], a)
		}
	}
	for _, as := range out {
		slices.Sort(as)
	}
	return out
}

// commandWords are the words a syntax starts with, before its first
// placeholder, flag or option: "fastställ röstlängden", "laget runt".
func commandWords(syntax string) string {
	var words []string
	for _, w := range strings.Fields(syntax) {
		if strings.ContainsAny(w, "[]\"@#|…`-") || w == strings.ToUpper(w) || strings.ContainsAny(w[:1], "0123456789") {
			break
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// helpLine is a command's line of help: its syntax in the caller's
// language, the other words that name it, and what it does.
func helpLine(u *unit, cmd *command, aliases []string) string {
	syntax := syntaxIn(u, cmd)
	line := fmt.Sprintf("`%s`", syntax)
	var also []string
	for _, al := range aliases {
		if al != commandWords(syntax) { // the syntax shown already says it
			also = append(also, "`"+al+"`")
		}
	}
	if len(also) > 0 {
		line += " (" + u.t("HelpAlso", "Words", strings.Join(also, ", ")) + ")"
	}
	return line + ": " + u.t("Help."+cmd.id)
}

func help(u *unit, a args) error {
	if len(a.Words) > 0 {
		return helpOn(u, a.Words)
	}
	aliases := aliasesOf(u.b.index)
	bySection := map[string][]string{}
	for _, cmd := range u.b.commands {
		bySection[cmd.section] = append(bySection[cmd.section], helpLine(u, cmd, aliases[cmd.id]))
	}
	var parts []string
	for _, s := range helpSections {
		parts = append(parts, "**"+u.t("HelpSection"+s)+"**\n"+strings.Join(bySection[s], "\n"))
	}
	u.tell(chat.Message{Header: u.t("HelpHeader"), Text: strings.Join(parts, "\n\n"), Context: u.t("HelpAliases")})
	return nil
}

// helpOn is the help on the commands that words name, and those that
// begin with them (help agenda: agenda, agenda add, …), in English or
// Swedish; the flags and words an alias stands for are not part of a
// command's name; words that name none are refused with help's usage
// line.
func helpOn(u *unit, words []cmdline.Token) error {
	var path []string
	for _, t := range cmdline.Aliases(words) {
		if t.Quoted || !strings.HasPrefix(t.Text, "--") { // votering sluten: demand vote --secret
			path = append(path, strings.ToLower(t.Text))
		}
	}
	if len(path) == 1 {
		if f := u.b.familyOf(path[0]); f != "" {
			path[0] = f // mall: the template commands
		}
	}
	aliases := aliasesOf(u.b.index)
	var lines []string
	for _, cmd := range u.b.commands {
		if len(cmd.path) >= len(path) && slices.Equal(cmd.path[:len(path)], path) {
			lines = append(lines, helpLine(u, cmd, aliases[cmd.id]))
		}
	}
	if cmd, _ := u.b.index.lookup(cmdline.Aliases(words)); len(lines) == 0 && cmd != nil {
		lines = append(lines, helpLine(u, cmd, aliases[cmd.id])) // stryk mig: lower all, a command and its word
	}
	if len(lines) == 0 || len(path) == 0 {
		return cmdline.Usagef("%s", u.t("HelpNoCommand", "Word", wordsOf(words)))
	}
	u.tell(chat.Message{Text: strings.Join(lines, "\n")})
	return nil
}
