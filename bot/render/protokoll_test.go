package render_test

import (
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/facilitation"
)

func TestFiguresByLanguage(t *testing.T) {
	cat, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 18, 2, 0, 0, time.UTC)
	tests := []struct {
		lang              string
		pct               float64
		wantPct, wantTime string
		dur               time.Duration
		wantDur           string
	}{
		{"sv", 59.836, "59,8 %", "18.02", 3 * time.Minute, "3 min"},
		{"sv", 57, "57 %", "18.02", 0, ""},
		{"en", 59.836, "59.8%", "18:02", 0, ""},
		{"en", 100, "100%", "18:02", 0, ""},
	}
	for _, tt := range tests {
		w := render.Words{Lang: tt.lang, Cat: cat}
		if got := w.Percent(tt.pct); got != tt.wantPct {
			t.Errorf("%s: Percent(%v) = %q, want %q", tt.lang, tt.pct, got, tt.wantPct)
		}
		if got := w.Clock(at); got != tt.wantTime {
			t.Errorf("%s: Clock = %q, want %q", tt.lang, got, tt.wantTime)
		}
		if tt.dur > 0 {
			if got := w.Dur(tt.dur); got != tt.wantDur {
				t.Errorf("%s: Dur(%v) = %q, want %q", tt.lang, tt.dur, got, tt.wantDur)
			}
		}
	}
	if got := (render.Words{Lang: "sv", Cat: cat}).Decimal(52.02725, 5); got != "52,02725" {
		t.Errorf("Decimal = %q, want 52,02725", got)
	}
}

// A register that shrank after people voted never says "12 of 11 have
// voted": the turnout explains that the register changed.
func TestTurnoutNeverMoreThanEligible(t *testing.T) {
	cat, _ := i18n.Shared()
	w := render.Words{Lang: "sv", Cat: cat}
	p := render.Poll{Poll: &facilitation.Poll{Register: true}, Eligible: 11}
	if got := w.Turnout(p, 12); strings.Contains(got, "12 av 11 har röstat") || !strings.Contains(got, "röstlängden ändrades") {
		t.Errorf("Turnout(12 of 11 eligible) = %q", got)
	}
	if got := w.Turnout(p, 10); got != "10 av 11 har röstat" {
		t.Errorf("Turnout(10 of 11) = %q", got)
	}
}

// The head lists attendance by surname, those struck from the register
// with the time, and counts those left on it.
func TestProtokollAttendanceBySurname(t *testing.T) {
	m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv"}, epoch)
	m.Register = facilitation.Register{Opened: epoch, Set: epoch, Count: 3,
		Changes: []facilitation.RegisterChange{{At: epoch.Add(70 * time.Minute), Who: "eve", Count: 3}}}
	v := view(t, m, "sv")
	v.Names = map[string]string{"ann": "Ann Öberg", "bo": "Bo Andersson", "cy": "Cy Zetterlund", "eve": "Eve Berg"}
	md := v.Minutes(render.Record{Register: []string{"ann", "cy", "bo"}})
	want := "Närvarande (3): Bo Andersson, Eve Berg (struken ur röstlängden kl. 19.10), Cy Zetterlund och Ann Öberg"
	if !strings.Contains(md, want) {
		t.Errorf("the head lacks %q:\n%s", want, md)
	}
	for _, w := range []string{"Ordföranden förklarade mötet öppnat kl. 18.00.", "Ort och datum", "Vid protokollet", "Justeras"} {
		if !strings.Contains(md, w) {
			t.Errorf("the protokoll lacks %q", w)
		}
	}
}
