package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
)

// errPanicked is returned for a panic recovered in the scheduler loop.
var errPanicked = errors.New("panicked")

// fireDueSafely is FireDue with a panic logged and turned into an error,
// so that the scheduler loop goes on (a second later) instead of taking
// the server down.
func (b *Bot) fireDueSafely(ctx context.Context) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			b.log.ErrorContext(ctx, "the scheduler panicked; restarting", "panic", p, "stack", string(debug.Stack()))
			n, err = 0, fmt.Errorf("%w: %v", errPanicked, p)
		}
	}()
	return b.FireDue(ctx)
}
