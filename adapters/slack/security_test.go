package slack_test

import (
	"context"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
)

// pollClosed reports whether poll id of the test channel is closed.
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

// A member who demanded a votering cannot close it with the poll's Close
// button, a signed block_actions click (issue 26, finding 1).
func TestVoteringCloseClickRefused(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	r.command("U2", "/klubba", `propose "att köpa en båt"`)
	r.command("U1", "/klubba", "proposition")
	r.command("U1", "/klubba", "declare 1")
	r.command("U2", "/klubba", "demand vote")
	r.click("U2", "poll.vote#1", "1:2")
	r.click("U2", "poll.close#1", "1")
	if got := strings.Join(r.answers("U2"), "\n"); !strings.Contains(got, "This poll belongs to the meeting: only the chair") {
		t.Errorf("answers to U2 = %q, want the refusal", got)
	}
	if r.pollClosed(1) {
		t.Fatal("the member's click closed the votering")
	}
	m := decodeMsg(t, r.command("U2", "/poll", "close"))
	if !strings.Contains(m.Text, "only the chair") || r.pollClosed(1) {
		t.Errorf("/poll close by the member = %q, closed %v", m.Text, r.pollClosed(1))
	}
	r.click("U1", "poll.close#1", "1")
	if !r.pollClosed(1) {
		t.Error("the chair's click did not close the votering")
	}
}
