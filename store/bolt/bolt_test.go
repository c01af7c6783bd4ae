package bolt_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/storetest"
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
	storetest.Run(t, func(t *testing.T) storetest.Store { return open(t) })
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
	if err := s.Update(ctx, func(tx bot.Tx) error { return tx.PutMeeting(m) }); err != nil {
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
	c.View(ctx, func(tx bot.Tx) error {
		got, err := tx.Running("c")
		if err != nil || got.Title != "Annual" {
			t.Errorf("backup Running(c) = %v, %v", got, err)
		}
		return nil
	})
}

// TestSecretBallotLeavesNoLink scans every byte of the database file and
// of a backup: no voter ID may stand in a record that also holds a choice.
// Voter IDs appear only in the voter roll, whose values are empty, and
// ballots only under random keys.
func TestSecretBallotLeavesNoLink(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	p, _ := facilitation.NewPoll(facilitation.PollSpec{Question: "Chair?", Kind: facilitation.Ranked,
		Options: []string{"Ada", "Bo", "Cy"}, Visibility: facilitation.Secret}, "chair", time0)
	p.ID = 7
	s.Update(ctx, func(tx bot.Tx) error { return tx.PutPoll(p) })
	voters := map[string]facilitation.Ballot{
		"voter-alpha-7f3a": {2, 0, 1},
		"voter-bravo-91c2": {0, 1, 2},
		"voter-carol-5d18": {1},
	}
	for v, b := range voters {
		if err := s.Update(ctx, func(tx bot.Tx) error { return tx.CastBallot(7, v, b) }); err != nil {
			t.Fatal(err)
		}
	}
	var backup bytes.Buffer
	if _, err := s.Backup(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"file": file, "backup": backup.Bytes()} {
		for v := range voters {
			n := bytes.Count(data, []byte(v))
			if n == 0 {
				t.Fatalf("%s: voter %s not found at all: the scan is not looking at the right bytes", name, v)
			}
			for i := 0; ; {
				j := bytes.Index(data[i:], []byte(v))
				if j < 0 {
					break
				}
				at := i + j
				// A leaf element of the voter roll: the key is followed by an
				// empty value, so the next bytes are the next key or padding,
				// never a JSON ballot.
				window := data[at+len(v) : min(len(data), at+len(v)+8)]
				if bytes.HasPrefix(window, []byte("[")) {
					t.Errorf("%s: voter %s is followed by a ballot %q", name, v, window)
				}
				i = at + len(v)
			}
		}
		if !bytes.Contains(data, []byte("[2,0,1]")) {
			t.Fatalf("%s: ballot [2,0,1] not found: the scan is not looking at the right bytes", name)
		}
	}
}
