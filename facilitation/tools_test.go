package facilitation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAlternatePolicy: the varvad talarlista. Groups take turns while
// more than one has people waiting, after fewest-turns-first, and the
// person told they are next keeps that place.
func TestAlternatePolicy(t *testing.T) {
	groups := map[string]string{
		"a1": "A", "a2": "A", "a3": "A", "a4": "A", "a5": "A",
		"b1": "B", "b2": "B",
		"c1": "C",
	}
	tests := []struct {
		name  string
		steps []step
		want  string // the served order of the waiting requests
	}{
		{"uneven groups alternate while both wait",
			[]step{{"a1", "speak", ""}, {"a2", "speak", ""}, {"a3", "speak", ""}, {"b1", "speak", ""}, {"a4", "speak", ""}, {"b2", "speak", ""}},
			"a1 b1 a2 b2 a3 a4"},
		{"the larger group goes on once the smaller has nobody waiting",
			[]step{{"b1", "speak", ""}, {"a1", "speak", ""}, {"a2", "speak", ""}, {"a3", "speak", ""}},
			"b1 a1 a2 a3"},
		{"fewest turns first comes before alternation",
			[]step{{"b1", "speak", ""}, {"chair", "next", ""}, {"b2", "speak", ""}, {"b1", "speak", ""}, {"a1", "speak", ""}, {"a2", "speak", ""}},
			// b1 spoke (B last); b2, a1, a2 have no turns; b1 has one.
			"a1 b2 a2 b1"},
		{"the last speaker's group yields to the other",
			[]step{{"a1", "speak", ""}, {"chair", "next", ""}, {"a2", "speak", ""}, {"b1", "speak", ""}},
			"b1 a2"},
		{"three groups: no group twice in a row while another waits",
			[]step{{"a1", "speak", ""}, {"a2", "speak", ""}, {"c1", "speak", ""}, {"a3", "speak", ""}, {"b1", "speak", ""}},
			"a1 c1 a2 b1 a3"},
		{"people with no group keep their plain place",
			[]step{{"a1", "speak", ""}, {"x", "speak", ""}, {"a2", "speak", ""}, {"b1", "speak", ""}},
			"a1 x b1 a2"},
		{"points of order still go first",
			[]step{{"a1", "speak", ""}, {"a2", "speak", ""}, {"b1", "speak", ""}, {"a3", "order", ""}},
			"a3 a1 b1 a2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &Meeting{Queues: map[int]*Queue{}, QueueRules: QueueRules{Policy: Alternate}, Groups: groups}
			q := m.Queue()
			run(t, q, tt.steps)
			if got := strings.Join(whos(q), " "); got != tt.want {
				t.Errorf("order = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAlternateKeepsTheAnnounced: whoever was told they are next keeps
// the place, even when their group spoke last and the other group has
// someone waiting now.
func TestAlternateKeepsTheAnnounced(t *testing.T) {
	m := &Meeting{Queues: map[int]*Queue{}, QueueRules: QueueRules{Policy: Alternate}, Groups: map[string]string{"a1": "A", "a2": "A", "a3": "A", "b1": "B"}}
	q := m.Queue()
	run(t, q, []step{{"a1", "speak", ""}, {"a2", "speak", ""}})
	turn, next, err := q.Next(at(10))
	if err != nil || turn.Who != "a1" || next != "a2" {
		t.Fatalf("Next = %v, %q, %v; want a1 speaking, a2 told they are next", turn, next, err)
	}
	// b1 arrives: by alternation B would go before A, but a2 was told.
	if _, err := q.Ask("b1", Speak, at(11)); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Ask("a3", Speak, at(12)); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(whos(q), " "), "a2 b1 a3"; got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
	if _, next, _ := q.Next(at(20)); next != "b1" {
		t.Errorf("after a2 takes the floor, next = %q, want b1", next)
	}
}

func whos(q *Queue) []string {
	var out []string
	for _, r := range q.Ordered() {
		out = append(out, r.Who)
	}
	return out
}

func TestRound(t *testing.T) {
	m := &Meeting{}
	if _, err := m.StartRound("", nil, 0, t0); ErrorCode(err) != ErrNobodyPresent {
		t.Fatalf("StartRound with nobody: %v", err)
	}
	r, err := m.StartRound("Q?", []string{"a", "b", "c"}, time.Minute, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.StartRound("again", []string{"a"}, 0, t0); ErrorCode(err) != ErrRoundRunning {
		t.Errorf("second round: %v, want ErrRoundRunning", err)
	}
	if err := r.Pass("b", at(1)); ErrorCode(err) != ErrNotYourTurn {
		t.Errorf("b passes on a's turn: %v, want ErrNotYourTurn", err)
	}
	if r.Current() != "a" || r.Upcoming() != "b" {
		t.Fatalf("current %q, upcoming %q", r.Current(), r.Upcoming())
	}
	r.Advance(at(2))
	if err := r.Pass("b", at(3)); err != nil {
		t.Fatal(err)
	}
	r.Advance(at(4))
	if r.Running() || r.Done() != 3 || !slices.Equal(r.Passed, []string{"b"}) {
		t.Errorf("round after three turns: running %v, done %d, passed %v", r.Running(), r.Done(), r.Passed)
	}
	if _, err := m.ActiveRound(); ErrorCode(err) != ErrNoRound {
		t.Errorf("ActiveRound after the end: %v", err)
	}
	r, _ = m.StartRound("", []string{"a", "b"}, 0, at(5))
	if err := r.Stop(at(6)); err != nil || !r.Stopped || r.Running() {
		t.Errorf("Stop: %v, stopped %v", err, r.Stopped)
	}
}

func TestBrainstorm(t *testing.T) {
	m := &Meeting{}
	if _, err := m.OpenBrainstorm(" ", t0); ErrorCode(err) != ErrEmptyText {
		t.Errorf("empty question: %v", err)
	}
	b, err := m.OpenBrainstorm("Q?", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.StartDots(3); ErrorCode(err) != ErrNotRevealed {
		t.Errorf("dots before reveal: %v", err)
	}
	if err := b.Reveal(nil, t0); ErrorCode(err) != ErrNoIdeas {
		t.Errorf("reveal of nothing: %v", err)
	}
	if err := b.Reveal([]string{"x", "y", "z"}, at(1)); err != nil {
		t.Fatal(err)
	}
	if err := b.CheckIdea("late"); ErrorCode(err) != ErrNoBrainstorm {
		t.Errorf("idea after reveal: %v", err)
	}
	if err := b.StartDots(MaxDots + 1); ErrorCode(err) != ErrBadDots {
		t.Errorf("too many dots: %v", err)
	}
	if err := b.StartDots(2); err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct {
		who  string
		n    int
		want Code
	}{{"p", 2, ""}, {"p", 4, ErrNoSuchIdea}, {"p", 2, ""}, {"p", 3, ErrNoDotsLeft}, {"q", 3, ""}, {"q", 0, ErrNoSuchIdea}} {
		if _, err := b.Dot(d.who, d.n); ErrorCode(err) != d.want {
			t.Errorf("Dot(%s, %d) = %v, want %q", d.who, d.n, err, d.want)
		}
	}
	ranking, err := b.CloseDots(at(2))
	if err != nil {
		t.Fatal(err)
	}
	want := []RankedIdea{{2, "y", 2}, {3, "z", 1}, {1, "x", 0}}
	if !slices.Equal(ranking, want) {
		t.Errorf("ranking = %v, want %v", ranking, want)
	}
	if _, err := b.Dot("r", 1); ErrorCode(err) != ErrNoDots {
		t.Errorf("dot after close: %v", err)
	}
	if _, err := m.OpenBrainstorm("Next?", at(3)); err != nil {
		t.Errorf("a new brainstorm after the dots: %v", err)
	}
}

func TestFlagRateLimit(t *testing.T) {
	m := &Meeting{ID: "1"}
	p := "pseudonym-of-ann"
	if err := m.Flag(p, t0); err != nil {
		t.Fatal(err)
	}
	if err := m.Flag(p, t0.Add(FlagInterval-time.Second)); ErrorCode(err) != ErrFlagTooSoon {
		t.Errorf("second flag within the interval: %v", err)
	}
	if err := m.Flag("pseudonym-of-bo", t0); err != nil {
		t.Errorf("another person's flag: %v", err)
	}
	if err := m.Flag(p, t0.Add(FlagInterval)); err != nil {
		t.Errorf("flag after the interval: %v", err)
	}
}

func TestGroups(t *testing.T) {
	m := &Meeting{}
	if _, err := m.SetGroup("ann", "A"); ErrorCode(err) != ErrNoGroups {
		t.Errorf("no groups: %v", err)
	}
	m.GroupNames = []string{"Newcomer", "Old hand"}
	if _, err := m.SetGroup("ann", "elder"); ErrorCode(err) != ErrNoSuchGroup {
		t.Errorf("unknown group: %v", err)
	}
	if g, err := m.SetGroup("ann", "old HAND"); err != nil || g != "Old hand" || m.Groups["ann"] != "Old hand" {
		t.Errorf("SetGroup = %q, %v; groups %v", g, err, m.Groups)
	}
}

func TestConsent(t *testing.T) {
	p, err := NewPoll(PollSpec{Question: "Adopt?", Kind: Consent}, "chair", t0)
	if err != nil {
		t.Fatal(err)
	}
	vote := func(who string, n int) {
		t.Helper()
		if _, err := p.Vote(Everyone, who, Ballot{n}); err != nil {
			t.Fatal(err)
		}
	}
	vote("a", 0)
	vote("b", 2)
	vote("c", 1)
	if r := p.Results(); !p.ConsentReached(r) || r.Abstained != 1 || r.Winners != nil {
		t.Errorf("agree, disagree, abstain: reached %v, result %+v", p.ConsentReached(r), r)
	}
	vote("d", ConsentBlock)
	if r := p.Results(); p.ConsentReached(r) {
		t.Error("consent reached despite a block")
	}
}

func TestFair(t *testing.T) {
	q1 := &Queue{History: []Turn{
		{Who: "a", Kind: Speak, Start: at(0), End: at(60)},
		{Who: "b", Kind: Speak, Start: at(60), End: at(90)},
		{Who: "a", Kind: Speak, Start: at(90), End: at(210)},
	}}
	q2 := &Queue{History: []Turn{{Who: "a", Kind: Speak, Start: at(300), End: at(330)}, {Who: "c", Kind: Speak, Start: at(330), End: at(340)}}}
	groups := map[string]string{"a": "X", "b": "Y", "c": "Y", "d": "Y"}
	f := Fair([]*Queue{q1, q2}, []string{"a", "b", "c", "d", "e"}, groups, []string{"X", "Y"}, at(400))
	if f.Turns != 5 || f.FirstTurns != 4 || f.Time != 250*time.Second || f.FirstTime != 130*time.Second {
		t.Errorf("turns %d first %d, time %v first %v", f.Turns, f.FirstTurns, f.Time, f.FirstTime)
	}
	// Three speakers: the top 20 % is one person, a, with 210s of 250s.
	if f.TopN != 1 || f.TopTime != 210*time.Second {
		t.Errorf("top %d with %v", f.TopN, f.TopTime)
	}
	if !slices.Equal(f.Silent, []string{"d", "e"}) {
		t.Errorf("silent %v", f.Silent)
	}
	want := []GroupShare{{"X", 1, 3, 210 * time.Second}, {"Y", 3, 2, 40 * time.Second}, {"", 1, 0, 0}}
	if !slices.Equal(f.Groups, want) {
		t.Errorf("groups %v, want %v", f.Groups, want)
	}
}

func TestEndStopsTheRound(t *testing.T) {
	m := New("1", "c", "T", "ann", Template{}, t0)
	if _, err := m.StartRound("", []string{"ann", "bo"}, 0, t0); err != nil {
		t.Fatal(err)
	}
	if err := m.End(at(5)); err != nil {
		t.Fatal(err)
	}
	if m.Round.Running() || !m.Round.Stopped {
		t.Errorf("the round goes on after the meeting ended: %+v", m.Round)
	}
}

// TestResumeMovesTheRoundTurn: an adjournment stops the go-around's
// clock; a turn begun during it begins when the meeting resumes.
func TestResumeMovesTheRoundTurn(t *testing.T) {
	tests := []struct {
		name   string
		turnAt time.Time // when the turn going on began
		want   time.Time // its start after resuming at(10)
	}{
		{"begun before the adjournment", at(1), at(6)},
		{"begun during it", at(7), at(10)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := New("1", "c", "T", "ann", Template{}, t0)
			r, err := m.StartRound("", []string{"ann", "bo"}, time.Minute, tc.turnAt)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Adjourn(at(5), time.Time{}); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Resume(at(10)); err != nil {
				t.Fatal(err)
			}
			if !r.TurnStart.Equal(tc.want) {
				t.Errorf("TurnStart = %v, want %v", r.TurnStart, tc.want)
			}
		})
	}
}
