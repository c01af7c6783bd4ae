package bot_test

import (
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// TestOvertakenNotice: someone told privately that they are next is told,
// privately, when a reply, point of order or point of information now
// comes before them, each time one does; they are not told again that
// they are next when the first of those has the floor.
func TestOvertakenNotice(t *testing.T) {
	for _, tt := range []struct{ lang, ask, want, again string }{
		{"sv", "replik", "Dan har begärt replik på Bo, och en replik tas direkt efter inlägget den gäller: du får ordet efter repliken.",
			"Eve har begärt replik på Bo, och en replik tas direkt efter inlägget den gäller: du får ordet efter repliken."},
		{"en", "reply", "Dan replies to Bo, and a reply comes right after the speech it answers: you are next after it.",
			"Eve replies to Bo, and a reply comes right after the speech it answers: you are next after it."},
		{"sv", "ordningsfråga", "Dan har begärt ordet för en ordningsfråga, som tas först: du får ordet efter den.",
			"Eve har begärt replik på Bo, och en replik tas direkt efter inlägget den gäller: du får ordet efter repliken."},
		{"en", "info", "Dan has a point of information, which comes first: you are next after it.",
			"Eve replies to Bo, and a reply comes right after the speech it answers: you are next after it."},
	} {
		t.Run(tt.lang+" "+tt.ask, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", "hand")
			h.do("cy", "hand")
			h.do("ann", "next") // Cy is told she is next, after Bo
			reply := map[string]string{"sv": "replik", "en": "reply"}[tt.lang]
			for _, step := range []struct{ user, cmd, want string }{{"dan", tt.ask, tt.want}, {"eve", reply, tt.again}} {
				resp := h.req(bot.Request{User: step.user, Text: step.cmd})
				var told []string
				for _, r := range resp.Replies {
					if r.To == chat.Recipient {
						told = append(told, r.User+": "+r.Message.Text)
					}
				}
				if len(told) != 1 || told[0] != "cy: "+step.want {
					t.Errorf("%s> %s: private notices = %q, want Cy told %q", step.user, step.cmd, told, step.want)
				}
			}
			resp := h.req(bot.Request{User: "ann", Text: "next"}) // Dan's turn: Eve is next, and Cy knows she comes after
			for _, r := range resp.Replies {
				if r.To == chat.Recipient && r.User != "eve" {
					t.Errorf("next told %s: %s", r.User, r.Message.Text)
				}
			}
		})
	}
}

// TestOvertakenByTheAnswer: the speaker's answer to the replies on their
// speech comes before the one told they are next, who is told it is the
// speaker's answer, not that the speaker replies to themself.
func TestOvertakenByTheAnswer(t *testing.T) {
	for _, tt := range []struct{ lang, reply, want string }{
		{"sv", "replik", "Bo svarar på replikerna på sitt inlägg, direkt efter dem: du får ordet efter svaret."},
		{"en", "reply", "Bo will answer the replies to their speech, right after them: you are next after that."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", "hand")
			h.do("cy", "hand")
			h.do("ann", "next") // Cy is told she is next, after Bo
			h.do("dan", tt.reply)
			resp := h.req(bot.Request{User: "bo", Text: tt.reply})
			var told []string
			for _, r := range resp.Replies {
				if r.To == chat.Recipient {
					told = append(told, r.User+": "+r.Message.Text)
				}
			}
			if len(told) != 1 || told[0] != "cy: "+tt.want {
				t.Errorf("bo> %s: private notices = %q, want Cy told %q", tt.reply, told, tt.want)
			}
		})
	}
}

// TestNoOvertakenNotice: a request that comes after the one told they
// are next, a reply when nobody was told, or one after the person told
// has the floor, tells nobody anything privately; nor does a reply to
// the speech of someone told before, who asks again.
func TestNoOvertakenNotice(t *testing.T) {
	for _, tt := range []struct{ lang, reply, told string }{
		{"en", "reply", "you are next after"},
		{"sv", "replik", "du får ordet efter"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", "hand")
			for _, step := range [][2]string{{"ann", "next"}, {"cy", tt.reply}, {"dan", "hand"}, {"ann", "next"}, {"eve", "hand"}, {"ann", "next"}, {"dan", "hand"}, {"eve", tt.reply}} {
				resp := h.req(bot.Request{User: step[0], Text: step[1]})
				if resp.Refused { // each step sets up the next: none may fail
					t.Fatalf("%s> %s was refused: %s", step[0], step[1], replyText(resp))
				}
				for _, r := range resp.Replies {
					if r.To == chat.Recipient && strings.Contains(r.Message.Text, tt.told) {
						t.Errorf("%s> %s told %s: %s", step[0], step[1], r.User, r.Message.Text)
					}
					// A request tells only its asker, and the chair when someone who has spoken asks again.
					if r.To == chat.Recipient && step[1] != "next" && r.User != step[0] && r.User != "ann" {
						t.Errorf("%s> %s told %s privately: %s", step[0], step[1], r.User, r.Message.Text)
					}
				}
			}
		})
	}
}

// TestLower: lower withdraws the request asked for last, and says which
// and what is left, so that someone with a reply and a request to speak
// does not lose both; lower with a kind withdraws that one, and lower
// all every one. In both languages.
func TestLower(t *testing.T) {
	type step struct{ user, cmd, want, queue string }
	for _, tt := range []struct {
		lang  string
		steps []step
	}{
		{"en", []step{
			{"bo", "reply", "", "Bo · reply\nBo\n"},
			{"bo", "lower", "Your reply is withdrawn. You are still in the queue: speech (number 1).", "Bo\nThose"},
			{"bo", "reply", "", ""},
			{"bo", "order", "", ""},
			{"bo", "lower hand", "Your hand is down. You are still in the queue: point of order (number 1) and reply (number 2).", "Bo · point of order\nBo · reply"},
			{"bo", "lower hand", "You are not in the queue for: speech.", ""},
			{"bo", "lower all", "Your hand is down: all your requests are withdrawn.", "Nobody is waiting to speak."},
			{"bo", "lower", "You are not in the queue.", ""},
			{"bo", "lower soon", "“soon” is not a kind of request in the queue", ""},
		}},
		{"sv", []step{
			{"bo", "replik", "", "Bo · replik\nBo\n"},
			{"bo", "sänk", "Din replik är struken. Du står kvar på talarlistan: inlägg (nummer 1).", "Bo\nDen"},
			{"bo", "replik", "", ""},
			{"bo", "sänk ordet", "Din begäran om ordet är struken. Du står kvar på talarlistan: replik (nummer 1).", ""},
			{"bo", "sänk ordningsfråga", "Du står inte på talarlistan för: ordningsfråga.", ""},
			{"bo", "sänk replik", "Din replik är struken.", "Talarlistan är tom."},
		}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("cy", "hand")
			h.do("bo", "hand")
			h.do("ann", "next") // cy speaks; bo is next
			for _, s := range tt.steps {
				resp := h.req(bot.Request{User: s.user, Text: s.cmd})
				if got := replyText(resp); s.want != "" && !strings.Contains(got, s.want) {
					t.Errorf("%s> %s: %q, want %q", s.user, s.cmd, got, s.want)
				}
				if s.queue != "" {
					wantContains(t, h.do("ann", map[string]string{"en": "queue", "sv": "talarlista"}[tt.lang]), s.queue)
				}
			}
		})
	}
}

// TestLowerButton: the queue's button ("Lower hand", "Stryk mig") and
// the words "stryk mig" take the caller off the queue, every request.
func TestLowerButton(t *testing.T) {
	for _, tt := range []struct{ lang, reply, strike, want, empty string }{
		{"en", "reply", "", "Your hand is down: all your requests are withdrawn.", "Nobody is waiting to speak."},
		{"sv", "replik", "stryk mig", "Du är struken från talarlistan: alla dina begäranden om ordet är borta.", "Talarlistan är tom."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("cy", "hand")
			h.do("ann", "next")
			h.do("bo", "hand")
			h.do("bo", tt.reply)
			req := bot.Request{User: "bo", Action: &chat.Action{ID: chat.ActionLower}}
			if tt.strike != "" {
				req = bot.Request{User: "bo", Text: tt.strike}
			}
			if got := replyText(h.req(req)); !strings.Contains(got, tt.want) {
				t.Errorf("bo lowers: %q, want %q", got, tt.want)
			}
			wantContains(t, h.do("ann", map[string]string{"en": "queue", "sv": "talarlista"}[tt.lang]), tt.empty)
		})
	}
}

// TestLowerTellsTheNext: when the person told they are next withdraws,
// whoever is now next is told, privately; and, asking again later, the
// one who withdrew is told again when their turn comes near.
func TestLowerTellsTheNext(t *testing.T) {
	for _, tt := range []struct{ lang, lower, hand, want string }{
		{"en", "lower", "hand", "You are next, after Cy. Get ready!"},
		{"sv", "sänk", "begär ordet", "Du står näst på tur, efter Cy. Gör dig redo!"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("cy", tt.hand)
			h.do("bo", tt.hand)
			h.do("dan", tt.hand)
			h.do("ann", "next") // cy speaks; bo is told he is next
			told := func(resp bot.Response) []string {
				var out []string
				for _, r := range resp.Replies {
					if r.To == chat.Recipient {
						out = append(out, r.User+": "+r.Message.Text)
					}
				}
				return out
			}
			if got := told(h.req(bot.Request{User: "bo", Text: tt.lower})); len(got) != 1 || got[0] != "dan: "+tt.want {
				t.Errorf("%s: told %q, want dan told %q", tt.lower, got, tt.want)
			}
			h.do("dan", tt.lower) // dan withdraws too: nobody is next
			h.do("eve", tt.hand)
			h.do("bo", tt.hand) // bo asks again, after eve
			if got := told(h.req(bot.Request{User: "ann", Text: "next"})); len(got) != 1 || !strings.HasPrefix(got[0], "bo: ") {
				t.Errorf("next: told %q, want bo told he is next", got)
			}
			// Told, then withdrawn with nobody after him, bo is told
			// again when he is next once more.
			h = newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("cy", tt.hand)
			h.do("bo", tt.hand)
			h.do("ann", "next")
			h.do("bo", tt.lower)
			h.do("eve", tt.hand)
			h.do("bo", tt.hand)
			if got := told(h.req(bot.Request{User: "ann", Text: "next"})); len(got) != 1 || !strings.HasPrefix(got[0], "bo: ") {
				t.Errorf("next: told %q, want bo told again", got)
			}
		})
	}
}
