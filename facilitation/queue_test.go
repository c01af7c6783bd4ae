package facilitation

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

// step is one action on a queue in a scenario.
type step struct {
	who  string
	do   string // speak, reply, order, info, lower, lower KIND, lower all, next, done, close, open
	want Code   // the error code expected, "" for success
}

func run(t *testing.T, q *Queue, steps []step) {
	t.Helper()
	for i, s := range steps {
		var err error
		now := at(i)
		switch s.do {
		case "speak":
			_, err = q.Ask(s.who, Speak, now)
		case "reply":
			_, err = q.Ask(s.who, Reply, now)
		case "order":
			_, err = q.Ask(s.who, PointOfOrder, now)
		case "info":
			_, err = q.Ask(s.who, Information, now)
		case "lower":
			_, err = q.Lower(s.who, "")
		case "lower speak", "lower reply", "lower order", "lower info":
			_, err = q.Lower(s.who, Kind(s.do[len("lower "):]))
		case "lower all":
			err = q.LowerAll(s.who)
		case "next":
			_, _, err = q.Next(now)
		case "done":
			_, err = q.Done(s.who, s.who == "chair", now)
		case "close":
			err = q.Close()
		case "open":
			err = q.Open()
		default:
			t.Fatalf("step %d: unknown action %q", i, s.do)
		}
		if got := ErrorCode(err); got != s.want {
			t.Fatalf("step %d (%s %s): error %v, want %q", i, s.who, s.do, err, s.want)
		}
	}
}

func order(q *Queue) []string {
	var out []string
	for _, r := range q.Ordered() {
		out = append(out, r.Who+":"+string(r.Kind))
	}
	return out
}

func TestQueueScenarios(t *testing.T) {
	tests := []struct {
		name    string
		rules   QueueRules
		steps   []step
		speaker string
		want    []string
	}{
		{
			name:  "empty queue next",
			steps: []step{{"", "next", ErrQueueEmpty}},
		},
		{
			name:    "fifo keeps request order",
			rules:   QueueRules{Policy: FIFO},
			steps:   []step{{"ann", "speak", ""}, {"", "next", ""}, {"ann", "speak", ""}, {"bo", "speak", ""}},
			speaker: "ann", want: []string{"ann:speak", "bo:speak"},
		},
		{
			name:    "fewest turns first puts newcomers ahead",
			steps:   []step{{"ann", "speak", ""}, {"", "next", ""}, {"ann", "speak", ""}, {"bo", "speak", ""}},
			speaker: "ann", want: []string{"bo:speak", "ann:speak"},
		},
		{
			name: "announced next keeps place",
			steps: []step{
				{"ann", "speak", ""}, {"bo", "speak", ""}, {"", "next", ""}, // ann speaks, bo announced
				{"ann", "speak", ""}, {"", "next", ""}, // bo speaks, ann announced (only one waiting)
				{"cy", "speak", ""}, // cy has no turns but ann was told she is next
			},
			speaker: "bo", want: []string{"ann:speak", "cy:speak"},
		},
		{
			name:  "turn cap makes heavy speakers equal",
			rules: QueueRules{TurnCap: 1},
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"ann", "speak", ""}, {"", "next", ""},
				{"bo", "speak", ""}, {"", "next", ""}, {"ann", "speak", ""}, {"bo", "speak", ""},
			},
			speaker: "bo", want: []string{"ann:speak", "bo:speak"},
		},
		{
			name:  "point of order and information go first",
			steps: []step{{"ann", "speak", ""}, {"bo", "info", ""}, {"cy", "order", ""}},
			want:  []string{"cy:order", "bo:info", "ann:speak"},
		},
		{
			name: "replies follow the speech, the speaker answers last",
			steps: []step{
				{"ann", "speak", ""}, {"bo", "speak", ""}, {"", "next", ""},
				{"cy", "reply", ""}, {"ann", "reply", ""}, {"dan", "reply", ""},
			},
			speaker: "ann", want: []string{"cy:reply", "dan:reply", "ann:reply", "bo:speak"},
		},
		{
			name: "reply limit",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""},
				{"bo", "reply", ""}, {"cy", "reply", ""}, {"dan", "reply", ErrReplyLimit},
			},
			speaker: "ann", want: []string{"bo:reply", "cy:reply"},
		},
		{
			name: "speaker answers once, and only after a reply",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"ann", "reply", ErrReplySelf},
				{"bo", "reply", ""}, {"ann", "reply", ""}, {"", "next", ""}, {"", "next", ""},
				{"ann", "reply", ErrAnswerUsed},
			},
			speaker: "ann",
		},
		{
			name:  "reply with nobody speaking",
			steps: []step{{"ann", "reply", ErrNobodySpeaking}},
		},
		{
			name: "closed list refuses newcomers but not replies, points of order or information",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"", "close", ""}, {"", "close", ErrQueueAlreadyClosed},
				{"bo", "speak", ErrQueueClosed}, {"eve", "info", ""}, {"cy", "reply", ""}, {"dan", "order", ""},
				{"", "open", ""}, {"", "open", ErrQueueAlreadyOpen}, {"bo", "speak", ""},
			},
			speaker: "ann", want: []string{"dan:order", "eve:info", "cy:reply", "bo:speak"},
		},
		{
			name:  "asking twice",
			steps: []step{{"ann", "speak", ""}, {"ann", "speak", ErrAlreadyQueued}, {"ann", "order", ""}},
			want:  []string{"ann:order", "ann:speak"},
		},
		{
			name: "lower withdraws and frees the reply slot",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"bo", "reply", ""}, {"cy", "reply", ""},
				{"bo", "lower", ""}, {"bo", "lower", ErrNotQueued}, {"dan", "reply", ""},
			},
			speaker: "ann", want: []string{"cy:reply", "dan:reply"},
		},
		{
			name: "lower withdraws the request asked for last, and keeps the others",
			steps: []step{
				{"ann", "speak", ""}, {"bo", "speak", ""}, {"", "next", ""}, {"bo", "reply", ""},
				{"bo", "lower", ""}, {"cy", "speak", ""},
			},
			speaker: "ann", want: []string{"bo:speak", "cy:speak"}, // bo, announced as next, keeps the place
		},
		{
			name: "lower a kind withdraws that one",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"bo", "speak", ""}, {"bo", "reply", ""}, {"bo", "order", ""},
				{"bo", "lower reply", ""}, {"bo", "lower reply", ErrNotQueued}, {"cy", "reply", ""}, {"dan", "reply", ""},
			},
			speaker: "ann", want: []string{"bo:order", "cy:reply", "dan:reply", "bo:speak"},
		},
		{
			name: "lower all withdraws every request",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"bo", "speak", ""}, {"bo", "reply", ""}, {"cy", "speak", ""},
				{"bo", "lower all", ""}, {"bo", "lower all", ErrNotQueued}, {"bo", "lower", ErrNotQueued},
			},
			speaker: "ann", want: []string{"cy:speak"},
		},
		{
			name: "the speaker's answer, withdrawn, may be asked again",
			steps: []step{
				{"ann", "speak", ""}, {"", "next", ""}, {"bo", "reply", ""}, {"ann", "reply", ""},
				{"ann", "lower", ""}, {"ann", "reply", ""},
			},
			speaker: "ann", want: []string{"bo:reply", "ann:reply"},
		},
		{
			name: "only the speaker or the chair ends a turn",
			steps: []step{
				{"ann", "speak", ""}, {"bo", "done", ErrNobodySpeaking}, {"", "next", ""},
				{"bo", "done", ErrNotSpeaker}, {"ann", "done", ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewQueue(tt.rules)
			run(t, q, tt.steps)
			speaker := ""
			if q.Current != nil {
				speaker = q.Current.Who
			}
			if speaker != tt.speaker {
				t.Errorf("speaker = %q, want %q", speaker, tt.speaker)
			}
			if got := order(q); !equal(got, tt.want) {
				t.Errorf("order = %v, want %v", got, tt.want)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestNextToTell(t *testing.T) {
	q := NewQueue(QueueRules{})
	q.Ask("ann", Speak, at(0))
	q.Ask("bo", Speak, at(1))
	q.Next(at(2))
	if got := q.NextToTell(); got != "bo" {
		t.Fatalf("NextToTell = %q, want bo", got)
	}
	q.Ask("cy", Reply, at(3)) // a reply goes before bo; bo stays next after it
	q.Next(at(4))
	if got := q.NextToTell(); got != "" {
		t.Errorf("bo was told twice: %q", got)
	}
	q.Ask("dan", PointOfOrder, at(5)) // now dan is next: tell him
	if got := q.NextToTell(); got != "dan" {
		t.Errorf("NextToTell = %q, want dan", got)
	}
}

func TestQueueNextAnnouncesAndTimesTurns(t *testing.T) {
	q := NewQueue(QueueRules{})
	q.Ask("ann", Speak, at(0))
	q.Ask("bo", Speak, at(1))
	turn, next, err := q.Next(at(10))
	if err != nil || turn.Who != "ann" || next != "bo" {
		t.Fatalf("Next = %v, %q, %v; want ann, bo", turn, next, err)
	}
	turn, next, _ = q.Next(at(70))
	if turn.Who != "bo" || next != "" {
		t.Fatalf("Next = %v, %q; want bo and nobody next", turn, next)
	}
	q.Done("bo", false, at(100))
	ts := q.Turns()
	if len(ts) != 2 || ts[0].Duration(at(0)) != time.Minute || ts[1].Duration(at(0)) != 30*time.Second {
		t.Errorf("turns = %+v, want ann 1m and bo 30s", ts)
	}
}
