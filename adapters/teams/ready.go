package teams

import (
	"context"
	"fmt"
)

// Ready reports whether the Bot Framework's signing keys are at hand (or
// can be fetched now), so that Teams' requests can be validated, and
// delivery is not wedged or paused.
func (a *App) Ready(ctx context.Context) error {
	if err := a.deliver.Health(); err != nil {
		return err
	}
	return a.server.validator.Ready(ctx)
}

// Ready reports whether tokens can be validated: keys fetched within
// keyMaxAge, or fetched now. A failed fetch is tried again after
// keyRetry, not on every call.
func (v *Validator) Ready(ctx context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	age := v.now().Sub(v.fetched)
	if len(v.keys) > 0 && age < keyMaxAge {
		return nil
	}
	if !v.fetched.IsZero() && age < keyRetry {
		if len(v.keys) > 0 {
			return nil // old keys serve while the endpoint is down
		}
		return fmt.Errorf("teams: %w", ErrNotValidating)
	}
	v.fetched = v.now()
	keys, err := v.fetchKeys(ctx)
	if err != nil {
		if len(v.keys) > 0 {
			return nil
		}
		return fmt.Errorf("teams: %w: %v", ErrNotValidating, err)
	}
	v.keys = keys
	return nil
}
