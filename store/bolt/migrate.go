package bolt

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
)

// migrations bring the schema from version i to i+1. Append only: a
// released migration never changes.
var migrations = []func(tx *bolt.Tx) error{
	// 0 -> 1: the first layout.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeetings, bucketRunning, bucketLast, bucketPolls,
			bucketVotes, bucketVoters, bucketBallots, bucketOutbox} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 1 -> 2: participants move out of the meeting record into a bucket
	// of their own, so that a meeting of hundreds stays small to load.
	func(tx *bolt.Tx) error {
		people, err := tx.CreateBucketIfNotExists(bucketPeople)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeetings).ForEach(func(id, data []byte) error {
			var old struct {
				People map[string]string `json:"people"`
				Seen   []string          `json:"seen"`
			}
			if err := json.Unmarshal(data, &old); err != nil {
				return fmt.Errorf("decode meeting %s: %w", id, err)
			}
			b, err := people.CreateBucketIfNotExists(id)
			if err != nil {
				return err
			}
			for i, p := range old.Seen {
				if err := putJSON(b, []byte(p), record.Person{Seq: uint64(i + 1), Name: old.People[p]}); err != nil {
					return err
				}
			}
			return b.SetSequence(uint64(len(old.Seen)))
		})
	},
	// 2 -> 3: timers, ordered by due time.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketTimers)
		return err
	},
	// 3 -> 4: the outbox in a line per platform; message references; event IDs.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketRefs, bucketEvents, bucketEventTimes} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		outbox := tx.Bucket(bucketOutbox)
		moved, err := pairs(outbox)
		if err != nil {
			return err
		}
		for _, kv := range moved {
			var o struct {
				Channel string `json:"channel"`
			}
			if err := json.Unmarshal(kv[1], &o); err != nil {
				return fmt.Errorf("decode outbox entry: %w", err)
			}
			p, _, _ := strings.Cut(o.Channel, ":") // the platform
			line, err := outbox.CreateBucketIfNotExists([]byte(p))
			if err != nil {
				return err
			}
			if err := line.Put(kv[0], kv[1]); err != nil {
				return err
			}
			if err := outbox.Delete(kv[0]); err != nil {
				return err
			}
		}
		return nil
	},
	// 4 -> 5: minutes entries move out of the meeting record.
	migrateEntries,
	// 5 -> 6: the outbox in a line per channel, within each platform's.
	migrateOutboxChannels,
	// 6 -> 7: an index of the open secret polls.
	migrateSecretOpen,
	// 7 -> 8: the signatures of requests seen lately, against replays.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte("replays"))
		return err
	},
	// 8 -> 9: voting registers.
	createRegister,
	// 9 -> 10: message, conversation and personal-chat references in
	// buckets of their own, apart from one another.
	migrateRefs,
	// 10 -> 11: an adapter's own keys in its own space; each channel's
	// chosen language in a bucket of its own.
	migrateSpaces,
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

// migrate applies the migrations the file lacks, in one transaction.
func (s *Store) migrate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		v := 0
		if b := meta.Get(keySchema); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		}
		if v > len(migrations) {
			return fmt.Errorf("schema version %d is newer than this Klubba knows (%d): upgrade Klubba", v, len(migrations))
		}
		for ; v < len(migrations); v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migration to version %d: %w", v+1, err)
			}
		}
		return meta.Put(keySchema, u64(uint64(v)))
	})
}

// Version returns the schema version stored in the file.
func (s *Store) Version() (int, error) {
	var v int
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMeta).Get(keySchema); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		}
		return nil
	})
	return v, err
}

// migrateOutboxChannels moves each platform's outbox entries into a line
// per channel, so that delivery reads a window of each channel.
func migrateOutboxChannels(tx *bolt.Tx) error {
	outbox := tx.Bucket(bucketOutbox)
	return outbox.ForEachBucket(func(platform []byte) error {
		line := outbox.Bucket(platform)
		moved, err := pairs(line)
		if err != nil {
			return err
		}
		for _, kv := range moved {
			var o struct {
				Channel string `json:"channel"`
			}
			if err := json.Unmarshal(kv[1], &o); err != nil {
				return fmt.Errorf("decode outbox entry: %w", err)
			}
			ch, err := line.CreateBucketIfNotExists([]byte(o.Channel))
			if err != nil {
				return err
			}
			if err := ch.Put(kv[0], kv[1]); err != nil {
				return err
			}
			if err := line.Delete(kv[0]); err != nil {
				return err
			}
		}
		return nil
	})
}

// migrateSecretOpen indexes the secret polls that are open, so that their
// closing compacts the file and a backup waits for it.
func migrateSecretOpen(tx *bolt.Tx) error {
	open, err := tx.CreateBucketIfNotExists(bucketSecretOpen)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketPolls).ForEach(func(k, v []byte) error {
		var p struct {
			Visibility string `json:"visibility"`
			Closed     bool   `json:"closed"`
		}
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode poll %s: %w", k, err)
		}
		if p.Visibility == "secret" && !p.Closed {
			return open.Put(slices.Clone(k), []byte{1})
		}
		return nil
	})
}
