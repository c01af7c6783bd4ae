package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
)

// TestClickAnsweredInTheResponse: a click that its platform can answer
// through the interaction itself (Slack's response_url, Teams' invoke
// response) runs with RouteShared. The voter's confirmation then comes
// back in the Response, and the outbox gets only what the room sees, the
// poll's edit; with RouteAll (no such answer) the confirmation goes
// through the outbox to the voter as before. A refusal comes back the
// same way, and nothing of it is stored.
func TestClickAnsweredInTheResponse(t *testing.T) {
	ctx := context.Background()
	store := typed.New(mem.New())
	b, err := bot.New(store, bot.Options{Clock: bottest.NewManualClock(bottest.Epoch)})
	if err != nil {
		t.Fatal(err)
	}
	const ch = "test:c"
	for _, text := range []string{"start", `poll "Lunch?" "Pizza" "Sushi"`} {
		if r, err := b.Handle(ctx, bot.Request{Channel: ch, User: "chair", Text: text, Route: bot.RouteShared}); err != nil || r.Refused {
			t.Fatalf("%s: %+v, %v", text, r, err)
		}
	}
	pending := func() []bot.Outgoing {
		out, err := store.Pending(ctx, "test", 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := len(pending())

	vote := func(user, value string, route bot.Route) bot.Response {
		t.Helper()
		r, err := b.Handle(ctx, bot.Request{Channel: ch, User: user, UserName: user, Route: route,
			Action: &chat.Action{ID: chat.ActionVote, Value: value}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := vote("ann", "1:2", bot.RouteShared)
	if len(r.Replies) != 1 || r.Replies[0].To != chat.Caller || !strings.Contains(r.Replies[0].Message.Text, "Sushi") {
		t.Errorf("RouteShared vote answered %+v, want the caller's confirmation", r)
	}
	added := pending()[before:]
	if len(added) != 1 || !added[0].Reply.Refresh || !strings.HasPrefix(added[0].Reply.Key, "poll/") {
		t.Errorf("RouteShared vote put %+v in the outbox, want only the poll's edit", added)
	}

	before = len(pending())
	if r := vote("bob", "1:1", bot.RouteAll); len(r.Replies) != 0 {
		t.Errorf("RouteAll vote answered %+v, want nothing", r)
	}
	var toBob int
	for _, o := range pending()[before:] {
		if o.Reply.To == chat.Recipient && o.Reply.User == "bob" && strings.Contains(o.Reply.Message.Text, "Pizza") {
			toBob++
		}
	}
	if toBob != 1 {
		t.Errorf("RouteAll vote put %+v in the outbox, want bob's confirmation", pending()[before:])
	}

	before = len(pending())
	r = vote("cy", "1:9", bot.RouteShared)
	if !r.Refused || len(r.Replies) != 1 || r.Replies[0].To != chat.Caller {
		t.Errorf("RouteShared vote for no option answered %+v, want a refusal to the caller", r)
	}
	if added := pending()[before:]; len(added) != 0 {
		t.Errorf("a refused vote put %+v in the outbox", added)
	}
}
