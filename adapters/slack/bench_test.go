package slack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/bot/bottest"
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

// BenchmarkClickStorm is a storm of votes by new voters, clicked from 32
// goroutines at once: the signed requests through the HTTP handler, the
// votes grouped into shared bbolt transactions, and the clickers'
// answers posted to the fake Slack's response URLs. The requests are
// made and signed before the clock starts; cpu-µs/op is the process's
// CPU time per vote (both cores), the figure the storm's cpu_ratio
// compares, with the fake Slack's share in it.
func BenchmarkClickStorm(b *testing.B) {
	r := newDurableRig(b)
	r.command("U1", "/klubba", "start")
	r.command("U1", "/poll", `"Lunch?" "Pizza" "Sushi"`)
	r.deliverAll(5)
	reqs := make([]*http.Request, b.N)
	for i := range reqs {
		body := r.clickBody(fmt.Sprintf("V%06d", i), "poll.vote#1", fmt.Sprintf("1:%d", 1+i%2))
		req := httptest.NewRequest(http.MethodPost, "/slack/interactions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range slackbot.Sign(secret, []byte(body), r.clock.Now()) {
			req.Header[k] = v
		}
		reqs[i] = req
	}
	var next atomic.Int64
	b.SetParallelism(16)
	b.ReportAllocs()
	cpu0 := bottest.CPUTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			r.mux.ServeHTTP(w, reqs[next.Add(1)-1])
			if w.Code != http.StatusOK {
				b.Errorf("click: %d %s", w.Code, w.Body)
				return
			}
		}
	})
	r.answered()
	b.StopTimer()
	b.ReportMetric(float64((bottest.CPUTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}
