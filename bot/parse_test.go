package bot

import (
	"testing"

	"github.com/klubba/klubba/bot/cmdline"
)

func TestLookup(t *testing.T) {
	cmds := grammar()
	tests := []struct {
		in   string
		want string
	}{
		{"agenda", "agenda"},
		{"agenda add \"x\"", "agenda.add"},
		{"AGENDA ADD x", "agenda.add"},
		{"next", "next"},
		{"next item", "next.item"},
		{"poll \"yesno\"", "poll"}, // a quoted word is a question, not a keyword
		{"poll yesno \"Q\"", "poll.yesno"},
		{"nonsense", ""},
	}
	for _, tt := range tests {
		toks, _ := cmdline.Tokenize(tt.in)
		cmd, _ := lookup(cmds, toks)
		got := ""
		if cmd != nil {
			got = cmd.id
		}
		if got != tt.want {
			t.Errorf("lookup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
