package main

import (
	"context"
	"errors"
	"time"
)

// readyTimeout bounds the platforms' checks of one /readyz request.
const readyTimeout = 5 * time.Second

// platformsReady asks every platform whether it can work now; the
// errors say which cannot and why (no secrets: they name the platform
// and the failure, such as invalid_auth).
func (a *app) platformsReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	var errs []error
	for _, ready := range a.readiness {
		errs = append(errs, ready(ctx))
	}
	return errors.Join(errs...)
}
