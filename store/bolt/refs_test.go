package bolt

import (
	"context"
	"strings"
	"testing"

	"github.com/klubba/klubba/store/typed"
	bolt "go.etcd.io/bbolt"
)

// TestMigrateRefs builds a version-9 file, whose references of all kinds
// share the "refs" bucket, and opens it: version 10 moves each into its
// typed bucket, and version 11 the conversation and personal-chat
// references into the Teams adapter's own key space, where the layout is
// as refs.go says; the old buckets go.
func TestMigrateRefs(t *testing.T) {
	old := map[string]string{
		"slack:T1/C1|poll/4":           "C1/1.1",
		"teams:19:x@thread|agenda/7":   "19:x|act-1",
		"conv|teams:19:x@thread":       `{"serviceUrl":"https://svc/"}`,
		"personal|https://svc/|29:ann": `{"conversationId":"a:1"}`,
		"teamsuser|aad-1":              "29:bf",
		"nonsense":                     "dropped",
	}
	s := openVersion(t, 9, func(tx *bolt.Tx) error {
		for k, v := range old {
			if err := tx.Bucket(bucketRefs).Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if v, _ := s.Version(); v != SchemaVersion || v < 10 {
		t.Fatalf("version after migration = %d", v)
	}
	ts := typed.New(s)
	for k, v := range old {
		get := ts.MessageRef
		switch {
		case k == "nonsense":
			continue
		case strings.HasPrefix(k, "conv|"), strings.HasPrefix(k, "personal|"), strings.HasPrefix(k, "teamsuser|"):
			get = ts.Space("teams").Get
		}
		if got, err := get(context.Background(), k); err != nil || got != v {
			t.Errorf("reference %s after migration = %q, %v; want %q", k, got, err, v)
		}
	}
	// The layout, byte for byte.
	s.db.View(func(tx *bolt.Tx) error {
		for _, name := range []string{"refs", "conversation_refs", "personal_refs"} {
			if tx.Bucket([]byte(name)) != nil {
				t.Errorf("the old %s bucket is still there", name)
			}
		}
		for _, c := range []struct{ bucket, sub, key, want string }{
			{"message_refs", "slack:T1/C1", "poll/4", "C1/1.1"},
			{"message_refs", "teams:19:x@thread", "agenda/7", "19:x|act-1"},
			{"adapters", "teams", "conv|teams:19:x@thread", `{"serviceUrl":"https://svc/"}`},
			{"adapters", "teams", "personal|https://svc/|29:ann", `{"conversationId":"a:1"}`},
			{"adapters", "teams", "teamsuser|aad-1", "29:bf"},
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

// TestMigrateChannelLang builds a version-10 file in which a channel's
// language is the one participant "lang" of the pseudo-meeting
// "lang:CHANNEL", and opens it: version 11 keeps the language in
// channel_lang and drops the pseudo-meeting.
func TestMigrateChannelLang(t *testing.T) {
	s := openVersion(t, 10, func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketPeople).CreateBucketIfNotExists([]byte("lang:slack:T1/C1"))
		if err != nil {
			return err
		}
		return b.Put([]byte("lang"), []byte(`{"seq":1,"name":"sv"}`))
	})
	typed.New(s).View(context.Background(), func(tx *typed.Tx) error {
		if l, err := tx.ChannelLang("slack:T1/C1"); err != nil || l != "sv" {
			t.Errorf("ChannelLang after migration = %q, %v; want sv", l, err)
		}
		if people, err := tx.People("lang:slack:T1/C1"); err != nil || len(people) != 0 {
			t.Errorf("the pseudo-meeting is still there: %v, %v", people, err)
		}
		return nil
	})
}
