package bolt_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/store/typed"
)

// TestGroupCommitIsolatesFailures: concurrent Batch calls share
// transactions; a call that fails leaves nothing behind and fails none
// of its neighbours, each of which commits exactly once.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	errNo := errors.New("refused")
	var wg sync.WaitGroup
	results := make([]error, 200)
	for i := range results {
		wg.Go(func() {
			results[i] = typed.New(s).Batch(ctx, func(tx *typed.Tx) error {
				seen, err := tx.MarkEvent(fmt.Sprint("e", i), now)
				if err != nil {
					return err
				}
				if seen {
					return fmt.Errorf("event %d committed twice", i)
				}
				if i%7 == 0 {
					return errNo
				}
				return nil
			})
		})
	}
	wg.Wait()
	err := typed.New(s).Update(ctx, func(tx *typed.Tx) error {
		for i, res := range results {
			switch {
			case i%7 == 0 && !errors.Is(res, errNo):
				t.Errorf("call %d = %v, want its own error", i, res)
			case i%7 != 0 && res != nil:
				t.Errorf("call %d = %v, want nil", i, res)
			}
			seen, err := tx.MarkEvent(fmt.Sprint("e", i), now)
			if err != nil {
				return err
			}
			if seen != (i%7 != 0) {
				t.Errorf("event %d stored = %v, want %v", i, seen, i%7 != 0)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
