package bolt

import (
	"context"
	"fmt"

	"github.com/klubba/klubba/bot"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// References to what the adapters posted, in typed buckets (schema 10):
//
//   - message_refs: channel -> reply key (poll/42, agenda/<meeting>) ->
//     the adapter's reference to the posted message (a Slack ts, a Teams
//     activity ID), so that a later edit finds it. A channel's references
//     are pruned when its next meeting starts: by then the meeting they
//     belong to has ended, and the edits its last commands queued (the
//     final agenda, a closed poll) have had their chance to find them.
//   - conversation_refs: channel -> how to reach the channel unprompted
//     (a Teams conversation reference, JSON), one per channel.
//   - personal_refs: service URL + "|" + user -> the one-to-one chat
//     with a user (JSON), one per user.
//
// Adapters name a reference by one string key (see bot.RefKind); before
// schema 10, all three kinds shared one "refs" bucket under those keys.
var (
	bucketMessageRefs      = []byte("message_refs")
	bucketConversationRefs = []byte("conversation_refs")
	bucketPersonalRefs     = []byte("personal_refs")
)

// refLocation returns the bucket and key of a reference key; with
// create, the channel's bucket of message references is created.
func refLocation(tx *bolt.Tx, key string, create bool) (*bolt.Bucket, []byte, error) {
	kind, a, b, err := bot.ParseRefKey(key)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case bot.ConversationRefKey:
		return tx.Bucket(bucketConversationRefs), []byte(a), nil
	case bot.PersonalRefKey:
		return tx.Bucket(bucketPersonalRefs), []byte(a), nil
	}
	msgs := tx.Bucket(bucketMessageRefs)
	if !create {
		return msgs.Bucket([]byte(a)), []byte(b), nil
	}
	ch, err := msgs.CreateBucketIfNotExists([]byte(a))
	return ch, []byte(b), err
}

// MessageRef returns the reference stored under key (see bot.ParseRefKey), or
// bot.ErrNotFound: where a message was posted, or how to reach a
// conversation. The reference is the adapter's own.
func (s *Store) MessageRef(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var ref string
	err := s.view(func(tx *bolt.Tx) error {
		b, k, err := refLocation(tx, key, false)
		if err != nil {
			return err
		}
		var v []byte
		if b != nil {
			v = b.Get(k)
		}
		if v == nil {
			return bot.ErrNotFound
		}
		ref = string(v)
		return nil
	})
	return ref, err
}

// PutMessageRef stores a reference under key (see bot.ParseRefKey), replacing
// any earlier one.
func (s *Store) PutMessageRef(ctx context.Context, key, ref string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.group(func(tx *bolt.Tx) error {
		b, k, err := refLocation(tx, key, true)
		if err != nil {
			return err
		}
		return b.Put(k, []byte(ref))
	})
}

// MessageRefCount is the number of message references kept for channel.
func (s *Store) MessageRefCount(channel string) (int, error) {
	var n int
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMessageRefs).Bucket([]byte(channel)); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n, err
}

// pruneMessageRefs drops the message references of channel; PutMeeting
// calls it when a new meeting starts there.
func pruneMessageRefs(tx *bolt.Tx, channel string) error {
	err := tx.Bucket(bucketMessageRefs).DeleteBucket([]byte(channel))
	if err == bolterrors.ErrBucketNotFound {
		return nil
	}
	return err
}

// migrateRefs moves the references of the old shared "refs" bucket into
// the typed buckets, each by its key's kind, and drops it (schema 9 -> 10).
// A key that is none of the kinds cannot be found by any adapter: it is
// dropped with the bucket.
func migrateRefs(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMessageRefs, bucketConversationRefs, bucketPersonalRefs} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	old := tx.Bucket(bucketRefs)
	if old == nil {
		return nil
	}
	moved, err := pairs(old)
	if err != nil {
		return err
	}
	for _, kv := range moved {
		b, k, err := refLocation(tx, string(kv[0]), true)
		if err != nil {
			continue
		}
		if err := b.Put(k, kv[1]); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketRefs)
}
