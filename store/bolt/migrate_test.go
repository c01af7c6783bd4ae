package bolt

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/store/typed"
	bolt "go.etcd.io/bbolt"
)

// TestMigrateParticipants builds a version-1 file, with participants
// inside the meeting record, and opens it: version 2 moves them out.
func TestMigrateParticipants(t *testing.T) {
	s := openVersion(t, 1, func(tx *bolt.Tx) error {
		old := `{"id":"1","channel":"c","title":"Old","chair":"u1","people":{"u1":"Ann","u2":"Bo"},"seen":["u2","u1"]}`
		if err := tx.Bucket(bucketMeetings).Put([]byte("1"), []byte(old)); err != nil {
			return err
		}
		return tx.Bucket(bucketRunning).Put([]byte("c"), []byte("1"))
	})
	if v, _ := s.Version(); v != SchemaVersion || v < 2 {
		t.Fatalf("version after migration = %d", v)
	}
	typed.New(s).Update(context.Background(), func(tx *typed.Tx) error {
		people, err := tx.People("1")
		want := []bot.Person{{ID: "u2", Name: "Bo"}, {ID: "u1", Name: "Ann"}}
		if err != nil || !reflect.DeepEqual(people, want) {
			t.Errorf("People after migration = %v, %v; want %v", people, err, want)
		}
		if err := tx.SeePerson("1", bot.Person{ID: "u3", Name: "Cy"}); err != nil {
			return err
		}
		people, _ = tx.People("1")
		if len(people) != 3 || people[2].ID != "u3" {
			t.Errorf("a person seen after migration is not last: %v", people)
		}
		m, err := tx.Running("c")
		if err != nil || m.Title != "Old" {
			t.Errorf("meeting after migration = %v, %v", m, err)
		}
		return nil
	})
}

// openVersion builds a file of schema version v, as the first v
// migrations leave it, with what fill adds in the same transaction, and
// opens it, which migrates it to SchemaVersion.
func openVersion(t *testing.T, v int, fill func(tx *bolt.Tx) error) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("v%d.db", v))
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		for _, m := range migrations[:v] {
			if err := m(tx); err != nil {
				return err
			}
		}
		if err := fill(tx); err != nil {
			return err
		}
		return meta.Put(keySchema, u64(uint64(v)))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(99)) })
	s.Close()
	if _, err := Open(path); err == nil {
		t.Fatal("a file from a newer Klubba was opened")
	}
}
