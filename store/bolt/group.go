package bolt

import (
	"errors"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// groupCommit shares read-write transactions among concurrent writers
// without waiting for company: a writer that finds no commit under way
// commits at once, alone; writers that arrive during a commit (its
// fsync) are committed together in the next one, by the first of them.
// bbolt's DB.Batch instead waits up to MaxBatchDelay (10 ms) for
// company, which a lone writer pays in full.
//
// Each writer's function runs in the shared transaction one after
// another. When one fails, the transaction is rolled back, the failing
// function is run again alone (so its error is its own), and the others
// are run again together: a failing writer never fails its neighbours,
// but costs them a second run (docs/architecture.md, "State").
type groupCommit struct {
	mu      sync.Mutex
	pending []*groupCall
	running bool
}

type groupCall struct {
	fn func(*bolt.Tx) error
	// done carries the writer's result, or errLead first to tell it to
	// commit the group.
	done chan error
}

// errLead tells a waiting writer to commit the group it leads.
var errLead = errors.New("bolt: lead the group commit")

// group runs fn in a read-write transaction shared with concurrent
// writers.
func (s *Store) group(fn func(*bolt.Tx) error) error {
	g := &s.groups
	c := &groupCall{fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, c)
	if !g.running {
		g.running = true
		c.done <- errLead
	}
	g.mu.Unlock()
	if err := <-c.done; err != errLead {
		return err
	}
	g.mu.Lock()
	calls := g.pending
	g.pending = nil
	g.mu.Unlock()
	s.commitGroup(calls)
	g.mu.Lock()
	if len(g.pending) > 0 {
		g.pending[0].done <- errLead // the next group's leader
	} else {
		g.running = false
	}
	g.mu.Unlock()
	return <-c.done
}

// commitGroup commits calls in one transaction, and tells each its
// result.
func (s *Store) commitGroup(calls []*groupCall) {
	for len(calls) > 0 {
		failed := -1
		err := s.update(func(tx *bolt.Tx) error {
			for i, c := range calls {
				if err := c.fn(tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, c := range calls {
				c.done <- err
			}
			return
		}
		c := calls[failed]
		c.done <- s.update(c.fn)
		calls = append(calls[:failed:failed], calls[failed+1:]...)
	}
}
