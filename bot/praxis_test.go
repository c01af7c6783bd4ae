package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
)

// arsmote is a formal meeting whose decisions go by the register.
var arsmote = facilitation.Template{
	Name: "arsmote", Title: "Årsmöte", Protocol: true,
	Agenda: []facilitation.TemplateItem{{Title: "Ansvarsfrihet", Timebox: 10 * time.Minute},
		{Title: "Stadgeändring", Timebox: 10 * time.Minute, Majority: facilitation.TwoThirds}, {Title: "Motioner", Timebox: 10 * time.Minute}},
	Polls: facilitation.PollRules{Register: true},
}

// withRegister starts the meeting in lang with ann in the chair and the
// people given on the register, set.
func withRegister(t *testing.T, lang string, people ...string) *harness {
	t.Helper()
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("ann", "lang "+lang)
	h.do("ann", "register open")
	for _, p := range people {
		h.do(p, "here")
	}
	h.do("ann", "register close")
	return h
}

// sameState runs a command that must be refused and checks that the
// stored state did not change; it returns the refusal.
func (h *harness) sameState(user, text string) string {
	h.t.Helper()
	before := h.snapshot()
	got := h.refused(user, text)
	if after := h.snapshot(); after != before {
		h.t.Errorf("%s> %s was refused but changed the stored state", user, text)
	}
	return got
}

// TestJav: the board is disqualified on ansvarsfrihet. Their votes are
// refused in the demanded votering, the turnout is counted without them,
// and the decision says they took no part.
func TestJav(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy", "dan", "eve", "fay")
			wantContains(t, h.sameState("fay", "recuse @bo"), tr("bara ordföranden", "Only the chair"))
			wantContains(t, h.do("ann", "jäv @bo @cy"), tr("Bo och Cy är jäviga i punkten ”Ansvarsfrihet”", "Bo and Cy have a conflict of interest (jäv) on “Ansvarsfrihet”"))
			wantContains(t, h.do("dan", "recuse"), tr("Dan är jävig", "Dan has a conflict of interest"))
			wantContains(t, h.sameState("dan", "recuse"), tr("redan anmäld som jävig", "already declared"))
			h.do("eve", `yrka "att bevilja styrelsen ansvarsfrihet"`)
			wantContains(t, h.sameState("bo", "support 1"), tr("Du är jävig i den här punkten", "You have a conflict of interest"))
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			wantContains(t, h.sameState("bo", "votering"), tr("Du är jävig", "You have a conflict of interest"))
			h.do("fay", "votering")
			for _, who := range []string{"bo", "cy", "dan"} {
				wantContains(t, h.sameState(who, "vote 1"), tr("Du är jävig i den här punkten och deltar inte i beslut om den.",
					"You have a conflict of interest (jäv) on this item and take no part in deciding it."))
			}
			h.do("eve", "vote 1")
			h.do("fay", "vote 2")
			h.do("ann", "vote 2")
			got := h.do("ann", "poll close")
			wantContains(t, got, tr("3 av 3 har röstat", "3 of 3 have voted"), tr("”avslag” fick 2 röster mot 1.", "“rejection” got 2 votes to 1."),
				tr("Mötet har avslagit yrkande 1 med 2 röster mot 1.", "The meeting has rejected proposal 1 by 2 votes to 1."),
				tr("Beslut 1: att avslå yrkandet ”att bevilja styrelsen ansvarsfrihet” (votering: 1 röst för yrkandet och 2 emot). Bo, Cy och Dan deltog inte i beslutet på grund av jäv.",
					"Decision 1: that the proposal “att bevilja styrelsen ansvarsfrihet” be rejected (counted: 1 vote for the proposal and 2 against). Bo, Cy and Dan took no part in the decision (conflict of interest)."))
			wantContains(t, h.do("ann", "minutes"), tr("_Bo, Cy och Dan deltog inte i beslutet på grund av jäv._", "_Bo, Cy and Dan took no part in the decision (conflict of interest)._"))
			// Jäv is per item: on the next, Bo votes again; recuse clear undoes it.
			h.do("ann", "next item")
			h.do("ann", `poll yesno "Fika?"`)
			h.do("bo", "vote 1")
			wantContains(t, h.sameState("ann", "jäv @bo"), tr("Bo har redan röstat i omröstning #2 i den här punkten.", "Bo has already voted in poll #2 on this item."))
			h.do("ann", "jäv @cy")
			wantContains(t, h.sameState("cy", "vote 1"), tr("jävig", "conflict of interest"))
			wantContains(t, h.sameState("ann", "recuse clear @eve"), tr("inte anmäld som jävig", "has not declared"))
			wantContains(t, h.do("ann", "jäv ångra @cy"), tr("Cy är inte längre jävig", "Cy no longer has a conflict of interest"))
			h.do("cy", "vote 1")
		})
	}
}

// TestWhoMayAct: once the register is set, only its members vote,
// propose, support and demand a votering; guests may propose; nobody
// votes while the meeting is adjourned; after a streck only those on the
// speaker list may propose.
func TestWhoMayAct(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy")
			notOn := tr("Du står inte i röstlängden", "You are not on the voting register")
			wantContains(t, h.sameState("zed", `yrka "att vi går hem"`), notOn)
			h.do("bo", `yrka "att vi stannar"`)
			wantContains(t, h.sameState("zed", "instäm 1"), notOn)
			wantContains(t, h.sameState("bo", "register guest @zed"), tr("bara ordföranden", "Only the chair"))
			wantContains(t, h.do("ann", "röstlängd gäst <@zed|Zed>"), tr("Zed har närvaro-, yttrande- och förslagsrätt men inte rösträtt.", "Zed may attend, speak and propose, but not vote."))
			h.do("zed", `yrka "att vi går hem"`)
			wantContains(t, h.sameState("zed", "instäm 1"), notOn)
			// Streck: only those on the list may propose.
			h.do("cy", "hand")
			h.do("ann", "streck")
			wantContains(t, h.sameState("bo", `yrka "att vi sjunger"`), tr("Det är streck i debatten", "The list of speakers is closed"))
			h.do("cy", `yrka "att vi sjunger"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			wantContains(t, h.sameState("zed", "votering"), notOn)
			wantContains(t, h.do("bo", "votering"), tr("Bo begär votering. Yrkande 1, som ordföranden fann bifallet, är huvudförslag",
				"Bo demands a counted vote. Proposal 1, which the chair found carried, is the main proposal"),
				tr("Kontrapropositionsvotering", "Counter-vote"), tr("Den som bifaller yrkande 2: att vi går hem säger ja.", "Whoever supports proposal 2: att vi går hem says yes."))
			h.do("ann", "finner 2")
			// Declaring the same again ends the window: the huvudvotering is held at once.
			wantContains(t, h.do("ann", "finner 2"), tr("Huvudvotering: yrkande 1 (huvudförslaget) mot yrkande 2 (motförslaget).",
				"Final vote: proposal 1 (the main proposal) against proposal 2 (the counter-proposal)."))
			wantContains(t, h.sameState("zed", "vote 1"), notOn)
			h.do("ann", "ajournera")
			wantContains(t, h.sameState("bo", "vote 1"), tr("Mötet är ajournerat", "The meeting is adjourned"))
			h.do("ann", "återuppta")
			h.do("bo", "vote 1")
			// The votering is the chair's: the one who demanded it cannot close it.
			wantContains(t, h.sameState("bo", "poll close"), tr("ordföranden", "chair"))
		})
	}
}

// TestTurnoutNeverAboveTheRegister: a member struck during a vote keeps
// the vote cast; the turnout does not read "3 of 2".
func TestTurnoutNeverAboveTheRegister(t *testing.T) {
	for _, tt := range []struct {
		name          string
		before, after []string // commands before the poll, and after the votes
	}{
		{name: "struck after voting", after: []string{"röstlängd stryk @cy"}},
		// Struck before the poll and added back during it, Cy votes, and
		// is struck again: Cy's vote stands and is counted once.
		{name: "struck before, added back", before: []string{"röstlängd stryk @cy"},
			after: []string{"röstlängd stryk @cy"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := withRegister(t, "sv", "ann", "bo", "cy")
			for _, cmd := range tt.before {
				h.do("ann", cmd)
			}
			h.do("ann", `omröstning janej "Fika?"`)
			if len(tt.before) > 0 {
				h.do("ann", "register add @cy")
			}
			h.do("bo", "vote 1")
			h.do("cy", "vote 1")
			h.do("ann", "vote 2")
			for _, cmd := range tt.after {
				h.do("ann", cmd)
			}
			got := h.do("ann", "poll close")
			if strings.Contains(got, "3 av 2") {
				t.Errorf("turnout above the register:\n%s", got)
			}
			wantContains(t, got, "3 av 3 har röstat; röstlängden justerades under omröstningen, och den som ströks efter att ha röstat räknas med, eftersom rösten står kvar")
		})
	}
}

// TestTillaggAndMajority: a tilläggsyrkande is decided after the main
// question, only if what it adds to was carried, as its own att-sats; a
// stadgeändring needs two thirds, and a count short of it says so.
func TestTillaggAndMajority(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy", "dan", "eve")
			h.do("bo", `yrka "att bevilja ansvarsfrihet"`)
			wantContains(t, h.sameState("cy", `tilläggsyrkande 9 "att tacka styrelsen"`), tr("Det finns inget yrkande 9", "There is no proposal 9"))
			wantContains(t, h.do("cy", `tilläggsyrkande 1 "att tacka styrelsen"`),
				tr("Yrkande 2 från Cy, tilläggsyrkande till yrkande 1, som avgörs efter huvudfrågan: att tacka styrelsen",
					"Proposal 2 by Cy, an addition to proposal 1, decided after the main question: att tacka styrelsen"))
			h.do("dan", `yrka --tillägg 1 "att ge styrelsen blommor"`)
			wantContains(t, h.sameState("ann", "propositionsordning 2 1 3"), tr("Tilläggsyrkande 2 ska avgöras efter yrkande 1", "Addition 2 must be decided after proposal 1"))
			got := h.do("ann", "propositionsordning")
			wantContains(t, got, tr("Yrkande 1 mot avslag.", "Proposal 1 against rejection."),
				tr("Tilläggsyrkande 2 efter huvudfrågan, om yrkande 1 bifalls, som egen att-sats.", "Addition 2 after the main question, if proposal 1 is carried, as a clause of its own."),
				tr("Den som avslår yrkande 1 säger ja.", "Whoever rejects proposal 1 says yes."))
			h.do("ann", "finner 1")
			wantContains(t, h.do("ann", "finner 1"), tr("Tilläggsyrkande 2, eftersom yrkande 1 bifölls.", "Addition 2, since proposal 1 was carried."))
			h.do("ann", "finner 2")
			h.do("ann", "finner 2")
			h.do("ann", "finner avslag") // the flowers (yrkande 3) are rejected
			got = h.do("ann", "finner avslag")
			wantContains(t, got, tr("Beslut 1: att bevilja ansvarsfrihet", "Decision 1: att bevilja ansvarsfrihet"),
				tr("Beslut 2: att tacka styrelsen", "Decision 2: att tacka styrelsen"))
			if strings.Contains(got, "blommor") || strings.Contains(got, "med ändringen") {
				t.Errorf("a rejected tillägg was minuted, or a tillägg folded into the main clause:\n%s", got)
			}

			// § 2 Stadgeändring needs 2/3 (the template says so): 3 to 2 is not enough.
			h.do("ann", "nästa punkt")
			h.do("bo", `yrka "att ändra stadgarna"`)
			wantContains(t, h.do("ann", "propositionsordning"), tr("Beslutet kräver två tredjedelars majoritet.", "The decision needs a two-thirds majority."))
			h.do("ann", "finner 1")
			wantContains(t, h.do("cy", "votering sluten"), tr("Cy begär sluten votering: rösta i omröstning #1.", "Cy demands a secret ballot: vote in poll #1."), tr("sluten omröstning", "secret ballot"))
			h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "1", "dan": "2", "eve": "2"})
			got = h.do("ann", "poll close")
			wantContains(t, got, tr("(votering: 3 röster för yrkandet och 2 emot; yrkandet nådde inte två tredjedelars majoritet och har fallit)",
				"(counted: 3 votes for the proposal and 2 against; it did not reach a two-thirds majority and is lost)"),
				tr("att avslå yrkandet", "that the proposal"))

			// The chair sets a majority on an item: kvalificerad majoritet 3/4.
			h.do("ann", "nästa punkt")
			wantContains(t, h.sameState("bo", "majority 3/4"), tr("bara ordföranden", "Only the chair"))
			wantContains(t, h.sameState("ann", "majority 5/7"), tr("Jag känner inte till majoriteten ”5/7”", "I don't know the majority “5/7”"))
			wantContains(t, h.do("ann", "kvalificerad majoritet 3/4"), tr("Beslut i punkten ”Motioner” kräver tre fjärdedelars majoritet.", "A decision on “Motioner” needs a three-quarters majority."))
		})
	}
}

// TestLostQualifiedMajorityDecision: a proposal that misses the
// qualified majority it needs falls, and the decision says so in chat
// with the figures for and against the proposal, never the avslag's
// figures as if the minority had carried it.
func TestLostQualifiedMajorityDecision(t *testing.T) {
	for _, tt := range []struct {
		lang, votes   string // ann, bo, cy, dan, eve in turn ("-" abstains)
		want, notWant string
	}{
		{lang: "sv", votes: "1 1 1 2 2",
			want:    "Beslut 1: att avslå yrkandet ”att ändra stadgarna” (votering: 3 röster för yrkandet och 2 emot; yrkandet nådde inte två tredjedelars majoritet och har fallit)",
			notWant: "2 röster för, 3 emot"},
		{lang: "en", votes: "1 1 1 2 2",
			want:    "(counted: 3 votes for the proposal and 2 against; it did not reach a two-thirds majority and is lost)",
			notWant: "2 for, 3 against"},
		{lang: "sv", votes: "1 2 blank - -",
			want:    "(votering: 1 röst för yrkandet och 1 emot, 1 blank röst; yrkandet nådde inte två tredjedelars majoritet och har fallit)",
			notWant: "1 röster"},
	} {
		t.Run(tt.lang+"/"+tt.votes, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan", "eve")
			h.do("ann", "nästa punkt") // § 2 Stadgeändring needs 2/3
			h.do("bo", `yrka "att ändra stadgarna"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			h.do("cy", "votering")
			for i, n := range strings.Fields(tt.votes) {
				if n != "-" {
					h.do([]string{"ann", "bo", "cy", "dan", "eve"}[i], "vote "+n)
				}
			}
			got := h.do("ann", "poll close")
			wantContains(t, got, tt.want)
			if strings.Contains(got, tt.notWant) {
				t.Errorf("the decision gives the avslag's figures as if it were carried (%q):\n%s", tt.notWant, got)
			}
		})
	}
}

// TestAbsoluteMajorityCountsChoicesOnly: an absolute majority is more
// than half of the votes cast for a choice; a blank vote neither helps
// nor hinders, so 2 votes to 1 with a blank one carries.
func TestAbsoluteMajorityCountsChoicesOnly(t *testing.T) {
	for _, tt := range []struct{ lang, want, notWant string }{
		{"sv", "Mötet har bifallit yrkande 1: att välja Ada med 2 röster mot 1", "har fallit"},
		{"en", "The meeting has decided for proposal 1: att välja Ada by 2 votes to 1", "is lost"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan", "eve")
			h.do("ann", "majority absolute")
			h.do("bo", `yrka "att välja Ada"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			h.do("cy", "votering")
			h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "2", "dan": "blank"})
			got := h.do("ann", "poll close")
			wantContains(t, got, tt.want)
			if strings.Contains(got, tt.notWant) {
				t.Errorf("a blank vote counted against the absolute majority:\n%s", got)
			}
		})
	}
}

// TestDemandWindow: the chair extends the window for demanding a
// votering, and ends it early by declaring the same again.
func TestDemandWindow(t *testing.T) {
	h := withRegister(t, "sv", "ann", "bo")
	h.do("bo", `yrka "att vi går hem"`)
	h.do("ann", "propositionsordning")
	wantContains(t, h.sameState("ann", "votering fönster 2m"), "Ordföranden har inte funnit något än")
	h.do("ann", "finner 1")
	wantContains(t, h.sameState("bo", "votering fönster 2m"), "bara ordföranden")
	wantContains(t, h.do("ann", "votering fönster 2m"), "Votering kan begäras i ytterligare 2 min, till kl. ")
	h.clock.Advance(time.Minute)
	if got := h.fired(0); strings.Contains(got, "Ingen votering begärdes") {
		t.Errorf("the first window's timer settled an extended window: %q", got)
	}
	h.do("bo", "votering")
}

// TestElectionAbsoluteMajority: a single-seat election with --majority
// absolute holds a new round between the top two when nobody has more
// than half of the votes.
func TestElectionAbsoluteMajority(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy", "dan", "eve")
			wantContains(t, h.sameState("ann", `val 2 "Revisorer" "A" "B" "C" --majoritet absolut`), tr("majoriteten ”absolute”", "majority “absolute”"))
			h.do("ann", `val 1 "Ordförande" "Ada" "Bea" "Cid" --majoritet absolut`)
			h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "2", "dan": "2", "eve": "3"})
			got := h.do("ann", "poll close")
			wantContains(t, got, tr("Ingen fick absolut majoritet (mer än hälften av rösterna): ny omgång mellan Ada och Bea.",
				"Nobody got an absolute majority (more than half of the votes): a new round between Ada and Bea."),
				tr("Ny valomgång mellan Ada och Bea: rösta i omröstning #2.", "A new round between Ada and Bea: vote in poll #2."))
			if strings.Contains(got, "Cid=") && strings.Contains(got, "#2") && strings.Contains(got[strings.Index(got, "#2"):], "Cid") {
				t.Errorf("the new round includes the third:\n%s", got)
			}
			h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "2", "dan": "1", "eve": "2"})
			wantContains(t, h.do("ann", "poll close"), "Ada")
		})
	}
}

// TestReservations: a reservation is against a decision on the current
// item, from someone on the register who took part and, in an open
// votering, did not vote for what was carried.
func TestReservations(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy", "dan")
			h.do("bo", `yrka "att köpa en kaffebryggare"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			h.do("cy", "votering")
			h.do("bo", "vote 1")
			h.do("ann", "vote 1")
			h.do("cy", "vote 2")
			h.do("ann", "poll close")
			wantContains(t, h.sameState("zed", "reservera"), tr("Bara den som står i röstlängden och deltog i beslutet", "Only those on the voting register who took part"))
			wantContains(t, h.sameState("dan", "reservera"), tr("Bara den som står i röstlängden och deltog i beslutet", "Only those on the voting register who took part"))
			wantContains(t, h.sameState("bo", "reservera"), tr("Du röstade för det som bifölls", "You voted for what was carried"))
			wantContains(t, h.sameState("cy", "reservera 7"), tr("Det finns inget beslut 7", "There is no decision 7"))
			wantContains(t, h.do("cy", `reservera 1 "för dyrt"`), tr("Cy reserverar sig mot beslutet: att köpa en kaffebryggare. Skäl: för dyrt",
				"Cy registers a reservation against the decision: att köpa en kaffebryggare. Reason: för dyrt"))
			// On the next item, decision 1 is another item's.
			h.do("ann", "nästa punkt")
			wantContains(t, h.sameState("cy", "reservera 1"), tr("Beslut 1 hör till en annan punkt", "Decision 1 belongs to another item"))
			wantContains(t, h.sameState("cy", "reservera"), tr("Det finns inget beslut än", "There is no decision yet"))
			wantContains(t, h.do("ann", "minutes"), tr("Cy reserverade sig mot beslutet. Skäl: för dyrt", "Cy registered a reservation against the decision. Reason: för dyrt"))
		})
	}
}

// arsmoteIn starts an årsmöte held in lang, "sv" or "en"; tr picks a
// text in that language.
func arsmoteIn(t *testing.T, lang string) (*harness, func(sv, en string) string) {
	t.Helper()
	h := newHarnessWith(t, arsmote)
	h.do("ann", "start arsmote")
	h.do("ann", "lang "+lang)
	return h, func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
}

// TestMemberListProxiesAndSubstitutes: the register is held to the member
// list; a proxy holder casts the member's vote too, and the member counts
// on the register through the holder; a substitute votes in the place of
// a main delegate.
func TestMemberListProxiesAndSubstitutes(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			h, tr := arsmoteIn(t, lang)
			wantContains(t, h.sameState("ann", "röstlängd importera"), tr("Klistra in medlemsförteckningen", "Paste the member list"))
			wantContains(t, h.sameState("ann", "register import ```\nann,Ann\nbo\n```"), tr("Rad 2 i medlemsförteckningen", "Line 2 of the member list"))
			wantContains(t, h.sameState("bo", "register import ```\nann,Ann\n```"), tr("bara ordföranden", "Only the chair"))
			got := h.do("ann", "röstlängd importera ```csv\nid,name,proxy_for\nann,Ann,\nbo,Bo,\ncy,Cy,\ndan,Dan,eve\neve,Eve,\nfay,Fay,\n```")
			wantContains(t, got, tr("Medlemsförteckningen har 6 medlemmar och 1 fullmakt.", "The member list has 6 members and 1 proxy."))
			h.do("ann", "register open")
			wantContains(t, h.sameState("zed", "närvarande"), tr("Du står inte i medlemsförteckningen", "You are not on the member list"))
			for _, who := range []string{"ann", "bo", "dan"} {
				h.do(who, "here")
			}
			wantContains(t, h.do("ann", "ersättare <@sub|Sub> @cy"), tr("Sub är ersättare för Cy och röstar i hens ställe.", "Sub substitutes for Cy and votes in their place."))
			wantContains(t, h.do("ann", "fastställ röstlängden"), tr("Röstlängden är fastställd till 5 röstberättigade.", "The register is set at 5 voting members."))
			wantContains(t, h.sameState("ann", "fullmakt @bo @eve"), tr("redan lämnat fullmakt", "already given a proxy"))
			wantContains(t, h.sameState("ann", "fullmakt @dan @fay"), tr("högst 1 fullmakt", "more than 1 proxy"))
			wantContains(t, h.do("ann", "fullmakt @ann <@fay|Fay>"), tr("Ann har fullmakt för Fay", "Ann holds Fay's proxy"), tr("Röstlängden är justerad.", "adjusted"))
			h.do("ann", `omröstning janej "Fika?"`)
			wantContains(t, h.do("dan", "vote 1"), tr("Din röst gäller också för Eve", "Your vote counts for Eve too"))
			wantContains(t, h.do("ann", "vote 2"), tr("Din röst gäller också för Fay", "Your vote counts for Fay too"))
			h.do("sub", "vote 1")
			h.do("bo", "vote 2")
			wantContains(t, h.do("ann", "poll close"), tr("6 av 6 har röstat", "6 of 6 have voted"), tr("Ja=3", "Yes=3"), tr("Nej=3", "No=3"))
		})
	}
}

// TestInPersonVoteEndsProxy: a member who is here votes in person. Their
// own vote replaces the one their proxy holder or substitute cast for them
// (a secret ballot refuses it, changing nothing), and ends that proxy or
// substitute, publicly, so that a later vote by the holder never replaces
// theirs. A member who checks in ends them too.
func TestInPersonVoteEndsProxy(t *testing.T) {
	type step struct{ user, cmd, want string }
	for _, tt := range []struct {
		name, lang, poll string
		steps            []step
		refused          step   // run after steps, must be refused and change nothing
		result           string // in the closed poll's results
	}{
		{name: "holder first", lang: "sv", poll: "--open", steps: []step{
			{"bo", "rösta 2", "Din röst gäller också för Dan"},
			{"dan", "rösta 1", "Dan är på plats och röstar själv: fullmakten som Bo hade för hen gäller inte längre."},
			{"bo", "rösta 2", "Din röst är ändrad till: Nej."},
		}, result: "Ja=1\n2. Nej=1"},
		{name: "holder first", lang: "en", poll: "--open", steps: []step{
			{"bo", "vote 2", "Your vote counts for Dan too"},
			{"dan", "vote 1", "Your vote replaces the one Bo cast for you: Yes."},
		}, result: "Yes=1\n2. No=1"},
		{name: "member first", lang: "sv", poll: "--open", steps: []step{
			{"dan", "rösta 1", "Din röst är registrerad: Ja."},
			{"bo", "rösta 2", "Din röst är registrerad: Nej."},
		}, result: "Ja=1\n2. Nej=1"},
		{name: "substitute first", lang: "sv", poll: "--anonym", steps: []step{
			{"sub", "rösta 1", "Du röstar som ersättare i stället för Eve."},
			{"eve", "rösta 2", "Eve är på plats och röstar själv: Sub röstar inte längre som ersättare i hens ställe."},
		}, refused: step{"sub", "rösta 1", "Du står inte i röstlängden"}, result: "Ja=0\n2. Nej=1"},
		{name: "secret, holder first", lang: "sv", poll: "--sluten", steps: []step{
			{"bo", "rösta 2", "Din röst gäller också för Dan"},
		}, refused: step{"dan", "rösta 1", "Bo har redan lagt din röst i den här slutna omröstningen, med fullmakt eller som ersättare, och en sluten röst kan inte ändras."},
			result: "Ja=0\n2. Nej=2"},
		{name: "secret, member first", lang: "en", poll: "--secret", steps: []step{
			{"dan", "vote 1", "Dan is here and votes in person: Bo's proxy for them no longer applies."},
			{"bo", "vote 2", "Your ballot is cast"},
		}, result: "Yes=1\n2. No=1"},
	} {
		t.Run(tt.lang+" "+tt.name, func(t *testing.T) {
			h := newHarnessWith(t, arsmote)
			h.do("ann", "start arsmote")
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "register open")
			for _, who := range []string{"ann", "bo", "cy"} {
				h.do(who, "here")
			}
			h.do("ann", "fullmakt @bo <@dan|Dan>")
			h.do("ann", "ersättare <@sub|Sub> <@eve|Eve>")
			h.do("ann", "register close")
			h.do("ann", `poll yesno "Budget?" `+tt.poll)
			for _, s := range tt.steps {
				wantContains(t, h.do(s.user, s.cmd), s.want)
			}
			if tt.refused.user != "" {
				wantContains(t, h.sameState(tt.refused.user, tt.refused.cmd), tt.refused.want)
			}
			wantContains(t, h.do("ann", "poll close"), tt.result)
		})
	}
}

// TestSubstituteForAbsentMain: a substitute votes in place of a main
// delegate on the member list who has not checked in. The main
// delegate's seat goes on the register, counted once: the substitute is
// not on it themself. A member is represented once, by a proxy or by a
// substitute; each refusal says why and changes nothing.
func TestSubstituteForAbsentMain(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			h, tr := arsmoteIn(t, lang)
			h.do("ann", "register import ```\nann,Ann\nbo,Bo\ncy,Cy\nnils,Nils\neve,Eve\n```")
			h.do("ann", "register open")
			h.do("ann", "here")
			h.do("bo", "here")
			wantContains(t, h.do("ann", "ersättare <@sub|Sub> @nils"), tr("Sub är ersättare för Nils och röstar i hens ställe.", "Sub substitutes for Nils and votes in their place."))
			for _, tt := range []struct{ user, cmd, sv, en string }{
				{"ann", "ersättare <@sub2|Sub2> <@zed|Zed>", "Zed står inte i medlemsförteckningen. En ersättare går in för ett ordinarie ombud som står där.",
					"Zed is not on the member list. A substitute stands in for a main delegate on it."},
				{"ann", "ersättare @bo @cy", "Bo står i röstlängden och röstar själv.", "Bo is on the register and votes in person."},
				{"ann", "ersättare <@sub2|Sub2> @bo", "Bo står redan i röstlängden och röstar själv. En ersättare går in för ett ordinarie ombud som inte är på plats.",
					"Bo is already on the register and votes in person. A substitute stands in for a main delegate who is not here."},
				{"ann", "ersättare @sub @cy", "Sub är redan ersättare för Nils", "Sub already substitutes for Nils"},
				{"ann", "fullmakt @bo @nils", "Nils har en ersättare, Sub, som röstar i hens ställe.", "Nils has a substitute, Sub, who votes in their place."},
				{"ann", "register add @sub", "Sub är ersättare för Nils och röstar på hens plats", "Sub substitutes for Nils and votes in their seat"},
			} {
				wantContains(t, h.sameState(tt.user, tt.cmd), tr(tt.sv, tt.en))
			}
			h.do("ann", "fullmakt @bo <@cy|Cy>")
			wantContains(t, h.sameState("ann", "ersättare <@sub2|Sub2> @cy"), tr("Cy har lämnat fullmakt till Bo", "Cy has given a proxy to Bo"))
			wantContains(t, h.do("ann", "fastställ röstlängden"), tr("fastställd till 4 röstberättigade", "set at 4 voting members"))
			if got := h.registerOf(); got != "ann,bo,cy,nils" {
				t.Errorf("register = %s, want ann,bo,cy,nils: Nils's seat once, and not Sub", got)
			}
			h.do("ann", `omröstning janej "Budget?"`)
			wantContains(t, h.do("sub", "vote 1"), tr("Du röstar som ersättare i stället för Nils.", "You vote as substitute in place of Nils."))
			h.do("ann", "vote 1")
			h.do("bo", "vote 2")
			wantContains(t, h.do("ann", "poll close"), tr("4 av 4 har röstat", "4 of 4 have voted"), tr("Ja=2", "Yes=2"), tr("Nej=2", "No=2"))
			// The protokoll names who sat in Nils's seat, not Nils.
			wantContains(t, h.do("ann", "minutes"), tr("Sub (ersättare för Nils)", "Sub (substitute for Nils)"))
			// Named after the register is set, a substitute adds the seat as an adjustment.
			wantContains(t, h.do("ann", "ersättare <@sub3|Sub3> @eve"), tr("Röstlängden är justerad. Tillagda i röstlängden: Eve. Den har nu 5.", "The register is adjusted. Added to the register: Eve. It now has 5."))
			// Nils comes after all: Sub's service stays in the protokoll, which
			// lists Nils now, and names a guest apart from those who vote.
			h.do("ann", `omröstning janej "Fika?"`)
			wantContains(t, h.do("nils", "vote 1"), tr("Sub röstar inte längre som ersättare", "Sub no longer votes as their substitute"))
			h.do("ann", "röstlängd gäst <@olle|Olle>")
			wantContains(t, h.do("ann", "minutes"), tr("dittills hade Sub tjänstgjort som ersättare för hen.", "until then Sub had served as their substitute."),
				tr("Adjungerade (med yttrande- och förslagsrätt, utan rösträtt): Olle", "Guests (may speak and propose, without a vote): Olle"))
		})
	}
}

// TestStruckEndsRepresentation: whoever leaves the register ends the
// representation they took part in, publicly. A proxy holder or a
// substitute struck leaves the member unrepresented, so the member is
// struck too and the count follows; a member struck ends the proxy or
// substitute for them. Votes cast before stand.
func TestStruckEndsRepresentation(t *testing.T) {
	for _, tt := range []struct {
		lang, strike string
		wants        []string
		register     string
		refused      string // who is refused a vote in the next poll
	}{
		{"sv", "röstlängd stryk @bo", []string{"Strukna ur röstlängden: Bo och Dan. Den har nu 4.",
			"Bo har strukits ur röstlängden, så fullmakten för Dan upphör: Dan är inte längre företrädd och stryks också ur röstlängden."}, "ann,cy,eve,fay", "dan"},
		{"en", "register remove @bo", []string{"Taken off the register: Bo and Dan. It now has 4.",
			"Bo is struck from the register, so the proxy they held for Dan ends: Dan is no longer represented and is struck from the register too."}, "ann,cy,eve,fay", "dan"},
		{"sv", "röstlängd stryk @dan", []string{"Strukna ur röstlängden: Dan. Den har nu 5.",
			"Dan har strukits ur röstlängden, så fullmakten som Bo hade för hen upphör."}, "ann,bo,cy,eve,fay", "dan"},
		{"sv", "röstlängd stryk @sub", []string{"Strukna ur röstlängden: Eve. Den har nu 5.",
			"Sub är inte längre ersättare för Eve: Eve är inte längre företrädd och stryks ur röstlängden."}, "ann,bo,cy,dan,fay", "sub"},
		{"en", "register remove @eve", []string{"Taken off the register: Eve. It now has 5.",
			"Eve is struck from the register, so Sub no longer votes as their substitute."}, "ann,bo,cy,dan,fay", "sub"},
	} {
		t.Run(tt.lang+" "+tt.strike, func(t *testing.T) {
			h := newHarnessWith(t, arsmote)
			h.do("ann", "start arsmote")
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "register open")
			for _, who := range []string{"ann", "bo", "cy", "fay"} {
				h.do(who, "here")
			}
			h.do("ann", "fullmakt @bo <@dan|Dan>")
			h.do("ann", "ersättare <@sub|Sub> <@eve|Eve>")
			wantContains(t, h.sameState("sub", "here"), map[string]string{"sv": "en ersättare står inte själv i röstlängden", "en": "a substitute is not on the register themself"}[tt.lang])
			h.do("ann", "register close")
			h.do("ann", `poll yesno "Budget?"`)
			h.do("bo", "vote 1") // for Dan too
			h.do("sub", "vote 1")
			wantContains(t, h.do("ann", tt.strike), tt.wants...)
			if got := h.registerOf(); got != tt.register {
				t.Errorf("register = %s, want %s", got, tt.register)
			}
			h.do("ann", "poll close")
			h.do("ann", `poll yesno "Igen?"`)
			wantContains(t, h.refused(tt.refused, "vote 1"), map[string]string{"sv": "Du står inte i röstlängden", "en": "You are not on the voting register"}[tt.lang])
		})
	}
}

// TestProxyRefusals: a proxy is for a member who is not here, and
// proxies do not chain; a member who checks in ends their proxy.
func TestProxyRefusals(t *testing.T) {
	h, _ := arsmoteIn(t, "sv")
	h.do("ann", "register open")
	h.do("bo", "here")
	wantContains(t, h.sameState("ann", "fullmakt <@cy|Cy> @bo"), "Bo står redan i röstlängden och röstar själv. Fullmakt ges för en medlem som inte är på plats.")
	h.do("ann", "fullmakt <@cy|Cy> <@dan|Dan>")
	for _, cmd := range []string{"fullmakt @dan <@eve|Eve>", "fullmakt @eve @cy"} {
		wantContains(t, h.sameState("ann", cmd), "Fullmakter kan inte kedjas")
	}
	wantContains(t, h.do("dan", "here"), "Dan är på plats och röstar själv: fullmakten som Cy hade för hen gäller inte längre.")
	wantContains(t, h.do("ann", "fullmakt @cy <@eve|Eve>"), "Cy har fullmakt för Eve") // Cy's one proxy is free again
}

// TestAgendaAddBeforeClosing: an item added goes before "Mötets avslutande".
func TestAgendaAddBeforeClosing(t *testing.T) {
	tpl := facilitation.Template{Name: "kort", Title: "Kort", Agenda: []facilitation.TemplateItem{{Title: "Mötets öppnande"}, {Title: "Mötets avslutande"}}}
	for _, lang := range []string{"sv", "en"} {
		h := newHarnessWith(t, tpl)
		h.do("ann", "lang "+lang)
		h.do("ann", "start kort")
		wantContains(t, h.do("ann", `dagordning lägg till "Övriga frågor" 10m`), map[string]string{"sv": "unkt 2", "en": "item 2"}[lang], "Övriga frågor")
		wantContains(t, h.do("ann", "dagordning"), "Övriga frågor", "Mötets avslutande")
		if got := h.do("ann", "dagordning"); strings.Index(got, "Övriga frågor") > strings.Index(got, "Mötets avslutande") {
			t.Errorf("%s: the new item went after the closing:\n%s", lang, got)
		}
	}
}

// TestHelpInSections: help is grouped by section and shows Swedish syntax
// in a Swedish meeting; a wrong command gets its Swedish usage there.
func TestHelpInSections(t *testing.T) {
	h, _ := arsmoteIn(t, "sv")
	got := h.do("ann", "hjälp")
	wantContains(t, got, "**Talarlistan**", "**Röstlängd**", "**Formellt: yrkanden och beslut**", "`votering [sluten|öppen]`", "`jäv [@namn…]`",
		"`yrka [--ändrar N|--tillägg N|--formellt] \"att …\"`", "`fullmakt @ombud @medlem`", "`utslagsröst [#ID] N`")
	if strings.Contains(got, "`demand vote") {
		t.Errorf("Swedish help shows English syntax:\n%s", got)
	}
	wantContains(t, h.sameState("bo", "votering sluten nu"), "votering [sluten|öppen]")
	h.do("ann", "lang en")
	wantContains(t, h.do("ann", "help"), "**The speaker list**", "`demand vote [--secret|--open]`", "`recuse [@user…]`")
}

// TestLotInterim: an open poll's result that would go to lots says the
// lot decides if the tie stands at the close, not to draw now, which
// only a closed poll allows.
func TestLotInterim(t *testing.T) {
	for _, c := range []struct{ lang, poll, results, interim, drawNow, close, final string }{
		{"sv", `omröstning "Revisorer" "Kaffe" "Te" "Saft" --flera 2`, "omröstning resultat",
			"Lika röstetal mellan Kaffe och Te. Står det lika när omröstningen stängs avgör lotten; ordföranden lottar då (`lottning`).",
			"Lotten avgör; ordföranden lottar", "omröstning stäng",
			"Kaffe och Te har lika röstetal om den sista platsen. Lotten avgör; ordföranden lottar (`lottning`)."},
		{"en", `poll "Auditors" "Kaffe" "Te" "Saft" --multi 2`, "poll results",
			"Kaffe and Te are tied. If the tie stands when the poll closes, lots decide it: the chair then draws them with `poll draw`.",
			"the chair draws lots with", "poll close",
			"Kaffe and Te are tied for the last seat: the chair draws lots with `poll draw`."},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := withRegister(t, c.lang, "ann", "bo", "cy")
			h.do("ann", c.poll)
			h.do("bo", "vote 1 3")
			h.do("cy", "vote 2 3")
			got := h.do("ann", c.results)
			wantContains(t, got, c.interim)
			if strings.Contains(got, c.drawNow) {
				t.Errorf("an open poll's result tells the chair to draw lots now:\n%s", got)
			}
			wantContains(t, h.do("ann", c.close), c.final)
		})
	}
}

// TestSwedishWording: the wording a Swedish chair reviewed.
func TestSwedishWording(t *testing.T) {
	h := withRegister(t, "sv", "ann", "bo", "cy")
	wantContains(t, h.do("ann", "röstlängd"), "Röstlängden fastställdes kl. 18.00 till 3 röstberättigade.")
	h.do("bo", "begär ordet")
	h.do("ann", "nästa talare")
	h.do("cy", "replik")
	h.do("bo", "klar")
	wantContains(t, h.do("ann", "nästa talare"), "Cy har ordet för en replik på Bo.")
	wantContains(t, h.do("cy", "klar"), "Cy har talat klart.")
	h.do("ann", `omröstning "Fika?" "Kaffe" "Te" --sluten`)
	h.do("bo", "rösta 1")
	h.do("cy", "rösta 2")
	h.do("ann", "rösta blankt")
	wantContains(t, h.do("ann", "omröstning stäng"), "Lotten avgör; ordföranden lottar (`lottning`).", "1 blank röst")
	h.do("ann", "ajournera 5m")
	wantContains(t, h.fired(5*time.Minute), "Ajourneringen är slut; ordföranden kan återuppta mötet (`återuppta`).")
	h.do("ann", "återuppta")
	h.do("ann", `omröstning tumme "Redo?"`)
	h.do("bo", "rösta 2")
	h.do("cy", "rösta 3")
	wantContains(t, h.do("ann", "omröstning stäng"), "Medel 2,5")
}

// TestTemplateMemberList: a template's member list is imported when the
// meeting starts, with its proxies.
func TestTemplateMemberList(t *testing.T) {
	tpl := arsmote
	tpl.Name, tpl.Proxies = "medlemmar", 2
	tpl.Members = []facilitation.Member{{ID: "ann", Name: "Ann"}, {ID: "bo", Name: "Bo", ProxyFor: "cy"}, {ID: "cy", Name: "Cy"}}
	h := newHarnessWith(t, tpl)
	h.do("ann", "lang sv")
	wantContains(t, h.do("ann", "start medlemmar"), "Medlemsförteckningen har 3 medlemmar och 1 fullmakt.")
	h.do("ann", "register open")
	wantContains(t, h.sameState("zed", "here"), "Du står inte i medlemsförteckningen")
	h.do("bo", "here")
	wantContains(t, h.do("ann", "register close"), "Röstlängden är fastställd till 2 röstberättigade.") // Cy through Bo's proxy
	wantContains(t, h.do("ann", "fullmakt @bo @ann"), "Bo har fullmakt för Ann")                        // proxies: 2
}

// TestProtokollRegisterUnderItsParagraph: the protokoll says, under the §
// where it happened and with the time, that the register was set and
// that a member was struck; a member there only by fullmakt is listed so.
func TestProtokollRegisterUnderItsParagraph(t *testing.T) {
	h, _ := arsmoteIn(t, "sv")
	h.do("ann", "register open")
	for _, p := range []string{"ann", "bo", "cy"} {
		h.do(p, "here")
	}
	h.do("ann", "fullmakt @bo @dan")
	h.clock.Advance(2 * time.Minute)
	h.do("ann", "register close")
	h.do("ann", "nästa punkt")
	h.clock.Advance(3 * time.Minute)
	h.do("ann", "röstlängd stryk @cy")
	md := h.do("ann", "protokoll")
	wantContains(t, md,
		"och dan (genom fullmakt till Bo)",
		"## § 1 Ansvarsfrihet\n\nOrdföranden förklarade mötet öppnat kl. 18.00.\n\nRöstlängden fastställdes kl. 18.02 till 4 röstberättigade.\n\n## § 2 Stadgeändring\n\n"+
			"Kl. 18.05 justerades röstlängden: Cy ströks (3 röstberättigade).")
	if strings.Count(md, "Röstlängden fastställdes") != 1 {
		t.Errorf("the protokoll says more than once that the register was set:\n%s", md)
	}
}

// TestProxiesOnRegisterAtClose: setting the register puts on it every
// member whose proxy holder is on it, whatever the order of the proxies:
// a holder who never came does not keep the next one's member off it.
func TestProxiesOnRegisterAtClose(t *testing.T) {
	h, _ := arsmoteIn(t, "sv")
	h.do("ann", "register open")
	h.do("ann", "here")
	h.do("ann", "fullmakt <@cy|Cy> <@dan|Dan>") // Cy never checks in
	h.do("ann", "fullmakt @ann <@eve|Eve>")
	wantContains(t, h.do("ann", "register close"), "Röstlängden är fastställd till 2 röstberättigade.")
	if got := h.registerOf(); got != "ann,eve" {
		t.Errorf("register = %s, want ann,eve", got)
	}
}

// TestChairNotesAMemberArrived: the chair adds a member who voted by
// proxy, now here in person; the proxy ends publicly, as when the member
// checks in, and the chair is told who was already on the register.
func TestChairNotesAMemberArrived(t *testing.T) {
	h := newHarnessWith(t, arsmote)
	h.do("ann", "start arsmote")
	h.do("ann", "språk sv")
	h.do("ann", "röstlängd öppna")
	h.do("bo", "här")
	h.do("cy", "här")
	h.do("ann", "fullmakt @cy @lars")
	h.do("ann", "fastställ röstlängden")
	got := h.do("ann", "röstlängd lägg till @lars @bo")
	wantContains(t, got, "lars är på plats och röstar själv: fullmakten som Cy hade för hen gäller inte längre.",
		"Redan i röstlängden: lars och Bo. Den har 3.")
	if strings.Contains(got, "Ingenting ändrades") {
		t.Errorf("the chair is told nothing changed:\n%s", got)
	}
}

// TestQualifiedMajorityHoldsForEveryQuestion: an item's qualified
// majority holds for every question of its order, not only the first.
// It was not stored with the order, so that once an amendment had been
// decided, a change of the statutes was carried 3 to 2.
func TestQualifiedMajorityHoldsForEveryQuestion(t *testing.T) {
	h := withRegister(t, "sv", "ann", "bo", "cy", "dan", "eve")
	h.do("ann", "nästa punkt") // § 2 Stadgeändring needs 2/3
	h.do("bo", `yrka "att årsmötet hålls i mars"`)
	h.do("cy", `yrka --ändrar 1 "att årsmötet hålls i april"`)
	h.do("ann", "propositionsordning")
	h.do("ann", "finner 2")
	wantContains(t, h.do("ann", "finner 2"), "Beslutet kräver två tredjedelars majoritet.") // the main question
	h.do("ann", "finner 1")
	h.do("dan", "votering")
	h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "1", "dan": "avslag", "eve": "avslag"})
	wantContains(t, h.do("ann", "poll close"), "yrkandet nådde inte två tredjedelars majoritet och har fallit")
}

// TestMemberListSeats: held to a member list, each member checks in
// once (not once for every chat user who takes their name), a proxy is
// for a listed member, and a holder added to the set register brings
// the member whose proxy they hold.
func TestMemberListSeats(t *testing.T) {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("ann", "register import ```\nann,Ann\nbo,Bo Ahl\ncy,Cy\ngun,Gun\nmaja,Maja\n```")
	h.do("ann", "register open")
	h.do("ann", "here")
	wantContains(t, h.do("bo", "here"), "You are on the voting register")
	impostor := h.req(bot.Request{User: "x1", UserName: "Bo Ahl", Text: "here"})
	if !impostor.Refused {
		t.Errorf("a second user named as Bo checked in as Bo: %s", replyText(impostor))
	}
	// Two members of one name each check in, by it.
	h.do("ann", "register import ```\nann,Ann\nbo,Bo Ahl\nb2,Bo Ahl\ncy,Cy\ngun,Gun\nmaja,Maja\n```")
	if r := h.req(bot.Request{User: "x1", UserName: "Bo Ahl", Text: "here"}); r.Refused {
		t.Errorf("the second Bo Ahl of the list could not check in: %s", replyText(r))
	}
	if r := h.req(bot.Request{User: "x2", UserName: "Bo Ahl", Text: "here"}); !r.Refused {
		t.Errorf("a third Bo Ahl checked in on a list of two: %s", replyText(r))
	}

	wantContains(t, h.sameState("ann", "fullmakt @gun @zed"), "zed is not on the member list")
	h.do("ann", "fullmakt @gun @maja")
	h.do("ann", "register close")
	got := h.do("ann", "register add @gun")
	wantContains(t, got, "Added to the register: gun and Maja")
	if !strings.Contains(got, "It now has 5") {
		t.Errorf("the register after adding Gun, who holds Maja's proxy: %s", got)
	}
}

// TestQualifiedMajorityAmongRivals: on an item that needs 2/3, the
// meeting chooses between two main proposals by simple majority, and the
// one chosen is then put against avslag, where it needs 2/3: 3 to 2 is
// not enough.
func TestQualifiedMajorityAmongRivals(t *testing.T) {
	h := withRegister(t, "sv", "ann", "bo", "cy", "dan", "eve")
	h.do("ann", "nästa punkt") // § 2 Stadgeändring needs 2/3
	h.do("bo", `yrka "att ändra § 7 enligt styrelsens förslag"`)
	h.do("cy", `yrka "att ändra § 7 enligt motionärens förslag"`)
	h.do("ann", "propositionsordning")
	wantContains(t, h.do("ann", "finner 1"), "Ordföranden finner att mötet valt yrkande 1: att ändra § 7 enligt styrelsens förslag, som nu ställs mot avslag.")
	h.do("dan", "votering --öppen")
	h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "1", "dan": "2", "eve": "2"})
	got := h.do("ann", "poll close")
	wantContains(t, got, "Mötet har valt yrkande 1: att ändra § 7 enligt styrelsens förslag med 3 röster mot 2. Det ställs nu mot avslag.",
		"Huvudfrågan: yrkande 1 mot avslag. Beslutet kräver två tredjedelars majoritet.")
	if strings.Contains(got, "Beslut 1") {
		t.Fatalf("decided before the proposal chosen was put against avslag:\n%s", got)
	}
	h.do("ann", "finner 1")
	h.do("dan", "votering")
	h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "1", "dan": "avslag", "eve": "avslag"})
	wantContains(t, h.do("ann", "poll close"), "yrkandet nådde inte två tredjedelars majoritet och har fallit")
}

// TestEndWhileAdjourned: a meeting ended during an adjournment minutes
// that adjournment, up to the end, as a resumption would.
func TestEndWhileAdjourned(t *testing.T) {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("ann", "lang sv")
	h.clock.Advance(3 * time.Minute)
	h.do("ann", "ajournera 10m")
	h.clock.Advance(4 * time.Minute)
	wantContains(t, h.do("ann", "avsluta"), "Mötet ajournerades kl. 18.03–18.07.")
}

// TestChairHandoverMinuted: in a protokoll, a change of chair is minuted
// under the § where it happened, with the time and both names, once
// the meeting has elected its officers (else it is the election of the
// chair: TestChairElectionMinuted).
func TestChairHandoverMinuted(t *testing.T) {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("ann", "lang sv")
	h.do("ann", "nästa punkt")
	h.do("ann", "sekreterare <@cy|Cy>")
	h.do("ann", "nästa punkt")
	h.clock.Advance(10 * time.Minute)
	h.do("ann", "ordförande <@bo|Bo>")
	wantContains(t, h.do("bo", "protokoll"), "Kl. 18.10 lämnade Ann ordförandeskapet till Bo.")
}

// TestOpenVoteringNamesTheProxy: in an öppen votering, a member who
// voted through their proxy is named so in the protokoll, not as if they
// had voted in person.
func TestOpenVoteringNamesTheProxy(t *testing.T) {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("ann", "lang sv")
	h.do("ann", "register open")
	for _, p := range []string{"ann", "bo", "cy", "gun"} {
		h.do(p, "here")
	}
	h.do("ann", "fullmakt @gun <@lars|Lars>")
	h.do("ann", "register close")
	h.do("bo", `yrka "att bevilja ansvarsfrihet"`)
	h.do("ann", "propositionsordning")
	h.do("ann", "finner 1")
	h.do("cy", "votering --öppen")
	h.votes(map[string]string{"ann": "1", "bo": "1", "cy": "2", "gun": "2"})
	h.do("ann", "poll close")
	wantContains(t, h.do("ann", "protokoll"), "För avslag röstade Cy, Gun och Lars (genom fullmakt till Gun).")
}

// votes casts each person's vote ("1", "blank") in the poll under way.
func (h *harness) votes(votes map[string]string) {
	h.t.Helper()
	for who, n := range votes {
		h.do(who, "vote "+n)
	}
}

// tiedVotering is a Swedish årsmöte whose first question, Bo's yrkande
// against avslag, went to the votering Cy demanded (how), with votes.
func tiedVotering(t *testing.T, how string, votes map[string]string) *harness {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("ann", "lang sv")
	h.do("bo", `yrka "att fastställa verksamhetsplanen"`)
	h.do("ann", "propositionsordning")
	h.do("ann", "finner 1")
	h.do("cy", how)
	h.votes(votes)
	return h
}

// TestOneQuestionAtATime: a tie waiting for the chair's casting vote
// keeps its question; a propositionsordning on a later item is refused
// until it is decided, and the casting vote then records the decision
// under its own §.
func TestOneQuestionAtATime(t *testing.T) {
	h := tiedVotering(t, "votering --öppen", map[string]string{"bo": "1", "cy": "2"})
	wantContains(t, h.do("ann", "poll close"), "utslagsröst")
	h.do("ann", "nästa punkt")
	h.do("bo", `yrka "att ändra stadgarna"`)
	wantContains(t, h.sameState("ann", "propositionsordning"), "är inte avgjord än")
	wantContains(t, h.do("ann", "utslagsröst 1"), "Mötet har bifallit yrkande 1: att fastställa verksamhetsplanen")
	wantContains(t, h.do("ann", "protokoll"), "Mötet beslutade\n\natt fastställa verksamhetsplanen\n\n## § 2")
	wantContains(t, h.do("ann", "propositionsordning"), "att ändra stadgarna")
}

// TestLotDecidedVotering: a tie in a sluten votering on a sakfråga that
// the chair voted in goes to the lot, and what the lot decided is said
// in the chat and in the protokoll, not only the 2–2 that seems to carry.
func TestLotDecidedVotering(t *testing.T) {
	h := tiedVotering(t, "votering sluten", map[string]string{"ann": "1", "bo": "1", "cy": "2", "dan": "2"})
	wantContains(t, h.do("ann", "omröstning stäng"), "lottning")
	wantContains(t, h.do("ann", "lottning"), "Lotten avgjorde.")
	wantContains(t, h.do("ann", "protokoll"), "Röstetalen var lika, och lotten avgjorde för ")
}

// TestTiedVoteringPointsOnward: once a tied votering is closed, a new
// finding or demand is told what the question waits for (the casting
// vote), not to close a poll already closed.
func TestTiedVoteringPointsOnward(t *testing.T) {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("bo", `propose "that x"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.do("cy", "demand vote")
	h.votes(map[string]string{"bo": "1", "cy": "2"})
	h.do("ann", "poll close")
	for _, c := range []struct{ who, cmd string }{{"ann", "declare 1"}, {"cy", "demand vote --secret"}} {
		got := h.sameState(c.who, c.cmd)
		wantContains(t, got, "waits for the chair's casting vote: `casting N`")
		if strings.Contains(got, "poll close") {
			t.Errorf("%s> %s: told to close a closed poll:\n%s", c.who, c.cmd, got)
		}
	}
}

// TestMinutesKeepWhatWasEntered: minutes that are not a protokoll still
// say what people entered for the record: the place, the tellers, who
// took no part in a decision (jäv) and the reservations against it.
func TestMinutesKeepWhatWasEntered(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `agenda add "Motion 1" 30m`)
	h.do("ann", "next item")
	h.do("ann", "recuse <@li|Li>")
	h.do("bo", `propose "that x"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.do("cy", "demand vote")
	h.votes(map[string]string{"bo": "1", "cy": "2", "dan": "1"})
	h.do("ann", "poll close")
	h.do("cy", `reservation "No"`)
	h.do("ann", `place "Klubbhuset"`)
	wantContains(t, h.do("ann", "tellers @bo"), "Bo counts the votes (teller).")
	wantContains(t, h.do("ann", "minutes"), "Place: Klubbhuset", "Tellers: Bo",
		"  - _Li took no part in the decision", "  - _Cy registered a reservation against the decision. Reason: No_")
}

// TestAbandonedQuestionGivesWay: a question put and never found on
// decided nothing: a propositionsordning on a later item takes its place.
func TestAbandonedQuestionGivesWay(t *testing.T) {
	h := newHarnessWith(t, arsmote, annual)
	h.do("ann", "start arsmote")
	h.do("bo", `propose "that we do A"`)
	h.do("ann", "proposition")
	h.do("ann", "next item")
	h.do("bo", `propose "that we do B"`)
	wantContains(t, h.do("ann", "proposition"), "that we do B")
}

// TestGuestHasNoVote: a guest (adjungerad) attends without a vote, so
// the register's check-in, the chair's register add, and making someone
// on the register a guest all keep them from voting.
func TestGuestHasNoVote(t *testing.T) {
	for _, tt := range []struct {
		lang, user, cmd, want string
	}{
		{"sv", "zed", "närvarande", "Du är adjungerad, med närvaro-, yttrande- och förslagsrätt men utan rösträtt, och står därför inte i röstlängden."},
		{"en", "zed", "here", "You are a guest: you may attend, speak and propose, but not vote, so you are not on the voting register."},
		{"sv", "ann", "röstlängd lägg till @zed", "Zed är adjungerad, utan rösträtt, och förs inte upp i röstlängden."},
		{"en", "ann", "register add @zed", "Zed is a guest, without a vote, and does not go on the voting register."},
		{"sv", "ann", "röstlängd gäst @bo", "Bo står i röstlängden och har rösträtt. Ska hen vara adjungerad utan rösträtt, stryk hen först med `röstlängd stryk`."},
		{"en", "ann", "register guest @bo", "Bo is on the voting register and has a vote. To make them a guest without a vote, take them off the register first: `register remove`."},
	} {
		t.Run(tt.lang+"/"+tt.cmd, func(t *testing.T) {
			h, _ := arsmoteIn(t, tt.lang)
			h.do("ann", "register open")
			h.do("ann", "here")
			h.do("bo", "here")
			h.do("ann", "register guest <@zed|Zed>")
			wantContains(t, h.sameState(tt.user, tt.cmd), tt.want)
			h.do("ann", "register close")
			h.do("ann", `poll yesno "Fika?"`)
			wantContains(t, h.refused("zed", "vote 1"), map[string]string{"sv": "Du står inte i röstlängden", "en": "You are not on the voting register"}[tt.lang])
		})
	}
}

// TestChairSeesRegisterAsProtokoll: the chair's register lists the
// members by surname, as the protokoll's attendance does, and names who
// casts an absent member's vote, so that a proxy is not read out as
// present.
func TestChairSeesRegisterAsProtokoll(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"sv", "Dan Andersson\nBo Berg\nEva Ek (genom fullmakt till Bo Berg)\nSam Sub (ersättare för Fia Falk)\nAnna Öberg"},
		{"en", "Dan Andersson\nBo Berg\nEva Ek (by proxy, held by Bo Berg)\nAnna Öberg\nSam Sub (substitute for Fia Falk)"}, // English sorts Ö as O
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h, _ := arsmoteIn(t, tt.lang)
			h.do("ann", "register open")
			for id, name := range map[string]string{"anna": "Anna Öberg", "bo": "Bo Berg", "dan": "Dan Andersson", "eva": "Eva Ek", "sam": "Sam Sub", "fia": "Fia Falk"} {
				text := "here"
				if id == "eva" || id == "sam" || id == "fia" { // seen, but not on the register in person
					text = "hand"
				}
				h.req(bot.Request{User: id, UserName: name, Text: text})
			}
			h.do("ann", "register proxy @bo @eva")
			h.do("ann", "register substitute @sam @fia")
			h.do("ann", "register close")
			got := h.do("ann", "register")
			if !strings.Contains(got, tt.want) {
				t.Errorf("the chair's register reads\n%s\nwant the names\n%s", got, tt.want)
			}
		})
	}
}

// tiedAnsvarsfrihet has cy propose ansvarsfrihet, the chair ann find for it,
// dan demand a votering, cy and dan vote 1 to 1, and ann close it; it
// returns what the close says.
func tiedAnsvarsfrihet(h *harness) string {
	h.do("cy", `propose "att bevilja styrelsen ansvarsfrihet"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.do("dan", "demand vote")
	h.votes(map[string]string{"cy": "1", "dan": "2"})
	return h.do("ann", "poll close")
}

// TestRecusedChairGivesNoCastingVote: a chair with a conflict of
// interest on the item takes no part in its decision, so a tie in its
// votering is not the chair's to break: the board's chair cannot grant
// the board ansvarsfrihet with the casting vote. A chair without one can.
func TestRecusedChairGivesNoCastingVote(t *testing.T) {
	for _, tt := range []struct{ lang, want, decided string }{
		{"sv", "Du är jävig i den här frågan och kan därför inte heller lägga utslagsrösten. Lämna ordförandeskapet för punkten till någon som inte är jävig (`ordförande @namn`), som sedan lägger den.",
			"Mötet har avslagit yrkande 1 med 1 röst mot 1. Ordförandens utslagsröst avgjorde."},
		{"en", "You have a conflict of interest (jäv) on this question, so you cannot give the casting vote either. Hand the chair for this item to someone without one (`chair @user`), who then gives it.",
			"The meeting has rejected proposal 1 by 1 vote to 1. The chair's casting vote decided it."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan", "eve")
			h.do("ann", "recuse @ann @bo")
			tiedAnsvarsfrihet(h)
			wantContains(t, h.sameState("ann", "casting 1"), tt.want)
			h.do("ann", "chair <@eve|Eve>")
			wantContains(t, h.do("eve", "casting 2"), tt.decided)
		})
	}
}

// TestGuestRemoved: the chair takes a guest's (adjungerad's) speaking
// and proposal rights away again, and the guest's proposals are then
// refused as anyone's off the register.
func TestGuestRemoved(t *testing.T) {
	for _, tt := range []struct{ lang, remove, removed, again, refused string }{
		{"sv", "röstlängd gäst bort @zed", "Zed är inte längre adjungerad och har inte längre yttrande- och förslagsrätt.",
			"röstlängd gäst stryk @zed", "Zed är inte adjungerad."},
		{"en", "register guest remove @zed", "Zed is no longer a guest and may no longer speak or propose.",
			"register guest remove @zed", "Zed is not a guest."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h, _ := arsmoteIn(t, tt.lang)
			h.do("ann", "register open")
			h.do("ann", "here")
			h.do("ann", "register guest <@zed|Zed>")
			h.do("ann", "register close")
			h.do("ann", "next item")
			h.do("zed", `propose "att A"`)
			wantContains(t, h.do("ann", tt.remove), tt.removed)
			wantContains(t, h.sameState("ann", tt.again), tt.refused)
			wantContains(t, h.refused("zed", `propose "att B"`), map[string]string{"sv": "Du står inte i röstlängden", "en": "You are not on the voting register"}[tt.lang])
			wantContains(t, h.do("ann", "help register"), map[string]string{"sv": "röstlängd gäst stryk @namn…", "en": "register guest remove @user…"}[tt.lang])
		})
	}
}

// TestChairElectionMinuted: the chair elected at the § of the meeting's
// officers (ordförande @x, before or after sekreterare and justerare) is
// minuted as they are, as a decision; a handover later, or by a chair
// with jäv, stays a handover.
func TestChairElectionMinuted(t *testing.T) {
	for _, tt := range []struct {
		lang           string
		chairLast      bool
		want, handover string
	}{
		{"sv", false, "Mötet beslutade\n\natt välja Bo till mötesordförande\n\natt välja Cy till mötessekreterare", "lämnade Bo ordförandeskapet till Dan."},
		{"sv", true, "att välja Cy till mötessekreterare\n\natt välja Bo till mötesordförande", "lämnade Bo ordförandeskapet till Dan."},
		{"en", false, "The meeting resolved\n\nthat Bo be elected chair of the meeting\n\nthat Cy be elected secretary of the meeting", "Bo handed the chair to Dan."},
		{"en", true, "that Cy be elected secretary of the meeting\n\nthat Bo be elected chair of the meeting", "Bo handed the chair to Dan."},
	} {
		t.Run(fmt.Sprintf("%s/chairLast=%v", tt.lang, tt.chairLast), func(t *testing.T) {
			h, _ := arsmoteIn(t, tt.lang)
			if !tt.chairLast {
				h.do("ann", "chair <@bo|Bo>")
				h.do("bo", "secretary <@cy|Cy>")
			} else {
				h.do("ann", "secretary <@cy|Cy>")
				h.do("ann", "chair <@bo|Bo>")
			}
			h.do("bo", "next item")
			h.do("bo", "chair <@dan|Dan>")
			h.do("dan", "next item")
			h.do("dan", "recuse @dan")
			h.do("dan", "chair <@bo|Bo>")
			got := h.do("bo", "minutes")
			wantContains(t, got, tt.want, tt.handover)
			if n := strings.Count(got, map[string]string{"sv": "till mötesordförande", "en": "chair of the meeting"}[tt.lang]); n != 1 {
				t.Errorf("the chair is elected %d times in the protokoll, want once:\n%s", n, got)
			}
		})
	}
}

// TestChairHandoverAfterADecision: only the meeting's first change of
// chair, before anything is decided on its item, is minuted as electing
// the chair; every later one, and one after a decision on the item, is a
// handover (a chair with jäv handing it over and getting it back, too).
func TestChairHandoverAfterADecision(t *testing.T) {
	for _, tt := range []struct {
		name    string
		steps   [][2]string
		want    []string
		elected int
	}{
		{"after a decision", [][2]string{{"ann", `decision "that the agenda be approved"`}, {"ann", "chair <@bo|Bo>"}, {"bo", "chair <@cy|Cy>"}},
			[]string{"Ann handed the chair to Bo.", "Bo handed the chair to Cy."}, 0},
		{"elected on the next item", [][2]string{{"ann", `decision "that the agenda be approved"`}, {"ann", "next item"}, {"ann", "chair <@cy|Cy>"},
			{"cy", `decision "that X"`}, {"cy", "next item"}, {"cy", "chair <@dan|Dan>"}},
			[]string{"that Cy be elected chair of the meeting", "Cy handed the chair to Dan."}, 1},
		{"jäv and back", [][2]string{{"ann", `decision "that the agenda be approved"`}, {"ann", "next item"}, {"ann", "recuse @ann"}, {"ann", "chair <@bo|Bo>"},
			{"bo", `decision "that X"`}, {"bo", "next item"}, {"bo", "chair <@ann|Ann>"}},
			[]string{"Ann handed the chair to Bo.", "Bo handed the chair to Ann."}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := arsmoteIn(t, "en")
			for _, st := range tt.steps {
				h.do(st[0], st[1])
			}
			got := h.do("ann", "minutes")
			wantContains(t, got, tt.want...)
			if n := strings.Count(got, "chair of the meeting"); n != tt.elected {
				t.Errorf("the chair is elected %d times in the protokoll, want %d:\n%s", n, tt.elected, got)
			}
		})
	}
}

// TestCastingVoteNamesWhoCastIt: a chair with jäv hands the chair over
// after the votering closed tied, and the result names the new chair,
// who gave the casting vote, not the one in the chair at the close.
func TestCastingVoteNamesWhoCastIt(t *testing.T) {
	for _, tt := range []struct{ lang, want, not string }{
		{"sv", "Det blev lika röstetal; ordförandens utslagsröst (Bo) avgjorde.", "(Ann)"},
		{"en", "The votes were tied; the chair's casting vote (Bo) decided.", "(Ann)"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan")
			h.do("ann", "recuse @ann")
			tiedAnsvarsfrihet(h)
			h.do("ann", "chair <@bo|Bo>")
			got := h.do("bo", "casting 1")
			wantContains(t, got, tt.want)
			if strings.Contains(got, tt.not) {
				t.Errorf("the result names the chair at the close %s:\n%s", tt.not, got)
			}
			wantContains(t, h.do("bo", "poll results"), tt.want)
		})
	}
}

// TestCastingAfterHandover: a tie the chair at the close cannot break
// (jäv) is the new chair's by the rules of the close: their own vote in
// an open votering decides it, whatever casting N they type; without a
// vote (off the register) the lot does; with neither, their casting N.
func TestCastingAfterHandover(t *testing.T) {
	for _, tt := range []struct {
		name, lang, chair, casting, want, not string
	}{
		{"voted", "en", "cy", "casting 2", "The votes were tied; the chair's casting vote (Cy) decided.", "rejected"},
		{"voted", "sv", "cy", "utslagsröst 2", "Det blev lika röstetal; ordförandens utslagsröst (Cy) avgjorde.", "avslagit"},
		{"no vote", "en", "eve", "casting 1", "The chair is not on the voting register and so has no casting vote", "adopted"},
		{"no vote", "sv", "eve", "utslagsröst 1", "Ordföranden står inte i röstlängden och har därför ingen utslagsröst", "bifallit"},
		{"not voted", "en", "bo", "casting 2", "The votes were tied; the chair's casting vote (Bo) decided.", "adopted"},
	} {
		t.Run(tt.name+"/"+tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan")
			h.do("ann", "recuse @ann")
			tiedAnsvarsfrihet(h)
			h.do("ann", fmt.Sprintf("chair <@%s|%s>", tt.chair, strings.ToUpper(tt.chair[:1])+tt.chair[1:]))
			got := h.do(tt.chair, tt.casting)
			wantContains(t, got, tt.want)
			if strings.Contains(got, tt.not) {
				t.Errorf("%s's %s: %q in\n%s", tt.chair, tt.casting, tt.not, got)
			}
			if tt.name == "voted" { // the casting typed against their own vote: told why it did not count
				wantContains(t, got, map[string]string{"en": "You voted for “proposal 1: att bevilja styrelsen ansvarsfrihet” yourself",
					"sv": "Du röstade själv på ”yrkande 1: att bevilja styrelsen ansvarsfrihet”"}[tt.lang])
			}
		})
	}
}

// TestTieCastingNamesTheChairsJav: a votering tied under a chair with jäv
// says so, and how the tie is broken, not that the chair breaks it.
func TestTieCastingNamesTheChairsJav(t *testing.T) {
	h := withRegister(t, "en", "ann", "bo", "cy", "dan")
	h.do("ann", "recuse @ann")
	got := tiedAnsvarsfrihet(h)
	wantContains(t, got, "The chair, Ann, has a conflict of interest (jäv) on this question and so gives no casting vote")
	if strings.Contains(got, "decides it with the casting vote") {
		t.Errorf("the close tells the chair with jäv to give the casting vote:\n%s", got)
	}
}

// TestChairWithoutVoteGivesNoCastingVote: a chair not on the voting
// register (an external mötesordförande) has no vote, and so no casting
// vote: a tie in the votering goes to the lot, and the result says why.
func TestChairWithoutVoteGivesNoCastingVote(t *testing.T) {
	for _, tt := range []struct{ lang, interim, tie, refused, decided string }{
		{"sv", "avgör lotten, eftersom ordföranden inte står i röstlängden och därför inte har någon utslagsröst",
			"Ordföranden står inte i röstlängden och har därför ingen utslagsröst: lotten avgör; ordföranden lottar (`lottning`).",
			"Du står inte i röstlängden och har därför ingen utslagsröst", "Lotten avgjorde."},
		{"en", "lots decide it, as the chair is not on the voting register and so has no casting vote",
			"The chair is not on the voting register and so has no casting vote: lots decide it, and the chair draws lots with `poll draw`.",
			"You are not on the voting register and so have no casting vote", "The lot decided it."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "bo", "cy", "dan")
			h.do("cy", `propose "att höja avgiften"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			h.do("dan", "demand vote")
			h.votes(map[string]string{"cy": "1", "dan": "2"})
			wantContains(t, h.do("ann", "poll results"), tt.interim)
			got := h.do("ann", "poll close")
			wantContains(t, got, tt.tie)
			if strings.Contains(got, map[string]string{"sv": "utslagsröst N", "en": "casting N"}[tt.lang]) {
				t.Errorf("a chair without a vote is offered the casting vote:\n%s", got)
			}
			wantContains(t, h.sameState("ann", "casting 1"), tt.refused)
			wantContains(t, h.do("ann", "poll draw"), tt.decided)
		})
	}
}
