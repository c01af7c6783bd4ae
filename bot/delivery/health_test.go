package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
)

func TestHealth(t *testing.T) {
	r := newRig(t)
	if err := r.d.Health(); err != nil {
		t.Fatalf("a new deliverer: %v", err)
	}
	// Notified, and a round follows: healthy.
	r.d.Notify()
	r.clock.Advance(delivery.WedgedAfter + time.Second)
	r.d.Round(context.Background())
	if err := r.d.Health(); err != nil {
		t.Errorf("after a round: %v", err)
	}
	// Notified, and no round for longer than WedgedAfter: wedged.
	r.d.Notify()
	r.clock.Advance(delivery.WedgedAfter / 2)
	if err := r.d.Health(); err != nil {
		t.Errorf("a notification waiting %v: %v", delivery.WedgedAfter/2, err)
	}
	r.clock.Advance(delivery.WedgedAfter)
	if err := r.d.Health(); !errors.Is(err, delivery.ErrWedged) {
		t.Errorf("a notification waiting %v: %v, want ErrWedged", delivery.WedgedAfter*3/2, err)
	}
	r.d.Round(context.Background())
	// Credentials refused: paused, and unhealthy until they work.
	r.send.fail = func(string, bot.Outgoing) error { return fmt.Errorf("%w: invalid_auth", delivery.ErrUnauthorized) }
	r.enqueue(t, post("a", "a1"))
	r.d.Round(context.Background())
	if err := r.d.Health(); !errors.Is(err, delivery.ErrPaused) {
		t.Errorf("after invalid_auth: %v, want ErrPaused", err)
	}
}
