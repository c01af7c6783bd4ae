package i18n

import (
	"testing"
)

// TestPlainMessagesAsTemplates: every message that Text fills in
// itself reads as go-i18n writes it, whatever the values' types.
func TestPlainMessagesAsTemplates(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	values := []any{`Ann "A" <b> & {{.X}}`, 1234, int64(-70000), 2.5, true, uint(90000)}
	n := 0
	for _, lang := range Locales {
		if len(cat.plain[lang]) < 500 {
			t.Errorf("%s: only %d plain messages; the catalogue or its parsing changed", lang, len(cat.plain[lang]))
		}
		for id, m := range cat.plain[lang] {
			for i := range values {
				var kv []any
				for j, p := range m {
					if p.field != "" {
						kv = append(kv, p.field, values[(i+j)%len(values)])
					}
				}
				got, ok := m.fill(kv)
				if want := cat.localize(lang, id, kv); !ok || got != want {
					t.Errorf("%s %s %v: filled in %q (%v), go-i18n writes %q", lang, id, kv, got, ok, want)
				}
				n++
			}
		}
	}
	t.Logf("%d messages compared", n)
}

// TestPlainFallsBack: a field without a value, or with a value of
// another type, is left to go-i18n.
func TestPlainFallsBack(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := cat.plain["en"]["ChairOnly"]
	if !ok {
		t.Fatal("ChairOnly is not plain")
	}
	type name string
	for _, kv := range [][]any{nil, {"Chair", nil}, {"Chair", name("Kerstin")}, {"Chair", &struct{}{}}} {
		if s, ok := m.fill(kv); ok {
			t.Errorf("fill(%v) = %q, want a fall-back", kv, s)
		}
	}
	if got, want := cat.Text("en", "ChairOnly"), cat.localize("en", "ChairOnly", nil); got != want {
		t.Errorf("without a value: %q, want %q", got, want)
	}
	if got := cat.Text("en", "ChairOnly", "Chair", "A", "Chair", "B"); got != cat.localize("en", "ChairOnly", []any{"Chair", "B"}) {
		t.Errorf("a key given twice: %q, want the last value", got)
	}
	for _, tmpl := range []string{"{{if .A}}x{{end}}", "{{ .A }}", "{{.A | printf \"%d\"}}"} {
		if _, ok := parsePlain(tmpl); ok {
			t.Errorf("parsePlain(%q) is plain", tmpl)
		}
	}
}

// BenchmarkText says one message, as a vote's confirmation does.
func BenchmarkText(b *testing.B) {
	cat, err := Shared()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cat.Text("sv", "VoteRecorded", "Choice", "Ja")
	}
}
