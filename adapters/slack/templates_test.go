package slack_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
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

// editButton returns the action and value of the template editor's
// button in a reply's body.
func editButton(t *testing.T, body string) (action, value string) {
	t.Helper()
	m := regexp.MustCompile(`"action_id":"(template\.edit[^"]*)","value":"([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no edit button in %s", body)
	}
	return m[1], m[2]
}

// submitTemplate posts a view_submission of the template modal.
func (r *rig) submitTemplate(user, meta, yaml string) *httptest.ResponseRecorder {
	r.t.Helper()
	return r.submitModal(user, slackbot.TemplateModal, meta, fmt.Sprintf(`"yaml": {"yaml": {"type": "plain_text_input", "value": %q}}`, yaml))
}

// TestTemplateModal: the button beside the editor's link opens the YAML
// in a modal; a mistake is shown beside the field, by line and field;
// a save replaces the modal with the version it made.
func TestTemplateModal(t *testing.T) {
	r := newRig(t)
	r.withModals()
	action, value := weeklyEditButton(t, r)
	r.click("U1", action, value)
	_, view := r.openedView(t)
	js, _ := json.Marshal(view)
	if view["callback_id"] != slackbot.TemplateModal || !strings.Contains(string(js), `"initial_value":"name: weekly\ntitle: Weekly\nagenda:`) || !strings.Contains(string(js), `"multiline":true`) {
		t.Fatalf("the modal = %s", js)
	}
	meta, _ := view["private_metadata"].(string)

	w := r.submitTemplate("U1", meta, "name: weekly\ntitle: Weekly\nagendas: []\n")
	var answer struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           map[string]any    `json:"view"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.ResponseAction != "errors" || !strings.Contains(answer.Errors["yaml"], "Line 3, agendas: unknown key") {
		t.Fatalf("a bad key: %s (%v)", w.Body, err)
	}
	w = r.submitTemplate("U1", meta, "name: weekly\ntitle: Weekly\nagenda:\n  - title: Roadmap\n    timebox: 20m\n")
	answer.ResponseAction = ""
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.ResponseAction != "update" || !strings.Contains(w.Body.String(), "Saved as version 2.") {
		t.Fatalf("a save: %s (%v)", w.Body, err)
	}
	if w = r.submitTemplate("U1", meta, "name: weekly\ntitle: Again\n"); !strings.Contains(w.Body.String(), "Someone saved version 2 meanwhile") {
		t.Errorf("a second save from version 1: %s", w.Body)
	}
	m2 := decodeMsg(t, r.command("U2", "/klubba", "template history weekly"))
	if !strings.Contains(m2.Text, "v2") || !strings.Contains(m2.Text, "edited") {
		t.Errorf("history: %q", m2.Text)
	}
}

// weeklyEditButton has U1 import the template weekly and open its
// editor, and returns the action and value of the button that opens
// the template in a modal.
func weeklyEditButton(t *testing.T, r *rig) (action, value string) {
	t.Helper()
	r.command("U1", "/klubba", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n```")
	w := r.command("U1", "/klubba", "template edit weekly")
	return editButton(t, w.Body.String())
}

// TestTemplateModalLinkGone: the button beside an editor link that has
// expired, or whose template was deleted, opens a modal that says why,
// in the link's language, rather than failing.
func TestTemplateModalLinkGone(t *testing.T) {
	tests := []struct {
		name  string
		lang  string
		after func(r *rig)
		want  string
	}{
		{"expired", "en", func(r *rig) { r.clock.Advance(bot.EditorLinkTTL + time.Minute) },
			"This link has expired. Ask for a new one in chat with `template edit NAME`."},
		{"expired, in Swedish", "sv", func(r *rig) { r.clock.Advance(bot.EditorLinkTTL + time.Minute) },
			"Länken har gått ut. Be om en ny i chatten med `mall redigera NAMN`."},
		{"deleted", "en", func(r *rig) { r.command("U1", "/klubba", "template delete weekly") },
			"This link does not open a template. Ask for one in chat with `template edit NAME`."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			r.withModals()
			r.command("U1", "/klubba", "lang "+tt.lang)
			action, value := weeklyEditButton(t, r)
			tt.after(r)
			if w := r.click("U1", action, value); w.Code != http.StatusOK {
				t.Fatalf("the click: status %d %s", w.Code, w.Body)
			}
			_, view := r.openedView(t)
			js, _ := json.Marshal(view)
			if !strings.Contains(string(js), tt.want) || view["submit"] != nil {
				t.Errorf("the modal = %s, want it to say %q, with no Save", js, tt.want)
			}
		})
	}
}
