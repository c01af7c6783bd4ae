package teams_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/klubba/klubba/adapters/teams"
)

// longOptions are n options of the longest valid label (200 characters),
// each with characters that take two UTF-16 units, as Teams counts them.
func longOptions(n int) string {
	var b strings.Builder
	for i := range n {
		label := fmt.Sprintf("Option %d 🗳 ", i+1) + strings.Repeat("Ångström 🎉 ", 40)
		fmt.Fprintf(&b, " %q", string([]rune(label)[:200]))
	}
	return b.String()
}

// TestLargestPollsFitTeams renders the largest valid polls of each kind
// as cards: each within Teams' message size, and with "Close poll" among
// the actions Teams shows without its overflow menu.
func TestLargestPollsFitTeams(t *testing.T) {
	r := newRig(t)
	r.replies("ann", "start")
	question := strings.Repeat("Which one? ", 18)
	for _, tc := range []struct{ name, cmd string }{
		{"single", `poll "` + question + `"` + longOptions(20)},
		{"multi", `poll "` + question + `"` + longOptions(20) + " --multi 20"},
		{"ranked", `poll ranked "` + question + `"` + longOptions(20)},
		{"stv", `poll elect 19 "` + question + `"` + longOptions(20) + " --method stv --secret"},
		{"block", `poll elect 19 "` + question + `"` + longOptions(20)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replies := r.replies("ann", tc.cmd)
			if len(replies) == 0 || !strings.Contains(replies[0].Message.Header, "Which one?") {
				t.Fatalf("%s: %+v", tc.cmd[:40], replies)
			}
			card := teams.Card(replies[0].Message)
			n := teams.CardSize(card)
			if n > teams.MaxCardBytes {
				t.Errorf("card is %d bytes in UTF-16, over %d", n, teams.MaxCardBytes)
			}
			t.Logf("%s: %d of %d bytes in UTF-16", tc.name, n, teams.MaxCardBytes)
			actions, _ := card["actions"].([]any)
			if len(actions) > teams.MaxActions {
				t.Errorf("%d actions, over the %d Teams shows", len(actions), teams.MaxActions)
			}
			closeShown := false
			for _, a := range actions {
				closeShown = closeShown || a.(map[string]any)["title"] == "Close poll"
			}
			if !closeShown {
				t.Errorf("Close poll is not among the actions shown: %v", actions)
			}
		})
	}
}

// TestDropdownVote votes through the dropdown that replaces more than 5
// option buttons, as Teams submits it: the Vote button's data with the
// dropdown's value beside it.
func TestDropdownVote(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `poll "Lunch?" A B C D E F G`), nil)
	r.deliverAll(5)
	posted := r.lastPost(channelPosts)
	if !strings.Contains(posted, `"id":"choices"`) || strings.Contains(posted, `"value":"1:7"`) {
		t.Fatalf("the poll card does not put 7 options in a dropdown: %s", posted)
	}
	act := strings.Replace(submit("m3", "bo", "activity-2", "poll.vote", "1:"), `"value": {"action": "poll.vote", "value": "1:"}`,
		`"value": {"action": "poll.vote", "value": "1:", "choices": "6"}`, 1)
	if w := r.send(act, nil); w.Code != http.StatusOK {
		t.Fatalf("submit: %d", w.Code)
	}
	r.deliverAll(5)
	updates := r.fake.Calls("PUT ")
	if len(updates) == 0 || !strings.Contains(updates[len(updates)-1].text(), "1 vote") {
		t.Errorf("updates = %+v, want the card with 1 vote", updates)
	}
}

// TestActivityWithinTeamsLimit: the largest open poll, posted with a
// refresh naming 60 people by the Bot Framework IDs Teams gives (about
// 90 characters each), stays within the size Teams' documentation asks
// bots to keep to (80 KB in UTF-16), and the refresh keeps all 60.
func TestActivityWithinTeamsLimit(t *testing.T) {
	if teams.MaxMessageBytes != 80*1024 {
		t.Errorf("MaxMessageBytes = %d, want Teams' documented 80 KB", teams.MaxMessageBytes)
	}
	r := newRig(t)
	r.replies("ann", "start")
	question := strings.Repeat("Which one? ", 18)
	replies := r.replies("ann", `poll "`+question+`"`+longOptions(20)+" --multi 20")
	m := replies[0].Message
	if m.PerUser == nil {
		t.Fatal("an open poll has no view for each person")
	}
	ids := make([]string, 60)
	for i := range ids {
		ids[i] = fmt.Sprintf("29:1%s%02d", strings.Repeat("AbCdEfGhIj", 9), i) // a real MRI's length
	}
	activity := teams.ActivityWithRefresh(m, ids)
	if n := teams.CardSize(activity); n > teams.MaxMessageBytes {
		t.Errorf("the activity is %d bytes in UTF-16, over %d", n, teams.MaxMessageBytes)
	}
	card := activity["attachments"].([]any)[0].(map[string]any)["content"].(map[string]any)
	if got := len(card["refresh"].(map[string]any)["userIds"].([]any)); got != 60 {
		t.Errorf("the refresh names %d people, want all 60", got)
	}
}
