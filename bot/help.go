package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
)

// The help, grouped by the sections a chair looks in, with each command's
// Swedish syntax in a Swedish meeting.

// helpSections are the sections of help, in order.
var helpSections = []string{"meeting", "speaking", "polls", "elections", "register", "formal", "minutes", "tools", "templates"}

// syntaxIn is a command's syntax in the caller's language.
func syntaxIn(u *unit, cmd *command) string {
	if u.lang == "sv" {
		return cmd.sv
	}
	return cmd.syntax
}

func help(u *unit, a args) error {
	if len(a.Words) > 0 {
		return helpOn(u, a.Words)
	}
	bySection := map[string][]string{}
	for _, cmd := range u.b.commands {
		bySection[cmd.section] = append(bySection[cmd.section], fmt.Sprintf("`%s`: %s", syntaxIn(u, cmd), u.t("Help."+cmd.id)))
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
// Swedish; words that name none are refused with help's usage line.
func helpOn(u *unit, words []cmdline.Token) error {
	toks := cmdline.Aliases(words)
	path := make([]string, len(toks))
	for i, t := range toks {
		path[i] = strings.ToLower(t.Text)
	}
	if len(path) == 1 && !u.b.hasSubcommands(path) {
		if f := cmdline.AliasFamily(path[0]); f != "" {
			path[0] = f // mall: the template commands
		}
	}
	var lines []string
	for _, cmd := range u.b.commands {
		if len(cmd.path) >= len(path) && slices.Equal(cmd.path[:len(path)], path) {
			lines = append(lines, fmt.Sprintf("`%s`: %s", syntaxIn(u, cmd), u.t("Help."+cmd.id)))
		}
	}
	if len(lines) == 0 {
		return cmdline.Usagef("%s", u.t("HelpNoCommand", "Word", wordsOf(words)))
	}
	u.tell(chat.Message{Text: strings.Join(lines, "\n")})
	return nil
}
