package bolt

import (
	"cmp"
	"crypto/rand"
	"fmt"
	"slices"

	"github.com/klubba/klubba/facilitation"
	bolterrors "go.etcd.io/bbolt/errors"
)

// bucketAnonymous holds texts that must name nobody (a brainstorm's
// ideas before they are revealed, check-out comments): scope -> random
// key -> text. It is created when first written, so it needs no
// migration, and reads of a store without it find nothing.
var bucketAnonymous = []byte("anonymous")

// PutAnonymous stores text under scope with a random key: nothing in the
// record or its place in the bucket says who sent it, or when.
func (t *Tx) PutAnonymous(scope, text string) error {
	root, err := t.tx.CreateBucketIfNotExists(bucketAnonymous)
	if err != nil {
		return fmt.Errorf("anonymous texts: %w", err)
	}
	b, err := root.CreateBucketIfNotExists([]byte(scope))
	if err != nil {
		return fmt.Errorf("anonymous texts of %s: %w", scope, err)
	}
	return b.Put([]byte(rand.Text()), []byte(text))
}

// Anonymous returns the texts stored under scope, in the order of their
// random keys.
func (t *Tx) Anonymous(scope string) ([]string, error) {
	root := t.tx.Bucket(bucketAnonymous)
	if root == nil {
		return nil, nil
	}
	var out []string
	err := each(root.Bucket([]byte(scope)), func(_, v []byte) error {
		out = append(out, string(v))
		return nil
	})
	return out, err
}

// DropAnonymous deletes the texts stored under scope. When there were
// any, the file is compacted after the commit, as after a secret poll
// closes (see scrub): bbolt's freed pages would otherwise keep them, and
// what must name nobody (a meeting's pseudonym secret, ideas before they
// are revealed) must not outlive its deletion there either.
func (t *Tx) DropAnonymous(scope string) error {
	root := t.tx.Bucket(bucketAnonymous)
	if root == nil {
		return nil
	}
	err := root.DeleteBucket([]byte(scope))
	if err == bolterrors.ErrBucketNotFound {
		return nil
	}
	if err == nil {
		t.closedSecret = true
	}
	return err
}

// Meetings returns every meeting in the store, oldest first.
func (t *Tx) Meetings() ([]*facilitation.Meeting, error) {
	var out []*facilitation.Meeting
	err := t.tx.Bucket(bucketMeetings).ForEach(func(k, v []byte) error {
		if v == nil {
			return nil
		}
		m, err := t.decodeMeeting(string(k), v, false) // a report must not push the running meetings out
		if err != nil {
			return fmt.Errorf("decode meeting %s: %w", k, err)
		}
		out = append(out, m)
		return nil
	})
	slices.SortStableFunc(out, func(a, b *facilitation.Meeting) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}
