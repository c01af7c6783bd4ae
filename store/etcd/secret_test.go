package etcd_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/typed"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// TestSecretBallotsLeaveNoPairs: 40 voters cast secret ballots, some in
// groups; once the poll closes, no key, value or revision of etcd ties a
// voter to a ballot, and the history from before the closing is gone.
func TestSecretBallotsLeaveNoPairs(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints(t), DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	p, err2 := facilitation.NewPoll(facilitation.PollSpec{Question: "Q", Kind: facilitation.YesNo, Visibility: facilitation.Secret}, "ann", t0)
	err = err2
	if err != nil {
		t.Fatal(err)
	}
	if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error {
		id, err := tx.NextID("poll")
		p.ID, p.Channel = int64(id), "c"
		if err != nil {
			return err
		}
		return tx.PutPoll(p)
	}); err != nil {
		t.Fatal(err)
	}
	const voters = 40
	var castAt []int64 // the revisions of the casting Txns
	for i := range voters {
		if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error {
			return tx.CastBallot(p.ID, fmt.Sprintf("voter-%02d", i), facilitation.Ballot{i % 2})
		}); err != nil {
			t.Fatal(err)
		}
		r, err := cli.Get(ctx, "x")
		if err != nil {
			t.Fatal(err)
		}
		castAt = append(castAt, r.Header.Revision)
	}
	// While open, the history does pair them: that is what resealing is for.
	roll, box := s.Prefix()+fmt.Sprintf("voters/%d/", p.ID), s.Prefix()+fmt.Sprintf("ballots/%d/", p.ID)
	if paired := pairs(t, cli, roll, box); paired != voters {
		t.Fatalf("before closing, %d voters share a revision with a ballot; the test expects all %d to", paired, voters)
	}
	if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error {
		q, err := tx.Poll(p.ID)
		if err != nil {
			return err
		}
		q.Close(t0, "ann")
		return tx.PutPoll(q)
	}); err != nil {
		t.Fatal(err)
	}
	if paired := pairs(t, cli, roll, box); paired != 0 {
		t.Errorf("after closing, %d voters share a revision with a ballot", paired)
	}
	// No value names a voter, and no key of the box does.
	all, err := cli.Get(ctx, s.Prefix(), clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range all.Kvs {
		if strings.HasPrefix(string(kv.Key), box) && strings.Contains(string(kv.Key)+string(kv.Value), "voter-") {
			t.Errorf("ballot %s names a voter", kv.Key)
		}
		if strings.HasPrefix(string(kv.Key), s.Prefix()+"reseal/") {
			t.Errorf("reseal mark left behind: %s", kv.Key)
		}
	}
	// The revisions at which ballots were cast are compacted away, for
	// reads and for watches alike.
	for _, rev := range castAt {
		if _, err := cli.Get(ctx, box, clientv3.WithPrefix(), clientv3.WithRev(rev)); !errors.Is(err, rpctypes.ErrCompacted) {
			t.Fatalf("reading the box at revision %d after closing: %v, want ErrCompacted", rev, err)
		}
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := cli.Watch(wctx, box, clientv3.WithPrefix(), clientv3.WithRev(castAt[0]))
	if resp := <-w; resp.CompactRevision == 0 {
		t.Errorf("watching the box from revision %d: %d events, want the history compacted", castAt[0], len(resp.Events))
	}
	// And the count is intact.
	var got *facilitation.Poll
	if err := typed.New(s).View(ctx, func(tx *typed.Tx) (err error) { got, err = tx.Poll(p.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if len(got.Ballots) != voters || len(got.Voters) != voters {
		t.Errorf("after resealing: %d ballots, %d voters; want %d of each", len(got.Ballots), len(got.Voters), voters)
	}
}

// pairs counts the roll's keys that share a create or mod revision with
// a key of the box, in etcd's live keys and in its kept history.
func pairs(t *testing.T, cli *clientv3.Client, roll, box string) int {
	t.Helper()
	ctx := context.Background()
	revs := map[int64]bool{}
	boxKeys, err := cli.Get(ctx, box, clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range boxKeys.Kvs {
		revs[kv.CreateRevision], revs[kv.ModRevision] = true, true
	}
	// History: every event on the box since the oldest kept revision.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := cli.Watch(wctx, box, clientv3.WithPrefix(), clientv3.WithRev(1))
	for done := false; !done; {
		select {
		case resp := <-w:
			if resp.CompactRevision != 0 {
				w = cli.Watch(wctx, box, clientv3.WithPrefix(), clientv3.WithRev(resp.CompactRevision))
				continue
			}
			for _, ev := range resp.Events {
				revs[ev.Kv.ModRevision] = true
			}
		case <-time.After(300 * time.Millisecond):
			done = true
		}
	}
	rollKeys, err := cli.Get(ctx, roll, clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, kv := range rollKeys.Kvs {
		if revs[kv.CreateRevision] || revs[kv.ModRevision] {
			n++
		}
	}
	return n
}
