package etcd

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot"
	clientv3 "go.etcd.io/etcd/client/v3"
)

func decodeOutgoing(e kv) (bot.Outgoing, error) {
	var o bot.Outgoing
	if err := json.Unmarshal(e.val, &o); err != nil {
		return o, fmt.Errorf("decode outbox entry %s: %w", e.key, err)
	}
	return o, nil
}

// Pending returns up to n undelivered replies of a platform with IDs
// above after, oldest first, across its channels.
func (s *Store) Pending(ctx context.Context, platform string, after uint64, n int) ([]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t := s.newTx(ctx, true)
	all, err := t.scanPrefix("outbox/" + esc(platform) + "/")
	if err != nil {
		return nil, err
	}
	var out []bot.Outgoing
	for _, e := range all {
		o, err := decodeOutgoing(e)
		if err != nil {
			return nil, err
		}
		if o.ID > after {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b bot.Outgoing) int { return cmp.Compare(a.ID, b.ID) })
	return out[:min(n, len(out))], nil
}

// Windows returns, for every channel of platform with undelivered
// replies, up to n of them with IDs above after[channel], oldest first.
// A channel whose after is math.MaxUint64 is skipped.
func (s *Store) Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]bot.Outgoing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t := s.newTx(ctx, true)
	line := "outbox/" + esc(platform) + "/"
	out := map[string][]bot.Outgoing{}
	// Each channel is a range of its own: read the channels' first keys,
	// then each channel's window from where it stands.
	from := line
	for {
		first, err := t.scan(from, clientv3.GetPrefixRangeEnd(line), 1)
		if err != nil || len(first) == 0 {
			return out, err
		}
		rest := strings.TrimPrefix(first[0].key, line)
		chKey := rest[:strings.IndexByte(rest, '/')]
		ch := unesc(chKey)
		chLine := line + chKey + "/"
		from = clientv3.GetPrefixRangeEnd(chLine)
		start, ok := after[ch]
		if start == math.MaxUint64 {
			continue
		}
		if !ok {
			start = 0
		}
		win, err := t.scan(fmt.Sprintf("%s%016x", chLine, start+1), from, n)
		if err != nil {
			return nil, err
		}
		for _, e := range win {
			o, err := decodeOutgoing(e)
			if err != nil {
				return nil, err
			}
			out[ch] = append(out[ch], o)
		}
	}
}

// Delivered removes replies from the outbox, in one transaction.
func (s *Store) Delivered(ctx context.Context, os ...bot.Outgoing) error {
	if len(os) == 0 {
		return ctx.Err()
	}
	// A Txn takes at most 128 operations by default: delete in slices.
	const chunk = 50
	for len(os) > 0 {
		part := os[:min(chunk, len(os))]
		os = os[len(part):]
		err := s.Update(ctx, func(tx bot.Tx) error {
			t := tx.(*Tx)
			for _, o := range part {
				if err := t.del(outboxKey(o)); err != nil {
					return err
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
