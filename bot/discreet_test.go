package bot_test

import (
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// TestDiscreetReplies: a private answer whose sending alone tells
// something (that its recipient voted in a poll that hides its voters,
// or has not, or sent an anonymous flag) is marked discreet, so that a
// platform that cannot deliver it does not name its recipient to the
// channel; other private answers are not, and get named.
func TestDiscreetReplies(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string // "who: command"
		user  string
		text  string
		want  bool
	}{
		{"a ballot's confirmation", []string{`ann: poll "Who?" "A" "B" --secret`}, "bo", "vote 1", true},
		{"a ballot cast twice", []string{`ann: poll "Who?" "A" "B" --secret`, "bo: vote 1"}, "bo", "vote 2", true},
		{"an anonymous vote", []string{`ann: poll "Who?" "A" "B" --anonymous`}, "bo", "vote 1", true},
		{"an anonymous vote withdrawn", []string{`ann: poll "Who?" "A" "B" --anonymous`, "bo: vote 1"}, "bo", "vote clear", true},
		{"an open vote", []string{`ann: poll "Who?" "A" "B"`}, "bo", "vote 1", false},
		{"a flag", nil, "bo", `flag "a break"`, true},
		{"a raised hand", nil, "bo", "hand", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			for _, line := range tc.setup {
				who, text, _ := strings.Cut(line, ": ")
				h.do(who, text)
			}
			resp := h.req(bot.Request{User: tc.user, Text: tc.text})
			n := 0
			for _, r := range resp.Replies {
				if r.To == chat.Channel || r.To == chat.Recipient && r.User != tc.user {
					if r.Message.Discreet {
						t.Errorf("a reply to others is discreet: %+v", r)
					}
					continue
				}
				n++
				if r.Message.Discreet != tc.want {
					t.Errorf("%q: discreet %v, want %v", r.Message.Text, r.Message.Discreet, tc.want)
				}
			}
			if n == 0 {
				t.Fatalf("no private answer to %s: %+v", tc.user, resp.Replies)
			}
		})
	}
}

// TestPollRemindIsDiscreet: a reminder to vote goes to those who have
// TestPollRemindIsDiscreet: a reminder to vote in a secret or anonymous
// poll is discreet (who has not voted stays unsaid, also where a
// reminder cannot be delivered privately); in an open poll it is not,
// as who voted is no secret there.
func TestPollRemindIsDiscreet(t *testing.T) {
	for _, tt := range []struct {
		flag     string
		discreet bool
	}{{"--secret", true}, {"--anonymous", true}, {"", false}} {
		h := newHarness(t)
		h.do("ann", "start")
		h.do("bo", "hand")
		h.do("ann", strings.TrimSpace(`poll "Who?" "A" "B" `+tt.flag))
		resp := h.req(bot.Request{User: "ann", Text: "poll remind"})
		n := 0
		for _, r := range resp.Replies {
			if r.To == chat.Recipient {
				n++
				if r.Message.Discreet != tt.discreet {
					t.Errorf("poll %q: the reminder to %s has Discreet %v, want %v", tt.flag, r.User, r.Message.Discreet, tt.discreet)
				}
			}
		}
		if n == 0 {
			t.Fatalf("poll %q: nobody reminded: %+v", tt.flag, resp.Replies)
		}
	}
}
