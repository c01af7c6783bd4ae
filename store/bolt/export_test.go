package bolt_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/klubba/klubba/store/bolt"
)

var time0 = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

func openB(b *testing.B) (*bolt.Store, error) {
	s, err := bolt.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err == nil {
		b.Cleanup(func() { s.Close() })
	}
	return s, err
}
