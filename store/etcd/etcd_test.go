package etcd_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/etcd"
	"github.com/klubba/klubba/store/storetest"
	"github.com/klubba/klubba/store/typed"
)

var t0 = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

var shared struct {
	once sync.Once
	c    *cluster
	n    atomic.Int64
}

// sharedCluster is one etcd member for the package's tests, each test
// under a prefix of its own.
func sharedCluster(t *testing.T) *cluster {
	shared.once.Do(func() {
		// Not stopped by the first test's cleanup: it lives as long as
		// the test binary.
		shared.c = launch(t, 1)
	})
	if shared.c == nil {
		t.Fatal("no etcd")
	}
	return shared.c
}

// serverEnv names a real etcd server's endpoints (comma-separated) for
// the tests that need one member; unset, they run on an embedded one.
const serverEnv = "KLUBBA_ETCD_TEST_ENDPOINTS"

// endpoints are the shared member's, or those of the server serverEnv names.
func endpoints(t *testing.T) []string {
	if v := os.Getenv(serverEnv); v != "" {
		return strings.Split(v, ",")
	}
	return sharedCluster(t).endpoints()
}

// newStore opens a store under a fresh prefix of the shared member.
func newStore(t *testing.T) *etcd.Store {
	t.Helper()
	s, err := etcd.Open(context.Background(), etcd.Options{
		Endpoints: endpoints(t), Prefix: fmt.Sprintf("test/%d-%d/", time.Now().UnixNano(), shared.n.Add(1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.c != nil {
		for _, m := range shared.c.members {
			m.stop()
		}
	}
	os.Exit(code)
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend { return newStore(t) })
}

func TestConformanceKV(t *testing.T) {
	storetest.RunKV(t, func(t *testing.T) store.Backend { return newStore(t) })
}

// twoReplicas opens two stores, as two Klubba processes would, on one prefix.
func twoReplicas(t *testing.T) (*etcd.Store, *etcd.Store) {
	a := newStore(t)
	b, err := etcd.Open(context.Background(), etcd.Options{Endpoints: endpoints(t), Prefix: a.Prefix()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

// TestReplicasVoteOnOnePoll: two replicas take votes on one poll at once,
// some alone (Update), most in groups (Batch); every vote is counted and
// a voter voting through both keeps one vote.
func TestReplicasVoteOnOnePoll(t *testing.T) {
	a, b := twoReplicas(t)
	ctx := context.Background()
	p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Q", Kind: facilitation.YesNo, Visibility: facilitation.Anonymous}, "ann", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := typed.New(a).Update(ctx, func(tx *typed.Tx) error {
		id, err := tx.NextID("poll")
		p.ID, p.Channel = int64(id), "c"
		if err != nil {
			return err
		}
		return tx.PutPoll(p)
	}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 200 {
		s := []*typed.Store{typed.New(a), typed.New(b)}[i%2]
		run := s.Batch
		if i%10 == 0 {
			run = s.Update
		}
		voter := fmt.Sprintf("v%d", i)
		if i >= 180 {
			voter = "same"
		}
		wg.Go(func() {
			err := run(ctx, func(tx *typed.Tx) error {
				q, err := tx.PollFor(p.ID, voter)
				if err != nil {
					return err
				}
				if _, err := q.Vote(facilitation.Everyone, voter, facilitation.Ballot{i % 2}); err != nil {
					return err
				}
				if err := tx.PutVote(p.ID, voter, facilitation.Ballot{i % 2}); err != nil {
					return err
				}
				return tx.Enqueue(store.Outgoing{Channel: "test:c", Reply: chat.Reply{Key: "poll/1"}})
			})
			if err != nil {
				t.Errorf("vote %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	var got *facilitation.Poll
	if err := typed.New(b).View(ctx, func(tx *typed.Tx) (err error) { got, err = tx.Poll(p.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if got.Turnout() != 181 {
		t.Errorf("turnout = %d, want 181 (180 voters and one who voted 20 times through both replicas)", got.Turnout())
	}
	// The outbox holds every vote's reply, each with an ID of its own.
	pending, err := typed.New(a).Pending(ctx, "test", 0, 1000)
	ids := map[uint64]bool{}
	for _, o := range pending {
		ids[o.ID] = true
	}
	if err != nil || len(pending) != 200 || len(ids) != 200 {
		t.Errorf("outbox: %d entries, %d IDs (%v), want 200", len(pending), len(ids), err)
	}
}

// TestReplicasMoveOneQueue: two replicas move one speaker queue at once;
// no hand raised is lost and no turn is given twice.
func TestReplicasMoveOneQueue(t *testing.T) {
	a, b := twoReplicas(t)
	ctx := context.Background()
	m := facilitation.New("1", "c", "Title", "ann", facilitation.Template{}, t0)
	if err := typed.New(a).Update(ctx, func(tx *typed.Tx) error { return tx.PutMeeting(m) }); err != nil {
		t.Fatal(err)
	}
	const hands = 60
	var wg sync.WaitGroup
	for i := range hands {
		s := []*etcd.Store{a, b}[i%2]
		wg.Go(func() {
			err := typed.New(s).Update(ctx, func(tx *typed.Tx) error {
				m, err := tx.Running("c")
				if err != nil {
					return err
				}
				if _, err := m.Queue().Ask(fmt.Sprintf("u%d", i), facilitation.Speak, t0); err != nil {
					return err
				}
				return tx.PutMeeting(m)
			})
			if err != nil {
				t.Errorf("hand %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	var mu sync.Mutex
	spoke := map[string]int{}
	for i := range hands {
		s := []*etcd.Store{a, b}[i%2]
		wg.Go(func() {
			err := typed.New(s).Update(ctx, func(tx *typed.Tx) error {
				m, err := tx.Running("c")
				if err != nil {
					return err
				}
				next, _, err := m.Queue().Next(t0)
				if err != nil {
					return err
				}
				if err := tx.PutMeeting(m); err != nil {
					return err
				}
				// Counted only once the transaction commits: Update may run fn again.
				return tx.Enqueue(store.Outgoing{Channel: "test:c", Reply: chat.Reply{Message: chat.Message{Text: next.Who}}})
			})
			if err != nil {
				t.Errorf("next %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	pending, err := typed.New(a).Pending(ctx, "test", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range pending {
		mu.Lock()
		spoke[o.Reply.Message.Text]++
		mu.Unlock()
	}
	if len(spoke) != hands {
		t.Errorf("%d people were given the floor, want %d", len(spoke), hands)
	}
	for who, n := range spoke {
		if n != 1 {
			t.Errorf("%s was given the floor %d times", who, n)
		}
	}
}

// TestManyReads: a command that reads more keys than etcd compares in
// one Txn (128 by default) still commits, and still loses to a
// conflicting write.
func TestManyReads(t *testing.T) {
	a, b := twoReplicas(t)
	ctx := context.Background()
	for part := range 3 { // etcd takes at most 128 writes in one Txn
		if err := typed.New(a).Update(ctx, func(tx *typed.Tx) error {
			for i := range 100 {
				if err := tx.SeePerson("m1", store.Person{ID: fmt.Sprint("u", part*100+i), Name: "N"}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	runs := 0
	err := typed.New(a).Update(ctx, func(tx *typed.Tx) error {
		runs++
		for i := range 300 {
			if _, err := tx.Person("m1", fmt.Sprint("u", i)); err != nil {
				return err
			}
		}
		if runs == 1 { // another replica renames someone meanwhile
			if err := typed.New(b).Update(ctx, func(tx *typed.Tx) error { return tx.SeePerson("m1", store.Person{ID: "u7", Name: "New"}) }); err != nil {
				return err
			}
		}
		return tx.PutAnonymous("x", "read 300 people")
	})
	if err != nil || runs != 2 {
		t.Errorf("Update reading 300 keys: %v after %d runs, want success on the second", err, runs)
	}
}

// TestInstallations: a record is kept under its key, and deleted.
func TestInstallations(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, err := typed.New(s).InstallationRecord(ctx, "slack/team/T1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("before any install: %v, want ErrNotFound", err)
	}
	if err := typed.New(s).PutInstallation(ctx, "slack/team/T1", []byte{0, 1, 2}); err != nil {
		t.Fatal(err)
	}
	if got, err := typed.New(s).InstallationRecord(ctx, "slack/team/T1"); err != nil || string(got) != "\x00\x01\x02" {
		t.Errorf("InstallationRecord = %q, %v", got, err)
	}
	if err := typed.New(s).DeleteInstallation(ctx, "slack/team/T1"); err != nil {
		t.Fatal(err)
	}
	if _, err := typed.New(s).InstallationRecord(ctx, "slack/team/T1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: %v, want ErrNotFound", err)
	}
}

// TestConformanceOldLayout: a prefix that holds the layout before the
// store contract is refused with ErrOldLayout, not read as empty.
func TestConformanceOldLayout(t *testing.T) {
	s := newStore(t)
	if _, err := s.Client().Put(context.Background(), s.Prefix()+"seq/meeting", "3"); err != nil {
		t.Fatal(err)
	}
	_, err := etcd.Open(context.Background(), etcd.Options{Endpoints: endpoints(t), Prefix: s.Prefix()})
	if !errors.Is(err, etcd.ErrOldLayout) {
		t.Fatalf("Open on the old layout: %v, want ErrOldLayout", err)
	}
}

// TestReplicasAppendWithoutRacing: two replicas take commands at once
// that each see a first-time participant of one meeting and queue a
// reply, in a channel of their own and in one they share, as a vote storm
// does. No Txn loses a race (the outbox is appended and participants are
// stamped: no counter that both write), each channel's replies come out
// in the order they were queued, with distinct IDs, and Delivered
// empties the outbox.
func TestReplicasAppendWithoutRacing(t *testing.T) {
	a, b := twoReplicas(t)
	ctx := context.Background()
	const n = 40
	var wg sync.WaitGroup
	for r, s := range map[string]*etcd.Store{"a": a, "b": b} {
		wg.Go(func() {
			ts := typed.New(s)
			for i := range n {
				err := ts.Update(ctx, func(tx *typed.Tx) error {
					if err := tx.SeePerson("m1", store.Person{ID: fmt.Sprintf("%s%d", r, i), Name: "N"}); err != nil {
						return err
					}
					for _, ch := range []string{"test:" + r, "test:shared"} {
						if err := tx.Enqueue(store.Outgoing{Channel: ch, Reply: chat.Reply{Message: chat.Message{Text: fmt.Sprintf("%s%02d", r, i)}}}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Errorf("%s%d: %v", r, i, err)
				}
			}
		})
	}
	wg.Wait()
	for _, s := range []*etcd.Store{a, b} {
		if commits, conflicts := s.Stats(); commits < n || conflicts != 0 {
			t.Errorf("a replica committed %d transactions and lost %d races; want %d and none", commits, conflicts, n)
		}
	}
	ts := typed.New(a)
	var people []store.Person
	ts.View(ctx, func(tx *typed.Tx) (err error) { people, err = tx.People("m1"); return err })
	if len(people) != 2*n {
		t.Errorf("%d participants; want %d", len(people), 2*n)
	}
	wins, err := ts.Windows(ctx, "test", nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[uint64]bool{}
	var all []store.Outgoing
	for ch, win := range wins {
		last := map[byte]string{}
		for _, o := range win {
			text := o.Reply.Message.Text
			if o.Channel != ch || ids[o.ID] || text <= last[text[0]] {
				t.Errorf("%s: %+v after %q, IDs seen %v: want each channel's replies in their order, IDs distinct", ch, o, last[text[0]], ids[o.ID])
			}
			ids[o.ID], last[text[0]] = true, text
			all = append(all, o)
		}
	}
	if len(wins) != 3 || len(all) != 4*n {
		t.Fatalf("windows of %d channels, %d replies; want 3 and %d", len(wins), len(all), 4*n)
	}
	after, err := ts.Windows(ctx, "test", map[string]uint64{"test:shared": wins["test:shared"][n-1].ID}, 1000)
	if err != nil || len(after["test:shared"]) != n || after["test:shared"][0].ID != wins["test:shared"][n].ID {
		t.Errorf("the shared channel's window after its %dth reply: %d replies, %v; want the %d after it", n, len(after["test:shared"]), err, n)
	}
	if err := ts.Delivered(ctx, all...); err != nil {
		t.Fatal(err)
	}
	if depth, err := ts.OutboxDepth(context.Background()); depth != 0 || err != nil {
		t.Errorf("after Delivered, the outbox holds %d replies (%v); want none", depth, err)
	}
}

// TestDeleteAppendedFindsEveryValue: DeleteAppended finds appended values
// however they lie: many in one Txn, more than it reads at a time, asked
// for out of order, some twice.
func TestDeleteAppendedFindsEveryValue(t *testing.T) {
	etcd.SetAppendWindow(t, 4)
	s := newStore(t)
	ctx := context.Background()
	line := store.K("outbox", "test", "test:c")
	for txn := range 3 {
		err := s.Update(ctx, func(tx store.Txn) error {
			for i := range 10 {
				if err := tx.(store.Appender).Append(line, fmt.Appendf(nil, "%d-%d", txn, i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	numbers := func() (ns []uint64) {
		t.Helper()
		err := s.View(ctx, func(tx store.Txn) error {
			return tx.Scan(line, func(rest store.Key, _ []byte) error {
				ns = append(ns, binary.BigEndian.Uint64([]byte(rest[0])))
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	ns := numbers()
	if len(ns) != 30 {
		t.Fatalf("%d values appended; want 30", len(ns))
	}
	// Every third, from the last: out of order, across the Txns.
	var first []uint64
	for i := len(ns) - 1; i >= 0; i -= 3 {
		first = append(first, ns[i])
	}
	for _, part := range [][]uint64{first, ns, ns} {
		err := s.Update(ctx, func(tx store.Txn) error {
			for _, n := range part {
				if err := tx.(store.Appender).DeleteAppended(line, n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if part[0] == first[0] {
			if left := numbers(); len(left) != 20 {
				t.Errorf("after deleting 10 values out of order, %d left; want 20", len(left))
			}
		}
	}
	if left := numbers(); len(left) != 0 {
		t.Errorf("after deleting them all, %d values left", len(left))
	}
}
