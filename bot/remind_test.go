package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// reminded returns who a response reminds privately.
func reminded(resp bot.Response) []string {
	var who []string
	for _, r := range resp.Replies {
		if r.To == chat.Recipient {
			who = append(who, r.User)
		}
	}
	return who
}

// TestPollRemind: the chair reminds, privately, those who may vote and
// have not; at most once in 5 minutes a poll; others may not; the
// chair learns how many, not who.
func TestPollRemind(t *testing.T) {
	for _, tc := range []struct {
		lang, sent, tooSoon, nobody, note, chairOnly string
	}{
		{"en", "Reminded 3 people who have not voted in poll #1.", "remind them again in 4m", "Everyone who may vote in poll #1 has voted.",
			"Poll #1 (Lunch?) is open and you have not voted yet", "Only the chair can do that. The chair is Ann."},
		{"sv", "Påminde 3 personer som inte har röstat i omröstning #1.", "påminna igen om 4 min", "Alla som får rösta i omröstning #1 har röstat.",
			"Omröstning #1 (Lunch?) pågår och du har inte röstat än", "Det får bara ordföranden göra. Ordförande är Ann."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tc.lang)
			for _, who := range []string{"bo", "cy", "di"} {
				h.do(who, "hand") // participants
			}
			h.do("ann", `poll "Lunch?" "Pizza" "Sushi" --secret`)
			h.do("bo", "vote 1")
			wantContains(t, h.refused("cy", "poll remind"), tc.chairOnly) // the chair's, in the meeting's language
			resp := h.req(bot.Request{User: "ann", Text: "poll remind"})
			// Those who have not voted, the chair among them; not bo, who
			// voted, though the ballot is secret.
			if got := reminded(resp); strings.Join(got, " ") != "ann cy di" {
				t.Fatalf("reminded %v, want ann, cy and di, not bo", got)
			}
			wantContains(t, replyText(resp), tc.note, tc.sent)
			h.clock.Advance(time.Minute)
			wantContains(t, h.refused("ann", "poll remind"), tc.tooSoon)
			h.clock.Advance(5 * time.Minute)
			h.do("cy", "vote 2")
			h.do("di", "vote 1")
			h.do("ann", "vote 1")
			wantContains(t, h.do("ann", "poll remind"), tc.nobody)
		})
	}
}
