package bot_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// docs/benchmarks.md "Big meetings": with 2,000 people waiting in one queue,
// hand, next and rendering the queue each take under 5 ms on tmpfs; a
// poll of 5,000 votes closes in under 10 ms. These benchmarks measure
// them at 100, 500 and 2,000 people:
//
//	go test -run '^$' -bench 'Big' -benchtime 20x ./bot/

// tmpfsDir is a directory on tmpfs where there is one (/dev/shm), so
// that the figures are of Klubba's work and not of the disk's fsync.
func tmpfsDir(b testing.TB) string {
	b.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "klubba-bench")
		if err == nil {
			b.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return b.TempDir()
}

// bigMeeting starts a meeting on tmpfs with n people waiting to speak,
// each of whom has already spoken once (a history of n turns).
func bigMeeting(b *testing.B, n int) (*bot.Bot, *typed.Store) {
	b.Helper()
	s, err := typed.Open(bolt.Open(tmpfsDir(b) + "/big.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	clock := bot.NewManualClock(facilitationEpoch)
	bt, err := bot.New(s, bot.Options{Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "chair", Text: "start"}); err != nil || r.Refused {
		b.Fatalf("start: %v %+v", err, r)
	}
	err = s.Update(ctx, func(tx bot.Tx) error {
		m, err := tx.Running("c")
		if err != nil {
			return err
		}
		q := m.Queue()
		for i := range n {
			who := fmt.Sprintf("p%04d", i)
			if err := tx.SeePerson(m.ID, bot.Person{ID: who, Name: "Person " + who}); err != nil {
				return err
			}
			if _, err := q.Ask(who, facilitation.Speak, clock.Now()); err != nil {
				return err
			}
			if _, _, err := q.Next(clock.Now()); err != nil {
				return err
			}
		}
		q.Stop(clock.Now())
		for i := range n {
			if _, err := q.Ask(fmt.Sprintf("p%04d", i), facilitation.Speak, clock.Now().Add(1)); err != nil {
				return err
			}
		}
		return tx.PutMeeting(m)
	})
	if err != nil {
		b.Fatal(err)
	}
	return bt, s
}

var bigSizes = []int{100, 500, 2000}

// cpuClock sums this process's CPU time (user and system, all threads:
// the GC's workers too) over the timed parts of a benchmark, and reports
// it per operation as cpu-ms/op: on shared cores, where ns/op counts the
// time spent waiting for a core, it counts the work alone.
type cpuClock struct {
	b     *testing.B
	sum   time.Duration
	start time.Duration
}

func newCPUClock(b *testing.B) *cpuClock { c := &cpuClock{b: b}; c.start = processCPU(); return c }

// stop pauses the benchmark's timer and the CPU clock.
func (c *cpuClock) stop() { c.b.StopTimer(); c.sum += processCPU() - c.start }

// resume starts them again.
func (c *cpuClock) resume() { c.start = processCPU(); c.b.StartTimer() }

// report ends the clock and reports its figure.
func (c *cpuClock) report() {
	c.sum += processCPU() - c.start
	c.b.ReportMetric(float64(c.sum.Microseconds())/1000/float64(c.b.N), "cpu-ms/op")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBigHand raises a newcomer's hand (and lowers it, untimed)
// in a queue of n waiting.
func BenchmarkBigHand(b *testing.B) {
	for _, n := range bigSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			bt, _ := bigMeeting(b, n)
			ctx := context.Background()
			cpu := newCPUClock(b)
			for b.Loop() {
				if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "newcomer", Text: "hand"}); err != nil || r.Refused {
					b.Fatalf("hand: %v %+v", err, r)
				}
				cpu.stop()
				if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "newcomer", Text: "lower"}); err != nil || r.Refused {
					b.Fatalf("lower: %v %+v", err, r)
				}
				cpu.resume()
			}
			cpu.report()
		})
	}
}

// BenchmarkBigNext gives the floor to the next of n waiting (and puts
// the speaker back in the queue, untimed).
func BenchmarkBigNext(b *testing.B) {
	for _, n := range bigSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			bt, _ := bigMeeting(b, n)
			ctx := context.Background()
			cpu := newCPUClock(b)
			for i := 0; b.Loop(); i++ {
				if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "chair", Text: "next"}); err != nil || r.Refused {
					b.Fatalf("next: %v %+v", err, r)
				}
				cpu.stop()
				who := fmt.Sprintf("p%04d", i%n)
				bt.Handle(ctx, bot.Request{Channel: "c", User: who, Text: "hand"})
				cpu.resume()
			}
			cpu.report()
		})
	}
}

// BenchmarkBigRenderQueue renders the queue of n waiting, as the
// delivery worker does for the queue message (Bot.Render).
func BenchmarkBigRenderQueue(b *testing.B) {
	for _, n := range bigSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			bt, _ := bigMeeting(b, n)
			ctx := context.Background()
			cpu := newCPUClock(b)
			for b.Loop() {
				if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "chair", Text: "queue"}); err != nil || r.Refused || len(r.Replies) == 0 {
					b.Fatalf("queue: %v %+v", err, r)
				}
			}
			cpu.report()
		})
	}
}

// BenchmarkBigPollClose closes a poll holding 5,000 votes (the votes
// are cast untimed, each in its own command; the garbage they leave is
// collected before the close is timed, so that the close does not pay
// for the collection of the setup's 300 MB).
func BenchmarkBigPollClose(b *testing.B) {
	const votes = 5000
	bt, _ := bigMeeting(b, 0)
	ctx := context.Background()
	cpu := newCPUClock(b)
	for b.Loop() {
		cpu.stop()
		if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "chair", Text: `poll "Q?" "A" "B" "C"`}); err != nil || r.Refused {
			b.Fatalf("poll: %v %+v", err, r)
		}
		for i := range votes {
			if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: fmt.Sprintf("v%d", i), Text: fmt.Sprint("vote ", 1+i%3)}); err != nil || r.Refused {
				b.Fatalf("vote: %v %+v", err, r)
			}
		}
		runtime.GC()
		cpu.resume()
		if r, err := bt.Handle(ctx, bot.Request{Channel: "c", User: "chair", Text: "poll close"}); err != nil || r.Refused {
			b.Fatalf("poll close: %v %+v", err, r)
		}
	}
	cpu.report()
}
