package i18n

import "testing"

func TestCatalogueRendersPlurals(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, id string
		kv       []any
		want     string
	}{
		{"en", "Turnout", []any{"Count", 1}, "1 vote"},
		{"en", "Turnout", []any{"Count", 3}, "3 votes"},
		{"sv", "Turnout", []any{"Count", 1}, "1 röst"},
		{"sv", "Turnout", []any{"Count", 0}, "0 röster"},
		{"en", "ErrNoSuchItem", []any{"N", 9, "Count", 1}, "There is no item 9: the agenda has 1."},
		{"sv", "ChairOnly", []any{"Chair", "Kerstin"}, "Det får bara ordföranden göra. Ordförande är Kerstin."},
	}
	for _, tt := range tests {
		if got := cat.Text(tt.lang, tt.id, tt.kv...); got != tt.want {
			t.Errorf("text(%s, %s, %v) = %q, want %q", tt.lang, tt.id, tt.kv, got, tt.want)
		}
	}
}
