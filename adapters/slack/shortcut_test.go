package slack_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
)

// shortcut posts a global shortcut's interaction, as Slack sends it
// from the shortcut menu: no channel.
func (r *rig) shortcut(user, callbackID string) {
	r.t.Helper()
	payload := fmt.Sprintf(`{"type":"shortcut","token":"x","action_ts":"1700000001.1","team":{"id":"T0001","domain":"example"},
	  "user":{"id":%q,"username":%q,"team_id":"T0001"},"is_enterprise_install":false,"enterprise":null,
	  "callback_id":%q,"trigger_id":%q}`, user, strings.ToLower(user), callbackID, r.triggerID())
	if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil); w.Code != http.StatusOK {
		r.t.Fatalf("shortcut %s: %d %s", callbackID, w.Code, w.Body)
	}
}

// submitStart submits the "Start a meeting" modal with a channel picked.
func (r *rig) submitStart(user, meta, channel, template, title string) *httptest.ResponseRecorder {
	r.t.Helper()
	tpl := `"template": {"template": {"type": "static_select", "selected_option": null}},`
	if template != "" {
		tpl = fmt.Sprintf(`"template": {"template": {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": "t"}, "value": %q}}},`, template)
	}
	return r.submitModal(user, slackbot.StartModal, meta, fmt.Sprintf(`
      "channel": {"channel": {"type": "conversations_select", "selected_conversation": %q}},
      %s
      "title": {"title": {"type": "plain_text_input", "value": %q}}`, channel, tpl, title))
}

// TestGlobalShortcuts: "Start a meeting" and "New poll" from Slack's
// shortcut menu open modals that ask for the channel; submitted, the
// meeting starts (from the template picked) and the poll is posted in
// that channel, as the person who submitted.
func TestGlobalShortcuts(t *testing.T) {
	r := newRig(t)
	r.withModals()
	r.shortcut("U1", slackbot.StartShortcut)
	_, view := r.openedView(t)
	blocks := fmt.Sprint(view["blocks"])
	if view["callback_id"] != slackbot.StartModal || !strings.Contains(blocks, "conversations_select") ||
		!strings.Contains(blocks, "static_select") || !strings.Contains(blocks, "Board") || view["private_metadata"] != `{"channel":"","team":"T0001"}` {
		t.Fatalf("start modal %v", view)
	}
	// No channel picked: the field says so, nothing starts.
	w := r.submitStart("U1", `{"channel":"","team":"T0001"}`, "", "board", "")
	if !strings.Contains(w.Body.String(), `"response_action":"errors"`) || !strings.Contains(w.Body.String(), "Pick the channel") {
		t.Errorf("submission without a channel answered %s", w.Body)
	}
	w = r.submitStart("U1", `{"channel":"","team":"T0001"}`, "C2147483705", "board", "Styrelsemöte")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("start submission: %d %s", w.Code, w.Body)
	}
	r.deliverAll(5)
	posts := r.slack.Calls("chat.postMessage")
	if len(posts) == 0 || posts[0].Form.Get("channel") != "C2147483705" || !strings.Contains(posts[0].text(), "Styrelsemöte") || !strings.Contains(posts[0].text(), "Budget") {
		t.Fatalf("the meeting did not start from the template in the channel picked: %+v", posts)
	}

	r.shortcut("U1", slackbot.PollGlobalShortcut)
	_, view = r.openedView(t)
	if view["callback_id"] != slackbot.PollModal || !strings.Contains(fmt.Sprint(view["blocks"]), "conversations_select") {
		t.Fatalf("poll modal from the shortcut menu %v", view)
	}
	w = r.submitView("U1", `{"channel":"","team":"T0001"}`, "Lunch?", "Pizza\nSushi", "single", "open", "")
	if !strings.Contains(w.Body.String(), "Pick the channel") {
		t.Errorf("poll without a channel answered %s", w.Body)
	}
	w = r.submitModal("U1", slackbot.PollModal, `{"channel":"","team":"T0001"}`, `
      "channel": {"channel": {"type": "conversations_select", "selected_conversation": "C2147483705"}},
      "question": {"question": {"type": "plain_text_input", "value": "Lunch?"}},
      "options": {"options": {"type": "plain_text_input", "value": "Pizza\nSushi"}},
      "kind": {"kind": {"type": "static_select", "selected_option": {"value": "single"}}},
      "visibility": {"visibility": {"type": "radio_buttons", "selected_option": {"value": "open"}}},
      "close": {"close": {"type": "plain_text_input", "value": ""}}`)
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("poll submission: %d %s", w.Code, w.Body)
	}
	r.deliverAll(5)
	posts = r.slack.Calls("chat.postMessage")
	if last := posts[len(posts)-1]; last.Form.Get("channel") != "C2147483705" || !strings.Contains(last.text(), "Lunch?") || !strings.Contains(last.text(), "Sushi") {
		t.Errorf("the poll was not posted in the channel picked: %s", last.text())
	}
}

// TestStartModalLongTemplateTitle: a template's title longer than an
// option may be (75 characters; Slack refuses the whole view for one
// longer) is cut in the "Start a meeting" modal, which still opens.
func TestStartModalLongTemplateTitle(t *testing.T) {
	r := newRig(t)
	r.withModals()
	title := "Årsmöte för Föreningen Klubban i Ödeshög, med val av styrelse och revisorer, år 2027"
	m := decodeMsg(t, r.command("U1", "/klubba", "template import ```\nname: arsmote\ntitle: "+title+"\nagenda:\n  - title: Öppnande\n```"))
	if !strings.Contains(m.Text, "arsmote") {
		t.Fatalf("import: %q", m.Text)
	}
	r.shortcut("U1", slackbot.StartShortcut)
	_, view := r.openedView(t)
	var long []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if opts, ok := v["options"].([]any); ok {
				for _, o := range opts {
					if text := o.(map[string]any)["text"].(map[string]any)["text"].(string); len([]rune(text)) > 75 {
						long = append(long, text)
					}
				}
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(view)
	if len(long) > 0 || !strings.Contains(fmt.Sprint(view["blocks"]), "Årsmöte för Föreningen Klubban") {
		t.Errorf("options over 75 characters %q, or the template missing, in %v", long, view["blocks"])
	}
}
