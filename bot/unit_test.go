package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnlyFinishSavesTheMeeting: a command, a timer or a refusal changes
// the meeting and its minutes and marks them changed (touch,
// changedEntry); the unit's finish saves them, once. No handler saves
// them itself, so none can save them twice, half-way or after its replies
// were queued.
func TestOnlyFinishSavesTheMeeting(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	savers := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if se, ok := n.(*ast.SelectorExpr); ok && (se.Sel.Name == "PutMeeting" || se.Sel.Name == "PutEntry" || se.Sel.Name == "AddEntry") {
					savers[fset.Position(se.Pos()).Filename+": "+fd.Name.Name] = true
				}
				return true
			})
		}
	}
	if len(savers) != 2 || !savers["bot.go: finish"] || !savers["entries.go: saveMinutes"] {
		t.Errorf("the meeting and its minutes are saved by %v; want by the unit's finish (and its saveMinutes) alone", savers)
	}
}
