package etcd

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// maxEnqueued bounds the replies of one transaction: their IDs hold the
// index in 12 bits.
const maxEnqueued = 1 << 12

// outboxID is an outbox entry's ID: the revision that created it, then
// its index among the transaction's replies. IDs grow in commit order, so
// an entry that a reader has not yet seen always has a higher ID than
// every entry it has seen, which is what delivery's windows need.
func outboxID(kv *mvccpb.KeyValue) uint64 {
	k := string(kv.Key)
	idx, _ := strconv.ParseUint(k[strings.LastIndexByte(k, '.')+1:], 16, 12)
	return uint64(kv.CreateRevision)<<12 | idx
}

// line reads the outbox entries under prefix, each with its ID and key,
// oldest first.
func (s *Store) line(ctx context.Context, prefix string, keysOnly bool) ([]bot.Outgoing, map[uint64]string, error) {
	opts := []clientv3.OpOption{clientv3.WithPrefix()}
	if keysOnly {
		opts = append(opts, clientv3.WithKeysOnly())
	}
	resp, err := s.cli.Get(ctx, s.prefix+prefix, opts...)
	if err != nil {
		return nil, nil, err
	}
	out := make([]bot.Outgoing, 0, len(resp.Kvs))
	keys := make(map[uint64]string, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		k := strings.TrimPrefix(string(kv.Key), s.prefix)
		if strings.HasSuffix(k, markerSuffix) {
			continue
		}
		var o bot.Outgoing
		if !keysOnly {
			if err := json.Unmarshal(kv.Value, &o); err != nil {
				return nil, nil, fmt.Errorf("decode outbox entry %s: %w", k, err)
			}
		}
		o.ID = outboxID(kv)
		keys[o.ID] = k
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b bot.Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	return out, keys, nil
}

// Pending returns up to n undelivered replies of a platform with IDs
// above after, oldest first, across its channels.
func (s *Store) Pending(ctx context.Context, platform string, after uint64, n int) ([]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all, _, err := s.line(ctx, "outbox/"+esc(platform)+"/", false)
	if err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(all, after+1, func(o bot.Outgoing, id uint64) int { return cmp.Compare(o.ID, id) })
	all = all[i:]
	return all[:min(n, len(all))], nil
}

// Windows returns, for every channel of platform with undelivered
// replies, up to n of them with IDs above after[channel], oldest first.
// A channel whose after is math.MaxUint64 is skipped. Each channel is
// read on its own, from the revision its after names (an ID holds the
// revision that created the entry), so that a delivery round costs what
// is new, not the whole backlog.
func (s *Store) Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	line := s.prefix + "outbox/" + esc(platform) + "/"
	keys, err := s.cli.Get(ctx, line, clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return nil, err
	}
	var chans []string
	for _, kv := range keys.Kvs {
		rest := strings.TrimPrefix(string(kv.Key), line)
		if ch := rest[:strings.IndexByte(rest, '/')]; !slices.Contains(chans, ch) {
			chans = append(chans, ch)
		}
	}
	out := map[string][]bot.Outgoing{}
	for _, chKey := range chans {
		ch := unesc(chKey)
		from := after[ch] // 0 when absent
		if from == math.MaxUint64 {
			continue
		}
		win, err := s.channelWindow(ctx, line+chKey+"/", keys.Header.Revision, from, n)
		if err != nil {
			return nil, err
		}
		if len(win) > 0 {
			out[ch] = win[:min(n, len(win))]
		}
	}
	return out, nil
}

// channelWindow reads up to n of a channel's entries with IDs above
// from, oldest first, at revision rev. Entries are read by create
// revision with a limit; the limit may cut one revision's entries short,
// in no particular order, and then that revision is read whole or left
// for the next round.
func (s *Store) channelWindow(ctx context.Context, chLine string, rev int64, from uint64, n int) ([]bot.Outgoing, error) {
	minRev := int64(from >> 12)
	for {
		win, lastRev, more, err := s.window(ctx, chLine, rev, from, minRev, 0, n)
		if err != nil || !more {
			return win, err
		}
		if cut := slices.IndexFunc(win, func(o bot.Outgoing) bool { return int64(o.ID>>12) == lastRev }); cut > 0 {
			return win[:cut], nil
		} else if cut < 0 && len(win) > 0 {
			return win, nil
		}
		whole, _, _, err := s.window(ctx, chLine, rev, from, lastRev, lastRev, 0)
		if err != nil || len(whole) > 0 {
			return whole[:min(n, len(whole))], err
		}
		minRev = lastRev + 1
	}
}

// window reads a channel's entries with IDs above from, created between
// revisions minRev and maxRev (0: any), up to limit of them (0: all), at
// revision rev. lastRev is the create revision of the last entry read,
// and more reports that the limit left some out.
func (s *Store) window(ctx context.Context, chLine string, rev int64, from uint64, minRev, maxRev int64, limit int) (win []bot.Outgoing, lastRev int64, more bool, err error) {
	opts := []clientv3.OpOption{clientv3.WithPrefix(), clientv3.WithMinCreateRev(minRev), clientv3.WithRev(rev),
		clientv3.WithSort(clientv3.SortByCreateRevision, clientv3.SortAscend)}
	if maxRev > 0 {
		opts = append(opts, clientv3.WithMaxCreateRev(maxRev))
	}
	if limit > 0 {
		opts = append(opts, clientv3.WithLimit(int64(limit)))
	}
	resp, err := s.cli.Get(ctx, chLine, opts...)
	if err != nil {
		return nil, 0, false, err
	}
	for _, kv := range resp.Kvs {
		lastRev = kv.CreateRevision
		if strings.HasSuffix(string(kv.Key), markerSuffix) {
			continue
		}
		var o bot.Outgoing
		if err := json.Unmarshal(kv.Value, &o); err != nil {
			return nil, 0, false, fmt.Errorf("decode outbox entry %s: %w", kv.Key, err)
		}
		if o.ID = outboxID(kv); o.ID > from {
			win = append(win, o)
		}
	}
	slices.SortFunc(win, func(a, b bot.Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	return win, lastRev, resp.More, nil
}

// Delivered removes replies from the outbox.
func (s *Store) Delivered(ctx context.Context, os ...bot.Outgoing) error {
	if len(os) == 0 {
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	keys := map[uint64]string{}
	for _, line := range uniqueLines(os) {
		_, k, err := s.line(ctx, line, true)
		if err != nil {
			return err
		}
		for id, key := range k {
			keys[id] = key
		}
	}
	// A Txn takes at most 128 operations by default: delete in slices.
	const chunk = 50
	for len(os) > 0 {
		part := os[:min(chunk, len(os))]
		os = os[len(part):]
		err := s.Update(ctx, func(tx bot.Tx) error {
			t := tx.(*Tx)
			for _, o := range part {
				if k, ok := keys[o.ID]; ok {
					if err := t.del(k); err != nil {
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

func uniqueLines(os []bot.Outgoing) []string {
	var lines []string
	for _, o := range os {
		if l := channelLine(o.Channel); !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	return lines
}

// MessageRef returns where the message under key was posted, or bot.ErrNotFound.
func (s *Store) MessageRef(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	resp, err := s.cli.Get(ctx, s.prefix+"refs/"+esc(key))
	if err != nil {
		return "", err
	}
	if len(resp.Kvs) == 0 {
		return "", bot.ErrNotFound
	}
	return string(resp.Kvs[0].Value), nil
}

// PutMessageRef records where the message under key was posted.
func (s *Store) PutMessageRef(ctx context.Context, key, ref string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := s.cli.Put(ctx, s.prefix+"refs/"+esc(key), ref)
	return err
}

// OutboxDepth is the number of replies awaiting delivery.
func (s *Store) OutboxDepth() (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), defaultOpTimeout)
	defer cancel()
	resp, err := s.cli.Get(ctx, s.prefix+"outbox/", clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range resp.Kvs {
		if !strings.HasSuffix(string(e.Key), markerSuffix) {
			n++
		}
	}
	return n, nil
}
