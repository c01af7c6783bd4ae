package bolt_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// TestSecretBallotNoResidue extends the byte scan to the pages bbolt has
// freed. While a secret poll is open, every ballot cast leaves old
// copies of the voter roll and of the ballot box in freed pages, and an
// attacker comparing successive copies could tie the last voters to
// their ballots. Once the poll closes, the file (and any backup) must
// hold each voter's ID and each ballot exactly once: the live copy,
// with nothing to compare it with. While the poll is open, a backup is
// refused. 40 voters, 20 runs.
func TestSecretBallotNoResidue(t *testing.T) {
	const runs, n = 20, 40
	for run := range runs {
		s := open(t)
		ctx := context.Background()
		options := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}
		p, _ := facilitation.NewPoll(facilitation.PollSpec{Question: "Chair?", Kind: facilitation.Ranked,
			Options: options, Visibility: facilitation.Secret}, "chair", time0)
		p.ID = 7
		if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.PutPoll(p) }); err != nil {
			t.Fatal(err)
		}
		voters := make([]string, n)
		ballots := make([][]byte, n)
		for i := range n {
			voters[i] = fmt.Sprintf("voter-%02d-%02d-%x", run, i, i*7919)
			b := facilitation.Ballot{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
			rand.New(rand.NewPCG(uint64(run*n+i), 2)).Shuffle(len(b), func(x, y int) { b[x], b[y] = b[y], b[x] })
			ballots[i] = make([]byte, len(b)) // as stored: a byte per choice
			for k, o := range b {
				ballots[i][k] = byte(o)
			}
			if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.CastBallot(7, voters[i], b) }); err != nil {
				t.Fatal(err)
			}
		}
		file, _ := os.ReadFile(s.Path())
		if run == 0 && len(indexAll(file, []byte(voters[0]))) < 2 {
			t.Log("while open, the roll's old copies are not in the file: the scan may be too weak")
		}
		if _, err := s.Backup(ctx, &bytes.Buffer{}); !errors.Is(err, bolt.ErrSecretPollOpen) {
			t.Fatalf("run %d: a backup while the poll is open: %v; want ErrSecretPollOpen", run, err)
		}
		p.Close(time0, "")
		if err := typed.New(s).Update(ctx, func(tx *typed.Tx) error { return tx.PutPoll(p) }); err != nil {
			t.Fatal(err)
		}
		var backup bytes.Buffer
		if _, err := s.Backup(ctx, &backup); err != nil {
			t.Fatalf("run %d: backup after the poll closed: %v", run, err)
		}
		file, err := os.ReadFile(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{"file": file, "backup": backup.Bytes()} {
			for i := range n {
				if got := len(indexAll(data, []byte(voters[i]))); got != 1 {
					t.Errorf("run %d, %s: voter %d appears %d times; want only the live roll's copy", run, name, i, got)
				}
				if got := len(indexAll(data, ballots[i])); got != 1 {
					t.Errorf("run %d, %s: ballot %d appears %d times; want only the live box's copy", run, name, i, got)
				}
			}
		}
		// The store still works on the fresh file.
		got := loadTestPoll(t, s, 7)
		if got.Turnout() != n || !got.Closed {
			t.Errorf("run %d: after compaction the poll has turnout %d, closed %v", run, got.Turnout(), got.Closed)
		}
	}
}

func loadTestPoll(t *testing.T, s *bolt.Store, id int64) *facilitation.Poll {
	t.Helper()
	var p *facilitation.Poll
	if err := typed.New(s).View(context.Background(), func(tx *typed.Tx) error {
		var err error
		p, err = tx.Poll(id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return p
}
