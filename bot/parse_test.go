package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
)

func TestLookup(t *testing.T) {
	ix := indexCommands(grammar())
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
		{"\"agenda\" add x", ""}, // nor is a quoted first word
		{"", ""},
	}
	for _, tt := range tests {
		toks, _ := cmdline.Tokenize(tt.in)
		cmd, _ := ix.lookup(toks)
		got := ""
		if cmd != nil {
			got = cmd.id
		}
		if got != tt.want {
			t.Errorf("lookup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// BenchmarkLookup finds the command of a few typical requests.
func BenchmarkLookup(b *testing.B) {
	ix := indexCommands(grammar())
	var requests [][]cmdline.Token
	for _, in := range []string{"hand", "vote 1 2", "agenda add \"Budget\"", "next item", "poll yesno \"Q\""} {
		toks, _ := cmdline.Tokenize(in)
		requests = append(requests, toks)
	}
	for b.Loop() {
		for _, toks := range requests {
			if cmd, _ := ix.lookup(toks); cmd == nil {
				b.Fatalf("no command for %v", toks)
			}
		}
	}
}

// TestEveryButtonRunsACommand: each button action the message model
// names is a column of one command's row in the table, except those the
// adapters answer themselves (a refresh, the template editor's link).
func TestEveryButtonRunsACommand(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../chat/actions.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	byAction := map[string][]string{}
	for _, cmd := range grammar() {
		if cmd.action != "" {
			byAction[cmd.action] = append(byAction[cmd.action], cmd.id)
		}
	}
	adapters := map[string]bool{chat.ActionRefresh: true, chat.ActionTemplateEdit: true}
	n := 0
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					continue
				}
				action, _ := strconv.Unquote(lit.Value)
				n++
				switch ids := byAction[action]; {
				case adapters[action] && len(ids) > 0:
					t.Errorf("%s is the adapters' to answer, yet runs %v", action, ids)
				case !adapters[action] && len(ids) != 1:
					t.Errorf("the button %s runs %v; want one command", action, ids)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("read %d actions from chat/actions.go; want them all", n)
	}
}

// TestSyntaxStartsWithPath: every usage line starts with its command's
// words, so that whether a command takes words can be read from it
// (bareSyntax).
func TestSyntaxStartsWithPath(t *testing.T) {
	bare := map[string]bool{}
	for _, cmd := range grammar() {
		if !strings.HasPrefix(cmd.syntax, strings.Join(cmd.path, " ")) {
			t.Errorf("%s: the syntax %q does not start with %q", cmd.id, cmd.syntax, strings.Join(cmd.path, " "))
		}
		bare[cmd.id] = cmd.bare
	}
	for id, want := range map[string]bool{"agenda": true, "end": true, "minutes": true, "demand.vote": true, "evaluate": true, "hand": true,
		"help": false, "poll.results": false, "vote": false, "register.import": false, "dots": false, "group": false} {
		if bare[id] != want {
			t.Errorf("%s: bare = %v, want %v", id, bare[id], want)
		}
	}
}
