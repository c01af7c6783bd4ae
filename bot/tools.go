package bot

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
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
func present(u *unit) ([]string, error) {
	if !u.m.Register.IsSet() {
		return u.participants()
	}
	return registerIDs(u.tx, u.m.ID)
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

func roundStart(u *unit, a args) error {
	var question string
	var limit time.Duration
	for _, w := range a.Words {
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
			return cmdline.Usagef("%s", u.t("WrongArgs"))
		}
	}
	people, err := present(u)
	if err != nil {
		return err
	}
	order, err := shuffled(u.b.random, people)
	if err != nil {
		return err
	}
	if _, err := u.m.StartRound(question, order, limit, u.now); err != nil {
		return err
	}
	return roundTurn(u)
}

// roundTurn announces whose turn it is in the go-around, tells the one
// after them privately, and sets the turn's timer; or says the round is over.
func roundTurn(u *unit) error {
	r := u.m.Round
	if !r.Running() {
		u.say(chat.Message{Text: u.t("RoundOver", "Count", r.Done()-len(r.Passed), "Passed", len(r.Passed))})
		return u.refresh(u.key(render.KindRound))
	}
	if r.Pos == 0 { // the round has just started
		u.post(u.key(render.KindRound), u.view().Round())
	}
	who := r.Current()
	text := u.t("RoundTurn", "Name", u.name(who), "N", r.Pos+1, "Count", len(r.Order))
	if r.Limit > 0 {
		text += " " + u.t("RoundLimit", "Limit", u.dur(r.Limit))
	}
	next := r.Upcoming()
	if next != "" {
		text += " " + u.t("NextUp", "Name", u.name(next))
	}
	u.say(chat.Message{Text: text})
	if next != "" {
		u.tellPerson(next, chat.Message{Text: u.t("RoundYouAreNext", "Name", u.name(who)), Alert: true})
	}
	if err := scheduleRoundTurn(u); err != nil {
		return err
	}
	if r.Pos == 0 {
		return nil
	}
	return u.refresh(u.key(render.KindRound))
}

// scheduleRoundTurn sets the timer that ends the go-around's turn when its
// time is up; none while the meeting is adjourned, whose clocks stand
// still (resume sets it).
func scheduleRoundTurn(u *unit) error {
	r := u.m.Round
	if r == nil || !r.Running() || r.Limit <= 0 || u.m.IsAdjourned() {
		return nil
	}
	t := &Timer{Due: r.TurnStart.Add(r.Limit), Kind: TimerRoundTurn, Channel: u.m.Channel, MeetingID: u.m.ID, Who: r.Current(), Since: r.TurnStart}
	if err := u.tx.AddTimer(t); err != nil {
		return fmt.Errorf("schedule %s: %w", t.Kind, err)
	}
	u.scheduled = true
	return nil
}

func roundNext(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	r, err := u.m.ActiveRound()
	if err != nil {
		return err
	}
	if r.Current() != u.req.User && !u.isChair() {
		if r.Current() == u.m.Chair {
			return u.refuse(u.t("RoundNextOnlyChair", "Name", u.name(r.Current())))
		}
		return u.refuse(u.t("RoundNextOnly", "Name", u.name(r.Current()), "Chair", u.name(u.m.Chair)))
	}
	r.Advance(u.now)
	return roundTurn(u)
}

func pass(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	r, err := u.m.ActiveRound()
	if err != nil {
		return err
	}
	if err := r.Pass(u.req.User, u.now); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("RoundPassed", "Name", u.name(u.req.User))})
	return roundTurn(u)
}

func roundStop(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	r, err := u.m.ActiveRound()
	if err != nil {
		return err
	}
	if err := r.Stop(u.now); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("RoundStopped", "Done", r.Done(), "Count", len(r.Order))})
	return u.refresh(u.key(render.KindRound))
}

// fireRoundTurn moves the go-around on when a turn has used its time.
func fireRoundTurn(u *unit, t Timer) error {
	r := u.m.Round
	if r == nil || r.Current() != t.Who || !r.TurnStart.Equal(t.Since) || u.m.IsAdjourned() {
		return nil // the turn ended already, or its clock stands still
	}
	u.say(chat.Message{Text: u.t("RoundTimeUp", "Name", u.name(t.Who))})
	r.Advance(u.now)
	if err := roundTurn(u); err != nil {
		return err
	}
	u.touch()
	return nil
}

// Silent brainstorm and dots.

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

func ideasOpen(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if b := u.m.Ideas; b != nil && !b.Collecting() && !b.Dotting() && !u.isChair() { // anyone may ask for ideas; only the chair puts away the last brainstorm
		return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
	}
	if _, err := u.m.OpenBrainstorm(a.text(0), u.now); err != nil {
		return err
	}
	if err := u.tx.DropAnonymous(ideaScope(u.m.ID)); err != nil {
		return fmt.Errorf("clear ideas: %w", err)
	}
	if err := u.tx.DropAnonymous(revealedScope(u.m.ID)); err != nil {
		return fmt.Errorf("clear revealed ideas: %w", err)
	}
	return postIdeas(u)
}

// idea stores an idea apart from its sender: the reply does not repeat
// it, so that no message waiting in the outbox links the two either.
func idea(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if u.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoBrainstorm}
	}
	text := a.text(0)
	if err := u.m.Ideas.CheckIdea(text); err != nil {
		return err
	}
	collected, err := u.tx.Anonymous(ideaScope(u.m.ID))
	if err != nil {
		return fmt.Errorf("count ideas: %w", err)
	}
	if max := u.b.limits.Ideas; len(collected) >= max {
		return u.refuse(u.t("TooManyIdeas", "Max", max))
	}
	if err := u.tx.PutAnonymous(ideaScope(u.m.ID), text); err != nil {
		return fmt.Errorf("store idea: %w", err)
	}
	u.tell(chat.Message{Text: u.t("IdeaReceived")})
	return u.refresh(u.key(render.KindIdeas))
}

func ideasReveal(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if u.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoBrainstorm}
	}
	texts, err := u.tx.Anonymous(ideaScope(u.m.ID))
	if err != nil {
		return fmt.Errorf("load ideas: %w", err)
	}
	slices.Sort(texts) // the store's order is random already; sorted, the shuffle alone decides
	texts, err = shuffled(u.b.random, texts)
	if err != nil {
		return err
	}
	if err := u.m.Ideas.Reveal(texts, u.now); err != nil {
		return err
	}
	if err := storeRevealed(u.tx, u.m.ID, u.m.Ideas); err != nil {
		return err
	}
	if err := u.tx.DropAnonymous(ideaScope(u.m.ID)); err != nil {
		return fmt.Errorf("clear ideas: %w", err)
	}
	return postIdeas(u)
}

func dotsStart(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	n, err := a.number(0)
	if err != nil {
		return err
	}
	if u.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoBrainstorm}
	}
	if err := loadRevealed(u.tx, u.m); err != nil {
		return err
	}
	if err := u.m.Ideas.StartDots(n); err != nil {
		return err
	}
	return postIdeas(u)
}

func dot(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	n, err := a.number(0)
	if err != nil {
		return err
	}
	if u.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoDots}
	}
	if err := loadRevealed(u.tx, u.m); err != nil {
		return err
	}
	who, err := pseudonym(u)
	if err != nil {
		return err
	}
	left, err := u.m.Ideas.Dot(who, n)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("DotPlaced", "N", n, "Count", left)})
	return u.refresh(u.key(render.KindIdeas))
}

// topIdeas is how many of the ranked ideas go into the minutes.
const topIdeas = 3

func dotsClose(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if u.m.Ideas == nil {
		return &facilitation.Error{Code: facilitation.ErrNoDots}
	}
	if err := loadRevealed(u.tx, u.m); err != nil {
		return err
	}
	ranking, err := u.m.Ideas.CloseDots(u.now)
	if err != nil {
		return err
	}
	msg := chat.Message{Header: u.t("DotsResultHeader", "Question", u.m.Ideas.Question)}
	for _, r := range ranking {
		msg.List = append(msg.List, u.t("DotsLine", "Text", r.Text, "Count", r.Dots))
	}
	msg.Context = u.t("DotsVoters", "Count", u.m.Ideas.Voters())
	u.say(msg)
	top := ranking[:min(topIdeas, len(ranking))]
	if len(top) > 0 && top[0].Dots > 0 {
		say := func() string {
			var items []string
			for _, r := range top {
				if r.Dots > 0 {
					items = append(items, u.t("DotsTopItem", "Text", r.Text, "Count", r.Dots))
				}
			}
			return u.t("DotsMinutes", "Question", u.m.Ideas.Question, "Ideas", strings.Join(items, "; "))
		}
		if err := ownEntry(u, facilitation.Entry{Kind: facilitation.Note, By: u.req.User, At: u.now}, say); err != nil {
			return err
		}
	}
	return u.refresh(u.key(render.KindIdeas))
}

// postIdeas posts the brainstorm's message anew: opened, revealed, dotted.
func postIdeas(u *unit) error {
	collected, err := u.tx.Anonymous(ideaScope(u.m.ID))
	if err != nil {
		return fmt.Errorf("count ideas: %w", err)
	}
	if err := loadRevealed(u.tx, u.m); err != nil {
		return err
	}
	u.post(u.key(render.KindIdeas), u.view().Ideas(len(collected)))
	return nil
}

// Anonymous signal.

func flag(u *unit, a args) error {
	if err := a.want(0, 1); err != nil {
		return err
	}
	text, say := u.t("FlagDefault"), "FlagToChair"
	if len(a.Words) == 1 {
		w := a.Words[0]
		switch p := flagPresets[strings.ToLower(w.Text)]; {
		case !w.Quoted && p != "":
			text = u.t("FlagPreset" + p)
		case !w.Quoted:
			return cmdline.Usagef("%s", u.t("WrongArgs"))
		default:
			text, say = a.text(0), "FlagWordsToChair" // their own words, quoted
		}
		if text == "" {
			return &facilitation.Error{Code: facilitation.ErrEmptyText}
		}
	}
	who, err := pseudonym(u)
	if err != nil {
		return err
	}
	if err := u.m.Flag(who, u.now); err != nil {
		return err // its Wait is written in the meeting's language (flatten)
	}
	u.tellPerson(u.m.Chair, chat.Message{Text: u.t(say, "Text", text)})
	u.tell(chat.Message{Text: u.t("FlagSent", "Chair", u.name(u.m.Chair))})
	return nil
}

// Check-out.

func evaluate(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	open, err := openPolls(u)
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.Purpose == facilitation.Evaluation { // one check-out at a time: votes would go to the newer
			return u.refuse(u.t("EvaluateOpen", "ID", p.ID))
		}
	}
	spec := facilitation.PollSpec{Question: u.t("EvaluateQuestion"), Kind: facilitation.Fist, Visibility: facilitation.Anonymous}
	if v, ok := a.Flags["close"]; ok {
		d, err := cmdline.ParseDuration(v)
		if err != nil {
			return err
		}
		spec.CloseAfter = d
	}
	p, err := facilitation.NewPoll(spec, u.req.User, u.now)
	if err != nil {
		return err
	}
	p.Purpose = facilitation.Evaluation
	return postPoll(u, p)
}

// commentScope is where a check-out's anonymous comments are kept.
func commentScope(pollID int64) string { return "comments/" + strconv.FormatInt(pollID, 10) }

// takeRemark takes the quoted text after a vote, a check-out's comment or
// a consent block's reason, and returns the words before it. Other polls
// take none.
func takeRemark(a args, p *facilitation.Poll) (string, args) {
	n := len(a.Words)
	if n < 2 || !a.Words[n-1].Quoted || p.Purpose != facilitation.Evaluation && p.Kind != facilitation.Consent {
		return "", a
	}
	remark := a.text(n - 1)
	a.Words = a.Words[:n-1]
	return remark, a
}

// afterVote handles a vote's remark: a check-out comment is stored
// anonymously (once per person); a consent block's reason goes to the
// chair, and a block without one asks for it.
func afterVote(u *unit, p *facilitation.Poll, b facilitation.Ballot, changed bool, remark string) error {
	switch {
	case p.Purpose == facilitation.Evaluation && remark != "":
		if changed {
			u.tell(chat.Message{Text: u.t("CommentOnce")})
			return nil
		}
		if len(remark) > facilitation.MaxIdeaLength {
			return &facilitation.Error{Code: facilitation.ErrTooLong, Data: map[string]any{"Max": facilitation.MaxIdeaLength}}
		}
		if err := u.tx.PutAnonymous(commentScope(p.ID), remark); err != nil {
			return fmt.Errorf("store comment: %w", err)
		}
		u.tell(chat.Message{Text: u.t("CommentReceived")})
	case p.Kind == facilitation.Consent && slices.Contains(b, facilitation.ConsentBlock):
		if remark == "" {
			u.tell(chat.Message{Text: u.t("BlockAsksReason", "ID", p.ID)})
			return nil
		}
		who := u.t("Someone")
		if p.Visibility == facilitation.Open {
			who = u.name(u.req.User)
		}
		u.tellPerson(u.m.Chair, chat.Message{Text: u.t("BlockReason", "Name", who, "ID", p.ID, "Question", p.Question, "Reason", remark)})
		u.tell(chat.Message{Text: u.t("BlockReasonSent", "Chair", u.name(u.m.Chair))})
	}
	return nil
}

// Self-declared groups.

func group(u *unit, a args) error {
	if len(u.m.GroupNames) == 0 {
		return &facilitation.Error{Code: facilitation.ErrNoGroups}
	}
	if len(a.Words) == 0 {
		own := u.m.Groups[u.req.User]
		msg := chat.Message{Text: u.t("GroupChoose", "Groups", words(u).List(u.m.GroupNames))}
		if own != "" {
			msg.Context = u.t("GroupYours", "Group", own)
		}
		for _, g := range u.m.GroupNames {
			msg.Buttons = append(msg.Buttons, chat.Button{Label: g, Action: chat.ActionGroup, Value: g})
		}
		u.tell(msg)
		return nil
	}
	name := make([]string, len(a.Words)) // a name of several words needs no quotes: group old hand
	for i := range a.Words {
		name[i] = a.text(i)
	}
	g, err := u.m.SetGroup(u.req.User, strings.Join(name, " "))
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("GroupSet", "Group", g)})
	if len(u.m.Queue().Waiting) > 0 {
		return queueChanged(u) // the alternate policy may serve them in another order
	}
	return nil
}
