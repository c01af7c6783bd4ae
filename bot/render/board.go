package render

import (
	"cmp"
	"time"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Board is what the live board shows of a meeting at one moment, in the
// meeting's language. All text is plain (not Markdown, not HTML) except
// Outcome, which may hold **bold**; the renderer escapes everything.
type Board struct {
	MeetingID string
	// Lang is the meeting's language ("en", "sv").
	Lang string
	// Now is the server's time when the board was loaded: pages tick
	// their countdowns from it, not from their own clocks.
	Now   time.Time
	Title string
	Ended bool
	// Adjourned is set while the meeting is adjourned (ajournerat), and
	// Resumes is when the chair said it would go on (zero if not said).
	// The formal meeting's adjournment fills them in (boardView).
	Adjourned bool
	Resumes   time.Time
	// Item is the current agenda item, if any; Agenda lists all items.
	Item   *BoardItem
	Agenda []BoardItem
	// Speaker has the floor, if anyone does.
	Speaker *BoardSpeaker
	// Next is who speaks next, "" when nobody waits.
	Next string
	// Queue is everyone waiting, in the order they will speak.
	Queue       []BoardRequest
	QueueClosed bool
	// Round is the go-around under way, if any.
	Round *BoardRound
	// Polls holds the open polls, newest first, then the latest closed one.
	Polls []BoardPoll
	Rules []string
	Words BoardWords
}

// BoardItem is an agenda item.
type BoardItem struct {
	// Number is the item's number as the agenda shows it: "3", "9 a".
	Number  string
	Title   string
	State   facilitation.ItemState
	Timebox time.Duration
	// Deadline is when the current item's timebox runs out (zero without one).
	Deadline time.Time
	// Note says how the item went or goes: "10m", "took 12m", "10m, 2m over time".
	Note string
}

// BoardSpeaker is the person with the floor.
type BoardSpeaker struct {
	Name string
	Kind string
	// Since is when the turn began, later by the time the meeting was
	// adjourned meanwhile; Deadline when its talartid runs out (zero when
	// the meeting sets no limit), Limit the talartid.
	Since    time.Time
	Limit    time.Duration
	Deadline time.Time
	// Stopped is set while the meeting is adjourned: the turn's clock
	// stands still at Spoken, and Since and Deadline are zero.
	Stopped bool
	Spoken  time.Duration
}

// Left is the talartid left on a stopped clock, below zero once it is over.
func (s BoardSpeaker) Left() time.Duration { return s.Limit - s.Spoken }

// BoardRound is a go-around under way, as its message in the channel
// shows it.
type BoardRound struct {
	// Header is "Go-around: the question"; Progress "2 of 6 done".
	Header, Progress string
	Turns            []BoardTurn
	// Deadline is when the turn going on runs out (zero without a time
	// each, or while the meeting is adjourned).
	Deadline time.Time
}

// BoardTurn is one person's place in a go-around.
type BoardTurn struct {
	Name string
	// State is "done", "passed", "current" or "" (to come); Mark says it
	// in words, for screen readers too ("done", "passed", "now").
	State, Mark string
}

// BoardRequest is a person waiting to speak.
type BoardRequest struct {
	Name string
	// Kind is the request's kind in words; Code is facilitation.Kind.
	Kind string
	Code facilitation.Kind
}

// BoardPoll is a poll as the room may see it: for a secret or hidden poll
// that is still open, only the question, the options and the turnout.
type BoardPoll struct {
	ID          int64
	Question    string
	Description string
	Closed      bool
	// Options are the options as shown ("1. Pizza"); Numbers are what a
	// vote for each says (a fist of five's run from 0).
	Options []string
	Numbers []int
	Turnout string
	// Bars are the counts, present only when the poll shows them.
	Bars []BoardBar
	// Hidden says why the counts are not shown yet.
	Hidden string
	// Outcome names the winner, the elected or the tie (closed polls).
	Outcome string
	// Rounds are the rounds, pairwise contests or stages of a closed
	// ranked poll or election, whose first preferences alone mislead.
	Rounds []string
	// Mark is the word for a winning bar: "winner", or "elected".
	Mark string
}

// BoardBar is one option's count.
type BoardBar struct {
	chat.Bar
	// Winner marks a winning or elected option (see BoardPoll.Mark).
	Winner bool
}

// BoardWords are the board's fixed words in the meeting's language.
type BoardWords struct {
	Board, Item, NoItem, Agenda, Speaking, NoSpeaker, Next, Queue, QueueEmpty,
	ListClosed, ListOpen, Left, Over, TalkTime, Poll, Results, Rules, RoundTurn,
	Ended, Live, Reconnecting, Revoked, Adjourned, Resumes string
}

// Board is what the live board shows of the meeting, with polls (the
// open ones newest first, then the latest closed one).
func (v *View) Board(polls []Poll) *Board {
	m := v.Meeting
	b := &Board{
		MeetingID: m.ID, Lang: v.Lang, Now: v.Now, Title: m.Title, Ended: !m.Running(),
		Rules: m.Rules, Words: v.boardWords(), Adjourned: m.IsAdjourned(), Resumes: m.Until,
	}
	b.Agenda = make([]BoardItem, len(m.Agenda.Items))
	labels := m.Agenda.Labels()
	for i, it := range m.Agenda.Items {
		b.Agenda[i] = BoardItem{Number: labels[i], Title: it.Title, State: it.State, Timebox: it.Timebox, Note: v.itemNote(it)}
		if it.State == facilitation.Current {
			if it.Timebox > 0 && m.Running() && !m.IsAdjourned() { // the clock stops while adjourned
				b.Agenda[i].Deadline = it.Deadline()
			}
			b.Item = &b.Agenda[i]
		}
	}
	if q, ok := m.Queues[m.CurrentItemID()]; ok && m.Running() {
		if cur := q.Current; cur != nil {
			b.Speaker = &BoardSpeaker{Name: v.Name(cur.Who), Kind: v.T("Kind" + string(cur.Kind)), Limit: q.Rules.MaxTurn}
			if m.IsAdjourned() { // the clock stops while adjourned
				b.Speaker.Stopped, b.Speaker.Spoken = true, cur.Duration(v.Now)
			} else {
				b.Speaker.Since = cur.Start.Add(cur.Paused)
				if q.Rules.MaxTurn > 0 {
					b.Speaker.Deadline = b.Speaker.Since.Add(q.Rules.MaxTurn)
				}
			}
		}
		for _, r := range q.Ordered() {
			b.Queue = append(b.Queue, BoardRequest{Name: v.Name(r.Who), Kind: v.T("Kind" + string(r.Kind)), Code: r.Kind})
		}
		if len(b.Queue) > 0 {
			b.Next = b.Queue[0].Name
		}
		b.QueueClosed = q.Closed
	}
	if r := m.Round; r != nil && r.Running() && m.Running() {
		b.Round = v.boardRound(r)
	}
	for _, p := range polls {
		b.Polls = append(b.Polls, v.boardPoll(p))
	}
	return b
}

// boardRound is what the board shows of the go-around r under way.
func (v *View) boardRound(r *facilitation.Round) *BoardRound {
	br := &BoardRound{Header: v.roundHeader(r), Progress: v.T("RoundProgress", "Done", r.Done(), "Count", len(r.Order))}
	if r.Limit > 0 && !v.Meeting.IsAdjourned() {
		br.Deadline = r.TurnStart.Add(r.Limit)
	}
	for i, who := range r.Order {
		t := BoardTurn{Name: v.Name(who), State: turnState(r, i)}
		switch t.State {
		case turnPassed:
			t.Mark = v.T("RoundPassMark")
		case turnDone:
			t.Mark = v.T("BoardRoundDone")
		case turnNow:
			t.Mark = v.T("BoardRoundNow")
		}
		br.Turns = append(br.Turns, t)
	}
	return br
}

// itemNote says how an item went: its timebox, or the time it took. The
// current item's time left is the page's own countdown (Item.Deadline),
// not a text that would differ in every frame.
func (v *View) itemNote(it *facilitation.Item) string {
	box := ""
	if it.Timebox > 0 {
		box = v.Dur(it.Timebox)
	}
	switch it.State {
	case facilitation.Done:
		return v.T("TimeTook", "Timebox", cmp.Or(box, "–"), "Took", v.Dur(it.Spent))
	}
	return box
}

// boardPoll is what the room may see of p. A secret or hidden poll shows
// nothing but its turnout until it closes (Poll.ShowsCounts); voters'
// names are shown only for open polls, as in the channel. Closed polls
// show what the results message in the channel shows.
func (v *View) boardPoll(pv Poll) BoardPoll {
	p := pv.Poll
	bp := BoardPoll{
		ID: p.ID, Question: p.Question, Description: v.PollDescription(pv), Closed: p.Closed,
		Turnout: v.Turnout(pv, p.Turnout()), Mark: v.T("BoardWinner"),
	}
	for i := range p.Options {
		bp.Options = append(bp.Options, v.numberedOption(pv, i, ". "))
		bp.Numbers = append(bp.Numbers, p.OptionNumber(i))
	}
	if !p.ShowsCounts() {
		bp.Hidden = v.T("HiddenUntilClose")
		return bp
	}
	if !p.Closed {
		for _, bar := range v.Chart(pv, p.Results()) {
			bp.Bars = append(bp.Bars, BoardBar{Bar: bar})
		}
		return bp
	}
	r := p.Results()
	msg := v.Results(pv)
	bp.Outcome, bp.Rounds = msg.Text, msg.List
	won := map[int]bool{}
	for _, w := range r.Winners {
		won[w] = true
	}
	for _, w := range r.Elected {
		won[w] = true
	}
	if p.IsElection() {
		bp.Mark = v.T("BoardElected")
	}
	for i, bar := range msg.Chart {
		bp.Bars = append(bp.Bars, BoardBar{Bar: bar, Winner: won[i] && r.Err == nil && len(r.Lot) == 0})
	}
	return bp
}

func (w Words) boardWords() BoardWords {
	return BoardWords{
		Board: w.T("BoardTitle"), Item: w.T("CurrentItem"), NoItem: w.T("BoardNoItem"), Agenda: w.T("BoardAgenda"),
		Speaking: w.T("Speaking"), NoSpeaker: w.T("BoardNoSpeaker"), Next: w.T("BoardNext"),
		Queue: w.T("Waiting"), QueueEmpty: w.T("BoardQueueEmpty"),
		ListClosed: w.T("BoardListClosed"), ListOpen: w.T("BoardListOpen"),
		Left: w.T("BoardLeft"), Over: w.T("BoardOver"), TalkTime: w.T("BoardTalkTime"),
		Poll: w.T("BoardPoll"), Results: w.T("BoardResults"),
		Rules: w.T("RulesHeader"), Ended: w.T("BoardEnded"), Live: w.T("BoardLive"),
		Reconnecting: w.T("BoardReconnecting"), Revoked: w.T("BoardRevoked"),
		Adjourned: w.T("BoardAdjourned"), Resumes: w.T("BoardResumes"), RoundTurn: w.T("BoardRoundTurn"),
	}
}
