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
// voted": those struck after voting are counted, and the turnout
// explains that the register changed.
func TestTurnoutNeverMoreThanEligible(t *testing.T) {
	cat, _ := i18n.Shared()
	w := render.Words{Lang: "sv", Cat: cat}
	p := render.Poll{Poll: &facilitation.Poll{Register: true}, Eligible: 11}
	if got := w.Turnout(p, 12); strings.Contains(got, "12 av 11 har röstat") || !strings.Contains(got, "röstlängden justerades") {
		t.Errorf("Turnout(12 of 11 eligible) = %q", got)
	}
	kept := render.Poll{Poll: p.Poll, Eligible: 12, Kept: 1, Adjusted: true}
	if got, want := w.Turnout(kept, 12), "12 av 12 har röstat; röstlängden justerades under omröstningen, och den som ströks efter att ha röstat räknas med, eftersom rösten står kvar"; got != want {
		t.Errorf("Turnout(12 of 11 and 1 struck after voting) = %q, want %q", got, want)
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

// A voting between three proposals: a kontrapropositionsvotering finds
// the counter-proposal, and a counted main question between two
// proposals gives the figures per proposal, never "for" and "against".
func TestProtokollNarratesAVoting(t *testing.T) {
	m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv",
		Agenda: []facilitation.TemplateItem{{Title: "Motioner"}}}, epoch)
	item := m.CurrentItemID()
	m.Proposals = map[int]*facilitation.Proposals{item: {List: []facilitation.Proposal{
		{N: 1, Kind: facilitation.MainProposal, Text: "att bifalla motionen", By: "bo", Supporters: []string{"cy"}, At: epoch.Add(time.Minute)},
		{N: 2, Kind: facilitation.MainProposal, Text: "att avslå motionen", By: "cy", At: epoch.Add(2 * time.Minute)},
		{N: 3, Kind: facilitation.MainProposal, Text: "att bifalla motionen delvis", By: "dan", At: epoch.Add(3 * time.Minute)},
	}, Closed: true}}
	voting := &facilitation.Voting{ItemID: item, Order: []int{1, 2, 3}, Done: true, Steps: []facilitation.Step{
		{Kind: facilitation.StepCounter, Alternatives: []int{2, 3}, Declared: 1, Winner: 2, Done: true},
		{Kind: facilitation.StepMain, Alternatives: []int{1, 2}, Declared: 1, Poll: 7, Counts: []int{40, 57}, Abstained: 3, Winner: 2, Done: true},
	}}
	entries := []facilitation.Entry{{Kind: facilitation.Decision, Text: "att avslå motionen", ItemID: item, At: epoch.Add(10 * time.Minute),
		Voting: voting, Tally: &facilitation.Tally{For: 57, Against: 40, Abstained: 3},
		Reservations: []facilitation.Reservation{{Who: "bo", Reason: "Motionen var väl underbyggd."}}}}
	m.End(epoch.Add(20 * time.Minute))
	v := view(t, m, "sv")
	poll := render.Poll{Poll: &facilitation.Poll{ID: 7, Creator: "dan", ItemID: item, Closed: true, Options: []string{"a", "b"}}}
	md := v.Minutes(render.Record{Entries: entries, Polls: []render.Poll{poll}})
	for _, want := range []string{
		"Bo yrkade att bifalla motionen (yrkande 1). Cy instämde.\n\nCy yrkade att avslå motionen (yrkande 2).\n\nDan yrkade att bifalla motionen delvis (yrkande 3).",
		"Ordföranden ställde yrkande 2 mot yrkande 3 och fann att mötet utsett yrkande 2 till motförslag.",
		"Ordföranden ställde yrkande 1 mot yrkande 2 och fann att mötet bifallit yrkande 1. Votering begärdes av Dan. " +
			"Voteringen utföll med 40 röster för yrkande 1 och 57 för yrkande 2; 3 avstod. " +
			"Andel av de 97 röster som avgavs för något alternativ: yrkande 1 41,2 % och yrkande 2 58,8 %. Mötet hade därmed bifallit yrkande 2.",
		"Mötet beslutade\n\natt avslå motionen\n\n_Bo reserverade sig mot beslutet. Skäl: Motionen var väl underbyggd._",
		"Ordföranden förklarade mötet avslutat kl. 18.20.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the protokoll lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"emot", "votering:", "Omröstning #7", "Inget antecknades"} {
		if strings.Contains(md, bad) {
			t.Errorf("the protokoll has %q:\n%s", bad, md)
		}
	}
}
