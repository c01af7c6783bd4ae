package bot

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/klubba/klubba/bot/cmdline"
)

// TestSwedishNamesSwedishCommands: a command or flag that Swedish text
// shows (`…`) is written with its Swedish words, never the English ones,
// wherever a Swedish form exists.
func TestSwedishNamesSwedishCommands(t *testing.T) {
	data, err := os.ReadFile("i18n/locales/sv.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]any
	if err := yaml.Unmarshal(data, &msgs); err != nil {
		t.Fatal(err)
	}
	cmds := grammar()
	// The flags Swedish help shows are the Swedish forms, or flags
	// without one; --no-register has none either.
	swedishFlags := map[string]bool{"--no-register": true}
	flag := regexp.MustCompile(`--[\pL-]+`)
	english := map[string]bool{}
	for _, cmd := range cmds {
		for _, f := range flag.FindAllString(cmd.sv, -1) {
			swedishFlags[f] = true
		}
		for _, set := range []map[string]bool{cmd.valued, cmd.switches} {
			for f := range set {
				english["--"+f] = true
			}
		}
	}
	code := regexp.MustCompile("`([^`]+)`")
	check := func(id, text string) {
		for _, f := range flag.FindAllString(text, -1) {
			if english[f] && !swedishFlags[f] {
				t.Errorf("%s names the flag %s, not its Swedish form: %s", id, f, text)
			}
		}
		for _, m := range code.FindAllStringSubmatch(text, -1) {
			toks, err := cmdline.Tokenize(strings.TrimPrefix(m[1], "/klubba "))
			if err != nil || len(toks) == 0 {
				continue
			}
			if aliased := cmdline.Aliases(toks); !slices.Equal(aliased, toks) {
				continue // Swedish words
			}
			if cmd, _ := indexCommands(cmds).lookup(toks); cmd != nil && cmd.sv != "" {
				t.Errorf("%s shows the English command `%s`; in Swedish: `%s`", id, m[1], cmd.sv)
			}
		}
	}
	for id, v := range msgs {
		switch v := v.(type) {
		case string:
			check(id, v)
		case map[string]any: // plural forms
			for _, form := range v {
				if s, ok := form.(string); ok {
					check(id, s)
				}
			}
		}
	}
}
