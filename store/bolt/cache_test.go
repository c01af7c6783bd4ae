package bolt

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
)

func TestMeetingCacheBounds(t *testing.T) {
	c := newMeetingCache(10, 3)
	raw := func(n int) []byte { return make([]byte, n) }
	c.put("a", raw(4), record.Meeting{ID: "a"})
	c.put("b", raw(4), record.Meeting{ID: "b"})
	if _, ok := c.get("a", raw(4)); !ok { // a is now the most recently used
		t.Fatal("get(a) missed")
	}
	if _, ok := c.get("a", raw(5)); ok {
		t.Error("get(a) with other bytes hit")
	}
	c.put("c", raw(4), record.Meeting{ID: "c"}) // 12 bytes: b goes
	if _, ok := c.get("b", raw(4)); ok {
		t.Error("b was kept past the byte bound")
	}
	c.put("d", raw(1), record.Meeting{ID: "d"})
	c.put("e", raw(1), record.Meeting{ID: "e"}) // 4 meetings: a goes
	if _, ok := c.get("a", raw(4)); ok {
		t.Error("a was kept past the count bound")
	}
	c.put("f", raw(11), record.Meeting{ID: "f"})
	if _, ok := c.get("f", raw(11)); ok {
		t.Error("a record larger than the cache was kept")
	}
	if c.size != 6 || c.lru.Len() != 3 || len(c.byID) != 3 {
		t.Errorf("size %d, %d entries (%d indexed), want 6 bytes in 3", c.size, c.lru.Len(), len(c.byID))
	}
}

// TestMeetingCacheConcurrent reads a meeting while writers change it,
// some of them rolled back, and checks that every read sees a committed
// state (run it with -race).
func TestMeetingCacheConcurrent(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "klubba.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
	m := facilitation.New("1", "c", "0", "ann", facilitation.Template{}, t0)
	if err := s.Update(ctx, func(tx bot.Tx) error { return tx.PutMeeting(m) }); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 2 {
		wg.Go(func() {
			for i := range 50 {
				rollback := i%3 == 0
				err := s.Batch(ctx, func(tx bot.Tx) error {
					m, err := tx.Meeting("1")
					if err != nil {
						return err
					}
					m.Title = fmt.Sprint("committed ", w, i)
					if rollback {
						m.Title = "rolled back"
					}
					if err := tx.PutMeeting(m); err != nil {
						return err
					}
					if rollback {
						return errRollback
					}
					return nil
				})
				if err != nil && err != errRollback {
					errs <- err
					return
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 200 {
				err := s.View(ctx, func(tx bot.Tx) error {
					m, err := tx.Meeting("1")
					if err == nil && m.Title == "rolled back" {
						err = fmt.Errorf("read a rolled-back title")
					}
					if err == nil {
						m.Title = "rolled back" // the reader's own copy
					}
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

var errRollback = fmt.Errorf("roll back")
