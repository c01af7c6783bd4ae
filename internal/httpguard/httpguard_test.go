package httpguard

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// blockingBody never yields its bytes until released.
type blockingBody struct{ release chan struct{} }

func (b blockingBody) Read(p []byte) (int, error) { <-b.release; return 0, io.EOF }

func TestReadBody(t *testing.T) {
	br := NewReader()
	read := func(body io.Reader, length int64) ([]byte, error) {
		req := httptest.NewRequest(http.MethodPost, "/", body)
		req.ContentLength = length
		return br.ReadBody(httptest.NewRecorder(), req, 1<<20)
	}
	if got, err := read(strings.NewReader("hello"), 5); err != nil || string(got) != "hello" {
		t.Errorf("a small body = %q, %v", got, err)
	}
	if _, err := read(strings.NewReader(""), 2<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a declared 2 MB body: %v, want ErrTooLarge", err)
	}
	if _, err := read(strings.NewReader(strings.Repeat("x", 2<<20)), -1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a chunked 2 MB body: %v, want ErrTooLarge", err)
	}
	// Fill every slot with a large body that stalls: the next large body
	// is refused as busy, while a small one is still read.
	release := make(chan struct{})
	done := make(chan struct{})
	for range BodySlots {
		go func() {
			read(blockingBody{release}, 1<<20)
			done <- struct{}{}
		}()
	}
	for len(br.slots) < BodySlots {
		runtime.Gosched() // until the stalled bodies hold every slot
	}
	if _, err := read(strings.NewReader(strings.Repeat("x", 64<<10)), 64<<10); !errors.Is(err, ErrBusy) || Status(err) != http.StatusServiceUnavailable {
		t.Errorf("a large body with every slot taken: %v, want ErrBusy (503)", err)
	}
	if got, err := read(strings.NewReader("small"), 5); err != nil || string(got) != "small" {
		t.Errorf("a small body with every slot taken = %q, %v", got, err)
	}
	close(release)
	for range BodySlots {
		<-done
	}
}

func TestSampler(t *testing.T) {
	var buf bytes.Buffer
	s := &Sampler{Log: slog.New(slog.NewTextHandler(&buf, nil)), Every: 1 << 62}
	for range 1000 {
		s.Warn(context.Background(), "rejected", "path", "/x")
	}
	if n := strings.Count(buf.String(), "rejected"); n != 1 {
		t.Errorf("1,000 rejections logged %d lines, want 1", n)
	}
}
