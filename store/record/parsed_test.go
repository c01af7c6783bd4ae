package record_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/record"
)

// TestFromMeetingAfter holds the reusing encoder and decoder to the
// plain ones over runs of random changes to a meeting's queues (asks,
// removals, turns, entries changed in place, times in other zones and
// with monotonic readings): the record written after the previous one
// is FromMeeting's, byte for byte once encoded, and a meeting read
// with the Parsed kept is ToMeeting's.
func TestFromMeetingAfter(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 2000))
	zones := []*time.Location{time.UTC, time.FixedZone("CET", 3600), time.FixedZone("", 0)}
	when := func() time.Time {
		ts := at(rng.IntN(50)).Add(time.Duration(rng.IntN(3)) * time.Nanosecond).In(zones[rng.IntN(len(zones))])
		if rng.IntN(4) == 0 {
			ts = time.Now() // with a monotonic reading
		}
		return ts
	}
	who := func() string { return fmt.Sprintf("p%d", rng.IntN(6)) }
	kinds := []facilitation.Kind{facilitation.Speak, facilitation.Reply, facilitation.Information}
	for run := range 200 {
		m := &facilitation.Meeting{ID: "m", Channel: "c", Started: at(0), Queues: map[int]*facilitation.Queue{}}
		var prev *record.Meeting
		var pp *record.Parsed
		for step := range 30 {
			id := rng.IntN(2)
			q := m.Queues[id]
			if q == nil {
				q = &facilitation.Queue{Rules: facilitation.DefaultQueueRules}
				m.Queues[id] = q
			}
			switch rng.IntN(6) {
			case 0, 1:
				q.Waiting = append(q.Waiting, facilitation.Request{Who: who(), Kind: kinds[rng.IntN(len(kinds))], At: when(), Answer: rng.IntN(2) == 0})
			case 2:
				if len(q.Waiting) > 0 {
					i := rng.IntN(len(q.Waiting))
					q.Waiting = slices.Delete(q.Waiting, i, i+1+rng.IntN(len(q.Waiting)-i))
				}
			case 3:
				q.History = append(q.History, facilitation.Turn{Who: who(), Kind: kinds[rng.IntN(len(kinds))], Start: when(), End: when(), Paused: time.Duration(rng.IntN(2)) * time.Second})
			case 4:
				if len(q.History) > 0 {
					q.History[rng.IntN(len(q.History))].PausedAt = when()
				}
				if len(q.Waiting) > 0 {
					q.Waiting[rng.IntN(len(q.Waiting))].At = when()
				}
			case 5:
				if rng.IntN(2) == 0 {
					q.Waiting, q.History = nil, nil
				} else {
					q.Waiting, q.History = []facilitation.Request{}, []facilitation.Turn{}
				}
			}
			want := record.FromMeeting(m)
			got, parsed := record.FromMeetingAfter(m, prev, pp)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("run %d step %d: FromMeetingAfter =\n%+v\nwant\n%+v", run, step, got, want)
			}
			gotData, _ := record.Marshal(&got)
			wantData, _ := record.Marshal(&want)
			if !bytes.Equal(gotData, wantData) {
				t.Fatalf("run %d step %d: encoded\n%s\nwant\n%s", run, step, gotData, wantData)
			}
			if full := got.Parse(); !reflect.DeepEqual(parsed, full) {
				t.Fatalf("run %d step %d: Parsed of FromMeetingAfter differs from Parse", run, step)
			}
			// What the store keeps is the record as decoded.
			var kept record.Meeting
			if err := record.Unmarshal(gotData, &kept); err != nil {
				t.Fatal(err)
			}
			wantM, err := kept.ToMeeting()
			if err != nil {
				t.Fatal(err)
			}
			gotM, err := kept.ToMeetingParsed(parsed)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gotM, wantM) {
				t.Fatalf("run %d step %d: ToMeetingParsed =\n%+v\nwant\n%+v", run, step, gotM, wantM)
			}
			// The next command works on the meeting as read back.
			m, prev, pp = gotM, &kept, parsed
		}
	}
}

// TestToMeetingParsedShares: a meeting read with a Parsed shares no list
// with it, so that a command changing its meeting never changes what
// the cache keeps.
func TestToMeetingParsedShares(t *testing.T) {
	m := fullMeeting()
	r := record.FromMeeting(m)
	p := r.Parse()
	a, err := r.ToMeetingParsed(p)
	if err != nil {
		t.Fatal(err)
	}
	a.Queues[3].Waiting[0].Who = "changed"
	a.Queues[3].History[0].Who = "changed"
	b, err := r.ToMeetingParsed(p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := r.ToMeeting()
	if !reflect.DeepEqual(b, want) {
		t.Fatalf("after changing a meeting read with it, ToMeetingParsed =\n%+v\nwant\n%+v", b, want)
	}
}
