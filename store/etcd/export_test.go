package etcd

import (
	"encoding/binary"
	"strings"

	"go.etcd.io/etcd/api/v3/mvccpb"
)

// OutboxID is the ID of the outbox entry kv, for tests that watch the
// outbox from outside: the number of an appended value (see Append), or
// a key's last segment, a big-endian number.
func OutboxID(kv *mvccpb.KeyValue) uint64 {
	k := string(kv.Key)
	last := k[strings.LastIndexByte(k, '/')+1:]
	if n, ok := appendedID(last, kv.CreateRevision); ok {
		return n
	}
	last = unescape(last)
	if len(last) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64([]byte(last))
}

// SetAppendWindow sets how many appended keys DeleteAppended reads at a
// time, until the test ends.
func SetAppendWindow(t interface{ Cleanup(func()) }, n int) {
	old := appendWindow
	appendWindow = n
	t.Cleanup(func() { appendWindow = old })
}
