package typed

import (
	"bytes"
	"container/list"
	"sync"

	"github.com/klubba/klubba/store/record"
)

// meetingCache keeps the decoded records of recently read or written
// meetings (issue 13): every command reads its meeting, and decoding
// the record of a meeting of 2,000 people costs milliseconds, while
// checking that the stored bytes did not change costs microseconds.
//
// An entry is the stored bytes and the record they decode to. It is
// used only while the meeting's stored bytes are equal to its own, so a
// stale entry (one a later write, a rollback or a compaction left
// behind) is never used, and an entry is added only for bytes a
// committed transaction stored or a read found. Entries are never
// changed, and the records handed out are converted afresh
// (record.Meeting.ToMeetingParsed shares nothing with the record or
// its Parsed), so concurrent readers need no more than the lock on the
// index.
type meetingCache struct {
	mu      sync.Mutex
	byID    map[string]*list.Element // of *cachedMeeting
	lru     list.List                // most recently used first
	size    int                      // of the raw bytes of all entries
	maxSize int
	maxN    int
}

type cachedMeeting struct {
	id     string
	raw    []byte
	rec    record.Meeting
	parsed *record.Parsed // of rec; nil for none
}

// Bounds of the cache, on the stored bytes it keeps (the decoded records
// take about as much again, and what their queues' lists parse to, kept
// with them, as much once more): those of a meeting of 2,000 waiting and
// 2,000 turns are about 400 kB, those of an ordinary meeting a few kB.
// The count is there for the many small ones: at 64, meetings in 200
// channels at once pushed each other out, and every command decoded its
// meeting again.
const (
	cacheMaxBytes    = 8 << 20
	cacheMaxMeetings = 1024
)

func newMeetingCache(maxSize, maxN int) *meetingCache {
	return &meetingCache{byID: map[string]*list.Element{}, maxSize: maxSize, maxN: maxN}
}

// get returns the record of meeting id, and its Parsed, if the cache
// holds the one raw decodes to. They are shared: the caller only reads
// them.
func (c *meetingCache) get(id string, raw []byte) (*record.Meeting, *record.Parsed, bool) {
	c.mu.Lock()
	var e *cachedMeeting
	if el, ok := c.byID[id]; ok {
		c.lru.MoveToFront(el)
		e = el.Value.(*cachedMeeting)
	}
	c.mu.Unlock()
	if e == nil || !bytes.Equal(e.raw, raw) { // e is never changed: compared without the lock
		return nil, nil, false
	}
	return &e.rec, e.parsed, true
}

// latest returns the record of meeting id last kept, and its Parsed,
// whether or not it is still the stored one: a record being written
// takes from it the text of what did not change (record.FromMeetingAfter).
func (c *meetingCache) latest(id string) (*record.Meeting, *record.Parsed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		e := el.Value.(*cachedMeeting)
		return &e.rec, e.parsed
	}
	return nil, nil
}

// put keeps rec as the record of meeting id that raw decodes to, with
// parsed, its Parsed (nil for none). The cache owns them from then on.
func (c *meetingCache) put(id string, raw []byte, rec record.Meeting, parsed *record.Parsed) {
	if len(raw) > c.maxSize {
		c.drop(id)
		return
	}
	e := &cachedMeeting{id: id, raw: raw, rec: rec, parsed: parsed}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		c.size -= len(el.Value.(*cachedMeeting).raw)
		el.Value = e
		c.lru.MoveToFront(el)
	} else {
		c.byID[id] = c.lru.PushFront(e)
	}
	c.size += len(raw)
	for c.size > c.maxSize || c.lru.Len() > c.maxN {
		last := c.lru.Back()
		old := c.lru.Remove(last).(*cachedMeeting)
		delete(c.byID, old.id)
		c.size -= len(old.raw)
	}
}

// drop forgets meeting id.
func (c *meetingCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		c.size -= len(el.Value.(*cachedMeeting).raw)
		c.lru.Remove(el)
		delete(c.byID, id)
	}
}
