package slack_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/bottest"
)

var discard = slog.New(slog.DiscardHandler)

func TestSlashCommandRoundTrip(t *testing.T) {
	r := newRig(t)
	w := r.command("U1", "/klubba", "start board")
	if w.Body.Len() != 0 {
		t.Errorf("start answered the caller privately: %s", w.Body)
	}
	r.deliverAll(5)
	posts := r.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != "C2147483705" || !strings.Contains(posts[0].text(), "Meeting started: Board") {
		t.Fatalf("postMessage calls = %+v", posts)
	}

	// A wrong command gets its usage, only to the caller, in the answer itself.
	w = r.command("U1", "/klubba", "agenda add")
	m := decodeMsg(t, w)
	if m.ResponseType != "ephemeral" || !strings.Contains(m.Text, `Usage: agenda add "title" [10m]`) {
		t.Errorf("answer = %+v", m)
	}
	// The answer holds what Slack reads of it, and nothing empty besides
	// (an empty metadata object lacks the event_type Slack requires).
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(w.Body.Bytes(), &fields); err != nil {
		t.Fatal(err)
	}
	for k := range fields {
		if k != "text" && k != "response_type" && k != "replace_original" && k != "blocks" {
			t.Errorf("the answer has field %q: %s", k, w.Body)
		}
	}
	if len(fields["blocks"]) < 3 {
		t.Errorf("the answer has no blocks: %s", w.Body)
	}
	// The short commands of the manifest.
	m = decodeMsg(t, r.command("U2", "/hand", ""))
	if !strings.Contains(m.Text, "Your hand is up: you are number 1") {
		t.Errorf("/hand answer = %+v", m)
	}
	m = decodeMsg(t, r.command("U3", "/agenda", "remove 9"))
	if !strings.Contains(m.Text, "Only the chair can do that") {
		t.Errorf("/agenda remove 9 answer = %+v", m)
	}
	// Slack escapes &, < and >; the poll keeps what was typed, and the
	// message escapes it once again for Slack.
	r.command("U1", "/poll", `"Q &amp; A &lt;today&gt;?" "Yes" "No"`)
	r.deliverAll(5)
	posts = r.slack.Calls("chat.postMessage")
	var blocks []struct {
		Text struct{ Text string } `json:"text"`
	}
	json.Unmarshal([]byte(posts[len(posts)-1].Form.Get("blocks")), &blocks)
	if len(blocks) == 0 || blocks[0].Text.Text != "Poll #1: Q & A <today>?" {
		t.Errorf("poll header = %+v", blocks)
	}
	// Slack's certificate check gets a 200.
	if w := r.post("/slack/commands", "application/x-www-form-urlencoded", "ssl_check=1&token=x", nil); w.Code != http.StatusOK {
		t.Errorf("ssl_check: %d", w.Code)
	}
}

func TestPollVoteEditsTheMessage(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Lunch?" "Pizza" "Sushi"`)
	r.deliverAll(5)
	posts := r.slack.Calls("chat.postMessage")
	if len(posts) != 2 || !strings.Contains(posts[1].text(), `"text":"Sushi","emoji":true},"action_id":"poll.vote#1","value":"1:2"`) {
		t.Fatalf("the poll was not posted with a button per option: %+v", posts)
	}
	pollTS := "1700000000.000002"

	if w := r.click("U2", "poll.vote#1", "1:2"); w.Code != http.StatusOK {
		t.Fatalf("click: %d %s", w.Code, w.Body)
	}
	r.deliverAll(5)
	updates := r.slack.Calls("chat.update")
	if len(updates) != 1 || updates[0].Form.Get("ts") != pollTS || !strings.Contains(updates[0].text(), "1 vote") {
		t.Fatalf("chat.update calls = %+v, want one edit of %s showing 1 vote", updates, pollTS)
	}
	// The voter sees the confirmation beside the poll, through the
	// click's response_url, and nothing of it goes through the outbox.
	if got := r.answers("U2"); len(got) != 1 || !strings.Contains(got[0], "Your vote is recorded: Sushi.") {
		t.Errorf("answers to U2 = %q, want the confirmation", got)
	}
	if eph := r.slack.Calls("chat.postEphemeral"); len(eph) != 0 {
		t.Errorf("chat.postEphemeral calls = %+v, want none", eph)
	}
	if n := len(r.slack.Calls("chat.postMessage")); n != 2 {
		t.Errorf("the vote reposted the poll: %d posts", n)
	}
}

// TestQueueButtonsFollowThePolicy: two people press Raise hand; the one
// who has not spoken on the item goes first although she pressed later.
func TestQueueButtonsFollowThePolicy(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.click("U2", "queue.speak#0", "")
	r.click("U1", "queue.next#4", "")
	r.click("U2", "queue.speak#0", "") // U2 again, having spoken once
	r.click("U3", "queue.speak#0", "")
	r.deliverAll(10)
	r.command("U1", "/klubba", "queue")
	r.deliverAll(10)
	posts := r.slack.Calls("chat.postMessage")
	queue := posts[len(posts)-1].text()
	if i, j := strings.Index(queue, "1. u3"), strings.Index(queue, "2. u2"); i < 0 || j < 0 {
		t.Errorf("queue message = %s\nwant u3 before u2", queue)
	}
	// Next, pressed by someone who is not the chair, is refused privately at once.
	r.click("U3", "queue.next#4", "")
	if got := r.answers("U3"); len(got) != 2 || !strings.Contains(got[1], "Only the chair can do that") {
		t.Errorf("answers to U3 = %q, want their hand's, then the refusal", got)
	}
}

func TestSignatures(t *testing.T) {
	r := newRig(t)
	body := "team_id=T0001&channel_id=C2147483705&user_id=U1&command=%2Fklubba&text=start"
	stale := r.clock.Now().Add(-6 * time.Minute)
	cases := map[string]http.Header{
		"missing": {"X-Slack-Signature": nil, "X-Slack-Request-Timestamp": nil},
		"forged":  {"X-Slack-Signature": {"v0=" + strings.Repeat("ab", 32)}},
		"not hex": {"X-Slack-Signature": {"v0=zz"}},
		"stale": {"X-Slack-Request-Timestamp": {fmt.Sprint(stale.Unix())},
			"X-Slack-Signature": slackSign(body, stale)},
		"future": {"X-Slack-Request-Timestamp": {fmt.Sprint(r.clock.Now().Add(6 * time.Minute).Unix())},
			"X-Slack-Signature": slackSign(body, r.clock.Now().Add(6*time.Minute))},
		"other secret": {"X-Slack-Signature": {signWith("wrong-secret", body, r.clock.Now())}},
	}
	for name, h := range cases {
		for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
			w := r.post(path, "application/x-www-form-urlencoded", body, h)
			if w.Code != http.StatusUnauthorized {
				t.Errorf("%s signature on %s: status %d, want 401", name, path, w.Code)
			}
		}
	}
	if r.meetingStored() {
		t.Error("a rejected request started a meeting")
	}
	r.deliverAll(3)
	if calls := r.slack.Calls(""); len(calls) != 0 {
		t.Errorf("rejected requests reached Slack: %+v", calls)
	}
}

func TestBodyLimit(t *testing.T) {
	r := newRig(t)
	w := r.post("/slack/interactions", "application/x-www-form-urlencoded", "payload="+strings.Repeat("a", 2<<20), nil)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body: status %d, want 413", w.Code)
	}
}

// TestMultiChoiceCheckboxes: a multiple-choice poll offers checkboxes and
// a Vote button; ticking is not a command, the button submits the ticks.
func TestMultiChoiceCheckboxes(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Which days?" "Mon" "Tue" "Wed" --multi 2`)
	r.deliverAll(5)
	posts := r.slack.Calls("chat.postMessage")
	blocks := posts[len(posts)-1].Form.Get("blocks")
	if !strings.Contains(blocks, `"type":"checkboxes"`) || !strings.Contains(blocks, `"action_id":"poll.vote#0","value":"1:"`) {
		t.Fatalf("the poll lacks checkboxes and a Vote button: %s", blocks)
	}
	state := `{"values":{"b1":{"choice":{"type":"checkboxes","selected_options":[{"text":{"type":"mrkdwn","text":"Wed"},"value":"3"},{"text":{"type":"mrkdwn","text":"Mon"},"value":"1"}]}}}}`
	tick := fmt.Sprintf(`{"type":"block_actions","user":{"id":"U2","name":"bo"},"team":{"id":"T0001"},"channel":{"id":"C2147483705"},"state":%s,
	  "actions":[{"action_id":"choice","block_id":"b1","type":"checkboxes","selected_options":[{"value":"1"}]}]}`, state)
	vote := fmt.Sprintf(`{"type":"block_actions","user":{"id":"U2","name":"bo"},"team":{"id":"T0001"},"channel":{"id":"C2147483705"},"state":%s,
	  "actions":[{"action_id":"poll.vote#0","block_id":"b2","value":"1:","type":"button"}]}`, state)
	for _, p := range []string{tick, vote} {
		if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {p}}.Encode(), nil); w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	r.deliverAll(5)
	eph := r.slack.Calls("chat.postEphemeral")
	if len(eph) != 1 || !strings.Contains(eph[0].text(), "Your vote is recorded: Mon, Wed.") {
		t.Errorf("ephemerals = %+v; want one confirmation for Mon and Wed, and nothing for the tick", eph)
	}
}

// TestRankedMenus: a ranked poll offers a menu per rank; the Vote button
// submits the picks in order of preference.
func TestRankedMenus(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `ranked "Chair 2027" "Ada" "Bo" "Cy" --secret`)
	r.deliverAll(5)
	posts := r.slack.Calls("chat.postMessage")
	if blocks := posts[len(posts)-1].Form.Get("blocks"); !strings.Contains(blocks, `"action_id":"rank#1"`) || !strings.Contains(blocks, `"action_id":"rank#3"`) {
		t.Fatalf("the ballot lacks a menu per rank: %s", blocks)
	}
	ballot := func(user string, ranks ...string) string {
		var picks []string
		for i, v := range ranks {
			picks = append(picks, fmt.Sprintf(`"rank#%d":{"type":"static_select","selected_option":{"text":{"type":"plain_text","text":"x"},"value":%q}}`, i+1, v))
		}
		return fmt.Sprintf(`{"type":"block_actions","user":{"id":%q,"name":"v"},"team":{"id":"T0001"},"channel":{"id":"C2147483705"},
		  "state":{"values":{"b1":{%s}}},"actions":[{"action_id":"poll.vote#0","block_id":"b2","value":"1:","type":"button"}]}`,
			user, strings.Join(picks, ","))
	}
	for _, p := range []string{ballot("U2", "2", "1"), ballot("U3", "3", "2"), ballot("U4", "2"), ballot("U5", "1", "3"), ballot("U6", "1", "2")} {
		if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {p}}.Encode(), nil); w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
	}
	r.command("U1", "/poll", "close")
	r.deliverAll(10)
	posts = r.slack.Calls("chat.postMessage")
	if last := posts[len(posts)-1].text(); !strings.Contains(last, "*Bo* is elected after 2 rounds") {
		t.Errorf("results = %s", last)
	}
}

// clickWith posts a signed block_actions payload with one action and the
// message's state.
func (r *rig) clickWith(user, action, value, state string) {
	r.t.Helper()
	p := fmt.Sprintf(`{"type":"block_actions","user":{"id":%q,"name":"v"},"team":{"id":"T0001"},"channel":{"id":"C2147483705"},"state":%s,
	  "actions":[{"action_id":%q,"block_id":"b2","value":%q,"type":"button"}]}`, user, state, action, value)
	if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {p}}.Encode(), nil); w.Code != http.StatusOK {
		r.t.Fatalf("status %d: %s", w.Code, w.Body)
	}
}

// TestRegisterAndElectionByButtons: members check in with the Here
// button; a 12-candidate election offers a multi-select that allows the
// number of seats; a member off the register is refused privately.
func TestRegisterAndElectionByButtons(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/klubba", "register open")
	r.deliverAll(5)
	posts := r.slack.Calls("chat.postMessage")
	if blocks := posts[len(posts)-1].Form.Get("blocks"); !strings.Contains(blocks, `"action_id":"register.here#0"`) {
		t.Fatalf("the register lacks a Here button: %s", blocks)
	}
	for _, u := range []string{"U2", "U3"} {
		r.clickWith(u, "register.here#0", "", `{"values":{}}`)
	}
	r.command("U1", "/klubba", "register close")
	r.command("U1", "/klubba", `poll elect 3 "Board" "A1" "A2" "A3" "A4" "A5" "A6" "A7" "A8" "A9" "A10" "A11" "A12" --register`)
	r.deliverAll(10)
	posts = r.slack.Calls("chat.postMessage")
	blocks := posts[len(posts)-1].Form.Get("blocks")
	if !strings.Contains(blocks, `"type":"multi_static_select"`) || !strings.Contains(blocks, `"max_selected_items":3`) {
		t.Fatalf("the ballot lacks a multi-select of up to 3: %s", blocks)
	}
	picks := func(values ...string) string {
		var opts []string
		for _, v := range values {
			opts = append(opts, fmt.Sprintf(`{"text":{"type":"plain_text","text":"x"},"value":%q}`, v))
		}
		return fmt.Sprintf(`{"values":{"b1":{"choice":{"type":"multi_static_select","selected_options":[%s]}}}}`, strings.Join(opts, ","))
	}
	r.clickWith("U2", "poll.vote#0", "1:", picks("11", "12", "1"))
	r.clickWith("U3", "poll.vote#0", "1:", picks("11", "12", "1", "2"))
	r.clickWith("U4", "poll.vote#0", "1:", picks("3"))
	r.deliverAll(50)
	answers := func() string {
		var got []string
		for _, e := range r.slack.Calls("chat.postEphemeral") {
			got = append(got, e.Form.Get("user")+": "+e.Form.Get("text"))
		}
		return strings.Join(got, "\n")
	}
	// Refusals are posted at once, apart from the outbox.
	bottest.WaitFor(t, func() bool { return strings.Contains(answers(), "U4: ") })
	all := answers()
	for _, want := range []string{"U2: Your vote is recorded: A1, A11, A12.", "U3: You can choose at most 3.", "U4: You are not on the voting register"} {
		if !strings.Contains(all, want) {
			t.Errorf("private answers lack %q:\n%s", want, all)
		}
	}
}
