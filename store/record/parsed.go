package record

import (
	"github.com/klubba/klubba/facilitation"
)

// Parsed is what the waiting requests and the turns of a record's
// queues parse to, kept with the record by a store's cache (issue 27):
// a meeting made from the record again copies them rather than parse
// thousands of times, and the next record written from that meeting
// takes the stored text of every request and turn that it holds
// unchanged rather than format it again. With 2,000 people waiting
// and 2,000 turns, that was most of the work of `hand` and `next`
// outside the encoder.
//
// A Parsed belongs to one record, whose lists it matches entry for
// entry, and is never changed.
type Parsed struct{ queues map[int]parsedLists }

type parsedLists struct {
	waiting []facilitation.Request
	history []facilitation.Turn
}

// lists returns the parsed lists of r.Queues[id], q, if p holds them.
func (p *Parsed) lists(id int, q *Queue) (parsedLists, bool) {
	if p == nil {
		return parsedLists{}, false
	}
	l, ok := p.queues[id]
	return l, ok && len(l.waiting) == len(q.Waiting) && len(l.history) == len(q.History)
}

// Parse returns the Parsed of r. A queue with a time that does not
// read back as it is stored (written by another encoder) is left out:
// its text could not be reused.
func (r *Meeting) Parse() *Parsed {
	p := &Parsed{queues: make(map[int]parsedLists, len(r.Queues))}
	for id, q := range r.Queues {
		if q == nil {
			continue
		}
		if l, ok := parseLists(q); ok {
			p.queues[id] = l
		}
	}
	return p
}

func parseLists(q *Queue) (parsedLists, bool) {
	l := parsedLists{waiting: make([]facilitation.Request, len(q.Waiting)), history: make([]facilitation.Turn, len(q.History))}
	for i, w := range q.Waiting {
		r, ok := parseRequest(w)
		if !ok {
			return parsedLists{}, false
		}
		l.waiting[i] = r
	}
	for i, t := range q.History {
		d, ok := parseTurn(t)
		if !ok {
			return parsedLists{}, false
		}
		l.history[i] = d
	}
	return l, true
}

// parseRequest is w parsed, and whether its time reads back as stored.
func parseRequest(w Request) (facilitation.Request, bool) {
	var p parser
	r := facilitation.Request{Who: w.Who, Kind: facilitation.Kind(w.Kind), At: p.time(w.At), Answer: w.Answer}
	return r, p.err == nil && formatTime(r.At) == w.At
}

// parseTurn is t parsed, and whether its times read back as stored.
func parseTurn(t Turn) (facilitation.Turn, bool) {
	var p parser
	d := p.turn(t)
	return d, p.err == nil && formatTime(d.Start) == t.Start && formatOptional(d.End) == t.End &&
		formatOptional(d.PausedAt) == t.PausedAt
}

// ToMeetingParsed is ToMeeting, with the queues' lists copied from p,
// the Parsed of r (nil for none), where it holds them.
func (r Meeting) ToMeetingParsed(p *Parsed) (*facilitation.Meeting, error) { return r.toMeeting(p) }

// FromMeetingAfter is FromMeeting, taking the stored text of the
// requests and turns that prev, a record whose Parsed is pp, holds
// unchanged (either may be nil); it returns the Parsed of the record
// too. Which entries are reused is a matter of speed only: an entry is
// reused only where the meeting's is equal to what prev's parses to,
// whose text is then what formatting the meeting's would give.
func FromMeetingAfter(m *facilitation.Meeting, prev *Meeting, pp *Parsed) (Meeting, *Parsed) {
	r := fromMeeting(m, false)
	out := &Parsed{queues: make(map[int]parsedLists, len(r.Queues))}
	for id, q := range m.Queues {
		rq := r.Queues[id]
		if q == nil || rq == nil {
			continue
		}
		var old *Queue
		var ol parsedLists
		if prev != nil {
			if pq := prev.Queues[id]; pq != nil {
				if l, ok := pp.lists(id, pq); ok {
					old, ol = pq, l
				}
			}
		}
		l := parsedLists{waiting: make([]facilitation.Request, len(q.Waiting)), history: make([]facilitation.Turn, len(q.History))}
		ok := true
		j := 0
		for i, w := range q.Waiting {
			if k, found := match(ol.waiting, j, w); found {
				rq.Waiting[i], l.waiting[i], j = old.Waiting[k], ol.waiting[k], k+1
				continue
			}
			rq.Waiting[i] = fromRequest(w)
			if l.waiting[i], ok = parseRequest(rq.Waiting[i]); !ok {
				break
			}
		}
		j = 0
		for i, t := range q.History {
			if !ok {
				break
			}
			if k, found := match(ol.history, j, t); found {
				rq.History[i], l.history[i], j = old.History[k], ol.history[k], k+1
				continue
			}
			rq.History[i] = fromTurn(t)
			if l.history[i], ok = parseTurn(rq.History[i]); !ok {
				break
			}
		}
		if ok {
			out.queues[id] = l
		} else {
			fillQueueLists(rq, q) // as FromMeeting writes them
		}
	}
	return r, out
}

// match looks for v at old[j], or at old[j+1] after an entry removed,
// and returns where it found it.
func match[T comparable](old []T, j int, v T) (int, bool) {
	for k := j; k < len(old) && k < j+2; k++ {
		if old[k] == v {
			return k, true
		}
	}
	return 0, false
}
