package render_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/facilitation"
)

// TestPercentMissed: a share that missed its majority never reads as the
// majority it missed; where one decimal does not show that, more do.
func TestPercentMissed(t *testing.T) {
	cat, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang    string
		yes, no int
		m       facilitation.Majority
		want    string
	}{
		{"sv", 2001, 1001, facilitation.TwoThirds, "66,66 %"}, // 66.656…: "66,7 %" would read as two thirds
		{"sv", 5, 4, facilitation.TwoThirds, "55,6 %"},
		{"en", 2, 1, facilitation.ThreeQuarters, "66.7%"},
		{"en", 29999, 10001, facilitation.ThreeQuarters, "74.998%"}, // 74.9975…
		{"en", 200000, 100001, facilitation.TwoThirds, "66.666%"},   // 66.66644…,
		{"sv", 1, 1, facilitation.Absolute, "50 %"},
		{"sv", 0, 0, facilitation.TwoThirds, "0 %"},
	}
	for _, tt := range tests {
		w := render.Words{Lang: tt.lang, Cat: cat}
		if got := w.PercentMissed(tt.yes, tt.yes+tt.no, tt.m); got != tt.want {
			t.Errorf("%s: PercentMissed(%d, %d, %s) = %q, want %q", tt.lang, tt.yes, tt.yes+tt.no, tt.m, got, tt.want)
		}
	}
}

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
	// A deadline to the minute, but to the second for a window under a minute.
	for _, d := range []struct {
		lang   string
		window time.Duration
		want   string
	}{
		{"sv", 30 * time.Second, "18.02.30"},
		{"sv", time.Minute, "18.02"},
		{"en", 30 * time.Second, "18:02:30"},
		{"en", 15 * time.Minute, "18:02"},
	} {
		if got := (render.Words{Lang: d.lang, Cat: cat}).Deadline(at.Add(30*time.Second), d.window); got != d.want {
			t.Errorf("%s: Deadline(…, %v) = %q, want %q", d.lang, d.window, got, d.want)
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
// with the time, and counts as many as it names, as a protokoll does:
// the members present in person, those whose vote a proxy cast, and
// those struck, each counted apart.
func TestProtokollAttendanceBySurname(t *testing.T) {
	names := map[string]string{"ann": "Ann Öberg", "bo": "Bo Andersson", "cy": "Cy Zetterlund", "eve": "Eve Berg", "dag": "Dag Ek"}
	struck := func(who string, min int) facilitation.RegisterChange {
		return facilitation.RegisterChange{At: epoch.Add(time.Duration(min) * time.Minute), Who: who, Count: 3}
	}
	proxy := []facilitation.Proxy{{Holder: "bo", Member: "dag"}}
	tests := []struct {
		lang     string
		changes  []facilitation.RegisterChange
		proxies  []facilitation.Proxy
		register []string
		want     string
	}{
		{"sv", nil, nil, nil, "Närvarande (3 röstberättigade medlemmar): Bo Andersson, Cy Zetterlund och Ann Öberg  \n"},
		{"sv", []facilitation.RegisterChange{struck("eve", 70)}, nil, nil,
			"Närvarande (3 röstberättigade medlemmar, samt 1 struken ur röstlängden under mötet): Bo Andersson, Eve Berg (struken ur röstlängden kl. 19.10), Cy Zetterlund och Ann Öberg  \n"},
		{"sv", []facilitation.RegisterChange{struck("eve", 70), struck("dag", 75)}, nil, nil,
			"Närvarande (3 röstberättigade medlemmar, samt 2 strukna ur röstlängden under mötet): Bo Andersson, Eve Berg (struken ur röstlängden kl. 19.10), Dag Ek (struken ur röstlängden kl. 19.15), Cy Zetterlund och Ann Öberg  \n"},
		{"en", []facilitation.RegisterChange{struck("eve", 70)}, nil, nil,
			"Present (3 voting members, and 1 struck from the register during the meeting): Bo Andersson, Eve Berg (struck from the register at 19:10), Ann Öberg and Cy Zetterlund  \n"},
		{"sv", nil, proxy, []string{"ann", "cy", "bo", "dag"},
			"Närvarande (3 röstberättigade medlemmar, samt 1 genom fullmakt): Bo Andersson, Dag Ek (genom fullmakt till Bo Andersson), Cy Zetterlund och Ann Öberg  \n"},
		{"en", []facilitation.RegisterChange{struck("eve", 70)}, proxy, []string{"ann", "cy", "bo", "dag"},
			"Present (3 voting members, and 1 by proxy and 1 struck from the register during the meeting): "},
		{"sv", nil, proxy, []string{"bo", "dag"}, "Närvarande (1 röstberättigad medlem, samt 1 genom fullmakt): "},
		{"en", nil, proxy, []string{"bo", "dag"}, "Present (1 voting member, and 1 by proxy): "},
	}
	for _, tt := range tests {
		m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: tt.lang}, epoch)
		m.Register = facilitation.Register{Opened: epoch, Set: epoch, Count: 3, Changes: tt.changes, Proxies: tt.proxies}
		v := view(t, m, tt.lang)
		v.Names = names
		register := tt.register
		if register == nil {
			register = []string{"ann", "cy", "bo"}
		}
		md := v.Minutes(render.Record{Register: register})
		if !strings.Contains(md, tt.want) {
			t.Errorf("%s, %d struck, %d by proxy: the head lacks %q:\n%s", tt.lang, len(tt.changes), len(tt.proxies), tt.want, md)
		}
		if tt.lang != "sv" {
			continue
		}
		for _, w := range []string{"Ordföranden förklarade mötet öppnat kl. 18.00.", "Ort och datum", "Vid protokollet", "Justeras"} {
			if !strings.Contains(md, w) {
				t.Errorf("the protokoll lacks %q", w)
			}
		}
	}
}

// A voting between three proposals: one proposition on all three, a
// votering demanded on it (by Dan, though the chair opened the poll),
// a kontrapropositionsvotering that finds the counter-proposal, and a
// counted huvudvotering that gives the figures per proposal, never "for"
// and "against".
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
		{Kind: facilitation.StepProposition, Alternatives: []int{1, 2, 3}, Declared: 1, Demanded: true, DemandedBy: "dan", Winner: 1, Done: true},
		{Kind: facilitation.StepCounter, Alternatives: []int{2, 3}, Declared: 1, Winner: 2, Done: true},
		{Kind: facilitation.StepMain, Alternatives: []int{1, 2}, Demanded: true, Poll: 7, Counts: []int{40, 57}, Abstained: 3, Winner: 2, Done: true},
	}}
	entries := []facilitation.Entry{{Kind: facilitation.Decision, Text: "att avslå motionen", ItemID: item, At: epoch.Add(10 * time.Minute),
		Voting: voting, Tally: &facilitation.Tally{For: 57, Against: 40, Abstained: 3},
		Reservations: []facilitation.Reservation{{Who: "bo", Reason: "Motionen var väl underbyggd."}}}}
	m.End(epoch.Add(20 * time.Minute))
	v := view(t, m, "sv")
	poll := render.Poll{Poll: &facilitation.Poll{ID: 7, Creator: "ann", ItemID: item, Closed: true, Options: []string{"a", "b"}}}
	md := v.Minutes(render.Record{Entries: entries, Polls: []render.Poll{poll}})
	for _, want := range []string{
		"Bo yrkade att bifalla motionen (yrkande 1). Cy instämde.\n\nCy yrkade att avslå motionen (yrkande 2).\n\nDan yrkade att bifalla motionen delvis (yrkande 3).",
		"Ordföranden ställde proposition på yrkande 1, 2 och 3 och fann att mötet bifallit yrkande 1. Votering begärdes av Dan. " +
			"Yrkande 1 blev därmed huvudförslag, och motförslaget utsågs i kontrapropositionsvotering.",
		"Ordföranden ställde yrkande 2 mot yrkande 3 och fann att mötet utsett yrkande 2 till motförslag.",
		"I huvudvoteringen ställdes yrkande 1, huvudförslaget, mot yrkande 2, motförslaget. " +
			"Voteringen utföll med 40 röster för yrkande 1, 57 för yrkande 2 och 3 blanka. " +
			"Andel av de 97 röster som avgavs för något alternativ: yrkande 1 41,2 % och yrkande 2 58,8 %. Mötet hade därmed bifallit yrkande 2.",
		"Mötet beslutade\n\natt avslå motionen\n\n_Bo reserverade sig mot beslutet. Skäl: Motionen var väl underbyggd._",
		"Ordföranden förklarade mötet avslutat kl. 18.20.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the protokoll lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"emot", "votering:", "Omröstning #7", "Inget antecknades", "yrkande 1 mot yrkande 2 och", "av Ann", "avstod"} {
		if strings.Contains(md, bad) {
			t.Errorf("the protokoll has %q:\n%s", bad, md)
		}
	}
}

// Each kind of question reads as the chair put it, in the order things
// happened: an ändringsyrkande against the wording it changes, a tie
// broken by the chair's casting vote, a tilläggsyrkande that fell with
// what it added to, and an adjournment during a votering between the
// question and the figures.
func TestProtokollNarratesEachQuestion(t *testing.T) {
	at := func(min int) time.Time { return epoch.Add(time.Duration(min) * time.Minute) }
	proposals := []facilitation.Proposal{
		{N: 1, Kind: facilitation.MainProposal, Text: "att avgiften är 300 kronor", By: "bo", At: at(1)},
		{N: 2, Kind: facilitation.MainProposal, Text: "att avgiften är 400 kronor", By: "cy", At: at(1)},
		{N: 3, Kind: facilitation.Amendment, Amends: 2, Text: "att höjningen gäller från 2028", By: "dan", At: at(1)},
		{N: 4, Kind: facilitation.Addition, Amends: 2, Text: "att styrelsen informerar", By: "bo", At: at(1)},
	}
	amendment := facilitation.Step{Kind: facilitation.StepAmendment, Alternatives: []int{3, facilitation.Reject},
		Declared: 1, DeclaredAt: at(2), Winner: 3, Done: true}
	tests := []struct {
		name   string
		lang   string // sv unless set
		steps  []facilitation.Step
		notes  []facilitation.Entry
		want   []string
		unwant []string
	}{{
		name: "ändringsyrkande",
		steps: []facilitation.Step{amendment, {Kind: facilitation.StepProposition, Alternatives: []int{1, 2}, Declared: 2, DeclaredAt: at(3), Winner: 2, Done: true},
			{Kind: facilitation.StepAddition, Alternatives: []int{4, facilitation.Reject}, Declared: 2, DeclaredAt: at(4), Winner: facilitation.Reject, Done: true}},
		want: []string{"Ordföranden ställde ändringsyrkande 3 mot lydelsen i yrkande 2 och fann att mötet bifallit yrkande 3.",
			"Ordföranden ställde yrkande 4 mot avslag och fann att mötet avslagit yrkande 4."},
		unwant: []string{"yrkande 3 mot avslag", "föll"},
	}, {
		name:  "put as amended",
		lang:  "en",
		steps: []facilitation.Step{amendment, {Kind: facilitation.StepProposition, Alternatives: []int{1, 2}, Declared: 2, DeclaredAt: at(3), Winner: 2, Done: true}},
		want: []string{"The chair put amendment 3 against the wording of proposal 2 and found that the meeting had carried proposal 3.",
			"The chair put proposal 1 against proposal 2 as amended by proposal 3 and found that the meeting had carried proposal 2."},
		unwant: []string{"proposal 1 against proposal 2 and"},
	}, {
		name: "ändringsyrkande avslaget",
		steps: []facilitation.Step{{Kind: facilitation.StepAmendment, Alternatives: []int{3, facilitation.Reject}, Declared: 2, DeclaredAt: at(2), Winner: facilitation.Reject, Done: true},
			{Kind: facilitation.StepProposition, Alternatives: []int{1, 2}, Declared: 2, DeclaredAt: at(3), Winner: 2, Done: true}},
		want:   []string{"Ordföranden ställde yrkande 1 mot yrkande 2 och fann att mötet bifallit yrkande 2."},
		unwant: []string{"med ändringen"},
	}, {
		name: "huvudvotering med ändring",
		steps: []facilitation.Step{amendment,
			{Kind: facilitation.StepMain, Alternatives: []int{2, 1}, Demanded: true, DemandedBy: "bo", Poll: 7, Counts: []int{5, 1}, Winner: 2, Done: true}},
		want: []string{"I huvudvoteringen ställdes yrkande 2 med ändringen i yrkande 3, huvudförslaget, mot yrkande 1, motförslaget."},
	}, {
		name: "utslagsröst",
		steps: []facilitation.Step{amendment, {Kind: facilitation.StepProposition, Alternatives: []int{1, 2}, Declared: 2, DeclaredAt: at(3),
			Demanded: true, DemandedBy: "bo", Poll: 7, Counts: []int{4, 4}, Casting: true, Winner: 1, Done: true}},
		want: []string{"Voteringen utföll med 4 röster för yrkande 1 och 4 för yrkande 2. " +
			"Andel av de 8 röster som avgavs för något alternativ: yrkande 1 50 % och yrkande 2 50 %. " +
			"Röstetalen var lika, och ordförandens utslagsröst avgjorde för yrkande 1. Mötet hade därmed bifallit yrkande 1."},
	}, {
		name:  "tillägg faller",
		steps: []facilitation.Step{amendment, {Kind: facilitation.StepProposition, Alternatives: []int{1, 2}, Declared: 1, DeclaredAt: at(3), Winner: 1, Done: true}},
		want: []string{"Ordföranden ställde yrkande 1 mot yrkande 2 med ändringen i yrkande 3 och fann att mötet bifallit yrkande 1.\n\n" +
			"Tilläggsyrkande 4 föll, eftersom yrkande 2 inte bifölls.\n\nMötet beslutade"},
	}, {
		name: "ajournering under votering",
		steps: []facilitation.Step{amendment, {Kind: facilitation.StepProposition, Alternatives: []int{1, 2}, Declared: 2, DeclaredAt: at(3),
			Demanded: true, DemandedBy: "bo", Poll: 7, Counts: []int{1, 5}, Winner: 2, Done: true},
			{Kind: facilitation.StepAddition, Alternatives: []int{4, facilitation.Reject}, Declared: 1, DeclaredAt: at(20), Winner: 4, Done: true}},
		notes: []facilitation.Entry{{Kind: facilitation.Note, Text: "Mötet ajournerades kl. 18.04–18.14.", At: at(4)}},
		want: []string{"Ordföranden föreslog följande propositionsordning",
			"Ordföranden ställde yrkande 1 mot yrkande 2 med ändringen i yrkande 3 och fann att mötet bifallit yrkande 2. Votering begärdes av Bo.\n\n" +
				"Mötet ajournerades kl. 18.04–18.14.\n\nVoteringen utföll med 1 röst för yrkande 1 och 5 för yrkande 2.",
			"Ordföranden ställde yrkande 4 mot avslag och fann att mötet bifallit yrkande 4."},
		unwant: []string{"Mötet ajournerades kl. 18.04–18.14.\n\nOrdföranden föreslog"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv",
				Agenda: []facilitation.TemplateItem{{Title: "Medlemsavgift"}}}, epoch)
			item := m.CurrentItemID()
			m.Proposals = map[int]*facilitation.Proposals{item: {List: proposals, Closed: true}}
			voting := &facilitation.Voting{ItemID: item, Order: []int{3, 1, 2, 4}, Done: true, Steps: tt.steps}
			var entries []facilitation.Entry
			for _, n := range tt.notes {
				n.ItemID = item
				entries = append(entries, n)
			}
			entries = append(entries, facilitation.Entry{Kind: facilitation.Decision, Text: "att avgiften bestäms", ItemID: item, At: at(30), Voting: voting})
			m.End(at(40))
			poll := render.Poll{Poll: &facilitation.Poll{ID: 7, Creator: "ann", ItemID: item, Created: at(3), Closed: true, ClosedAt: at(16), Options: []string{"a", "b"}}}
			rec := render.Record{Entries: entries}
			if slices.ContainsFunc(tt.steps, func(s facilitation.Step) bool { return s.Poll == 7 }) {
				rec.Polls = []render.Poll{poll}
			}
			lang := tt.lang
			if lang == "" {
				lang = "sv"
			}
			md := view(t, m, lang).Minutes(rec)
			wantProtokoll(t, md, tt.want, tt.unwant)
		})
	}
}

// A meeting the chair closes before the agenda's end: the items never
// reached are left out rather than written as empty §§, those passed
// over say so, and the closing has a heading of its own after the last §
// reached, not a place inside a matter's §. Closed in its last item, it
// closes there.
func TestProtokollEndsWhereTheMeetingClosed(t *testing.T) {
	agenda := []facilitation.TemplateItem{{Title: "Mötets öppnande"}, {Title: "Val av ledamöter"}, {Title: "Övriga frågor"}, {Title: "Mötets avslutande"}}
	for _, tt := range []struct {
		name     string
		jumps    []int // the items the chair goes to, in turn
		want     string
		notThere []string
	}{
		{"closed early: under a heading of its own after the last § reached", []int{2},
			"## § 2 Val av ledamöter\n\nInget antecknades.\n\n## Mötets avslutande\n\nOrdföranden förklarade mötet avslutat kl. 18.20.\n\nOrt och datum",
			[]string{"Övriga frågor", "§ 3", "§ 4"}},
		{"an item passed over says so", []int{3},
			"## § 2 Val av ledamöter\n\nPunkten behandlades inte.\n\n## § 3 Övriga frågor\n\nInget antecknades.\n\n## Mötets avslutande",
			[]string{"§ 4"}},
		{"closed in the last item: in its §", []int{2, 3, 4},
			"## § 4 Mötets avslutande\n\nOrdföranden förklarade mötet avslutat kl. 18.20.\n\nOrt och datum",
			[]string{"§ 5", "behandlades inte"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv", Agenda: agenda}, epoch)
			for i, n := range tt.jumps {
				if _, err := m.Agenda.Jump(n, epoch.Add(time.Duration(i+1)*time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			m.End(epoch.Add(20 * time.Minute))
			md := view(t, m, "sv").Minutes(render.Record{})
			if !strings.Contains(md, tt.want) {
				t.Errorf("the protokoll lacks %q:\n%s", tt.want, md)
			}
			for _, bad := range tt.notThere {
				if strings.Contains(md, bad) {
					t.Errorf("the protokoll has %q:\n%s", bad, md)
				}
			}
		})
	}
}

// A decision's figures agree in number: "1 röst", "2 röster".
func TestTallyInNumber(t *testing.T) {
	cat, _ := i18n.Shared()
	w := render.Words{Lang: "sv", Cat: cat}
	for _, tt := range []struct {
		tally facilitation.Tally
		want  string
	}{
		{facilitation.Tally{For: 1, Against: 1}, "(votering: 1 röst för, 1 emot)"},
		{facilitation.Tally{For: 2, Against: 1, Abstained: 1}, "(votering: 2 röster för, 1 emot, 1 blank röst)"},
	} {
		if got := w.Tally(&tt.tally); got != tt.want {
			t.Errorf("Tally(%+v) = %q, want %q", tt.tally, got, tt.want)
		}
	}
}

// A single-seat election that needs an absolute majority: the first
// round's figures, that nobody got more than half and who meet in the
// new round, the new round, and who was elected, or that nobody was.
func TestProtokollNarratesANewRound(t *testing.T) {
	tests := []struct {
		name   string
		second []int // the new round's ballots: 0 Kerstin, 1 Lars
		want   []string
		unwant []string
	}{{
		name:   "elected in the new round",
		second: []int{0, 0, 1},
		want: []string{"Val av ordförande för 2027 (sluten, omgång 1): 5 röstade.\n\n" +
			"Röster, i ordning efter antal: Kerstin Ek 2, Lars Dahl 2, Sara Lind 1.\n\n" +
			"Ingen fick mer än hälften av rösterna; ny omgång mellan Kerstin Ek och Lars Dahl.\n\n" +
			"Val av ordförande för 2027 (sluten, omgång 2): 3 röstade.\n\n" +
			"Röster, i ordning efter antal: Kerstin Ek 2, Lars Dahl 1.\n\n" +
			"Mötet beslutade\n\natt till ordförande för 2027 välja Kerstin Ek"},
		unwant: []string{"Ingen valdes"},
	}, {
		name:   "nobody voted in the new round",
		want:   []string{"Val av ordförande för 2027 (sluten, omgång 2): 0 röstade.\n\nIngen valdes."},
		unwant: []string{"Kerstin Ek 0", "välja"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv",
				Agenda: []facilitation.TemplateItem{{Title: "Val av ordförande"}}}, epoch)
			item := m.CurrentItemID()
			poll := func(id int64, at time.Time, options []string, ballots []int) render.Poll {
				p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Val av ordförande för 2027", Kind: facilitation.Elect, Seats: 1,
					Options: options, Visibility: facilitation.Secret, Majority: facilitation.Absolute}, "ann", at)
				if err != nil {
					t.Fatal(err)
				}
				p.ID, p.ItemID = id, item
				for i, b := range ballots {
					if _, err := p.Vote(facilitation.Everyone, string(rune('a'+i)), facilitation.Ballot{b}); err != nil {
						t.Fatal(err)
					}
				}
				if err := p.Close(at.Add(time.Minute), "ann"); err != nil {
					t.Fatal(err)
				}
				return render.Poll{Poll: p}
			}
			first := poll(1, epoch.Add(time.Minute), []string{"Kerstin Ek", "Lars Dahl", "Sara Lind"}, []int{0, 1, 0, 1, 2})
			second := poll(2, epoch.Add(3*time.Minute), []string{"Kerstin Ek", "Lars Dahl"}, tt.second)
			m.End(epoch.Add(10 * time.Minute))
			md := view(t, m, "sv").Minutes(render.Record{Polls: []render.Poll{first, second}})
			wantProtokoll(t, md, tt.want, tt.unwant)
		})
	}
}

// An election's att-sats names the post inside the sentence, so a title
// that only starts with a capital, as a poll's title does, is written in
// lower case there in Swedish; a word in capitals keeps them, and English
// keeps the title as given, in parentheses.
func TestElectionClauseWritesThePostInTheSentence(t *testing.T) {
	for _, tt := range []struct{ lang, question, want string }{
		{"sv", "Ordförande för ett år", "att till ordförande för ett år välja Anna Ahl"},
		{"sv", "Val av Ordförande", "att till ordförande välja Anna Ahl"},
		{"sv", "Ledamöter i styrelsen för två år", "att till ledamöter i styrelsen för två år välja Anna Ahl"},
		{"sv", "VD", "att till VD välja Anna Ahl"},
		{"sv", "IT-ansvarig", "att till IT-ansvarig välja Anna Ahl"},
		{"en", "Chair for one year", "that Anna Ahl be elected (Chair for one year)"},
	} {
		t.Run(tt.question, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: tt.lang,
				Agenda: []facilitation.TemplateItem{{Title: "Val"}}}, epoch)
			p, err := facilitation.NewPoll(facilitation.PollSpec{Question: tt.question, Kind: facilitation.Elect, Seats: 1,
				Options: []string{"Anna Ahl", "Bo Berg"}, Visibility: facilitation.Secret}, "ann", epoch)
			if err != nil {
				t.Fatal(err)
			}
			p.ID, p.ItemID = 1, m.CurrentItemID()
			for i, b := range []int{0, 0, 1} {
				if _, err := p.Vote(facilitation.Everyone, string(rune('a'+i)), facilitation.Ballot{b}); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(epoch.Add(time.Minute), "ann"); err != nil {
				t.Fatal(err)
			}
			m.End(epoch.Add(10 * time.Minute))
			md := view(t, m, tt.lang).Minutes(render.Record{Polls: []render.Poll{{Poll: p}}})
			wantProtokoll(t, md, []string{tt.want}, nil)
		})
	}
}

// A question that missed the qualified majority it needed: the
// protokoll tells, in the past tense, what it required and that the
// proposal fell, and writes no majority under the avslag, which needed
// none; a carried one has the majority it required under its att-sats.
func TestProtokollQualifiedMajority(t *testing.T) {
	tests := []struct {
		name   string
		counts []int
		lost   bool
		winner int
		clause string
		want   []string
		unwant []string
	}{{
		name: "lost", counts: []int{5, 4}, lost: true, winner: facilitation.Reject, clause: "att avslå yrkandet",
		want: []string{"Voteringen utföll med 5 röster för yrkande 1 och 4 för avslag. " +
			"Andel av de 9 röster som avgavs för något alternativ: yrkande 1 55,6 % och avslag 44,4 %. " +
			"Beslutet krävde två tredjedelars majoritet, och yrkande 1 föll.\n\nMötet beslutade\n\natt avslå yrkandet\n\n## §"},
		unwant: []string{"kräver", "har fallit", "_Beslutet krävde", "Bifall fick"},
	}, {
		name: "carried", counts: []int{7, 2}, winner: 1, clause: "att ändra stadgarna",
		want: []string{"Mötet hade därmed bifallit yrkande 1.\n\nMötet beslutade\n\natt ändra stadgarna\n\n_Beslutet krävde två tredjedelars majoritet._"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv",
				Agenda: []facilitation.TemplateItem{{Title: "Stadgeändring"}, {Title: "Övriga frågor"}}}, epoch)
			item := m.CurrentItemID()
			m.Proposals = map[int]*facilitation.Proposals{item: {List: []facilitation.Proposal{
				{N: 1, Kind: facilitation.MainProposal, Text: "att ändra stadgarna", By: "bo", At: epoch.Add(time.Minute)}}, Closed: true}}
			voting := &facilitation.Voting{ItemID: item, Order: []int{1}, Done: true, Steps: []facilitation.Step{
				{Kind: facilitation.StepProposition, Alternatives: []int{1, facilitation.Reject}, Declared: 1, DeclaredAt: epoch.Add(2 * time.Minute),
					Demanded: true, DemandedBy: "cy", Poll: 7, Counts: tt.counts, Majority: facilitation.Majority("2/3"), Lost: tt.lost, Winner: tt.winner, Done: true}}}
			entries := []facilitation.Entry{{Kind: facilitation.Decision, Text: tt.clause, ItemID: item, At: epoch.Add(5 * time.Minute),
				Voting: voting, Majority: facilitation.Majority("2/3")}}
			if _, err := m.Agenda.Next(epoch.Add(6 * time.Minute)); err != nil {
				t.Fatal(err)
			}
			m.End(epoch.Add(10 * time.Minute))
			poll := render.Poll{Poll: &facilitation.Poll{ID: 7, Creator: "ann", ItemID: item, Created: epoch.Add(2 * time.Minute),
				Closed: true, ClosedAt: epoch.Add(4 * time.Minute), Options: []string{"a", "b"}}}
			md := view(t, m, "sv").Minutes(render.Record{Entries: entries, Polls: []render.Poll{poll}})
			wantProtokoll(t, md, tt.want, tt.unwant)
		})
	}
}

// A votering as it was held: a sluten votering says so, blank ballots
// are "blanka", and an öppen votering records who voted for what.
func TestProtokollVoteringKind(t *testing.T) {
	tests := []struct {
		name   string
		vis    facilitation.Visibility
		want   []string
		unwant []string
	}{{
		name:   "sluten",
		vis:    facilitation.Secret,
		want:   []string{"Sluten votering begärdes av Dan Dahl. Voteringen utföll med 2 röster för yrkande 1, 1 för avslag och 1 blank."},
		unwant: []string{"röstade Bo", "avstod"},
	}, {
		name: "öppen",
		vis:  facilitation.Open,
		want: []string{"Votering begärdes av Dan Dahl. Voteringen utföll med 2 röster för yrkande 1, 1 för avslag och 1 blank. " +
			"Andel av de 3 röster som avgavs för något alternativ: yrkande 1 66,7 % och avslag 33,3 %. " +
			"För yrkande 1 röstade Eve Andersson och Bo Berg. För avslag röstade Cy Ceder. Blankt röstade Dan Dahl."},
		unwant: []string{"Sluten", "avstod"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv",
				Agenda: []facilitation.TemplateItem{{Title: "Motion"}}}, epoch)
			item := m.CurrentItemID()
			m.Proposals = map[int]*facilitation.Proposals{item: {List: []facilitation.Proposal{
				{N: 1, Kind: facilitation.MainProposal, Text: "att bifalla motionen", By: "bo", At: epoch.Add(time.Minute)}}, Closed: true}}
			p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Votering: Motion", Kind: facilitation.Single,
				Options: []string{"yrkande 1", "avslag"}, Visibility: tt.vis}, "ann", epoch.Add(2*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			p.ID, p.ItemID = 7, item
			for _, v := range []struct {
				who string
				b   facilitation.Ballot
			}{{"bo", facilitation.Ballot{0}}, {"eve", facilitation.Ballot{0}}, {"cy", facilitation.Ballot{1}}, {"dan", facilitation.Ballot{}}} {
				if _, err := p.Vote(facilitation.Everyone, v.who, v.b); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(epoch.Add(4*time.Minute), "ann"); err != nil {
				t.Fatal(err)
			}
			voting := &facilitation.Voting{ItemID: item, Order: []int{1}, Done: true, Steps: []facilitation.Step{
				{Kind: facilitation.StepProposition, Alternatives: []int{1, facilitation.Reject}, Declared: 1, DeclaredAt: epoch.Add(2 * time.Minute),
					Demanded: true, DemandedBy: "dan", Secret: tt.vis == facilitation.Secret, Poll: 7, Counts: []int{2, 1}, Abstained: 1, Winner: 1, Done: true}}}
			entries := []facilitation.Entry{{Kind: facilitation.Decision, Text: "att bifalla motionen", ItemID: item, At: epoch.Add(5 * time.Minute), Voting: voting}}
			m.End(epoch.Add(10 * time.Minute))
			v := view(t, m, "sv")
			v.Names = map[string]string{"ann": "Ann Ek", "bo": "Bo Berg", "cy": "Cy Ceder", "dan": "Dan Dahl", "eve": "Eve Andersson"}
			md := v.Minutes(render.Record{Entries: entries, Polls: []render.Poll{{Poll: p}}})
			wantProtokoll(t, md, tt.want, tt.unwant)
		})
	}
}

// The percentages of one result are written to one precision: the bars'
// shares as the outcome's and the protokoll's, "55,6 %", never "56 %"
// beside "55,6 %".
func TestResultPercentsOnePrecision(t *testing.T) {
	tests := []struct {
		name     string
		spec     facilitation.PollSpec
		ballots  []int
		want     []string
		unwanted []string
	}{{
		name: "qualified majority missed",
		spec: facilitation.PollSpec{Question: "Votering", Kind: facilitation.Single, Options: []string{"yrkande 1", "avslag"},
			Majority: facilitation.Majority("2/3")},
		ballots:  []int{0, 0, 0, 0, 0, 1, 1, 1, 1},
		want:     []string{"(55,6 %)", "55,6 %", "44,4 %"},
		unwanted: []string{"56 %", "44 %"},
	}, {
		name:     "carried among votes cast",
		spec:     facilitation.PollSpec{Question: "Bifall?", Kind: facilitation.YesNo, Options: []string{"Ja", "Nej", "Avstår"}},
		ballots:  []int{0, 0, 1, 2},
		want:     []string{"vinner med 2 av 3 avgivna röster för ett alternativ (66,7 %)."},
		unwanted: []string{"(67 %)"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Locale: "sv"}, epoch)
			tt.spec.Visibility = facilitation.Anonymous
			p, err := facilitation.NewPoll(tt.spec, "ann", epoch)
			if err != nil {
				t.Fatal(err)
			}
			for i, b := range tt.ballots {
				if _, err := p.Vote(facilitation.Everyone, string(rune('a'+i)), facilitation.Ballot{b}); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(epoch.Add(time.Minute), "ann"); err != nil {
				t.Fatal(err)
			}
			msg := view(t, m, "sv").Results(render.Poll{Poll: p})
			text := msg.Text
			for _, b := range msg.Chart {
				text += "\n" + b.Share
			}
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("the result lacks %q:\n%s", want, text)
				}
			}
			for _, bad := range tt.unwanted {
				if strings.Contains(text, bad) {
					t.Errorf("the result has %q:\n%s", bad, text)
				}
			}
		})
	}
}

// Smaller points of the protokoll's wording: the propositionsordning's
// "som", a poll's --exclude told as such (not as a jäv nobody declared)
// beside a jäv on the item, and a running meeting's head, which has no
// end time yet.
func TestProtokollWording(t *testing.T) {
	m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: "sv",
		Agenda: []facilitation.TemplateItem{{Title: "Motioner"}}}, epoch)
	item := m.CurrentItemID()
	m.Agenda.Item(item).Recused = []string{"cy"}
	m.Proposals = map[int]*facilitation.Proposals{item: {List: []facilitation.Proposal{
		{N: 1, Kind: facilitation.MainProposal, Text: "att bifalla", By: "bo", At: epoch.Add(time.Minute)},
		{N: 2, Kind: facilitation.MainProposal, Text: "att avslå", By: "cy", At: epoch.Add(time.Minute)},
		{N: 3, Kind: facilitation.MainProposal, Text: "att bordlägga", By: "dan", At: epoch.Add(time.Minute)}}, Closed: true}}
	voting := &facilitation.Voting{ItemID: item, Order: []int{1, 2, 3}, Steps: []facilitation.Step{
		{Kind: facilitation.StepProposition, Alternatives: []int{1, 2, 3}}}}
	m.Voting = voting
	poll, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Val av kassör", Kind: facilitation.Elect, Seats: 1,
		Options: []string{"Eva", "Fia"}, Visibility: facilitation.Secret, Excluded: []string{"bo", "cy"}}, "ann", epoch.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	poll.ID, poll.ItemID = 3, item
	if _, err := poll.Vote(facilitation.Everyone, "dan", facilitation.Ballot{0}); err != nil {
		t.Fatal(err)
	}
	if err := poll.Close(epoch.Add(3*time.Minute), "ann"); err != nil {
		t.Fatal(err)
	}
	entries := []facilitation.Entry{{Kind: facilitation.Decision, Text: "att bifalla", ItemID: item, At: epoch.Add(4 * time.Minute), Voting: voting}}
	md := view(t, m, "sv").Minutes(render.Record{Entries: entries, Polls: []render.Poll{{Poll: poll}}})
	for _, want := range []string{
		"Begärs votering blir det yrkande som ordföranden finner bifallet huvudförslag",
		"Cy deltog inte i beslutet på grund av jäv.\n\nBo deltog inte i omröstningen.",
		"Datum: 2026-11-27, från kl. 18.00  \n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the protokoll lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"Bo anmälde jäv", "Bo och Cy anmälde", "kl. 18.00–"} {
		if strings.Contains(md, bad) {
			t.Errorf("the protokoll has %q:\n%s", bad, md)
		}
	}
}

// wantProtokoll checks that the protokoll md says each of want and none
// of unwant.
func wantProtokoll(t *testing.T, md string, want, unwant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(md, w) {
			t.Errorf("the protokoll lacks %q:\n%s", w, md)
		}
	}
	for _, bad := range unwant {
		if strings.Contains(md, bad) {
			t.Errorf("the protokoll has %q:\n%s", bad, md)
		}
	}
}

// A long attendance goes into the appendix, and the head counts those
// present in person apart from those whose vote a proxy cast, as a
// protokoll reads: "Närvarande: 25 röstberättigade medlemmar, samt 1
// genom fullmakt (bilaga 1)", not "Närvarande: 26".
func TestProtokollAttendanceAppendixCountsProxies(t *testing.T) {
	for _, tt := range []struct{ lang, head, appendix string }{
		{"sv", "Närvarande: 25 röstberättigade medlemmar, samt 1 genom fullmakt (bilaga 1)  \n", "## Bilaga 1: röstlängd (26)"},
		{"en", "Present: 25 voting members, and 1 by proxy (appendix 1)  \n", "## Appendix 1: attendance (26)"},
	} {
		m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Protocol: true, Locale: tt.lang}, epoch)
		m.Register = facilitation.Register{Opened: epoch, Set: epoch, Count: 26, Proxies: []facilitation.Proxy{{Holder: "m1", Member: "lars"}}}
		v := view(t, m, tt.lang)
		v.Names = map[string]string{"lars": "Lars Öhman"}
		register := []string{"lars"}
		for i := range 25 {
			id := fmt.Sprintf("m%d", i)
			register = append(register, id)
			v.Names[id] = fmt.Sprintf("Medlem %d", i)
		}
		md := v.Minutes(render.Record{Register: register})
		for _, want := range []string{tt.head, tt.appendix} {
			if !strings.Contains(md, want) {
				t.Errorf("%s: the protokoll lacks %q:\n%s", tt.lang, want, md)
			}
		}
	}
}
