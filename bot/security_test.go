package bot_test

import (
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
)

// A votering belongs to the meeting: the member who demanded it cannot
// close it and so decide the question alone (issue 26, finding 1).
func TestVoteringOnlyTheChairCloses(t *testing.T) {
	for _, tc := range []struct {
		lang, demand, close, want string
	}{
		{"en", "demand vote", "poll close", "This poll belongs to the meeting: only the chair (Ann) can close it."},
		{"sv", "votering", "omröstning stäng", "Omröstningen tillhör mötet: bara ordföranden (Ann) kan stänga den."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tc.lang)
			h.do("ann", "next item")
			h.do("bo", `propose "att köpa en båt"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			h.do("bo", tc.demand)
			h.do("bo", "vote 2")
			before := h.snapshot()
			wantContains(t, h.refused("bo", tc.close), tc.want)
			wantContains(t, h.refused("bo", tc.close+" #1"), tc.want)
			if after := h.snapshot(); after != before {
				t.Errorf("a refused close changed the meeting:\n%s\nwant\n%s", after, before)
			}
			got := h.do("ann", tc.close)
			if !strings.Contains(got, "1") {
				t.Errorf("the chair's close did not count: %q", got)
			}
		})
	}
}

// A poll counted against the voting register belongs to the meeting too,
// also outside a protocol meeting; an ordinary poll stays its creator's.
func TestRegisterPollOnlyTheChairCloses(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", "register open")
	h.do("bo", "here")
	h.do("ann", "register close")
	h.do("bo", `poll "Lunch?" "Yes" "No" --register`)
	wantContains(t, h.refused("bo", "poll close"), "only the chair (Ann) can close it")
	h.do("bo", `poll "Fika?" "Yes" "No"`)
	wantContains(t, h.do("bo", "poll close"), "Fika?")
	wantContains(t, h.do("ann", "poll close"), "Lunch?")
}

// Control characters and bidi overrides never enter the bot: not in a
// command's text, a display name or a click's typed input (issue 26,
// finding 2).
func TestUserTextCleanedAtTheBoundary(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	resp := h.req(bot.Request{User: "bo", UserName: "Bo\revent: gone\u202e", Text: "poll \"Lunch?\x07\u202e\" \"A\x00\" \"B\""})
	h.req(bot.Request{User: "bo", UserName: "Bo\revent: gone\u202e", Text: "hand"})
	got := replyText(resp) + h.do("ann", "queue")
	wantContains(t, got, "Lunch?", "Bo event: gone")
	for _, bad := range []string{"\r", "\x07", "\x00", "\u202e"} {
		if strings.Contains(got, bad) || strings.Contains(h.snapshot(), bad) {
			t.Errorf("%q reached the replies or the store:\n%q", bad, got)
		}
	}
	md := h.do("ann", "minutes")
	if strings.ContainsAny(md, "\r\x07\x00\u202e") {
		t.Errorf("the minutes keep a control character: %q", md)
	}
}
