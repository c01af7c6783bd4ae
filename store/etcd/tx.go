package etcd

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
)

// Tx is a bot.Tx on an etcd snapshot with buffered writes.
type Tx struct{ txn }

var _ bot.Tx = (*Tx)(nil)

// getJSON reads a record (a type of package record).
func (t *Tx) getJSON(key string, v any) error {
	data, ok, err := t.get(key)
	if err != nil {
		return err
	}
	if !ok {
		return bot.ErrNotFound
	}
	return record.Unmarshal(data, v)
}

// putJSON stores a record (a type of package record).
func (t *Tx) putJSON(key string, v any) error {
	data, err := record.Marshal(v)
	if err != nil {
		return err
	}
	return t.put(key, data)
}

// Running returns the meeting running in channel.
func (t *Tx) Running(channel string) (*facilitation.Meeting, error) {
	id, ok, err := t.get("running/" + esc(channel))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, bot.ErrNotFound
	}
	return t.Meeting(string(id))
}

// LastMeeting returns the most recent meeting of channel.
func (t *Tx) LastMeeting(channel string) (*facilitation.Meeting, error) {
	id, ok, err := t.get("last/" + esc(channel))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, bot.ErrNotFound
	}
	return t.Meeting(string(id))
}

// Meeting returns a meeting by ID.
func (t *Tx) Meeting(id string) (*facilitation.Meeting, error) {
	var r record.Meeting
	if err := t.getJSON("meetings/"+esc(id), &r); err != nil {
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
	if err := t.putJSON("meetings/"+esc(m.ID), record.FromMeeting(m)); err != nil {
		return fmt.Errorf("put meeting %s: %w", m.ID, err)
	}
	running := "running/" + esc(m.Channel)
	if m.Running() {
		if err := t.put(running, []byte(m.ID)); err != nil {
			return err
		}
	} else {
		id, ok, err := t.get(running)
		if err != nil {
			return err
		}
		if ok && string(id) == m.ID {
			if err := t.del(running); err != nil {
				return err
			}
		}
	}
	return t.put("last/"+esc(m.Channel), []byte(m.ID))
}

// counter increments the counter at key and returns its new value.
func (t *Tx) counter(key string) (uint64, error) {
	v, ok, err := t.get(key)
	if err != nil {
		return 0, err
	}
	var n uint64
	if ok {
		if n, err = strconv.ParseUint(string(v), 10, 64); err != nil {
			return 0, fmt.Errorf("sequence %s: %w", key, err)
		}
	}
	n++
	return n, t.put(key, []byte(strconv.FormatUint(n, 10)))
}

// NextID returns the next number of a sequence.
func (t *Tx) NextID(kind string) (uint64, error) { return t.counter("seq/" + esc(kind)) }

func pollKey(id int64) string { return strconv.FormatInt(id, 10) }

// Poll returns a poll with its votes.
func (t *Tx) Poll(id int64) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil {
		return nil, err
	}
	if p.Visibility == facilitation.Secret {
		roll, err := t.scanPrefix("voters/" + pollKey(id) + "/")
		if err != nil {
			return nil, err
		}
		for _, e := range roll {
			p.Voters[lastPart(e.key)] = true
		}
		box, err := t.scanPrefix("ballots/" + pollKey(id) + "/")
		if err != nil {
			return nil, err
		}
		for _, e := range box {
			p.Ballots = append(p.Ballots, record.DecodeBallot(e.val))
		}
		return p, nil
	}
	votes, err := t.scanPrefix("votes/" + pollKey(id) + "/")
	if err != nil {
		return nil, err
	}
	for _, e := range votes {
		p.Votes[lastPart(e.key)] = record.DecodeBallot(e.val)
	}
	return p, nil
}

// lastPart is the unescaped part of key after its last '/'.
func lastPart(key string) string { return unesc(key[strings.LastIndexByte(key, '/')+1:]) }

func (t *Tx) pollHeader(id int64) (*facilitation.Poll, error) {
	var r record.Poll
	if err := t.getJSON("polls/"+pollKey(id), &r); err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	p, err := r.ToPoll()
	if err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	return p, nil
}

// PollFor returns a poll with only voter's own vote, or none for "".
func (t *Tx) PollFor(id int64, voter string) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil || voter == "" {
		return p, err
	}
	if p.Visibility == facilitation.Secret {
		_, ok, err := t.get("voters/" + pollKey(id) + "/" + esc(voter))
		if err != nil {
			return nil, err
		}
		if ok {
			p.Voters[voter] = true
		}
		return p, nil
	}
	v, ok, err := t.get("votes/" + pollKey(id) + "/" + esc(voter))
	if err != nil {
		return nil, err
	}
	if ok {
		p.Votes[voter] = record.DecodeBallot(v)
	}
	return p, nil
}

// PutPoll stores a poll's header. Closing a secret poll marks its box for
// resealing (see reseal.go).
func (t *Tx) PutPoll(p *facilitation.Poll) error {
	key := "polls/" + pollKey(p.ID)
	if p.Visibility == facilitation.Secret && p.Closed {
		var old record.Poll
		err := t.getJSON(key, &old)
		if err != nil && err != bot.ErrNotFound {
			return fmt.Errorf("poll %d: %w", p.ID, err)
		}
		if err == nil && !old.Closed {
			if err := t.put("reseal/"+pollKey(p.ID), []byte{}); err != nil {
				return err
			}
			t.closedSecret = true
		}
	}
	if err := t.putJSON(key, record.FromPoll(p)); err != nil {
		return fmt.Errorf("put poll %d: %w", p.ID, err)
	}
	return nil
}

func (t *Tx) pollExists(id int64) error {
	_, ok, err := t.get("polls/" + pollKey(id))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("poll %d: %w", id, bot.ErrNotFound)
	}
	return nil
}

// PutVote stores voter's ballot in an open or anonymous poll.
func (t *Tx) PutVote(pollID int64, voter string, b facilitation.Ballot) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	return t.put("votes/"+pollKey(pollID)+"/"+esc(voter), record.EncodeBallot(b))
}

// DeleteVote withdraws voter's ballot in an open or anonymous poll.
func (t *Tx) DeleteVote(pollID int64, voter string) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	return t.del("votes/" + pollKey(pollID) + "/" + esc(voter))
}

// CastBallot records that voter voted in a secret poll and, under a
// random key of the box, the ballot. See reseal.go for how etcd's
// revisions are kept from pairing the two.
func (t *Tx) CastBallot(pollID int64, voter string, b facilitation.Ballot) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	roll := "voters/" + pollKey(pollID) + "/" + esc(voter)
	_, voted, err := t.get(roll)
	if err != nil {
		return err
	}
	if voted {
		return fmt.Errorf("poll %d: voter has already cast a ballot", pollID)
	}
	if err := t.put(roll, []byte{}); err != nil {
		return err
	}
	return t.put("ballots/"+pollKey(pollID)+"/"+rand.Text(), record.EncodeBallot(b))
}

// timerKey orders timers by due time, then ID.
func timerKey(t bot.Timer) string {
	return fmt.Sprintf("timers/%016x%016x", uint64(t.Due.UnixNano()), t.ID)
}

// AddTimer stores a timer and sets its ID.
func (t *Tx) AddTimer(timer *bot.Timer) error {
	id, err := t.counter("seq/\x00timer") // apart from NextID's kinds, which are escaped
	if err != nil {
		return err
	}
	timer.ID = id
	return t.putJSON(timerKey(*timer), record.FromTimer(*timer))
}

// NextTimer returns the timer due first.
func (t *Tx) NextTimer() (bot.Timer, error) {
	first, err := t.scan("timers/", "timers0", 1)
	if err != nil {
		return bot.Timer{}, err
	}
	if len(first) == 0 {
		return bot.Timer{}, bot.ErrNotFound
	}
	var r record.Timer
	if err := record.Unmarshal(first[0].val, &r); err != nil {
		return bot.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	timer, err := r.ToTimer()
	if err != nil {
		return bot.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	return timer, nil
}

// DeleteTimer removes a timer.
func (t *Tx) DeleteTimer(timer bot.Timer) error { return t.del(timerKey(timer)) }

// SeePerson records a participant of a meeting.
func (t *Tx) SeePerson(meetingID string, p bot.Person) error {
	key := "people/" + esc(meetingID) + "/" + esc(p.ID)
	rec := record.Person{Name: p.Name}
	old, ok, err := t.get(key)
	if err != nil {
		return err
	}
	if ok {
		var prev record.Person
		if err := record.Unmarshal(old, &prev); err != nil {
			return fmt.Errorf("decode participant %s: %w", p.ID, err)
		}
		if prev.Name == p.Name {
			return nil
		}
		rec.Seq = prev.Seq
	} else {
		rec.Seq = t.s.seenSeq()
	}
	return t.putJSON(key, rec)
}

// Person returns a participant of a meeting.
func (t *Tx) Person(meetingID, id string) (bot.Person, error) {
	var rec record.Person
	if err := t.getJSON("people/"+esc(meetingID)+"/"+esc(id), &rec); err != nil {
		return bot.Person{}, err
	}
	return bot.Person{ID: id, Name: rec.Name}, nil
}

// People returns a meeting's participants in the order first seen.
func (t *Tx) People(meetingID string) ([]bot.Person, error) {
	all, err := t.scanPrefix("people/" + esc(meetingID) + "/")
	if err != nil {
		return nil, err
	}
	recs := make([]record.Person, len(all))
	people := make([]bot.Person, len(all))
	for i, e := range all {
		if err := record.Unmarshal(e.val, &recs[i]); err != nil {
			return nil, fmt.Errorf("decode participant %s: %w", e.key, err)
		}
		people[i] = bot.Person{ID: lastPart(e.key), Name: recs[i].Name}
	}
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(recs[a].Seq, recs[b].Seq) })
	out := make([]bot.Person, len(all))
	for i, j := range idx {
		out[i] = people[j]
	}
	return out, nil
}

// SetRegistered adds p to or removes them from a meeting's voting register.
func (t *Tx) SetRegistered(meetingID string, p bot.Person, on bool) (bool, error) {
	key := "register/" + esc(meetingID) + "/" + esc(p.ID)
	_, was, err := t.get(key)
	if err != nil {
		return false, err
	}
	switch {
	case on == was:
		return false, nil
	case on:
		err = t.put(key, []byte(p.Name))
	default:
		err = t.del(key)
	}
	if err != nil {
		return false, fmt.Errorf("register of %s: %w", meetingID, err)
	}
	return true, nil
}

// Registered reports whether id is on a meeting's voting register.
func (t *Tx) Registered(meetingID, id string) (bool, error) {
	_, ok, err := t.get("register/" + esc(meetingID) + "/" + esc(id))
	return ok, err
}

// RegisterMembers returns the people on a meeting's voting register, in ID order.
func (t *Tx) RegisterMembers(meetingID string) ([]bot.Person, error) {
	all, err := t.scanPrefix("register/" + esc(meetingID) + "/")
	if err != nil {
		return nil, err
	}
	var out []bot.Person
	for _, e := range all {
		out = append(out, bot.Person{ID: lastPart(e.key), Name: string(e.val)})
	}
	slices.SortFunc(out, func(a, b bot.Person) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// AddEntry appends an entry to a meeting's minutes.
func (t *Tx) AddEntry(meetingID string, e facilitation.Entry) error {
	seq, err := t.counter("seq/\x00entries/" + esc(meetingID))
	if err != nil {
		return err
	}
	return t.putJSON(fmt.Sprintf("entries/%s/%016x", esc(meetingID), seq), record.FromEntry(e))
}

// Entries returns a meeting's minutes entries in the order added.
func (t *Tx) Entries(meetingID string) ([]facilitation.Entry, error) {
	all, err := t.scanPrefix("entries/" + esc(meetingID) + "/")
	if err != nil {
		return nil, err
	}
	var out []facilitation.Entry
	for _, kv := range all {
		e, err := record.DecodeEntry(kv.val)
		if err != nil {
			return nil, fmt.Errorf("decode minutes entry of %s: %w", meetingID, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// PutEntry replaces the entry at index i of a meeting's minutes.
func (t *Tx) PutEntry(meetingID string, i int, e facilitation.Entry) error {
	all, err := t.scanPrefix("entries/" + esc(meetingID) + "/")
	if err != nil {
		return err
	}
	if i < 0 || i >= len(all) {
		return fmt.Errorf("minutes entry %d of %s: %w", i, meetingID, bot.ErrNotFound)
	}
	return t.putJSON(all[i].key, record.FromEntry(e))
}

// Enqueue adds a reply to the outbox line of its channel. Its ID is not
// drawn from a counter, which every command of every replica would
// fight over, but made from the revision that commits it (see outboxID).
func (t *Tx) Enqueue(o bot.Outgoing) error {
	if t.enqueued >= maxEnqueued {
		return fmt.Errorf("enqueue: more than %d replies in one transaction", maxEnqueued)
	}
	if t.token == "" {
		t.token = rand.Text()
	}
	o.ID = 0
	key := fmt.Sprintf("%s%s.%03x", channelLine(o.Channel), t.token, t.enqueued)
	t.enqueued++
	data, err := json.Marshal(o) // the message model is no record (yet)
	if err != nil {
		return err
	}
	return t.put(key, data)
}

// channelLine is the prefix of a channel's outbox entries.
func channelLine(channel string) string {
	return "outbox/" + esc(bot.Platform(channel)) + "/" + esc(channel) + "/"
}

// EventTTL is how long event IDs are remembered.
const EventTTL = 24 * time.Hour

// forgetAtOnce bounds how many old event IDs one transaction forgets,
// keeping it inside etcd's limit on a Txn's operations.
const forgetAtOnce = 16

// MarkEvent records an event ID and reports whether it was seen before.
// IDs older than EventTTL are forgotten as new ones arrive.
func (t *Tx) MarkEvent(id string, at time.Time) (bool, error) {
	if strings.HasPrefix(id, bot.ReplayPrefix) {
		return t.markReplay(id, at)
	}
	key := "events/" + esc(id)
	if _, seen, err := t.get(key); err != nil || seen {
		return seen, err
	}
	stamp := fmt.Sprintf("%016x", uint64(at.UnixNano()))
	if err := t.put(key, []byte(stamp)); err != nil {
		return false, err
	}
	// One flat range, so that forgetting leaves one deletion marker.
	if err := t.put("eventtimes/"+stamp+"-"+esc(id), []byte{}); err != nil {
		return false, err
	}
	cutoff := fmt.Sprintf("eventtimes/%016x", uint64(at.Add(-EventTTL).UnixNano()))
	old, err := t.scan("eventtimes/", cutoff, forgetAtOnce)
	if err != nil {
		return false, err
	}
	for _, e := range old {
		if err := t.del("events/" + e.key[len("eventtimes/")+17:]); err != nil {
			return false, err
		}
		if err := t.del(e.key); err != nil {
			return false, err
		}
	}
	return false, nil
}

// markReplay records a signed request's key (bot.ReplayPrefix, a Unix
// time, ':', the signature) and reports whether it was seen before; keys
// older than bot.ReplayWindow are forgotten.
func (t *Tx) markReplay(id string, at time.Time) (bool, error) {
	key := "replays/" + esc(id)
	if _, seen, err := t.get(key); err != nil || seen {
		return seen, err
	}
	if err := t.put(key, []byte{1}); err != nil {
		return false, err
	}
	cutoff := "replays/" + esc(bot.ReplayPrefix+strconv.FormatInt(at.Add(-bot.ReplayWindow).Unix(), 10))
	old, err := t.scan("replays/", cutoff, forgetAtOnce)
	if err != nil {
		return false, err
	}
	for _, e := range old {
		if e.key != key {
			if err := t.del(e.key); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// PutAnonymous stores text under scope with a random key.
func (t *Tx) PutAnonymous(scope, text string) error {
	return t.put("anonymous/"+esc(scope)+"/"+rand.Text(), []byte(text))
}

// Anonymous returns the texts stored under scope.
func (t *Tx) Anonymous(scope string) ([]string, error) {
	all, err := t.scanPrefix("anonymous/" + esc(scope) + "/")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range all {
		out = append(out, string(e.val))
	}
	return out, nil
}

// DropAnonymous deletes the texts stored under scope.
func (t *Tx) DropAnonymous(scope string) error {
	all, err := t.scanPrefix("anonymous/" + esc(scope) + "/")
	if err != nil {
		return err
	}
	for _, e := range all {
		if err := t.del(e.key); err != nil {
			return err
		}
	}
	return nil
}

// Meetings returns every meeting in the store, oldest first.
func (t *Tx) Meetings() ([]*facilitation.Meeting, error) {
	all, err := t.scanPrefix("meetings/")
	if err != nil {
		return nil, err
	}
	var out []*facilitation.Meeting
	for _, e := range all {
		var r record.Meeting
		if err := record.Unmarshal(e.val, &r); err != nil {
			return nil, fmt.Errorf("decode meeting %s: %w", e.key, err)
		}
		m, err := r.ToMeeting()
		if err != nil {
			return nil, fmt.Errorf("decode meeting %s: %w", e.key, err)
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b *facilitation.Meeting) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func boardTokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return "boards/t/" + hex.EncodeToString(h[:])
}

// BoardToken returns the token of a meeting's live board.
func (t *Tx) BoardToken(meetingID string) (string, error) {
	v, ok, err := t.get("boards/m/" + esc(meetingID))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// BoardMeeting returns the ID of the meeting whose board token is token.
func (t *Tx) BoardMeeting(token string) (string, error) {
	v, ok, err := t.get(boardTokenKey(token))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutBoardToken sets a meeting's board token, revoking the one before.
func (t *Tx) PutBoardToken(meetingID, token string) error {
	mk := "boards/m/" + esc(meetingID)
	old, ok, err := t.get(mk)
	if err != nil {
		return err
	}
	if ok {
		if err := t.del(boardTokenKey(string(old))); err != nil {
			return err
		}
	}
	if err := t.put(mk, []byte(token)); err != nil {
		return err
	}
	return t.put(boardTokenKey(token), []byte(meetingID))
}
