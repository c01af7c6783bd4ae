package bot

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/klubba/klubba/facilitation"
)

func catalogueIDs(t *testing.T, lang string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("i18n/locales/" + lang + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.yaml: %v", lang, err)
	}
	ids := map[string]bool{}
	for id := range m {
		ids[id] = true
	}
	return ids
}

// TestCataloguesComplete: every message exists in every language, and
// every domain error code and command has its messages.
func TestCataloguesComplete(t *testing.T) {
	en, sv := catalogueIDs(t, "en"), catalogueIDs(t, "sv")
	for id := range en {
		if !sv[id] {
			t.Errorf("sv.yaml lacks %s", id)
		}
	}
	for id := range sv {
		if !en[id] {
			t.Errorf("en.yaml lacks %s", id)
		}
	}
	var need []string
	for _, cmd := range grammar() {
		need = append(need, "Help."+cmd.id)
	}
	for _, k := range []facilitation.Kind{facilitation.Speak, facilitation.Reply, facilitation.PointOfOrder, facilitation.Information} {
		need = append(need, "Queued"+string(k), "Floor"+string(k), "Kind"+string(k), "Lowered"+string(k))
	}
	for _, k := range []facilitation.PollKind{facilitation.Single, facilitation.Multi, facilitation.YesNo, facilitation.Fist, facilitation.Ranked, facilitation.Consent} {
		need = append(need, "PollKind"+string(k))
	}
	for _, v := range []facilitation.Visibility{facilitation.Open, facilitation.Anonymous, facilitation.Secret} {
		need = append(need, "Visibility"+string(v))
	}
	for _, p := range []facilitation.Policy{facilitation.FewestTurnsFirst, facilitation.FIFO, facilitation.Alternate} {
		need = append(need, "Policy"+string(p))
	}
	for _, k := range []facilitation.EntryKind{facilitation.Decision, facilitation.Action, facilitation.Note} {
		need = append(need, "Recorded"+string(k))
	}
	src, err := os.ReadFile("../facilitation/errors.go")
	if err != nil {
		t.Fatal(err)
	}
	tools, err := os.ReadFile("../facilitation/round.go") // the facilitation tools' codes
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, tools...)
	for _, line := range strings.Split(string(src), "\n") {
		if f := strings.Fields(line); len(f) >= 4 && f[1] == "Code" && f[2] == "=" {
			need = append(need, strings.Trim(f[3], `"`))
		}
	}
	if len(need) < 40 {
		t.Fatalf("found only %d required IDs; the scan is broken", len(need))
	}
	for _, id := range need {
		if !en[id] {
			t.Errorf("en.yaml lacks %s", id)
		}
	}
	if testing.Verbose() {
		t.Logf("%d messages in each catalogue", len(slices.Collect(maps.Keys(en))))
	}
}
