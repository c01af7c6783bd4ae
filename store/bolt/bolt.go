// Package bolt keeps Klubba's state in a bbolt file. It is the only
// package that imports bbolt.
//
// Layout (DESIGN §6): meetings by ID; each channel's running and last
// meeting; polls by ID, with their votes in a bucket per poll, and secret
// ballots kept as a voter roll and a ballot box that share no key; the
// outbox of replies awaiting delivery; references to posted messages,
// conversations and personal chats, each in a bucket of its own (refs.go);
// and the schema version.
package bolt

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	_ bot.Store  = (*Store)(nil)
	_ bot.Outbox = (*Store)(nil)
)

// Bucket names.
var (
	bucketMeta       = []byte("meta")
	bucketMeetings   = []byte("meetings")
	bucketRunning    = []byte("running")
	bucketLast       = []byte("last")
	bucketPolls      = []byte("polls")
	bucketVotes      = []byte("votes")       // poll ID -> voter -> ballot
	bucketVoters     = []byte("voters")      // poll ID -> voter -> nothing (secret roll)
	bucketBallots    = []byte("ballots")     // poll ID -> random key -> ballot (secret box)
	bucketOutbox     = []byte("outbox")      // platform -> sequence -> reply
	bucketPeople     = []byte("people")      // meeting ID -> person ID -> {seq, name}
	bucketTimers     = []byte("timers")      // due (unix ns) + ID -> timer, so the first key is due first
	bucketRefs       = []byte("refs")        // until schema 10, all references (see refs.go)
	bucketEvents     = []byte("events")      // event ID -> when seen
	bucketEventTimes = []byte("event_times") // when seen + event ID, to forget old IDs
	keySchema        = []byte("schema")
)

// ErrInUse is returned by Open when another process holds the file.
var ErrInUse = errors.New("database is in use by another process")

// lockTimeout is how long Open waits for another process's lock.
const lockTimeout = time.Second

// Store is a bot.Store on a bbolt file.
type Store struct {
	// mu is held for reading by every operation, and for writing while
	// the file is compacted into a fresh one (see scrub).
	mu   sync.RWMutex
	db   *bolt.DB
	path string
	// scrubPending is set when a compaction after a secret poll closed
	// failed; the next write tries again.
	scrubPending atomic.Bool
	// groups shares write transactions among concurrent Batch calls.
	groups groupCommit
	// meetings keeps the decoded records of recent meetings.
	meetings *meetingCache
}

// Open opens or creates the database at path and brings its schema up to
// date. It fails with ErrInUse, rather than waiting, when another process
// has the file open.
func Open(path string) (*Store, error) {
	db, err := openFile(path)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path, meetings: newMeetingCache(cacheMaxBytes, cacheMaxMeetings)}
	if err := s.guard(s.migrate); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := errors.Join(createBoards(db), createTemplates(db)); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Close()
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Update runs fn in a read-write transaction, committed if fn returns nil.
func (s *Store) Update(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var closedSecret bool
	err := s.update(func(tx *bolt.Tx) error {
		t := &Tx{tx: tx, meetings: s.meetings}
		err := fn(t)
		closedSecret = t.closedSecret
		return err
	})
	s.afterWrite(err, closedSecret)
	return err
}

// Batch runs fn in a read-write transaction that concurrent Batch calls
// may share (a group commit, see groupCommit): one fsync for many
// writers, and no wait for a lone one. If fn fails, or a neighbour's
// does, it is run again, so fn must be safe to repeat.
func (s *Store) Batch(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var closedSecret atomic.Bool
	err := s.group(func(tx *bolt.Tx) error {
		t := &Tx{tx: tx, meetings: s.meetings}
		err := fn(t)
		closedSecret.Store(t.closedSecret) // the last run's
		return err
	})
	s.afterWrite(err, closedSecret.Load())
	return err
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.view(func(tx *bolt.Tx) error { return fn(&Tx{tx: tx, meetings: s.meetings}) })
}

// Backup writes a consistent copy of the database to w while it is in use.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int64
	err := s.view(func(tx *bolt.Tx) error {
		if err := secretPollsOpen(tx); err != nil {
			return err
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the database to path, atomically:
// the file appears only when complete.
func (s *Store) BackupFile(ctx context.Context, path string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := s.Backup(ctx, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	return n, nil
}

// Check runs bbolt's consistency check. Problems found make a
// DamagedError naming the first few and the repair.
func (s *Store) Check() error {
	return s.view(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if len(errs) == 0 {
			return nil
		}
		cause := errors.Join(errs[:min(3, len(errs))]...).Error()
		if len(errs) > 3 {
			cause += fmt.Sprintf(" and %d more problems", len(errs)-3)
		}
		return &DamagedError{Path: s.db.Path(), Cause: cause}
	})
}

// Pending returns up to n undelivered replies of a platform with IDs
// above after, oldest first, across its channels.
func (s *Store) Pending(ctx context.Context, platform string, after uint64, n int) ([]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []bot.Outgoing
	err := s.view(func(tx *bolt.Tx) error {
		line := tx.Bucket(bucketOutbox).Bucket([]byte(platform))
		if line == nil {
			return nil
		}
		type loc struct {
			id uint64
			b  *bolt.Bucket
		}
		var all []loc
		err := line.ForEachBucket(func(ch []byte) error {
			b := line.Bucket(ch)
			c := b.Cursor()
			for k, _ := c.Seek(u64(after + 1)); k != nil; k, _ = c.Next() {
				all = append(all, loc{binary.BigEndian.Uint64(k), b})
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b loc) int { return cmp.Compare(a.id, b.id) })
		for _, l := range all[:min(n, len(all))] {
			o, err := decodeOutgoing(u64(l.id), l.b.Get(u64(l.id)))
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

func decodeOutgoing(k, v []byte) (bot.Outgoing, error) {
	var o bot.Outgoing
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("decode outbox entry %d: %w", binary.BigEndian.Uint64(k), err)
	}
	return o, nil
}

// Windows returns, for every channel of platform with undelivered
// replies, up to n of them with IDs above after[channel], oldest first.
// A channel whose after is math.MaxUint64 is skipped. Each channel has
// its own line, so that a channel's backlog never hides another's.
func (s *Store) Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[string][]bot.Outgoing{}
	err := s.view(func(tx *bolt.Tx) error {
		line := tx.Bucket(bucketOutbox).Bucket([]byte(platform))
		if line == nil {
			return nil
		}
		return line.ForEachBucket(func(ch []byte) error {
			from, ok := after[string(ch)]
			if from == math.MaxUint64 {
				return nil
			}
			if !ok {
				from = 0
			}
			c := line.Bucket(ch).Cursor()
			var win []bot.Outgoing
			for k, v := c.Seek(u64(from + 1)); k != nil && len(win) < n; k, v = c.Next() {
				o, err := decodeOutgoing(k, v)
				if err != nil {
					return err
				}
				win = append(win, o)
			}
			if len(win) > 0 {
				out[string(ch)] = win
			}
			return nil
		})
	})
	return out, err
}

// Delivered removes replies from the outbox, in one transaction; a
// channel's line goes when it is empty.
func (s *Store) Delivered(ctx context.Context, os ...bot.Outgoing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(os) == 0 {
		return nil
	}
	return s.group(func(tx *bolt.Tx) error {
		emptied := map[[2]string]bool{}
		for _, o := range os {
			platform := bot.Platform(o.Channel)
			line := tx.Bucket(bucketOutbox).Bucket([]byte(platform))
			if line == nil {
				continue
			}
			if b := line.Bucket([]byte(o.Channel)); b != nil {
				if err := b.Delete(u64(o.ID)); err != nil {
					return err
				}
				emptied[[2]string{platform, o.Channel}] = true
			}
		}
		for pc := range emptied {
			line := tx.Bucket(bucketOutbox).Bucket([]byte(pc[0]))
			if k, _ := line.Bucket([]byte(pc[1])).Cursor().First(); k == nil {
				if err := line.DeleteBucket([]byte(pc[1])); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Tx is a bot.Tx on a bbolt transaction.
type Tx struct {
	tx *bolt.Tx
	// closedSecret is set when the transaction closes a secret poll, or
	// deletes what freed pages must not keep (DropAnonymous,
	// DeleteMeeting): the file is compacted after the commit.
	closedSecret bool
	// meetings is the store's cache of decoded meeting records, and
	// remembered what a read-write transaction adds to it on commit.
	meetings   *meetingCache
	remembered map[string]*cachedMeeting
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// getJSON reads a record (a type of package record).
func getJSON(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return bot.ErrNotFound
	}
	return record.Unmarshal(data, v)
}

// putJSON stores a record (a type of package record).
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := record.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// Running returns the meeting running in channel.
func (t *Tx) Running(channel string) (*facilitation.Meeting, error) {
	id := t.tx.Bucket(bucketRunning).Get([]byte(channel))
	if id == nil {
		return nil, bot.ErrNotFound
	}
	return t.Meeting(string(id))
}

// LastMeeting returns the most recent meeting of channel.
func (t *Tx) LastMeeting(channel string) (*facilitation.Meeting, error) {
	id := t.tx.Bucket(bucketLast).Get([]byte(channel))
	if id == nil {
		return nil, bot.ErrNotFound
	}
	return t.Meeting(string(id))
}

// Meeting returns a meeting by ID.
func (t *Tx) Meeting(id string) (*facilitation.Meeting, error) {
	data := t.tx.Bucket(bucketMeetings).Get([]byte(id))
	if data == nil {
		return nil, fmt.Errorf("meeting %s: %w", id, bot.ErrNotFound)
	}
	m, err := t.decodeMeeting(id, data, true)
	if err != nil {
		return nil, fmt.Errorf("meeting %s: %w", id, err)
	}
	return m, nil
}

// decodeMeeting is the meeting that data, the stored record of meeting
// id, holds: from the cache if it holds the record of these bytes, and
// else decoded, and then cached if keep is set.
func (t *Tx) decodeMeeting(id string, data []byte, keep bool) (*facilitation.Meeting, error) {
	if r, ok := t.meetings.get(id, data); ok {
		return r.ToMeeting()
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
		t.remember(id, bytes.Clone(data), r) // data is valid only in the transaction
	}
	return m, nil
}

// remember caches rec as the record that raw, the stored bytes of
// meeting id, decode to: at once in a read-only transaction, whose bytes
// are committed, and on commit in a read-write one.
func (t *Tx) remember(id string, raw []byte, rec record.Meeting) {
	if !t.tx.Writable() {
		t.meetings.put(id, raw, rec)
		return
	}
	if t.remembered == nil {
		t.remembered = map[string]*cachedMeeting{}
		t.tx.OnCommit(func() {
			for id, e := range t.remembered {
				t.meetings.put(id, e.raw, e.rec)
			}
		})
	}
	t.remembered[id] = &cachedMeeting{id: id, raw: raw, rec: rec}
}

// PutMeeting stores m and keeps its channel's running and last meeting up to date.
func (t *Tx) PutMeeting(m *facilitation.Meeting) error {
	r := record.FromMeeting(m)
	data, err := record.Marshal(&r)
	if err == nil {
		err = t.tx.Bucket(bucketMeetings).Put([]byte(m.ID), data)
	}
	if err != nil {
		return fmt.Errorf("put meeting %s: %w", m.ID, err)
	}
	if d, ok := r.Decoded(); ok {
		t.remember(m.ID, data, d) // bbolt only reads data
	} else {
		delete(t.remembered, m.ID) // an earlier put's bytes are no longer stored
	}
	ch := []byte(m.Channel)
	running := t.tx.Bucket(bucketRunning)
	if m.Running() {
		if string(running.Get(ch)) != m.ID {
			// A meeting starts: the references of the channel's
			// earlier meetings' messages go.
			if err := pruneMessageRefs(t.tx, m.Channel); err != nil {
				return err
			}
		}
		if err := running.Put(ch, []byte(m.ID)); err != nil {
			return err
		}
	} else if string(running.Get(ch)) == m.ID {
		if err := running.Delete(ch); err != nil {
			return err
		}
	}
	return t.tx.Bucket(bucketLast).Put(ch, []byte(m.ID))
}

// NextID returns the next number of a sequence.
func (t *Tx) NextID(kind string) (uint64, error) {
	b, err := t.tx.Bucket(bucketMeta).CreateBucketIfNotExists([]byte("seq/" + kind))
	if err != nil {
		return 0, err
	}
	return b.NextSequence()
}

func pollKey(id int64) []byte { return []byte(strconv.FormatInt(id, 10)) }

// Poll returns a poll with its votes.
func (t *Tx) Poll(id int64) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil {
		return nil, err
	}
	if p.Visibility == facilitation.Secret {
		p.Voters = map[string]bool{}
		if err := each(t.tx.Bucket(bucketVoters).Bucket(pollKey(id)), func(k, _ []byte) error {
			p.Voters[string(k)] = true
			return nil
		}); err != nil {
			return nil, err
		}
		if err := each(t.tx.Bucket(bucketBallots).Bucket(pollKey(id)), func(_, v []byte) error {
			p.Ballots = append(p.Ballots, record.DecodeBallot(v))
			return nil
		}); err != nil {
			return nil, err
		}
		return p, nil
	}
	err = each(t.tx.Bucket(bucketVotes).Bucket(pollKey(id)), func(k, v []byte) error {
		p.Votes[string(k)] = record.DecodeBallot(v)
		return nil
	})
	return p, err
}

func (t *Tx) pollHeader(id int64) (*facilitation.Poll, error) {
	var r record.Poll
	if err := getJSON(t.tx.Bucket(bucketPolls), pollKey(id), &r); err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	p, err := r.ToPoll()
	if err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	return p, nil
}

// PollFor returns a poll with only voter's own vote, or with none when
// voter is "": what a vote needs, in time independent of the turnout.
func (t *Tx) PollFor(id int64, voter string) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil || voter == "" {
		return p, err
	}
	if p.Visibility == facilitation.Secret {
		if b := t.tx.Bucket(bucketVoters).Bucket(pollKey(id)); b != nil && b.Get([]byte(voter)) != nil {
			p.Voters[voter] = true
		}
		return p, nil
	}
	if b := t.tx.Bucket(bucketVotes).Bucket(pollKey(id)); b != nil {
		if v := b.Get([]byte(voter)); v != nil {
			p.Votes[voter] = record.DecodeBallot(v)
		}
	}
	return p, nil
}

// each calls fn for every key of b, which may be nil.
func each(b *bolt.Bucket, fn func(k, v []byte) error) error {
	if b == nil {
		return nil
	}
	return b.ForEach(fn)
}

// pairs copies out the keys and values of b, leaving out its nested
// buckets, for a migration that moves them while it writes.
func pairs(b *bolt.Bucket) ([][2][]byte, error) {
	var out [][2][]byte
	err := b.ForEach(func(k, v []byte) error {
		if v != nil {
			out = append(out, [2][]byte{slices.Clone(k), slices.Clone(v)})
		}
		return nil
	})
	return out, err
}

// PutPoll stores a poll's header.
func (t *Tx) PutPoll(p *facilitation.Poll) error {
	if err := putJSON(t.tx.Bucket(bucketPolls), pollKey(p.ID), record.FromPoll(p)); err != nil {
		return fmt.Errorf("put poll %d: %w", p.ID, err)
	}
	return t.trackSecret(p)
}

func (t *Tx) pollBucket(parent []byte, id int64) (*bolt.Bucket, error) {
	if t.tx.Bucket(bucketPolls).Get(pollKey(id)) == nil {
		return nil, fmt.Errorf("poll %d: %w", id, bot.ErrNotFound)
	}
	return t.tx.Bucket(parent).CreateBucketIfNotExists(pollKey(id))
}

// PutVote stores voter's ballot in an open or anonymous poll.
func (t *Tx) PutVote(pollID int64, voter string, b facilitation.Ballot) error {
	votes, err := t.pollBucket(bucketVotes, pollID)
	if err != nil {
		return err
	}
	return votes.Put([]byte(voter), record.EncodeBallot(b))
}

// DeleteVote withdraws voter's ballot in an open or anonymous poll.
func (t *Tx) DeleteVote(pollID int64, voter string) error {
	votes, err := t.pollBucket(bucketVotes, pollID)
	if err != nil {
		return err
	}
	return votes.Delete([]byte(voter))
}

// CastBallot records that voter voted in a secret poll and, in another
// bucket under a random key, the ballot. Keys are random so that the
// order of the box says nothing about the order of voting.
func (t *Tx) CastBallot(pollID int64, voter string, b facilitation.Ballot) error {
	roll, err := t.pollBucket(bucketVoters, pollID)
	if err != nil {
		return err
	}
	box, err := t.pollBucket(bucketBallots, pollID)
	if err != nil {
		return err
	}
	if roll.Get([]byte(voter)) != nil {
		return fmt.Errorf("poll %d: voter has already cast a ballot", pollID)
	}
	if err := roll.Put([]byte(voter), []byte{}); err != nil {
		return err
	}
	return box.Put([]byte(rand.Text()), record.EncodeBallot(b))
}

// timerKey orders timers by due time, then ID.
func timerKey(t bot.Timer) []byte {
	return binary.BigEndian.AppendUint64(u64(uint64(t.Due.UnixNano())), t.ID)
}

// AddTimer stores a timer and sets its ID.
func (t *Tx) AddTimer(timer *bot.Timer) error {
	b := t.tx.Bucket(bucketTimers)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	timer.ID = id
	return putJSON(b, timerKey(*timer), record.FromTimer(*timer))
}

// NextTimer returns the timer due first.
func (t *Tx) NextTimer() (bot.Timer, error) {
	k, v := t.tx.Bucket(bucketTimers).Cursor().First()
	if k == nil {
		return bot.Timer{}, bot.ErrNotFound
	}
	var r record.Timer
	if err := record.Unmarshal(v, &r); err != nil {
		return bot.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	timer, err := r.ToTimer()
	if err != nil {
		return bot.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	return timer, nil
}

// DeleteTimer removes a timer.
func (t *Tx) DeleteTimer(timer bot.Timer) error {
	return t.tx.Bucket(bucketTimers).Delete(timerKey(timer))
}

// SeePerson records a participant of a meeting.
func (t *Tx) SeePerson(meetingID string, p bot.Person) error {
	b, err := t.tx.Bucket(bucketPeople).CreateBucketIfNotExists([]byte(meetingID))
	if err != nil {
		return err
	}
	rec := record.Person{Name: p.Name}
	if old := b.Get([]byte(p.ID)); old != nil {
		var prev record.Person
		if err := record.Unmarshal(old, &prev); err != nil {
			return fmt.Errorf("decode participant %s: %w", p.ID, err)
		}
		rec.Seq = prev.Seq
	} else if rec.Seq, err = b.NextSequence(); err != nil {
		return err
	}
	return putJSON(b, []byte(p.ID), rec)
}

// Person returns a participant of a meeting.
func (t *Tx) Person(meetingID, id string) (bot.Person, error) {
	b := t.tx.Bucket(bucketPeople).Bucket([]byte(meetingID))
	if b == nil {
		return bot.Person{}, bot.ErrNotFound
	}
	var rec record.Person
	if err := getJSON(b, []byte(id), &rec); err != nil {
		return bot.Person{}, err
	}
	return bot.Person{ID: id, Name: rec.Name}, nil
}

// People returns a meeting's participants in the order first seen.
func (t *Tx) People(meetingID string) ([]bot.Person, error) {
	type seen struct {
		seq uint64
		p   bot.Person
	}
	var all []seen
	err := each(t.tx.Bucket(bucketPeople).Bucket([]byte(meetingID)), func(k, v []byte) error {
		var rec record.Person
		if err := record.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode participant %s: %w", k, err)
		}
		all = append(all, seen{rec.Seq, bot.Person{ID: string(k), Name: rec.Name}})
		return nil
	})
	slices.SortFunc(all, func(a, b seen) int { return cmp.Compare(a.seq, b.seq) })
	people := make([]bot.Person, len(all))
	for i, s := range all {
		people[i] = s.p
	}
	return people, err
}

// Enqueue adds a reply to the outbox line of its channel's platform.
func (t *Tx) Enqueue(o bot.Outgoing) error {
	outbox := t.tx.Bucket(bucketOutbox)
	id, err := outbox.NextSequence()
	if err != nil {
		return err
	}
	line, err := outbox.CreateBucketIfNotExists([]byte(bot.Platform(o.Channel)))
	if err != nil {
		return err
	}
	b, err := line.CreateBucketIfNotExists([]byte(o.Channel))
	if err != nil {
		return err
	}
	o.ID = id
	data, err := json.Marshal(o) // the message model is no record (yet)
	if err != nil {
		return err
	}
	return b.Put(u64(id), data)
}

// EventTTL is how long event IDs are remembered: Slack retries within
// minutes, so a day is ample.
const EventTTL = 24 * time.Hour

// MarkEvent records an event ID and reports whether it was seen before.
// IDs older than EventTTL are forgotten as new ones arrive.
func (t *Tx) MarkEvent(id string, at time.Time) (bool, error) {
	if strings.HasPrefix(id, bot.ReplayPrefix) {
		return t.markReplay(id, at)
	}
	events, byTime := t.tx.Bucket(bucketEvents), t.tx.Bucket(bucketEventTimes)
	if events.Get([]byte(id)) != nil {
		return true, nil
	}
	stamp := u64(uint64(at.UnixNano()))
	if err := events.Put([]byte(id), stamp); err != nil {
		return false, err
	}
	if err := byTime.Put(append(stamp, id...), nil); err != nil {
		return false, err
	}
	cutoff := uint64(at.Add(-EventTTL).UnixNano())
	c := byTime.Cursor()
	for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k[:8]) < cutoff; k, _ = c.First() {
		if err := events.Delete(k[8:]); err != nil {
			return false, err
		}
		if err := c.Delete(); err != nil {
			return false, err
		}
	}
	return false, nil
}

// OutboxDepth is the number of replies awaiting delivery.
func (s *Store) OutboxDepth() (int, error) {
	var n int
	err := s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketOutbox).Stats().KeyN - tx.Bucket(bucketOutbox).Stats().BucketN + 1
		return nil
	})
	return n, err
}

// WriteFloor measures what bbolt alone can do on this machine: n durable
// writes of a small record, spread over the given number of goroutines,
// one transaction each, first with DB.Update and then with DB.Batch, in a
// scratch file at path. It returns both rates, in writes per second, for
// comparing Klubba's vote path with in the same run.
func WriteFloor(path string, n, concurrency int) (update, batch float64, err error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return 0, 0, fmt.Errorf("open floor file: %w", err)
	}
	defer func() { db.Close(); os.Remove(path) }()
	bucket := []byte("floor")
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(bucket); return err }); err != nil {
		return 0, 0, err
	}
	run := func(write func(func(*bolt.Tx) error) error, prefix string) (float64, error) {
		start := time.Now()
		errs := make(chan error, concurrency)
		per := (n + concurrency - 1) / concurrency
		for g := range concurrency {
			go func() {
				for i := g * per; i < min(n, (g+1)*per); i++ {
					key := []byte(fmt.Sprintf("%s-%08d", prefix, i))
					if err := write(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, []byte{1}) }); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range concurrency {
			if err := <-errs; err != nil {
				return 0, err
			}
		}
		return float64(n) / time.Since(start).Seconds(), nil
	}
	if update, err = run(db.Update, "u"); err != nil {
		return 0, 0, err
	}
	batch, err = run(db.Batch, "b")
	return update, batch, err
}

// UpdateLatencies measures bbolt alone answering one write at a time: n
// durable Updates of a small record, one every interval, in a scratch
// file at path. It returns each one's latency, for comparing a command's
// latency with in the same run.
func UpdateLatencies(path string, n int, interval time.Duration) ([]time.Duration, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("open floor file: %w", err)
	}
	defer func() { db.Close(); os.Remove(path) }()
	bucket := []byte("floor")
	tick := time.NewTicker(interval)
	defer tick.Stop()
	lat := make([]time.Duration, n)
	for i := range n {
		<-tick.C
		start := time.Now()
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bucket)
			if err != nil {
				return err
			}
			return b.Put([]byte(strconv.Itoa(i%64)), make([]byte, 512))
		})
		if err != nil {
			return nil, err
		}
		lat[i] = time.Since(start)
	}
	return lat, nil
}
