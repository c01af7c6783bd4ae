package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// TestServeDamagedFile: `klubba serve` on a file whose outbox page is
// damaged stops at once with an error naming the repair; no panic.
func TestServeDamagedFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	s, err := bolt.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	err = typed.New(s).Update(context.Background(), func(tx *typed.Tx) error {
		for range 50 {
			o := bot.Outgoing{Channel: "slack:T1/C1", Reply: chat.Reply{Message: chat.Message{Text: "outbox-marker-" + strings.Repeat("x", 40)}}}
			if err := tx.Enqueue(o); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.LastIndex(data, []byte("outbox-marker-"))
	if at < 0 {
		t.Fatal("outbox entry not found in the file")
	}
	const pageSize = 4096
	page := at / pageSize * pageSize
	copy(data[page:page+pageSize], bytes.Repeat([]byte{0xff}, pageSize))
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runKlubba(t, []string{"KLUBBA_LISTEN=" + freeAddr(t), "KLUBBA_SLACK_SIGNING_SECRET=s", "KLUBBA_SLACK_BOT_TOKEN=xoxb-x"},
		nil, "serve", "--db", db)
	want(t, r, 1, "is damaged", "restore", "bbolt compact")
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("serve panicked:\n%s", r.stderr)
	}
}
