package slack_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/internal/golden"
	goslack "github.com/slack-go/slack"
)

// withModals gives the rig's server a Web API client for views.open.
func (r *rig) withModals() {
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.server = slackbot.NewServer(slackbot.Options{Bot: r.bot, SigningSecret: secret, Now: r.clock.Now, Logger: discard, Views: api, APIURL: r.slack.srv.URL + "/api/"})
	r.mux = http.NewServeMux()
	r.server.Register(r.mux)
}

// openedView returns the view of the last views.open call.
func (r *rig) openedView(t *testing.T) (triggerID string, view map[string]any) {
	t.Helper()
	calls := r.slack.Calls("views.open")
	if len(calls) == 0 {
		t.Fatalf("no views.open; calls: %+v", r.slack.Calls(""))
	}
	var req struct {
		TriggerID string         `json:"trigger_id"`
		View      map[string]any `json:"view"`
	}
	if err := json.Unmarshal([]byte(calls[len(calls)-1].Form.Get("json")), &req); err != nil {
		t.Fatal(err)
	}
	return req.TriggerID, req.View
}

// submitModal posts a view_submission of a modal, shaped as Slack sends
// it, with values the JSON members of its state's values.
func (r *rig) submitModal(user, callbackID, meta, values string) *httptest.ResponseRecorder {
	r.t.Helper()
	payload := fmt.Sprintf(`{
  "type": "view_submission",
  "team": {"id": "T0001", "domain": "example"},
  "user": {"id": %q, "username": %q, "name": %q, "team_id": "T0001"},
  "api_app_id": "A123456", "token": "gIkuvaNzQIHg97ATvDxqgjtO", "trigger_id": %q,
  "view": {
    "id": "V0001", "team_id": "T0001", "type": "modal", "callback_id": %q,
    "private_metadata": %q, "hash": "1700000000.abcd", "app_id": "A123456", "bot_id": "B123",
    "state": {"values": {%s}}
  },
  "response_urls": [], "is_enterprise_install": false
}`, user, strings.ToLower(user), strings.ToLower(user), r.triggerID(), callbackID, meta, values)
	return r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil)
}

// submitView posts a view_submission of the poll modal with the fields'
// values.
func (r *rig) submitView(user, meta, question, options, kind, visible, closeIn string) *httptest.ResponseRecorder {
	r.t.Helper()
	return r.submitModal(user, slackbot.PollModal, meta, fmt.Sprintf(`
      "question": {"question": {"type": "plain_text_input", "value": %q}},
      "options": {"options": {"type": "plain_text_input", "value": %q}},
      "kind": {"kind": {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": "k"}, "value": %q}}},
      "visibility": {"visibility": {"type": "radio_buttons", "selected_option": {"text": {"type": "plain_text", "text": "v"}, "value": %q}}},
      "close": {"close": {"type": "plain_text_input", "value": %q}}`, question, options, kind, visible, closeIn))
}

func TestPollModal(t *testing.T) {
	r := newRig(t)
	r.withModals()
	r.command("U1", "/klubba", "start")
	// /kpoll with nothing after it opens the modal and answers nothing.
	w := r.command("U1", "/kpoll", "")
	if w.Body.Len() != 0 {
		t.Errorf("/kpoll answered %q, want nothing (the modal opens)", w.Body)
	}
	trigger, view := r.openedView(t)
	if trigger == "" || view["callback_id"] != slackbot.PollModal || view["private_metadata"] != `{"channel":"slack:T0001/C2147483705"}` {
		t.Errorf("views.open trigger %q view %v", trigger, view)
	}
	js, _ := json.MarshalIndent(view, "", "  ")
	golden.Check(t, "poll-modal.json", js)

	// The submission makes the poll in the channel, as the submitter.
	w = r.submitView("U1", view["private_metadata"].(string), "Where do we meet?", "Göteborg\n  Malmö \n\nUmeå \"north\"", "multi", "secret", "10m")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("submission: %d %q, want an empty 200 (the modal closes)", w.Code, w.Body)
	}
	r.deliverAll(5)
	var card string
	for _, c := range r.slack.Calls("chat.postMessage") {
		if strings.Contains(c.text(), "Where do we meet?") {
			card = c.text()
		}
	}
	for _, want := range []string{"Göteborg", "Malmö", `Umeå \"north\"`, "Vote"} {
		if !strings.Contains(card, want) {
			t.Errorf("the poll card lacks %s: %s", want, card)
		}
	}
	// A poll the modal cannot make: the fields say why, the modal stays.
	w = r.submitView("U1", view["private_metadata"].(string), "", "Only one", "single", "open", "soon")
	var answer struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	json.Unmarshal(w.Body.Bytes(), &answer)
	if answer.Action != "errors" || answer.Errors["question"] == "" || answer.Errors["options"] == "" || answer.Errors["close"] == "" {
		t.Errorf("invalid submission answered %q", w.Body)
	}
	// A yes/no poll needs no options.
	r.submitView("U2", view["private_metadata"].(string), "Lunch now?", "", "yesno", "open", "")
	r.deliverAll(5)
	if last := r.slack.Calls("chat.postMessage"); !strings.Contains(last[len(last)-1].text(), "Lunch now?") {
		t.Errorf("no yes/no poll: %s", last[len(last)-1].text())
	}
}

// TestModalRefusalShownInModal: a submission the bot refuses (two
// options the same, an option too long, no meeting running, a meeting
// already running) keeps the modal open with the refusal beside its
// first field, rather than closing it, losing what was typed, and
// saying why in the channel.
func TestModalRefusalShownInModal(t *testing.T) {
	const inChannel, picked = `{"channel":"slack:T0001/C2147483705"}`, `{"channel":"","team":"T0001"}`
	for _, tc := range []struct {
		name, running string
		submit        func(r *rig) *httptest.ResponseRecorder
		field, want   string
	}{
		{"same options", "start", func(r *rig) *httptest.ResponseRecorder {
			return r.submitView("U1", inChannel, "Lunch?", "Pizza\nPizza", "single", "open", "")
		}, "question", "Options 1 and 2 are the same"},
		{"option too long", "start", func(r *rig) *httptest.ResponseRecorder {
			return r.submitView("U1", inChannel, "Lunch?", "Pizza\n"+strings.Repeat("x", 300), "single", "open", "")
		}, "question", "at most 200 characters"},
		{"no meeting", "", func(r *rig) *httptest.ResponseRecorder {
			return r.submitView("U1", inChannel, "Lunch?", "Pizza\nSushi", "single", "open", "")
		}, "question", "No meeting is running"},
		{"meeting running", "start", func(r *rig) *httptest.ResponseRecorder {
			return r.submitStart("U1", picked, "C2147483705", "board", "Another")
		}, "channel", "A meeting is already running here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			r.withModals()
			if tc.running != "" {
				r.command("U1", "/klubba", tc.running)
			}
			r.deliverAll(5)
			before := len(r.slack.Calls(""))
			w := tc.submit(r)
			var answer struct {
				Action string            `json:"response_action"`
				Errors map[string]string `json:"errors"`
			}
			json.Unmarshal(w.Body.Bytes(), &answer)
			if w.Code != http.StatusOK || answer.Action != "errors" || !strings.Contains(answer.Errors[tc.field], tc.want) {
				t.Errorf("submission answered %d %s; want %q beside %s", w.Code, w.Body, tc.want, tc.field)
			}
			r.deliverAll(5)
			if calls := r.slack.Calls("")[before:]; len(calls) != 0 {
				t.Errorf("the refusal also went to Slack: %+v", calls)
			}
		})
	}
}

func TestPollShortcut(t *testing.T) {
	r := newRig(t)
	r.withModals()
	payload := `{"type":"message_action","callback_id":"klubba.poll_from_message","trigger_id":"13345224609.738474920.99",
	  "team":{"id":"T0001","domain":"example"},"channel":{"id":"C2147483705","name":"test"},
	  "user":{"id":"U1","username":"u1","team_id":"T0001"},
	  "message":{"type":"message","user":"U2","ts":"1700000000.000100","text":"Should we move the meeting to Thursday?"},
	  "response_url":"https://hooks.slack.com/app/T0001/1/x","message_ts":"1700000000.000100"}`
	w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil)
	if w.Code != http.StatusOK {
		t.Fatalf("shortcut: %d %s", w.Code, w.Body)
	}
	_, view := r.openedView(t)
	js, _ := json.Marshal(view)
	if !bytes.Contains(js, []byte(`"initial_value":"Should we move the meeting to Thursday?"`)) {
		t.Errorf("the modal lacks the message as its question: %s", js)
	}
}

func TestKpollTyped(t *testing.T) {
	r := newRig(t)
	r.withModals()
	r.command("U1", "/klubba", "start")
	r.command("U1", "/kpoll", `"Lunch?" "Pizza" "Sushi"`)
	r.deliverAll(5)
	if n := len(r.slack.Calls("views.open")); n != 0 {
		t.Errorf("a typed /kpoll opened %d modals", n)
	}
	last := r.slack.Calls("chat.postMessage")
	if !strings.Contains(last[len(last)-1].text(), "Lunch?") {
		t.Errorf("/kpoll with a question made no poll: %s", last[len(last)-1].text())
	}
}
