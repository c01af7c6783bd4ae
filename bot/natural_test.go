package bot_test

import (
	"strings"
	"testing"
)

// TestNaturalCommands: commands as a chair types them, in whole
// sentences, with words for durations and lists, typographic dashes,
// a full stop at the end, invisible characters and no å, ä or ö, do
// what the plain command does.
func TestNaturalCommands(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy", "dan")
			for _, c := range []struct{ user, cmd, want string }{
				{"ann", "justerare @bo och @cy", tr("Bo och Cy justerar protokollet.", "Bo and Cy")},
				{"ann", "adjusters @bo and @cy", tr("Bo och Cy justerar protokollet.", "Bo and Cy")},
				{"ann", "rösträknare @bo, @cy", tr("Bo och Cy är rösträknare.", "Bo and Cy")},
				{"ann", "tellers @bo,@cy och @dan", tr("Bo, Cy och Dan är rösträknare.", "Bo, Cy and Dan")},
				{"ann", "ajournera 15 min", tr("15 min", "15m,")},
				{"ann", "återuppta mötet", tr("Mötet återupptas", "resumes")},
				{"ann", "adjourn 1 tim 30 min.", tr("1 tim 30 min", "1h30m,")},
				{"ann", "resume.", tr("Mötet återupptas", "resumes")},
				{"ann", "adjourn 15 minutes", tr("15 min", "15m,")},
				{"ann", "resume", tr("Mötet återupptas", "resumes")},
				{"ann", "talartid 2 min", tr("2 min per inlägg", "2m per turn")},
				{"ann", "queue limit 2 mins", tr("2 min per inlägg", "2m per turn")},
				{"bo", `yrka "att köpa en kaffebryggare".`, tr("Yrkande 1 från Bo: att köpa en kaffebryggare", "Proposal 1 by Bo: att köpa en kaffebryggare")},
				{"cy", "instämmer i yrkande 1", tr("Du instämmer i yrkande 1", "You support proposal 1")},
				{"dan", "instam i yrkande 1", tr("Du instämmer i yrkande 1", "You support proposal 1")},
				{"bo", "hand.", tr("nummer 1", "number 1")},
				{"cy", "begar ordet", tr("nummer 2", "number 2")},
				{"dan", "hand\u200b", tr("nummer 3", "number 3")},
				{"ann", "\ufeffstatus?", tr("Aktuell punkt", "Current item")},
				{"ann", `omrostning janej "Fika?" —stang 5 min`, tr("stängs kl.", "closes at")},
				{"ann", "rösta ja", tr("Din röst är registrerad: Ja.", "Your vote is recorded: Yes.")},
				{"bo", "vote NO", tr("Din röst är registrerad: Nej.", "Your vote is recorded: No.")},
				{"cy", "rösta avstår", tr("Din röst är registrerad: Avstår.", "Your vote is recorded: Abstain.")},
				{"dan", "vote abstain.", tr("Din röst är registrerad: Avstår.", "Your vote is recorded: Abstain.")},
				{"ann", `poll "Q?" "A" "B" "C" --multi 3 --close 5 min`, tr("stängs kl. 18.05", "closes at 18:05")},
				{"ann", "vote 3,1", tr("Din röst är registrerad: C, A.", "Your vote is recorded: C, A.")},
				{"bo", "vote 1, 2", tr("Din röst är registrerad: A, B.", "Your vote is recorded: A, B.")},
				{"ann", `poll elect 2 "Board" "A" "B" "C" —method stv`, tr("överförbar röst (STV)", "single transferable vote")},
				{"ann", `decision "Pizza on Friday".`, tr("antecknat: Pizza on Friday", "recorded: Pizza on Friday")},
			} {
				got := h.do(c.user, c.cmd)
				wantContains(t, got, c.want)
				if strings.Contains(got, "--") && strings.Contains(c.cmd, "—") {
					t.Errorf("%s: %s", c.cmd, got)
				}
			}
			for _, c := range []struct{ cmd, want string }{
				{`poll "Q?" "A" "B" "C" method stv`, tr("”method” står inte inom citattecken", "“method” is not in quotes")},
				{"poll close 1", tr("”1” anger ingen omröstning: skriv den med #: #1.", "“1” does not name a poll: write it with #: #1.")},
			} {
				wantContains(t, h.sameState("ann", c.cmd), c.want, tr("Så här:", "Usage:"))
			}
			h.do("ann", "end --force")
		})
	}
}

// TestNaturalSwedishPhrases: the phrases a Swedish chair says for ending
// the meeting, demanding a votering and the register's proxies and
// substitutes work as the commands they name.
func TestNaturalSwedishPhrases(t *testing.T) {
	for _, c := range []struct{ cmd, want string }{
		{"begär sluten votering", "Cy begär sluten votering"},
		{"sluten votering", "Cy begär sluten votering"},
		{"öppen votering", "öppen: alla ser vem som röstat på vad"},
		{"begar oppen votering", "öppen: alla ser vem som röstat på vad"},
	} {
		t.Run(c.cmd, func(t *testing.T) {
			h := withRegister(t, "sv", "ann", "bo", "cy")
			h.do("bo", `yrka "att måla om"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			wantContains(t, h.do("cy", c.cmd), c.want)
		})
	}
	h, _ := arsmoteIn(t, "sv")
	h.do("ann", "register open")
	h.do("bo", "here")
	wantContains(t, h.do("ann", "fullmakt @bo för @cy"), "Bo har fullmakt för cy")
	wantContains(t, h.do("ann", "ersättare @sub för @dan"), "sub är ersättare för dan")
	wantContains(t, h.do("ann", "hjalp"), "begär ordet")
	wantContains(t, h.do("ann", "avsluta mötet."), "Mötet är avslutat")
}
