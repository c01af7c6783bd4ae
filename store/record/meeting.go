package record

import (
	"maps"
	"slices"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// Meeting is a meeting as stored, with its agenda, queues, rules, tools
// and formal state (the fields of facilitation.Formal come last, as the
// embedded struct's did). Its minutes and its participants are stored
// apart (see Entry and Person).
type Meeting struct {
	ID            string            `json:"id"`
	Channel       string            `json:"channel"`
	Title         string            `json:"title"`
	Template      string            `json:"template,omitempty"`
	Locale        string            `json:"locale"`
	Zone          string            `json:"zone,omitempty"`
	Thread        string            `json:"thread,omitempty"`
	Chair         string            `json:"chair"`
	Secretary     string            `json:"secretary,omitempty"`
	Adjusters     []string          `json:"adjusters,omitempty"`
	Started       string            `json:"started"`
	Ended         string            `json:"ended,omitempty"`
	Active        string            `json:"active,omitempty"`
	RulesAsleep   bool              `json:"rules_asleep,omitempty"`
	Schedule      uint64            `json:"schedule,omitempty"`
	Occurrence    string            `json:"occurrence,omitempty"`
	Agenda        Agenda            `json:"agenda"`
	Queues        map[int]*Queue    `json:"queues"`
	QueueRules    QueueRules        `json:"queue_rules"`
	Rules         []string          `json:"rules,omitempty"`
	Reminders     Reminders         `json:"reminders"`
	PollRules     PollRules         `json:"poll_rules"`
	Protocol      bool              `json:"protocol,omitempty"`
	EntryCount    int               `json:"entry_count,omitempty"`
	Polls         []int64           `json:"polls,omitempty"`
	Register      *Register         `json:"register,omitempty"`
	Round         *Round            `json:"round,omitempty"`
	Ideas         *Brainstorm       `json:"ideas,omitempty"`
	GroupNames    []string          `json:"group_names,omitempty"`
	Groups        map[string]string `json:"groups,omitempty"`
	Flags         map[string]string `json:"flags,omitempty"`
	OfficersWrite bool              `json:"officers_write,omitempty"`
	// The formal meeting's state.
	Proposals    map[int]*Proposals `json:"proposals,omitempty"`
	Voting       *Voting            `json:"voting,omitempty"`
	Adjourned    string             `json:"adjourned,omitempty"`
	Until        string             `json:"adjourned_until,omitempty"`
	AdjournedFor time.Duration      `json:"adjourned_for,omitempty"`
	Protokoll    *Protokoll         `json:"protokoll,omitempty"`
}

// Protokoll is the formal minutes' place, tellers and justering, as stored.
type Protokoll struct {
	Association string    `json:"association,omitempty"`
	Place       string    `json:"place,omitempty"`
	Tellers     []string  `json:"tellers,omitempty"`
	Submitted   string    `json:"submitted,omitempty"`
	SubmittedBy string    `json:"submitted_by,omitempty"`
	Approvals   []Signoff `json:"approvals,omitempty"`
	Objections  []Signoff `json:"objections,omitempty"`
	Locked      string    `json:"locked,omitempty"`
}

// Signoff is an adjuster's approval or objection, as stored.
type Signoff struct {
	Who  string `json:"who"`
	At   string `json:"at"`
	Text string `json:"text,omitempty"`
}

// Agenda is a meeting's agenda as stored.
type Agenda struct {
	Items  []*Item `json:"items"`
	NextID int     `json:"next_id"`
}

// Item is an agenda item as stored.
type Item struct {
	ID          int           `json:"id"`
	Title       string        `json:"title"`
	Timebox     time.Duration `json:"timebox,omitempty"`
	Planned     time.Duration `json:"planned,omitempty"`
	Owner       string        `json:"owner,omitempty"`
	Notes       string        `json:"notes,omitempty"`
	RemindRules bool          `json:"remind_rules,omitempty"`
	State       string        `json:"state"`
	Started     string        `json:"started,omitempty"`
	Ended       string        `json:"ended,omitempty"`
	Spent       time.Duration `json:"spent,omitempty"`
	Majority    string        `json:"majority,omitempty"`
	Recused     []string      `json:"recused,omitempty"`
	// Parent is the ID of the item this one is a sub-item of (9 a under 9).
	Parent int `json:"parent,omitempty"`
}

// QueueRules are a queue's rules as stored.
type QueueRules struct {
	Policy     string        `json:"policy"`
	ReplyLimit int           `json:"reply_limit"`
	TurnCap    int           `json:"turn_cap"`
	MaxTurn    time.Duration `json:"max_turn,omitempty"`
}

// Queue is a speaker queue as stored.
type Queue struct {
	Rules         QueueRules `json:"rules"`
	Closed        bool       `json:"closed,omitempty"`
	Waiting       []Request  `json:"waiting,omitempty"`
	Current       *Turn      `json:"current,omitempty"`
	Announced     string     `json:"announced,omitempty"`
	Speech        string     `json:"speech,omitempty"`
	SpeechReplies int        `json:"speech_replies,omitempty"`
	SpeechAnswer  bool       `json:"speech_answer,omitempty"`
	History       []Turn     `json:"history,omitempty"`
	Told          string     `json:"told,omitempty"`
	LastCall      string     `json:"last_call,omitempty"`
}

// Request is a request to speak as stored.
type Request struct {
	Who    string `json:"who"`
	Kind   string `json:"kind"`
	At     string `json:"at"`
	Answer bool   `json:"answer,omitempty"`
}

// Turn is a turn to speak as stored.
type Turn struct {
	Who      string        `json:"who"`
	Kind     string        `json:"kind"`
	Start    string        `json:"start"`
	End      string        `json:"end,omitempty"`
	Paused   time.Duration `json:"paused,omitempty"`
	PausedAt string        `json:"paused_at,omitempty"`
}

// Reminders are a meeting's reminder settings as stored.
type Reminders struct {
	AtStart *bool         `json:"at_start,omitempty"`
	Every   time.Duration `json:"every,omitempty"`
	Warning time.Duration `json:"warning,omitempty"`
	Nudges  Nudges        `json:"nudges"`
}

// Nudges are the nudge switches as stored.
type Nudges struct {
	LongTurn  *bool `json:"long_turn,omitempty"`
	NotSpoken *bool `json:"not_spoken,omitempty"`
	Overrun   *bool `json:"overrun,omitempty"`
}

// PollRules are a meeting's poll defaults as stored.
type PollRules struct {
	ChairOnly  bool   `json:"chair_only,omitempty"`
	Visibility string `json:"visibility,omitempty"`
	Register   bool   `json:"register,omitempty"`
	Tie        string `json:"tie,omitempty"`
}

// Register is a voting register's state as stored (its members are
// stored apart).
type Register struct {
	Opened      string           `json:"opened,omitempty"`
	Set         string           `json:"set,omitempty"`
	Count       int              `json:"count"`
	Changes     []RegisterChange `json:"changes,omitempty"`
	Listed      int              `json:"listed,omitempty"`
	Guests      []string         `json:"guests,omitempty"`
	Proxies     []Pair           `json:"proxies,omitempty"`
	MaxProxies  int              `json:"max_proxies,omitempty"`
	Substitutes []Pair           `json:"substitutes,omitempty"`
}

// Pair is a proxy (holder and member) or a substitute (and main delegate) as stored.
type Pair struct {
	Holder string `json:"holder"`
	Member string `json:"member"`
}

// RegisterChange is an adjustment of a set register as stored.
type RegisterChange struct {
	At    string `json:"at"`
	Who   string `json:"who"`
	Added bool   `json:"added"`
	Count int    `json:"count"`
}

// Round is a go-around as stored.
type Round struct {
	Question  string        `json:"question,omitempty"`
	Limit     time.Duration `json:"limit,omitempty"`
	Order     []string      `json:"order"`
	Pos       int           `json:"pos"`
	Passed    []string      `json:"passed,omitempty"`
	Started   string        `json:"started"`
	TurnStart string        `json:"turn_start"`
	Ended     string        `json:"ended,omitempty"`
	Stopped   bool          `json:"stopped,omitempty"`
}

// Brainstorm is a silent brainstorm as stored.
type Brainstorm struct {
	Question   string         `json:"question"`
	Opened     string         `json:"opened"`
	ItemID     int            `json:"item_id,omitempty"`
	Ideas      []string       `json:"ideas,omitempty"`
	Revealed   string         `json:"revealed,omitempty"`
	Dots       int            `json:"dots,omitempty"`
	Counts     []int          `json:"counts,omitempty"`
	Used       map[string]int `json:"used,omitempty"`
	DotsClosed string         `json:"dots_closed,omitempty"`
}

// Proposals are an agenda item's proposals as stored.
type Proposals struct {
	List    []Proposal `json:"list,omitempty"`
	Closed  bool       `json:"closed,omitempty"`
	Settled int        `json:"settled,omitempty"`
}

// Proposal is a proposal (yrkande) as stored.
type Proposal struct {
	N          int      `json:"n"`
	Kind       string   `json:"kind"`
	Text       string   `json:"text"`
	Amends     int      `json:"amends,omitempty"`
	By         string   `json:"by"`
	Supporters []string `json:"supporters,omitempty"`
	Withdrawn  bool     `json:"withdrawn,omitempty"`
	At         string   `json:"at"`
}

// Voting is a propositionsordning as stored.
type Voting struct {
	ItemID int           `json:"item_id"`
	Order  []int         `json:"order"`
	Steps  []Step        `json:"steps,omitempty"`
	Window time.Duration `json:"window"`
	// Majority is what the item's matter needs (2/3 for a change of the
	// statutes): every question of the order is put with it.
	Majority string `json:"majority,omitempty"`
	Done     bool   `json:"done,omitempty"`
}

// Step is a question of a propositionsordning as stored.
type Step struct {
	Kind         string `json:"kind"`
	Alternatives []int  `json:"alternatives"`
	Declared     int    `json:"declared,omitempty"`
	DeclaredAt   string `json:"declared_at,omitempty"`
	Poll         int64  `json:"poll,omitempty"`
	Counts       []int  `json:"counts,omitempty"`
	Abstained    int    `json:"abstained,omitempty"`
	Winner       int    `json:"winner,omitempty"`
	Done         bool   `json:"done,omitempty"`
	Demanded     bool   `json:"demanded,omitempty"`
	DemandedBy   string `json:"demanded_by,omitempty"`
	Secret       bool   `json:"secret,omitempty"`
	Open         bool   `json:"open,omitempty"`
	WindowEnds   string `json:"window_ends,omitempty"`
	Majority     string `json:"majority,omitempty"`
	Lost         bool   `json:"lost,omitempty"`
	Casting      bool   `json:"casting,omitempty"`
	Lot          bool   `json:"lot,omitempty"`
}

// FromMeeting is the stored form of m, without its minutes (stored apart).
// The record may share slices and maps of strings and numbers with m: it
// is for encoding at once.
func FromMeeting(m *facilitation.Meeting) Meeting { return fromMeeting(m, true) }

// fromMeeting is FromMeeting; without lists, the queues' lists of
// waiting and turns are made but not filled in (FromMeetingAfter fills
// them).
func fromMeeting(m *facilitation.Meeting, lists bool) Meeting {
	r := Meeting{
		ID: m.ID, Channel: m.Channel, Title: m.Title, Template: m.Template, Locale: m.Locale, Zone: m.Zone, Thread: m.Thread, Chair: m.Chair,
		Secretary: m.Secretary, Adjusters: m.Adjusters,
		Started: formatTime(m.Started), Ended: formatOptional(m.Ended), Active: formatOptional(m.Active),
		RulesAsleep: m.RulesAsleep, Schedule: m.Schedule, Occurrence: formatOptional(m.Occurrence),
		Agenda:     fromAgenda(m.Agenda),
		QueueRules: fromQueueRules(m.QueueRules), Rules: m.Rules, Reminders: fromReminders(m.Reminders),
		PollRules: fromPollRules(m.PollRules), Protocol: m.Protocol,
		EntryCount: m.EntryCount, Polls: m.Polls, Register: fromRegister(m.Register),
		Round: fromRound(m.Round), Ideas: fromBrainstorm(m.Ideas),
		GroupNames: m.GroupNames, Groups: m.Groups, OfficersWrite: m.OfficersWrite,
		Voting:    fromVoting(m.Voting),
		Adjourned: formatOptional(m.Adjourned), Until: formatOptional(m.Until), AdjournedFor: m.AdjournedFor,
		Protokoll: fromProtokoll(&m.Protokoll),
	}
	if m.Queues != nil {
		r.Queues = make(map[int]*Queue, len(m.Queues))
		for id, q := range m.Queues {
			r.Queues[id] = fromQueueShell(q)
			if lists {
				fillQueueLists(r.Queues[id], q)
			}
		}
	}
	if m.Flags != nil {
		r.Flags = make(map[string]string, len(m.Flags))
		for k, t := range m.Flags {
			r.Flags[k] = formatTime(t)
		}
	}
	if m.Proposals != nil {
		r.Proposals = make(map[int]*Proposals, len(m.Proposals))
		for id, ps := range m.Proposals {
			r.Proposals[id] = fromProposals(ps)
		}
	}
	return r
}

// ToMeeting is the domain meeting r stores, without its minutes. It
// shares no slice, map or pointer with r, so that a record kept (see
// Decoded) is never changed through a meeting made from it.
func (r Meeting) ToMeeting() (*facilitation.Meeting, error) { return r.toMeeting(nil) }

// toMeeting is ToMeeting, copying the queues' lists from pp where it
// holds them.
func (r Meeting) toMeeting(pp *Parsed) (*facilitation.Meeting, error) {
	var p parser
	m := &facilitation.Meeting{
		ID: r.ID, Channel: r.Channel, Title: r.Title, Template: r.Template, Locale: r.Locale, Zone: r.Zone, Thread: r.Thread, Chair: r.Chair,
		Secretary: r.Secretary, Adjusters: slices.Clone(r.Adjusters),
		Started: p.time(r.Started), Ended: p.time(r.Ended), Active: p.time(r.Active),
		RulesAsleep: r.RulesAsleep, Schedule: r.Schedule, Occurrence: p.time(r.Occurrence),
		Agenda:     p.agenda(r.Agenda),
		QueueRules: r.QueueRules.domain(), Rules: slices.Clone(r.Rules), Reminders: r.Reminders.domain(),
		PollRules: r.PollRules.domain(), Protocol: r.Protocol,
		EntryCount: r.EntryCount, Polls: slices.Clone(r.Polls), Register: p.register(r.Register),
		Round: p.round(r.Round), Ideas: p.brainstorm(r.Ideas),
		GroupNames: slices.Clone(r.GroupNames), Groups: maps.Clone(r.Groups), OfficersWrite: r.OfficersWrite,
	}
	m.Voting = p.voting(r.Voting)
	m.Adjourned, m.Until, m.AdjournedFor = p.time(r.Adjourned), p.time(r.Until), r.AdjournedFor
	m.Protokoll = p.protokoll(r.Protokoll)
	if r.Queues != nil {
		m.Queues = make(map[int]*facilitation.Queue, len(r.Queues))
		for id, q := range r.Queues {
			l, ok := pp.lists(id, q)
			m.Queues[id] = p.queueWith(q, l, ok)
		}
	}
	if r.Flags != nil {
		m.Flags = make(map[string]time.Time, len(r.Flags))
		for k, s := range r.Flags {
			m.Flags[k] = p.time(s)
		}
	}
	if r.Proposals != nil {
		m.Proposals = make(map[int]*facilitation.Proposals, len(r.Proposals))
		for id, ps := range r.Proposals {
			m.Proposals[id] = p.proposals(ps)
		}
	}
	if p.err != nil {
		return nil, p.err
	}
	return m, nil
}

func fromAgenda(a facilitation.Agenda) Agenda {
	r := Agenda{NextID: a.NextID}
	if a.Items != nil {
		r.Items = make([]*Item, len(a.Items))
		for i, it := range a.Items {
			if it == nil {
				continue
			}
			r.Items[i] = &Item{
				ID: it.ID, Title: it.Title, Timebox: it.Timebox, Planned: it.Planned, Owner: it.Owner, Notes: it.Notes,
				RemindRules: it.RemindRules, State: string(it.State),
				Started: formatOptional(it.Started), Ended: formatOptional(it.Ended), Spent: it.Spent,
				Majority: string(it.Majority), Recused: it.Recused, Parent: it.Parent,
			}
		}
	}
	return r
}

func (p *parser) agenda(r Agenda) facilitation.Agenda {
	a := facilitation.Agenda{NextID: r.NextID}
	if r.Items != nil {
		a.Items = make([]*facilitation.Item, len(r.Items))
		for i, it := range r.Items {
			if it == nil {
				continue
			}
			a.Items[i] = &facilitation.Item{
				ID: it.ID, Title: it.Title, Timebox: it.Timebox, Planned: it.Planned, Owner: it.Owner, Notes: it.Notes,
				RemindRules: it.RemindRules, State: facilitation.ItemState(it.State),
				Started: p.time(it.Started), Ended: p.time(it.Ended), Spent: it.Spent,
				Majority: facilitation.Majority(it.Majority), Recused: slices.Clone(it.Recused), Parent: it.Parent,
			}
		}
	}
	return a
}

func fromQueueRules(q facilitation.QueueRules) QueueRules {
	return QueueRules{Policy: string(q.Policy), ReplyLimit: q.ReplyLimit, TurnCap: q.TurnCap, MaxTurn: q.MaxTurn}
}

func (r QueueRules) domain() facilitation.QueueRules {
	return facilitation.QueueRules{Policy: facilitation.Policy(r.Policy), ReplyLimit: r.ReplyLimit, TurnCap: r.TurnCap, MaxTurn: r.MaxTurn}
}

// fromQueueShell is the stored form of q but for the entries of its
// lists of waiting and turns, which are made to length but left zero.
func fromQueueShell(q *facilitation.Queue) *Queue {
	if q == nil {
		return nil
	}
	r := &Queue{
		Rules: fromQueueRules(q.Rules), Closed: q.Closed, Current: fromTurnPtr(q.Current),
		Announced: q.Announced, Speech: q.Speech, SpeechReplies: q.SpeechReplies, SpeechAnswer: q.SpeechAnswer,
		Told: q.Told, LastCall: formatOptional(q.LastCall),
	}
	if q.Waiting != nil {
		r.Waiting = make([]Request, len(q.Waiting))
	}
	if q.History != nil {
		r.History = make([]Turn, len(q.History))
	}
	return r
}

// fillQueueLists fills in the lists of r, q's shell.
func fillQueueLists(r *Queue, q *facilitation.Queue) {
	if r == nil {
		return
	}
	for i, w := range q.Waiting {
		r.Waiting[i] = fromRequest(w)
	}
	for i, t := range q.History {
		r.History[i] = fromTurn(t)
	}
}

func fromRequest(w facilitation.Request) Request {
	return Request{Who: w.Who, Kind: string(w.Kind), At: formatTime(w.At), Answer: w.Answer}
}

// queueWith is the domain queue r stores, with its lists of waiting
// and turns copied from l, what they parse to, if parsed.
func (p *parser) queueWith(r *Queue, l parsedLists, parsed bool) *facilitation.Queue {
	if r == nil {
		return nil
	}
	q := &facilitation.Queue{
		Rules: r.Rules.domain(), Closed: r.Closed, Current: p.turnPtr(r.Current),
		Announced: r.Announced, Speech: r.Speech, SpeechReplies: r.SpeechReplies, SpeechAnswer: r.SpeechAnswer,
		Told: r.Told, LastCall: p.time(r.LastCall),
	}
	// Room for one more in each list: a command adds a request or a
	// turn, and growing a list of thousands copies it.
	if r.Waiting != nil {
		q.Waiting = make([]facilitation.Request, len(r.Waiting), len(r.Waiting)+1)
		if parsed {
			copy(q.Waiting, l.waiting)
		} else {
			for i, w := range r.Waiting {
				q.Waiting[i] = facilitation.Request{Who: w.Who, Kind: facilitation.Kind(w.Kind), At: p.time(w.At), Answer: w.Answer}
			}
		}
	}
	if r.History != nil {
		q.History = make([]facilitation.Turn, len(r.History), len(r.History)+1)
		if parsed {
			copy(q.History, l.history)
		} else {
			for i, t := range r.History {
				q.History[i] = p.turn(t)
			}
		}
	}
	return q
}

func fromTurn(t facilitation.Turn) Turn {
	return Turn{Who: t.Who, Kind: string(t.Kind), Start: formatTime(t.Start), End: formatOptional(t.End),
		Paused: t.Paused, PausedAt: formatOptional(t.PausedAt)}
}

func fromTurnPtr(t *facilitation.Turn) *Turn {
	if t == nil {
		return nil
	}
	r := fromTurn(*t)
	return &r
}

func (p *parser) turn(r Turn) facilitation.Turn {
	return facilitation.Turn{Who: r.Who, Kind: facilitation.Kind(r.Kind), Start: p.time(r.Start), End: p.time(r.End),
		Paused: r.Paused, PausedAt: p.time(r.PausedAt)}
}

func (p *parser) turnPtr(r *Turn) *facilitation.Turn {
	if r == nil {
		return nil
	}
	t := p.turn(*r)
	return &t
}

func fromReminders(r facilitation.Reminders) Reminders {
	return Reminders{AtStart: r.AtStart, Every: r.Every, Warning: r.Warning,
		Nudges: Nudges{LongTurn: r.Nudges.LongTurn, NotSpoken: r.Nudges.NotSpoken, Overrun: r.Nudges.Overrun}}
}

func (r Reminders) domain() facilitation.Reminders {
	return facilitation.Reminders{AtStart: cloneBool(r.AtStart), Every: r.Every, Warning: r.Warning,
		Nudges: facilitation.Nudges{LongTurn: cloneBool(r.Nudges.LongTurn), NotSpoken: cloneBool(r.Nudges.NotSpoken),
			Overrun: cloneBool(r.Nudges.Overrun)}}
}

// cloneBool is a pointer to a copy of *b, or nil.
func cloneBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	c := *b
	return &c
}

func fromPollRules(r facilitation.PollRules) PollRules {
	return PollRules{ChairOnly: r.ChairOnly, Visibility: string(r.Visibility), Register: r.Register, Tie: string(r.Tie)}
}

func (r PollRules) domain() facilitation.PollRules {
	return facilitation.PollRules{ChairOnly: r.ChairOnly, Visibility: facilitation.Visibility(r.Visibility),
		Register: r.Register, Tie: facilitation.TieRule(r.Tie)}
}

// fromRegister is the stored register, or nil for the zero one, which is
// left out of the record.
func fromRegister(g facilitation.Register) *Register {
	if g.Opened == (time.Time{}) && g.Set == (time.Time{}) && g.Count == 0 && g.Changes == nil &&
		g.Listed == 0 && g.Guests == nil && g.Proxies == nil && g.MaxProxies == 0 && g.Substitutes == nil {
		return nil
	}
	r := &Register{Opened: formatOptional(g.Opened), Set: formatOptional(g.Set), Count: g.Count,
		Listed: g.Listed, Guests: g.Guests, Proxies: fromPairs(g.Proxies), MaxProxies: g.MaxProxies, Substitutes: fromPairs(g.Substitutes)}
	if g.Changes != nil {
		r.Changes = make([]RegisterChange, len(g.Changes))
		for i, c := range g.Changes {
			r.Changes[i] = RegisterChange{At: formatTime(c.At), Who: c.Who, Added: c.Added, Count: c.Count}
		}
	}
	return r
}

func (p *parser) register(r *Register) facilitation.Register {
	if r == nil {
		return facilitation.Register{}
	}
	g := facilitation.Register{Opened: p.time(r.Opened), Set: p.time(r.Set), Count: r.Count,
		Listed: r.Listed, Guests: slices.Clone(r.Guests), Proxies: toPairs(r.Proxies), MaxProxies: r.MaxProxies, Substitutes: toPairs(r.Substitutes)}
	if r.Changes != nil {
		g.Changes = make([]facilitation.RegisterChange, len(r.Changes))
		for i, c := range r.Changes {
			g.Changes[i] = facilitation.RegisterChange{At: p.time(c.At), Who: c.Who, Added: c.Added, Count: c.Count}
		}
	}
	return g
}

func fromPairs(ps []facilitation.Proxy) []Pair {
	if ps == nil {
		return nil
	}
	out := make([]Pair, len(ps))
	for i, x := range ps {
		out[i] = Pair{Holder: x.Holder, Member: x.Member}
	}
	return out
}

func toPairs(ps []Pair) []facilitation.Proxy {
	if ps == nil {
		return nil
	}
	out := make([]facilitation.Proxy, len(ps))
	for i, x := range ps {
		out[i] = facilitation.Proxy{Holder: x.Holder, Member: x.Member}
	}
	return out
}

func fromRound(d *facilitation.Round) *Round {
	if d == nil {
		return nil
	}
	return &Round{Question: d.Question, Limit: d.Limit, Order: d.Order, Pos: d.Pos, Passed: d.Passed,
		Started: formatTime(d.Started), TurnStart: formatTime(d.TurnStart), Ended: formatOptional(d.Ended), Stopped: d.Stopped}
}

func (p *parser) round(r *Round) *facilitation.Round {
	if r == nil {
		return nil
	}
	return &facilitation.Round{Question: r.Question, Limit: r.Limit, Order: slices.Clone(r.Order), Pos: r.Pos, Passed: slices.Clone(r.Passed),
		Started: p.time(r.Started), TurnStart: p.time(r.TurnStart), Ended: p.time(r.Ended), Stopped: r.Stopped}
}

func fromBrainstorm(b *facilitation.Brainstorm) *Brainstorm {
	if b == nil {
		return nil
	}
	ideas := b.Ideas
	if b.Apart {
		ideas = nil // stored apart from the record (see Brainstorm.Apart)
	}
	return &Brainstorm{Question: b.Question, Opened: formatTime(b.Opened), ItemID: b.ItemID, Ideas: ideas,
		Revealed: formatOptional(b.Revealed), Dots: b.Dots, Counts: b.Counts, Used: b.Used, DotsClosed: formatOptional(b.DotsClosed)}
}

func (p *parser) brainstorm(r *Brainstorm) *facilitation.Brainstorm {
	if r == nil {
		return nil
	}
	// A revealed brainstorm with no ideas in its record keeps them apart:
	// a reveal needs at least one. One stored before that keeps them here.
	return &facilitation.Brainstorm{Question: r.Question, Opened: p.time(r.Opened), ItemID: r.ItemID, Ideas: slices.Clone(r.Ideas),
		Apart:    r.Revealed != "" && len(r.Ideas) == 0,
		Revealed: p.time(r.Revealed), Dots: r.Dots, Counts: slices.Clone(r.Counts), Used: maps.Clone(r.Used), DotsClosed: p.time(r.DotsClosed)}
}

func fromProposals(ps *facilitation.Proposals) *Proposals {
	if ps == nil {
		return nil
	}
	r := &Proposals{Closed: ps.Closed, Settled: ps.Settled}
	if ps.List != nil {
		r.List = make([]Proposal, len(ps.List))
		for i, x := range ps.List {
			r.List[i] = Proposal{N: x.N, Kind: string(x.Kind), Text: x.Text, Amends: x.Amends, By: x.By,
				Supporters: x.Supporters, Withdrawn: x.Withdrawn, At: formatTime(x.At)}
		}
	}
	return r
}

func (p *parser) proposals(r *Proposals) *facilitation.Proposals {
	if r == nil {
		return nil
	}
	ps := &facilitation.Proposals{Closed: r.Closed, Settled: r.Settled}
	if r.List != nil {
		ps.List = make([]facilitation.Proposal, len(r.List))
		for i, x := range r.List {
			ps.List[i] = facilitation.Proposal{N: x.N, Kind: facilitation.ProposalKind(x.Kind), Text: x.Text, Amends: x.Amends,
				By: x.By, Supporters: slices.Clone(x.Supporters), Withdrawn: x.Withdrawn, At: p.time(x.At)}
		}
	}
	return ps
}

func fromVoting(v *facilitation.Voting) *Voting {
	if v == nil {
		return nil
	}
	r := &Voting{ItemID: v.ItemID, Order: v.Order, Window: v.Window, Majority: string(v.Majority), Done: v.Done}
	if v.Steps != nil {
		r.Steps = make([]Step, len(v.Steps))
		for i, s := range v.Steps {
			r.Steps[i] = Step{Kind: string(s.Kind), Alternatives: s.Alternatives, Declared: s.Declared,
				DeclaredAt: formatOptional(s.DeclaredAt), Poll: s.Poll, Counts: s.Counts, Abstained: s.Abstained,
				Winner: s.Winner, Done: s.Done, Demanded: s.Demanded, DemandedBy: s.DemandedBy, Secret: s.Secret, Open: s.Open,
				WindowEnds: formatOptional(s.WindowEnds), Majority: string(s.Majority), Lost: s.Lost, Casting: s.Casting, Lot: s.Lot}
		}
	}
	return r
}

func (p *parser) voting(r *Voting) *facilitation.Voting {
	if r == nil {
		return nil
	}
	v := &facilitation.Voting{ItemID: r.ItemID, Order: slices.Clone(r.Order), Window: r.Window, Majority: facilitation.Majority(r.Majority), Done: r.Done}
	if r.Steps != nil {
		v.Steps = make([]facilitation.Step, len(r.Steps))
		for i, s := range r.Steps {
			v.Steps[i] = facilitation.Step{Kind: facilitation.StepKind(s.Kind), Alternatives: slices.Clone(s.Alternatives), Declared: s.Declared,
				DeclaredAt: p.time(s.DeclaredAt), Poll: s.Poll, Counts: slices.Clone(s.Counts), Abstained: s.Abstained,
				Winner: s.Winner, Done: s.Done, Demanded: s.Demanded, DemandedBy: s.DemandedBy, Secret: s.Secret, Open: s.Open,
				WindowEnds: p.time(s.WindowEnds), Majority: facilitation.Majority(s.Majority), Lost: s.Lost, Casting: s.Casting, Lot: s.Lot}
		}
	}
	return v
}

func fromProtokoll(p *facilitation.Protokoll) *Protokoll {
	if p.Association == "" && p.Place == "" && len(p.Tellers) == 0 && p.Submitted.IsZero() && len(p.Approvals) == 0 &&
		len(p.Objections) == 0 && p.Locked.IsZero() && p.SubmittedBy == "" {
		return nil
	}
	signoffs := func(ss []facilitation.Signoff) []Signoff {
		var out []Signoff
		for _, s := range ss {
			out = append(out, Signoff{Who: s.Who, At: formatTime(s.At), Text: s.Text})
		}
		return out
	}
	return &Protokoll{Association: p.Association, Place: p.Place, Tellers: p.Tellers, Submitted: formatOptional(p.Submitted), SubmittedBy: p.SubmittedBy,
		Approvals: signoffs(p.Approvals), Objections: signoffs(p.Objections), Locked: formatOptional(p.Locked)}
}

func (p *parser) protokoll(r *Protokoll) facilitation.Protokoll {
	if r == nil {
		return facilitation.Protokoll{}
	}
	signoffs := func(ss []Signoff) []facilitation.Signoff {
		var out []facilitation.Signoff
		for _, s := range ss {
			out = append(out, facilitation.Signoff{Who: s.Who, At: p.time(s.At), Text: s.Text})
		}
		return out
	}
	return facilitation.Protokoll{Association: r.Association, Place: r.Place, Tellers: slices.Clone(r.Tellers), Submitted: p.time(r.Submitted), SubmittedBy: r.SubmittedBy,
		Approvals: signoffs(r.Approvals), Objections: signoffs(r.Objections), Locked: p.time(r.Locked)}
}
