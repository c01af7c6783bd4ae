package slack

import (
	"strings"
	"testing"

	"github.com/klubba/klubba/chat"
	goslack "github.com/slack-go/slack"
)

// TestMentionIDs: a person whose name Klubba does not know yet is shown
// by ID, and Slack shows a mention of the ID as their name; other words
// stay as they are.
func TestMentionIDs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"U012AB3CD", "<@U012AB3CD>"},
		{"1. U012AB3CD (2m)", "1. <@U012AB3CD> (2m)"},
		{"W0123456789 and U012AB3CD", "<@W0123456789> and <@U012AB3CD>"},
		{"UNANIMOUSLY", "UNANIMOUSLY"},               // no digit: a word
		{"U1", "U1"},                                 // too short
		{"XU012AB3CD", "XU012AB3CD"},                 // part of a longer word
		{"U012AB3CDx", "U012AB3CDx"},                 // runs on
		{"&lt;@U012AB3CD&gt;", "&lt;@U012AB3CD&gt;"}, // typed markup stays escaped
		{"Ärende U012AB3CD", "Ärende <@U012AB3CD>"},
		{"", ""},
	} {
		if got := mentionIDs(tc.in); got != tc.want {
			t.Errorf("mentionIDs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// In a rendered message: the queue names the person by mention.
	blocks := Blocks(chat.Message{Header: "Queue", List: []string{"U012AB3CD", "Ann"}})
	var text strings.Builder
	for _, b := range blocks {
		if s, ok := b.(*goslack.SectionBlock); ok && s.Text != nil {
			text.WriteString(s.Text.Text)
		}
	}
	if !strings.Contains(text.String(), "1. <@U012AB3CD>\n2. Ann") {
		t.Errorf("queue rendered as %q", text.String())
	}
}
