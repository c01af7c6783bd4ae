package bolt

import (
	"context"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestMigrateRefs builds a version-9 file, whose references of all kinds
// share the "refs" bucket, and opens it: version 10 moves each into its
// typed bucket, where the layout is as refs.go says, and drops the old one.
func TestMigrateRefs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v9.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]string{
		"slack:T1/C1|poll/4":           "C1/1.1",
		"teams:19:x@thread|agenda/7":   "19:x|act-1",
		"conv|teams:19:x@thread":       `{"serviceUrl":"https://svc/"}`,
		"personal|https://svc/|29:ann": `{"conversationId":"a:1"}`,
		"nonsense":                     "dropped",
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
		for _, m := range migrations[:9] {
			if err := m(tx); err != nil {
				return err
			}
		}
		for k, v := range old {
			if err := tx.Bucket(bucketRefs).Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return meta.Put(keySchema, u64(9))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.Version(); v != SchemaVersion || v < 10 {
		t.Fatalf("version after migration = %d", v)
	}
	for k, v := range old {
		if k == "nonsense" {
			continue
		}
		if got, err := s.MessageRef(context.Background(), k); err != nil || got != v {
			t.Errorf("MessageRef(%s) after migration = %q, %v; want %q", k, got, err, v)
		}
	}
	// The layout, byte for byte.
	s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketRefs) != nil {
			t.Error("the old refs bucket is still there")
		}
		for _, c := range []struct{ bucket, sub, key, want string }{
			{"message_refs", "slack:T1/C1", "poll/4", "C1/1.1"},
			{"message_refs", "teams:19:x@thread", "agenda/7", "19:x|act-1"},
			{"conversation_refs", "", "teams:19:x@thread", `{"serviceUrl":"https://svc/"}`},
			{"personal_refs", "", "https://svc/|29:ann", `{"conversationId":"a:1"}`},
		} {
			b := tx.Bucket([]byte(c.bucket))
			if c.sub != "" && b != nil {
				b = b.Bucket([]byte(c.sub))
			}
			if b == nil || string(b.Get([]byte(c.key))) != c.want {
				t.Errorf("%s/%s[%s] is not %q", c.bucket, c.sub, c.key, c.want)
			}
		}
		return nil
	})
}
