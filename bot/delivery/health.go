package delivery

import (
	"errors"
	"fmt"
	"time"
)

// WedgedAfter is how long a notification may wait for the delivery loop
// before Health reports it wedged. A round reads the outbox and starts
// workers, which takes milliseconds; calls to the platform run apart,
// each with its own timeout.
const WedgedAfter = 30 * time.Second

// ErrPaused and ErrWedged are the unhealthy states of a Deliverer.
var (
	ErrPaused = errors.New("delivery paused: the platform refused the credentials")
	ErrWedged = errors.New("delivery wedged: the outbox is not being read")
)

// Health reports whether delivery works: not paused because the platform
// refused Klubba's credentials, and not wedged (a notification of new
// replies unanswered for WedgedAfter). It is what /readyz asks.
func (d *Deliverer) Health() error {
	now := d.clock.Now()
	if until := d.paused(now); !until.IsZero() {
		return fmt.Errorf("%s: %w until %s", d.platform, ErrPaused, until.UTC().Format(time.RFC3339))
	}
	if at := d.notified.Load(); at != 0 && now.Sub(time.Unix(0, at)) > WedgedAfter {
		return fmt.Errorf("%s: %w for %s", d.platform, ErrWedged, now.Sub(time.Unix(0, at)).Round(time.Second))
	}
	return nil
}
