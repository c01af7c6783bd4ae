package slack_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	goslack "github.com/slack-go/slack"
)

// notMemberRig is a rig whose bot is in no channel: Slack answers every
// post and ephemeral there with code, as it does in a private channel
// the bot was not invited to (not_in_channel) or a DM between people
// (channel_not_found). Commands still arrive: slash commands work
// wherever the app is installed.
func notMemberRig(t *testing.T, code string) (*rig, *int) {
	r := newRig(t)
	r.slack.refuse = func(method, channel string) string {
		if strings.HasPrefix(method, "chat.") {
			return code
		}
		return ""
	}
	callers := slackbot.NewCallers(nil, r.clock.Now)
	callers.AllowAnyResponseURL()
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.deliver = slackbot.NewDelivererWithCallers(r.store, api, r.bot, r.clock, discard, callers)
	failures := new(int)
	r.deliver.OnFailure(func(transient bool) {
		if !transient {
			*failures++
		}
	})
	r.server = slackbot.NewServer(slackbot.Options{Bot: r.bot, SigningSecret: secret, Now: r.clock.Now, Logger: discard, Callers: callers})
	r.mux = http.NewServeMux()
	r.server.Register(r.mux)
	return r, failures
}

// commandWithResponseURL sends a slash command whose response_url is the
// fake Slack's.
func (r *rig) commandWithResponseURL(user, channel, text string) {
	r.t.Helper()
	form := url.Values{
		"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {"T0001"}, "team_domain": {"example"},
		"channel_id": {channel}, "channel_name": {"privategroup"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/klubba"}, "text": {text}, "api_app_id": {"A123456"}, "is_enterprise_install": {"false"},
		"response_url": {r.slack.srv.URL + "/commands/T0001/1234/" + r.triggerID()}, "trigger_id": {r.triggerID()},
	}
	if w := r.post("/slack/commands", "application/x-www-form-urlencoded", form.Encode(), nil); w.Code != http.StatusOK {
		r.t.Fatalf("%s: status %d: %s", text, w.Code, w.Body)
	}
}

func TestNotAMemberTellsTheCaller(t *testing.T) {
	for _, code := range []string{"not_in_channel", "channel_not_found"} {
		t.Run(code, func(t *testing.T) {
			r, failures := notMemberRig(t, code)
			r.commandWithResponseURL("U1", "C2147483705", "start Board")
			r.deliverAll(10)
			var shown, told bool
			for _, c := range r.slack.Calls("response_url") {
				js := c.Form.Get("json")
				if strings.Contains(js, `"response_type":"in_channel"`) && strings.Contains(js, "Meeting started") {
					shown = true
				}
				if strings.Contains(js, `"response_type":"ephemeral"`) && strings.Contains(js, "/invite @Klubba") {
					told = true
				}
				if strings.Contains(js, `"metadata"`) { // empty, as slack-go's Msg has it, it lacks the event_type Slack requires
					t.Errorf("a response carries an empty metadata object: %s", js)
				}
			}
			if !shown {
				t.Errorf("the meeting's message was not shown through response_url: %+v", r.slack.Calls(""))
			}
			if !told {
				t.Errorf("the caller was not told to invite Klubba: %+v", r.slack.Calls("response_url"))
			}
			if *failures == 0 {
				t.Errorf("the refused post is not counted as a delivery failure")
			}
			// A private answer to a click in the same conversation reaches
			// its caller through the click's response URL.
			r.click("U2", "queue.speak", "")
			r.deliverAll(10)
			answered := false
			for _, c := range r.slack.Calls("response_url") {
				js := c.Form.Get("json")
				answered = answered || strings.Contains(c.Form.Get("path"), "/actions/") &&
					strings.Contains(js, `"response_type":"ephemeral"`) && strings.Contains(js, "Your hand is up")
			}
			if !answered {
				t.Errorf("responses = %+v, want the private answer about the hand", r.slack.Calls("response_url"))
			}
		})
	}
}

func TestNotAMemberWithoutACommandIsLogged(t *testing.T) {
	// A message with no recent command to answer through (a timer's) is a
	// counted failure, not a silent drop.
	r, failures := notMemberRig(t, "not_in_channel")
	r.command("U1", "/klubba", "start Board") // a response_url Klubba may not call
	r.deliverAll(10)
	if n := len(r.slack.Calls("response_url")); n != 0 {
		t.Errorf("%d calls to a response URL outside hooks.slack.com", n)
	}
	if *failures == 0 {
		t.Errorf("no delivery failure counted")
	}
}

// TestNotAMemberPrivateToAnotherGoesToTheirDM: where Klubba is not in the
// channel, a private answer to someone other than the channel's last
// caller (whose response_url shows only to that caller) goes to the
// person's direct messages with Klubba rather than vanishing; nobody
// else sees it.
func TestNotAMemberPrivateToAnotherGoesToTheirDM(t *testing.T) {
	for _, code := range []string{"not_in_channel", "channel_not_found"} {
		t.Run(code, func(t *testing.T) {
			r, _ := notMemberRig(t, code)
			r.slack.refuse = func(method, channel string) string {
				if strings.HasPrefix(method, "chat.") && !strings.HasPrefix(channel, "D") {
					return code // the channel refuses; direct messages work
				}
				return ""
			}
			r.commandWithResponseURL("UANN", "C2147483705", "start Board")
			r.commandWithResponseURL("UBO", "C2147483705", "hand")
			r.commandWithResponseURL("UCY", "C2147483705", "hand")
			r.commandWithResponseURL("UANN", "C2147483705", "next")
			r.deliverAll(10)
			var dm []string
			for _, c := range r.slack.Calls("chat.postMessage") {
				if c.Form.Get("channel") == "DUCY" {
					dm = append(dm, c.text())
				}
			}
			if len(dm) != 1 || !strings.Contains(dm[0], "You are next") {
				t.Errorf("UCY's direct messages: %q; want the private “You are next”", dm)
			}
			for _, c := range r.slack.Calls("response_url") {
				if strings.Contains(c.Form.Get("json"), "You are next") {
					t.Errorf("UCY's private answer shown through another's response_url: %s", c.Form.Get("json"))
				}
			}
		})
	}
}

// notMemberModalRig is notMemberRig whose server also opens modals.
func notMemberModalRig(t *testing.T) *rig {
	r, _ := notMemberRig(t, "not_in_channel")
	callers := slackbot.NewCallers(nil, r.clock.Now)
	callers.AllowAnyResponseURL()
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.deliver = slackbot.NewDelivererWithCallers(r.store, api, r.bot, r.clock, discard, callers)
	r.server = slackbot.NewServer(slackbot.Options{Bot: r.bot, SigningSecret: secret, Now: r.clock.Now, Logger: discard, Callers: callers, Views: api})
	r.mux = http.NewServeMux()
	r.server.Register(r.mux)
	return r
}

// shownThroughResponseURL reports whether a message with text was shown
// in the channel through a response URL, and whether the person was
// told, privately, to invite Klubba.
func (r *rig) shownThroughResponseURL(text string) (shown, told bool) {
	for _, c := range r.slack.Calls("response_url") {
		js := c.Form.Get("json")
		shown = shown || strings.Contains(js, `"response_type":"in_channel"`) && strings.Contains(js, text)
		told = told || strings.Contains(js, `"response_type":"ephemeral"`) && strings.Contains(js, "/invite @Klubba")
	}
	return shown, told
}

// TestStartModalWhereNotMember: "Start a meeting" from the shortcut
// menu, with a private channel Klubba was not invited to picked, shows
// the meeting there through the response_url Slack sends for the
// channel picked, and tells the person to invite Klubba, as after a
// slash command, rather than starting a meeting nobody sees.
func TestStartModalWhereNotMember(t *testing.T) {
	r := notMemberModalRig(t)
	r.shortcut("U1", slackbot.StartShortcut)
	_, view := r.openedView(t)
	if !strings.Contains(fmt.Sprint(view["blocks"]), "response_url_enabled:true") {
		t.Errorf("the channel picker asks Slack for no response_url: %v", view["blocks"])
	}
	payload := fmt.Sprintf(`{"type": "view_submission", "team": {"id": "T0001", "domain": "example"},
  "user": {"id": "U1", "username": "u1", "name": "u1", "team_id": "T0001"}, "api_app_id": "A123456", "trigger_id": %q,
  "view": {"id": "V0001", "team_id": "T0001", "type": "modal", "callback_id": %q, "private_metadata": "{\"channel\":\"\",\"team\":\"T0001\"}",
    "state": {"values": {"channel": {"channel": {"type": "conversations_select", "selected_conversation": "G0PRIVATE"}},
      "title": {"title": {"type": "plain_text_input", "value": "Hemligt"}}}}},
  "response_urls": [{"block_id": "channel", "action_id": "channel", "channel_id": "G0PRIVATE", "response_url": "%s/commands/T0001/app/1"}],
  "is_enterprise_install": false}`, r.triggerID(), slackbot.StartModal, r.slack.srv.URL)
	if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("start submission: %d %s", w.Code, w.Body)
	}
	r.deliverAll(10)
	if shown, told := r.shownThroughResponseURL("Hemligt"); !shown || !told {
		t.Errorf("meeting shown %v, person told to invite Klubba %v; calls %+v", shown, told, r.slack.Calls(""))
	}
}

// TestPollShortcutWhereNotMember: "Poll from this message" on a message
// of a private channel Klubba was not invited to shows the poll there
// through the shortcut's response_url, rather than making a poll nobody
// sees.
func TestPollShortcutWhereNotMember(t *testing.T) {
	r := notMemberModalRig(t)
	r.commandWithResponseURL("U1", "C2147483705", "start")
	r.deliverAll(10)
	r.clock.Advance(time.Hour) // the command's response_url has expired
	payload := fmt.Sprintf(`{"type":"message_action","callback_id":%q,"trigger_id":%q,
	  "team":{"id":"T0001","domain":"example"},"channel":{"id":"C2147483705","name":"privategroup"},
	  "user":{"id":"U1","username":"u1","team_id":"T0001"},
	  "message":{"type":"message","user":"U2","ts":"1700000000.000100","text":"Lunch on Thursday?"},
	  "response_url":"%s/commands/T0001/app/2","message_ts":"1700000000.000100"}`, slackbot.PollShortcut, r.triggerID(), r.slack.srv.URL)
	if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil); w.Code != http.StatusOK {
		t.Fatalf("shortcut: %d %s", w.Code, w.Body)
	}
	_, view := r.openedView(t)
	w := r.submitView("U1", view["private_metadata"].(string), "Lunch on Thursday?", "Pizza\nSushi", "single", "open", "")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("poll submission: %d %s", w.Code, w.Body)
	}
	r.deliverAll(10)
	if shown, _ := r.shownThroughResponseURL("Lunch on Thursday?"); !shown {
		t.Errorf("the poll was not shown through the shortcut's response_url; calls %+v", r.slack.Calls(""))
	}
}
