package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"
	"github.com/prometheus/client_golang/prometheus"
)

// hungStore is a store that never answers a read, as an etcd cut off.
type hungStore struct{ store.Backend }

func (hungStore) View(ctx context.Context, _ func(store.Txn) error) error {
	<-ctx.Done()
	return ctx.Err()
}

// TestReadyWhenStoreHangs: a store that does not answer makes /readyz
// answer 503 within its timeout, and /metrics answer, rather than hang.
func TestReadyWhenStoreHangs(t *testing.T) {
	a := &app{store: typed.New(hungStore{mem.New()})}
	var ready atomic.Bool
	ready.Store(true)
	mux := a.routes(prometheus.NewRegistry(), &ready)
	done := make(chan int, 1)
	go func() {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		done <- w.Code
	}()
	select {
	case code := <-done:
		if code != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the store hung: %d, want 503", code)
		}
	case <-time.After(readyTimeout + 5*time.Second):
		t.Fatal("/readyz hangs while the store does")
	}
}
