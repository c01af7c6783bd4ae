package teams_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot"
)

// pollClosed reports whether poll id is closed.
func (r *rig) pollClosed(id int64) bool {
	r.t.Helper()
	closed := false
	r.store.View(context.Background(), func(tx bot.Tx) error {
		p, err := tx.Poll(id)
		if err != nil {
			r.t.Fatal(err)
		}
		closed = p.Closed
		return nil
	})
	return closed
}

// A member who demanded a votering cannot close it with the card's Close
// button (Action.Execute) or a mention (issue 26, finding 1).
func TestVoteringCloseExecuteRefused(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "bo", `propose "att köpa en båt"`), nil)
	r.send(channelMessage("m3", "ann", "proposition"), nil)
	r.send(channelMessage("m4", "ann", "declare 1"), nil)
	r.send(channelMessage("m5", "bo", "demand vote"), nil)
	r.send(execute("f:1", "bo", "activity-2", "poll.vote", map[string]string{"action": "poll.vote", "value": "1:2"}), nil)
	w := r.send(execute("f:2", "bo", "activity-2", "poll.close", map[string]string{"action": "poll.close", "value": "1"}), nil)
	if _, _, text := invokeAnswer(t, w.Body.String()); !strings.Contains(text, "This poll belongs to the meeting: only the chair") {
		t.Errorf("Close by the member answered %q, want the refusal", text)
	}
	r.send(channelMessage("m6", "bo", "poll close"), nil)
	if r.pollClosed(1) {
		t.Fatal("the member closed the votering")
	}
	r.send(execute("f:3", "ann", "activity-2", "poll.close", map[string]string{"action": "poll.close", "value": "1"}), nil)
	if !r.pollClosed(1) {
		t.Error("the chair's Close did not close the votering")
	}
}

// withEntities is a channel message whose entities are replaced by the
// JSON list entities (the bot's own mention first).
func withEntities(id, from, text, entities string) string {
	act := channelMessage(id, from, text)
	start := strings.Index(act, `"entities": [`)
	end := strings.Index(act[start:], "],\n") + start
	return act[:start] + `"entities": [{"mentioned": {"id": "28:` + appID + `", "name": "Klubba"}, "text": "<at>Klubba</at>", "type": "mention"},` +
		entities + "]" + act[end+1:]
}

// One activity with thousands of mention entities costs at most
// maxMentions connector calls, and an entity whose text is "@" mentions
// nobody (issue 26, finding 6).
func TestManyMentionEntitiesBounded(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	var ents, text strings.Builder
	for i := range 2000 {
		if i > 0 {
			ents.WriteString(",")
		}
		fmt.Fprintf(&ents, `{"mentioned": {"id": "29:u%d", "name": "U%d"}, "text": "<at>U%d</at>", "type": "mention"}`, i, i, i)
		fmt.Fprintf(&text, " <at>U%d</at>", i)
	}
	for i := range 50 {
		fmt.Fprintf(&ents, `,{"mentioned": {"id": "29:at%d", "name": "At"}, "text": "@", "type": "mention"}`, i)
	}
	act := withEntities("m2", "ann", "register add @ "+text.String(), ents.String())
	if len(act) < 160_000 {
		t.Fatalf("the activity is only %d bytes", len(act))
	}
	before := len(r.fake.Calls("GET "))
	if w := r.send(act, nil); w.Code != http.StatusOK {
		t.Fatalf("activity: %d %s", w.Code, w.Body)
	}
	lookups := r.fake.Calls("GET ")[before:]
	if len(lookups) > 100 {
		t.Errorf("%d member lookups for one activity, want at most 100", len(lookups))
	}
	for _, c := range lookups {
		if strings.Contains(c.Path, "29:at") {
			t.Errorf("an entity whose text is @ was looked up: %s", c.Path)
		}
	}
	// The same member mentioned 2,000 times is looked up once.
	ents.Reset()
	text.Reset()
	for i := range 2000 {
		if i > 0 {
			ents.WriteString(",")
		}
		ents.WriteString(`{"mentioned": {"id": "29:bo", "name": "Bo"}, "text": "<at>Bo</at>", "type": "mention"}`)
		text.WriteString(" <at>Bo</at>")
	}
	before = len(r.fake.Calls("GET "))
	r.send(withEntities("m3", "ann", "register add"+text.String(), ents.String()), nil)
	if n := len(r.fake.Calls("GET ")) - before; n > 1 {
		t.Errorf("%d lookups of one member mentioned 2,000 times, want at most 1", n)
	}
}

// countingHandler counts the records logged at warning level or above.
type countingHandler struct{ n *atomic.Int64 }

func (h countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h countingHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn {
		h.n.Add(1)
	}
	return nil
}
func (h countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countingHandler) WithGroup(string) slog.Handler      { return h }

// Lookups that fail for a flood of mentions are logged a few times, not
// once each (issue 26, finding 6).
func TestMentionWarningsSampled(t *testing.T) {
	r := newRig(t)
	var warned atomic.Int64
	app, err := teams.New(teams.Config{
		AppID: appID, AppPassword: "app-password", TenantID: "tenant",
		OpenIDMetadataURL: r.fake.srv.URL + "/openid", TokenURL: r.fake.srv.URL + "/tenant/oauth2/v2.0/token",
		Bot: r.bot, Store: r.store, Keys: r.store.Space("teams"), Clock: r.clock, Logger: slog.New(countingHandler{&warned}),
	})
	if err != nil {
		t.Fatal(err)
	}
	r.app, r.mux = app, http.NewServeMux()
	app.Register(r.mux)
	r.fake.mu.Lock()
	r.fake.fail = func(method, path string) (int, string, bool) {
		return http.StatusInternalServerError, "", method == http.MethodGet && strings.Contains(path, "/members/")
	}
	r.fake.mu.Unlock()
	r.send(channelMessage("m1", "ann", "start"), nil)
	var ents, text strings.Builder
	for i := range 500 {
		if i > 0 {
			ents.WriteString(",")
		}
		fmt.Fprintf(&ents, `{"mentioned": {"id": "29:u%d", "name": "U%d"}, "text": "<at>U%d</at>", "type": "mention"}`, i, i, i)
		fmt.Fprintf(&text, " <at>U%d</at>", i)
	}
	r.send(withEntities("m2", "ann", "register add"+text.String(), ents.String()), nil)
	if n := warned.Load(); n > 5 || n == 0 {
		t.Errorf("%d warnings logged for one activity, want a sample", n)
	}
}
