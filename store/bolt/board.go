package bolt

import (
	"crypto/sha256"

	"github.com/klubba/klubba/bot"
	bolt "go.etcd.io/bbolt"
)

// bucketBoards holds the live boards' tokens: "m/" + meeting ID -> token,
// and "t/" + SHA-256 of the token -> meeting ID. The token is looked up
// by its hash, so the lookup's timing says nothing about the token; the
// bot then compares the token itself in constant time.
var bucketBoards = []byte("boards")

// createBoards creates the boards bucket; Open calls it, so that it needs
// no migration of its own (an older file simply has no boards yet).
func createBoards(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketBoards)
		return err
	})
}

func boardMeetingKey(meetingID string) []byte { return append([]byte("m/"), meetingID...) }

func boardTokenKey(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return append([]byte("t/"), h[:]...)
}

// BoardToken returns the token of a meeting's live board.
func (t *Tx) BoardToken(meetingID string) (string, error) {
	v := t.tx.Bucket(bucketBoards).Get(boardMeetingKey(meetingID))
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// BoardMeeting returns the ID of the meeting whose board token is token.
func (t *Tx) BoardMeeting(token string) (string, error) {
	v := t.tx.Bucket(bucketBoards).Get(boardTokenKey(token))
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutBoardToken sets a meeting's board token, revoking the one before.
func (t *Tx) PutBoardToken(meetingID, token string) error {
	b := t.tx.Bucket(bucketBoards)
	if old := b.Get(boardMeetingKey(meetingID)); old != nil {
		if err := b.Delete(boardTokenKey(string(old))); err != nil {
			return err
		}
	}
	if err := b.Put(boardMeetingKey(meetingID), []byte(token)); err != nil {
		return err
	}
	return b.Put(boardTokenKey(token), []byte(meetingID))
}
