package teams_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/golden"
)

// toolMessages plays the facilitation tools, in English and Swedish, and
// returns their messages by golden name. The go-around's order and the
// ideas' shuffle come from a seeded source, so the goldens stay put.
func toolMessages(t *testing.T) map[string]chat.Message {
	t.Helper()
	s := typed.New(mem.New())
	tpl := facilitation.Template{Name: "retro", Title: "Retro", Rules: []string{"Assume good intent."},
		Agenda: []facilitation.TemplateItem{{Title: "Well", Timebox: 15 * time.Minute}},
		Groups: []string{"newcomer", "old hand"}, Queue: facilitation.QueueRules{Policy: facilitation.Alternate}}
	b, err := bot.New(s, bot.Options{Templates: []facilitation.Template{tpl}, Clock: bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)),
		Random: rand.NewChaCha8([32]byte{'k', 'l', 'u', 'b', 'b', 'a'})})
	if err != nil {
		t.Fatal(err)
	}
	msgs := map[string]chat.Message{}
	do := func(name, channel, user, text string) {
		t.Helper()
		resp, err := b.Handle(context.Background(), bot.Request{Channel: channel, User: user, UserName: user, Text: text})
		if err != nil || resp.Refused {
			t.Fatalf("%s> %s: %v %+v", user, text, err, resp.Replies)
		}
		if name != "" {
			msgs[name] = resp.Replies[0].Message
		}
	}
	for _, lang := range []string{"en", "sv"} {
		ch := "teams:19:" + lang
		do("", ch, "ann", "start retro")
		do("", ch, "ann", "lang "+lang)
		for _, u := range []string{"bo", "cy", "dan"} {
			do("", ch, u, "hand")
		}
		do("tools-round-"+lang, ch, "ann", `round "One word for the sprint?" 1m`)
		do("", ch, "ann", "round stop")
		do("tools-rules-"+lang, ch, "bo", "rules")
		do("tools-group-"+lang, ch, "bo", "group")
		do("tools-ideas-"+lang, ch, "ann", `ideas "What should change?"`)
		for _, idea := range []string{"Shorter stand-ups", "Pair on hard tickets", "No meetings on Fridays"} {
			do("", ch, "bo", "idea "+`"`+idea+`"`)
		}
		do("tools-revealed-"+lang, ch, "ann", "ideas reveal")
		do("tools-dots-"+lang, ch, "ann", "dots 2")
		do("", ch, "bo", "dot 1")
		do("", ch, "cy", "dot 1")
		do("", ch, "cy", "dot 3")
		do("tools-dots-result-"+lang, ch, "ann", "dots close")
		do("tools-consent-"+lang, ch, "ann", `poll consent "Try no-meeting Fridays"`)
		do("", ch, "bo", "vote 1")
		do("", ch, "cy", `vote 4 "Customers call on Fridays"`)
		do("tools-consent-result-"+lang, ch, "ann", "poll close")
		do("tools-evaluate-"+lang, ch, "ann", "evaluate")
		do("", ch, "bo", `vote 4 "Good to hear everyone."`)
		do("", ch, "cy", "vote 2")
		do("tools-evaluate-result-"+lang, ch, "ann", "poll close")
		do("tools-stats-"+lang, ch, "ann", "stats")
	}
	return msgs
}

// TestToolsCardsGolden: every facilitation tool as an Adaptive Card, with
// its buttons, in both languages.
func TestToolsCardsGolden(t *testing.T) {
	for name, msg := range toolMessages(t) {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(teams.Card(msg), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, name+".json", append(got, '\n'))
		})
	}
}

// TestIdeaByCard: in Teams an idea is typed into the brainstorm's card
// and sent with its button, never as a message the channel sees.
func TestIdeaByCard(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `ideas "What should change?"`), nil)
	r.deliverAll(5)
	posts := r.fake.Calls(channelPosts)
	if card := posts[len(posts)-1].text(); !strings.Contains(card, `"type":"Input.Text"`) || !strings.Contains(card, `"action":"ideas.idea"`) {
		t.Fatalf("the brainstorm's card lacks a text input and its button: %s", card)
	}
	body := strings.Replace(submit("m3", "bo", "activity-2", "ideas.idea", ":"), `"value": ":"}`, `"value": ":", "text": "Fewer meetings, more focus"}`, 1)
	if w := r.send(body, nil); w.Code != http.StatusOK {
		t.Fatalf("submit: %d", w.Code)
	}
	var ideas []string
	r.store.View(context.Background(), func(tx bot.Tx) (err error) { ideas, err = tx.Anonymous("ideas/1"); return err })
	if len(ideas) != 1 || ideas[0] != "Fewer meetings, more focus" {
		t.Errorf("stored ideas = %q", ideas)
	}
}
