package slack_test

import (
	"strings"
	"testing"
)

// TestTemplateWorkflowSlack: signed slash commands save a meeting as a
// template, start from it, import a change (errors by line, privately),
// read the history and revert; someone who does not own it is refused
// privately.
func TestTemplateWorkflowSlack(t *testing.T) {
	r := newRig(t)
	private := func(user, text string, wants ...string) {
		t.Helper()
		m := decodeMsg(t, r.command(user, "/klubba", text))
		if m.ResponseType != "ephemeral" {
			t.Errorf("%s: answer is %q, want ephemeral", text, m.ResponseType)
		}
		for _, w := range wants {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s: answer %q lacks %q", text, m.Text, w)
			}
		}
	}
	r.command("U1", "/klubba", "start board")
	r.command("U1", "/klubba", `agenda add "Coffee" 5m`)
	private("U1", "template save weekly", "Saved this meeting as the template “weekly” (version 1, the workspace's)")
	r.command("U1", "/klubba", "end")
	r.deliverAll(20)

	r.command("U2", "/klubba", "start weekly")
	r.deliverAll(20)
	posts := r.slack.Calls("chat.postMessage")
	if last := posts[len(posts)-1].text(); !strings.Contains(last, "Meeting started: Board") || !strings.Contains(last, "Coffee") {
		t.Fatalf("the meeting from the template: %s", last)
	}
	r.command("U2", "/klubba", "end")

	private("U1", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5 minutes\n```",
		"The template has a problem, and nothing was saved", "line 5, agenda[0].timebox: “5 minutes” is not a duration")
	private("U1", "template import ```yaml\nname: weekly\ntitle: Weekly &amp; more\nagenda:\n  - title: Check-in\n    timebox: 5m\n```",
		"Imported the template “weekly” (version 2, the workspace's).")
	// Slack escaped the & it sent; the answer escapes it again for Slack to show.
	private("U1", "template show weekly", "Template weekly: Weekly &amp; more", "Check-in (5m)")
	private("U2", "template revert weekly 1", "Only the owners of “weekly”")
	private("U2", "template edit weekly", "Only the owners of “weekly”")
	private("U1", "template edit weekly", "/template/edit/")
	private("U1", "template revert weekly 1", "“weekly” is back to version 1, stored as version 3.")
	private("U2", "template history weekly", "v3", "reverted to version 1", "v2", "imported", "v1", "saved from a meeting")
	private("U2", "mall visa weekly", "Coffee (5m)")
}
