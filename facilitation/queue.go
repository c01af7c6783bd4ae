package facilitation

import (
	"cmp"
	"slices"
	"time"
)

// Kind is the kind of a request to speak.
type Kind string

// Kinds of request, in the order the queue serves them.
const (
	// PointOfOrder (ordningsfråga) is about how the meeting is run; it goes first.
	PointOfOrder Kind = "order"
	// Information (sakupplysning) is a factual clarification; it follows points of order.
	Information Kind = "info"
	// Reply (replik) is a short answer to the current speech, taken right after it.
	Reply Kind = "reply"
	// Speak is an ordinary request to speak.
	Speak Kind = "speak"
)

func kindRank(k Kind) int {
	switch k {
	case Information:
		return 1
	case Reply:
		return 2
	case Speak:
		return 3
	}
	return 0 // PointOfOrder, and any other
}

// Policy orders ordinary requests to speak.
type Policy string

// Queue policies.
const (
	// FewestTurnsFirst puts people who have spoken fewer times on the item
	// first, then orders by time of request.
	FewestTurnsFirst Policy = "fewest-turns-first"
	// FIFO orders by time of request only.
	FIFO Policy = "fifo"
	// Alternate (varvad talarlista) is fewest-turns-first, then alternates
	// the self-declared groups while more than one has people waiting.
	Alternate Policy = "alternate"
)

// Valid reports whether p is a known policy.
func (p Policy) Valid() bool { return p == FewestTurnsFirst || p == FIFO || p == Alternate }

// QueueRules are the limits a meeting's template sets for its queues.
type QueueRules struct {
	Policy Policy
	// ReplyLimit is how many replies one speech may get (default 2).
	ReplyLimit int
	// TurnCap is the count of turns above which people count as equal (default 2).
	TurnCap int
	// MaxTurn is the longest a turn should last; 0 means no limit.
	MaxTurn time.Duration
}

// DefaultQueueRules are the rules used where a template sets none.
var DefaultQueueRules = QueueRules{Policy: FewestTurnsFirst, ReplyLimit: 2, TurnCap: 2}

// withDefaults fills zero fields from DefaultQueueRules.
func (r QueueRules) withDefaults() QueueRules {
	if r.Policy == "" {
		r.Policy = DefaultQueueRules.Policy
	}
	if r.ReplyLimit == 0 {
		r.ReplyLimit = DefaultQueueRules.ReplyLimit
	}
	if r.TurnCap == 0 {
		r.TurnCap = DefaultQueueRules.TurnCap
	}
	return r
}

// Request is someone waiting to speak.
type Request struct {
	Who  string
	Kind Kind
	At   time.Time
	// Answer marks the reply of the speaker replied to (one per speech).
	Answer bool
	seq    int
}

// Turn is one spell of speaking.
type Turn struct {
	Who   string
	Kind  Kind
	Start time.Time
	End   time.Time
	// Paused is the time the turn stood still during adjournments, and
	// PausedAt when the adjournment going on began.
	Paused   time.Duration
	PausedAt time.Time
}

// Duration is the length of the turn, up to now if it goes on, without
// the time the meeting was adjourned.
func (t Turn) Duration(now time.Time) time.Duration {
	end := t.End
	if end.IsZero() {
		end = now
	}
	if !t.PausedAt.IsZero() {
		end = t.PausedAt
	}
	return end.Sub(t.Start) - t.Paused
}

// Queue is the speaker list (talarlista) of one agenda item.
type Queue struct {
	Rules   QueueRules
	Closed  bool
	Waiting []Request
	// Current is the turn going on, if any.
	Current *Turn
	// Announced is the person told they are next; a later request never bumps them.
	Announced string
	// Speech is the ordinary speaker whose speech replies answer, with the
	// count of replies it got and whether its speaker has answered.
	Speech        string
	SpeechReplies int
	SpeechAnswer  bool
	History       []Turn
	// Told is the person last told privately that they are next.
	Told string
	// groups are the meeting's self-declared groups by person, for the
	// alternate policy (set by Meeting.Queue; not stored with the queue).
	groups map[string]string
	// LastCall is when a list announced to close will close (streck föreslås).
	LastCall time.Time
}

// NewQueue returns an open, empty queue with rules (defaults filled in).
func NewQueue(rules QueueRules) *Queue {
	return &Queue{Rules: rules.withDefaults()}
}

// turnCounts counts, in one pass over the history, the ordinary turns
// of everyone asking to speak in reqs, capped at the rules' TurnCap:
// turns[i] is that of reqs[i].Who if reqs[i] is a request to speak, and
// 0 otherwise. (Counting per person with turns was O(waiting × history);
// the counts are kept in a slice, so that the map is written once per
// person and read once per turn.)
func (q *Queue) turnCounts(reqs []Request) (turns []int) {
	slot := make(map[string]int, len(reqs))
	var counts []int
	turns = make([]int, len(reqs))
	for i, r := range reqs {
		if r.Kind != Speak {
			turns[i] = -1
			continue
		}
		n, ok := slot[r.Who]
		if !ok {
			n = len(counts)
			slot[r.Who] = n
			counts = append(counts, 0)
		}
		turns[i] = n
	}
	count := func(t Turn) {
		if t.Kind == Speak {
			if n, ok := slot[t.Who]; ok {
				counts[n]++
			}
		}
	}
	for _, t := range q.History {
		count(t)
	}
	if q.Current != nil {
		count(*q.Current)
	}
	for i, n := range turns {
		if n < 0 {
			turns[i] = 0
		} else {
			turns[i] = min(counts[n], q.Rules.TurnCap)
		}
	}
	return turns
}

// Ordered returns the waiting requests in the order they will be served:
// points of order, information, replies (answers last) and then requests
// to speak (the announced speaker first, and then by fewest turns where
// the policy says so), each by time of asking and then as they came.
// The sort keys are computed once, not at each comparison (issue 13).
func (q *Queue) Ordered() []Request {
	reqs := q.Waiting
	if len(reqs) == 0 {
		return slices.Clone(reqs)
	}
	keys, turns := q.orderKeys()
	slices.SortFunc(keys, compareOrder)
	out := make([]Request, len(reqs))
	for i, k := range keys {
		out[i] = reqs[k.seq]
		out[i].seq = k.seq
	}
	if q.Rules.Policy == Alternate {
		sorted := make([]int, len(keys))
		for i, k := range keys {
			sorted[i] = turns[k.seq]
		}
		q.alternate(out, sorted)
	}
	return out
}

// orderKey is what places a waiting request in the served order.
type orderKey struct {
	rank, turns int
	later       bool // an answer among replies, or not announced among requests to speak
	at          time.Time
	seq         int
}

// compareOrder orders keys as they are served (but for Alternate's
// interleaving, which Ordered applies after).
func compareOrder(a, b orderKey) int {
	if c := cmp.Compare(a.rank, b.rank); c != 0 {
		return c
	}
	if a.later != b.later {
		if a.later {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(a.turns, b.turns); c != 0 {
		return c
	}
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// orderKeys returns the keys of the waiting requests, in their order
// in q.Waiting, and each one's turns (turnCounts; nil when the policy
// does not count them).
func (q *Queue) orderKeys() ([]orderKey, []int) {
	byTurns := q.Rules.Policy == FewestTurnsFirst || q.Rules.Policy == Alternate
	var turns []int
	if byTurns {
		turns = q.turnCounts(q.Waiting)
	}
	keys := make([]orderKey, len(q.Waiting))
	for i, r := range q.Waiting {
		k := q.key(i, r)
		if byTurns && r.Kind == Speak {
			k.turns = turns[i]
		}
		keys[i] = k
	}
	return keys, turns
}

// key is the key of q.Waiting[i], r, but for its turns (left 0).
func (q *Queue) key(i int, r Request) orderKey {
	k := orderKey{rank: kindRank(r.Kind), at: r.At, seq: i}
	switch r.Kind {
	case Reply:
		k.later = r.Answer
	case Speak:
		k.later = r.Who != q.Announced
	}
	return k
}

// first returns the request served next, Ordered()[0], without ordering
// the rest: one pass over the waiting, where ordering them all sorts
// (with 2,000 waiting, next ordered them twice).
func (q *Queue) first() (Request, bool) {
	if len(q.Waiting) == 0 {
		return Request{}, false
	}
	if q.Rules.Policy == Alternate {
		return q.Ordered()[0], true
	}
	// First without the turns, which only order requests to speak that
	// were not announced: the best of those keys is the first served
	// unless it is such a request. Counting the turns is a pass over the
	// history and a map of everyone waiting, so `next`, which asks for
	// the first three times, counts them once where the next speaker
	// was announced.
	best := q.key(0, q.Waiting[0])
	for i, r := range q.Waiting[1:] {
		if k := q.key(i+1, r); compareOrder(k, best) < 0 {
			best = k
		}
	}
	if best.rank == kindRank(Speak) && best.later && q.Rules.Policy == FewestTurnsFirst {
		keys, _ := q.orderKeys()
		best = slices.MinFunc(keys, compareOrder)
	}
	r := q.Waiting[best.seq]
	r.seq = best.seq
	return r, true
}

// Position returns who's 1-based place in the served order, or 0.
func (q *Queue) Position(who string, kind Kind) int {
	if q.Rules.Policy == Alternate {
		for i, r := range q.Ordered() {
			if r.Who == who && r.Kind == kind {
				return i + 1
			}
		}
		return 0
	}
	// One pass: the requests served before who's.
	i := slices.IndexFunc(q.Waiting, func(r Request) bool { return r.Who == who && r.Kind == kind })
	if i < 0 {
		return 0
	}
	keys, _ := q.orderKeys()
	pos := 1
	for _, k := range keys {
		if compareOrder(k, keys[i]) < 0 {
			pos++
		}
	}
	return pos
}

// Ask adds a request by who of the given kind.
func (q *Queue) Ask(who string, kind Kind, now time.Time) (Request, error) {
	for _, r := range q.Waiting {
		if r.Who == who && r.Kind == kind {
			return Request{}, errorf(ErrAlreadyQueued, "Position", q.Position(who, kind))
		}
	}
	req := Request{Who: who, Kind: kind, At: now}
	switch kind {
	case Speak:
		if q.Closed {
			return Request{}, errorf(ErrQueueClosed)
		}
	case Reply:
		if q.Current == nil {
			return Request{}, errorf(ErrNobodySpeaking)
		}
		if q.Speech == "" { // the floor is for a point of order or the like
			return Request{}, errorf(ErrNoSpeech, "Speaker", q.Current.Who)
		}
		if who == q.Speech {
			if q.SpeechReplies == 0 {
				return Request{}, errorf(ErrReplySelf)
			}
			if q.SpeechAnswer {
				return Request{}, errorf(ErrAnswerUsed)
			}
			q.SpeechAnswer = true
			req.Answer = true
		} else {
			if q.SpeechReplies >= q.Rules.ReplyLimit {
				return Request{}, errorf(ErrReplyLimit, "Limit", q.Rules.ReplyLimit, "Speaker", q.Speech)
			}
			q.SpeechReplies++
		}
	}
	q.Waiting = append(q.Waiting, req)
	return req, nil
}

// Lower withdraws who's waiting request of kind, or, with kind "", the
// one they asked for last, and returns it; their other requests keep
// their places. A withdrawn reply frees its place among the speech's.
func (q *Queue) Lower(who string, kind Kind) (Request, error) {
	i := -1
	for j, r := range q.Waiting {
		if r.Who == who && (kind == "" || r.Kind == kind) {
			i = j // the last, asked for last
		}
	}
	if i < 0 {
		return Request{}, errorf(ErrNotQueued)
	}
	r := q.Waiting[i]
	q.withdraw(r)
	q.Waiting = slices.Delete(q.Waiting, i, i+1)
	q.untell(who)
	return r, nil
}

// LowerAll withdraws all of who's waiting requests.
func (q *Queue) LowerAll(who string) error {
	n := len(q.Waiting)
	q.Waiting = slices.DeleteFunc(q.Waiting, func(r Request) bool {
		if r.Who == who {
			q.withdraw(r)
		}
		return r.Who == who
	})
	if len(q.Waiting) == n {
		return errorf(ErrNotQueued)
	}
	q.untell(who)
	return nil
}

// untell forgets that who was told they are next once they wait no more
// (so that, asking again, they are told again), or are no longer next.
func (q *Queue) untell(who string) {
	if first, ok := q.first(); q.Told == who && (!ok || first.Who != who) {
		q.Told = ""
	}
}

// withdraw undoes what asking for r counted: a reply's place among the
// speech's, and the place of the speaker announced as next.
func (q *Queue) withdraw(r Request) {
	switch {
	case r.Kind == Reply && r.Answer:
		q.SpeechAnswer = false
	case r.Kind == Reply && q.SpeechReplies > 0:
		q.SpeechReplies--
	case r.Kind == Speak && q.Announced == r.Who:
		q.Announced = ""
	}
}

// Requests returns who's waiting requests, in the order they were asked.
func (q *Queue) Requests(who string) []Request {
	var out []Request
	for _, r := range q.Waiting {
		if r.Who == who {
			out = append(out, r)
		}
	}
	return out
}

// endTurn closes the current turn, if any, and files it in the history.
func (q *Queue) endTurn(now time.Time) *Turn {
	if q.Current == nil {
		return nil
	}
	t := *q.Current
	t.End = now
	q.History = append(q.History, t)
	q.Current = nil
	return &t
}

// Done ends the current turn. Only the speaker, or the chair (chair true),
// may end it.
func (q *Queue) Done(who string, chair bool, now time.Time) (Turn, error) {
	if q.Current == nil {
		return Turn{}, errorf(ErrNobodySpeaking)
	}
	if q.Current.Who != who && !chair {
		return Turn{}, errorf(ErrNotSpeaker, "Speaker", q.Current.Who)
	}
	return *q.endTurn(now), nil
}

// Next ends the current turn and gives the floor to the first waiting
// request. It returns the new turn and the person now next, if any.
func (q *Queue) Next(now time.Time) (Turn, string, error) {
	first, ok := q.first()
	if !ok {
		return Turn{}, "", errorf(ErrQueueEmpty)
	}
	q.endTurn(now)
	q.Waiting = slices.DeleteFunc(q.Waiting, func(r Request) bool {
		return r.Who == first.Who && r.Kind == first.Kind
	})
	q.Current = &Turn{Who: first.Who, Kind: first.Kind, Start: now}
	if first.Who == q.Told { // told they were next, they have the floor: next time is news again
		q.Told = ""
	}
	if first.Kind == Speak {
		q.Speech, q.SpeechReplies, q.SpeechAnswer = first.Who, 0, false
	}
	q.Announced = ""
	next := ""
	if then, ok := q.first(); ok {
		next = then.Who
		if then.Kind == Speak {
			q.Announced = next
		}
	}
	return *q.Current, next, nil
}

// NextToTell returns the person now next in line if they have not been
// told so yet, and notes that they have; otherwise it returns "".
func (q *Queue) NextToTell() string {
	first, ok := q.first()
	if !ok || first.Who == q.Told {
		return ""
	}
	q.Told = first.Who
	return q.Told
}

// Overtaken returns who was told they are next if req, just asked, is
// served before them (a reply, say, goes right after the speech it
// answers), and otherwise "". They stay the one told: when they are next
// once more, they are not told again.
func (q *Queue) Overtaken(req Request) string {
	told := q.Told
	if told == "" || req.Who == told {
		return ""
	}
	theirs := 0 // the place of their first request
	for _, r := range q.Waiting {
		if r.Who != told {
			continue
		}
		if p := q.Position(told, r.Kind); theirs == 0 || p < theirs {
			theirs = p
		}
	}
	if theirs == 0 || q.Position(req.Who, req.Kind) > theirs {
		return ""
	}
	return told
}

// Close closes the list: nobody new may ask to speak; replies and points
// of order still may.
func (q *Queue) Close() error {
	if q.Closed {
		return errorf(ErrQueueAlreadyClosed)
	}
	q.Closed, q.LastCall = true, time.Time{} // closed now: no last call is left to close it
	return nil
}

// Open reopens a closed list; a last call announced before it closed is
// over, and does not close it again.
func (q *Queue) Open() error {
	if !q.Closed {
		return errorf(ErrQueueAlreadyOpen)
	}
	q.Closed, q.LastCall = false, time.Time{}
	return nil
}

// Stop ends the current turn, as when the agenda moves on.
func (q *Queue) Stop(now time.Time) { q.endTurn(now) }

// Turns returns every turn taken on the queue, the current one included.
func (q *Queue) Turns() []Turn {
	ts := slices.Clone(q.History)
	if q.Current != nil {
		ts = append(ts, *q.Current)
	}
	return ts
}
