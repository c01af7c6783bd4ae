package teams_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

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

// TestTemplateDialog: the button beside the editor's link opens a dialog
// with the YAML; a mistake brings the dialog back with the problem under
// the field, by line and field; a save says which version it made.
func TestTemplateDialog(t *testing.T) {
	r := newRigOptions(t, bot.Options{Codec: bottest.Codec{}}, nil)
	r.send(channelMessage("m1", "ann", "template import <pre><code>name: weekly<br>title: Weekly</code></pre>"), nil)
	r.send(channelMessage("m2", "ann", "template edit weekly"), nil)
	r.deliverAll(20)
	var private strings.Builder
	for _, c := range r.fake.Calls(personalPosts) {
		private.WriteString(c.text())
	}
	m := regexp.MustCompile(`"data":\{"action":"template.edit","msteams":\{"type":"task/fetch"\},"value":"([A-Za-z0-9_.-]+)"\}`).FindStringSubmatch(private.String())
	if m == nil {
		t.Fatalf("no dialog button in the private answers: %s", private.String())
	}
	token := m[1]
	invoke := func(id, name string, data map[string]any) (string, map[string]any, string) {
		t.Helper()
		w := r.send(dialogInvoke(id, "ann", name, map[string]any{"data": data}), nil)
		return dialogAnswer(t, w.Result(), w.Body.String())
	}
	typ, card, _ := invoke("d1", "task/fetch", map[string]any{"action": "template.edit", "value": token, "msteams": map[string]any{"type": "task/fetch"}})
	js, _ := json.Marshal(card)
	if typ != "continue" || !strings.Contains(string(js), `"value":"name: weekly\ntitle: Weekly\n"`) || !strings.Contains(string(js), `"isMultiline":true`) {
		t.Fatalf("the dialog: %s %s", typ, js)
	}
	typ, card, _ = invoke("d2", "task/submit", map[string]any{"action": "template.dialog", "value": token, "base": 1, "yaml": "name: weekly\ntitle: Weekly\nagendas: []\n"})
	js, _ = json.Marshal(card)
	if typ != "continue" || !strings.Contains(string(js), "⚠ Line 3, agendas: unknown key") || !strings.Contains(string(js), `agendas: []`) {
		t.Fatalf("a bad key: %s %s", typ, js)
	}
	typ, _, msg := invoke("d3", "task/submit", map[string]any{"action": "template.dialog", "value": token, "base": 1, "yaml": "name: weekly\ntitle: Weekly, v2\n"})
	if typ != "message" || !strings.Contains(msg, "Saved as version 2.") {
		t.Fatalf("a save: %s %q", typ, msg)
	}
	if _, _, msg := invoke("d4", "task/fetch", map[string]any{"action": "template.edit", "value": token + "x"}); !strings.Contains(msg, "This link does not open a template") {
		t.Errorf("a forged token: %q", msg)
	}
}

// TestTemplateDialogExpired: the dialog button of a link past its hour
// says so in the language of the person who asked for it.
func TestTemplateDialogExpired(t *testing.T) {
	r := newRigOptions(t, bot.Options{Codec: bottest.Codec{}}, nil)
	r.send(channelMessage("m0", "ann", "lang sv"), nil)
	r.send(channelMessage("m1", "ann", "mall importera <pre><code>name: weekly<br>title: Veckomöte</code></pre>"), nil)
	r.send(channelMessage("m2", "ann", "mall redigera weekly"), nil)
	r.deliverAll(20)
	var private strings.Builder
	for _, c := range r.fake.Calls(personalPosts) {
		private.WriteString(c.text())
	}
	m := regexp.MustCompile(`"action":"template.edit","msteams":\{"type":"task/fetch"\},"value":"([A-Za-z0-9_.-]+)"`).FindStringSubmatch(private.String())
	if m == nil {
		t.Fatalf("no dialog button in the private answers: %s", private.String())
	}
	r.clock.Advance(bot.EditorLinkTTL + time.Minute)
	w := r.send(dialogInvoke("d1", "ann", "task/fetch", map[string]any{"data": map[string]any{"action": "template.edit", "value": m[1]}}), nil)
	if typ, _, msg := dialogAnswer(t, w.Result(), w.Body.String()); typ != "message" || !strings.Contains(msg, "Länken har gått ut.") {
		t.Errorf("an expired link: %s %q", typ, msg)
	}
}
