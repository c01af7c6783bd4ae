package slack_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/golden"
	goslack "github.com/slack-go/slack"
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
	b, err := bot.New(s, bot.Options{Templates: []facilitation.Template{tpl}, Clock: bot.NewManualClock(epoch),
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
		ch := "slack:T1/" + lang
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

// TestToolsBlockKitGolden: every facilitation tool in Block Kit, with
// its buttons, in both languages, within Slack's limits.
func TestToolsBlockKitGolden(t *testing.T) {
	for name, msg := range toolMessages(t) {
		t.Run(name, func(t *testing.T) {
			blocks := slackbot.Blocks(msg)
			checkLimits(t, blocks)
			got, err := json.MarshalIndent(goslack.Blocks{BlockSet: blocks}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, name+".json", append(got, '\n'))
		})
	}
}

// TestToolsByButton: in Slack, the brainstorm is revealed, dotted and
// closed by clicks, and the go-around passed by one.
func TestToolsByButton(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U2", "/klubba", "hand")
	r.command("U1", "/klubba", `ideas "What should change?"`)
	r.command("U2", "/klubba", `idea "Shorter stand-ups"`)
	// An idea typed into the message's input and sent with its button.
	r.clickWith("U3", "ideas.idea#0", ":", `{"values":{"b9":{"text":{"type":"plain_text_input","value":"Pair more"}}}}`)
	r.clickWith("U1", "ideas.reveal#1", "", `{"values":{}}`)
	r.command("U1", "/klubba", "dots 1")
	r.clickWith("U2", "ideas.dot#1", "2", `{"values":{}}`)
	r.clickWith("U3", "ideas.dot#1", "2", `{"values":{}}`)
	r.clickWith("U1", "ideas.dots.close#2", "", `{"values":{}}`)
	r.deliverAll(30)
	var posted []string
	for _, p := range r.slack.Calls("chat.postMessage") {
		posted = append(posted, p.Form.Get("blocks"))
	}
	all := strings.Join(posted, "\n")
	for _, want := range []string{"Silent brainstorm: What should change?", "2 ideas, anonymous, in shuffled order", "Dots: What should change?", "· 2 dots"} {
		if !strings.Contains(all, want) {
			t.Errorf("posts lack %q", want)
		}
	}
}
