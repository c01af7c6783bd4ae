package bot

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The live board (DESIGN §5): a read-only page per meeting, for the
// projector, at /board/<token>. This file holds what the bot knows of it:
// the token (made and revoked by the chair), and Board, the state the
// page shows, loaded in one read transaction. The web adapter renders it.

// boardTokenBytes is the token's length before encoding: 256 bits, so
// that guessing one is hopeless.
const boardTokenBytes = 32

// newBoardToken returns a fresh, unguessable token, URL-safe.
func newBoardToken() string {
	b := make([]byte, boardTokenBytes)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// BoardPath is the path of the board with token, under the public URL.
func BoardPath(token string) string { return "/board/" + token }

// board sends the chair the board's link privately, making the token
// the first time.
func (c *call) board() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	tok, err := c.tx.BoardToken(c.m.ID)
	if errors.Is(err, ErrNotFound) {
		tok = newBoardToken()
		err = c.tx.PutBoardToken(c.m.ID, tok)
	}
	if err != nil {
		return fmt.Errorf("board token of %s: %w", c.m.ID, err)
	}
	c.tell(chat.Message{Text: c.t("BoardLink", "Title", c.m.Title, "URL", c.boardURL(tok))})
	return nil
}

// boardReset gives the board a new token: the old link stops working,
// and pages open on it are told so.
func (c *call) boardReset() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	tok := newBoardToken()
	if err := c.tx.PutBoardToken(c.m.ID, tok); err != nil {
		return fmt.Errorf("board token of %s: %w", c.m.ID, err)
	}
	c.tell(chat.Message{Text: c.t("BoardLinkReset", "URL", c.boardURL(tok))})
	return nil
}

// boardURL is the board's address: under the public URL when one is
// configured, else the bare path with a hint for the organiser.
func (c *call) boardURL(tok string) string {
	if c.b.publicURL == "" {
		return BoardPath(tok) + " " + c.t("BoardNoURL")
	}
	return strings.TrimRight(c.b.publicURL, "/") + BoardPath(tok)
}

// changed tells the Changed hook, if any, that a meeting's state was
// committed.
func (b *Bot) changed(meetingID string) {
	if b.onChange != nil && meetingID != "" {
		b.onChange(meetingID)
	}
}

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
	// Polls holds the open polls, newest first, then the latest closed one.
	Polls []BoardPoll
	Rules []string
	Words BoardWords
}

// BoardItem is an agenda item.
type BoardItem struct {
	Number  int
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
	// Since is when the turn began; Deadline when its talartid runs out
	// (zero when the meeting sets no limit), Limit the talartid.
	Since    time.Time
	Limit    time.Duration
	Deadline time.Time
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
	Options     []string
	Turnout     string
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
	ListClosed, ListOpen, Left, Over, TalkTime, Poll, Results, Rules,
	Ended, Live, Reconnecting, Revoked, Adjourned, Resumes string
}

// Board loads the live board of the meeting whose board has token, in one
// read transaction. An unknown or revoked token gives ErrNotFound.
func (b *Bot) Board(ctx context.Context, token string) (*Board, error) {
	var out *Board
	known := false // past the token: a record missing now is damage, not a bad link
	err := b.store.View(ctx, func(tx Tx) error {
		id, err := tx.BoardMeeting(token)
		if err != nil {
			return err
		}
		want, err := tx.BoardToken(id)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(token)) != 1 {
			return ErrNotFound
		}
		known = true
		m, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		if !m.Running() && b.clock.Now().Sub(m.Ended) > BoardAfterEnd {
			known = false // the link has served its meeting: no board any more
			return ErrNotFound
		}
		c := &call{b: b, ctx: ctx, tx: tx, now: b.clock.Now(), m: m, lang: cmp.Or(m.Locale, b.locale)}
		out, err = c.boardView()
		return cmp.Or(err, c.failed)
	})
	switch {
	case err == nil:
		return out, nil
	case !known && errors.Is(err, ErrNotFound):
		return nil, ErrNotFound
	case known:
		return nil, fmt.Errorf("load board: %v", err) // not ErrNotFound: the link is good
	default:
		return nil, fmt.Errorf("load board: %w", err)
	}
}

// BoardAfterEnd is how long a meeting's board stays up after the meeting
// ends, showing how it ended; then its link leads nowhere, as the chair
// can no longer reset it.
const BoardAfterEnd = 24 * time.Hour

// maxBoardPolls is how many open polls the board shows at once.
const maxBoardPolls = 3

func (c *call) boardView() (*Board, error) {
	m := c.m
	v := &Board{
		MeetingID: m.ID, Lang: c.lang, Now: c.now, Title: m.Title, Ended: !m.Running(),
		Rules: m.Rules, Words: c.boardWords(), Adjourned: m.IsAdjourned(), Resumes: m.Until,
	}
	v.Agenda = make([]BoardItem, len(m.Agenda.Items))
	for i, it := range m.Agenda.Items {
		v.Agenda[i] = BoardItem{Number: i + 1, Title: it.Title, State: it.State, Timebox: it.Timebox, Note: c.itemNote(it)}
		if it.State == facilitation.Current {
			if it.Timebox > 0 && m.Running() && !m.IsAdjourned() { // the clock stops while adjourned
				v.Agenda[i].Deadline = itemEnd(it)
			}
			v.Item = &v.Agenda[i]
		}
	}
	if q, ok := m.Queues[m.CurrentItemID()]; ok && m.Running() {
		if cur := q.Current; cur != nil {
			v.Speaker = &BoardSpeaker{Name: c.name(cur.Who), Kind: c.t("Kind" + string(cur.Kind)), Since: cur.Start, Limit: q.Rules.MaxTurn}
			if q.Rules.MaxTurn > 0 {
				v.Speaker.Deadline = cur.Start.Add(q.Rules.MaxTurn)
			}
		}
		for _, r := range q.Ordered() {
			v.Queue = append(v.Queue, BoardRequest{Name: c.name(r.Who), Kind: c.t("Kind" + string(r.Kind)), Code: r.Kind})
		}
		if len(v.Queue) > 0 {
			v.Next = v.Queue[0].Name
		}
		v.QueueClosed = q.Closed
	}
	polls, err := c.boardPolls()
	if err != nil {
		return nil, err
	}
	v.Polls = polls
	return v, nil
}

// itemNote says how an item went or goes, as the posted agenda does:
// its timebox, the time left or over, or the time it took.
func (c *call) itemNote(it *facilitation.Item) string {
	box := ""
	if it.Timebox > 0 {
		box = i18n.Short(it.Timebox)
	}
	switch it.State {
	case facilitation.Current:
		left := it.Remaining(c.now)
		switch {
		case it.Timebox > 0 && left >= 0:
			return c.t("TimeLeft", "Timebox", box, "Left", i18n.Short(left))
		case it.Timebox > 0:
			return c.t("TimeOver", "Timebox", box, "Over", i18n.Short(-left))
		}
	case facilitation.Done:
		return c.t("TimeTook", "Timebox", cmp.Or(box, "–"), "Took", i18n.Short(it.Spent))
	}
	return box
}

// boardPolls loads the open polls, newest first, and the latest closed
// one. Headers are read first (no votes), so that only the polls shown
// cost a full load.
func (c *call) boardPolls() ([]BoardPoll, error) {
	var open []BoardPoll
	var closed *BoardPoll
	for i := len(c.m.Polls) - 1; i >= 0 && (closed == nil || len(open) < maxBoardPolls); i-- {
		h, err := c.tx.PollFor(c.m.Polls[i], "")
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", c.m.Polls[i], err)
		}
		if h.Closed && closed != nil || !h.Closed && len(open) >= maxBoardPolls {
			continue
		}
		p, err := c.tx.Poll(h.ID)
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", h.ID, err)
		}
		bp := c.boardPoll(p)
		if p.Closed {
			closed = &bp
		} else {
			open = append(open, bp)
		}
	}
	if closed != nil {
		open = append(open, *closed)
	}
	return open, nil
}

// boardPoll is what the room may see of p. A secret or hidden poll shows
// nothing but its turnout until it closes (Poll.ShowsCounts); voters'
// names are shown only for open polls, as in the channel. Closed polls
// show what the results message in the channel shows.
func (c *call) boardPoll(p *facilitation.Poll) BoardPoll {
	bp := BoardPoll{
		ID: p.ID, Question: p.Question, Description: c.view().PollDescription(p), Closed: p.Closed,
		Turnout: c.words().Turnout(c.pollView(p), p.Turnout()), Mark: c.t("BoardWinner"),
	}
	for i, o := range p.Options {
		bp.Options = append(bp.Options, fmt.Sprintf("%d. %s", p.OptionNumber(i), o))
	}
	if !p.ShowsCounts() {
		bp.Hidden = c.t("HiddenUntilClose")
		return bp
	}
	if !p.Closed {
		for _, bar := range c.view().Chart(p, p.Results()) {
			bp.Bars = append(bp.Bars, BoardBar{Bar: bar})
		}
		return bp
	}
	r := p.Results()
	msg := c.view().Results(c.pollView(p))
	bp.Outcome, bp.Rounds = msg.Text, msg.List
	won := map[int]bool{}
	for _, w := range r.Winners {
		won[w] = true
	}
	for _, w := range r.Elected {
		won[w] = true
	}
	if p.IsElection() {
		bp.Mark = c.t("BoardElected")
	}
	for i, bar := range msg.Chart {
		bp.Bars = append(bp.Bars, BoardBar{Bar: bar, Winner: won[i] && r.Err == nil && len(r.Lot) == 0})
	}
	return bp
}

func (c *call) boardWords() BoardWords {
	return BoardWords{
		Board: c.t("BoardTitle"), Item: c.t("CurrentItem"), NoItem: c.t("BoardNoItem"), Agenda: c.t("BoardAgenda"),
		Speaking: c.t("Speaking"), NoSpeaker: c.t("BoardNoSpeaker"), Next: c.t("BoardNext"),
		Queue: c.t("Waiting"), QueueEmpty: c.t("BoardQueueEmpty"),
		ListClosed: c.t("BoardListClosed"), ListOpen: c.t("BoardListOpen"),
		Left: c.t("BoardLeft"), Over: c.t("BoardOver"), TalkTime: c.t("BoardTalkTime"),
		Poll: c.t("BoardPoll"), Results: c.t("BoardResults"),
		Rules: c.t("RulesHeader"), Ended: c.t("BoardEnded"), Live: c.t("BoardLive"),
		Reconnecting: c.t("BoardReconnecting"), Revoked: c.t("BoardRevoked"),
		Adjourned: c.t("BoardAdjourned"), Resumes: c.t("BoardResumes"),
	}
}
