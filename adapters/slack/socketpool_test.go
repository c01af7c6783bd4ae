package slack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot"
	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// inFlight is a handler that counts the requests it handles at once and
// holds each until enough are in flight (or a while has passed), so that
// a serial loop shows as a peak of 1.
type inFlight struct {
	slackbot.Handler
	now, peak atomic.Int64
	want      int64
}

func (h *inFlight) Handle(ctx context.Context, req bot.Request) (bot.Response, error) {
	n := h.now.Add(1)
	defer h.now.Add(-1)
	for {
		p := h.peak.Load()
		if n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	for deadline := time.Now().Add(time.Second); h.peak.Load() < h.want && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	return h.Handler.Handle(ctx, req)
}

type acks struct {
	mu  sync.Mutex
	ids []string
}

func (a *acks) AckCtx(_ context.Context, id string, _ any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ids = append(a.ids, id)
	return nil
}

func (a *acks) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.ids)
}

// voteEnvelope is a Socket Mode interactive envelope: a vote click,
// shaped as Slack sends it, with a response_url under base.
func voteEnvelope(t *testing.T, base string, n int, value string) socketmode.Event {
	payload := fmt.Sprintf(`{"type":"block_actions","user":{"id":"V%d","username":"v%d","team_id":"T0001"},
	  "team":{"id":"T0001","domain":"example"},"channel":{"id":"C2147483705","name":"test"},
	  "container":{"type":"message","message_ts":"1700000000.000002","channel_id":"C2147483705"},
	  "trigger_id":"1.2.%d","response_url":"%s/actions/T0001/1/%d",
	  "actions":[{"action_id":"poll.vote","block_id":"b1","value":%q,"type":"button","action_ts":"1700000001.000000"}]}`, n, n, n, base, n, value)
	var cb goslack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		t.Fatal(err)
	}
	return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb,
		Request: &socketmode.Request{Type: "interactive", EnvelopeID: fmt.Sprintf("env-%d", n)}}
}

func TestSocketModeHandlesEnvelopesConcurrently(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/klubba", `poll "Lunch?" "Pizza" "Sushi"`)
	const workers, votes = 4, 24
	h := &inFlight{Handler: r.bot, want: workers}
	srv := slackbot.NewServer(slackbot.Options{Bot: h, SigningSecret: secret, Now: r.clock.Now, Logger: discard,
		AllowResponseURL: func(string) bool { return true }})
	events := make(chan socketmode.Event)
	a := &acks{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.ServeSocket(ctx, events, a, workers) }()
	for i := range votes {
		events <- voteEnvelope(t, r.slack.srv.URL, i, "1:1")
	}
	close(events)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := h.peak.Load(); got != workers {
		t.Errorf("at most %d envelopes were handled at once, want %d (bounded, and concurrent)", got, workers)
	}
	if got := a.count(); got != votes {
		t.Errorf("%d envelopes acknowledged, want %d", got, votes)
	}
	if err := srv.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.answers(""); len(got) != votes {
		t.Errorf("%d votes confirmed through response URLs, want %d", len(got), votes)
	}
	// Every vote counts: the poll card shows them all.
	r.deliverAll(20)
	var last string
	for _, c := range r.slack.Calls("") {
		if strings.Contains(c.text(), "Lunch?") {
			last = c.text()
		}
	}
	if !strings.Contains(last, fmt.Sprintf("%d votes", votes)) {
		t.Errorf("last poll card = %s, want %d votes", last, votes)
	}
}

// payloadAcks records the payloads of acknowledgements.
type payloadAcks struct {
	mu       sync.Mutex
	payloads []any
}

func (a *payloadAcks) AckCtx(_ context.Context, _ string, payload any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.payloads = append(a.payloads, payload)
	return nil
}

// TestSocketModeViewSubmission: over Socket Mode a modal's field errors
// go back in the envelope's acknowledgement, and a valid submission is
// acknowledged empty (the modal closes) and makes the poll.
func TestSocketModeViewSubmission(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	events := make(chan socketmode.Event, 2)
	for i, options := range []string{"Only one", "Pizza\nSushi"} {
		payload := fmt.Sprintf(`{"type":"view_submission","team":{"id":"T0001"},"user":{"id":"U1","team_id":"T0001"},
		  "view":{"id":"V1","type":"modal","callback_id":"klubba.poll","private_metadata":"{\"channel\":\"slack:T0001/C2147483705\"}",
		    "state":{"values":{"question":{"question":{"type":"plain_text_input","value":"Lunch?"}},
		      "options":{"options":{"type":"plain_text_input","value":%q}},
		      "kind":{"kind":{"type":"static_select","selected_option":{"value":"single"}}},
		      "visibility":{"visibility":{"type":"radio_buttons","selected_option":{"value":"open"}}},
		      "close":{"close":{"type":"plain_text_input","value":null}}}}}}`, options)
		var cb goslack.InteractionCallback
		if err := json.Unmarshal([]byte(payload), &cb); err != nil {
			t.Fatal(err)
		}
		events <- socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb,
			Request: &socketmode.Request{Type: "interactive", EnvelopeID: fmt.Sprintf("env-%d", i)}}
	}
	close(events)
	a := &payloadAcks{}
	if err := r.server.ServeSocket(context.Background(), events, a, 1); err != nil {
		t.Fatal(err)
	}
	if len(a.payloads) != 2 {
		t.Fatalf("acks = %v", a.payloads)
	}
	js, _ := json.Marshal(a.payloads[0])
	if !strings.Contains(string(js), `"response_action":"errors"`) || !strings.Contains(string(js), `"options"`) {
		t.Errorf("the invalid submission's ack = %s, want errors on options", js)
	}
	if a.payloads[1] != nil {
		t.Errorf("the valid submission's ack = %v, want none", a.payloads[1])
	}
	r.deliverAll(5)
	if last := r.slack.Calls("chat.postMessage"); !strings.Contains(last[len(last)-1].text(), "Lunch?") {
		t.Errorf("no poll made: %s", last[len(last)-1].text())
	}
}
