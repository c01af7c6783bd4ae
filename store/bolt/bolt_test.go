package bolt_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/storetest"
	"github.com/klubba/klubba/store/typed"
)

func open(t *testing.T) *bolt.Store {
	t.Helper()
	s, err := bolt.Open(filepath.Join(t.TempDir(), "klubba.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend { return open(t) })
}

func TestInUse(t *testing.T) {
	s := open(t)
	_, err := bolt.Open(s.Path())
	if !errors.Is(err, bolt.ErrInUse) {
		t.Fatalf("second Open error = %v, want ErrInUse", err)
	}
}

func TestSchemaVersion(t *testing.T) {
	s := open(t)
	path := s.Path()
	if v, err := s.Version(); err != nil || v != bolt.SchemaVersion {
		t.Fatalf("Version() = %d, %v; want %d", v, err, bolt.SchemaVersion)
	}
	s.Close()
	s, err := bolt.Open(path) // reopening applies nothing and keeps the version
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.Version(); v != bolt.SchemaVersion {
		t.Errorf("after reopen Version() = %d", v)
	}
}

func TestBackup(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	m := facilitation.New("1", "c", "Annual", "ann", facilitation.Template{}, time0)
	if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.PutMeeting(m) }); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if _, err := s.BackupFile(ctx, dst); err != nil {
		t.Fatal(err)
	}
	c, err := bolt.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Check(); err != nil {
		t.Errorf("backup fails the consistency check: %v", err)
	}
	typed.New(c).View(ctx, func(tx *typed.Tx) error {
		got, err := tx.Running("c")
		if err != nil || got.Title != "Annual" {
			t.Errorf("backup Running(c) = %v, %v", got, err)
		}
		return nil
	})
}

// TestSecretBallotLeavesNoLink scans every byte of the database file and
// of a backup for each voter's ID and each voter's own ballot, which is a
// distinctive 8-byte ranking here. A store that kept voter -> ballot, in
// any record, puts the two side by side; this one keeps the voter roll
// (IDs with empty values) apart from the ballot box (random keys), so no
// voter's ballot stands near their ID, and the box's order is not the
// order of voting.
func TestSecretBallotLeavesNoLink(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	options := []string{"A", "B", "C", "D", "E", "F", "G", "H"}
	p, _ := facilitation.NewPoll(facilitation.PollSpec{Question: "Chair?", Kind: facilitation.Ranked,
		Options: options, Visibility: facilitation.Secret}, "chair", time0)
	p.ID = 7
	typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.PutPoll(p) })
	const n = 24
	voters := make([]string, n)
	ballots := make([][]byte, n)
	for i := range n {
		voters[i] = fmt.Sprintf("voter-%02d-%x", i, i*7919)
		b := facilitation.Ballot{0, 1, 2, 3, 4, 5, 6, 7}
		rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(b), func(x, y int) { b[x], b[y] = b[y], b[x] })
		ballots[i] = make([]byte, len(b))
		for k, o := range b {
			ballots[i][k] = byte(o)
		}
		if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.CastBallot(7, voters[i], b) }); err != nil {
			t.Fatal(err)
		}
	}
	// While the poll is open a backup is refused (see
	// TestSecretBallotNoResidue for the file and backups once it closes).
	if _, err := s.Backup(ctx, &bytes.Buffer{}); !errors.Is(err, bolt.ErrSecretPollOpen) {
		t.Fatalf("backup while a secret poll is open: %v; want ErrSecretPollOpen", err)
	}
	file, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	const near = 256 // bytes around an ID in which its ballot must not stand
	for name, data := range map[string][]byte{"file": file} {
		for i, v := range voters {
			offsets := indexAll(data, []byte(v))
			if len(offsets) == 0 {
				t.Fatalf("%s: voter %s not found: the scan is not looking at the right bytes", name, v)
			}
			for _, at := range offsets {
				window := data[max(0, at-near):min(len(data), at+len(v)+near)]
				if bytes.Contains(window, ballots[i]) {
					t.Errorf("%s: voter %s's ballot stands within %d bytes of their ID at %d", name, v, near, at)
				}
			}
		}
		// The live ballot box is the last copy of each ballot in the
		// backup's order of pages; its order must not be the voting order.
		var order []int
		for i, b := range ballots {
			offsets := indexAll(data, b)
			if len(offsets) == 0 {
				t.Fatalf("%s: ballot %d not found: the scan is not looking at the right bytes", name, i)
			}
			order = append(order, offsets[len(offsets)-1])
		}
		if slices.IsSorted(order) {
			t.Errorf("%s: the ballots lie in the order they were cast", name)
		}
	}
}

func indexAll(data, sub []byte) []int {
	var out []int
	for i := 0; ; {
		j := bytes.Index(data[i:], sub)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}

func TestOutboxDepth(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if n, err := typed.New(s).OutboxDepth(context.Background()); err != nil || n != 0 {
		t.Fatalf("empty outbox depth = %d, %v", n, err)
	}
	for _, ch := range []string{"slack:a", "teams:b", "slack:c"} {
		typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.Enqueue(store.Outgoing{Channel: ch}) })
	}
	if n, _ := typed.New(s).OutboxDepth(context.Background()); n != 3 {
		t.Errorf("depth = %d, want 3", n)
	}
	p, _ := typed.New(s).Pending(ctx, "slack", 0, 10)
	typed.New(s).Delivered(ctx, p...)
	if n, _ := typed.New(s).OutboxDepth(context.Background()); n != 1 {
		t.Errorf("depth after delivering Slack's = %d, want 1", n)
	}
}

func TestKV(t *testing.T) {
	storetest.RunKV(t, func(t *testing.T) store.Backend { return open(t) })
}
