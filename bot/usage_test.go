package bot_test

import (
	"strings"
	"testing"
)

// TestWrongWordsGetTheUsage: a word a command does not take, or a word
// after a command's first that names none of its subcommands, is refused
// privately with what the caller may have meant, in the meeting's
// language, and changes nothing; help on a word lists the commands that
// begin with it.
func TestWrongWordsGetTheUsage(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `start board "Board, November"`)
	before := h.snapshot()
	tests := []struct {
		cmd  string
		want []string
	}{
		{"agenda frobnicate", []string{"There is no command “agenda frobnicate”.", "Commands that begin the same way:", "`agenda add \"title\" [10m] [--under N]`", "`agenda jump N`"}},
		{"queue bogus", []string{"There is no command “queue bogus”.", "`queue close`"}},
		{"rules bogus", []string{"There is no command “rules bogus”.", "`rules remind`"}},
		{"register bogus", []string{"There is no command “register bogus”.", "`register open`"}},
		{"minutes bogus", []string{"There is no command “minutes bogus”.", "`minutes pdf`"}},
		{"proposals foo", []string{"There is no command “proposals foo”.", "`proposals close`"}},
		{"next bogus", []string{"There is no command “next bogus”.", "`next item`"}},
		{"template bogus", []string{"There is no command “template bogus”.", "`template save NAME [--channel]`"}},
		{"template", []string{"“template” needs a word after it.", "`template show NAME`"}},
		{"status now", []string{"Nothing more goes after “status”, so “now” is not understood.", "Usage: `status`"}},
		{"stats foo", []string{"Nothing more goes after “stats”, so “foo” is not understood.", "Usage: `stats`"}},
		{"hand foo", []string{"Nothing more goes after “hand”, so “foo” is not understood.", "Usage: `hand`"}},
		{"end now", []string{"Nothing more goes after “end”, so “now” is not understood.", "Usage: `end [--force]`"}},
		{`agenda "Budget"`, []string{"Nothing more goes after “agenda”, so “Budget” is not understood.", "Usage: `agenda`"}},
		{"help me", []string{"There is no command “me”.", "Usage: `help [command]`"}},
		{`poll "Q? "A" "B"`, []string{"A quote is not closed."}},
		{`poll "Q?" "A" B"`, []string{"A quote is not closed."}},
		{"poll results bogus", []string{"“bogus” does not name a poll: name one by its number, like #3.", "Usage: `poll results [#ID]`"}},
		{"poll close #1 now", []string{"“now” does not name a poll", "Usage: `poll close [#ID]`"}},
		{"poll export x", []string{"“x” does not name a poll", "Usage: `poll export [#ID]`"}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			got := h.refused("ann", tt.cmd)
			wantContains(t, got, tt.want...)
			if strings.Contains(got, "I don't know the command") {
				t.Errorf("the refusal names the command, not the word:\n%s", got)
			}
			if after := h.snapshot(); after != before {
				t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	// The same in Swedish, in the words a Swedish chair typed.
	h.do("ann", "lang sv")
	before = h.snapshot()
	for _, tt := range []struct {
		cmd  string
		want []string
	}{
		{"dagordning frobnicate", []string{"Det finns inget kommando ”dagordning frobnicate”.", "Kommandon som börjar likadant:", "`dagordning hoppa N`"}},
		{"mall bogus", []string{"Det finns inget kommando ”mall bogus”.", "`mall visa NAMN`"}},
		{"läge nu", []string{"Inget mer ska stå efter ”läge”, så ”nu” förstås inte.", "Så här: `läge`"}},
		{"votering öppen nu", []string{"Inget mer ska stå efter ”votering öppen”, så ”nu” förstås inte."}},
		{"begär votering sluten nu", []string{"Inget mer ska stå efter ”begär votering sluten”, så ”nu” förstås inte."}},
		{"streck nu", []string{"Inget mer ska stå efter ”streck”, så ”nu” förstås inte."}},
		{"mötet avslutas nu", []string{"Inget mer ska stå efter ”mötet avslutas”, så ”nu” förstås inte."}},
		{"hjälp nåt", []string{"Det finns inget kommando ”nåt”.", "Så här: `hjälp [kommando]`"}},
	} {
		wantContains(t, h.refused("ann", tt.cmd), tt.want...)
		if after := h.snapshot(); after != before {
			t.Errorf("%s changed the state", tt.cmd)
		}
	}
	wantContains(t, h.do("ann", "hjälp mall"), "`mall visa NAMN`: visa en mall")
	h.do("ann", "lang en")
	got := h.do("ann", "help agenda")
	wantContains(t, got, "`agenda` (also `dagordning`): show the agenda", "`agenda jump N` (also `dagordning gå till`, `dagordning hoppa`): go to item N (chair)")
	if strings.Contains(got, "hand") {
		t.Errorf("help agenda lists other commands:\n%s", got)
	}
	wantContains(t, h.do("ann", "help poll close"), "`poll close [#ID]` (also `omröstning stäng`, `stäng omröstningen`): close a poll")
}

// TestInvisibleTextIsEmpty: a title, note or option made only of spaces
// and invisible characters (a zero-width space, a word joiner, a soft
// hyphen) is empty, and options that differ only by such characters are
// the same; emoji keep the characters they are made of.
func TestInvisibleTextIsEmpty(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `start board "Board, November"`)
	before := h.snapshot()
	for _, tt := range []struct{ cmd, want string }{
		{"poll \"Q?\" \"A\" \"\u200b\"", "Option 2 is empty."},
		{"poll \"Q?\" \"A\" \" \u2060 \"", "Option 2 is empty."},
		{"poll \"Q?\" \"A\" \"A\u200b\"", "Options 1 and 2 are the same"},
		{"poll \"Q?\" \"A\u200bB\" \"ab\"", "Options 1 and 2 are the same"},
		{"poll \"\u200b\" \"A\" \"B\"", "The text is empty."},
		{"note \"\u200b\"", "The text is empty."},
		{"decision \"\u00ad \ufeff\"", "The text is empty."},
		{"agenda add \"\u200b\" 5m", "The title is empty."},
		{"rules add \"\u3164\"", "The text is empty."},
	} {
		wantContains(t, h.refused("ann", tt.cmd), tt.want)
		if after := h.snapshot(); after != before {
			t.Errorf("%q changed the state", tt.cmd)
		}
	}
	scotland := "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
	wantContains(t, h.do("ann", `poll "Q?" "`+scotland+`" "❤️" "👩‍💻"`), scotland, "❤️", "👩‍💻")
	wantContains(t, h.do("ann", "note \"\u200bok\u200b\""), "Note 1 recorded: ok\n")
}

// TestRefusalsSayWhatIsWrong: each refusal names what is wrong with the
// request, not a neighbouring rule it happens to break.
func TestRefusalsSayWhatIsWrong(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `start board "Board, November"`)
	h.do("bo", "order")
	h.do("ann", "next")
	wantContains(t, h.refused("cy", "reply"), "There is no speech to reply to: Bo has the floor, but not for a speech.")
	wantContains(t, h.refused("ann", `poll "Q?" "A" "B" --multi 0`), "“0” is too small: the least is 1.", "Usage: `poll")
	wantContains(t, h.refused("ann", `poll "Q?" "A" "B" --multi 99999999999999999999`), "“99999999999999999999” is too large a number.")
	wantContains(t, h.refused("ann", `poll elect 0 "Board" "A" "B"`), "“0” is too small: the least is 1.")
	wantContains(t, h.refused("ann", "reservation 0"), "“0” is too small: the least is 1.", "Usage: `reservation [N] [\"reason\"]`")

	h.do("ann", "evaluate")
	wantContains(t, h.refused("bo", "vote 6"), "There is no option 6: vote 0 to 5.")
	h.do("ann", "poll close")

	h.do("ann", `ideas "Q?"`)
	h.do("bo", `idea "One"`)
	h.do("ann", "ideas reveal")
	h.do("ann", "dots 1")
	h.do("ann", "dots close")
	wantContains(t, h.refused("ann", "dots 3"), "The dot vote on “Q?” is closed. To vote again, start a new brainstorm with `ideas \"…\"`.")

	h.do("ann", `poll elect 2 "Board" "Ada" "Bo" "Cia" --method stv`)
	h.do("bo", "vote 1 2")
	wantContains(t, h.do("ann", "poll close"), "Quota 1 (1 valid ballot, 2 seats)")
}

// TestNotOnTheRegisterNamesTheAct: once the register is set, someone not
// on it who proposes, supports or demands a vote is told which act is
// kept to the register, not that they cannot vote in a poll. A guest
// (närvaro-, yttrande- och förslagsrätt) may propose but not support:
// supporting is named on its own among the acts of the register's members.
func TestNotOnTheRegisterNamesTheAct(t *testing.T) {
	for _, lang := range []string{"en", "sv"} {
		t.Run(lang, func(t *testing.T) {
			h := withRegister(t, lang, "bo")
			tr := func(sv, en string) string {
				if lang == "sv" {
					return sv
				}
				return en
			}
			h.do("ann", "register guest @gus")
			h.do("bo", `propose "att A"`)
			for _, tt := range []struct{ user, cmd, want string }{
				{"ann", `propose "att B"`, tr("Du står inte i röstlängden. När den är fastställd kan bara de som står i den, och gäster med förslagsrätt, yrka.", "You are not on the voting register. Once it is set, only those on it, and guests given the right to propose, can make a proposal.")},
				{"ann", "support 1", tr("När den är fastställd kan bara de som står i den instämma i ett yrkande", "Once it is set, only those on it can support a proposal")},
				{"gus", "instäm 1", tr("gäster har yttrande- och förslagsrätt men kan inte instämma", "guests may speak and propose, but not support")},
				{"zed", "yrka \"att C\"", tr("kan bara de som står i den, och gäster med förslagsrätt, yrka", "only those on it, and guests given the right to propose, can make a proposal")},
			} {
				got := h.sameState(tt.user, tt.cmd)
				wantContains(t, got, tt.want)
				if strings.Contains(got, tr("rösta i den här omröstningen", "vote in this poll")) {
					t.Errorf("%s> %s speaks of a poll:\n%s", tt.user, tt.cmd, got)
				}
			}
			h.do("gus", `propose "att D"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			wantContains(t, h.sameState("zed", "demand vote"), tr("Du står inte i röstlängden. När den är fastställd kan bara de som står i den begära votering.", "You are not on the voting register. Once it is set, only those on it can demand a vote."))
		})
	}
}
