package record_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/golden"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

var t0 = time.Date(2026, 11, 27, 18, 0, 0, 123456789, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// fullMeeting is a meeting with every stored field set, so that a field
// the record forgets fails TestMeetingRoundTrip.
func fullMeeting() *facilitation.Meeting {
	turn := func(who string, start int) facilitation.Turn {
		return facilitation.Turn{Who: who, Kind: facilitation.Speak, Start: at(start), End: at(start + 1), Paused: time.Second, PausedAt: at(start + 2)}
	}
	cur := turn("cy", 9)
	cur.End = time.Time{}
	return &facilitation.Meeting{
		ID: "7", Channel: "slack:T1/C1", Title: "Annual <meeting> & more", Template: "annual", Locale: "sv", Zone: "Europe/Stockholm", Thread: "1700000000.000100", Chair: "ann",
		Secretary: "bo", Adjusters: []string{"cy", "dan"},
		Started: at(0), Ended: at(90), Active: at(89), RulesAsleep: true, Schedule: 3, Occurrence: at(0),
		Agenda: facilitation.Agenda{Items: []*facilitation.Item{
			{ID: 1, Title: "Opening", Timebox: 5 * time.Minute, Planned: 4 * time.Minute, Owner: "ann", Notes: "Welcome",
				RemindRules: true, State: facilitation.Done, Started: at(1), Ended: at(6), Spent: 5 * time.Minute},
			{ID: 3, Title: "Motions", State: facilitation.Current, Started: at(6)},
			{ID: 4, Title: "Motion on a club hut", State: facilitation.Pending, Parent: 3, Majority: facilitation.TwoThirds, Recused: []string{"eve"}},
		}, NextID: 4},
		Queues: map[int]*facilitation.Queue{
			0: {Rules: facilitation.DefaultQueueRules},
			3: {Rules: facilitation.QueueRules{Policy: facilitation.Alternate, ReplyLimit: 3, TurnCap: 4, MaxTurn: 3 * time.Minute},
				Closed: true,
				Waiting: []facilitation.Request{{Who: "dan", Kind: facilitation.Speak, At: at(7)},
					{Who: "cy", Kind: facilitation.Reply, At: at(8), Answer: true}},
				Current: &cur, Announced: "dan", Speech: "cy", SpeechReplies: 1, SpeechAnswer: true,
				History: []facilitation.Turn{turn("bo", 7), turn("ann", 8)}, Told: "dan", LastCall: at(20)},
			12: {Rules: facilitation.DefaultQueueRules},
		},
		QueueRules: facilitation.QueueRules{Policy: facilitation.FIFO, ReplyLimit: 1, TurnCap: 2, MaxTurn: time.Minute},
		Rules:      []string{"Be kind", "No phones"},
		Reminders: facilitation.Reminders{AtStart: no(), Every: 10 * time.Minute, Warning: time.Minute,
			Nudges: facilitation.Nudges{LongTurn: yes(), NotSpoken: no(), Overrun: yes()}},
		PollRules:  facilitation.PollRules{ChairOnly: true, Visibility: facilitation.Secret, Register: true, Tie: facilitation.TieLots},
		Protocol:   true,
		EntryCount: 4, Polls: []int64{1, 2},
		Register: facilitation.Register{Opened: at(2), Set: at(3), Count: 40,
			Changes: []facilitation.RegisterChange{{At: at(4), Who: "eve", Added: true, Count: 41}},
			Listed:  120, Guests: []string{"gus"}, Proxies: []facilitation.Proxy{{Holder: "bo", Member: "maja"}}, MaxProxies: 2,
			Substitutes: []facilitation.Proxy{{Holder: "sub", Member: "dan"}}},
		Round: &facilitation.Round{Question: "How are you?", Limit: time.Minute, Order: []string{"ann", "bo"}, Pos: 1,
			Passed: []string{"ann"}, Started: at(10), TurnStart: at(11), Ended: at(12), Stopped: true},
		Ideas: &facilitation.Brainstorm{Question: "Ideas?", Opened: at(13), ItemID: 3, Ideas: []string{"a", "b\u2028c"},
			Revealed: at(14), Dots: 3, Counts: []int{2, 1}, Used: map[string]int{"p1": 2, "p2": 1}, DotsClosed: at(15)},
		GroupNames: []string{"north", "south"}, Groups: map[string]string{"ann": "north", "bo": "south"},
		Flags:         map[string]time.Time{"p1": at(16)},
		OfficersWrite: true,
		Formal: facilitation.Formal{
			Proposals: map[int]*facilitation.Proposals{3: {List: []facilitation.Proposal{
				{N: 1, Kind: facilitation.MainProposal, Text: "that we adopt", By: "bo", Supporters: []string{"cy"}, At: at(17)},
				{N: 2, Kind: facilitation.Amendment, Text: "that the fee be 200 SEK", Amends: 1, By: "cy", Withdrawn: true, At: at(18)},
			}, Closed: true, Settled: 1}},
			Voting: &facilitation.Voting{ItemID: 3, Order: []int{2, 1}, Steps: []facilitation.Step{
				{Kind: facilitation.StepAmendment, Alternatives: []int{2, 0}, Declared: 1, DeclaredAt: at(19), Poll: 2,
					Counts: []int{10, 5}, Abstained: 1, Winner: 2, Done: true, Demanded: true, DemandedBy: "dan", Secret: true},
				{Kind: facilitation.StepMain, Alternatives: []int{1, 0}, Demanded: true, DemandedBy: "cy", Open: true,
					WindowEnds: at(19), Majority: facilitation.TwoThirds, Lost: true, Casting: true, Lot: true},
			}, Window: 30 * time.Second, Majority: facilitation.TwoThirds, Done: true},
			Adjourned: at(20), Until: at(30), AdjournedFor: 5 * time.Minute,
		},
		Protokoll: facilitation.Protokoll{Association: "Föreningen Klubban", Place: "Folkets hus, Ödeshög", Tellers: []string{"cy", "dan"}, Submitted: at(91), SubmittedBy: "bo",
			Approvals: []facilitation.Signoff{{Who: "cy", At: at(92)}}, Objections: []facilitation.Signoff{{Who: "dan", At: at(93), Text: "§ 3"}},
			Locked: at(94)},
	}
}

// fullPoll is a poll header with every stored field set.
func fullPoll() *facilitation.Poll {
	return &facilitation.Poll{
		ID: 2, Channel: "slack:T1/C1", MeetingID: "7", Question: "Elect whom?", Kind: facilitation.Elect,
		Options: []string{"Ann", "Bo", "Cy"}, MaxChoices: 2, MinChoices: 1, Seats: 2, Method: facilitation.STV,
		Tie: facilitation.TieChair, Visibility: facilitation.Secret, Hidden: true, Creator: "ann", Created: at(1),
		CloseAfter: 5 * time.Minute, Closed: true, ClosedAt: at(6), ItemID: 3, Register: true,
		Excluded: []string{"dan"}, AdjustedFrom: 1, AdjustedTo: 3, CastingVoter: "ann",
		Draws:   []facilitation.Draw{{Among: []int{0, 1}, Picked: []int{1}, At: at(6)}},
		Purpose: facilitation.Evaluation, Majority: facilitation.TwoThirds, Casting: 2, ChairNoVote: true,
		Voters: map[string]bool{}, // ready for its ballots, which are stored apart
	}
}

func fullTimer() store.Timer {
	return store.Timer{ID: 9, Due: at(3), Kind: "turn.long", Channel: "c", MeetingID: "7", Ref: 3, Who: "bo", Since: at(2)}
}

func roundTrip[R any](t *testing.T, rec R) []byte {
	t.Helper()
	data, err := record.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestMeetingRoundTrip(t *testing.T) {
	for name, m := range map[string]*facilitation.Meeting{
		"full": fullMeeting(),
		"new":  facilitation.New("1", "c", "Title", "ann", facilitation.Template{}, t0),
		"zero": {},
	} {
		t.Run(name, func(t *testing.T) {
			data := roundTrip(t, record.FromMeeting(m))
			var r record.Meeting
			if err := record.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			got, err := r.ToMeeting()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, m) {
				t.Errorf("meeting after a round trip through\n%s\n= %+v\nwant %+v", data, got, m)
			}
			if again := roundTrip(t, record.FromMeeting(got)); string(again) != string(data) {
				t.Errorf("stored again:\n%s\nwant\n%s", again, data)
			}
		})
	}
}

func TestPollRoundTrip(t *testing.T) {
	for name, p := range map[string]*facilitation.Poll{"full": fullPoll(), "zero": {Votes: map[string]facilitation.Ballot{}}} {
		t.Run(name, func(t *testing.T) {
			data := roundTrip(t, record.FromPoll(p))
			var r record.Poll
			if err := record.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			got, err := r.ToPoll()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, p) {
				t.Errorf("poll after a round trip through\n%s\n= %+v\nwant %+v", data, got, p)
			}
		})
	}
}

func TestTimerRoundTrip(t *testing.T) {
	want := fullTimer()
	var r record.Timer
	if err := record.Unmarshal(roundTrip(t, record.FromTimer(want)), &r); err != nil {
		t.Fatal(err)
	}
	if got, err := r.ToTimer(); err != nil || got != want {
		t.Errorf("timer after a round trip = %+v, %v; want %+v", got, err, want)
	}
}

// TestFormat pins the stored bytes of fully populated records: every
// field's name, order and encoding. testdata/records.golden was first
// written from the domain types' own JSON tags, which the records
// replaced; store/bolt/testdata/format.golden pins a real meeting's.
func TestFormat(t *testing.T) {
	var out []byte
	for _, rec := range []any{record.FromMeeting(fullMeeting()), record.FromPoll(fullPoll()), record.FromTimer(fullTimer())} {
		out = append(append(out, roundTrip(t, rec)...), '\n')
	}
	golden.Check(t, "records.golden", out)
}

// TestOldVotingSteps: a step stored before the open flag was kept reads
// as it did then: secret if it said so, not open.
func TestOldVotingSteps(t *testing.T) {
	data := []byte(`{"id":"7","voting":{"item_id":3,"steps":[{"kind":"main","alternatives":[1,0],"demanded":true,"demanded_by":"cy","secret":true},{"kind":"main","alternatives":[1,0],"demanded":true}]}}`)
	var r record.Meeting
	if err := record.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	m, err := r.ToMeeting()
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Voting.Steps; len(s) != 2 || !s[0].Secret || s[0].Open || s[1].Secret || s[1].Open || !s[1].Demanded {
		t.Errorf("old steps read as %+v", m.Voting.Steps)
	}
}

// TestFixturesSetEveryField: fullMeeting and fullPoll set every field of
// the domain types they hold, each somewhere, so that a field added to
// the domain and forgotten by the record fails the round trips above
// instead of being lost at the first save.
func TestFixturesSetEveryField(t *testing.T) {
	for name, v := range map[string]any{"fullMeeting": fullMeeting(), "fullPoll": fullPoll()} {
		for _, field := range record.UnsetFields(v, storedApart) {
			t.Errorf("%s leaves %s unset: set it, so that the round trip checks that it is stored", name, field)
		}
	}
}

// storedApart are the fields of the domain types that their records do
// not hold, being stored apart or derived.
var storedApart = map[string]bool{
	"Poll.Votes":   true, // ballots are records of their own
	"Poll.Voters":  true,
	"Poll.Ballots": true,
	// Brainstorm.Apart says where the ideas are; it is not stored.
	"Brainstorm.Apart": true,
	// Derived as a meeting is read: a request's place in its queue, and
	// the meeting's groups that a queue is given.
	"Request.seq":  true,
	"Queue.groups": true,
}
