package bolt

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
)

// bucketReplays holds the keys of signed requests seen lately
// (bot.ReplayPrefix, a Unix time, ':', the signature). Their keys sort
// in time order, so a new one is written at the end of the bucket and
// old ones are forgotten from its start: a command pays for one small
// write, not for an index kept apart.
var bucketReplays = []byte("replays")

// markReplay records a signed request's key and reports whether it was
// seen before; keys older than bot.ReplayWindow are forgotten.
func (t *Tx) markReplay(id string, at time.Time) (bool, error) {
	b := t.tx.Bucket(bucketReplays)
	if b.Get([]byte(id)) != nil {
		return true, nil
	}
	if err := b.Put([]byte(id), []byte{1}); err != nil { // not empty: Get reads an empty value as none
		return false, err
	}
	cutoff := at.Add(-bot.ReplayWindow).Unix()
	c := b.Cursor()
	for k, _ := c.First(); k != nil && replayTime(k) < cutoff && !bytes.Equal(k, []byte(id)); k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return false, err
		}
	}
	return false, nil
}

// replayTime is the Unix time in a replay key, or the largest time for
// a key that has none (kept, rather than forgotten early).
func replayTime(k []byte) int64 {
	rest, _ := strings.CutPrefix(string(k), bot.ReplayPrefix)
	stamp, _, _ := strings.Cut(rest, ":")
	unix, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return 1<<63 - 1
	}
	return unix
}
