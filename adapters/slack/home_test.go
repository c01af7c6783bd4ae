package slack_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/internal/golden"
	goslack "github.com/slack-go/slack"
)

// newSurfacesRig is a rig whose server opens views, publishes the Home
// tab and unfurls, with the one token.
func newSurfacesRig(t *testing.T) *rig {
	r := newRig(t)
	api := goslack.New("xoxb-test", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.server = slackbot.NewServer(slackbot.Options{Bot: r.bot, SigningSecret: secret, Now: r.clock.Now, Logger: discard, Views: api, APIURL: r.slack.srv.URL + "/api/"})
	r.mux = http.NewServeMux()
	r.server.Register(r.mux)
	return r
}

// event posts an Events API callback, signed.
func (r *rig) event(id, inner string) {
	r.t.Helper()
	body := fmt.Sprintf(`{"type":"event_callback","team_id":"T0001","api_app_id":"A123456","event_id":%q,"event_time":1700000000,"event":%s}`, id, inner)
	if w := r.post("/slack/events", "application/json", body, nil); w.Code != http.StatusOK {
		r.t.Fatalf("event %s: %d %s", id, w.Code, w.Body)
	}
}

// TestAppHome: opening Klubba's Home tab publishes the person's running
// meetings, each with its open polls and what they voted (nothing of a
// secret ballot), and the templates, in the meeting's language; the
// view is golden.
func TestAppHome(t *testing.T) {
	for _, lang := range []string{"en", "sv"} {
		t.Run(lang, func(t *testing.T) {
			r := newSurfacesRig(t)
			r.command("UANN", "/klubba", "lang "+lang)
			r.command("UANN", "/klubba", `start board "Board meeting"`)
			r.command("UANN", "/klubba", `poll "Lunch?" "Pizza" "Sushi"`)
			r.command("UANN", "/klubba", `poll "Treasurer?" "Ann" "Bo" --secret`)
			r.command("UANN", "/klubba", `poll "Coffee?" "Yes" "No"`)
			r.command("UBO", "/klubba", "vote #1 2")
			r.command("UBO", "/klubba", "vote #2 1")
			r.event("EvH1", `{"type":"app_home_opened","user":"UBO","channel":"D123","tab":"home","event_ts":"1700000000.1"}`)
			calls := r.slack.Calls("views.publish")
			if len(calls) != 1 {
				t.Fatalf("views.publish called %d times", len(calls))
			}
			var req struct {
				UserID string          `json:"user_id"`
				View   json.RawMessage `json:"view"`
			}
			json.Unmarshal([]byte(calls[0].Form.Get("json")), &req)
			if req.UserID != "UBO" || calls[0].Token != "xoxb-test" {
				t.Errorf("published for %q with %q", req.UserID, calls[0].Token)
			}
			for _, line := range strings.Split(string(req.View), `\n`) {
				if strings.Contains(line, "Treasurer?") && (strings.Contains(line, "voted:") || strings.Contains(line, "röstade:")) {
					t.Errorf("the secret ballot's vote shows: %s", line)
				}
			}
			golden.Check(t, "home-"+lang+".json", indent(t, req.View))

			// The Messages tab, and someone in no meeting.
			r.event("EvH2", `{"type":"app_home_opened","user":"UBO","channel":"D123","tab":"messages","event_ts":"1700000000.2"}`)
			r.event("EvH3", `{"type":"app_home_opened","user":"UCY","channel":"D124","tab":"home","event_ts":"1700000000.3"}`)
			calls = r.slack.Calls("views.publish")
			// (Of someone in no meeting the language is not known: the bot's.)
			if len(calls) != 2 || !strings.Contains(calls[1].Form.Get("json"), "You are in no running meeting") {
				t.Errorf("home of someone in no meeting: %d calls, %v", len(calls), calls)
			}
		})
	}
}

// boardLink is the live board's link in a reply.
var boardLink = regexp.MustCompile(`/board/[A-Za-z0-9_-]+`)

// TestBoardUnfurl: a live board's link posted in a channel unfurls into
// the board's summary (chat.unfurl); the summary is golden. Other links,
// and a revoked board's, are left alone.
func TestBoardUnfurl(t *testing.T) {
	r := newSurfacesRig(t)
	r.command("UANN", "/klubba", `start board "Board meeting"`)
	r.command("UBO", "/klubba", "hand")
	r.command("UCY", "/klubba", "hand")
	r.command("UANN", "/klubba", "next")
	r.command("UANN", "/klubba", `poll "Lunch?" "Pizza" "Sushi"`)
	w := r.command("UANN", "/klubba", "board")
	token := boardLink.FindString(w.Body.String())
	if token == "" {
		r.deliverAll(5)
		for _, c := range r.slack.Calls("") {
			if tok := boardLink.FindString(c.text()); tok != "" {
				token = tok
			}
		}
	}
	if token == "" {
		t.Fatalf("no board link in the answer %s", w.Body)
	}
	link := "https://klubba.example.org" + token
	r.event("EvL1", fmt.Sprintf(`{"type":"link_shared","channel":"C2147483705","user":"UBO","message_ts":"1700000100.000200","source":"conversations_history",
	  "links":[{"domain":"klubba.example.org","url":%q},{"domain":"klubba.example.org","url":"https://klubba.example.org/about"}],"event_ts":"1700000100.1"}`, link))
	calls := r.slack.Calls("chat.unfurl")
	if len(calls) != 1 || calls[0].Form.Get("channel") != "C2147483705" || calls[0].Form.Get("ts") != "1700000100.000200" {
		t.Fatalf("chat.unfurl calls %+v", calls)
	}
	var unfurls map[string]json.RawMessage
	if err := json.Unmarshal([]byte(calls[0].Form.Get("unfurls")), &unfurls); err != nil || len(unfurls) != 1 {
		t.Fatalf("unfurls %s: %v", calls[0].Form.Get("unfurls"), err)
	}
	golden.Check(t, "unfurl-board.json", indent(t, unfurls[link]))

	// A link that is no board is not unfurled.
	r.event("EvL2", `{"type":"link_shared","channel":"C2147483705","user":"UBO","message_ts":"1700000100.000300","links":[{"domain":"klubba.example.org","url":"https://klubba.example.org/board/nope"}],"event_ts":"1700000100.2"}`)
	if n := len(r.slack.Calls("chat.unfurl")); n != 1 {
		t.Errorf("an unknown board's link was unfurled (%d calls)", n)
	}
}

// indent is JSON indented as the goldens keep it, with <, > and & as
// they are.
func indent(t *testing.T, js []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
	return b.Bytes()
}

// TestAppHomeSchedules: the Home tab lists the meetings planned that
// concern the person (one they chair, or one of a channel whose last
// meeting they took part in), with the channel, the next occurrence in
// words and the recurrence, in the channel's language; someone who never
// met in that channel does not see it.
func TestAppHomeSchedules(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		wants []string
	}{
		{"en", []string{"Planned meetings", "*Annual meeting* · <#C2>", "Friday 2027-01-15 at 18:00 (UTC)", "Every month"}},
		{"sv", []string{"Planerade möten", "*Annual meeting* · <#C2>", "fredag 2027-01-15 kl. 18.00 (UTC)", "Varje månad"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := newSurfacesRig(t)
			r.commandIn("C2", "UANN", "lang "+tc.lang)
			r.commandIn("C2", "UANN", "start board")
			r.commandIn("C2", "UBO", "hand")
			r.commandIn("C2", "UANN", "end --force")
			r.commandIn("C2", "UANN", `schedule board "Annual meeting" 2027-01-15 18:00 --every month`)
			home := func(id, user string) string {
				t.Helper()
				before := len(r.slack.Calls("views.publish"))
				r.event(id, fmt.Sprintf(`{"type":"app_home_opened","user":%q,"channel":"D1","tab":"home","event_ts":"1700000000.1"}`, user))
				calls := r.slack.Calls("views.publish")
				if len(calls) != before+1 {
					t.Fatalf("views.publish for %s: %d calls", user, len(calls)-before)
				}
				var req struct {
					View json.RawMessage `json:"view"`
				}
				json.Unmarshal([]byte(calls[before].Form.Get("json")), &req)
				var v struct {
					Blocks []struct {
						Text struct{ Text string } `json:"text"`
					} `json:"blocks"`
				}
				json.Unmarshal(req.View, &v)
				var lines []string
				for _, b := range v.Blocks {
					lines = append(lines, b.Text.Text)
				}
				return strings.Join(lines, "\n")
			}
			for _, who := range []string{"UANN", "UBO"} {
				got := home("Ev"+who, who)
				for _, want := range tc.wants {
					if !strings.Contains(got, want) {
						t.Errorf("%s's home lacks %q:\n%s", who, want, got)
					}
				}
			}
			if got := home("EvUCY", "UCY"); strings.Contains(got, "Annual meeting") {
				t.Errorf("the home of someone who never met in C2 shows its planned meeting:\n%s", got)
			}
		})
	}
}

// TestSlowSlackStillAnswered: a Web API that does not answer does not
// keep Slack's own request waiting past the 3 seconds it gives: the
// Home tab's event and a shortcut's modal are answered, the publish and
// the open given up.
func TestSlowSlackStillAnswered(t *testing.T) {
	r := newSurfacesRig(t)
	r.slack.hang = func(method string) bool { return method == "views.publish" || method == "views.open" }
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		r.event("EvH9", `{"type":"app_home_opened","user":"UBO","channel":"D123","tab":"home","event_ts":"1700000000.9"}`)
		r.command("UANN", "/kpoll", "")
	}()
	select {
	case <-answered:
	case <-time.After(20 * time.Second):
		t.Fatal("Slack's request waits for a Web API call that never returns")
	}
}
