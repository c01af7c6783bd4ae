package teams_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/facilitation"
)

const personalPosts = "POST /v3/conversations/a:personal-conversation/activities"

// TestTemplateWorkflowTeams: Bot Framework activities save a meeting as
// a template, start from it, import a change typed as a Teams code block
// (errors by line, privately), read the history and revert; someone who
// does not own it is refused privately.
func TestTemplateWorkflowTeams(t *testing.T) {
	r := newRigOptions(t, bot.Options{Codec: bottest.Codec{},
		Templates: []facilitation.Template{{Name: "board", Title: "Board", Agenda: []facilitation.TemplateItem{{Title: "Budget"}}}}}, nil)
	n := 0
	send := func(from, text string) {
		t.Helper()
		n++
		if w := r.send(channelMessage(fmt.Sprintf("m%d", n), from, text), nil); w.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", text, w.Code, w.Body)
		}
		r.deliverAll(20)
	}
	private := func(from, text string, wants ...string) {
		t.Helper()
		before := len(r.fake.Calls(personalPosts))
		send(from, text)
		var got strings.Builder
		for _, c := range r.fake.Calls(personalPosts)[before:] {
			got.WriteString(c.text())
		}
		for _, w := range wants {
			if !strings.Contains(got.String(), w) {
				t.Errorf("%s: private answers %s\nlack %q", text, got.String(), w)
			}
		}
	}
	send("ann", "start board")
	send("ann", `agenda add "Coffee" 5m`)
	private("ann", "template save weekly", "Saved this meeting as the template “weekly” (version 1, the workspace's)")
	send("ann", "end")
	send("bo", "start weekly")
	posts := r.fake.Calls(channelPosts)
	if last := posts[len(posts)-1].text(); !strings.Contains(last, "Meeting started: Board") || !strings.Contains(last, "Coffee") {
		t.Fatalf("the meeting from the template: %s", last)
	}
	send("bo", "end")

	// Teams sends a typed code block as HTML.
	block := func(yaml string) string {
		return `template import <pre class="language-yaml"><code>` + strings.ReplaceAll(yaml, "\n", "<br>") + `</code></pre>`
	}
	private("ann", block("name: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5 minutes"),
		"The template has a problem, and nothing was saved", "line 5, `agenda[0].timebox`: “5 minutes” is not a duration")
	private("ann", block("name: weekly\ntitle: Weekly &amp; more\nagenda:\n  - title: Check-in\n    timebox: 5m"),
		"Imported the template “weekly” (version 2, the workspace's).")
	private("bo", "template revert weekly 1", "Only the owners of “weekly” (ann)")
	private("ann", "template revert weekly 1", "“weekly” is back to version 1, stored as version 3.")
	private("bo", "template history weekly", "v3", "reverted to version 1", "v2", "imported", "v1", "saved from a meeting")
	send("bo", "start weekly")
	posts = r.fake.Calls(channelPosts)
	if last := posts[len(posts)-1].text(); !strings.Contains(last, "Coffee") {
		t.Errorf("after the revert, the meeting lacks Coffee: %s", last)
	}
}
