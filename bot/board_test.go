package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/facilitation"
)

// boardHarness is a bot with a public URL and a Changed hook that records.
type boardHarness struct {
	*harness
	mu      sync.Mutex
	changes []string
}

func newBoardHarness(t *testing.T) *boardHarness { return newBoardHarnessOn(t, "") }

// newBoardHarnessOn is newBoardHarness on the bbolt file at path, or in
// memory when path is "".
func newBoardHarnessOn(t *testing.T, path string) *boardHarness {
	tpl := board
	tpl.Queue.MaxTurn = 3 * time.Minute
	bh := &boardHarness{}
	h := &harness{t: t, path: path, mem: typed.New(mem.New()), templates: []facilitation.Template{tpl}, clock: bottest.NewManualClock(bottest.Epoch)}
	s := h.openStore()
	t.Cleanup(func() { h.store.Close() })
	b, err := bot.New(s, bot.Options{Templates: h.templates, Clock: h.clock, PublicURL: "https://klubba.example.org/",
		Changed: func(id string) { bh.mu.Lock(); bh.changes = append(bh.changes, id); bh.mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	h.store, h.bot = s, b
	bh.harness = h
	return bh
}

func (bh *boardHarness) takeChanges() []string {
	bh.mu.Lock()
	defer bh.mu.Unlock()
	c := bh.changes
	bh.changes = nil
	return c
}

var boardLink = regexp.MustCompile(`https://klubba\.example\.org/board/([A-Za-z0-9_-]+)`)

// token asks for the board link as the chair and returns its token.
func (bh *boardHarness) token(cmd string) string {
	bh.t.Helper()
	out := bh.do("chair", cmd)
	m := boardLink.FindStringSubmatch(out)
	if m == nil {
		bh.t.Fatalf("%s answered %q, want a link under the public URL", cmd, out)
	}
	return m[1]
}

func (bh *boardHarness) board(token string) *render.Board {
	bh.t.Helper()
	v, err := bh.bot.Board(context.Background(), token)
	if err != nil {
		bh.t.Fatalf("Board: %v", err)
	}
	return v
}

func TestBoardLinkAndReset(t *testing.T) {
	bh := newBoardHarnessOn(t, filepath.Join(t.TempDir(), "k.db")) // the token must survive a restart
	bh.do("chair", `start board "Board, November"`)
	if out := bh.refused("ola", "board"); !strings.Contains(out, "chair") {
		t.Errorf("board by a member: %q, want a refusal naming the chair", out)
	}
	tok := bh.token("board")
	if len(tok) != 43 {
		t.Errorf("token %q has %d characters, want 43 (32 bytes, base64url)", tok, len(tok))
	}
	if again := bh.token("board"); again != tok {
		t.Errorf("second board gave %q, want the same token %q", again, tok)
	}
	if v := bh.board(tok); v.Title != "Board, November" {
		t.Errorf("Board title = %q", v.Title)
	}
	fresh := bh.token("board reset")
	if fresh == tok {
		t.Fatal("board reset kept the token")
	}
	if _, err := bh.bot.Board(context.Background(), tok); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Board(revoked token) error = %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", "x", tok[:42], fresh + "A"} {
		if _, err := bh.bot.Board(context.Background(), bad); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Board(%q) error = %v, want ErrNotFound", bad, err)
		}
	}
	bh.board(fresh)
	// The token is durable: a restart keeps it.
	bh.reopen()
	bh.bot.Board(context.Background(), fresh)
}

func TestBoardView(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", `start board "Board, November"`)
	tok := bh.token("board")
	bh.do("ola", "hand")
	bh.do("li", "hand")
	bh.do("chair", "next")
	bh.do("kim", "order")
	bh.do("chair", "queue close")
	v := bh.board(tok)
	if v.Item == nil || v.Item.Title != "Opening" || v.Item.Number != "1" {
		t.Fatalf("Item = %+v, want 1. Opening", v.Item)
	}
	if want := v.Now.Add(5 * time.Minute); !v.Item.Deadline.Equal(want) {
		t.Errorf("Item.Deadline = %v, want %v", v.Item.Deadline, want)
	}
	if v.Speaker == nil || v.Speaker.Name != "Ola" || v.Speaker.Limit != 3*time.Minute || !v.Speaker.Deadline.Equal(v.Now.Add(3*time.Minute)) {
		t.Errorf("Speaker = %+v, want Ola with 3m talartid", v.Speaker)
	}
	if v.Next != "Kim" || len(v.Queue) != 2 || v.Queue[0].Code != facilitation.PointOfOrder || v.Queue[0].Kind != "point of order" || v.Queue[1].Name != "Li" {
		t.Errorf("Next %q, Queue %+v; want Kim's point of order, then Li", v.Next, v.Queue)
	}
	if !v.QueueClosed {
		t.Error("QueueClosed = false after queue close")
	}
	if len(v.Rules) != 1 || len(v.Agenda) != 2 || v.Lang != "en" || v.Words.Speaking != "Speaking" {
		t.Errorf("Rules %q, Agenda %d items, Lang %q, Words.Speaking %q", v.Rules, len(v.Agenda), v.Lang, v.Words.Speaking)
	}
	bh.do("chair", "lang sv")
	if v := bh.board(tok); v.Lang != "sv" || v.Words.Speaking != "Talar" || v.Queue[0].Kind != "ordningsfråga" {
		t.Errorf("in Swedish: Lang %q, Speaking %q, kind %q", v.Lang, v.Words.Speaking, v.Queue[0].Kind)
	}
	// Adjourned: the board says until when, and the timebox stops ticking.
	bh.do("chair", "adjourn 15m")
	if v := bh.board(tok); !v.Adjourned || !v.Resumes.Equal(v.Now.Add(15*time.Minute)) || !v.Item.Deadline.IsZero() {
		t.Errorf("adjourned: Adjourned %v, Resumes %v, item deadline %v; want until %v and no deadline", v.Adjourned, v.Resumes, v.Item.Deadline, v.Now.Add(15*time.Minute))
	}
	bh.do("chair", "resume")
	if v := bh.board(tok); v.Adjourned || v.Item.Deadline.IsZero() {
		t.Errorf("resumed: Adjourned %v, item deadline %v", v.Adjourned, v.Item.Deadline)
	}
}

func TestBoardSecretPoll(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", "start board")
	tok := bh.token("board")
	bh.do("chair", `poll "Who chairs 2027?" "Ann" "Bo" --secret`)
	bh.do("ola", "vote 1")
	bh.do("li", "vote 1")
	v := bh.board(tok)
	if len(v.Polls) != 1 {
		t.Fatalf("Polls = %+v, want the open one", v.Polls)
	}
	p := v.Polls[0]
	if p.Bars != nil || p.Hidden == "" || p.Turnout != "2 votes" || len(p.Options) != 2 || p.Outcome != "" {
		t.Errorf("open secret poll on the board = %+v; want options and turnout only", p)
	}
	bh.do("chair", "poll close")
	p = bh.board(tok).Polls[0]
	if !p.Closed || len(p.Bars) != 2 || p.Bars[0].Count != 2 || !p.Bars[0].Winner || p.Bars[1].Winner || !strings.Contains(p.Outcome, "Ann") {
		t.Errorf("closed secret poll on the board = %+v; want counts, Ann the winner", p)
	}
	for _, b := range p.Bars {
		if b.Note != "" {
			t.Errorf("a secret ballot's bar names voters: %q", b.Note)
		}
	}
	bh.do("chair", `poll "Lunch?" "Pizza" "Sushi" --anonymous --hidden`)
	bh.do("ola", "vote 2")
	v = bh.board(tok)
	if len(v.Polls) != 2 || v.Polls[0].Question != "Lunch?" || v.Polls[0].Bars != nil || v.Polls[1].Question != "Who chairs 2027?" {
		t.Errorf("Polls = %+v; want the hidden open poll without counts, then the last results", v.Polls)
	}
	bh.do("chair", "poll close")
	if v = bh.board(tok); strings.Contains(v.Polls[0].Description, "shown when the poll closes") {
		t.Errorf("a closed hidden poll: %q, still says its results come at the close", v.Polls[0].Description)
	}
}

func TestBoardChanged(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", "start board")
	id := bh.board(bh.token("board")).MeetingID
	bh.takeChanges()
	bh.do("ola", "hand")
	if got := bh.takeChanges(); len(got) != 1 || got[0] != id {
		t.Errorf("after hand, Changed got %q, want [%s]", got, id)
	}
	bh.do("ola", "queue")
	bh.refused("ola", "next")
	if got := bh.takeChanges(); len(got) != 0 {
		t.Errorf("after a read and a refusal, Changed got %q, want nothing", got)
	}
	bh.clock.Advance(4 * time.Minute) // the item's warning is due
	if _, err := bh.bot.FireDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := bh.takeChanges(); len(got) == 0 || got[0] != id {
		t.Errorf("after a timer, Changed got %q, want %s", got, id)
	}
}

func TestBoardRankedResults(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", "start board")
	tok := bh.token("board")
	bh.do("chair", `poll ranked "Treasurer" "Ann" "Bo" "Cy" --secret`)
	for voter, ballot := range map[string]string{"ola": "1 2", "li": "1 3", "kim": "2 1", "bo": "2 3", "cy": "3 1"} {
		bh.do(voter, "vote "+ballot)
	}
	bh.do("chair", "poll close")
	p := bh.board(tok).Polls[0]
	if p.Bars != nil || len(p.Rounds) != 2 || !strings.Contains(p.Outcome, "Ann") || !strings.Contains(p.Outcome, "elected") {
		t.Errorf("closed ranked poll on the board = %+v; want the rounds and Ann elected", p)
	}
}

func TestBoardElection(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", "start board")
	tok := bh.token("board")
	bh.do("chair", `poll elect 2 "Board members" "Ann" "Bo" "Cy" --secret`)
	for voter, ballot := range map[string]string{"ola": "1 2", "li": "1 3", "kim": "2 1"} {
		bh.do(voter, "vote "+ballot)
	}
	if p := bh.board(tok).Polls[0]; p.Bars != nil || p.Turnout != "3 votes" {
		t.Errorf("open secret election on the board = %+v; want the turnout only", p)
	}
	bh.do("chair", "poll close")
	p := bh.board(tok).Polls[0]
	var marked []string
	for _, b := range p.Bars {
		if b.Winner {
			marked = append(marked, b.Label)
		}
	}
	if p.Mark != "elected" || strings.Join(marked, ",") != "1. Ann,2. Bo" || !strings.Contains(p.Outcome, "Ann") {
		t.Errorf("closed election on the board: marked %q as %q, outcome %q; want Ann and Bo elected", marked, p.Mark, p.Outcome)
	}
}

func TestBoardAfterEnd(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", "start board")
	tok := bh.token("board")
	bh.do("chair", "end")
	if v := bh.board(tok); !v.Ended || v.Speaker != nil {
		t.Errorf("the board of an ended meeting: Ended %v, Speaker %+v", v.Ended, v.Speaker)
	}
	bh.clock.Advance(bot.BoardAfterEnd + time.Minute)
	if _, err := bh.bot.Board(context.Background(), tok); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Board a day after the end: %v, want ErrNotFound", err)
	}
}

// TestBoardSameWhileNothingHappens: the board of a meeting where nothing
// happens is the same from second to second but for Now (its page counts
// the clocks down), so that a watched board sends no frame for time passing.
func TestBoardSameWhileNothingHappens(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", `start board "Board, November"`)
	tok := bh.token("board")
	bh.do("ola", "hand")
	bh.do("chair", "next")
	before := bh.board(tok)
	bh.clock.Advance(17 * time.Second)
	after := bh.board(tok)
	before.Now, after.Now = time.Time{}, time.Time{}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the board changed with time alone:\n%+v\n%+v", before, after)
	}
}

// TestBoardSpeakerClockAdjourned: the speaker's clock on the board stands
// still while the meeting is adjourned and runs on from there after it,
// as the floor message's does; it ran on through the adjournment.
func TestBoardSpeakerClockAdjourned(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit string // queue limit, "off" for none
	}{
		{"talartid", "3m"},
		{"no limit", "off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bh := newBoardHarness(t)
			bh.do("chair", `start board "Board, November"`)
			tok := bh.token("board")
			bh.do("chair", "queue limit "+tc.limit)
			bh.do("ola", "hand")
			bh.do("chair", "next")
			bh.clock.Advance(time.Minute)
			bh.do("chair", "adjourn")
			bh.clock.Advance(10 * time.Minute)
			if s := bh.board(tok).Speaker; s == nil || !s.Stopped || s.Spoken != time.Minute || !s.Since.IsZero() || !s.Deadline.IsZero() {
				t.Errorf("adjourned after a minute of Ola's: Speaker = %+v, want her clock stopped at 1m", s)
			}
			bh.do("chair", "resume")
			bh.clock.Advance(30 * time.Second)
			v := bh.board(tok)
			s := v.Speaker
			if s == nil || s.Stopped || !s.Since.Equal(v.Now.Add(-90*time.Second)) {
				t.Fatalf("30s after resuming: Speaker = %+v, want Since %v (1m30s spoken)", s, v.Now.Add(-90*time.Second))
			}
			if want := map[bool]time.Time{true: v.Now.Add(90 * time.Second)}[tc.limit != "off"]; !s.Deadline.Equal(want) {
				t.Errorf("30s after resuming: Deadline %v, want %v (as the floor message: %s)", s.Deadline, want, bh.do("chair", "queue"))
			}
		})
	}
}

// TestBoardGoAround: the board shows a go-around under way as its message
// in the channel does: whose turn it is, who is done or passed, and the
// turn's time; it showed nothing of it ("Nobody has the floor").
func TestBoardGoAround(t *testing.T) {
	bh := newBoardHarness(t)
	bh.do("chair", `start board "Board, November"`)
	tok := bh.token("board")
	for _, u := range []string{"ola", "li"} {
		bh.do(u, "hand")
		bh.do(u, "lower")
	}
	if v := bh.board(tok); v.Round != nil {
		t.Fatalf("before any go-around: Round = %+v", v.Round)
	}
	first := turnOf(t, bh.do("chair", `round "One word?" 1m`))
	second := turnOf(t, bh.do(first, "pass"))
	bh.clock.Advance(20 * time.Second)
	third := turnOf(t, bh.do(second, "round next"))
	states := func(r *render.BoardRound) string {
		var out []string
		for _, turn := range r.Turns {
			out = append(out, strings.ToLower(turn.Name)+":"+turn.State+":"+turn.Mark)
		}
		return strings.Join(out, " ")
	}
	v := bh.board(tok)
	if v.Round == nil {
		t.Fatal("no go-around on the board while one is under way")
	}
	if want := first + ":passed:passed " + second + ":done:done " + third + ":current:now"; states(v.Round) != want || v.Round.Header != "Go-around: One word?" || v.Round.Progress != "2 of 3 done" {
		t.Errorf("Round = %q, %q, %q; want %q, 2 of 3 done", v.Round.Header, states(v.Round), v.Round.Progress, want)
	}
	if !v.Round.Deadline.Equal(v.Now.Add(time.Minute)) {
		t.Errorf("Round.Deadline = %v, want a minute from now, %v", v.Round.Deadline, v.Now.Add(time.Minute))
	}
	bh.do("chair", "adjourn")
	if v := bh.board(tok); v.Round == nil || !v.Round.Deadline.IsZero() {
		t.Errorf("adjourned: Round = %+v, want it without a running clock", v.Round)
	}
	bh.do("chair", "resume")
	bh.do(third, "round next")
	if v := bh.board(tok); v.Round != nil {
		t.Errorf("after the go-around: Round = %+v, want none", v.Round)
	}
}
