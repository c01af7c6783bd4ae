// Package klubba_test holds repository-wide tests: the import policy.
package klubba_test

import (
	"encoding/json"
	"fmt"
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
}

// policy is the import policy (docs/architecture.md, "The import policy") as an allow-list: for every
// package of the module, by its path inside the module ("" for the root),
// the prefixes of what it may import besides the standard library. A
// prefix matches itself and what lies under it: "bot" allows bot and
// bot/delivery, never botany; "=store" allows store alone, not what lies
// under it. Local packages are written inside the
// module ("." is the root package, embed.go), outside modules in full. Dependencies point inward: adapters
// -> bot -> store/typed -> store (the contract), facilitation; backends
// (store/bolt, store/etcd, store/mem) -> store and never bot (see
// checkPolicy); only cmd/klubba knows everything; each outside SDK has
// exactly one home (see sdkHomes).
// A new package fails TestImportPolicy until it has a line here.
var policy = map[string][]string{
	"":                   {},
	"facilitation":       {"facilitation/count"},
	"facilitation/count": {},
	"chat":               {},                                                             // the message model, a leaf
	"document":           {"codeberg.org/go-pdf/fpdf", "golang.org/x/image/font/gofont"}, // the protokoll's PDF and DOCX
	"bot":                {"bot/cmdline", "bot/i18n", "bot/render", "chat", "document", "facilitation", "=store", "store/typed", "github.com/goccy/go-yaml", "golang.org/x/time/rate"},
	"bot/render":         {"bot/i18n", "chat", "facilitation", "golang.org/x/text"}, // pure: no store, no clock
	"bot/cmdline":        {"facilitation"},
	"bot/i18n":           {"github.com/goccy/go-yaml", "github.com/nicksnyder/go-i18n/v2", "golang.org/x/text"},
	"bot/delivery":       {"bot", "chat"},
	"bot/bottest":        {"bot", "config", "facilitation", "store/record"},
	"config":             {"facilitation", "github.com/goccy/go-yaml"},
	"store":              {"chat"}, // the contract: records exchanged, and the backend interface
	"store/typed":        {"=store", "store/record", "facilitation"},
	"store/mem":          {"=store", "github.com/google/btree"},
	"store/bolt":         {"=store", "store/record", "go.etcd.io/bbolt"},
	"store/record":       {"=store", "facilitation", "github.com/go-json-experiment/json"},
	"store/etcd": {"=store", // issue 17; its embedded server (go.etcd.io/etcd/server) only in tests
		"go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/api/v3", "go.uber.org/zap", "github.com/google/btree"},
	"store/etcd/etcdlocal": {"go.etcd.io/etcd/server", "go.uber.org/zap"}, // an etcd in the process, for klubba-bench only
	"store/storetest":      {"=store", "store/typed", "chat", "facilitation"},
	"platform":             {"bot"}, // what a chat platform is to serve: a module, its section, a front end
	"adapters/console":     {"bot", "chat"},
	"adapters/slack": {"bot", "chat", "internal/httpguard", "internal/sealbox", "platform",
		"github.com/slack-go/slack", "github.com/go-json-experiment/json", "golang.org/x/sync/errgroup", "golang.org/x/time/rate"},
	"adapters/teams": {"bot", "chat", "internal/httpguard", "platform",
		"github.com/infracloudio/msbotbuilder-go", "github.com/golang-jwt/jwt/v5", "golang.org/x/oauth2"},
	"adapters/web":         {"bot", "chat", "facilitation", "golang.org/x/time/rate"},
	"internal/annualgen":   {"bot/cmdline"}, // the console handles, written as the aliases are: without å, ä, ö
	"internal/golden":      {},
	"internal/browsertest": {"github.com/chromedp/chromedp"}, // the browser tests' Chromium
	"internal/httpguard":   {},
	"internal/sealbox":     {},
	"internal/webhook":     {"bot", "chat", "platform"}, // a minimal platform, for tests of serve
	"examples/gen":         {},
	"deploy":               {},                                                                                                                           // its tests check the deployment files
	"cmd/klubba-bench":     {"adapters/slack", "bot", "chat", "facilitation", "internal/httpguard", "=store", "store/typed", "store/bolt", "store/etcd"}, // store/etcd/etcdlocal among them
	"cmd/klubba": {".", "adapters", "bot", "chat", "config", "facilitation", "internal/httpguard", "internal/sealbox", "platform", "store",
		"github.com/alecthomas/kong", "github.com/prometheus/client_golang", "golang.org/x/sync/errgroup"},
}

// sdkHomes names, for each outside SDK, the one package that may import
// it (besides cmd/klubba's wiring, which imports no SDK either).
var sdkHomes = map[string]string{
	"go.etcd.io/bbolt":                        "store/bolt",
	"codeberg.org/go-pdf/fpdf":                "document",
	"go.etcd.io/etcd":                         "store/etcd",
	"github.com/slack-go/slack":               "adapters/slack",
	"github.com/infracloudio/msbotbuilder-go": "adapters/teams",
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

// standard reports whether an import path is the standard library's: its
// first element has no dot.
func standard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// under reports whether path is prefix or lies under it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, strings.TrimSuffix(prefix, "/")+"/")
}

// allowed reports whether a package may import imp, by the allow-list:
// "." is the module's root package; an entry whose first element has no
// dot is a local prefix; any other is an outside module's prefix.
func allowed(allow []string, imp string) bool {
	for _, a := range allow {
		switch {
		case a == ".":
			if imp == module {
				return true
			}
		case strings.HasPrefix(a, "="):
			if imp == module+"/"+a[1:] {
				return true
			}
		case standard(a):
			if strings.HasPrefix(imp, module+"/") && under(local(imp), a) {
				return true
			}
		default:
			if under(imp, a) && !under(imp, module) {
				return true
			}
		}
	}
	return false
}

// checkPolicy returns every import of pkgs that the policy does not
// allow, every package the policy does not mention, and any dependency
// of the domain outside the standard library.
func checkPolicy(pkgs []pkg, policy map[string][]string) []error {
	var errs []error
	for _, p := range pkgs {
		me := local(p.ImportPath)
		allow, ok := policy[me]
		if !ok {
			errs = append(errs, fmt.Errorf("%s is not in the import policy: give it a line in deps_test.go", p.ImportPath))
			continue
		}
		for _, imp := range p.Imports {
			if standard(imp) || allowed(allow, imp) {
				continue
			}
			errs = append(errs, fmt.Errorf("%s imports %s, which the policy does not allow (dependencies point inward, docs/architecture.md, \"The import policy\")", me, imp))
		}
		if under(me, "store") {
			for _, d := range p.Deps {
				if under(d, module+"/bot") {
					errs = append(errs, fmt.Errorf("%s depends on %s; a store never depends on the bot", me, d))
				}
			}
		}
		if under(me, "facilitation") {
			for _, d := range p.Deps {
				if !standard(d) && !under(d, module+"/facilitation") {
					errs = append(errs, fmt.Errorf("facilitation depends on %s; the domain uses the standard library only", d))
				}
			}
		}
	}
	return errs
}

// TestImportPolicy checks every package of the module against the policy.
func TestImportPolicy(t *testing.T) {
	for _, err := range checkPolicy(listPackages(t), policy) {
		t.Error(err)
	}
}

// TestEtcdServerInTestsOnly: the embedded etcd server is for tests and
// the benchmark tool: only store/etcd/etcdlocal imports it, and Klubba
// itself (cmd/klubba) does not depend on it.
func TestEtcdServerInTestsOnly(t *testing.T) {
	for _, p := range listPackages(t) {
		me := local(p.ImportPath)
		for _, imp := range p.Imports {
			if under(imp, "go.etcd.io/etcd/server") && me != "store/etcd/etcdlocal" {
				t.Errorf("%s imports %s; the embedded etcd server is for tests only", p.ImportPath, imp)
			}
		}
		if me == "cmd/klubba" {
			for _, d := range p.Deps {
				if under(d, "go.etcd.io/etcd/server") || d == module+"/store/etcd/etcdlocal" {
					t.Errorf("cmd/klubba depends on %s; the embedded etcd server is not part of Klubba", d)
				}
			}
		}
	}
}

// TestPolicySDKHomes: the policy lets each outside SDK into its home
// package (and the packages under it) alone.
func TestPolicySDKHomes(t *testing.T) {
	for me, allow := range policy {
		for _, a := range allow {
			for sdk, home := range sdkHomes {
				if (under(a, sdk) || under(sdk, a)) && !under(me, home) {
					t.Errorf("the policy lets %s import %s; only %s may", me, a, home)
				}
			}
		}
	}
}

// TestPolicyCatches proves the checker on probes: imports the policy
// forbids, a package it does not know, and a domain with an outside
// dependency.
func TestPolicyCatches(t *testing.T) {
	m := func(path string) string { return module + "/" + path }
	for _, c := range []struct {
		name string
		p    pkg
		want string // in the one error expected; "" for none
	}{
		{"delivery imports an adapter", pkg{ImportPath: m("bot/delivery"), Imports: []string{"context", m("bot"), m("adapters/console")}}, "bot/delivery imports " + m("adapters/console")},
		{"bot imports a store", pkg{ImportPath: m("bot"), Imports: []string{m("facilitation"), m("store/bolt")}}, "bot imports " + m("store/bolt")},
		{"an adapter imports another", pkg{ImportPath: m("adapters/slack"), Imports: []string{m("bot"), m("adapters/teams")}}, "adapters/slack imports " + m("adapters/teams")},
		{"an adapter imports bbolt", pkg{ImportPath: m("adapters/teams"), Imports: []string{"go.etcd.io/bbolt"}}, "adapters/teams imports go.etcd.io/bbolt"},
		{"storetest imports the bolt store", pkg{ImportPath: m("store/storetest"), Imports: []string{m("store"), m("store/bolt")}}, "store/storetest imports"},
		{"a backend imports the bot", pkg{ImportPath: m("store/mem"), Imports: []string{m("store"), m("bot")}, Deps: []string{m("store")}}, "store/mem imports " + m("bot")},
		{"the typed layer depends on the bot", pkg{ImportPath: m("store/typed"), Imports: []string{m("store")}, Deps: []string{m("store"), m("bot")}}, "store/typed depends on " + m("bot")},
		{"a backend imports the typed layer", pkg{ImportPath: m("store/bolt"), Imports: []string{m("store/typed")}}, "store/bolt imports " + m("store/typed")},
		{"internal imports bot", pkg{ImportPath: m("internal/httpguard"), Imports: []string{m("bot")}}, "internal/httpguard imports"},
		{"a prefix is not a path prefix", pkg{ImportPath: m("bot/delivery"), Imports: []string{m("botany")}}, "imports " + m("botany")},
		{"the etcd store imports the embedded server", pkg{ImportPath: m("store/etcd"), Imports: []string{"go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/server/v3/embed"}}, "store/etcd imports go.etcd.io/etcd/server/v3/embed"},
		{"an unknown package", pkg{ImportPath: m("bot/newthing"), Imports: []string{"fmt"}}, "bot/newthing is not in the import policy"},
		{"the domain depends on a module", pkg{ImportPath: m("facilitation"), Deps: []string{"fmt", "github.com/x/y"}}, "facilitation depends on github.com/x/y"},
		{"allowed: an adapter imports delivery and its SDK", pkg{ImportPath: m("adapters/slack"), Imports: []string{m("bot/delivery"), "github.com/slack-go/slack/socketmode", "net/http"}}, ""},
		{"allowed: main imports the root package", pkg{ImportPath: m("cmd/klubba"), Imports: []string{module, m("store/bolt"), "github.com/alecthomas/kong"}}, ""},
	} {
		errs := checkPolicy([]pkg{c.p}, policy)
		switch {
		case c.want == "" && len(errs) != 0:
			t.Errorf("%s: %v, want no error", c.name, errs)
		case c.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want)):
			t.Errorf("%s: %v, want one error with %q", c.name, errs, c.want)
		}
	}
}
