package bot_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

func benchBot(b *testing.B) (*bot.Bot, *typed.Store) { return benchBotWith(b, false) }

// benchBotWith starts a meeting with a poll; with register, the poll is
// for a set register of 20,000 members (v0, v1, …).
func benchBotWith(b *testing.B, register bool) (*bot.Bot, *typed.Store) {
	b.Helper()
	s, err := typed.Open(bolt.Open(filepath.Join(b.TempDir(), "bench.db")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	bt, err := bot.New(s, bot.Options{Clock: bot.NewManualClock(facilitationEpoch)})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	do := func(text string) {
		if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "chair", Text: text}); err != nil || r.Refused {
			b.Fatalf("%s: %v %+v", text, err, r)
		}
	}
	do("start")
	poll := `poll "Q?" "A" "B" "C"`
	if register {
		do("register open")
		err := s.Update(ctx, func(tx bot.Tx) error {
			for i := range 20_000 {
				if _, err := tx.SetRegistered("1", bot.Person{ID: fmt.Sprintf("v%d", i), Name: "V"}, true); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		do("here")
		do("register close")
		poll += " --register"
	}
	do(poll)
	return bt, s
}

// BenchmarkCommand is one write command (raise a hand, then lower it) through
// parse, transaction and render: the core of docs/benchmarks.md's command target.
func BenchmarkCommand(b *testing.B) {
	bt, _ := benchBot(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		text := "hand"
		if i%2 == 1 {
			text = "lower"
		}
		if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "u", Text: text}); err != nil || r.Refused {
			b.Fatalf("%s: %v %+v", text, err, r)
		}
	}
}

// BenchmarkReadCommand is a read-only command (show the queue).
func BenchmarkReadCommand(b *testing.B) {
	bt, _ := benchBot(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "u", Text: "queue"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVote casts votes by distinct voters on one poll, one
// transaction each, as a vote storm does without grouping.
func BenchmarkVote(b *testing.B) { benchmarkVote(b, false) }

func benchmarkVote(b *testing.B, register bool) {
	bt, _ := benchBotWith(b, register)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: fmt.Sprintf("v%d", i), Action: &chat.Action{ID: chat.ActionVote, Value: "1:2"}})
		if err != nil || r.Refused {
			b.Fatalf("vote: %v %+v", err, r)
		}
	}
}

// BenchmarkVoteStorm casts votes by distinct voters on one poll from 64
// goroutines at once, as clicks arrive in a storm: the votes are grouped
// into shared transactions. cpu-µs/op is the process's CPU time per vote
// (both cores), the figure the storm's cpu_ratio compares.
func BenchmarkVoteStorm(b *testing.B) {
	bt, _ := benchBot(b)
	ctx := context.Background()
	var voters atomic.Int64
	b.SetParallelism(32)
	cpu0 := bottest.CPUTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := voters.Add(1)
			sig := sha256.Sum256(fmt.Append(nil, i)) // as random as a real signature
			r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: fmt.Sprintf("v%d", i), EventID: fmt.Sprintf("%s%d:v0=%x", bot.ReplayPrefix, facilitationEpoch.Unix(), sig),
				Action: &chat.Action{ID: chat.ActionVote, Value: "1:2"}})
			if err != nil || r.Refused {
				b.Errorf("vote: %v %+v", err, r)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64((bottest.CPUTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}
