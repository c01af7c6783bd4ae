package slack_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/internal/golden"
	goslack "github.com/slack-go/slack"
)

// replies runs a command in the test channel and returns its replies.
func (r *rig) replies(user, text string) []chat.Reply {
	r.t.Helper()
	resp, err := r.bot.Handle(context.Background(), bot.Request{Channel: "slack:T0001/C2147483705", User: user, UserName: strings.ToLower(user), Text: text})
	if err != nil {
		r.t.Fatal(err)
	}
	return resp.Replies
}

// TestBlockKitGolden renders each kind of reply and compares the Block
// Kit JSON with testdata/*.json (go test -update rewrites them).
func TestBlockKitGolden(t *testing.T) {
	r := newRig(t)
	messages := map[string]chat.Message{}
	messages["agenda"] = r.replies("U1", `start board "Board, November"`)[0].Message
	r.replies("U2", "hand")
	r.replies("U3", "hand")
	r.replies("U1", "next")
	r.replies("U4", "reply")
	messages["queue"] = r.replies("U1", "queue")[0].Message
	messages["poll"] = r.replies("U1", `poll "Where do we meet in May?" "Göteborg" "Malmö" "Umeå" --close 10m`)[0].Message
	r.replies("U2", "vote 1")
	r.replies("U3", "vote 2")
	r.replies("U4", "vote 1")
	messages["results"] = r.replies("U1", "poll close")[0].Message
	messages["secret-poll"] = r.replies("U1", `poll ranked "Chair 2027" "Ada" "Bo" "Cy" --secret`)[0].Message
	for _, v := range []string{"1 2", "2 1", "3 2", "2"} {
		r.replies("U"+v[:1]+"x", "vote "+v)
	}
	messages["election"] = r.replies("U1", "poll close")[0].Message
	messages["multi-poll"] = r.replies("U1", `poll "Which days?" "Mon" "Tue" "Wed" --multi 2 --anonymous`)[0].Message
	messages["ranked-poll"] = r.replies("U1", `poll ranked "Chair 2028" "Ada" "Bo" "Cy" --secret`)[0].Message
	messages["register"] = r.replies("U1", "register open")[0].Message
	messages["block-election"] = r.replies("U1", `poll elect 3 "Board" "A1" "A2" "A3" "A4" "A5" "A6" "A7" "A8" "A9" "A10" "A11" "A12" --min 2`)[0].Message
	messages["stv-election"] = r.replies("U1", `poll elect 2 "Auditors" "Ada" "Bo" "Cy" --method stv --secret`)[0].Message
	messages["help"] = r.replies("U2", "help")[0].Message
	messages["refusal"] = r.replies("U2", "next item")[0].Message

	// The formal meeting: the proposal list and a question being put.
	r.replies("U2", `propose "that we meet in Umeå"`)
	r.replies("U3", `propose "that we meet in Malmö"`)
	r.replies("U4", `propose --amends 1 "that we meet in May"`)
	r.replies("U3", `propose --formal "that the matter be tabled"`)
	r.replies("U4", "support 1")
	messages["proposals"] = r.replies("U2", "proposals")[0].Message
	messages["question"] = r.replies("U1", "proposition")[1].Message
	messages["export"] = r.replies("U2", "poll export #1")[0].Message
	messages["export-secret"] = r.replies("U2", "poll export #2")[0].Message
	r.replies("U1", "lang sv")
	messages["export-sv"] = r.replies("U2", "poll export #1")[0].Message
	for name, msg := range messages {
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

// checkLimits asserts Slack's documented Block Kit limits.
func checkLimits(t *testing.T, blocks []goslack.Block) {
	t.Helper()
	if len(blocks) > slackbot.MaxBlocks {
		t.Errorf("%d blocks, limit %d", len(blocks), slackbot.MaxBlocks)
	}
	ids := map[string]bool{}
	for _, b := range blocks {
		switch b := b.(type) {
		case *goslack.HeaderBlock:
			if n := utf8.RuneCountInString(b.Text.Text); n > slackbot.MaxHeaderText {
				t.Errorf("header of %d characters", n)
			}
		case *goslack.SectionBlock:
			if b.Text != nil && utf8.RuneCountInString(b.Text.Text) > slackbot.MaxSectionText {
				t.Errorf("section of %d characters", utf8.RuneCountInString(b.Text.Text))
			}
			if len(b.Fields) > slackbot.MaxFields {
				t.Errorf("%d fields", len(b.Fields))
			}
		case *goslack.ActionBlock:
			if n := len(b.Elements.ElementSet); n > slackbot.MaxActionElements {
				t.Errorf("%d elements in an actions block", n)
			}
			for _, e := range b.Elements.ElementSet {
				switch e := e.(type) {
				case *goslack.ButtonBlockElement:
					if utf8.RuneCountInString(e.Text.Text) > slackbot.MaxButtonText || ids[e.ActionID] {
						t.Errorf("button %q: text too long or action_id repeated", e.ActionID)
					}
					ids[e.ActionID] = true
				case *goslack.CheckboxGroupsBlockElement:
					if len(e.Options) > slackbot.MaxCheckboxOptions {
						t.Errorf("%d checkbox options", len(e.Options))
					}
				}
			}
		}
	}
}

// TestBlocksWithinLimits feeds oversized content and checks that the
// rendering stays within Slack's limits.
func TestBlocksWithinLimits(t *testing.T) {
	long := strings.Repeat("Lorem ipsum dolor sit amet. ", 400)
	msg := chat.Message{Header: long, Text: long + "\n" + long, Context: long}
	for i := range 60 {
		msg.List = append(msg.List, long[:200])
		msg.Buttons = append(msg.Buttons, chat.Button{Label: long, Action: chat.ActionVote, Value: "1:1"})
		msg.Fields = append(msg.Fields, chat.Field{Label: "F", Value: long})
		_ = i
	}
	checkLimits(t, slackbot.Blocks(msg))
	if fb := slackbot.Fallback(msg); utf8.RuneCountInString(fb) > slackbot.MaxFallbackText {
		t.Errorf("fallback text of %d characters", utf8.RuneCountInString(fb))
	}
}
