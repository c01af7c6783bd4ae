package typed

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

// Running returns the meeting running in channel, or store.ErrNotFound.
func (t *Tx) Running(channel string) (*facilitation.Meeting, error) {
	id, err := t.t.Get(store.K(tRunning, channel))
	if err != nil {
		return nil, err
	}
	return t.Meeting(string(id))
}

// RunningUnder returns the meetings running in the channels whose ID
// starts with prefix ("slack:T1/": one workspace's), in channel order,
// reading only the running ones.
func (t *Tx) RunningUnder(prefix string) ([]*facilitation.Meeting, error) {
	var ids []string
	err := t.t.Scan(store.K(tRunning), func(k store.Key, v []byte) error {
		if strings.HasPrefix(k[0], prefix) {
			ids = append(ids, string(v))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("running meetings: %w", err)
	}
	return t.meetings(ids)
}

// meetings returns the meetings with ids, in that order.
func (t *Tx) meetings(ids []string) ([]*facilitation.Meeting, error) {
	out := make([]*facilitation.Meeting, 0, len(ids))
	for _, id := range ids {
		m, err := t.Meeting(id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// LastMeeting returns the most recent meeting held in channel.
func (t *Tx) LastMeeting(channel string) (*facilitation.Meeting, error) {
	id, err := t.t.Get(store.K(tLast, channel))
	if err != nil {
		return nil, err
	}
	return t.Meeting(string(id))
}

// Meeting returns a meeting by ID, running or ended.
func (t *Tx) Meeting(id string) (*facilitation.Meeting, error) {
	data, err := t.t.Get(store.K(tMeetings, id))
	if err != nil {
		return nil, notFound("meeting "+id, err)
	}
	m, err := t.decodeMeeting(id, data, true)
	if err != nil {
		return nil, fmt.Errorf("meeting %s: %w", id, err)
	}
	return m, nil
}

// decodeMeeting is the meeting that data, the stored record of meeting
// id, holds: from the cache if it holds the record of these bytes, and
// else decoded, and then cached if keep is set. A cached record is used
// only for the very bytes it was decoded from, so a stale entry is never
// used, whatever the backend and however many processes share it.
func (t *Tx) decodeMeeting(id string, data []byte, keep bool) (*facilitation.Meeting, error) {
	if e, ok := t.s.meetings.get(id, data); ok {
		return e.rec.ToMeetingParsed(e.parsed)
	}
	var r record.Meeting
	if err := record.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	m, err := r.ToMeeting() // shares nothing with r
	if err != nil {
		return nil, err
	}
	if keep {
		t.s.meetings.put(id, bytes.Clone(data), meetingEntry{r, r.Parse()}) // data is valid only in the transaction
	}
	return m, nil
}

// PutMeeting stores a meeting and marks it the channel's running meeting
// while it runs. When a meeting starts, the references to the messages
// of the channel's earlier meetings go.
func (t *Tx) PutMeeting(m *facilitation.Meeting) error {
	var prev *record.Meeting
	var prevParsed *record.Parsed
	if e, ok := t.s.meetings.latest(m.ID); ok {
		prev, prevParsed = &e.rec, e.parsed
	}
	r, parsed := record.FromMeetingAfter(m, prev, prevParsed)
	data, err := record.Marshal(&r)
	if err == nil {
		err = t.t.Put(store.K(tMeetings, m.ID), data)
	}
	if err != nil {
		return fmt.Errorf("put meeting %s: %w", m.ID, err)
	}
	if d, ok := r.DecodedOwned(); ok { // r is not used again
		t.s.meetings.put(m.ID, data, meetingEntry{d, parsed}) // backends only read data; d has r's lists, which parsed matches
	}
	running := store.K(tRunning, m.Channel)
	cur, err := t.t.Get(running)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if m.Running() {
		if string(cur) != m.ID {
			// A meeting starts: the references of the channel's
			// earlier meetings' messages go.
			if err := t.deleteAll(store.K(tMessageRefs, m.Channel)); err != nil {
				return err
			}
			if err := t.t.Put(running, []byte(m.ID)); err != nil {
				return err
			}
		}
	} else if err == nil && string(cur) == m.ID {
		if err := t.t.Delete(running); err != nil {
			return err
		}
	}
	if err := t.noteJustering(m); err != nil {
		return err
	}
	// The channel's last meeting is the one written last. Most writes are
	// of that same meeting, and writing it again would cost a page in
	// bbolt and an event to every replica in etcd.
	last := store.K(tLast, m.Channel)
	prevLast, err := t.t.Get(last)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err == nil && string(prevLast) == m.ID {
		return nil
	}
	return t.t.Put(last, []byte(m.ID))
}

// noteJustering keeps the channel's index of protokolls awaiting
// justering (JusteringDue): an ended protocol meeting's, until locked.
func (t *Tx) noteJustering(m *facilitation.Meeting) error {
	if m.Ended.IsZero() {
		return nil
	}
	key := store.K(tJustering, m.Channel, m.ID)
	due := m.Protocol && m.Protokoll.Locked.IsZero()
	noted, err := t.has(key)
	switch {
	case err != nil:
		return err
	case due && !noted:
		return t.t.Put(key, []byte{1})
	case !due && noted:
		return t.t.Delete(key)
	}
	return nil
}

// JusteringDue returns the meetings of channel whose protokoll awaits
// justering: ended, and not yet locked.
func (t *Tx) JusteringDue(channel string) ([]*facilitation.Meeting, error) {
	var ids []string
	err := t.t.Scan(store.K(tJustering, channel), func(k store.Key, _ []byte) error {
		ids = append(ids, k[0])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("protokolls awaiting justering in %s: %w", channel, err)
	}
	return t.meetings(ids)
}

// Meetings returns every meeting, oldest first, for reports.
func (t *Tx) Meetings() ([]*facilitation.Meeting, error) {
	var out []*facilitation.Meeting
	err := t.t.Scan(store.K(tMeetings), func(k store.Key, v []byte) error {
		m, err := t.decodeMeeting(k[0], v, false) // a report must not push the running meetings out
		if err != nil {
			return fmt.Errorf("decode meeting %s: %w", k[0], err)
		}
		out = append(out, m)
		return nil
	})
	slices.SortStableFunc(out, func(a, b *facilitation.Meeting) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// ChannelLang returns the language chosen for channel with `lang`
// before a meeting, or store.ErrNotFound.
func (t *Tx) ChannelLang(channel string) (string, error) {
	v, err := t.t.Get(store.K(tChannelLang, channel))
	return string(v), err
}

// PutChannelLang keeps the language chosen for channel.
func (t *Tx) PutChannelLang(channel, lang string) error {
	return t.t.Put(store.K(tChannelLang, channel), []byte(lang))
}
