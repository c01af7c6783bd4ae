package bolt

import (
	"errors"
	"fmt"

	"github.com/klubba/klubba/bot"
	bolterrors "go.etcd.io/bbolt/errors"
)

// DeleteMeeting deletes an ended meeting and everything stored for it:
// its record, participants, register, minutes entries, polls with their
// votes and ballots, board token, and texts kept apart (bot.Deleter).
// After the transaction commits, the file is compacted, as after a
// secret poll closes (see scrub), so that the freed pages do not keep
// what retention deleted.
func (t *Tx) DeleteMeeting(id string) error {
	m, err := t.Meeting(id)
	if err != nil {
		return err
	}
	if m.Running() {
		return fmt.Errorf("delete meeting %s: it is running", id)
	}
	drop := func(root []byte, key []byte) error {
		b := t.tx.Bucket(root)
		if b == nil {
			return nil
		}
		if err := b.DeleteBucket(key); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
			return fmt.Errorf("delete %s of meeting %s: %w", root, id, err)
		}
		return nil
	}
	for _, pid := range m.Polls {
		for _, root := range [][]byte{bucketVotes, bucketVoters, bucketBallots} {
			if err := drop(root, pollKey(pid)); err != nil {
				return err
			}
		}
		if err := t.tx.Bucket(bucketPolls).Delete(pollKey(pid)); err != nil {
			return err
		}
	}
	for _, root := range [][]byte{bucketPeople, bucketEntries, bucketRegister} {
		if err := drop(root, []byte(id)); err != nil {
			return err
		}
	}
	if boards := t.tx.Bucket(bucketBoards); boards != nil {
		if token := boards.Get(boardMeetingKey(id)); token != nil {
			if err := boards.Delete(boardTokenKey(string(token))); err != nil {
				return err
			}
		}
		if err := boards.Delete(boardMeetingKey(id)); err != nil {
			return err
		}
	}
	for _, scope := range bot.MeetingScopes(id) {
		if err := t.DropAnonymous(scope); err != nil {
			return err
		}
	}
	if last := t.tx.Bucket(bucketLast); string(last.Get([]byte(m.Channel))) == id {
		if err := last.Delete([]byte(m.Channel)); err != nil {
			return err
		}
	}
	if err := t.tx.Bucket(bucketMeetings).Delete([]byte(id)); err != nil {
		return err
	}
	delete(t.remembered, id)
	t.closedSecret = true // compact after the commit
	return nil
}
