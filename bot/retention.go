package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// MeetingScopes are the scopes under which a meeting keeps texts apart
// from its record (Tx.PutAnonymous): a store's DeleteMeeting drops them.
func MeetingScopes(meetingID string) []string {
	return []string{ideaScope(meetingID), revealedScope(meetingID), pseudonymScope(meetingID)}
}

// Prune deletes the meetings that ended at least olderThan ago. When
// export is set, it is given each meeting and its minutes first, and a
// meeting whose export fails is kept (and the error returned once the
// others are done). It returns how many meetings it deleted.
func (b *Bot) Prune(ctx context.Context, olderThan time.Duration, export func(m *facilitation.Meeting, minutes string) error) (int, error) {
	cutoff := b.clock.Now().Add(-olderThan)
	var old []*facilitation.Meeting
	err := b.store.View(ctx, func(tx Tx) error {
		all, err := tx.Meetings()
		if err != nil {
			return fmt.Errorf("list meetings: %w", err)
		}
		for _, m := range all {
			if !m.Running() && !m.Ended.After(cutoff) {
				old = append(old, m)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("retention: %w", err)
	}
	var errs []error
	var gone []*facilitation.Meeting
	for _, m := range old {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if export != nil {
			md, err := b.Minutes(ctx, m.Channel, m.ID, "")
			if err == nil {
				err = export(m, md)
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("export the minutes of meeting %s: %w", m.ID, err))
				continue // kept until its minutes are safe
			}
		}
		gone = append(gone, m)
	}
	// In transactions of pruneChunk meetings: a backend may compact its
	// file after each (store/bolt does, so that freed pages forget them).
	deleted := 0
	for chunk := range slices.Chunk(gone, pruneChunk) {
		err := b.store.Update(ctx, func(tx Tx) error {
			for _, m := range chunk {
				err := tx.DeleteMeeting(m.ID, MeetingScopes(m.ID))
				if errors.Is(err, ErrNotFound) {
					continue // another replica was first
				}
				if err != nil {
					return fmt.Errorf("delete meeting %s: %w", m.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		deleted += len(chunk)
		for _, m := range chunk {
			b.log.InfoContext(ctx, "retention: meeting deleted", "meeting", m.ID, "ended", m.Ended)
		}
	}
	return deleted, errors.Join(errs...)
}

// pruneChunk is how many meetings Prune deletes in one transaction.
const pruneChunk = 100
