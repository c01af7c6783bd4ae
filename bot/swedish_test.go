package bot_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
)

// TestSwedishRefusals: in a Swedish meeting a bad flag and a fist poll are
// told in Swedish, naming the flags as they were typed, in their Swedish
// forms.
func TestSwedishRefusals(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "starta")
	h.do("ann", "språk sv")
	for _, c := range []struct{ cmd, want, not string }{
		{`omröstning "F?" "A" "B" --bogus`, "Kommandot har inget tillval som heter --bogus.", "unknown option"},
		{`omröstning "F?" "A" "B" --flera`, "--flera behöver ett värde efter sig.", "needs a value"},
		{`omröstning "F?" "A" "B" --anonym --sluten`, "En omröstning är antingen --anonym eller --sluten, inte båda.", "--secret"},
	} {
		got := h.sameState("ann", c.cmd)
		wantContains(t, got, c.want, "Så här: `omröstning")
		if strings.Contains(got, c.not) {
			t.Errorf("%s: the refusal is in English:\n%s", c.cmd, got)
		}
	}
	got := h.do("ann", `omröstning tumme "Redo?"`)
	wantContains(t, got, "Fem fingrar: 0 blockerar, 5 håller helt med")
}

// TestLanguageOutlivesMeeting: after a meeting in Swedish ends, the
// channel still speaks Swedish, whether the meeting took the language from
// its template or from lang; a language chosen afterwards wins.
func TestLanguageOutlivesMeeting(t *testing.T) {
	sv := board
	sv.Name, sv.Locale = "styrelse", "sv"
	for _, c := range []struct {
		name, start, lang string
	}{
		{"template", "starta styrelse", ""},
		{"lang", "starta", "språk sv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarnessWith(t, board, sv)
			h.do("ann", c.start)
			if c.lang != "" {
				h.do("ann", c.lang)
			}
			h.do("ann", "avsluta --tvinga")
			wantContains(t, h.refused("ann", "avsluta"), "Inget möte pågår här.")
			wantContains(t, h.refused("ann", "begär ordet"), "Inget möte pågår här.")
			h.do("ann", "lang en")
			wantContains(t, h.refused("ann", "end"), "No meeting is running here.")
		})
	}
}

// TestSwedishDurations: every duration in Swedish text is written as a
// Swedish chair writes it, "2 min 30 s", never "2m30s".
func TestSwedishDurations(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "starta board")
	h.do("ann", "språk sv")
	h.do("ann", "nästa punkt")
	h.do("bo", "begär ordet")
	h.do("ann", "nästa talare")
	h.clock.Advance(150 * time.Second)
	h.do("bo", "klar")
	for _, c := range []struct{ user, cmd, want string }{
		{"ann", "statistik", "1 av 1 inlägg (100 %), 2 min 30 s av 2 min 30 s (100 %)"},
		{"ann", `laget runt "Ett ord?" 1m`, "1 min var."},
		{"bo", "flagga paus", ""},
	} {
		got := h.do(c.user, c.cmd)
		wantContains(t, got, c.want)
		if short := regexp.MustCompile(`\d[hms]\b`); short.MatchString(got) {
			t.Errorf("%s: a duration is not written in Swedish: %q\n%s", c.cmd, short.FindString(got), got)
		}
	}
	got := h.sameState("bo", "flagga paus")
	wantContains(t, got, "Du kan igen om ")
	if regexp.MustCompile(`\d[hms]\b`).MatchString(got) {
		t.Errorf("the wait is not written in Swedish:\n%s", got)
	}
}

// TestPercentInBars: a poll's bars write their percentage as the summary
// does, "100 %" in Swedish and "100%" in English.
func TestPercentInBars(t *testing.T) {
	for _, c := range []struct{ lang, want string }{{"sv", "100 %"}, {"en", "100%"}} {
		h := newHarness(t)
		h.do("ann", "start")
		h.do("ann", "lang "+c.lang)
		h.do("ann", `poll "Q?" "A" "B"`)
		h.do("bo", "vote 1")
		resp := h.req(bot.Request{User: "ann", Text: "poll close"})
		text := replyText(resp)
		wantContains(t, text, "("+c.want+")")
		var shares []string
		for _, r := range resp.Replies {
			for _, b := range r.Message.Chart {
				shares = append(shares, chat.ShareOf(b))
			}
		}
		if len(shares) != 2 || shares[0] != c.want {
			t.Errorf("%s: the bars read %q, want %q first", c.lang, shares, c.want)
		}
	}
}

// TestHelpListsEveryAlias: help, in either language, names every alias
// of the alias table (a spelling without å, ä, ö beside one with them
// is understood but not listed), help on each alias names it, and
// Swedish help speaks good Swedish.
func TestHelpListsEveryAlias(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	en := h.do("ann", "help")
	h.do("ann", "lang sv")
	sv := h.do("ann", "hjälp")
	all := cmdline.PhraseAliases()
	spelled := map[string]bool{}
	for a := range all {
		if f := cmdline.ASCIIFold(a); f != a {
			spelled[f] = true
		}
	}
	if len(all) < 100 {
		t.Fatalf("only %d aliases", len(all))
	}
	for a := range all {
		if spelled[a] {
			continue
		}
		for lang, got := range map[string]string{"en": en, "sv": sv} {
			if !strings.Contains(got, "`"+a+"`") && !strings.Contains(got, "`"+a+" ") {
				t.Errorf("%s help does not list the alias %q", lang, a)
			}
		}
	}
	for _, a := range []string{"laget runt", "lottning", "närvarande", "här", "fastställ", "jäv", "fullmakt", "ersättare", "utslagsröst", "plats", "rösträknare", "justera", "invänd", "kalla", "mall visa"} {
		wantContains(t, en, "`"+a)
		wantContains(t, sv, "`"+a)
	}
	wantContains(t, sv, "(dess ordförande)")
	if strings.Contains(sv, "dess ordföranden") {
		t.Errorf("Swedish help says “dess ordföranden”")
	}
	// help on each alias, those that stand for a flag too (votering
	// sluten: demand vote --secret), answers with its command's help.
	for _, lang := range []string{"en", "sv"} {
		h.do("ann", "lang "+lang)
		for a, to := range all {
			got := h.do("ann", "help "+a)
			listed := spelled[a] || strings.Contains(got, "`"+a+"`") || strings.Contains(got, "`"+a+" ")
			if strings.Contains(got, "There is no command") || strings.Contains(got, "Det finns inget kommando") || !listed {
				t.Errorf("%s: help %s (%s) answers %q", lang, a, to, got)
			}
		}
	}
}

// TestClockInReplies: a time of day in a reply is written as the
// language writes it, "kl. 18.15" in Swedish and "18:15" in English, to
// the minute; seconds only for a window under a minute (the votering's
// 30 s), where the minute alone would not tell how long is left.
func TestClockInReplies(t *testing.T) {
	for _, c := range []struct {
		lang string
		cmds []string
		want []string
	}{{
		lang: "sv",
		cmds: []string{`omröstning "F?" "A" "B" --stäng 5m`, "streck föreslås", "ajournera 15m", "dagordning"},
		want: []string{"stängs kl. 18.05", "talarlistan stängs om 1 min, kl. 18.01.", "till kl. 18.15.", "ajournerat till kl. 18.15"},
	}, {
		lang: "en",
		cmds: []string{`poll "Q?" "A" "B" --close 5m`, "queue last-call", "adjourn 15m", "agenda"},
		want: []string{"closes at 18:05", "in 1m, at 18:01:", "until 18:15.", "adjourned until 18:15"},
	}} {
		t.Run(c.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start board")
			h.do("ann", "lang "+c.lang)
			h.clock.Advance(17 * time.Second)
			var got strings.Builder
			for _, cmd := range c.cmds {
				got.WriteString(h.do("ann", cmd) + "\n")
			}
			wantContains(t, got.String(), c.want...)
			bad := `\d\d:\d\d:\d\d|\d\d\.\d\d\.\d\d`
			if c.lang == "sv" {
				bad += `|\d\d:\d\d`
			}
			if m := regexp.MustCompile(bad).FindString(got.String()); m != "" {
				t.Errorf("a time is written %q:\n%s", m, got.String())
			}
		})
	}
}

// TestAbstainedAndBlank: a yes/no question where one member abstains and
// one votes blank tells the two apart, as a Swedish protokoll does: "1
// avstod och 1 blank röst", not two ways to abstain.
func TestAbstainedAndBlank(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "starta")
	h.do("ann", "språk sv")
	h.do("ann", `omröstning janej "Ny kaffebryggare?"`)
	h.do("bo", "rösta ja")
	h.do("cy", "rösta blankt")
	h.do("dan", "rösta avstår")
	wantContains(t, h.do("ann", "omröstning stäng"), "Räknas inte för något alternativ: 1 avstod och 1 blank röst.")
	got := h.do("ann", "protokoll")
	wantContains(t, got, "Räknas inte för något alternativ: 1 avstod och 1 blank röst.")
	if strings.Contains(got, "avstod (blank") {
		t.Errorf("a blank vote reads as an abstention:\n%s", got)
	}
}

// TestHereInSwedish: a member checks in with "här", the word a Swede
// answers a roll call with, as well as "närvarande".
func TestHereInSwedish(t *testing.T) {
	h := newHarnessWith(t, arsmote)
	h.do("ann", "start arsmote")
	h.do("ann", "språk sv")
	h.do("ann", "röstlängd öppna")
	wantContains(t, h.do("bo", "här"), "Du står i röstlängden (1 medlem hittills).")
	wantContains(t, h.do("cy", "närvarande"), "Du står i röstlängden (2 medlemmar hittills).")
}

// TestSwedishGoAroundWords: the go-around's Swedish words as its buttons
// and the chair's other commands say them; "laget runt nästa" was read as
// a new go-around with the time "nästa", and "stå över" was unknown.
func TestSwedishGoAroundWords(t *testing.T) {
	for _, c := range []struct{ who, cmd, want string }{
		{"first", "stå över", "står över."},
		{"ann", "laget runt nästa", "Laget runt, 2 av 3"},
		{"ann", "avbryt laget runt", "Ordföranden avbröt laget runt efter 0 av 3."},
		{"ann", "laget runt avbryt", "Ordföranden avbröt laget runt efter 0 av 3."},
	} {
		t.Run(c.cmd, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "språk sv")
			h.do("ann", "starta")
			h.do("bo", "begär ordet")
			h.do("cy", "begär ordet")
			first := turnOf(t, strings.Replace(h.do("ann", `laget runt "Ett ord?"`), "ordet går till", "over to", 1))
			who := c.who
			if who == "first" {
				who = first
			}
			wantContains(t, h.do(who, c.cmd), c.want)
		})
	}
}
