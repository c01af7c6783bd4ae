package typed

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/klubba/klubba/store"
)

// Enqueue adds a reply to the outbox, to be delivered after commit, in
// the line of its channel: outbox/PLATFORM/CHANNEL/ID. IDs grow in commit
// order, so a reader's windows (see Windows) never skip a reply that
// commits after its last read. A backend that is a store.Appender picks
// the ID at commit; the others take it from the sequence outbox.
//
// A refresh (an edit rendered from the state when it is delivered,
// chat.Reply.Refresh) is queued once per message: while one waits, a
// vote storm's thousands more add nothing, as the one waiting will show
// their state. A mark (refreshes/CHANNEL/KEY) says one waits; the
// deliverer clears it before rendering (ClearRefresh), so a change
// committed after the rendering queues a refresh of its own, and
// Delivered clears it with the entry.
func (t *Tx) Enqueue(o store.Outgoing) error {
	if o.Reply.Refresh {
		mark := refreshMark(o.Channel, o.Reply.Key)
		if waiting, err := t.has(mark); err != nil || waiting {
			return err
		}
		if err := t.t.Put(mark, []byte("1")); err != nil {
			return err
		}
	}
	line := outboxLine(o.Channel)
	if a, ok := t.t.(store.Appender); ok {
		o.ID = 0 // the key holds it
		data, err := json.Marshal(o)
		if err != nil {
			return err
		}
		return a.Append(line, data)
	}
	id, err := t.t.NextSeq(store.K(tOutbox))
	if err != nil {
		return err
	}
	o.ID = id
	data, err := json.Marshal(o) // the message model is no record (yet)
	if err != nil {
		return err
	}
	return t.t.Put(append(line, u64(id)), data)
}

// refreshMark says that a refresh of the message under key waits in
// channel's line of the outbox (see Enqueue).
func refreshMark(channel, key string) store.Key { return store.K(tRefreshes, channel, key) }

// ClearRefresh forgets that a refresh of the message under key waits in
// channel's line: the deliverer calls it before it renders one, so that
// whatever commits after the rendering queues another (see Enqueue).
func (s *Store) ClearRefresh(ctx context.Context, channel, key string) error {
	return s.b.Update(ctx, func(t store.Txn) error { return t.Delete(refreshMark(channel, key)) })
}

// outboxLine is the prefix of a channel's replies in the outbox.
func outboxLine(channel string) store.Key {
	return store.K(tOutbox, platform(channel), channel)
}

func decodeOutgoing(id uint64, v []byte) (store.Outgoing, error) {
	var o store.Outgoing
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("decode outbox entry %d: %w", id, err)
	}
	o.ID = id
	return o, nil
}

// outboxID is the ID in the last segment of an outbox key.
func outboxID(k string) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64([]byte(k))
}

// Pending returns up to n undelivered replies for a platform's channels
// with IDs above after, oldest first.
func (s *Store) Pending(ctx context.Context, platform string, after uint64, n int) ([]store.Outgoing, error) {
	var out []store.Outgoing
	err := s.b.View(ctx, func(t store.Txn) error {
		type loc struct {
			id uint64
			v  []byte
		}
		var all []loc
		err := t.Scan(store.K(tOutbox, platform), func(k store.Key, v []byte) error {
			if id := outboxID(k[len(k)-1]); id > after {
				all = append(all, loc{id, slices.Clone(v)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b loc) int { return cmp.Compare(a.id, b.id) })
		for _, l := range all[:min(n, len(all))] {
			o, err := decodeOutgoing(l.id, l.v)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// Windows returns, for each channel of platform with undelivered
// replies, up to n of them with IDs above after[channel] (0 when
// absent), oldest first; channels whose after is math.MaxUint64 are
// skipped. Each channel has its own line, so that a channel's backlog
// never hides another channel's replies.
func (s *Store) Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]store.Outgoing, error) {
	out := map[string][]store.Outgoing{}
	err := s.b.View(ctx, func(t store.Txn) error {
		return t.Scan(store.K(tOutbox, platform), func(k store.Key, v []byte) error {
			if len(k) != 2 {
				return nil
			}
			ch, id := k[0], outboxID(k[1])
			from := after[ch]
			if from == math.MaxUint64 || id <= from || len(out[ch]) >= n {
				return nil
			}
			o, err := decodeOutgoing(id, v)
			if err != nil {
				return err
			}
			out[ch] = append(out[ch], o)
			return nil
		})
	})
	for _, win := range out {
		slices.SortFunc(win, func(a, b store.Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	}
	return out, err
}

// deliveredChunk bounds the deletions of one transaction (etcd limits a
// transaction's operations).
const deliveredChunk = 50

// Delivered removes replies from the outbox.
func (s *Store) Delivered(ctx context.Context, os ...store.Outgoing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for len(os) > 0 {
		part := os[:min(deliveredChunk, len(os))]
		os = os[len(part):]
		err := s.b.Batch(ctx, func(t store.Txn) error {
			a, appender := t.(store.Appender)
			for _, o := range part {
				var err error
				if appender {
					err = a.DeleteAppended(outboxLine(o.Channel), o.ID)
				} else {
					err = t.Delete(append(outboxLine(o.Channel), u64(o.ID)))
				}
				if err != nil {
					return err
				}
				if o.Reply.Refresh {
					if err := t.Delete(refreshMark(o.Channel, o.Reply.Key)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// OutboxDepth is the number of replies awaiting delivery.
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	n := 0
	err := s.b.View(ctx, func(t store.Txn) error {
		return t.Scan(store.K(tOutbox), func(store.Key, []byte) error { n++; return nil })
	})
	return n, err
}

// messageRefKey is where the reference under key (channel + "|" + reply
// key, see bot/delivery) lives: message_refs/CHANNEL/KEY.
func messageRefKey(key string) (store.Key, error) {
	i := strings.LastIndexByte(key, '|')
	if i <= 0 || i == len(key)-1 {
		return nil, fmt.Errorf("message reference key %q: want channel|key", key)
	}
	return store.K(tMessageRefs, key[:i], key[i+1:]), nil
}

// MessageRef returns where the keyed message under key (channel + "|" +
// reply key) was posted, or store.ErrNotFound. The reference is the
// adapter's own (a Slack ts, a Teams activity ID). A channel's
// references go when its next meeting starts: by then the meeting they
// belong to has ended, and the edits its last commands queued have had
// their chance to find them.
func (s *Store) MessageRef(ctx context.Context, key string) (string, error) {
	k, err := messageRefKey(key)
	if err != nil {
		return "", err
	}
	var ref string
	err = s.b.View(ctx, func(t store.Txn) error {
		v, err := t.Get(k)
		ref = string(v)
		return err
	})
	return ref, err
}

// PutMessageRef stores a reference under key, replacing any earlier one.
func (s *Store) PutMessageRef(ctx context.Context, key, ref string) error {
	k, err := messageRefKey(key)
	if err != nil {
		return err
	}
	return s.b.Batch(ctx, func(t store.Txn) error { return t.Put(k, []byte(ref)) })
}

// MessageRefCount is the number of message references kept for channel.
func (s *Store) MessageRefCount(ctx context.Context, channel string) (int, error) {
	n := 0
	err := s.b.View(ctx, func(t store.Txn) error {
		return t.Scan(store.K(tMessageRefs, channel), func(store.Key, []byte) error { n++; return nil })
	})
	return n, err
}

// Space is an adapter's own key space: values it keeps under keys of its
// choosing (how to reach a channel unprompted, a personal chat), opaque
// to the store and apart from every other adapter's.
type Space struct {
	s    *Store
	name string
}

// Space returns the key space of the adapter name ("teams").
func (s *Store) Space(name string) *Space { return &Space{s: s, name: name} }

// Get returns the value under key, or store.ErrNotFound.
func (sp *Space) Get(ctx context.Context, key string) (string, error) {
	var val string
	err := sp.s.b.View(ctx, func(t store.Txn) error {
		v, err := t.Get(store.K(tAdapters, sp.name, key))
		val = string(v)
		return err
	})
	return val, err
}

// Put stores value under key, replacing any earlier one.
func (sp *Space) Put(ctx context.Context, key, value string) error {
	return sp.s.b.Batch(ctx, func(t store.Txn) error { return t.Put(store.K(tAdapters, sp.name, key), []byte(value)) })
}

// Delete forgets key.
func (sp *Space) Delete(ctx context.Context, key string) error {
	return sp.s.b.Batch(ctx, func(t store.Txn) error { return t.Delete(store.K(tAdapters, sp.name, key)) })
}

// PutInstallation stores an installation's record (a Slack workspace's
// bot token, sealed by the adapter) under key.
func (s *Store) PutInstallation(ctx context.Context, key string, sealed []byte) error {
	return s.b.Update(ctx, func(t store.Txn) error { return t.Put(store.K(tInstallation, key), sealed) })
}

// InstallationRecord returns the record under key, or store.ErrNotFound.
func (s *Store) InstallationRecord(ctx context.Context, key string) ([]byte, error) {
	var out []byte
	err := s.b.View(ctx, func(t store.Txn) error {
		v, err := t.Get(store.K(tInstallation, key))
		out = slices.Clone(v)
		return err
	})
	return out, err
}

// DeleteInstallation forgets the record under key.
func (s *Store) DeleteInstallation(ctx context.Context, key string) error {
	return s.b.Update(ctx, func(t store.Txn) error { return t.Delete(store.K(tInstallation, key)) })
}
