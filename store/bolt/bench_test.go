package bolt_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// BenchmarkUpdateFloor is the cost of one durable bbolt transaction that
// writes one small record (an outbox entry): the floor under every
// command, set by fsync. Compare commands against it in the same run.
func BenchmarkUpdateFloor(b *testing.B) {
	s, err := openB(b)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.Enqueue(store.Outgoing{Channel: "c"}) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadMeeting loads the running meeting of a channel whose
// meeting has 500 participants (kept apart from the meeting record).
func BenchmarkLoadMeeting(b *testing.B) {
	s, err := openB(b)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	m := facilitation.New("1", "c", "Annual meeting", "chair", facilitation.Template{}, time0)
	typed.New(s).Update(ctx, func(tx *typed.Tx) error {
		for i := range 500 {
			id := fmt.Sprintf("U%03d", i)
			if err := tx.SeePerson("1", bot.Person{ID: id, Name: "Member " + id}); err != nil {
				return err
			}
		}
		return tx.PutMeeting(m)
	})
	for b.Loop() {
		typed.New(s).View(ctx, func(tx *typed.Tx) error { _, err := tx.Running("c"); return err })
	}
}
