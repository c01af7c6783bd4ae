package bolt

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
	bolt "go.etcd.io/bbolt"
)

// TestMigrateEntriesAndOutbox builds a version-4 file, with the minutes
// inside the meeting record and the outbox in one line per platform, and
// opens it: the minutes move to their own bucket (their count stays in
// the record), the outbox into a line per channel, nothing lost.
func TestMigrateEntriesAndOutbox(t *testing.T) {
	s := openVersion(t, 4, func(tx *bolt.Tx) error {
		old := `{"id":"1","channel":"slack:T/C","title":"Old","chair":"u1","started":"2026-11-27T18:00:00Z",` +
			`"minutes":[{"kind":"decision","text":"Yes","by":"u1","at":"2026-11-27T18:01:00Z"},` +
			`{"kind":"action","text":"Do it","assignee":"u2","due":"2026-12-24T00:00:00Z","item_id":1,"by":"u1","at":"2026-11-27T18:02:00Z"}]}`
		if err := tx.Bucket(bucketMeetings).Put([]byte("1"), []byte(old)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketRunning).Put([]byte("slack:T/C"), []byte("1")); err != nil {
			return err
		}
		line, err := tx.Bucket(bucketOutbox).CreateBucketIfNotExists([]byte("slack"))
		if err != nil {
			return err
		}
		for i, ch := range []string{"slack:T/C", "slack:T/D", "slack:T/C"} {
			if err := line.Put(u64(uint64(i+1)), []byte(`{"id":`+string(rune('1'+i))+`,"channel":"`+ch+`","reply":{"to":0,"message":{"text":"m"}}}`)); err != nil {
				return err
			}
		}
		return nil
	})
	ctx := context.Background()
	typed.New(s).View(ctx, func(tx *typed.Tx) error {
		m, err := tx.Running("slack:T/C")
		if err != nil || m.EntryCount != 2 {
			t.Errorf("meeting after migration = %+v, %v; want 2 entries counted", m, err)
		}
		es, err := tx.Entries("1")
		if err != nil || len(es) != 2 || es[0].Text != "Yes" || es[1].Assignee != "u2" || es[1].Due.IsZero() || es[1].ItemID != 1 {
			t.Errorf("Entries after migration = %+v, %v", es, err)
		}
		return nil
	})
	wins, err := typed.New(s).Windows(ctx, "slack", nil, 10)
	if err != nil || len(wins["slack:T/C"]) != 2 || len(wins["slack:T/D"]) != 1 {
		t.Errorf("Windows after migration = %v, %v", wins, err)
	}
	if p, _ := typed.New(s).Pending(ctx, "slack", 0, 10); len(p) != 3 || p[0].ID != 1 || p[2].ID != 3 {
		t.Errorf("Pending after migration = %+v", p)
	}
}

// TestDamagedPage: a page overwritten with garbage is reported as an
// error naming the repair, at start and while serving; never a panic.
func TestDamagedPage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = typed.New(s).Update(ctx, func(tx *typed.Tx) error {
		for range 200 {
			if err := tx.Enqueue(store.Outgoing{Channel: "slack:T/C", Reply: chat.Reply{Message: chat.Message{Text: strings.Repeat("x", 100)}}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	s.db.View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket(bucketOutbox).Bucket([]byte("slack")).Bucket([]byte("slack:T/C")).Root())
		return nil
	})
	pageSize := s.db.Info().PageSize
	s.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", pageSize)), int64(root)*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s, err = Open(path)
	if err != nil {
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "bbolt compact") {
			t.Fatalf("Open of a damaged file: %v; want ErrDamaged naming the repair", err)
		}
		return
	}
	defer s.Close()
	if err := s.CheckStart(); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "bbolt compact") {
		t.Errorf("CheckStart = %v; want ErrDamaged naming the repair", err)
	}
	if err := s.Check(); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "bbolt compact") || !strings.Contains(err.Error(), "backup") {
		t.Errorf("Check = %v; want ErrDamaged naming the repair", err)
	}
	if _, err := typed.New(s).Windows(ctx, "slack", nil, 10); !errors.Is(err, ErrDamaged) {
		t.Errorf("reading the damaged outbox: %v; want ErrDamaged, not a panic", err)
	}
}
