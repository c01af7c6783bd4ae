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

// Only Slack's own mention markup names someone: a user who types
// "<@UNEWBIE|Embezzler>" (which Slack sends escaped) names nobody, and
// the minutes call nobody "Embezzler" (issue 26, finding 7).
func TestTypedMentionNamesNobody(t *testing.T) {
	r := newRig(t)
	r.command("U1", "/klubba", "start")
	m := decodeMsg(t, r.command("U1", "/klubba", `action &lt;@UNEWBIE|Embezzler&gt; "Buy a boat"`))
	if !strings.Contains(m.Text, "Name the person with @") {
		t.Errorf("a typed mention was taken for a person: %q", m.Text)
	}
	r.command("U1", "/klubba", `note "&lt;@UNEWBIE|Embezzler&gt; was here"`)
	r.command("U1", "/klubba", `action <@U2|bo> "Sell the boat"`)
	md := decodeMsg(t, r.command("U1", "/klubba", "minutes")).Text
	if strings.Contains(md, "Buy a boat") || !strings.Contains(md, "## Action items\n\nbo\n\n- Sell the boat") {
		t.Errorf("minutes = %q, want only bo's action", md)
	}
	if !strings.Contains(md, "@UNEWBIE|Embezzler&gt; was here") {
		t.Errorf("the typed text did not stay as typed in the note: %q", md)
	}
	if strings.Contains(md, "Participants: 3") {
		t.Errorf("a typed mention added a participant: %q", md)
	}
}
