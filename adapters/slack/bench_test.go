package slack_test

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkClickVote is a vote by a new voter, clicked: the signed
// request through the HTTP handler, the vote on a bbolt file, the
// clicker's answer and, every 50 votes, a round of delivery (the poll's
// edit, and whatever else the votes put in the outbox). Its allocations
// are the adapter's, the bot's and bbolt's per vote.
func BenchmarkClickVote(b *testing.B) {
	r := newDurableRig(b)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Lunch?" "Pizza" "Sushi"`)
	r.deliverAll(5)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.click(fmt.Sprintf("V%06d", i), "poll.vote#1", fmt.Sprintf("1:%d", 1+i%2))
		if i++; i%50 == 0 {
			r.deliver.Round(context.Background())
		}
	}
	r.deliverAll(5)
}

// BenchmarkSlashCommand is a slash command (hand, then lower) by one of
// 50 people, through the HTTP handler, with a round of delivery every 50.
func BenchmarkSlashCommand(b *testing.B) {
	r := newDurableRig(b)
	r.command("U1", "/klubba", "start")
	r.deliverAll(5)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		text := "hand"
		if i/50%2 == 1 {
			text = "lower"
		}
		r.command(fmt.Sprintf("U%d", 2+i%50), "/klubba", text)
		if i++; i%50 == 0 {
			r.deliver.Round(context.Background())
		}
	}
}
