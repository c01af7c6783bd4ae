package bot

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The facilitation tools of docs/architecture.md, "Facilitation tools": the go-around, the silent
// brainstorm with dot voting, the anonymous signal to the chair, the
// check-out and the self-declared groups. The consent check is a poll
// (polls.go); the fairness report is in report.go.

// TimerRoundTurn ends a go-around turn that has used up its time.
const TimerRoundTurn TimerKind = "round.turn"

// flagPresets are the signals the buttons of the rules message send,
// by the word that names them in any language.
var flagPresets = map[string]string{
	"break": "break", "paus": "break", "pace": "pace", "tempo": "pace", "rules": "rules", "regler": "rules",
}

// shuffled returns a copy of s in an order drawn from random (crypto/rand
// outside tests), by a Fisher-Yates shuffle.
func shuffled[T any](random io.Reader, s []T) ([]T, error) {
	out := slices.Clone(s)
	for i := len(out) - 1; i > 0; i-- {
		j, err := rand.Int(random, big.NewInt(int64(i+1)))
		if err != nil {
			return nil, fmt.Errorf("shuffle: %w", err)
		}
		k := int(j.Int64())
		out[i], out[k] = out[k], out[i]
	}
	return out, nil
}

// present returns the people present: the voting register's members
// where it is set, otherwise the participants seen.
func (c *call) present() ([]string, error) {
	if !c.m.Register.IsSet() {
		return c.participants()
	}
	return registerIDs(c.tx, c.m.ID)
}

// registerIDs returns the IDs on a meeting's voting register.
func registerIDs(tx Tx, meetingID string) ([]string, error) {
	members, err := tx.RegisterMembers(meetingID)
	if err != nil {
		return nil, fmt.Errorf("load register of %s: %w", meetingID, err)
	}
	ids := make([]string, len(members))
	for i, p := range members {
		ids[i] = p.ID
	}
	return ids, nil
}

// Go-around.

func roundKey(meetingID string) string { return "round/" + meetingID }

func (c *call) roundStart() error {
	var question string
	var limit time.Duration
	for _, w := range c.args.Words {
		switch {
		case w.Quoted && question == "":
			question = strings.TrimSpace(w.Text)
		case !w.Quoted && limit == 0:
			d, err := cmdline.ParseDuration(w.Text)
			if err != nil {
				return err
			}
			limit = d
		default:
			return cmdline.Usagef("%s", c.t("WrongArgs"))
		}
	}
	people, err := c.present()
	if err != nil {
		return err
	}
	order, err := shuffled(c.b.random, people)
	if err != nil {
		return err
	}
	if _, err := c.m.StartRound(question, order, limit, c.now); err != nil {
		return err
	}
	return c.roundTurn()
}

// roundTurn announces whose turn it is in the go-around, tells the one
// after them privately, and sets the turn's timer; or says the round is over.
func (c *call) roundTurn() error {
	r := c.m.Round
	if !r.Running() {
		c.say(chat.Message{Text: c.t("RoundOver", "Count", r.Done()-len(r.Passed), "Passed", len(r.Passed))})
		return c.refresh(roundKey(c.m.ID))
	}
	if r.Pos == 0 { // the round has just started
		c.post(roundKey(c.m.ID), c.view().Round())
	}
	who := r.Current()
	text := c.t("RoundTurn", "Name", c.name(who), "N", r.Pos+1, "Count", len(r.Order))
	if r.Limit > 0 {
		text += " " + c.t("RoundLimit", "Limit", i18n.Short(r.Limit))
	}
	next := r.Upcoming()
	if next != "" {
		text += " " + c.t("NextUp", "Name", c.name(next))
	}
	c.say(chat.Message{Text: text})
	if next != "" {
		c.tellPerson(next, chat.Message{Text: c.t("RoundYouAreNext", "Name", c.name(who))})
	}
	if r.Limit > 0 {
		t := &Timer{Due: c.now.Add(r.Limit), Kind: TimerRoundTurn, Channel: c.m.Channel, MeetingID: c.m.ID, Who: who, Since: r.TurnStart}
		if err := c.tx.AddTimer(t); err != nil {
			return fmt.Errorf("schedule %s: %w", t.Kind, err)
		}
		c.scheduled = true
	}
	if r.Pos == 0 {
		return nil
	}
	return c.refresh(roundKey(c.m.ID))
}

func (c *call) roundNext() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	r, err := c.m.ActiveRound()
	if err != nil {
		return err
	}
	if r.Current() != c.req.User && !c.isChair() {
		return c.refuse(c.t("RoundNextOnly", "Name", c.name(r.Current()), "Chair", c.name(c.m.Chair)))
	}
	r.Advance(c.now)
	return c.roundTurn()
}

func (c *call) pass() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	r, err := c.m.ActiveRound()
	if err != nil {
		return err
	}
	if err := r.Pass(c.req.User, c.now); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("RoundPassed", "Name", c.name(c.req.User))})
	return c.roundTurn()
}

func (c *call) roundStop() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	r, err := c.m.ActiveRound()
	if err != nil {
		return err
	}
	if err := r.Stop(c.now); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("RoundStopped", "Done", r.Done(), "Count", len(r.Order))})
	return c.refresh(roundKey(c.m.ID))
}

// fireRoundTurn moves the go-around on when a turn has used its time.
func (c *call) fireRoundTurn(t Timer) error {
	r := c.m.Round
	if r == nil || r.Current() != t.Who || !r.TurnStart.Equal(t.Since) {
		return nil // the turn ended already
	}
	c.say(chat.Message{Text: c.t("RoundTimeUp", "Name", c.name(t.Who))})
	r.Advance(c.now)
	if err := c.roundTurn(); err != nil {
		return err
	}
	if err := c.tx.PutMeeting(c.m); err != nil {
		return fmt.Errorf("save meeting %s: %w", c.m.ID, err)
	}
	return nil
}

// Silent brainstorm and dots.

func ideasKey(meetingID string) string { return "ideas/" + meetingID }

// ideaScope is where a meeting's unrevealed ideas are kept, apart from anyone.
func ideaScope(meetingID string) string { return "ideas/" + meetingID }

// revealedScope is where a meeting's revealed ideas are kept, apart from
// its record, which every command rewrites: each idea as its number in
// the posted order (revealedDigits wide, so that they sort), ':' and its
// text.
func revealedScope(meetingID string) string { return "revealed/" + meetingID }

const revealedDigits = 8

// storeRevealed stores the ideas b revealed apart from the meeting record.
func storeRevealed(tx Tx, meetingID string, b *facilitation.Brainstorm) error {
	if err := tx.DropAnonymous(revealedScope(meetingID)); err != nil {
		return fmt.Errorf("clear revealed ideas: %w", err)
	}
	for i, text := range b.Ideas {
		if err := tx.PutAnonymous(revealedScope(meetingID), fmt.Sprintf("%0*d:%s", revealedDigits, i, text)); err != nil {
			return fmt.Errorf("store revealed idea: %w", err)
		}
	}
	b.Apart = true
	return nil
}

// loadRevealed fills in the revealed ideas of m's brainstorm when they
// are stored apart and not loaded yet.
func loadRevealed(tx Tx, m *facilitation.Meeting) error {
	b := m.Ideas
	if b == nil || !b.Apart || len(b.Ideas) > 0 {
		return nil
	}
	stored, err := tx.Anonymous(revealedScope(m.ID))
	if err != nil {
		return fmt.Errorf("load revealed ideas of %s: %w", m.ID, err)
	}
	slices.Sort(stored)
	b.Ideas = make([]string, 0, len(stored))
	for _, s := range stored {
		if len(s) > revealedDigits && s[revealedDigits] == ':' {
			s = s[revealedDigits+1:]
		}
		b.Ideas = append(b.Ideas, s)
	}
	return nil
}

func (c *call) ideasOpen() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	if _, err := c.m.OpenBrainstorm(c.text(0), c.now); err != nil {
		return err
	}
	if err := c.tx.DropAnonymous(ideaScope(c.m.ID)); err != nil {
		return fmt.Errorf("clear ideas: %w", err)
	}
	if err := c.tx.DropAnonymous(revealedScope(c.m.ID)); err != nil {
		return fmt.Errorf("clear revealed ideas: %w", err)
	}
	return c.postIdeas()
}

// idea stores an idea apart from its sender: the reply does not repeat
// it, so that no message waiting in the outbox links the two either.
func (c *call) idea() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	if c.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoBrainstorm}
	}
	text := c.text(0)
	if err := c.m.Ideas.CheckIdea(text); err != nil {
		return err
	}
	collected, err := c.tx.Anonymous(ideaScope(c.m.ID))
	if err != nil {
		return fmt.Errorf("count ideas: %w", err)
	}
	if max := c.b.limits.Ideas; len(collected) >= max {
		return c.refuse(c.t("TooManyIdeas", "Max", max))
	}
	if err := c.tx.PutAnonymous(ideaScope(c.m.ID), text); err != nil {
		return fmt.Errorf("store idea: %w", err)
	}
	c.tell(chat.Message{Text: c.t("IdeaReceived")})
	return c.refresh(ideasKey(c.m.ID))
}

func (c *call) ideasReveal() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if c.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoBrainstorm}
	}
	texts, err := c.tx.Anonymous(ideaScope(c.m.ID))
	if err != nil {
		return fmt.Errorf("load ideas: %w", err)
	}
	slices.Sort(texts) // the store's order is random already; sorted, the shuffle alone decides
	texts, err = shuffled(c.b.random, texts)
	if err != nil {
		return err
	}
	if err := c.m.Ideas.Reveal(texts, c.now); err != nil {
		return err
	}
	if err := storeRevealed(c.tx, c.m.ID, c.m.Ideas); err != nil {
		return err
	}
	if err := c.tx.DropAnonymous(ideaScope(c.m.ID)); err != nil {
		return fmt.Errorf("clear ideas: %w", err)
	}
	return c.postIdeas()
}

func (c *call) dotsStart() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	if c.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoBrainstorm}
	}
	if err := loadRevealed(c.tx, c.m); err != nil {
		return err
	}
	if err := c.m.Ideas.StartDots(n); err != nil {
		return err
	}
	return c.postIdeas()
}

func (c *call) dot() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	if c.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoDots}
	}
	if err := loadRevealed(c.tx, c.m); err != nil {
		return err
	}
	who, err := c.pseudonym()
	if err != nil {
		return err
	}
	left, err := c.m.Ideas.Dot(who, n)
	if err != nil {
		return err
	}
	c.tell(chat.Message{Text: c.t("DotPlaced", "N", n, "Count", left)})
	return c.refresh(ideasKey(c.m.ID))
}

// topIdeas is how many of the ranked ideas go into the minutes.
const topIdeas = 3

func (c *call) dotsClose() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	if c.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoDots}
	}
	if err := loadRevealed(c.tx, c.m); err != nil {
		return err
	}
	ranking, err := c.m.Ideas.CloseDots(c.now)
	if err != nil {
		return err
	}
	msg := chat.Message{Header: c.t("DotsResultHeader", "Question", c.m.Ideas.Question)}
	for _, r := range ranking {
		msg.List = append(msg.List, c.t("DotsLine", "Text", r.Text, "Count", r.Dots))
	}
	msg.Context = c.t("DotsVoters", "Count", c.m.Ideas.Voters())
	c.say(msg)
	var top []string
	for _, r := range ranking[:min(topIdeas, len(ranking))] {
		if r.Dots > 0 {
			top = append(top, c.t("DotsTopItem", "Text", r.Text, "Count", r.Dots))
		}
	}
	if len(top) > 0 {
		e := facilitation.Entry{Kind: facilitation.Note, Text: c.t("DotsMinutes", "Question", c.m.Ideas.Question, "Ideas", strings.Join(top, "; ")), By: c.req.User, At: c.now}
		if err := c.addEntry(e); err != nil {
			return err
		}
	}
	return c.refresh(ideasKey(c.m.ID))
}

// postIdeas posts the brainstorm's message anew: opened, revealed, dotted.
func (c *call) postIdeas() error {
	collected, err := c.tx.Anonymous(ideaScope(c.m.ID))
	if err != nil {
		return fmt.Errorf("count ideas: %w", err)
	}
	if err := loadRevealed(c.tx, c.m); err != nil {
		return err
	}
	c.post(ideasKey(c.m.ID), c.view().Ideas(len(collected)))
	return nil
}

// Anonymous signal.

func (c *call) flag() error {
	if err := c.want(0, 1); err != nil {
		return err
	}
	text := c.t("FlagDefault")
	if len(c.args.Words) == 1 {
		w := c.args.Words[0]
		switch p := flagPresets[strings.ToLower(w.Text)]; {
		case !w.Quoted && p != "":
			text = c.t("FlagPreset" + p)
		case !w.Quoted:
			return cmdline.Usagef("%s", c.t("WrongArgs"))
		default:
			text = c.text(0)
		}
		if text == "" {
			return &facilitation.Error{Code: facilitation.ErrEmptyText}
		}
	}
	who, err := c.pseudonym()
	if err != nil {
		return err
	}
	if err := c.m.Flag(who, c.now); err != nil {
		var de *facilitation.Error
		if errors.As(err, &de) {
			if d, ok := de.Data["Wait"].(time.Duration); ok {
				de.Data["Wait"] = i18n.Short(d)
			}
		}
		return err
	}
	c.tellPerson(c.m.Chair, chat.Message{Text: c.t("FlagToChair", "Text", text)})
	c.tell(chat.Message{Text: c.t("FlagSent", "Chair", c.name(c.m.Chair))})
	return nil
}

// Check-out.

func (c *call) evaluate() error {
	if err := c.want(0, 0); err != nil {
		return err
	}
	spec := facilitation.PollSpec{Question: c.t("EvaluateQuestion"), Kind: facilitation.Fist, Visibility: facilitation.Anonymous}
	if v, ok := c.args.Flags["close"]; ok {
		d, err := cmdline.ParseDuration(v)
		if err != nil {
			return err
		}
		spec.CloseAfter = d
	}
	p, err := facilitation.NewPoll(spec, c.req.User, c.now)
	if err != nil {
		return err
	}
	p.Purpose = facilitation.Evaluation
	return c.postPoll(p)
}

// commentScope is where a check-out's anonymous comments are kept.
func commentScope(pollID int64) string { return "comments/" + strconv.FormatInt(pollID, 10) }

// takeRemark takes the quoted text after a vote: a check-out's comment or
// a consent block's reason. Other polls take none.
func (c *call) takeRemark(p *facilitation.Poll) string {
	n := len(c.args.Words)
	if n < 2 || !c.args.Words[n-1].Quoted || p.Purpose != facilitation.Evaluation && p.Kind != facilitation.Consent {
		return ""
	}
	remark := c.text(n - 1)
	c.args.Words = c.args.Words[:n-1]
	return remark
}

// afterVote handles a vote's remark: a check-out comment is stored
// anonymously (once per person); a consent block's reason goes to the
// chair, and a block without one asks for it.
func (c *call) afterVote(p *facilitation.Poll, b facilitation.Ballot, changed bool, remark string) error {
	switch {
	case p.Purpose == facilitation.Evaluation && remark != "":
		if changed {
			c.tell(chat.Message{Text: c.t("CommentOnce")})
			return nil
		}
		if len(remark) > facilitation.MaxIdeaLength {
			return &facilitation.Error{Code: facilitation.ErrTooLong, Data: map[string]any{"Max": facilitation.MaxIdeaLength}}
		}
		if err := c.tx.PutAnonymous(commentScope(p.ID), remark); err != nil {
			return fmt.Errorf("store comment: %w", err)
		}
		c.tell(chat.Message{Text: c.t("CommentReceived")})
	case p.Kind == facilitation.Consent && slices.Contains(b, facilitation.ConsentBlock):
		if remark == "" {
			c.tell(chat.Message{Text: c.t("BlockAsksReason", "ID", p.ID)})
			return nil
		}
		who := c.t("Someone")
		if p.Visibility == facilitation.Open {
			who = c.name(c.req.User)
		}
		c.tellPerson(c.m.Chair, chat.Message{Text: c.t("BlockReason", "Name", who, "ID", p.ID, "Question", p.Question, "Reason", remark)})
		c.tell(chat.Message{Text: c.t("BlockReasonSent", "Chair", c.name(c.m.Chair))})
	}
	return nil
}

// Self-declared groups.

func (c *call) group() error {
	if err := c.want(0, 1); err != nil {
		return err
	}
	if len(c.m.GroupNames) == 0 {
		return &facilitation.Error{Code: facilitation.ErrNoGroups}
	}
	if len(c.args.Words) == 0 {
		own := c.m.Groups[c.req.User]
		msg := chat.Message{Text: c.t("GroupChoose", "Groups", c.words().List(c.m.GroupNames))}
		if own != "" {
			msg.Context = c.t("GroupYours", "Group", own)
		}
		for _, g := range c.m.GroupNames {
			msg.Buttons = append(msg.Buttons, chat.Button{Label: g, Action: chat.ActionGroup, Value: g})
		}
		c.tell(msg)
		return nil
	}
	g, err := c.m.SetGroup(c.req.User, c.text(0))
	if err != nil {
		return err
	}
	c.tell(chat.Message{Text: c.t("GroupSet", "Group", g)})
	if len(c.m.Queue().Waiting) > 0 {
		return c.queueChanged() // the alternate policy may serve them in another order
	}
	return nil
}
