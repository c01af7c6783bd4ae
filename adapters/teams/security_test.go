package teams_test

import (
	"context"
	"strings"
	"testing"

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
