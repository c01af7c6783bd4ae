package bolt

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/golden"
	"github.com/klubba/klubba/store/typed"
	bolt "go.etcd.io/bbolt"
)

// TestFileFormat pins the records of the file, byte for byte, as a real
// meeting leaves them: meetings, polls, participants, registers, minutes
// entries, timers and the outbox. Records have types of their own
// (package record), apart from the domain's, so a field renamed in
// facilitation changes nothing here; a change of a record type fails
// this test, and needs a migration rather than slipping through.
// testdata/format.golden; go test -update rewrites it, and its diff is
// reviewed like code.
func TestFileFormat(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tpl := facilitation.Template{
		Name: "annual", Title: "Annual meeting", Protocol: true,
		Agenda: []facilitation.TemplateItem{{Title: "Opening", Timebox: 5 * time.Minute}, {Title: "Motions", Timebox: 30 * time.Minute}},
		Rules:  []string{"Be kind"},
		Queue:  facilitation.QueueRules{MaxTurn: 3 * time.Minute},
		Polls:  facilitation.PollRules{Visibility: facilitation.Anonymous},
	}
	clock := bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC))
	b, err := bot.New(typed.New(s), bot.Options{Templates: []facilitation.Template{tpl}, Clock: clock, Random: rand.NewChaCha8([32]byte{'k'})})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"ann> start annual", "bo> hand", "cy> hand", "ann> next", "ann> next item",
		`bo> propose "that the motion be adopted"`, `cy> propose --amends 1 "that the fee be 200 SEK"`, "dan> support 1",
		`ann> poll yesno "Adopt the budget?"`, "bo> vote 1", "cy> vote 2",
		`ann> poll yesno "Elect Dan?" --secret`, "bo> vote 1",
		`ann> decision "The budget is adopted"`, `ann> action @bo "Send the minutes" 2026-12-01`,
	} {
		user, text, _ := bytes.Cut([]byte(line), []byte("> "))
		clock.Advance(time.Minute)
		resp, err := b.Handle(context.Background(), bot.Request{Channel: "test:c1", User: string(user), UserName: string(user), Text: string(text)})
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if resp.Refused {
			t.Fatalf("%s was refused: %+v", line, resp.Replies)
		}
	}
	var out bytes.Buffer
	s.db.View(func(tx *bolt.Tx) error {
		dump := func(path string, b *bolt.Bucket, hexValues ...bool) {
			b.ForEach(func(k, v []byte) error {
				if v == nil {
					return nil
				}
				key := string(k)
				if len(k) == 8 || len(k) == 16 { // sequence numbers and timer keys
					key = fmt.Sprintf("%x", k)
				}
				if len(hexValues) > 0 { // ballots: a byte per choice
					fmt.Fprintf(&out, "%s/%s: %x\n", path, key, v)
				} else {
					fmt.Fprintf(&out, "%s/%s: %s\n", path, key, v)
				}
				return nil
			})
		}
		for _, name := range []string{"meetings", "running", "last", "polls"} {
			dump(name, tx.Bucket([]byte(name)))
		}
		votes := tx.Bucket(bucketVotes)
		votes.ForEachBucket(func(k []byte) error { dump("votes/"+string(k), votes.Bucket(k), true); return nil })
		for _, name := range []string{"people", "register", "entries"} {
			root := tx.Bucket([]byte(name))
			root.ForEachBucket(func(k []byte) error { dump(name+"/"+string(k), root.Bucket(k)); return nil })
		}
		dump("timers", tx.Bucket(bucketTimers))
		outbox := tx.Bucket(bucketOutbox)
		outbox.ForEachBucket(func(p []byte) error {
			line := outbox.Bucket(p)
			return line.ForEachBucket(func(ch []byte) error { dump("outbox/"+string(p)+"/"+string(ch), line.Bucket(ch)); return nil })
		})
		if refreshes := tx.Bucket([]byte("refreshes")); refreshes != nil {
			refreshes.ForEachBucket(func(ch []byte) error { dump("refreshes/"+string(ch), refreshes.Bucket(ch)); return nil })
		}
		return nil
	})
	golden.Check(t, "format.golden", out.Bytes())
}
