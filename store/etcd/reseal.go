package etcd

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/klubba/klubba/store"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Secret ballots in etcd (docs/security.md). A ballot is cast in one Txn that
// writes the voter's key in the roll and the ballot under a random key
// in the box: atomic, so that no acknowledged ballot is lost and none is
// counted without its voter. But every key written by one Txn carries the
// same revision (create_revision and mod_revision), and etcd keeps each
// old revision until the history is compacted, so while the poll is open
// the revisions pair a voter with a ballot, as bbolt's freed pages do for
// store/bolt.
//
// So when a secret poll closes, Klubba reseals its box and compacts the
// history:
//  1. the closing Txn writes reseal/BOX, whose value is the box's prefix
//     (store/typed asks for it with store.Sealer);
//  2. reseal moves every ballot of the box to a fresh random key, in
//     Txns of resealChunk ballots taken in the order of their random
//     keys, so that a moved ballot's revision is shared with ballots of
//     other voters and with no roll key;
//  3. it compacts etcd's history up to the last of those revisions and
//     waits for the compaction to be applied (WithCompactPhysical): the
//     revisions in which voters and ballots were written together are
//     gone;
//  4. it deletes reseal/BOX.
//
// A crash in between leaves reseal/BOX, and the next Open, or the next
// closing of a secret poll, finishes the work; moving a ballot again does
// no harm. Compacting is cluster-wide: an etcd shared with other
// applications loses their history up to that revision too.
//
// What this cannot reach: etcd's write-ahead log and raft snapshots hold
// each Txn as sent until etcd snapshots and purges old log files (by
// default every 10,000 entries since etcd 3.6, 100,000 in 3.4 and 3.5), and
// the bbolt file inside etcd keeps freed pages until it is defragmented.
// Whoever can read an etcd member's data directory while a secret poll is
// open, or shortly after, can pair voters with ballots there.

// resealChunk is how many ballots one Txn moves: two operations each,
// under etcd's default limit of 128 per Txn.
const resealChunk = 50

// resealPrefix starts the marks of boxes awaiting resealing.
const resealPrefix = "reseal/"

// resealPending reseals every closed secret poll's box that awaits it.
func (s *Store) resealPending(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	resp, err := s.cli.Get(ctx, s.prefix+resealPrefix, clientv3.WithPrefix())
	if err != nil {
		return fmt.Errorf("reseal: %w", err)
	}
	for _, e := range resp.Kvs {
		mark := strings.TrimPrefix(string(e.Key), s.prefix)
		if strings.HasSuffix(mark, markerSuffix) {
			continue
		}
		if err := s.reseal(ctx, mark, string(e.Value)); err != nil {
			return fmt.Errorf("reseal %s: %w", e.Value, err)
		}
	}
	return nil
}

// reseal moves the box (a prefix of keys) of a closed secret poll to
// fresh keys, compacts the history and forgets the mark.
func (s *Store) reseal(ctx context.Context, mark, box string) error {
	resp, err := s.cli.Get(ctx, s.prefix+box, clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return err
	}
	var keys []string
	for _, e := range resp.Kvs {
		if k := strings.TrimPrefix(string(e.Key), s.prefix); !strings.HasSuffix(k, markerSuffix) {
			keys = append(keys, k)
		}
	}
	for len(keys) > 0 {
		part := keys[:min(resealChunk, len(keys))]
		keys = keys[len(part):]
		err := s.Update(ctx, func(tx store.Txn) error {
			t := tx.(*txn)
			for _, k := range part {
				v, ok, err := t.get(k)
				if err != nil || !ok {
					return err
				}
				if err := t.put(box+escape(rand.Text()), v); err != nil {
					return err
				}
				// Not t.del: a marker would share the revision; the
				// box's range is read by nobody once the poll is closed.
				t.writes[k] = write{del: true}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Everything up to now, the moves included, leaves the history.
	now, err := s.cli.Get(ctx, s.prefix+mark)
	if err != nil {
		return err
	}
	if _, err := s.cli.Compact(ctx, now.Header.Revision, clientv3.WithCompactPhysical()); err != nil && !strings.Contains(err.Error(), "compacted") {
		return fmt.Errorf("compact: %w", err)
	}
	_, err = s.cli.Delete(ctx, s.prefix+mark)
	return err
}
