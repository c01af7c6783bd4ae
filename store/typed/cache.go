package typed

import (
	"bytes"
	"container/list"
	"sync"

	"github.com/klubba/klubba/store/record"
)

// recordCache keeps the decoded records of recently read or written
// meetings or polls (issue 13): every command reads its meeting, every
// vote its poll, and decoding the record of a meeting of 2,000 people
// costs milliseconds (a poll's, a few microseconds in each of a storm's
// votes), while checking that the stored bytes did not change costs
// nanoseconds to microseconds.
//
// An entry is the stored bytes and what they decode to. It is used only
// while the stored bytes are equal to its own, so a stale entry (one a
// later write, a rollback or a compaction left behind) is never used,
// and an entry is added only for bytes a committed transaction stored
// or a read found. Entries are never changed, and what is handed out is
// converted afresh (record.Meeting.ToMeetingParsed and
// record.Poll.ToPoll share nothing with the record), so concurrent
// readers need no more than the lock on the index.
type recordCache[V any] struct {
	mu      sync.Mutex
	byID    map[string]*list.Element // of *cached[V]
	lru     list.List                // most recently used first
	size    int                      // of the raw bytes of all entries
	maxSize int
	maxN    int
}

type cached[V any] struct {
	id  string
	raw []byte
	val V
}

// meetingEntry is a meeting's record, with its Parsed (nil for none).
type meetingEntry struct {
	rec    record.Meeting
	parsed *record.Parsed
}

// Bounds of the caches, on the stored bytes they keep (the decoded
// records take about as much again, and what a meeting's queues' lists
// parse to, kept with them, as much once more): those of a meeting of
// 2,000 waiting and 2,000 turns are about 400 kB, those of an ordinary
// meeting a few kB, a poll's a few hundred bytes. The count is there for
// the many small ones: at 64, meetings in 200 channels at once pushed
// each other out, and every command decoded its meeting again.
const (
	cacheMaxBytes    = 8 << 20
	cacheMaxMeetings = 1024
	cacheMaxPolls    = 1024
)

func newRecordCache[V any](maxSize, maxN int) *recordCache[V] {
	return &recordCache[V]{byID: map[string]*list.Element{}, maxSize: maxSize, maxN: maxN}
}

// get returns what the record id stored as raw decodes to, if the cache
// holds it. It is shared: the caller only reads it.
func (c *recordCache[V]) get(id string, raw []byte) (*V, bool) {
	c.mu.Lock()
	var e *cached[V]
	if el, ok := c.byID[id]; ok {
		c.lru.MoveToFront(el)
		e = el.Value.(*cached[V])
	}
	c.mu.Unlock()
	if e == nil || !bytes.Equal(e.raw, raw) { // e is never changed: compared without the lock
		return nil, false
	}
	return &e.val, true
}

// latest returns what record id last kept decodes to, whether or not it
// is still the stored one: a meeting being written takes from it the
// text of what did not change (record.FromMeetingAfter). It is shared:
// the caller only reads it.
func (c *recordCache[V]) latest(id string) (*V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		return &el.Value.(*cached[V]).val, true
	}
	return nil, false
}

// put keeps val as what record id stored as raw decodes to. The cache
// owns raw and val from then on.
func (c *recordCache[V]) put(id string, raw []byte, val V) {
	if len(raw) > c.maxSize {
		c.drop(id)
		return
	}
	e := &cached[V]{id: id, raw: raw, val: val}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		c.size -= len(el.Value.(*cached[V]).raw)
		el.Value = e
		c.lru.MoveToFront(el)
	} else {
		c.byID[id] = c.lru.PushFront(e)
	}
	c.size += len(raw)
	for c.size > c.maxSize || c.lru.Len() > c.maxN {
		last := c.lru.Back()
		old := c.lru.Remove(last).(*cached[V])
		delete(c.byID, old.id)
		c.size -= len(old.raw)
	}
}

// drop forgets record id.
func (c *recordCache[V]) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		c.size -= len(el.Value.(*cached[V]).raw)
		c.lru.Remove(el)
		delete(c.byID, id)
	}
}
