package bot_test

import (
	"strings"
	"testing"
	"time"

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
			wantContains(t, got, tr("3 av 3 har röstat", "3 of 3 have voted"),
				tr("Mötet har avslagit yrkande 1 med 2 röster mot 1.", "The meeting has rejected proposal 1 by 2 votes to 1."),
				tr("Bo, Cy och Dan deltog inte i beslutet på grund av jäv.", "Bo, Cy and Dan took no part in the decision (conflict of interest)."))
			wantContains(t, h.do("ann", "minutes"), tr("_Bo, Cy och Dan deltog inte i beslutet på grund av jäv._", "_Bo, Cy and Dan took no part in the decision (conflict of interest)._"))
			// Jäv is per item: on the next, Bo votes again; recuse clear undoes it.
			h.do("ann", "next item")
			h.do("ann", `poll yesno "Fika?"`)
			h.do("bo", "vote 1")
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
				tr("Kontrapropositionsvotering", "Counter-vote"), tr("Den som bifaller yrkande 2: att vi går hem säger ja.", "Who supports proposal 2: att vi går hem?"))
			h.do("ann", "finner 1")
			// Declaring the same again ends the window: the huvudvotering is held at once.
			wantContains(t, h.do("ann", "finner 1"), tr("Huvudvotering: yrkande 1 (huvudförslaget) mot yrkande 2 (motförslaget).",
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
	h := withRegister(t, "sv", "ann", "bo", "cy")
	h.do("ann", `omröstning janej "Fika?"`)
	h.do("bo", "vote 1")
	h.do("cy", "vote 1")
	h.do("ann", "vote 2")
	h.do("ann", "röstlängd stryk @cy")
	got := h.do("ann", "poll close")
	if strings.Contains(got, "3 av 2") {
		t.Errorf("turnout above the register:\n%s", got)
	}
	wantContains(t, got, "3 röster av 2 i röstlängden: röstlängden ändrades under omröstningen, och röster som redan lagts står kvar")
}
