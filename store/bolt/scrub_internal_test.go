package bolt

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenDuringScrub: a second process that waits for the lock while the
// server compacts the file is kept out (ErrInUse), not let into the old
// file the compaction put another in place of, where what it wrote would
// be lost and a backup would keep the freed pages the compaction wipes.
func TestOpenDuringScrub(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	opened := make(chan error, 1)
	go func() {
		other, err := Open(s.Path())
		if err == nil {
			other.Close()
		}
		opened <- err
	}()
	time.Sleep(lockTimeout / 4) // the other is waiting for the lock
	if err := s.scrub(); err != nil {
		t.Fatal(err)
	}
	if err := <-opened; !errors.Is(err, ErrInUse) {
		t.Errorf("an Open waiting during a compaction: %v, want ErrInUse", err)
	}
}
