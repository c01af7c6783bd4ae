package slack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/klubba/klubba/bot"
)

// stored is the JSON of the test channel's meeting, to check that bad
// input changes nothing.
func (r *rig) stored() string {
	out := "none"
	r.store.View(context.Background(), func(tx bot.Tx) error {
		if m, err := tx.Running("slack:T0001/C2147483705"); err == nil {
			js, _ := json.Marshal(m)
			out = string(js)
		}
		return nil
	})
	return out
}

func TestBadInput(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Q?" "A" "B"`)
	r.deliverAll(5)
	before := r.stored()
	form := "application/x-www-form-urlencoded"
	cases := []struct {
		name, path, contentType, body string
		status                        int
	}{
		{"slash command without user", "/slack/commands", form, "team_id=T0001&channel_id=C1&command=%2Fklubba&text=hand", 400},
		{"slash command not a form", "/slack/commands", form, "%zz", 400},
		{"interaction not JSON", "/slack/interactions", form, "payload=%7Bnot+json", 400},
		{"interaction without payload", "/slack/interactions", form, "foo=bar", 400},
		{"block_actions without actions", "/slack/interactions", form, "payload=" + url.QueryEscape(`{"type":"block_actions","user":{"id":"U2"},"channel":{"id":"C2147483705"},"team":{"id":"T0001"}}`), 400},
		{"truncated interaction", "/slack/interactions", form, "payload=" + url.QueryEscape(`{"type":"block_actions","user":{"id":"U2"`), 400},
		{"a view submission, ignored", "/slack/interactions", form, "payload=" + url.QueryEscape(`{"type":"view_submission","user":{"id":"U2"},"view":{"id":"V1"}}`), 200},
		{"event not JSON", "/slack/events", "application/json", `{"type":"event_callback",`, 400},
		{"an event of another kind, ignored", "/slack/events", "application/json",
			`{"type":"event_callback","team_id":"T0001","event_id":"Ev9","event":{"type":"reaction_added","user":"U2","reaction":"thumbsup"}}`, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if w := r.post(c.path, c.contentType, c.body, nil); w.Code != c.status {
				t.Errorf("status %d, want %d (%s)", w.Code, c.status, w.Body)
			}
			if r.stored() != before {
				t.Error("the stored meeting changed")
			}
		})
	}
	// Clicks that Slack could send but Klubba cannot honour: a polite,
	// private word, and nothing changes.
	for _, click := range [][2]string{{"queue.explode#0", ""}, {"poll.vote#0", "1:9"}, {"poll.vote#0", "99:1"}, {"poll.vote#0", "garbage"}} {
		if w := r.click("U2", click[0], click[1]); w.Code != http.StatusOK {
			t.Errorf("click %v: status %d", click, w.Code)
		}
		if r.stored() != before {
			t.Errorf("click %v changed the stored meeting", click)
		}
	}
	polite := 0
	for _, a := range r.answers("U2") {
		if strings.Contains(a, "no longer valid") || strings.Contains(a, "There is no") {
			polite++
		}
	}
	if polite != 4 {
		t.Errorf("answers to U2 = %q, want 4 polite refusals", r.answers("U2"))
	}
}

// FuzzInteractionPayload: any payload, properly signed, gets a 200 or a
// 400 and never a panic.
func FuzzInteractionPayload(f *testing.F) {
	for _, s := range []string{
		`{"type":"block_actions","user":{"id":"U2","name":"bo"},"team":{"id":"T0001"},"channel":{"id":"C2147483705"},"actions":[{"action_id":"poll.vote#0","block_id":"b1","value":"1:1","type":"button"}]}`,
		`{"type":"block_actions","user":{"id":"U2"},"container":{"channel_id":"C2147483705"},"actions":[{"action_id":"queue.speak#0","block_id":"b1","type":"button"}]}`,
		`{"type":"view_submission"}`, `{}`, `[]`, `null`, `{"type":"block_actions","actions":[{}]}`,
	} {
		f.Add(s)
	}
	r := newRig(f)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Q?" "A" "B"`)
	f.Fuzz(func(t *testing.T, payload string) {
		r.t = t
		w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("payload %q: status %d %s", payload, w.Code, w.Body)
		}
	})
}

// FuzzEvent: any Events API body, properly signed, gets a 200 or a 400.
func FuzzEvent(f *testing.F) {
	for _, s := range []string{
		`{"type":"url_verification","challenge":"abc"}`,
		`{"type":"event_callback","team_id":"T0001","event_id":"Ev1","event":{"type":"app_mention","user":"U2","text":"<@UBOT> hand","channel":"C2147483705"}}`,
		`{"type":"event_callback","event":{"type":"app_mention"}}`, `{"type":"event_callback","event":null}`, `{}`,
	} {
		f.Add(s)
	}
	r := newRig(f)
	r.command("U1", "/klubba", "start")
	f.Fuzz(func(t *testing.T, body string) {
		r.t = t
		w := r.post("/slack/events", "application/json", body, nil)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("event %q: status %d %s", body, w.Code, w.Body)
		}
	})
}

// TestSameButtonHundredTimes: one user clicking one button 100 times at
// once has one vote; another channel's poll cannot be reached.
func TestSameButtonHundredTimes(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Q?" "A" "B"`)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			if w := r.click("U2", "poll.vote#0", "1:1"); w.Code != http.StatusOK {
				t.Errorf("click: %d", w.Code)
			}
		})
	}
	wg.Wait()
	r.store.View(context.Background(), func(tx bot.Tx) error {
		p, err := tx.Poll(1)
		if err != nil || p.Turnout() != 1 || len(p.Votes["U2"]) != 1 {
			t.Errorf("after 100 clicks: %+v, %v; want one vote", p, err)
		}
		return nil
	})
	// A click in another channel naming this channel's poll changes nothing.
	before := r.stored()
	payload := `{"type":"block_actions","user":{"id":"U9","name":"eve"},"team":{"id":"T0001"},"channel":{"id":"COTHER"},
	  "actions":[{"action_id":"poll.vote#1","block_id":"b1","value":"1:2","type":"button"}]}`
	if w := r.post("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {payload}}.Encode(), nil); w.Code != http.StatusOK {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	r.store.View(context.Background(), func(tx bot.Tx) error {
		if p, _ := tx.Poll(1); p.Turnout() != 1 {
			t.Errorf("a vote from another channel counted: turnout %d", p.Turnout())
		}
		return nil
	})
	if r.stored() != before {
		t.Error("the meeting changed")
	}
}
