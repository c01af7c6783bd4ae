package record

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestMeetingEncoder holds the hand-written encoder to encoding/json's
// encoding of the same records, and Unmarshal to encoding/json's
// decoding. (go-json-experiment's encoder, even with its v1 options,
// writes invalid UTF-8 as a raw U+FFFD rather than as \ufffd, so it
// does not encode records.)
func TestMeetingEncoder(t *testing.T) {
	yes := true
	tricky := "a<b>&c\"d\\e\n\r\t\b\f\x01\x1f\x7f é 😀 \u2028\u2029 \xff\xfe end"
	full := Meeting{
		ID: "7", Channel: tricky, Title: tricky, Template: "t", Locale: "sv", Zone: "Europe/Stockholm", Thread: tricky, Chair: "ann", Secretary: "bo",
		Adjusters: []string{"a", tricky}, Started: "s", Ended: "e", Active: "a", RulesAsleep: true, Schedule: 1 << 63, Occurrence: "o",
		Agenda: Agenda{Items: []*Item{{ID: 1, Title: "x", Timebox: 1, Planned: 2, Owner: "o", Notes: "n", RemindRules: true,
			State: "done", Started: "s", Ended: "e", Spent: -3, Majority: "2/3", Recused: []string{"bo", tricky}, Parent: 4}, nil, {ID: 2, Recused: []string{}}}, NextID: 2},
		Queues: map[int]*Queue{0: {}, 10: nil, 2: {Rules: QueueRules{Policy: "p", ReplyLimit: 1, TurnCap: 2, MaxTurn: 3},
			Closed: true, Waiting: []Request{{Who: "w", Kind: "k", At: "a", Answer: true}, {}},
			Current: &Turn{Who: "c"}, Announced: "a", Speech: "s", SpeechReplies: 1, SpeechAnswer: true,
			History: []Turn{{Who: "h", Kind: "k", Start: "s", End: "e", Paused: 1, PausedAt: "p"}, {}}, Told: "t", LastCall: "l"},
			-1: {Waiting: []Request{}, History: []Turn{}}},
		QueueRules: QueueRules{MaxTurn: 1}, Rules: []string{"r"},
		Reminders: Reminders{AtStart: &yes, Every: 4, Warning: 5, Nudges: Nudges{LongTurn: &yes, NotSpoken: &yes, Overrun: &yes}},
		PollRules: PollRules{ChairOnly: true, Visibility: "secret", Register: true, Tie: "lots"},
		Protocol:  true, EntryCount: 3, Polls: []int64{1, -2},
		Register: &Register{Opened: "o", Set: "s", Count: 7, Changes: []RegisterChange{{At: "a", Who: "w", Added: true, Count: 1}, {}},
			Listed: 3, Guests: []string{"g", tricky}, Proxies: []Pair{{Holder: "h", Member: tricky}, {}}, MaxProxies: 2, Substitutes: []Pair{{Holder: "s", Member: "m"}}},
		Round: &Round{Question: tricky, Limit: 6, Order: []string{"a", tricky}, Pos: 1, Passed: []string{"a"}, Started: "s", TurnStart: "t",
			Ended: "e", Stopped: true},
		Ideas: &Brainstorm{Question: "q", Opened: "o", ItemID: 3, Ideas: []string{tricky}, Revealed: "r", Dots: 2, Counts: []int{1, 0},
			Used: map[string]int{"b": 1, "a": 2, tricky: 3}, DotsClosed: "c"},
		GroupNames: []string{"g"}, Groups: map[string]string{"z": "1", "a": tricky}, Flags: map[string]string{"p": "t"},
		OfficersWrite: true,
		Proposals: map[int]*Proposals{1: {}, 20: {List: []Proposal{{N: 1, Kind: "amendment", Text: tricky, Amends: 2, By: "b", Supporters: []string{"s"},
			Withdrawn: true, At: "a"}}, Closed: true, Settled: 1}, 3: nil},
		Voting: &Voting{ItemID: 20, Order: []int{1}, Window: 8, Done: true, Steps: []Step{{Kind: "k", Alternatives: nil, Declared: 1, DeclaredAt: "d", Poll: 2, Counts: []int{}, Abstained: 1, Winner: 1, Done: true,
			Demanded: true, DemandedBy: tricky, Secret: true, Open: true, WindowEnds: "w", Majority: "absolute", Lost: true, Casting: true, Lot: true}, {Alternatives: []int{}}},
			Majority: "2/3"},
		Adjourned: "a", Until: "u", AdjournedFor: time.Minute,
		Protokoll: &Protokoll{Association: "a", Place: tricky, Tellers: []string{"t"}, Submitted: "s", SubmittedBy: "b",
			Approvals: []Signoff{{Who: "w", At: "a"}}, Objections: []Signoff{{Who: "o", At: "a", Text: tricky}, {}}, Locked: "l"},
	}
	if unset := UnsetFields(full, nil); len(unset) > 0 {
		t.Errorf("the full record leaves %v unset: set them, so that the encoder is checked on them", unset)
	}
	for name, r := range map[string]Meeting{
		"zero": {},
		"full": full,
		"empty": {Queues: map[int]*Queue{}, Agenda: Agenda{Items: []*Item{}}, Groups: map[string]string{}, Register: &Register{Guests: []string{}, Proxies: []Pair{}},
			Round: &Round{Order: []string{}}, Voting: &Voting{Order: []int{}}, Protokoll: &Protokoll{}},
	} {
		t.Run(name, func(t *testing.T) {
			got := string(appendMeeting(nil, &r))
			std, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(std) {
				t.Errorf("appendMeeting =\n%s\nencoding/json =\n%s", got, std)
			}
			var back, stdBack Meeting
			if err := Unmarshal([]byte(got), &back); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(got), &stdBack); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, stdBack) {
				t.Errorf("Unmarshal = %+v\nencoding/json decodes %+v", back, stdBack)
			}
		})
	}
}

// TestSizeHint: the buffer guessed for a big meeting's record holds its
// encoding (no copy while it grows) without being much larger.
func TestSizeHint(t *testing.T) {
	q := &Queue{Rules: QueueRules{Policy: "fewest-turns-first", ReplyLimit: 2, TurnCap: 2}}
	stamp := "2026-11-27T18:00:00.123456789Z"
	for i := range 2000 {
		who := fmt.Sprintf("U%08d", i)
		q.Waiting = append(q.Waiting, Request{Who: who, Kind: "reply", At: stamp, Answer: true})
		q.History = append(q.History, Turn{Who: who, Kind: "speak", Start: stamp, End: stamp, Paused: 123456789012, PausedAt: stamp})
	}
	r := Meeting{ID: "m", Channel: "c", Started: stamp, Queues: map[int]*Queue{0: q}}
	n, hint := len(appendMeeting(nil, &r)), r.sizeHint()
	if hint < n || hint > n+n/4 {
		t.Errorf("sizeHint() = %d for a record of %d bytes, want from %[2]d to %d", hint, n, n+n/4)
	}
}
