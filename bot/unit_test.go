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
// the meeting and marks it changed (touch); the unit's finish saves it,
// once. No handler saves it itself, so none can save it twice, half-way
// or after its replies were queued.
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
				if se, ok := n.(*ast.SelectorExpr); ok && se.Sel.Name == "PutMeeting" {
					savers[fset.Position(se.Pos()).Filename+": "+fd.Name.Name] = true
				}
				return true
			})
		}
	}
	if len(savers) != 1 || !savers["bot.go: finish"] {
		t.Errorf("the meeting is saved by %v; want by the unit's finish alone", savers)
	}
}
