// Package bot is Klubba's platform-neutral core. It parses commands,
// checks roles, runs each command against the domain in one store
// transaction, and answers with neutral replies that the adapters render
// for Slack, Teams or the console.
package bot

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Clock tells the time and waits. Tests use a fake one.
type Clock interface {
	Now() time.Time
	// After sends the time once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// After waits for d on the real clock.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configure a Bot.
type Options struct {
	Templates []facilitation.Template
	// Facilitators may always act as chair.
	Facilitators []string
	// Locale is the language used outside meetings and for new ones
	// whose template sets none ("en" by default).
	Locale string
	Clock  Clock
	Logger *slog.Logger
	// Observe, if set, is told the outcome of every command, for metrics.
	Observe func(command, result string, d time.Duration)
	// Notify, if set, is called when timers have written to the outbox,
	// so that delivery workers look.
	Notify func()
	// Random is the source of the go-around's order and the shuffle of
	// revealed ideas: crypto/rand unless a test needs a repeatable one.
	Random io.Reader
	// Changed, if set, is called with a meeting's ID after a command or a
	// timer committed a change to it (the live board's doorbell). It must
	// not block.
	Changed func(meetingID string)
	// PublicURL is where people reach this server ("https://klubba.example.org"),
	// for the links the bot hands out, such as the live board's.
	PublicURL string
	// Limits are the quotas; zero fields take DefaultLimits.
	Limits Limits
	// Codec reads and checks stored templates; nil keeps only the
	// configuration's templates.
	Codec TemplateCodec
	// TimeZone is the workspace's zone: of schedules whose template names
	// none (UTC if nil), and of the clock times of meetings whose template
	// names none (as each time was taken, if nil).
	TimeZone *time.Location
	// PseudonymKey keys the pseudonyms of anonymous flags and dots (see
	// pseudonym.go); cmd derives it from KLUBBA_SECRET_KEY. Without it, a
	// meeting's own secret alone keys them.
	PseudonymKey []byte
}

// Bot runs meetings.
type Bot struct {
	store        Store
	templates    []facilitation.Template
	facilitators map[string]bool
	locale       string
	clock        Clock
	log          *slog.Logger
	observe      func(string, string, time.Duration)
	notify       func()
	onChange     func(string)
	publicURL    string
	i18n         *i18n.Catalog
	commands     []*command
	index        commandIndex
	// actions are the commands by the button (chat.Action ID) that runs them.
	actions map[string]*command
	// wake tells the scheduler that a command added a timer.
	wake chan struct{}
	// batching counts write commands under way.
	batching atomic.Int64
	random   io.Reader
	limits   Limits
	rate     *rateLimiter
	codec    TemplateCodec
	zone     *time.Location
	// clockZone is Options.TimeZone.
	clockZone *time.Location
	starts    *startLog
	// pseudonymKey is Options.PseudonymKey.
	pseudonymKey []byte
}

// New returns a Bot on store.
func New(store Store, opts Options) (*Bot, error) {
	cat, err := i18n.Shared()
	if err != nil {
		return nil, fmt.Errorf("load message catalogues: %w", err)
	}
	b := &Bot{
		store: store, templates: opts.Templates, facilitators: map[string]bool{},
		locale: cmp.Or(opts.Locale, "en"), clock: opts.Clock, log: opts.Logger,
		observe: opts.Observe, notify: opts.Notify, onChange: opts.Changed, publicURL: opts.PublicURL, i18n: cat, commands: grammar(), wake: make(chan struct{}, 1),
		limits: opts.Limits.withDefaults(), codec: opts.Codec, zone: cmp.Or(opts.TimeZone, time.UTC),
		clockZone: opts.TimeZone,
	}
	b.index = indexCommands(b.commands)
	b.actions = map[string]*command{}
	for _, cmd := range b.commands {
		if cmd.action != "" {
			b.actions[cmd.action] = cmd
		}
	}
	b.rate = newRateLimiter(b.limits)
	b.starts = &startLog{byUser: map[string][]time.Time{}}
	if !cat.Has(b.locale) {
		return nil, fmt.Errorf("unknown locale %q (have %s)", b.locale, strings.Join(i18n.Locales, ", "))
	}
	if b.clock == nil {
		b.clock = SystemClock{}
	}
	b.random = cmp.Or[io.Reader](opts.Random, rand.Reader)
	b.pseudonymKey = bytes.Clone(opts.PseudonymKey)
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	for _, f := range opts.Facilitators {
		b.facilitators[f] = true
	}
	return b, nil
}

// Request is one command from a person: typed text or a clicked button.
type Request struct {
	// Channel identifies the conversation, prefixed by the platform
	// ("slack:T1/C1", "console:main").
	Channel string
	// User is the platform's user ID; UserName the display name.
	User     string
	UserName string
	// Text is what the user typed after /klubba or @Klubba.
	Text string
	// Mentions names the people that Text mentions as <@ID>, for
	// platforms whose mention markup carries names with spaces (Teams).
	Mentions []cmdline.Mention
	// Action is set instead of Text when a button was clicked.
	Action *chat.Action
	// Route says which replies go through the outbox.
	Route Route
	// EventID, when set, is the platform's ID of the event that carried
	// the request: an event seen before is not handled again.
	EventID string
	// Thread, when set, is the platform's thread the request was
	// addressed in (Slack's thread_ts): the replies it posts go to that
	// thread. The meeting is still the channel's.
	Thread string
	// Attachment, when set, is a file attached to the message, read as
	// the code block of an import (attach.go).
	Attachment *Attachment
}

// cleanRequest strips what no user's text may carry (see cmdline.Clean)
// from everything a platform passes in: this is the one place where
// users' text enters the bot, whichever adapter brought it.
func cleanRequest(req Request) Request {
	req.Text, req.UserName = cmdline.Clean(req.Text), cmdline.CleanLine(req.UserName)
	if len(req.Mentions) > 0 {
		ms := make([]cmdline.Mention, len(req.Mentions))
		for i, m := range req.Mentions {
			ms[i] = cmdline.Mention{ID: cmdline.CleanLine(m.ID), Name: cmdline.CleanLine(m.Name)}
		}
		req.Mentions = ms
	}
	if a := req.Attachment; a != nil {
		req.Attachment = &Attachment{Name: cmdline.CleanLine(a.Name), Text: cmdline.Clean(a.Text), Refused: a.Refused}
	}
	if a := req.Action; a != nil {
		c := *a
		c.Value, c.Input = cmdline.CleanLine(c.Value), cmdline.Clean(c.Input)
		if len(c.Choices) > 0 {
			c.Choices = make([]string, len(a.Choices))
			for i, ch := range a.Choices {
				c.Choices[i] = cmdline.CleanLine(ch)
			}
		}
		req.Action = &c
	}
	return req
}

// Route says which replies of a command go to the outbox, written in the
// command's transaction, and which come back in the Response. Replies of
// a refused command always come back in the Response, as nothing of the
// command is stored.
type Route int

// Routes.
const (
	// RouteInline returns every reply in the Response (console, tests).
	RouteInline Route = iota
	// RouteShared sends replies to the channel and to other people through
	// the outbox, and returns the caller's (a slash command's answer, or a
	// click's answered through the interaction itself: Slack's
	// response_url, Teams' invoke response).
	RouteShared
	// RouteAll sends every reply through the outbox, the caller's as a
	// reply To them as Recipient (buttons and mentions, which have no answer).
	RouteAll
)

// Response is what the bot answers at once. Replies that edit earlier
// messages go through the outbox instead.
type Response struct {
	Replies []chat.Reply
	// Refused is true when the command was not carried out: a usage
	// error, a broken rule or a missing role.
	Refused bool
	// Duplicate is true when the request's event was handled before.
	Duplicate bool
}

// errDuplicate ends the transaction of a redelivered event.
var errDuplicate = errors.New("duplicate event")

// errRefused wraps the replies of a refused command out of the
// transaction, so that the transaction rolls back.
type errRefused struct{ reply chat.Reply }

func (e *errRefused) Error() string { return "refused" }

// Handle runs one request in one transaction. An error is returned only
// when something broke (the store, say); the response then holds a
// polite apology.
func (b *Bot) Handle(ctx context.Context, req Request) (Response, error) {
	start := time.Now()
	req = cleanRequest(req)
	text := req.Text
	if req.Action != nil {
		text = ""
	}
	now := b.clock.Now()
	if resp, ok := b.admit(ctx, req, text, now); !ok {
		return resp, nil
	}
	p := b.resolve(req, text)
	cmd, prob := p.cmd, p.prob
	name := "unknown"
	if cmd != nil {
		name = cmd.id
	}
	run := b.store.Update
	if cmd != nil && !cmd.readOnly && prob == nil {
		// Writes share transactions when they come in crowds (a group
		// commit, docs/architecture.md, "State"); a lone one takes Update, as a store's Batch
		// may wait for company.
		if b.batching.Add(1) > 1 {
			run = b.store.Batch
		}
		defer b.batching.Add(-1)
	}
	if (cmd == nil || cmd.readOnly || prob != nil) && req.Route == RouteInline && req.EventID == "" {
		run = b.store.View
	}
	var u *unit
	eventID := req.EventID // the closure takes what it needs of req, which stays on the stack
	err := run(ctx, func(tx Tx) error {
		// A batched transaction may run this more than once: each run
		// starts a new unit from the parsed request.
		u = b.newUnit(ctx, tx, p.req)
		u.now = now
		if eventID != "" {
			seen, err := tx.MarkEvent(eventID, u.now)
			if err != nil {
				return fmt.Errorf("mark event: %w", err)
			}
			if seen {
				return errDuplicate
			}
		}
		a := p.args
		a.Words = slices.Clone(a.Words) // a handler may change them
		if err := u.exec(cmd, a, prob); err != nil {
			return err
		}
		return u.finish()
	})
	if err == nil && u.scheduled {
		b.wakeScheduler()
	}
	if err == nil && cmd != nil && !cmd.readOnly && prob == nil && u.m != nil {
		b.changed(u.m.ID)
	}
	if err == nil && cmd != nil && cmd.id == "start" && prob == nil && req.Route != RouteInline {
		b.starts.add(limitKey(req), u.now)
	}
	var resp Response
	if err == nil {
		resp.Replies = u.replies
	}
	result := "ok"
	if errors.Is(err, errDuplicate) {
		err = nil
		resp, result = Response{Duplicate: true}, "duplicate"
	}
	refused, isRefused := errors.AsType[*errRefused](err)
	switch {
	case err == nil:
	case isRefused:
		if u != nil && u.discreet {
			refused.reply.Message.Discreet = true
		}
		resp = Response{Replies: []chat.Reply{refused.reply}, Refused: true}
		result = "refused"
	default:
		b.log.ErrorContext(ctx, "command failed", "command", name, "channel", req.Channel, "err", err)
		lang := b.locale
		if u != nil {
			lang = u.lang
		}
		resp = Response{Replies: []chat.Reply{{To: chat.Caller, Message: chat.Message{Text: b.i18n.Text(lang, "Oops")}}}, Refused: true}
		result = "error"
	}
	if b.observe != nil {
		b.observe(name, result, time.Since(start))
	}
	resp = b.routeRefusal(ctx, req, resp)
	if result == "error" {
		return resp, err
	}
	return resp, nil
}

// unit is the unit of work of one request being handled.
type unit struct {
	b       *Bot
	ctx     context.Context
	req     Request
	now     time.Time
	lang    string
	tx      Tx
	m       *facilitation.Meeting
	cmd     *command
	replies []chat.Reply
	// edits are edits of posted messages, for the outbox.
	edits []Outgoing
	// scheduled is set when the unit added a timer.
	scheduled bool
	// dirty is set when the meeting changed (see touch): finish saves it.
	dirty bool
	// mins are the meeting's minutes, once loaded (see minutes).
	mins *loadedMinutes
	// nameCache caches display names by meeting ID and person ID.
	nameCache map[[2]string]string
	// v is what messages are rendered from, loaded once (see view).
	v *render.View
	// failed is the first store error met while rendering (see fail).
	failed error
	// discreet is set when the caller's private replies, a refusal too,
	// must not name them to others (chat.Message.Discreet): after an
	// anonymous command, or a vote in a poll that does not show its voters.
	discreet bool
}

// newUnit starts the work of req in tx, at the clock's time, in the
// bot's language until setMeeting gives it a meeting (or none).
func (b *Bot) newUnit(ctx context.Context, tx Tx, req Request) *unit {
	return &unit{b: b, ctx: ctx, tx: tx, req: req, now: b.clock.Now(), lang: b.locale}
}

// setMeeting makes m the unit's meeting and speaks its language; with
// no meeting, the language chosen for the channel (lang), if any.
func (u *unit) setMeeting(m *facilitation.Meeting) {
	u.m, u.mins = m, nil
	switch {
	case m != nil:
		u.lang = cmp.Or(m.Locale, u.b.locale)
	case u.tx != nil && u.req.Channel != "":
		u.lang = cmp.Or(u.restingLang(), u.b.locale)
	}
}

// touch notes that the meeting changed: finish saves it, once.
func (u *unit) touch() { u.dirty = true }

// finish ends the unit's work in its transaction: it saves what changed
// of the minutes and the meeting, and writes to the outbox the replies its request's
// Route sends there and the edits of posted messages. Commands, timers
// and refusals all end here; nothing else saves the meeting.
func (u *unit) finish() error {
	if u.failed != nil {
		return u.failed
	}
	if err := u.saveMinutes(); err != nil {
		return err
	}
	if u.dirty && u.m != nil {
		if err := u.tx.PutMeeting(u.m); err != nil {
			return fmt.Errorf("save meeting %s: %w", u.m.ID, err)
		}
		u.dirty = false
	}
	for i, r := range u.replies {
		if u.discreet && (r.To == chat.Caller || r.To == chat.Recipient && r.User == u.req.User) {
			u.replies[i].Message.Discreet = true
		}
	}
	if u.req.Route != RouteInline {
		kept := u.replies[:0]
		for _, r := range u.replies {
			if r.To == chat.Caller {
				if u.req.Route == RouteShared {
					kept = append(kept, r)
					continue
				}
				r.To, r.User = chat.Recipient, u.req.User
			}
			if !r.Edit {
				r.Thread = u.req.Thread
			}
			if err := u.tx.Enqueue(Outgoing{Channel: u.req.Channel, Reply: r}); err != nil {
				return fmt.Errorf("enqueue reply: %w", err)
			}
		}
		u.replies = kept
	}
	for _, o := range u.edits {
		if err := u.tx.Enqueue(o); err != nil {
			return fmt.Errorf("enqueue edit of %s: %w", o.Reply.Key, err)
		}
	}
	u.edits = nil
	return nil
}

// exec loads the meeting, checks the role and runs cmd, or explains in
// the meeting's language why the request did not parse.
func (u *unit) exec(cmd *command, a args, prob *problem) error {
	m, err := u.tx.Running(u.req.Channel)
	switch {
	case errors.Is(err, ErrNotFound):
		m = nil
	case err != nil:
		return fmt.Errorf("load meeting of %s: %w", u.req.Channel, err)
	}
	u.setMeeting(m)
	u.cmd = cmd
	switch {
	case prob != nil && prob.usage:
		return u.refuse(u.t(prob.id, prob.kv...) + "\n" + u.usage(cmd))
	case prob != nil && prob.family != "":
		return u.refuse(u.t(prob.id, prob.kv...) + "\n" + u.t("Subcommands") + "\n" + u.family(prob.family))
	case prob != nil:
		return u.refuse(u.t(prob.id, prob.kv...))
	}
	if cmd.meeting && m == nil {
		return u.refuse(u.t("NoMeeting"))
	}
	if cmd.chair && !u.isChair() {
		return u.refuse(u.t("ChairOnly", "Chair", u.name(m.Chair)))
	}
	a.u = u
	u.discreet = cmd.anonymous
	if err := checkQuota(u, a, cmd); err != nil {
		return err
	}
	if m != nil && !cmd.readOnly && !cmd.anonymous {
		if err := u.see(u.req.User, u.req.UserName); err != nil {
			return err
		}
	}
	if err := cmd.run(u, a); err != nil {
		return u.domainError(err, cmd)
	}
	if u.m != nil && !cmd.readOnly && !cmd.meetingUnchanged {
		u.m.Active = u.now
		u.touch()
		return wakeRules(u)
	}
	return nil
}

// registerActs are the commands other than a vote that the voting
// register, once set, keeps to those on it: their refusal names the act
// (ErrNotOnRegister.ID), where a vote's names the poll.
var registerActs = map[string]bool{"propose": true, "support": true, "demand.vote": true}

// domainError turns a broken rule or usage error into a refusal.
func (u *unit) domainError(err error, cmd *command) error {
	var de *facilitation.Error
	var ue *cmdline.UsageError
	switch {
	case errors.As(err, &de) && de.Code == facilitation.ErrNotOnRegister && registerActs[cmd.id]:
		return u.refuse(u.t("ErrNotOnRegister." + cmd.id))
	case errors.As(err, &de):
		return u.refuse(u.t(string(de.Code), u.flatten(de.Data)...))
	case errors.As(err, &ue):
		return u.refuse(ue.Msg + "\n" + u.usage(cmd))
	default:
		return err
	}
}

// flatten turns error data into key/value pairs, naming the people that
// the domain refers to by ID.
func (u *unit) flatten(m map[string]any) []any {
	kv := make([]any, 0, 2*len(m))
	for k, v := range m {
		if id, ok := v.(string); ok && (k == "Speaker" || k == "Chair" || k == "Proposer") {
			v = u.name(id)
		}
		if d, ok := v.(time.Duration); ok {
			v = u.dur(d)
		}
		if ns, ok := v.([]int); ok { // numbers, as a list: 1, 2 and 3
			list := make([]string, len(ns))
			proposals := len(ns)
			for i, n := range ns {
				list[i] = strconv.Itoa(n)
				if n == facilitation.Reject && k == "Alternatives" { // a question's: 2 and avslag
					list[i] = u.t("RejectAlternative")
					proposals--
				}
			}
			v = words(u).List(list)
			if k == "Alternatives" {
				kv = append(kv, "Proposals", proposals) // "proposals 1 and 3", "proposal 2 and rejection"
			}
		}
		if kind, ok := v.(string); ok && k == "Kind" {
			v = u.t("EntryKind" + kind)
		}
		kv = append(kv, k, v)
	}
	return kv
}

// refuse ends the command: its changes roll back and the caller alone is told why.
func (u *unit) refuse(text string) error {
	return &errRefused{reply: chat.Reply{To: chat.Caller, Message: chat.Message{Text: text}}}
}

func (u *unit) isChair() bool {
	return u.m != nil && (u.m.Chair == u.req.User || u.b.facilitators[u.req.User])
}

// t translates a message ID with key/value template data.
func (u *unit) t(id string, kv ...any) string { return u.b.i18n.Text(u.lang, id, kv...) }

// say posts a reply to the channel.
func (u *unit) say(msg chat.Message) {
	u.replies = append(u.replies, chat.Reply{To: chat.Channel, Message: msg})
}

// tell answers the caller privately.
func (u *unit) tell(msg chat.Message) {
	u.replies = append(u.replies, chat.Reply{To: chat.Caller, Message: msg})
}

// tellPerson answers someone other than the caller privately.
func (u *unit) tellPerson(user string, msg chat.Message) {
	u.replies = append(u.replies, chat.Reply{To: chat.Recipient, User: user, Message: msg})
}

// post posts a reply to the channel under k, so that later edits find it.
func (u *unit) post(k render.Key, msg chat.Message) {
	u.replies = append(u.replies, chat.Reply{To: chat.Channel, Key: k.String(), Message: msg})
}

// key is the key of the current meeting's message of kind.
func (u *unit) key(kind render.Kind) render.Key { return render.Key{Kind: kind, ID: u.m.ID} }

// refresh notes an edit of the message under key, which the deliverer
// renders from the state at delivery (see Reply.Refresh): edits come
// often and are coalesced, so the work of rendering is done once per
// edit sent, not once per change. finish puts it in the outbox, in
// the command's transaction.
func (u *unit) refresh(k render.Key) error {
	u.edits = append(u.edits, Outgoing{Channel: u.m.Channel, Reply: chat.Reply{To: chat.Channel, Key: k.String(), Edit: true, Refresh: true}})
	return nil
}

// Render renders the message that a Refresh reply names (a poll, a
// meeting's queue or agenda) from the current state, in its meeting's
// language.
func (b *Bot) Render(ctx context.Context, o Outgoing) (chat.Message, error) {
	k := render.ParseKey(o.Reply.Key)
	var msg chat.Message
	err := b.store.View(ctx, func(tx Tx) error {
		meetingID, p := k.ID, (*facilitation.Poll)(nil)
		if k.Kind == render.KindPoll {
			pollID, err := strconv.ParseInt(k.ID, 10, 64)
			if err != nil {
				return fmt.Errorf("poll id %q: %w", k.ID, ErrNotFound)
			}
			if p, err = tx.Poll(pollID); err != nil {
				return err
			}
			meetingID = p.MeetingID
		}
		m, err := tx.Meeting(meetingID)
		if err != nil {
			return err
		}
		v, err := loadView(tx, m)
		if err != nil {
			return err
		}
		v.Words, v.Now = render.Words{Lang: cmp.Or(m.Locale, b.locale), Cat: b.i18n, Zone: b.zoneOfMeeting(m)}, b.clock.Now()
		switch k.Kind {
		case render.KindPoll:
			pv, err := loadPoll(tx, m, p)
			if err != nil {
				return err
			}
			msg = v.PollMessage(pv)
		case render.KindQueue:
			msg = v.Queue()
		case render.KindAgenda:
			msg = v.Agenda()
		case render.KindProposals:
			msg = v.Proposals()
		case render.KindQuestion:
			if m.Voting == nil {
				return fmt.Errorf("no voting in meeting %s: %w", m.ID, ErrNotFound)
			}
			msg = v.Question()
		case render.KindFloor:
			msg = v.Floor()
		case render.KindRegister:
			msg = v.Register()
		case render.KindRound:
			msg = v.Round()
		case render.KindIdeas:
			collected, err := tx.Anonymous(ideaScope(m.ID))
			if err != nil {
				return fmt.Errorf("count ideas: %w", err)
			}
			if err := loadRevealed(tx, m); err != nil {
				return err
			}
			msg = v.Ideas(len(collected))
		default:
			return fmt.Errorf("no message is rendered under %q", k.Kind)
		}
		return nil
	})
	if err != nil {
		return chat.Message{}, fmt.Errorf("render %s: %w", o.Reply.Key, err)
	}
	return msg, nil
}

// RenderFor renders the message under a poll's key (see Render) as user
// sees it: with a line saying what they voted, while the poll is open.
// A secret poll says nothing of anyone's vote. The poll must be of the
// channel o names; other keys are not rendered per person.
func (b *Bot) RenderFor(ctx context.Context, o Outgoing, user string) (chat.Message, error) {
	k := render.ParseKey(o.Reply.Key)
	pollID, err := strconv.ParseInt(k.ID, 10, 64)
	if k.Kind != render.KindPoll || err != nil {
		return chat.Message{}, fmt.Errorf("render %s for a person: %w", o.Reply.Key, ErrNotFound)
	}
	var mine *facilitation.Poll
	var lang string
	err = b.store.View(ctx, func(tx Tx) error {
		p, err := tx.PollFor(pollID, user)
		if err != nil {
			return err
		}
		if p.Channel != o.Channel {
			return fmt.Errorf("poll %d is not of %s: %w", pollID, o.Channel, ErrNotFound)
		}
		m, err := tx.Meeting(p.MeetingID)
		if err != nil {
			return err
		}
		mine, lang = p, cmp.Or(m.Locale, b.locale)
		return nil
	})
	if err != nil {
		return chat.Message{}, fmt.Errorf("render %s for a person: %w", o.Reply.Key, err)
	}
	msg, err := b.Render(ctx, o)
	if err != nil || user == "" || mine.Closed || mine.Visibility == facilitation.Secret {
		return msg, err
	}
	if ballot, ok := mine.Votes[user]; ok {
		w := render.Words{Lang: lang, Cat: b.i18n}
		msg.Text += "\n" + w.T("YouVoted", "Choice", w.ChoiceNames(mine, ballot))
	}
	return msg, nil
}

// see records that id, called name, takes part in the current meeting.
// It writes only when the person is new or their name changed.
func (u *unit) see(id, name string) error {
	if name == "" {
		name = id
	}
	if u.lookup(id) == name {
		return nil
	}
	if err := u.tx.SeePerson(u.m.ID, Person{ID: id, Name: name}); err != nil {
		return fmt.Errorf("record participant: %w", err)
	}
	if u.nameCache != nil { // else lookup reads the name just written
		u.nameCache[[2]string{u.m.ID, id}] = name
	}
	if v := u.loadedView(); v != nil {
		if _, known := v.Names[id]; !known {
			v.People = append(v.People, id)
		}
		v.Names[id] = name
	}
	return nil
}

// seeMention records a person named in a command, unless already known:
// a mention may carry no name, and the person's own name wins.
func (u *unit) seeMention(who cmdline.Mention) error {
	if u.lookup(who.ID) != "" {
		return nil
	}
	for _, m := range u.req.Mentions {
		if (who.Name == "" || who.Name == who.ID) && m.ID == who.ID {
			who.Name = m.Name
		}
	}
	return u.see(who.ID, who.Name)
}

// lookup returns a participant's stored name, or "" if they are unknown.
func (u *unit) lookup(id string) string {
	if u.m == nil {
		return ""
	}
	if v := u.loadedView(); v != nil {
		return v.Names[id]
	}
	key := [2]string{u.m.ID, id}
	if n, ok := u.nameCache[key]; ok {
		return n
	}
	p, err := u.tx.Person(u.m.ID, id)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			u.fail(fmt.Errorf("look up participant: %w", err))
		}
		return ""
	}
	if u.nameCache == nil {
		u.nameCache = map[[2]string]string{}
	}
	u.nameCache[key] = p.Name
	return p.Name
}

// name is the display name of a person in the current meeting.
func (u *unit) name(id string) string {
	if n := u.lookup(id); n != "" {
		return n
	}
	return id
}

// participants returns the IDs of the current meeting's participants in
// the order they were first seen.
func (u *unit) participants() ([]string, error) {
	people, err := u.tx.People(u.m.ID)
	if err != nil {
		return nil, fmt.Errorf("load participants of %s: %w", u.m.ID, err)
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return ids, nil
}

func (u *unit) names(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = u.name(id)
	}
	return out
}

// template finds a template by name.
func (b *Bot) template(name string) (facilitation.Template, bool) {
	i := slices.IndexFunc(b.templates, func(t facilitation.Template) bool { return strings.EqualFold(t.Name, name) })
	if i < 0 {
		return facilitation.Template{}, false
	}
	return b.templates[i], true
}
