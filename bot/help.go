package bot

import (
	"fmt"
	"strings"

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
