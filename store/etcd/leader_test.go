package etcd_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klubba/klubba/store/etcd"
	"github.com/klubba/klubba/store/typed"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// TestFence: a leader whose lease is gone (here revoked behind its back,
// as an expiry would) can no longer commit under its leader's context,
// its work is stopped, and another replica is elected.
func TestFence(t *testing.T) {
	a, b := twoReplicas(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	elected := make(chan context.Context, 2)
	stopped := make(chan string, 2)
	lead := func(s *etcd.Store, name string) {
		go s.Lead(ctx, "workers", name, func(wctx context.Context) error {
			elected <- context.WithValue(wctx, nameKey{}, name)
			<-wctx.Done()
			stopped <- name
			return nil
		})
	}
	lead(a, "a")
	first := <-elected
	lead(b, "b")
	put := func(ctx context.Context, s *etcd.Store) error {
		return typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.PutAnonymous("fence", "x") })
	}
	if err := put(first, a); err != nil {
		t.Fatalf("the leader's write: %v", err)
	}
	// Revoke the leader's lease, as if it had expired unnoticed.
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints(t), DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	keys, err := cli.Get(ctx, a.Prefix()+"leader/workers", clientv3.WithFirstCreate()...)
	if err != nil || len(keys.Kvs) == 0 {
		t.Fatalf("no leader key: %v", err)
	}
	if _, err := cli.Revoke(ctx, clientv3.LeaseID(keys.Kvs[0].Lease)); err != nil {
		t.Fatal(err)
	}
	if err := put(first, a); !errors.Is(err, etcd.ErrNotLeader) && !errors.Is(err, context.Canceled) {
		t.Errorf("the old leader's write after its lease went: %v, want ErrNotLeader", err)
	}
	select {
	case name := <-stopped:
		if name != first.Value(nameKey{}) {
			t.Errorf("%s stopped, want the old leader", name)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the old leader's work did not stop")
	}
	select {
	case next := <-elected:
		s := map[any]*etcd.Store{"a": a, "b": b}[next.Value(nameKey{})]
		if err := put(next, s); err != nil {
			t.Errorf("the new leader's write: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no replica was elected after the leader lost its lease")
	}
}

type nameKey struct{}
