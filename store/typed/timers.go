package typed

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

// timerKey orders timers by due time, then ID.
func timerKey(t store.Timer) store.Key {
	return store.K(tTimers, u64(uint64(t.Due.UnixNano()))+u64(t.ID))
}

// AddTimer stores a timer, setting its ID.
func (t *Tx) AddTimer(timer *store.Timer) error {
	id, err := t.t.NextSeq(store.K(tTimers))
	if err != nil {
		return err
	}
	timer.ID = id
	return t.putRecord(timerKey(*timer), record.FromTimer(*timer))
}

// NextTimer returns the timer due first, or store.ErrNotFound.
func (t *Tx) NextTimer() (store.Timer, error) {
	var first []byte
	err := t.t.Scan(store.K(tTimers), func(_ store.Key, v []byte) error {
		first = append([]byte{}, v...)
		return store.ErrStopScan
	})
	if err != nil {
		return store.Timer{}, err
	}
	if first == nil {
		return store.Timer{}, store.ErrNotFound
	}
	var r record.Timer
	if err := record.Unmarshal(first, &r); err != nil {
		return store.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	timer, err := r.ToTimer()
	if err != nil {
		return store.Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	return timer, nil
}

// DeleteTimer removes a timer.
func (t *Tx) DeleteTimer(timer store.Timer) error { return t.t.Delete(timerKey(timer)) }

// EventTTL is how long event IDs are remembered: Slack retries within
// minutes, so a day is ample.
const EventTTL = 24 * time.Hour

// ReplayPrefix starts the seen-event key of a signed request: the prefix,
// the request's Unix time, ':' and its signature. Such a key is
// remembered only for ReplayWindow.
const ReplayPrefix = "sig:"

// ReplayWindow is how long a request's signature is remembered: longer
// than the five minutes a signed request's time may be off.
const ReplayWindow = 10 * time.Minute

// forgetAtOnce bounds how many old IDs one transaction forgets, keeping
// it small (etcd limits a transaction's operations).
const forgetAtOnce = 16

// MarkEvent records a platform event ID and reports whether it was seen
// before, so that a redelivered event is handled once. IDs older than
// EventTTL (ReplayWindow for a signed request's) are forgotten as new
// ones arrive.
func (t *Tx) MarkEvent(id string, at time.Time) (bool, error) {
	if strings.HasPrefix(id, ReplayPrefix) {
		return t.markReplay(id, at)
	}
	key := store.K(tEvents, id)
	if seen, err := t.has(key); err != nil || seen {
		return seen, err
	}
	stamp := u64(uint64(at.UnixNano()))
	if err := t.t.Put(key, []byte(stamp)); err != nil {
		return false, err
	}
	if err := t.t.Put(store.K(tEventTimes, stamp+id), nil); err != nil {
		return false, err
	}
	cutoff := uint64(at.Add(-EventTTL).UnixNano())
	var old []string
	err := t.t.Scan(store.K(tEventTimes), func(k store.Key, _ []byte) error {
		if len(old) == forgetAtOnce || len(k[0]) < 8 || binary.BigEndian.Uint64([]byte(k[0][:8])) >= cutoff {
			return store.ErrStopScan
		}
		old = append(old, k[0])
		return nil
	})
	if err != nil {
		return false, err
	}
	for _, k := range old {
		if err := t.t.Delete(store.K(tEvents, k[8:])); err != nil {
			return false, err
		}
		if err := t.t.Delete(store.K(tEventTimes, k)); err != nil {
			return false, err
		}
	}
	return false, nil
}

// EventSeen reports whether MarkEvent has recorded id (and not yet
// forgotten it), without recording it.
func (t *Tx) EventSeen(id string) (bool, error) {
	if strings.HasPrefix(id, ReplayPrefix) {
		return t.has(store.K(tReplays, shortReplay(id)))
	}
	return t.has(store.K(tEvents, id))
}

// markReplay records a signed request's key and reports whether it was
// seen before. Replay keys sort in time order, so a new one is written at
// the end of the table and old ones are forgotten from its start: a
// command pays for one small write, not for an index kept apart.
//
// The table is searched for old keys once a second, not for every
// request (a storm's thousands a second would each open a cursor on it
// for nothing), and again at once while there are more than
// forgetAtOnce to forget.
func (t *Tx) markReplay(id string, at time.Time) (bool, error) {
	id = shortReplay(id)
	key := store.K(tReplays, id)
	if seen, err := t.has(key); err != nil || seen {
		return seen, err
	}
	if err := t.t.Put(key, []byte{1}); err != nil {
		return false, err
	}
	cutoff := at.Add(-ReplayWindow).Unix()
	if t.s.replaysKept.Load() >= cutoff {
		return false, nil // nothing older than cutoff is left
	}
	var old []string
	err := t.t.Scan(store.K(tReplays), func(k store.Key, _ []byte) error {
		if len(old) == forgetAtOnce || replayTime(k[0]) >= cutoff {
			return store.ErrStopScan
		}
		if k[0] != id {
			old = append(old, k[0])
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	for _, k := range old {
		if err := t.t.Delete(store.K(tReplays, k)); err != nil {
			return false, err
		}
	}
	if len(old) < forgetAtOnce {
		// Kept only for the time being: should this transaction roll
		// back, the keys are forgotten again in the next second's search.
		t.s.replaysKept.Store(cutoff)
	}
	return false, nil
}

// shortReplay shortens a signed request's key ("sig:1765000000:v0="
// and 64 hex digits) to its time and the first 128 bits of its
// signature ("sig:1765000000:" and 32 digits), which tell requests
// apart as well as all 256 do: 47 bytes instead of 82 for each of a
// vote storm's writes to store and search. It keeps the prefix, so that
// keys of either shape sort by time together and old ones are
// forgotten from the table's start. A key of another shape is kept as
// it is.
func shortReplay(id string) string {
	rest, _ := strings.CutPrefix(id, ReplayPrefix)
	stamp, sig, _ := strings.Cut(rest, ":")
	sig = strings.TrimPrefix(sig, "v0=")
	if len(sig) < 32 {
		return id
	}
	return ReplayPrefix + stamp + ":" + sig[:32]
}

// replayTime is the Unix time in a replay key, or the largest time for
// a key that has none (kept, rather than forgotten early).
func replayTime(k string) int64 {
	rest, _ := strings.CutPrefix(k, ReplayPrefix)
	stamp, _, _ := strings.Cut(rest, ":")
	unix, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return 1<<63 - 1
	}
	return unix
}

// PutAnonymous stores a text that must name nobody (an idea before it
// is revealed, a check-out comment) under scope, apart from any person
// and in no order of arrival: under a random key.
func (t *Tx) PutAnonymous(scope, text string) error {
	return t.t.Put(store.K(tAnonymous, scope, rand.Text()), []byte(text))
}

// Anonymous returns the texts stored under scope, in the order of their
// random keys.
func (t *Tx) Anonymous(scope string) ([]string, error) {
	var out []string
	err := t.t.Scan(store.K(tAnonymous, scope), func(_ store.Key, v []byte) error {
		out = append(out, string(v))
		return nil
	})
	return out, err
}

// DropAnonymous deletes the texts stored under scope. A backend whose
// history keeps what was deleted (see store.Sealer) is asked to forget
// them: a pseudonym's secret must not outlive its meeting.
func (t *Tx) DropAnonymous(scope string) error {
	box := store.K(tAnonymous, scope)
	n := 0
	if err := t.t.Scan(box, func(store.Key, []byte) error { n++; return store.ErrStopScan }); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	if err := t.deleteAll(box); err != nil {
		return err
	}
	if s, ok := t.t.(store.Sealer); ok {
		return s.Seal(box)
	}
	return nil
}

func boardMeetingKey(meetingID string) store.Key { return store.K(tBoards, "m/"+meetingID) }

// boardTokenKey holds a token by its hash, so that the lookup's timing
// says nothing about the token; the bot then compares the token itself
// in constant time.
func boardTokenKey(token string) store.Key {
	h := sha256.Sum256([]byte(token))
	return store.K(tBoards, "t/"+string(h[:]))
}

// BoardToken returns the token of a meeting's live board, or store.ErrNotFound.
func (t *Tx) BoardToken(meetingID string) (string, error) {
	v, err := t.t.Get(boardMeetingKey(meetingID))
	return string(v), err
}

// BoardMeeting returns the ID of the meeting whose live board has token,
// or store.ErrNotFound.
func (t *Tx) BoardMeeting(token string) (string, error) {
	v, err := t.t.Get(boardTokenKey(token))
	return string(v), err
}

// PutBoardToken gives a meeting's live board a token, revoking the
// meeting's earlier token.
func (t *Tx) PutBoardToken(meetingID, token string) error {
	old, err := t.t.Get(boardMeetingKey(meetingID))
	if err == nil {
		err = t.t.Delete(boardTokenKey(string(old)))
	} else if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if err != nil {
		return err
	}
	if err := t.t.Put(boardMeetingKey(meetingID), []byte(token)); err != nil {
		return err
	}
	return t.t.Put(boardTokenKey(token), []byte(meetingID))
}
