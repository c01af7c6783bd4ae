package bottest

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
)

var (
	_ bot.Store  = (*Store)(nil)
	_ bot.Outbox = (*Store)(nil)
)

// EventTTL is how long event IDs are remembered, as in store/bolt.
const EventTTL = 24 * time.Hour

// errReadOnly is returned by a write in a View transaction.
var errReadOnly = errors.New("bottest: write in a read-only transaction")

// Store is a bot.Store and bot.Outbox kept in memory, for tests: the
// in-memory implementation beside the conformance kit (store/storetest
// runs against it). It keeps the same records as store/bolt, encoded the
// same way, in named buckets of keys and values:
//
//   - a write transaction works on its own copy of the buckets it
//     changes and replaces the store's state only when fn returns nil, so
//     an error rolls everything back;
//   - writers run one at a time; readers see the last committed state
//     and never wait for a writer;
//   - Batch runs fn twice, once in a transaction that is thrown away, as
//     a shared bbolt batch may: a fn that keeps state from an earlier run
//     shows up in tests;
//   - a secret poll's voter roll and ballot box are two buckets that share
//     no key: ballots are kept under random keys, so nothing maps a voter
//     to a ballot, nor tells the order of voting.
//
// The zero value is not usable; call NewStore.
type Store struct {
	// wmu is held by a write transaction for its whole run.
	wmu sync.Mutex
	// mu guards cur, the committed state, which is never changed in
	// place: a commit replaces it.
	mu  sync.Mutex
	cur *state
}

// state is the store's content: buckets of keys and values, and sequences.
// Values are never changed in place.
type state struct {
	buckets map[string]map[string][]byte
	seqs    map[string]uint64
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{cur: &state{buckets: map[string]map[string][]byte{}, seqs: map[string]uint64{}}}
}

// Close does nothing: a Store holds no resources. It is there so that a
// test can close its store whatever the implementation.
func (s *Store) Close() error { return nil }

func (s *Store) committed() *state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// begin starts a write transaction on a copy of the committed state.
// The caller holds wmu.
func (s *Store) begin() *Tx {
	cur := s.committed()
	return &Tx{st: &state{buckets: maps.Clone(cur.buckets), seqs: maps.Clone(cur.seqs)}, dirty: map[string]bool{}, writable: true}
}

func (s *Store) commit(t *Tx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = t.st
	t.writable = false
}

// write runs fn in a write transaction, committed if fn returns nil.
func (s *Store) write(fn func(*Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.writeLocked(fn)
}

// writeLocked is write for a caller that holds the write lock.
func (s *Store) writeLocked(fn func(*Tx) error) error {
	t := s.begin()
	defer func() { t.writable = false }()
	if err := fn(t); err != nil {
		return err
	}
	s.commit(t)
	return nil
}

// Update runs fn in a write transaction, committed if fn returns nil.
func (s *Store) Update(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(func(t *Tx) error { return fn(t) })
}

// Batch runs fn twice: first in a transaction that is thrown away, then
// in one committed if fn returns nil. A bbolt batch may run fn more than
// once, so this is what fn must bear.
func (s *Store) Batch(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	scratch := s.begin()
	_ = fn(scratch)
	scratch.writable = false
	return s.writeLocked(func(t *Tx) error { return fn(t) })
}

// View runs fn in a read-only transaction on the committed state.
func (s *Store) View(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(&Tx{st: s.committed()})
}

func (s *Store) view(fn func(*Tx) error) error { return fn(&Tx{st: s.committed()}) }

// Bucket names. A bucket that belongs to one meeting or poll is named
// kind + "\x00" + ID.
const (
	bMeetings         = "meetings"
	bRunning          = "running"
	bLast             = "last"
	bPolls            = "polls"
	bVotes            = "votes"   // + poll ID: voter -> ballot
	bVoters           = "voters"  // + poll ID: voter -> nothing (secret roll)
	bBallots          = "ballots" // + poll ID: random key -> ballot (secret box)
	bPeople           = "people"  // + meeting ID: person ID -> {seq, name}
	bRegister         = "register"
	bEntries          = "entries" // + meeting ID: sequence -> entry
	bTimers           = "timers"  // due + ID -> timer
	bOutbox           = "outbox"  // ID -> reply
	bAnonymous        = "anonymous"
	bBoards           = "boards" // "m/" + meeting ID -> token; "t/" + SHA-256 of token -> meeting ID
	bEvents           = "events" // event ID -> when seen
	bReplays          = "replays"
	bMessageRefs      = "message_refs" // + channel: reply key -> reference
	bConversationRefs = "conversation_refs"
	bPersonalRefs     = "personal_refs"
	seqOutbox         = "outbox"
	seqTimers         = "timers"
	seqIDPrefix       = "id/"
)

func sub(kind, id string) string { return kind + "\x00" + id }

// seqKey is a sequence number as a key that sorts in numeric order.
func seqKey(n uint64) string { return fmt.Sprintf("%020d", n) }

// Tx is a bot.Tx on a Store.
type Tx struct {
	st       *state
	dirty    map[string]bool // buckets already copied for this transaction
	writable bool
}

func (t *Tx) get(bucket, key string) []byte { return t.st.buckets[bucket][key] }

// wbucket returns bucket for writing, copying it first if this
// transaction has not yet written to it.
func (t *Tx) wbucket(bucket string) (map[string][]byte, error) {
	if !t.writable {
		return nil, errReadOnly
	}
	if !t.dirty[bucket] {
		t.st.buckets[bucket] = maps.Clone(t.st.buckets[bucket])
		if t.st.buckets[bucket] == nil {
			t.st.buckets[bucket] = map[string][]byte{}
		}
		t.dirty[bucket] = true
	}
	return t.st.buckets[bucket], nil
}

func (t *Tx) put(bucket, key string, v []byte) error {
	b, err := t.wbucket(bucket)
	if err != nil {
		return err
	}
	b[key] = slices.Clone(v)
	return nil
}

func (t *Tx) del(bucket, key string) error {
	b, err := t.wbucket(bucket)
	if err != nil {
		return err
	}
	delete(b, key)
	return nil
}

func (t *Tx) dropBucket(bucket string) error {
	if !t.writable {
		return errReadOnly
	}
	delete(t.st.buckets, bucket)
	delete(t.dirty, bucket)
	return nil
}

// keys returns a bucket's keys in order.
func (t *Tx) keys(bucket string) []string { return slices.Sorted(maps.Keys(t.st.buckets[bucket])) }

func (t *Tx) nextSeq(name string) (uint64, error) {
	if !t.writable {
		return 0, errReadOnly
	}
	t.st.seqs[name]++
	return t.st.seqs[name], nil
}

// getJSON reads a record (a type of package record).
func (t *Tx) getJSON(bucket, key string, v any) error {
	data := t.get(bucket, key)
	if data == nil {
		return bot.ErrNotFound
	}
	return record.Unmarshal(data, v)
}

// putJSON stores a record (a type of package record).
func (t *Tx) putJSON(bucket, key string, v any) error {
	data, err := record.Marshal(v)
	if err != nil {
		return err
	}
	return t.put(bucket, key, data)
}

// Running returns the meeting running in channel.
func (t *Tx) Running(channel string) (*facilitation.Meeting, error) {
	id := t.get(bRunning, channel)
	if id == nil {
		return nil, bot.ErrNotFound
	}
	return t.Meeting(string(id))
}

// LastMeeting returns the most recent meeting of channel.
func (t *Tx) LastMeeting(channel string) (*facilitation.Meeting, error) {
	id := t.get(bLast, channel)
	if id == nil {
		return nil, bot.ErrNotFound
	}
	return t.Meeting(string(id))
}

// Meeting returns a meeting by ID.
func (t *Tx) Meeting(id string) (*facilitation.Meeting, error) {
	var r record.Meeting
	if err := t.getJSON(bMeetings, id, &r); err != nil {
		return nil, fmt.Errorf("meeting %s: %w", id, err)
	}
	m, err := r.ToMeeting()
	if err != nil {
		return nil, fmt.Errorf("meeting %s: %w", id, err)
	}
	return m, nil
}

// PutMeeting stores m and keeps its channel's running and last meeting up to date.
func (t *Tx) PutMeeting(m *facilitation.Meeting) error {
	if err := t.putJSON(bMeetings, m.ID, record.FromMeeting(m)); err != nil {
		return fmt.Errorf("put meeting %s: %w", m.ID, err)
	}
	if m.Running() {
		if string(t.get(bRunning, m.Channel)) != m.ID {
			// A meeting starts: the references of the channel's earlier
			// meetings' messages go, as in store/bolt.
			if err := t.dropBucket(sub(bMessageRefs, m.Channel)); err != nil {
				return err
			}
		}
		if err := t.put(bRunning, m.Channel, []byte(m.ID)); err != nil {
			return err
		}
	} else if string(t.get(bRunning, m.Channel)) == m.ID {
		if err := t.del(bRunning, m.Channel); err != nil {
			return err
		}
	}
	return t.put(bLast, m.Channel, []byte(m.ID))
}

// NextID returns the next number of a sequence.
func (t *Tx) NextID(kind string) (uint64, error) { return t.nextSeq(seqIDPrefix + kind) }

// Meetings returns every meeting, oldest first.
func (t *Tx) Meetings() ([]*facilitation.Meeting, error) {
	var out []*facilitation.Meeting
	for _, id := range t.keys(bMeetings) {
		m, err := t.Meeting(id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b *facilitation.Meeting) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// SeePerson records a participant of a meeting.
func (t *Tx) SeePerson(meetingID string, p bot.Person) error {
	b := sub(bPeople, meetingID)
	rec := record.Person{Name: p.Name}
	var prev record.Person
	switch err := t.getJSON(b, p.ID, &prev); {
	case err == nil:
		rec.Seq = prev.Seq
	case errors.Is(err, bot.ErrNotFound):
		if rec.Seq, err = t.nextSeq(b); err != nil {
			return err
		}
	default:
		return fmt.Errorf("decode participant %s: %w", p.ID, err)
	}
	return t.putJSON(b, p.ID, rec)
}

// Person returns a participant of a meeting.
func (t *Tx) Person(meetingID, id string) (bot.Person, error) {
	var rec record.Person
	if err := t.getJSON(sub(bPeople, meetingID), id, &rec); err != nil {
		return bot.Person{}, err
	}
	return bot.Person{ID: id, Name: rec.Name}, nil
}

// People returns a meeting's participants in the order first seen.
func (t *Tx) People(meetingID string) ([]bot.Person, error) {
	b := sub(bPeople, meetingID)
	type seen struct {
		seq uint64
		p   bot.Person
	}
	var all []seen
	for _, id := range t.keys(b) {
		var rec record.Person
		if err := t.getJSON(b, id, &rec); err != nil {
			return nil, fmt.Errorf("decode participant %s: %w", id, err)
		}
		all = append(all, seen{rec.Seq, bot.Person{ID: id, Name: rec.Name}})
	}
	slices.SortFunc(all, func(a, b seen) int { return cmp.Compare(a.seq, b.seq) })
	people := make([]bot.Person, len(all))
	for i, s := range all {
		people[i] = s.p
	}
	return people, nil
}

// SetRegistered adds p to or removes them from a meeting's voting
// register, and reports whether that changed anything.
func (t *Tx) SetRegistered(meetingID string, p bot.Person, on bool) (bool, error) {
	b := sub(bRegister, meetingID)
	was := t.get(b, p.ID) != nil
	if on == was {
		return false, nil
	}
	var err error
	if on {
		err = t.put(b, p.ID, []byte(p.Name))
	} else {
		err = t.del(b, p.ID)
	}
	return err == nil, err
}

// Registered reports whether id is on a meeting's voting register.
func (t *Tx) Registered(meetingID, id string) (bool, error) {
	return t.get(sub(bRegister, meetingID), id) != nil, nil
}

// RegisterMembers returns the people on a meeting's voting register, in ID order.
func (t *Tx) RegisterMembers(meetingID string) ([]bot.Person, error) {
	b := sub(bRegister, meetingID)
	var out []bot.Person
	for _, id := range t.keys(b) {
		out = append(out, bot.Person{ID: id, Name: string(t.get(b, id))})
	}
	return out, nil
}

func pollKey(id int64) string { return strconv.FormatInt(id, 10) }

func (t *Tx) pollHeader(id int64) (*facilitation.Poll, error) {
	var r record.Poll
	if err := t.getJSON(bPolls, pollKey(id), &r); err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	p, err := r.ToPoll()
	if err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	return p, nil
}

// Poll returns a poll with its votes.
func (t *Tx) Poll(id int64) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil {
		return nil, err
	}
	if p.Visibility == facilitation.Secret {
		for _, v := range t.keys(sub(bVoters, pollKey(id))) {
			p.Voters[v] = true
		}
		box := sub(bBallots, pollKey(id))
		for _, k := range t.keys(box) {
			p.Ballots = append(p.Ballots, record.DecodeBallot(t.get(box, k)))
		}
		return p, nil
	}
	votes := sub(bVotes, pollKey(id))
	for _, v := range t.keys(votes) {
		p.Votes[v] = record.DecodeBallot(t.get(votes, v))
	}
	return p, nil
}

// PollFor returns a poll with only voter's own vote, or with none when voter is "".
func (t *Tx) PollFor(id int64, voter string) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil || voter == "" {
		return p, err
	}
	if p.Visibility == facilitation.Secret {
		if t.get(sub(bVoters, pollKey(id)), voter) != nil {
			p.Voters[voter] = true
		}
		return p, nil
	}
	if v := t.get(sub(bVotes, pollKey(id)), voter); v != nil {
		p.Votes[voter] = record.DecodeBallot(v)
	}
	return p, nil
}

// PutPoll stores a poll's header, not its votes.
func (t *Tx) PutPoll(p *facilitation.Poll) error {
	if err := t.putJSON(bPolls, pollKey(p.ID), record.FromPoll(p)); err != nil {
		return fmt.Errorf("put poll %d: %w", p.ID, err)
	}
	return nil
}

func (t *Tx) pollExists(id int64) error {
	if t.get(bPolls, pollKey(id)) == nil {
		return fmt.Errorf("poll %d: %w", id, bot.ErrNotFound)
	}
	return nil
}

// PutVote stores voter's ballot in an open or anonymous poll.
func (t *Tx) PutVote(pollID int64, voter string, b facilitation.Ballot) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	return t.put(sub(bVotes, pollKey(pollID)), voter, record.EncodeBallot(b))
}

// DeleteVote withdraws voter's ballot in an open or anonymous poll.
func (t *Tx) DeleteVote(pollID int64, voter string) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	return t.del(sub(bVotes, pollKey(pollID)), voter)
}

// CastBallot records that voter voted in a secret poll and, in another
// bucket under a random key, the ballot.
func (t *Tx) CastBallot(pollID int64, voter string, b facilitation.Ballot) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	roll := sub(bVoters, pollKey(pollID))
	if t.get(roll, voter) != nil {
		return fmt.Errorf("poll %d: voter has already cast a ballot", pollID)
	}
	if err := t.put(roll, voter, []byte{}); err != nil {
		return err
	}
	return t.put(sub(bBallots, pollKey(pollID)), rand.Text(), record.EncodeBallot(b))
}

// AddEntry appends an entry to a meeting's minutes.
func (t *Tx) AddEntry(meetingID string, e facilitation.Entry) error {
	b := sub(bEntries, meetingID)
	seq, err := t.nextSeq(b)
	if err != nil {
		return err
	}
	return t.putJSON(b, seqKey(seq), record.FromEntry(e))
}

// Entries returns a meeting's minutes entries in the order added.
func (t *Tx) Entries(meetingID string) ([]facilitation.Entry, error) {
	b := sub(bEntries, meetingID)
	var out []facilitation.Entry
	for _, k := range t.keys(b) {
		e, err := record.DecodeEntry(t.get(b, k))
		if err != nil {
			return nil, fmt.Errorf("decode minutes entry of %s: %w", meetingID, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// PutEntry replaces the entry at index i of a meeting's minutes.
func (t *Tx) PutEntry(meetingID string, i int, e facilitation.Entry) error {
	b := sub(bEntries, meetingID)
	keys := t.keys(b)
	if i < 0 || i >= len(keys) {
		return fmt.Errorf("minutes entry %d of %s: %w", i, meetingID, bot.ErrNotFound)
	}
	return t.putJSON(b, keys[i], record.FromEntry(e))
}

// Enqueue adds a reply to the outbox.
func (t *Tx) Enqueue(o bot.Outgoing) error {
	id, err := t.nextSeq(seqOutbox)
	if err != nil {
		return err
	}
	o.ID = id
	data, err := json.Marshal(o) // the message model is no record (yet)
	if err != nil {
		return err
	}
	return t.put(bOutbox, seqKey(id), data)
}

// timerKey orders timers by due time, then ID, as store/bolt does.
func timerKey(tm bot.Timer) string {
	return string(binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, uint64(tm.Due.UnixNano())), tm.ID))
}

// AddTimer stores a timer and sets its ID.
func (t *Tx) AddTimer(tm *bot.Timer) error {
	id, err := t.nextSeq(seqTimers)
	if err != nil {
		return err
	}
	tm.ID = id
	return t.putJSON(bTimers, timerKey(*tm), record.FromTimer(*tm))
}

// NextTimer returns the timer due first.
func (t *Tx) NextTimer() (bot.Timer, error) {
	b := t.st.buckets[bTimers]
	if len(b) == 0 {
		return bot.Timer{}, bot.ErrNotFound
	}
	var r record.Timer
	if err := record.Unmarshal(b[slices.Min(slices.Collect(maps.Keys(b)))], &r); err != nil {
		return bot.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	tm, err := r.ToTimer()
	if err != nil {
		return bot.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	return tm, nil
}

// DeleteTimer removes a timer.
func (t *Tx) DeleteTimer(tm bot.Timer) error { return t.del(bTimers, timerKey(tm)) }

// PutAnonymous stores text under scope with a random key.
func (t *Tx) PutAnonymous(scope, text string) error {
	return t.put(sub(bAnonymous, scope), rand.Text(), []byte(text))
}

// Anonymous returns the texts stored under scope, in the order of their random keys.
func (t *Tx) Anonymous(scope string) ([]string, error) {
	b := sub(bAnonymous, scope)
	var out []string
	for _, k := range t.keys(b) {
		out = append(out, string(t.get(b, k)))
	}
	return out, nil
}

// DropAnonymous deletes the texts stored under scope.
func (t *Tx) DropAnonymous(scope string) error { return t.dropBucket(sub(bAnonymous, scope)) }

func boardMeetingKey(meetingID string) string { return "m/" + meetingID }

func boardTokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return "t/" + string(h[:])
}

// BoardToken returns the token of a meeting's live board.
func (t *Tx) BoardToken(meetingID string) (string, error) {
	v := t.get(bBoards, boardMeetingKey(meetingID))
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// BoardMeeting returns the ID of the meeting whose board token is token.
func (t *Tx) BoardMeeting(token string) (string, error) {
	v := t.get(bBoards, boardTokenKey(token))
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutBoardToken sets a meeting's board token, revoking the one before.
func (t *Tx) PutBoardToken(meetingID, token string) error {
	if old := t.get(bBoards, boardMeetingKey(meetingID)); old != nil {
		if err := t.del(bBoards, boardTokenKey(string(old))); err != nil {
			return err
		}
	}
	if err := t.put(bBoards, boardMeetingKey(meetingID), []byte(token)); err != nil {
		return err
	}
	return t.put(bBoards, boardTokenKey(token), []byte(meetingID))
}

// MarkEvent records an event ID and reports whether it was seen before.
// IDs older than EventTTL, and signed requests' keys older than
// bot.ReplayWindow, are forgotten as new ones arrive.
func (t *Tx) MarkEvent(id string, at time.Time) (bool, error) {
	if !t.writable {
		return false, errReadOnly
	}
	if strings.HasPrefix(id, bot.ReplayPrefix) {
		if t.get(bReplays, id) != nil {
			return true, nil
		}
		if err := t.put(bReplays, id, []byte{1}); err != nil {
			return false, err
		}
		cutoff := at.Add(-bot.ReplayWindow).Unix()
		for _, k := range t.keys(bReplays) {
			if k != id && replayTime(k) < cutoff {
				if err := t.del(bReplays, k); err != nil {
					return false, err
				}
			}
		}
		return false, nil
	}
	if t.get(bEvents, id) != nil {
		return true, nil
	}
	if err := t.put(bEvents, id, binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano()))); err != nil {
		return false, err
	}
	cutoff := uint64(at.Add(-EventTTL).UnixNano())
	for _, k := range t.keys(bEvents) {
		if binary.BigEndian.Uint64(t.get(bEvents, k)) < cutoff {
			if err := t.del(bEvents, k); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// replayTime is the Unix time in a replay key, or the largest time for a
// key that has none.
func replayTime(k string) int64 {
	rest, _ := strings.CutPrefix(k, bot.ReplayPrefix)
	stamp, _, _ := strings.Cut(rest, ":")
	unix, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return math.MaxInt64
	}
	return unix
}

// outbox returns the undelivered replies of platform, oldest first.
func (t *Tx) outbox(platform string) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	for _, k := range t.keys(bOutbox) {
		var o bot.Outgoing
		if err := json.Unmarshal(t.get(bOutbox, k), &o); err != nil {
			return nil, fmt.Errorf("decode outbox entry %s: %w", k, err)
		}
		if bot.Platform(o.Channel) == platform {
			out = append(out, o)
		}
	}
	return out, nil
}

// Pending returns up to n undelivered replies of a platform with IDs
// above after, oldest first, across its channels.
func (s *Store) Pending(ctx context.Context, platform string, after uint64, n int) ([]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []bot.Outgoing
	err := s.view(func(t *Tx) error {
		all, err := t.outbox(platform)
		for _, o := range all {
			if o.ID > after && len(out) < n {
				out = append(out, o)
			}
		}
		return err
	})
	return out, err
}

// Windows returns, for every channel of platform with undelivered
// replies, up to n of them with IDs above after[channel], oldest first;
// a channel whose after is math.MaxUint64 is skipped.
func (s *Store) Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[string][]bot.Outgoing{}
	err := s.view(func(t *Tx) error {
		all, err := t.outbox(platform)
		for _, o := range all {
			from := after[o.Channel]
			if from != math.MaxUint64 && o.ID > from && len(out[o.Channel]) < n {
				out[o.Channel] = append(out[o.Channel], o)
			}
		}
		return err
	})
	return out, err
}

// Delivered removes replies from the outbox, in one transaction.
func (s *Store) Delivered(ctx context.Context, os ...bot.Outgoing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(os) == 0 {
		return nil
	}
	return s.write(func(t *Tx) error {
		for _, o := range os {
			if err := t.del(bOutbox, seqKey(o.ID)); err != nil {
				return err
			}
		}
		return nil
	})
}

// OutboxDepth is the number of replies awaiting delivery.
func (s *Store) OutboxDepth() (int, error) { return len(s.committed().buckets[bOutbox]), nil }

// refLocation returns the bucket and key of a reference key, in typed
// buckets as store/bolt keeps them: a channel's message references, the
// conversation references, the personal chats.
func refLocation(key string) (bucket, k string, err error) {
	kind, a, b, err := bot.ParseRefKey(key)
	switch {
	case err != nil:
		return "", "", err
	case kind == bot.ConversationRefKey:
		return bConversationRefs, a, nil
	case kind == bot.PersonalRefKey:
		return bPersonalRefs, a, nil
	}
	return sub(bMessageRefs, a), b, nil
}

// MessageRef returns the reference stored under key (see bot.ParseRefKey),
// or bot.ErrNotFound.
func (s *Store) MessageRef(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	bucket, k, err := refLocation(key)
	if err != nil {
		return "", err
	}
	v := s.committed().buckets[bucket][k]
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutMessageRef stores a reference under key, replacing any earlier one.
func (s *Store) PutMessageRef(ctx context.Context, key, ref string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	bucket, k, err := refLocation(key)
	if err != nil {
		return err
	}
	return s.write(func(t *Tx) error { return t.put(bucket, k, []byte(ref)) })
}

// DeleteMeeting deletes an ended meeting and everything stored for it
// (bot.Deleter), as store/bolt does.
func (t *Tx) DeleteMeeting(id string) error {
	m, err := t.Meeting(id)
	if err != nil {
		return err
	}
	if m.Running() {
		return fmt.Errorf("delete meeting %s: it is running", id)
	}
	for _, pid := range m.Polls {
		for _, b := range []string{bVotes, bVoters, bBallots} {
			if err := t.dropBucket(sub(b, pollKey(pid))); err != nil {
				return err
			}
		}
		if err := t.del(bPolls, pollKey(pid)); err != nil {
			return err
		}
	}
	for _, b := range []string{bPeople, bEntries, bRegister} {
		if err := t.dropBucket(sub(b, id)); err != nil {
			return err
		}
	}
	if token := t.get(bBoards, boardMeetingKey(id)); token != nil {
		if err := t.del(bBoards, boardTokenKey(string(token))); err != nil {
			return err
		}
		if err := t.del(bBoards, boardMeetingKey(id)); err != nil {
			return err
		}
	}
	for _, scope := range bot.MeetingScopes(id) {
		if err := t.DropAnonymous(scope); err != nil {
			return err
		}
	}
	if string(t.get(bLast, m.Channel)) == id {
		if err := t.del(bLast, m.Channel); err != nil {
			return err
		}
	}
	return t.del(bMeetings, id)
}
