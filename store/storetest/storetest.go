// Package storetest holds the conformance suites of the store: RunKV,
// which every store.Backend must pass, and Run, the typed suite
// (store/typed on a backend), which runs unchanged once per backend.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// Store is what the typed suite tests: store/typed on a backend.
type Store = *typed.Store

var t0 = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// Run runs the typed suite; open returns a new, empty backend for each
// test.
func Run(t *testing.T, open func(t *testing.T) store.Backend) {
	tests := []struct {
		name string
		fn   func(*testing.T, Store)
	}{
		{"MeetingRoundTrip", testMeetingRoundTrip},
		{"RunningAndLast", testRunningAndLast},
		{"NotFound", testNotFound},
		{"Sequences", testSequences},
		{"People", testPeople},
		{"Timers", testTimers},
		{"RollbackOnError", testRollback},
		{"MeetingCopies", testMeetingCopies},
		{"PollVotes", testPollVotes},
		{"SecretBallots", testSecretBallots},
		{"DeleteVote", testDeleteVote},
		{"PollFor", testPollFor},
		{"BlankVotes", testBlankVotes},
		{"Register", testRegister},
		{"Members", testMembers},
		{"Outbox", testOutbox},
		{"Refreshes", testRefreshes},
		{"ConcurrentVotes", testConcurrentVotes},
		{"Events", testEvents},
		{"MessageRefs", testMessageRefs},
		{"CanceledContext", testCanceled},
		{"Anonymous", testAnonymous},
		{"Meetings", testMeetings},
		{"BoardTokens", testBoardTokens},
		{"Entries", testEntries},
		{"Windows", testWindows},
		{"Replays", testReplays},
		{"ChannelLang", testChannelLang},
		{"Spaces", testSpaces},
		{"Installations", testInstallations},
		{"RefPruning", testRefPruning},
		{"Templates", testTemplates}, {"Schedules", testSchedules}, // templates.go
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, typed.New(open(t))) })
	}
}

func update(t *testing.T, s Store, fn func(*typed.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func newMeeting(id, channel string) *facilitation.Meeting {
	tpl := facilitation.Template{Agenda: []facilitation.TemplateItem{{Title: "One", Timebox: time.Minute}}, Rules: []string{"Be kind"}}
	m := facilitation.New(id, channel, "Title "+id, "ann", tpl, t0)
	m.Queue().Ask("ann", facilitation.Speak, t0)
	return m
}

func testMeetingRoundTrip(t *testing.T, s Store) {
	want := newMeeting("1", "c")
	update(t, s, func(tx *typed.Tx) error { return tx.PutMeeting(want) })
	var got *facilitation.Meeting
	s.View(context.Background(), func(tx *typed.Tx) (err error) { got, err = tx.Meeting("1"); return err })
	if got == nil || got.Title != want.Title || len(got.Agenda.Items) != 1 || got.Queue().Position("ann", facilitation.Speak) != 1 ||
		!got.Started.Equal(want.Started) {
		t.Errorf("Meeting(1) = %+v, want %+v", got, want)
	}
}

func testRunningAndLast(t *testing.T, s Store) {
	m := newMeeting("1", "c")
	update(t, s, func(tx *typed.Tx) error { return tx.PutMeeting(m) })
	update(t, s, func(tx *typed.Tx) error {
		got, err := tx.Running("c")
		if err != nil || got.ID != "1" {
			return fmt.Errorf("Running(c) = %v, %v; want meeting 1", got, err)
		}
		if _, err := tx.Running("other"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Running(other) error = %v, want ErrNotFound", err)
		}
		for prefix, want := range map[string]int{"": 1, "c": 1, "d": 0} {
			if ms, err := tx.RunningUnder(prefix); err != nil || len(ms) != want || want == 1 && ms[0].ID != "1" {
				return fmt.Errorf("RunningUnder(%q) = %v, %v; want %d meetings", prefix, ms, err, want)
			}
		}
		m.End(t0.Add(time.Hour))
		return tx.PutMeeting(m)
	})
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.Running("c"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("after end, Running(c) error = %v, want ErrNotFound", err)
		}
		if ms, err := tx.RunningUnder(""); err != nil || len(ms) != 0 {
			return fmt.Errorf("after end, RunningUnder = %v, %v; want none", ms, err)
		}
		last, err := tx.LastMeeting("c")
		if err != nil || last.ID != "1" || last.Running() {
			return fmt.Errorf("LastMeeting(c) = %v, %v; want ended meeting 1", last, err)
		}
		return nil
	})
	// The next meeting in the channel becomes its last, and stays it
	// while commands write it again.
	m2 := newMeeting("2", "c")
	for range 2 {
		update(t, s, func(tx *typed.Tx) error { return tx.PutMeeting(m2) })
		err := s.View(context.Background(), func(tx *typed.Tx) error {
			if last, err := tx.LastMeeting("c"); err != nil || last.ID != "2" {
				t.Errorf("after meeting 2 is written, LastMeeting(c) = %v, %v; want meeting 2", last, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func testNotFound(t *testing.T, s Store) {
	s.View(context.Background(), func(tx *typed.Tx) error {
		if _, err := tx.Meeting("nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Meeting(nope) error = %v, want ErrNotFound", err)
		}
		if _, err := tx.Poll(99); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Poll(99) error = %v, want ErrNotFound", err)
		}
		if _, err := tx.LastMeeting("nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("LastMeeting(nope) error = %v, want ErrNotFound", err)
		}
		return nil
	})
	err := s.Update(context.Background(), func(tx *typed.Tx) error { return tx.PutVote(99, "ann", facilitation.Ballot{0}) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PutVote on a missing poll: %v, want ErrNotFound", err)
	}
}

func testSequences(t *testing.T, s Store) {
	var got []uint64
	for range 3 {
		update(t, s, func(tx *typed.Tx) error {
			n, err := tx.NextID("poll")
			got = append(got, n)
			return err
		})
	}
	update(t, s, func(tx *typed.Tx) error {
		n, err := tx.NextID("meeting")
		got = append(got, n)
		return err
	})
	if !reflect.DeepEqual(got, []uint64{1, 2, 3, 1}) {
		t.Errorf("NextID sequence = %v, want [1 2 3 1]", got)
	}
}

func testPeople(t *testing.T, s Store) {
	update(t, s, func(tx *typed.Tx) error {
		for _, p := range []store.Person{{ID: "u2", Name: "Bo"}, {ID: "u1", Name: "Ann"}, {ID: "u2", Name: "Bo B."}} {
			if err := tx.SeePerson("m1", p); err != nil {
				return err
			}
		}
		return tx.SeePerson("m2", store.Person{ID: "u3", Name: "Cy"})
	})
	s.View(context.Background(), func(tx *typed.Tx) error {
		people, err := tx.People("m1")
		want := []store.Person{{ID: "u2", Name: "Bo B."}, {ID: "u1", Name: "Ann"}}
		if err != nil || !reflect.DeepEqual(people, want) {
			t.Errorf("People(m1) = %v, %v; want %v (first seen first, latest name)", people, err, want)
		}
		if p, err := tx.Person("m1", "u1"); err != nil || p.Name != "Ann" {
			t.Errorf("Person(m1, u1) = %v, %v", p, err)
		}
		if _, err := tx.Person("m1", "u3"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Person of another meeting: %v, want ErrNotFound", err)
		}
		if _, err := tx.Person("nope", "u1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Person of a missing meeting: %v, want ErrNotFound", err)
		}
		if people, err := tx.People("nope"); err != nil || len(people) != 0 {
			t.Errorf("People(nope) = %v, %v", people, err)
		}
		return nil
	})
}

func testTimers(t *testing.T, s Store) {
	s.View(context.Background(), func(tx *typed.Tx) error {
		if _, err := tx.NextTimer(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("NextTimer on an empty store: %v, want ErrNotFound", err)
		}
		return nil
	})
	var added []store.Timer
	update(t, s, func(tx *typed.Tx) error {
		for _, d := range []time.Duration{5 * time.Minute, time.Minute, 5 * time.Minute, 10 * time.Minute} {
			tm := &store.Timer{Due: t0.Add(d), Kind: "item.warn", Channel: "c", MeetingID: "1", Ref: int64(d / time.Minute)}
			if err := tx.AddTimer(tm); err != nil {
				return err
			}
			added = append(added, *tm)
		}
		return nil
	})
	var order []uint64
	for range added {
		update(t, s, func(tx *typed.Tx) error {
			next, err := tx.NextTimer()
			if err != nil {
				return err
			}
			order = append(order, next.ID)
			return tx.DeleteTimer(next)
		})
	}
	want := []uint64{added[1].ID, added[0].ID, added[2].ID, added[3].ID}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("timers came in order %v, want %v (by due time, then as added)", order, want)
	}
	if added[0].ID == 0 || added[0].ID == added[2].ID {
		t.Errorf("timer IDs not set uniquely: %+v", added)
	}
}

func testRollback(t *testing.T, s Store) {
	boom := errors.New("boom")
	err := s.Update(context.Background(), func(tx *typed.Tx) error {
		if err := tx.PutMeeting(newMeeting("1", "c")); err != nil {
			return err
		}
		if err := tx.Enqueue(store.Outgoing{Channel: "c"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update error = %v, want boom", err)
	}
	s.View(context.Background(), func(tx *typed.Tx) error {
		if _, err := tx.Running("c"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a rolled-back meeting is stored: %v", err)
		}
		return nil
	})
	if p, _ := s.Pending(context.Background(), "test", 0, 10); len(p) != 0 {
		t.Errorf("a rolled-back outbox entry is pending: %v", p)
	}
}

// testMeetingCopies checks that a meeting read is the caller's to change,
// that a meeting put is stored as it was then, and that a rolled-back
// change is never read, however often the meeting was read before
// (a store may keep decoded meetings, issue 13).
func testMeetingCopies(t *testing.T, s Store) {
	ctx := context.Background()
	m := newMeeting("1", "c")
	m.Adjusters, m.Groups = []string{"bo"}, map[string]string{"bo": "A"}
	m.Reminders.AtStart = new(bool)
	update(t, s, func(tx *typed.Tx) error {
		if err := tx.PutMeeting(m); err != nil {
			return err
		}
		m.Title, m.Adjusters[0], m.Groups["bo"], *m.Reminders.AtStart = "changed after put", "x", "x", true
		m.Queue().Waiting[0].Who = "x"
		return nil
	})
	read := func(what string) *facilitation.Meeting {
		t.Helper()
		var got *facilitation.Meeting
		if err := s.View(ctx, func(tx *typed.Tx) (err error) { got, err = tx.Meeting("1"); return err }); err != nil {
			t.Fatalf("%s: Meeting(1): %v", what, err)
		}
		if got.Title != "Title 1" || got.Adjusters[0] != "bo" || got.Groups["bo"] != "A" || *got.Reminders.AtStart ||
			got.Queue().Waiting[0].Who != "ann" {
			t.Fatalf("%s: Meeting(1) = %+v, want it as put", what, got)
		}
		return got
	}
	for range 2 {
		got := read("after a change to the meeting put")
		got.Title, got.Adjusters[0], got.Groups["bo"], *got.Reminders.AtStart = "changed after read", "y", "y", true
		got.Queue().Waiting[0].Who = "y"
		got.Adjusters = append(got.Adjusters[:0], "z")
	}
	read("after changes to meetings read")

	boom := errors.New("boom")
	err := s.Update(ctx, func(tx *typed.Tx) error {
		got, err := tx.Meeting("1")
		if err != nil {
			return err
		}
		got.Title = "rolled back"
		if err := tx.PutMeeting(got); err != nil {
			return err
		}
		if again, err := tx.Meeting("1"); err != nil || again.Title != "rolled back" {
			return fmt.Errorf("Meeting(1) in the transaction that put it = %v, %v; want its title %q", again, err, "rolled back")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update error = %v, want boom", err)
	}
	read("after a rolled-back change")
}

func newPoll(t *testing.T, s Store, vis facilitation.Visibility) *facilitation.Poll {
	t.Helper()
	p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Q", Kind: facilitation.YesNo, Visibility: vis}, "ann", t0)
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, func(tx *typed.Tx) error {
		id, err := tx.NextID("poll")
		p.ID, p.Channel = int64(id), "c"
		if err != nil {
			return err
		}
		return tx.PutPoll(p)
	})
	return p
}

func loadPoll(t *testing.T, s Store, id int64) *facilitation.Poll {
	t.Helper()
	var p *facilitation.Poll
	if err := s.View(context.Background(), func(tx *typed.Tx) (err error) { p, err = tx.Poll(id); return err }); err != nil {
		t.Fatalf("Poll(%d): %v", id, err)
	}
	return p
}

func testPollVotes(t *testing.T, s Store) {
	p := newPoll(t, s, facilitation.Anonymous)
	update(t, s, func(tx *typed.Tx) error { return tx.PutVote(p.ID, "ann", facilitation.Ballot{0}) })
	update(t, s, func(tx *typed.Tx) error { return tx.PutVote(p.ID, "bo", facilitation.Ballot{1}) })
	update(t, s, func(tx *typed.Tx) error { return tx.PutVote(p.ID, "ann", facilitation.Ballot{2}) })
	got := loadPoll(t, s, p.ID)
	want := map[string]facilitation.Ballot{"ann": {2}, "bo": {1}}
	if !reflect.DeepEqual(got.Votes, want) || got.Question != "Q" || got.Visibility != facilitation.Anonymous {
		t.Errorf("Poll = %+v votes %v, want votes %v", got, got.Votes, want)
	}
	got.Close(t0, "ann")
	got.Draws = []facilitation.Draw{{Among: []int{0, 1}, Picked: []int{1}, At: t0}}
	update(t, s, func(tx *typed.Tx) error { return tx.PutPoll(got) })
	if again := loadPoll(t, s, p.ID); !again.Closed || len(again.Votes) != 2 || again.CastingVoter != "ann" || !reflect.DeepEqual(again.Draws, got.Draws) {
		t.Errorf("after PutPoll(closed): closed=%v votes=%v casting voter %q draws %v", again.Closed, again.Votes, again.CastingVoter, again.Draws)
	}
}

func testSecretBallots(t *testing.T, s Store) {
	p := newPoll(t, s, facilitation.Secret)
	update(t, s, func(tx *typed.Tx) error { return tx.CastBallot(p.ID, "ann", facilitation.Ballot{0}) })
	update(t, s, func(tx *typed.Tx) error { return tx.CastBallot(p.ID, "bo", facilitation.Ballot{1}) })
	if err := s.Update(context.Background(), func(tx *typed.Tx) error { return tx.CastBallot(p.ID, "bo", facilitation.Ballot{0}) }); err == nil {
		t.Error("a second ballot by the same voter was accepted")
	}
	got := loadPoll(t, s, p.ID)
	ballots := slices.Clone(got.Ballots)
	slices.SortFunc(ballots, func(a, b facilitation.Ballot) int { return a[0] - b[0] })
	if !reflect.DeepEqual(got.Voters, map[string]bool{"ann": true, "bo": true}) ||
		!reflect.DeepEqual(ballots, []facilitation.Ballot{{0}, {1}}) || got.Votes != nil {
		t.Errorf("secret poll voters %v ballots %v votes %v", got.Voters, got.Ballots, got.Votes)
	}
}

// testPollFor: a poll loaded for one voter holds that voter's vote only.
func testPollFor(t *testing.T, s Store) {
	open := newPoll(t, s, facilitation.Anonymous)
	secret := newPoll(t, s, facilitation.Secret)
	update(t, s, func(tx *typed.Tx) error {
		for _, v := range []string{"ann", "bo"} {
			if err := tx.PutVote(open.ID, v, facilitation.Ballot{1}); err != nil {
				return err
			}
			if err := tx.CastBallot(secret.ID, v, facilitation.Ballot{0}); err != nil {
				return err
			}
		}
		return nil
	})
	s.View(context.Background(), func(tx *typed.Tx) error {
		p, err := tx.PollFor(open.ID, "ann")
		if err != nil || !reflect.DeepEqual(p.Votes, map[string]facilitation.Ballot{"ann": {1}}) || p.Question != "Q" {
			t.Errorf("PollFor(open, ann) = %+v, %v", p, err)
		}
		if p, _ := tx.PollFor(open.ID, "cy"); len(p.Votes) != 0 {
			t.Errorf("PollFor(open, cy) votes = %v, want none", p.Votes)
		}
		if p, _ := tx.PollFor(secret.ID, "bo"); !reflect.DeepEqual(p.Voters, map[string]bool{"bo": true}) || len(p.Ballots) != 0 {
			t.Errorf("PollFor(secret, bo) = voters %v ballots %v", p.Voters, p.Ballots)
		}
		if p, _ := tx.PollFor(secret.ID, ""); len(p.Voters) != 0 {
			t.Errorf("PollFor(secret, \"\") voters = %v", p.Voters)
		}
		if _, err := tx.PollFor(999, "ann"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PollFor(999): %v", err)
		}
		return nil
	})

	// A poll read is the reader's own: changing it changes no other read
	// (the header's decoding is cached), and neither does a change
	// rolled back; a change committed is read.
	first := loadPoll(t, s, open.ID)
	first.Options[0], first.Question = "changed", "changed"
	if again := loadPoll(t, s, open.ID); again.Options[0] == "changed" || again.Question != "Q" {
		t.Errorf("a change to a poll read, not stored, was read again: %q %q", again.Question, again.Options)
	}
	boom := errors.New("boom")
	if err := s.Update(context.Background(), func(tx *typed.Tx) error {
		if err := tx.PutPoll(first); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if again := loadPoll(t, s, open.ID); again.Question != "Q" {
		t.Errorf("a rolled-back PutPoll was read: %q", again.Question)
	}
	update(t, s, func(tx *typed.Tx) error { return tx.PutPoll(first) })
	if again := loadPoll(t, s, open.ID); again.Question != "changed" || again.Options[0] != "changed" {
		t.Errorf("after PutPoll: %q %q, want the change", again.Question, again.Options)
	}
}

func testOutbox(t *testing.T, s Store) {
	ctx := context.Background()
	for _, ch := range []string{"test:a", "other:x", "test:b", "test:c"} {
		update(t, s, func(tx *typed.Tx) error {
			return tx.Enqueue(store.Outgoing{Channel: ch, Reply: chat.Reply{Key: "k", Message: chat.Message{Text: ch}}})
		})
	}
	p, err := s.Pending(ctx, "test", 0, 2)
	if err != nil || len(p) != 2 || p[0].Channel != "test:a" || p[1].Channel != "test:b" || p[0].Reply.Message.Text != "test:a" {
		t.Fatalf("Pending(test, 2) = %+v, %v; want a, b", p, err)
	}
	if err := s.Delivered(ctx, p[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.Delivered(ctx); err != nil {
		t.Errorf("Delivered of nothing: %v", err)
	}
	p, _ = s.Pending(ctx, "test", 0, 10)
	if len(p) != 2 || p[0].Channel != "test:b" || p[1].Channel != "test:c" {
		t.Errorf("after delivering a, Pending = %+v; want b, c", p)
	}
	if other, _ := s.Pending(ctx, "other", 0, 10); len(other) != 1 || other[0].Channel != "other:x" {
		t.Errorf("Pending(other) = %+v; want x alone", other)
	}
	if later, _ := s.Pending(ctx, "test", p[0].ID, 10); len(later) != 1 || later[0].Channel != "test:c" {
		t.Errorf("Pending after b = %+v; want c alone", later)
	}
	if none, err := s.Pending(ctx, "nobody", 0, 10); err != nil || len(none) != 0 {
		t.Errorf("Pending of a platform without entries = %v, %v", none, err)
	}
}

// testRefreshes: a refresh of a message is queued once while one waits;
// once the deliverer clears it (before rendering), the next change queues
// another; delivering it clears the mark too. Other messages are not
// affected, and plain replies are never coalesced.
func testRefreshes(t *testing.T, s Store) {
	ctx := context.Background()
	refresh := func(ch, key string) store.Outgoing {
		return store.Outgoing{Channel: ch, Reply: chat.Reply{Key: key, Edit: true, Refresh: true}}
	}
	count := func() map[string]int {
		p, err := s.Pending(ctx, "test", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, o := range p {
			n[o.Reply.Key+map[bool]string{true: "", false: " (post)"}[o.Reply.Refresh]]++
		}
		return n
	}
	for range 3 {
		update(t, s, func(tx *typed.Tx) error {
			if err := tx.Enqueue(refresh("test:a", "poll/1")); err != nil {
				return err
			}
			if err := tx.Enqueue(refresh("test:a", "queue/1")); err != nil {
				return err
			}
			return tx.Enqueue(store.Outgoing{Channel: "test:a", Reply: chat.Reply{Key: "poll/1", Message: chat.Message{Text: "posted"}}})
		})
	}
	if n := count(); n["poll/1"] != 1 || n["queue/1"] != 1 || n["poll/1 (post)"] != 3 {
		t.Fatalf("after three changes, pending %v; want one refresh of each message and every post", n)
	}
	if err := s.ClearRefresh(ctx, "test:a", "poll/1"); err != nil {
		t.Fatal(err)
	}
	update(t, s, func(tx *typed.Tx) error { return tx.Enqueue(refresh("test:a", "poll/1")) })
	if n := count(); n["poll/1"] != 2 || n["queue/1"] != 1 {
		t.Fatalf("after a change once the refresh was being rendered, pending %v; want a second refresh of poll/1", n)
	}
	p, err := s.Pending(ctx, "test", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delivered(ctx, p...); err != nil {
		t.Fatal(err)
	}
	update(t, s, func(tx *typed.Tx) error { return tx.Enqueue(refresh("test:a", "queue/1")) })
	if n := count(); n["queue/1"] != 1 || len(n) != 1 {
		t.Errorf("after delivering everything, a change queued %v; want one refresh of queue/1", n)
	}
}

func testEvents(t *testing.T, s Store) {
	update(t, s, func(tx *typed.Tx) error {
		for i, want := range []bool{false, true} {
			seen, err := tx.MarkEvent("Ev1", t0)
			if err != nil || seen != want {
				return fmt.Errorf("MarkEvent #%d = %v, %v; want %v", i+1, seen, err, want)
			}
		}
		return nil
	})
	// Much later the old ID is forgotten, as newer ones come in.
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.MarkEvent("Ev2", t0.Add(48*time.Hour)); err != nil {
			return err
		}
		seen, err := tx.MarkEvent("Ev1", t0.Add(48*time.Hour))
		if err != nil || seen {
			return fmt.Errorf("an ID two days old is still remembered: %v, %v", seen, err)
		}
		return nil
	})
	// A rolled-back mark is not kept.
	s.Update(context.Background(), func(tx *typed.Tx) error {
		tx.MarkEvent("Ev3", t0.Add(48*time.Hour))
		return errors.New("rollback")
	})
	update(t, s, func(tx *typed.Tx) error {
		if seen, _ := tx.MarkEvent("Ev3", t0.Add(48*time.Hour)); seen {
			return errors.New("a rolled-back event ID was kept")
		}
		return nil
	})
}

func testMessageRefs(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.MessageRef(ctx, "slack:C1|poll/1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("MessageRef of an unknown key: %v, want ErrNotFound", err)
	}
	for _, ref := range []string{"C1/1.1", "C1/2.2"} {
		if err := s.PutMessageRef(ctx, "slack:C1|poll/1", ref); err != nil {
			t.Fatal(err)
		}
	}
	if ref, err := s.MessageRef(ctx, "slack:C1|poll/1"); err != nil || ref != "C1/2.2" {
		t.Errorf("MessageRef = %q, %v; want the latest, C1/2.2", ref, err)
	}
}

// testConcurrentVotes: every concurrent vote is counted, and a voter
// voting many times at once keeps one vote.
func testConcurrentVotes(t *testing.T, s Store) {
	p := newPoll(t, s, facilitation.Anonymous)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			voter := fmt.Sprintf("v%d", i)
			if i >= 40 {
				voter = "same"
			}
			err := s.Update(context.Background(), func(tx *typed.Tx) error {
				q, err := tx.Poll(p.ID)
				if err != nil {
					return err
				}
				if _, err := q.Vote(facilitation.Everyone, voter, facilitation.Ballot{i % 3}); err != nil {
					return err
				}
				return tx.PutVote(p.ID, voter, facilitation.Ballot{i % 3})
			})
			if err != nil {
				t.Errorf("vote %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if got := loadPoll(t, s, p.ID); got.Turnout() != 41 {
		t.Errorf("turnout = %d, want 41 (40 voters and one who voted 10 times)", got.Turnout())
	}
}

func testCanceled(t *testing.T, s Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	err := s.Update(ctx, func(*typed.Tx) error { called = true; return nil })
	if err == nil || called {
		t.Errorf("Update on a canceled context: err %v, ran %v", err, called)
	}
}

// testBlankVotes: a blank ballot (no option) is stored as a vote, in open
// and secret polls alike, and read back as blank, not as missing.
func testBlankVotes(t *testing.T, s Store) {
	open := newPoll(t, s, facilitation.Anonymous)
	secret := newPoll(t, s, facilitation.Secret)
	update(t, s, func(tx *typed.Tx) error {
		if err := tx.PutVote(open.ID, "ann", facilitation.Ballot{}); err != nil {
			return err
		}
		return tx.CastBallot(secret.ID, "ann", facilitation.Ballot{})
	})
	if b, ok := loadPoll(t, s, open.ID).Votes["ann"]; !ok || len(b) != 0 {
		t.Errorf("open poll: ann's blank vote reads %v (stored %v)", b, ok)
	}
	var forAnn *facilitation.Poll
	if err := s.View(context.Background(), func(tx *typed.Tx) (err error) { forAnn, err = tx.PollFor(open.ID, "ann"); return err }); err != nil {
		t.Fatal(err)
	}
	if !forAnn.HasVoted("ann") {
		t.Error("PollFor: a blank vote reads as no vote")
	}
	if got := loadPoll(t, s, secret.ID); len(got.Ballots) != 1 || len(got.Ballots[0]) != 0 || !got.Voters["ann"] {
		t.Errorf("secret poll: ballots %v voters %v, want one blank ballot by ann", got.Ballots, got.Voters)
	}
}

// testRegister: people go on a meeting's register and off it; doing
// either twice changes nothing; registers of meetings are apart.
func testRegister(t *testing.T, s Store) {
	set := func(meeting, id string, on bool) (changed bool) {
		update(t, s, func(tx *typed.Tx) (err error) {
			changed, err = tx.SetRegistered(meeting, store.Person{ID: id, Name: "Name " + id}, on)
			return err
		})
		return changed
	}
	if !set("m1", "bo", true) || !set("m1", "ann", true) || set("m1", "ann", true) {
		t.Error("adding: want changed, changed, unchanged")
	}
	if !set("m1", "bo", false) || set("m1", "bo", false) || set("m1", "cia", false) {
		t.Error("removing: want changed, unchanged, unchanged")
	}
	set("m2", "cia", true)
	view(t, s, func(tx *typed.Tx) error {
		members, err := tx.RegisterMembers("m1")
		if err != nil {
			return err
		}
		if want := []store.Person{{ID: "ann", Name: "Name ann"}}; !reflect.DeepEqual(members, want) {
			t.Errorf("RegisterMembers(m1) = %v, want %v", members, want)
		}
		for _, c := range []struct {
			meeting, id string
			want        bool
		}{{"m1", "ann", true}, {"m1", "bo", false}, {"m1", "cia", false}, {"m2", "cia", true}, {"m3", "ann", false}} {
			if got, err := tx.Registered(c.meeting, c.id); err != nil || got != c.want {
				t.Errorf("Registered(%s, %s) = %v, %v; want %v", c.meeting, c.id, got, err, c.want)
			}
		}
		return nil
	})
}

// testMembers: a meeting's member list is replaced as a whole, kept apart
// from its register and from other meetings' lists.
func testMembers(t *testing.T, s Store) {
	ann, bo, cia := store.Person{ID: "ann", Name: "Ann"}, store.Person{ID: "bo", Name: "Bo"}, store.Person{ID: "cia", Name: "Cia"}
	update(t, s, func(tx *typed.Tx) error { return tx.PutMembers("m1", []store.Person{bo, ann}) })
	update(t, s, func(tx *typed.Tx) error { return tx.PutMembers("m1", []store.Person{cia, ann}) })
	update(t, s, func(tx *typed.Tx) error { return tx.PutMembers("m2", []store.Person{bo}) })
	view(t, s, func(tx *typed.Tx) error {
		if got, err := tx.Members("m1"); err != nil || !reflect.DeepEqual(got, []store.Person{ann, cia}) {
			t.Errorf("Members(m1) = %v, %v; want Ann and Cia", got, err)
		}
		for _, c := range []struct {
			meeting, id string
			want        bool
		}{{"m1", "ann", true}, {"m1", "bo", false}, {"m2", "bo", true}, {"m2", "ann", false}} {
			if got, err := tx.IsMember(c.meeting, c.id); err != nil || got != c.want {
				t.Errorf("IsMember(%s, %s) = %v, %v; want %v", c.meeting, c.id, got, err, c.want)
			}
		}
		if on, err := tx.Registered("m1", "ann"); err != nil || on {
			t.Errorf("a listed member is on the register: %v, %v", on, err)
		}
		return nil
	})
}

// testEntries: minutes entries are kept per meeting, in the order added,
// apart from the meeting record, and roll back with their transaction.
func testEntries(t *testing.T, s Store) {
	due := t0.AddDate(0, 1, 0)
	update(t, s, func(tx *typed.Tx) error {
		for i, e := range []facilitation.Entry{
			{Kind: facilitation.Decision, Text: "Yes", Texts: map[string]string{"en": "Yes", "sv": "Ja"}, By: "u1", At: t0},
			{Kind: facilitation.Action, Text: "Do it", Assignee: "u2", Due: due, ItemID: 2, By: "u1", At: t0.Add(time.Minute)},
		} {
			if err := tx.AddEntry("m1", e); err != nil {
				return fmt.Errorf("AddEntry #%d: %w", i, err)
			}
		}
		return tx.AddEntry("m2", facilitation.Entry{Kind: facilitation.Note, Text: "Other", By: "u3", At: t0})
	})
	s.Update(context.Background(), func(tx *typed.Tx) error {
		tx.AddEntry("m1", facilitation.Entry{Kind: facilitation.Note, Text: "rolled back", By: "u1", At: t0})
		return errors.New("rollback")
	})
	s.View(context.Background(), func(tx *typed.Tx) error {
		got, err := tx.Entries("m1")
		want := []facilitation.Entry{
			{Kind: facilitation.Decision, Text: "Yes", Texts: map[string]string{"en": "Yes", "sv": "Ja"}, By: "u1", At: t0},
			{Kind: facilitation.Action, Text: "Do it", Assignee: "u2", Due: due, ItemID: 2, By: "u1", At: t0.Add(time.Minute)},
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Entries(m1) = %+v, %v; want %+v", got, err, want)
		}
		if other, _ := tx.Entries("m2"); len(other) != 1 || other[0].Text != "Other" {
			t.Errorf("Entries(m2) = %+v", other)
		}
		if none, err := tx.Entries("nobody"); err != nil || len(none) != 0 {
			t.Errorf("Entries of a meeting without any = %v, %v", none, err)
		}
		return nil
	})
	// An edit, a removal and a reservation replace an entry in place.
	edited := facilitation.Entry{Kind: facilitation.Decision, Text: "Yes, amended", By: "u1", At: t0, Edited: t0.Add(time.Hour), Removed: true,
		Tally:        &facilitation.Tally{For: 3, Against: 2, Abstained: 1},
		Reservations: []facilitation.Reservation{{Who: "u4", Reason: "No", At: t0.Add(2 * time.Hour)}},
		Voting: &facilitation.Voting{ItemID: 1, Order: []int{2, 1}, Window: time.Minute, Done: true, Steps: []facilitation.Step{
			{Kind: facilitation.StepMain, Alternatives: []int{1, 2}, Declared: 1, DeclaredAt: t0, Poll: 7, Counts: []int{3, 2}, Abstained: 1, Winner: 1, Done: true}}}}
	update(t, s, func(tx *typed.Tx) error { return tx.PutEntry("m1", 0, edited) })
	if err := s.Update(context.Background(), func(tx *typed.Tx) error { return tx.PutEntry("m1", 2, edited) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PutEntry past the end: %v, want ErrNotFound", err)
	}
	view(t, s, func(tx *typed.Tx) error {
		got, err := tx.Entries("m1")
		if err != nil || len(got) != 2 || !reflect.DeepEqual(got[0], edited) || got[1].Text != "Do it" {
			t.Errorf("after PutEntry: %+v, %v; want %+v first", got, err, edited)
		}
		return nil
	})
}

func view(t *testing.T, s Store, fn func(*typed.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// testWindows: each channel's window holds its oldest undelivered
// entries after the given ID, whatever the other channels hold.
func testWindows(t *testing.T, s Store) {
	ctx := context.Background()
	update(t, s, func(tx *typed.Tx) error {
		for i := range 30 {
			if err := tx.Enqueue(store.Outgoing{Channel: "test:busy", Reply: chat.Reply{Message: chat.Message{Text: fmt.Sprint(i)}}}); err != nil {
				return err
			}
		}
		return tx.Enqueue(store.Outgoing{Channel: "test:quiet", Reply: chat.Reply{Message: chat.Message{Text: "q"}}})
	})
	wins, err := s.Windows(ctx, "test", nil, 10)
	if err != nil || len(wins["test:busy"]) != 10 || len(wins["test:quiet"]) != 1 {
		t.Fatalf("Windows = %d busy, %d quiet, %v; want 10 and 1", len(wins["test:busy"]), len(wins["test:quiet"]), err)
	}
	busy := wins["test:busy"]
	if busy[0].Reply.Message.Text != "0" || busy[9].Reply.Message.Text != "9" {
		t.Errorf("busy window = %q…%q, want 0…9", busy[0].Reply.Message.Text, busy[9].Reply.Message.Text)
	}
	wins, _ = s.Windows(ctx, "test", map[string]uint64{"test:busy": busy[9].ID, "test:quiet": math.MaxUint64}, 10)
	if got := wins["test:busy"]; len(got) != 10 || got[0].Reply.Message.Text != "10" || len(wins["test:quiet"]) != 0 {
		t.Errorf("Windows after 9, quiet skipped = %+v", wins)
	}
	if err := s.Delivered(ctx, wins["test:busy"]...); err != nil {
		t.Fatal(err)
	}
	if err := s.Delivered(ctx, busy...); err != nil {
		t.Fatal(err)
	}
	wins, _ = s.Windows(ctx, "test", nil, 100)
	if got := wins["test:busy"]; len(got) != 10 || got[0].Reply.Message.Text != "20" {
		t.Errorf("after delivering 20, the busy window = %d entries", len(got))
	}
}

// testReplays: a signed request's key (typed.ReplayPrefix, its Unix time,
// ':' and its signature) is seen once within typed.ReplayWindow, and
// forgotten after it as new keys come in.
func testReplays(t *testing.T, s Store) {
	key := func(at time.Time, sig string) string {
		return fmt.Sprintf("%s%d:%s", typed.ReplayPrefix, at.Unix(), sig)
	}
	first := key(t0, "v0=aa")
	update(t, s, func(tx *typed.Tx) error {
		for i, want := range []bool{false, true} {
			if seen, err := tx.MarkEvent(first, t0.Add(time.Duration(i)*time.Minute)); err != nil || seen != want {
				return fmt.Errorf("MarkEvent(replay) #%d = %v, %v; want %v", i+1, seen, err, want)
			}
		}
		return nil
	})
	later := t0.Add(typed.ReplayWindow + time.Minute)
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.MarkEvent(key(later, "v0=bb"), later); err != nil {
			return err
		}
		if seen, _ := tx.MarkEvent(first, later); seen {
			return errors.New("a replay key older than the window is still remembered")
		}
		if seen, _ := tx.MarkEvent(key(later, "v0=bb"), later); !seen {
			return errors.New("a fresh replay key was forgotten")
		}
		return nil
	})
	// A real signature (64 hex digits, stored shortened) is seen once too,
	// and the same time with another signature is another request.
	full := key(later, "v0="+strings.Repeat("0123456789abcdef", 4))
	other := key(later, "v0="+strings.Repeat("fedcba9876543210", 4))
	update(t, s, func(tx *typed.Tx) error {
		for i, c := range []struct {
			id   string
			want bool
		}{{full, false}, {full, true}, {other, false}, {other, true}} {
			if seen, err := tx.MarkEvent(c.id, later); err != nil || seen != c.want {
				return fmt.Errorf("MarkEvent(signature %d) = %v, %v; want %v", i+1, seen, err, c.want)
			}
		}
		return nil
	})
	// Keys shortened or not sort by time together: once the window has
	// passed, a key of the old shape is forgotten as shortened ones come.
	old := key(later, "v0=cc")
	update(t, s, func(tx *typed.Tx) error { _, err := tx.MarkEvent(old, later); return err })
	much := later.Add(typed.ReplayWindow + time.Minute)
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.MarkEvent(key(much, "v0="+strings.Repeat("0123456789abcdef", 4)), much); err != nil {
			return err
		}
		if seen, _ := tx.MarkEvent(old, much); seen {
			return errors.New("a replay key of the old shape outlived the window")
		}
		return nil
	})

	// Old keys are looked for once a second, and again at once while
	// more are left than one request forgets: a storm's 40 keys of one
	// second are gone after three requests of a second past the window,
	// each in a transaction of its own.
	storm := much.Add(time.Hour)
	update(t, s, func(tx *typed.Tx) error {
		for i := range 40 {
			if _, err := tx.MarkEvent(key(storm, fmt.Sprintf("v0=%04x%060x", i, 0)), storm); err != nil {
				return err
			}
		}
		return nil
	})
	after := storm.Add(typed.ReplayWindow + time.Second)
	for i := range 3 {
		update(t, s, func(tx *typed.Tx) error {
			_, err := tx.MarkEvent(key(after, fmt.Sprintf("v0=%04x%060x", 100+i, 0)), after)
			return err
		})
	}
	var left int
	err := s.Backend().View(context.Background(), func(tx store.Txn) error {
		return tx.Scan(store.K("replays"), func(store.Key, []byte) error { left++; return nil })
	})
	if err != nil || left != 3 {
		t.Errorf("replay keys after the storm's window = %d, %v; want the 3 fresh ones", left, err)
	}
}

func testDeleteVote(t *testing.T, s Store) {
	p := newPoll(t, s, facilitation.Open)
	update(t, s, func(tx *typed.Tx) error { return tx.PutVote(p.ID, "ann", facilitation.Ballot{0}) })
	update(t, s, func(tx *typed.Tx) error { return tx.PutVote(p.ID, "bo", facilitation.Ballot{1}) })
	update(t, s, func(tx *typed.Tx) error { return tx.DeleteVote(p.ID, "ann") })
	update(t, s, func(tx *typed.Tx) error { return tx.DeleteVote(p.ID, "cia") }) // never voted: no error
	got := loadPoll(t, s, p.ID)
	if want := map[string]facilitation.Ballot{"bo": {1}}; !reflect.DeepEqual(got.Votes, want) {
		t.Errorf("after DeleteVote(ann): votes %v, want %v", got.Votes, want)
	}
	var mine *facilitation.Poll
	if err := s.View(context.Background(), func(tx *typed.Tx) (err error) { mine, err = tx.PollFor(p.ID, "ann"); return err }); err != nil {
		t.Fatal(err)
	}
	if mine.HasVoted("ann") {
		t.Error("PollFor(ann) still has ann's withdrawn vote")
	}
	update(t, s, func(tx *typed.Tx) error { return tx.PutVote(p.ID, "ann", facilitation.Ballot{1}) })
	if got := loadPoll(t, s, p.ID); len(got.Votes) != 2 {
		t.Errorf("a vote after withdrawal: votes %v", got.Votes)
	}
	if err := s.Update(context.Background(), func(tx *typed.Tx) error { return tx.DeleteVote(99, "ann") }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteVote on a missing poll: %v, want ErrNotFound", err)
	}
}
