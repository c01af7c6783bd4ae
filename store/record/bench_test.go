package record_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
)

// bigMeeting is a meeting with n people waiting in one queue, each of
// whom has spoken once (a history of n turns): docs/benchmarks.md's big meeting.
func bigMeeting(b *testing.B, n int) *facilitation.Meeting {
	b.Helper()
	m := facilitation.New("1", "c", "Big", "chair", facilitation.Template{Agenda: []facilitation.TemplateItem{{Title: "One", Timebox: time.Hour}}}, t0)
	q := m.Queue()
	for i := range n {
		who := fmt.Sprintf("U%07d", i)
		if _, err := q.Ask(who, facilitation.Speak, at(i)); err != nil {
			b.Fatal(err)
		}
		if _, _, err := q.Next(at(i)); err != nil {
			b.Fatal(err)
		}
	}
	q.Stop(at(n))
	for i := range n {
		if _, err := q.Ask(fmt.Sprintf("U%07d", i), facilitation.Speak, at(n).Add(time.Duration(i)*time.Millisecond)); err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// BenchmarkMeeting encodes and decodes the record of a meeting with
// 2,000 waiting and a history of 2,000 turns, as every write command does:
//
//	go test -run '^$' -bench Meeting -benchmem ./store/record/
func BenchmarkMeeting(b *testing.B) {
	m := bigMeeting(b, 2000)
	data, err := record.Marshal(record.FromMeeting(m))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := record.Marshal(record.FromMeeting(m)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("from", func(b *testing.B) {
		for b.Loop() {
			record.FromMeeting(m)
		}
	})
	b.Run("decoded", func(b *testing.B) { // what a store keeps of a record it wrote
		r := record.FromMeeting(m)
		for b.Loop() {
			r.Decoded()
		}
	})
	b.Run("to", func(b *testing.B) { // what a read costs when the store kept the record
		r := record.FromMeeting(m)
		for b.Loop() {
			if _, err := r.ToMeeting(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var r record.Meeting
			if err := record.Unmarshal(data, &r); err != nil {
				b.Fatal(err)
			}
			if _, err := r.ToMeeting(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
