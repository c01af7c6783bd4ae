package bolt

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
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
// Before schema 10, all three kinds shared one "refs" bucket under one
// string key each. From schema 11 (migrateSpaces), the conversation and
// personal-chat references are the Teams adapter's own keys, in its key
// space: adapters/teams/conv|CHANNEL and adapters/teams/personal|URL|USER.
var (
	bucketMessageRefs      = []byte("message_refs")
	bucketConversationRefs = []byte("conversation_refs")
	bucketPersonalRefs     = []byte("personal_refs")
)

// refLocation returns the bucket and key of a reference key of schema
// 9 (channel|key, conv|channel or personal|url|user), creating the
// channel's bucket of message references.
func refLocation(tx *bolt.Tx, key string) (*bolt.Bucket, []byte, error) {
	if rest, ok := strings.CutPrefix(key, "conv|"); ok {
		return tx.Bucket(bucketConversationRefs), []byte(rest), nil
	}
	if rest, ok := strings.CutPrefix(key, "personal|"); ok {
		return tx.Bucket(bucketPersonalRefs), []byte(rest), nil
	}
	i := strings.LastIndexByte(key, '|')
	if i <= 0 || i == len(key)-1 {
		return nil, nil, fmt.Errorf("reference key %q: want channel|key, conv|channel or personal|url|user", key)
	}
	ch, err := tx.Bucket(bucketMessageRefs).CreateBucketIfNotExists([]byte(key[:i]))
	return ch, []byte(key[i+1:]), err
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
		b, k, err := refLocation(tx, string(kv[0]))
		if err != nil {
			continue
		}
		if err := b.Put(k, kv[1]); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketRefs)
}

// Buckets of schema 11.
var (
	bucketAdapters    = []byte("adapters")     // platform -> the adapter's own key -> value
	bucketChannelLang = []byte("channel_lang") // channel -> language chosen with `lang`
)

// migrateSpaces moves what the stores knew of the Teams adapter into its
// own key space, under the keys it names them by, and each channel's
// language out of the pseudo-meeting "lang:CHANNEL" whose one participant
// "lang" held it (schema 10 -> 11).
func migrateSpaces(tx *bolt.Tx) error {
	adapters, err := tx.CreateBucketIfNotExists(bucketAdapters)
	if err != nil {
		return err
	}
	langs, err := tx.CreateBucketIfNotExists(bucketChannelLang)
	if err != nil {
		return err
	}
	for _, old := range []struct {
		bucket []byte
		prefix string
	}{{bucketConversationRefs, "conv|"}, {bucketPersonalRefs, "personal|"}} {
		b := tx.Bucket(old.bucket)
		if b == nil {
			continue
		}
		moved, err := pairs(b)
		if err != nil {
			return err
		}
		if len(moved) > 0 {
			teams, err := adapters.CreateBucketIfNotExists([]byte("teams"))
			if err != nil {
				return err
			}
			for _, kv := range moved {
				if err := teams.Put(append([]byte(old.prefix), kv[0]...), kv[1]); err != nil {
					return err
				}
			}
		}
		if err := tx.DeleteBucket(old.bucket); err != nil {
			return err
		}
	}
	// The Teams adapter kept its users' Bot Framework IDs as message
	// references of a channel "teamsuser".
	if users := tx.Bucket(bucketMessageRefs).Bucket([]byte("teamsuser")); users != nil {
		moved, err := pairs(users)
		if err != nil {
			return err
		}
		teams, err := adapters.CreateBucketIfNotExists([]byte("teams"))
		if err != nil {
			return err
		}
		for _, kv := range moved {
			if err := teams.Put(append([]byte("teamsuser|"), kv[0]...), kv[1]); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMessageRefs).DeleteBucket([]byte("teamsuser")); err != nil {
			return err
		}
	}
	people := tx.Bucket(bucketPeople)
	var pseudo [][]byte
	err = people.ForEachBucket(func(k []byte) error {
		if bytes.HasPrefix(k, []byte("lang:")) {
			pseudo = append(pseudo, slices.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range pseudo {
		var p record.Person
		if v := people.Bucket(k).Get([]byte("lang")); v != nil {
			if err := record.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode the language of %s: %w", k[len("lang:"):], err)
			}
			if err := langs.Put(k[len("lang:"):], []byte(p.Name)); err != nil {
				return err
			}
		}
		if err := people.DeleteBucket(k); err != nil {
			return err
		}
	}
	return nil
}
