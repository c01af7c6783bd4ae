// Package klubba_test holds repository-wide tests: the import policy.
package klubba_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/klubba/klubba"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Standard   bool
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 6 {
		t.Fatalf("go list found %d packages; the policy would check nothing", len(pkgs))
	}
	return pkgs
}

func local(path string) string { return strings.TrimPrefix(strings.TrimPrefix(path, module), "/") }

// TestImportPolicy keeps the arrows pointing inward (DESIGN §2):
// adapters -> bot -> facilitation, store/bolt -> bot, facilitation; only
// cmd/klubba knows everything; each outside SDK has exactly one home.
func TestImportPolicy(t *testing.T) {
	// SDK import path prefix -> the only package allowed to import it.
	homes := map[string]string{
		"go.etcd.io/bbolt":                        "store/bolt",
		"github.com/slack-go/slack":               "adapters/slack",
		"github.com/infracloudio/msbotbuilder-go": "adapters/teams",
	}
	// Local packages each package may not import.
	forbidden := map[string][]string{
		"facilitation":       {"bot", "store", "adapters", "config", "cmd"},
		"facilitation/count": {"facilitation", "bot", "store", "adapters", "config", "cmd"},
		"bot":                {"store", "adapters", "config", "cmd"},
		"store/bolt":         {"adapters", "config", "cmd"},
		"config":             {"bot", "store", "adapters", "cmd"},
	}
	for _, p := range listPackages(t) {
		me := local(p.ImportPath)
		for _, imp := range p.Imports {
			for sdk, home := range homes {
				if strings.HasPrefix(imp, sdk) && me != home {
					t.Errorf("%s imports %s; only %s may", me, imp, home)
				}
			}
			if !strings.HasPrefix(imp, module) {
				continue
			}
			dep := local(imp)
			rules := forbidden[me]
			if strings.HasPrefix(me, "adapters/") {
				rules = []string{"store", "config", "cmd", "adapters"}
			}
			for _, f := range rules {
				if (dep == f || strings.HasPrefix(dep, f+"/")) && !(strings.HasPrefix(me, "adapters/") && dep == me) {
					t.Errorf("%s imports %s: dependencies must point inward", me, dep)
				}
			}
		}
		if me == "facilitation" || strings.HasPrefix(me, "facilitation/") {
			for _, d := range p.Deps {
				if strings.Contains(strings.SplitN(d, "/", 2)[0], ".") && !strings.HasPrefix(d, module+"/facilitation/") {
					t.Errorf("facilitation depends on %s; the domain uses the standard library only", d)
				}
			}
		}
	}
}
