package bot_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

var retro = facilitation.Template{
	Name: "retro", Title: "Retro", Locale: "en",
	Agenda: []facilitation.TemplateItem{{Title: "Well", Timebox: 15 * time.Minute}, {Title: "Better", Timebox: 15 * time.Minute}},
	Groups: []string{"newcomer", "old hand"},
	Queue:  facilitation.QueueRules{Policy: facilitation.Alternate},
}

var overTo = regexp.MustCompile(`over to (\w+)\.`)

// turnOf is whose go-around turn a reply announces.
func turnOf(t *testing.T, reply string) string {
	t.Helper()
	m := overTo.FindStringSubmatch(reply)
	if m == nil {
		t.Fatalf("no turn announced in:\n%s", reply)
	}
	return strings.ToLower(m[1])
}

func TestGoAround(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	for _, u := range []string{"bo", "cy", "dan"} {
		h.do(u, "group newcomer")
	}
	wantContains(t, h.refused("bo", `round "Q?"`), "The chair is Ann")
	resp := h.req(bot.Request{User: "ann", Text: `round "One word?" 2m`})
	got := replyText(resp)
	wantContains(t, got, "Go-around: One word?", "1 of 4: over to", "2m each", "0 of 4 done")
	order := []string{turnOf(t, got)}
	// The one after gets a private "you're next".
	var private []chat.Reply
	for _, r := range resp.Replies {
		if r.To == chat.Recipient {
			private = append(private, r)
		}
	}
	if len(private) != 1 || !strings.Contains(private[0].Message.Text, "You are next in the go-around") {
		t.Fatalf("private replies = %+v, want one you're next", private)
	}
	next := private[0].User
	wantContains(t, h.refused(next, "pass"), "It is not your turn")
	for _, u := range []string{"bo", "cy", "dan"} {
		if u != order[0] {
			wantContains(t, h.refused(u, "round next"), "Only "+strings.ToUpper(order[0][:1])+order[0][1:]+",", "whose turn it is", "can end the turn.")
			break
		}
	}
	// The turn's own speaker ends it; the next passes.
	got = h.do(order[0], "round next")
	if turnOf(t, got) != next {
		t.Fatalf("turn went to %s, want %s", turnOf(t, got), next)
	}
	got = h.do(next, "passa") // the Swedish word
	wantContains(t, got, "passes.")
	third := turnOf(t, got)
	// The turn's time runs out: the timer moves the round on.
	h.drain()
	got = h.fired(2 * time.Minute)
	wantContains(t, got, "Time is up, "+strings.ToUpper(third[:1])+third[1:], "4 of 4: over to")
	h.clock.Advance(time.Minute) // an old timer of an ended turn does nothing
	wantContains(t, h.do("ann", "round next"), "The go-around is over: 3 spoke, 1 passed.")
	wantContains(t, h.refused("ann", "round stop"), "No go-around is running.")

	// "laget runt" is two words; the chair stops the round early.
	wantContains(t, h.do("ann", "laget runt"), "1 of 4")
	wantContains(t, h.do("ann", "round stop"), "stopped the go-around after 0 of 4")
	if _, err := h.bot.Render(context.Background(), bot.Outgoing{Reply: chat.Reply{Key: "round/1"}}); err != nil {
		t.Errorf("Render(round/1): %v", err)
	}
}

// TestGoAroundStandsStillWhileAdjourned: an adjournment stops the
// go-around's clock as it stops the speaker's: nobody's turn runs out
// during the break, and after it the turn has what it had left (a turn
// begun during the break, all of its time).
func TestGoAroundStandsStillWhileAdjourned(t *testing.T) {
	for _, tc := range []struct {
		name   string
		during string        // what the turn's speaker does during the break
		left   time.Duration // of the turn's minute after resume
	}{
		{"turn begun before", "", 40 * time.Second},
		{"turn begun during", "round next", time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarnessWith(t, retro)
			h.do("ann", "start retro")
			for _, u := range []string{"bo", "cy"} {
				h.do(u, "hand")
			}
			first := turnOf(t, h.do("ann", `round "One word?" 1m`))
			h.drain()
			h.clock.Advance(20 * time.Second)
			h.do("ann", "adjourn 10m")
			if tc.during != "" {
				h.do(first, tc.during)
			}
			h.drain()
			if got := h.fired(10 * time.Minute); strings.Contains(got, "Time is up") {
				t.Fatalf("during the adjournment:\n%s\nwant no turn's time up", got)
			}
			h.do("ann", "resume")
			h.drain()
			if got := h.fired(tc.left - time.Second); strings.Contains(got, "Time is up") {
				t.Fatalf("%v after resuming:\n%s\nwant the turn still going", tc.left-time.Second, got)
			}
			wantContains(t, h.fired(time.Second), "Time is up")
		})
	}
}

// TestDoneInGoAround: done (klar), the word on the go-around's button,
// ends the go-around turn of the one whose turn it is; it said "Nobody is
// speaking right now", also to another, who is now told whose turn it
// is. The floor still comes first for its speaker.
func TestDoneInGoAround(t *testing.T) {
	for _, tc := range []struct {
		name     string
		floor    bool   // the first in the go-around has the floor too
		who      string // "first", "other" or "ann" (the chair)
		text     string
		want     string
		refusing bool
	}{
		{"its speaker", false, "first", "done", "2 of 3: over to", false},
		{"in Swedish", false, "first", "klar", "2 of 3: over to", false},
		{"the chair", false, "ann", "done", "2 of 3: over to", false},
		{"the floor first", true, "first", "done", "has finished speaking", false},
		{"another", false, "other", "done", "can end the turn.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarnessWith(t, retro)
			h.do("ann", "start retro")
			for _, u := range []string{"bo", "cy"} {
				h.do(u, "hand")
				h.do(u, "lower")
			}
			first := turnOf(t, h.do("ann", `round "One word?"`))
			if tc.floor {
				h.do(first, "hand")
				h.do("ann", "next")
			}
			who := first
			switch tc.who {
			case "ann":
				who = "ann"
			case "other":
				who = "cy"
				if first == "cy" {
					who = "bo"
				}
			}
			if tc.refusing { // naming whose turn it is
				wantContains(t, h.refused(who, tc.text), tc.want, "Only "+strings.ToUpper(first[:1])+first[1:]+",")
			} else {
				wantContains(t, h.do(who, tc.text), tc.want)
			}
		})
	}
}

func TestBrainstormAndDots(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	wantContains(t, h.refused("bo", `idea "Early"`), "No brainstorm is collecting ideas.")
	// Anyone may ask the room for ideas (only revealing them is the chair's),
	// but not while a brainstorm collects.
	wantContains(t, h.do("bo", `idéer "What should change?"`), "Silent brainstorm: What should change?", "0 ideas so far")
	wantContains(t, h.refused("cy", `ideas "Q?"`), "What should change?")
	for _, u := range []string{"bo", "cy", "dan"} {
		got := h.do(u, `idea "Idea of `+u+`"`)
		wantContains(t, got, "your idea is in")
		if strings.Contains(got, "Idea of") {
			t.Errorf("the receipt repeats the idea: %s", got)
		}
	}
	h.do("eve", `idé "Idea of eve"`)
	wantContains(t, h.refused("bo", `idea ""`), "empty")
	wantContains(t, h.refused("bo", "dots 3"), "The chair is Ann")
	wantContains(t, h.refused("ann", "dots 3"), "not revealed yet")
	msg, err := h.bot.Render(context.Background(), bot.Outgoing{Reply: chat.Reply{Key: "ideas/1"}})
	if err != nil || !strings.Contains(msg.Context, "4 ideas so far") || len(msg.List) != 0 {
		t.Errorf("Render(ideas/1) while collecting = %+v, %v", msg, err)
	}
	got := h.do("ann", "avslöja")
	wantContains(t, got, "Idea of bo", "Idea of cy", "Idea of dan", "Idea of eve", "4 ideas, anonymous, in shuffled order")
	wantContains(t, h.refused("ann", "ideas reveal"), "already revealed")
	// Revealed, before the dots: only the chair replaces it, as its ideas would go.
	wantContains(t, h.refused("cy", `ideas "Lunch?"`), "The chair is Ann")
	wantContains(t, h.refused("bo", `idea "Late"`), "No brainstorm is collecting ideas.")
	wantContains(t, h.refused("bo", "dot 1"), "No dot vote is open.")
	wantContains(t, h.refused("ann", "dots 11"), "between 1 and 10")
	got = h.do("ann", "prickar 2")
	wantContains(t, got, "Place your 2 dots")
	// The ideas as posted, to find their numbers.
	var list []string
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "Idea of ") {
			list = append(list, line)
		}
	}
	n := func(text string) string {
		for i, l := range list {
			if l == text {
				return string(rune('1' + i))
			}
		}
		t.Fatalf("%q not among %v", text, list)
		return ""
	}
	h.do("bo", "dot "+n("Idea of cy"))
	wantContains(t, h.do("bo", "prick "+n("Idea of cy")), "You have 0 left.")
	wantContains(t, h.refused("bo", "dot "+n("Idea of dan")), "You have placed all your 2 dots.")
	wantContains(t, h.refused("cy", "dot 9"), "There is no idea 9: there are 4.")
	wantContains(t, h.refused("cy", "dot x"), "not a number")
	h.do("cy", "dot "+n("Idea of dan"))
	got = h.do("ann", "dots close")
	wantContains(t, got, "Dots: What should change?", "Idea of cy · 2 dots\nIdea of dan · 1 dot", "2 people placed dots")
	wantContains(t, h.do("ann", "minutes"), "Top ideas for “What should change?” by dots: Idea of cy (2); Idea of dan (1).")
	wantContains(t, h.refused("ann", "dots close"), "No dot vote is open.")
}

func TestConsentCheck(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	wantContains(t, h.do("bo", `samtycke "Adopt the plan"`), "Consent check", "1 agree · 2 abstain · 3 disagree · 4 block")
	h.do("bo", "vote 1")
	h.do("cy", "vote 3")
	resp := h.req(bot.Request{User: "dan", Text: "vote 4"})
	wantContains(t, replyText(resp), "You block. Please tell the chair why")
	resp = h.req(bot.Request{User: "dan", Text: `vote 4 "It breaks our budget"`})
	var toChair string
	for _, r := range resp.Replies {
		if r.To == chat.Recipient && r.User == "ann" {
			toChair = r.Message.Text
		}
	}
	if toChair != "Dan blocks #1 “Adopt the plan”: It breaks our budget" {
		t.Errorf("the chair was told %q", toChair)
	}
	wantContains(t, h.refused("cy", `vote "why"`), "There is no option why")
	wantContains(t, h.do("ann", "poll close"), "**No consent**: 1 block.")

	h.do("ann", `poll consent "Try it" --anonymous`)
	h.do("bo", "vote 1")
	h.do("cy", "vote 2")
	resp = h.req(bot.Request{User: "dan", Text: `vote 4 "Not now"`})
	for _, r := range resp.Replies {
		if r.User == "ann" && !strings.HasPrefix(r.Message.Text, "Someone blocks") {
			t.Errorf("an anonymous block names its voter to the chair: %q", r.Message.Text)
		}
	}
	h.do("dan", "vote 1")
	wantContains(t, h.do("ann", "poll close"), "**Consent reached**: nobody blocks (2 agree, 0 disagree).")
}

func TestFlagAndCheckOut(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	resp := h.req(bot.Request{User: "bo", Text: "flag pace"})
	if len(resp.Replies) != 2 || resp.Replies[0].User != "ann" || resp.Replies[0].Message.Text != "Someone asks for a slower pace. (Anonymous signal.)" {
		t.Fatalf("flag replies = %+v", resp.Replies)
	}
	if strings.Contains(h.snapshot(), `"bo"`) {
		t.Error("the meeting record names the person who flagged")
	}
	wantContains(t, h.refused("bo", `flag "again"`), "You can again in 2m")
	wantContains(t, h.refused("cy", "flag soon"), "not quite how")
	wantContains(t, h.do("cy", `flagga "more examples, please"`), "without your name")
	h.clock.Advance(facilitation.FlagInterval)
	h.do("bo", "flag")
	// The rules message carries the flag buttons.
	rules := h.req(bot.Request{User: "dan", Text: "rules"}).Replies[0].Message
	if len(rules.Buttons) != 4 || rules.Buttons[0].Action != chat.ActionFlag || rules.Input == nil {
		t.Fatalf("rules buttons = %+v, input %+v", rules.Buttons, rules.Input)
	}
	r := h.req(bot.Request{User: "dan", Action: &chat.Action{ID: rules.Buttons[0].Action, Value: rules.Buttons[0].Value}})
	if r.Refused || r.Replies[0].Message.Text != "Someone asks for a break. (Anonymous signal.)" {
		t.Errorf("flag click = %+v", r)
	}
	// Words typed into the input go with the last button.
	r = h.req(bot.Request{User: "eve", Action: &chat.Action{ID: chat.ActionFlag, Value: ":", Input: "one topic at a time"}})
	if r.Refused || r.Replies[0].Message.Text != "Someone writes to you: “one topic at a time” (Anonymous signal.)" {
		t.Errorf("flag with typed words = %+v", r)
	}
	if r := h.req(bot.Request{User: "fay", Action: &chat.Action{ID: chat.ActionFlag, Value: ":"}}); !r.Refused {
		t.Errorf("flag with nothing typed was sent: %+v", r)
	}

	wantContains(t, h.refused("bo", "evaluate"), "The chair is Ann")
	wantContains(t, h.do("ann", "utvärdera"), "How was this meeting?", `Add a one-line comment if you like: `+"`vote #1 4")
	wantContains(t, h.do("bo", `vote 4 "Good pace"`), "kept without your name")
	wantContains(t, h.do("bo", `vote 5 "Second thoughts"`), "one comment each")
	h.do("cy", "vote 2")
	got := h.do("ann", "poll close")
	wantContains(t, got, "Average 3.5 of 5", "Good pace")
	if strings.Contains(got, "Second thoughts") {
		t.Error("a second comment was kept")
	}
	// One check-out at a time, and ending the meeting closes it with its
	// results instead of waiting for the chair.
	h.do("ann", "evaluate")
	wantContains(t, h.refused("ann", "evaluate"), "The check-out is open already: poll #2.")
	h.do("bo", "vote 5")
	wantContains(t, h.do("ann", "end"), "Average 5.0 of 5", "Meeting ended")
}

func TestGroupsAreOwn(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	resp := h.req(bot.Request{User: "bo", Text: "group"})
	if resp.Refused || len(resp.Replies[0].Message.Buttons) != 2 || resp.Replies[0].To != chat.Caller {
		t.Fatalf("group without a name = %+v", resp)
	}
	b := resp.Replies[0].Message.Buttons[1]
	r := h.req(bot.Request{User: "bo", Action: &chat.Action{ID: b.Action, Value: b.Value}})
	if r.Refused || r.Replies[0].To != chat.Caller || r.Replies[0].Message.Text != "Your group is old hand. Nobody else sees it." {
		t.Errorf("group click = %+v", r)
	}
	wantContains(t, h.refused("cy", "group elders"), "There is no group “elders”. The groups are: newcomer, old hand.")
	wantContains(t, h.refused("cy", "group @bo newcomer"), "There is no group “@bo newcomer”.")
	h.do("cy", "grupp newcomer")
	wantContains(t, h.do("dan", "group old hand"), "Your group is old hand.") // as the template writes it, no quotes needed
	h.do("bo", "hand")
	h.do("dan", "hand")
	h.do("cy", "hand")
	h.do("ann", "next")
	h.clock.Advance(time.Minute)
	wantContains(t, h.do("ann", "queue"), "Cy\nDan", "groups alternating")
	got := h.do("ann", "stats")
	wantContains(t, got, "First-time speakers on an item: 1 of 1 turns (100 %)",
		"old hand: 2 present (50 %) · 1 turns (100 %)", "newcomer: 1 present (25 %) · 0 turns (0 %)", "no group: 1 present (25 %)")
	// Nobody else's group is named anywhere.
	if strings.Contains(got, "Bo: old hand") || strings.Contains(got, "Cy: newcomer") {
		t.Errorf("stats name a person's group:\n%s", got)
	}

	h2 := newHarness(t)
	h2.do("ann", "start board")
	wantContains(t, h2.refused("bo", "group a"), "This meeting has no groups")
}

// TestToolRefusalsChangeNothing: the bad input the issue names (an idea
// with no brainstorm open, a dot beyond your dots, a group not in the
// template, a pass when it isn't your turn) and more get a polite
// private refusal, and nothing changes.
func TestToolRefusalsChangeNothing(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	h.do("bo", "group newcomer")
	h.do("ann", `ideas "Q?"`)
	h.do("bo", `idea "One"`)
	h.do("cy", `idea "Two"`)
	h.do("ann", "ideas reveal")
	h.do("ann", "dots 1")
	h.do("bo", "dot 1")
	h.do("ann", `round "Q?"`)
	h.do("dan", "flag")
	h.drain()
	before := h.snapshot()
	var current string
	h.store.View(context.Background(), func(tx bot.Tx) error {
		m, _ := tx.Running(channel)
		current = m.Round.Current()
		return nil
	})
	other := "bo"
	if current == other {
		other = "ann"
	}
	tests := []struct {
		user, cmd string
		want      []string
	}{
		{"cy", `idea "Three"`, []string{"No brainstorm is collecting ideas."}},
		{"bo", "dot 2", []string{"You have placed your 1 dot."}},
		{"bo", "dot 0", []string{"“0” is too small: the least is 1.", "Usage: `dot N`"}},
		{"bo", "dot", []string{"not quite how", "Usage: `dot N`"}},
		{"cy", "group elders", []string{"There is no group “elders”"}},
		{other, "pass", []string{"It is not your turn in the go-around"}},
		{"ann", `round "Again?"`, []string{"A go-around is already running."}},
		{"ann", "round soon", []string{"“soon” is not a usable duration"}},
		{"ann", `ideas "New?"`, []string{"is still open"}},
		{"ann", "dots 2", []string{"The dot vote on “Q?” is already open. Close it with `dots close` first."}},
		{"ann", "ideas", []string{"Usage: `ideas \"Q?\"`"}},
		{"bo", "ideas reveal", []string{"The chair is Ann"}},
		{"dan", "flag", []string{"You signalled the chair a moment ago"}},
		{"dan", `flag "x" "y"`, []string{"not quite how"}},
		{"bo", "evaluate --close never", []string{"The chair is Ann"}},
		{"ann", "evaluate --close never", []string{"not a usable duration"}},
		{"ann", `poll consent "Q?" "A"`, []string{"not quite how"}},
	}
	for _, tt := range tests {
		t.Run(tt.user+"> "+tt.cmd, func(t *testing.T) {
			wantContains(t, h.refused(tt.user, tt.cmd), tt.want...)
			if after := h.snapshot(); after != before {
				t.Errorf("state changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestAnonymousLeavesNoTrace: sending a flag, an idea or a dot does not
// make the sender a participant, whom the statistics and the minutes
// would then name among those who have not spoken.
func TestAnonymousLeavesNoTrace(t *testing.T) {
	h := newHarnessWith(t, retro)
	h.do("ann", "start retro")
	h.do("bo", "hand")
	h.do("ann", "next")
	h.do("ann", `ideas "What should change?"`)
	h.do("eve", `flag "I feel talked over"`)
	h.do("fay", `idea "Shorter meetings"`)
	for _, got := range []string{h.do("ann", "stats"), h.do("ann", "minutes")} {
		if strings.Contains(got, "Eve") || strings.Contains(got, "Fay") {
			t.Errorf("an anonymous sender is named:\n%s", got)
		}
	}
}
