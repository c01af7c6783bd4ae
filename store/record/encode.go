package record

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// A hand-written encoder for the meeting record, which every write
// command rewrites whole (issue 13): with 2,000 people waiting, the
// reflective encoder was most of the cost of raising a hand. It writes
// the bytes encoding/json writes for these types (HTML-safe string
// escapes, map keys sorted, nil slices and maps as null where not
// omitted); TestMeetingEncoder holds it to the reflective encoding of
// the same records, so that a field added to a type and forgotten here
// fails a test.

// sizeHint is about the size of the encoded record, for its buffer: at
// least that of its queues' requests and turns, unless their strings
// need escaping.
func (r *Meeting) sizeHint() int {
	n := 4096
	for _, q := range r.Queues {
		if q == nil {
			continue
		}
		// The keys and punctuation of an entry, and its strings: a
		// guess of 128 bytes an entry was 40 % above the size of a
		// big meeting's record (issue 27).
		for _, w := range q.Waiting {
			n += 48 + len(w.Who) + len(w.Kind) + len(w.At)
		}
		for _, t := range q.History {
			n += 80 + len(t.Who) + len(t.Kind) + len(t.Start) + len(t.End) + len(t.PausedAt)
		}
	}
	return n
}

func appendMeeting(b []byte, r *Meeting) []byte {
	b = appendKey(b, '{', "id")
	b = appendString(b, r.ID)
	b = appendKey(b, ',', "channel")
	b = appendString(b, r.Channel)
	b = appendKey(b, ',', "title")
	b = appendString(b, r.Title)
	b = appendOptString(b, "template", r.Template)
	b = appendKey(b, ',', "locale")
	b = appendString(b, r.Locale)
	b = appendOptString(b, "zone", r.Zone)
	b = appendOptString(b, "thread", r.Thread)
	b = appendKey(b, ',', "chair")
	b = appendString(b, r.Chair)
	b = appendOptString(b, "secretary", r.Secretary)
	if len(r.Adjusters) > 0 {
		b = appendStrings(appendKey(b, ',', "adjusters"), r.Adjusters)
	}
	b = appendKey(b, ',', "started")
	b = appendString(b, r.Started)
	b = appendOptString(b, "ended", r.Ended)
	b = appendOptString(b, "active", r.Active)
	b = appendOptBool(b, "rules_asleep", r.RulesAsleep)
	if r.Schedule != 0 {
		b = strconv.AppendUint(appendKey(b, ',', "schedule"), r.Schedule, 10)
	}
	b = appendOptString(b, "occurrence", r.Occurrence)
	b = appendKey(b, ',', "agenda")
	b = appendAgenda(b, &r.Agenda)
	b = appendKey(b, ',', "queues")
	if r.Queues == nil {
		b = append(b, "null"...)
	} else {
		b = appendIntMap(b, r.Queues, appendQueue)
	}
	b = appendKey(b, ',', "queue_rules")
	b = appendQueueRules(b, &r.QueueRules)
	if len(r.Rules) > 0 {
		b = appendStrings(appendKey(b, ',', "rules"), r.Rules)
	}
	b = appendKey(b, ',', "reminders")
	b = appendReminders(b, &r.Reminders)
	b = appendKey(b, ',', "poll_rules")
	b = appendPollRules(b, &r.PollRules)
	b = appendOptBool(b, "protocol", r.Protocol)
	b = appendOptInt(b, "entry_count", int64(r.EntryCount))
	if len(r.Polls) > 0 {
		b = appendList(appendKey(b, ',', "polls"), r.Polls, func(b []byte, id *int64) []byte { return strconv.AppendInt(b, *id, 10) })
	}
	if r.Register != nil {
		b = appendRegister(appendKey(b, ',', "register"), r.Register)
	}
	if r.Round != nil {
		b = appendRound(appendKey(b, ',', "round"), r.Round)
	}
	if r.Ideas != nil {
		b = appendBrainstorm(appendKey(b, ',', "ideas"), r.Ideas)
	}
	if len(r.GroupNames) > 0 {
		b = appendStrings(appendKey(b, ',', "group_names"), r.GroupNames)
	}
	if len(r.Groups) > 0 {
		b = appendStringMap(appendKey(b, ',', "groups"), r.Groups, appendString)
	}
	if len(r.Flags) > 0 {
		b = appendStringMap(appendKey(b, ',', "flags"), r.Flags, appendString)
	}
	b = appendOptBool(b, "officers_write", r.OfficersWrite)
	if len(r.Proposals) > 0 {
		b = appendIntMap(appendKey(b, ',', "proposals"), r.Proposals, appendProposals)
	}
	if r.Voting != nil {
		b = appendVoting(appendKey(b, ',', "voting"), r.Voting)
	}
	b = appendOptString(b, "adjourned", r.Adjourned)
	b = appendOptString(b, "adjourned_until", r.Until)
	b = appendOptInt(b, "adjourned_for", int64(r.AdjournedFor))
	if r.Protokoll != nil {
		b = appendProtokoll(appendKey(b, ',', "protokoll"), r.Protokoll)
	}
	return append(b, '}')
}

func appendProtokoll(b []byte, p *Protokoll) []byte {
	b, start := openObject(b)
	b = appendOptString(b, "association", p.Association)
	b = appendOptString(b, "place", p.Place)
	if len(p.Tellers) > 0 {
		b = appendStrings(appendKey(b, ',', "tellers"), p.Tellers)
	}
	b = appendOptString(b, "submitted", p.Submitted)
	b = appendOptString(b, "submitted_by", p.SubmittedBy)
	for _, list := range []struct {
		name string
		ss   []Signoff
	}{{"approvals", p.Approvals}, {"objections", p.Objections}} {
		if len(list.ss) == 0 {
			continue
		}
		b = appendList(appendKey(b, ',', list.name), list.ss, appendSignoff)
	}
	b = appendOptString(b, "locked", p.Locked)
	return closeObject(b, start)
}

func appendSignoff(b []byte, s *Signoff) []byte {
	b = appendKey(b, '{', "who")
	b = appendString(b, s.Who)
	b = appendKey(b, ',', "at")
	b = appendString(b, s.At)
	b = appendOptString(b, "text", s.Text)
	return append(b, '}')
}

func appendAgenda(b []byte, a *Agenda) []byte {
	b = appendKey(b, '{', "items")
	if a.Items == nil {
		b = append(b, "null"...)
	} else {
		b = appendList(b, a.Items, func(b []byte, it **Item) []byte { return appendItem(b, *it) })
	}
	b = appendKey(b, ',', "next_id")
	b = strconv.AppendInt(b, int64(a.NextID), 10)
	return append(b, '}')
}

func appendItem(b []byte, it *Item) []byte {
	if it == nil {
		return append(b, "null"...)
	}
	b = appendKey(b, '{', "id")
	b = strconv.AppendInt(b, int64(it.ID), 10)
	b = appendKey(b, ',', "title")
	b = appendString(b, it.Title)
	b = appendOptInt(b, "timebox", int64(it.Timebox))
	b = appendOptInt(b, "planned", int64(it.Planned))
	b = appendOptString(b, "owner", it.Owner)
	b = appendOptString(b, "notes", it.Notes)
	b = appendOptBool(b, "remind_rules", it.RemindRules)
	b = appendKey(b, ',', "state")
	b = appendString(b, it.State)
	b = appendOptString(b, "started", it.Started)
	b = appendOptString(b, "ended", it.Ended)
	b = appendOptInt(b, "spent", int64(it.Spent))
	b = appendOptString(b, "majority", it.Majority)
	if len(it.Recused) > 0 {
		b = appendStrings(appendKey(b, ',', "recused"), it.Recused)
	}
	b = appendOptInt(b, "parent", int64(it.Parent))
	return append(b, '}')
}

func appendQueueRules(b []byte, q *QueueRules) []byte {
	b = appendKey(b, '{', "policy")
	b = appendString(b, q.Policy)
	b = appendKey(b, ',', "reply_limit")
	b = strconv.AppendInt(b, int64(q.ReplyLimit), 10)
	b = appendKey(b, ',', "turn_cap")
	b = strconv.AppendInt(b, int64(q.TurnCap), 10)
	b = appendOptInt(b, "max_turn", int64(q.MaxTurn))
	return append(b, '}')
}

func appendQueue(b []byte, q *Queue) []byte {
	if q == nil {
		return append(b, "null"...)
	}
	b = appendKey(b, '{', "rules")
	b = appendQueueRules(b, &q.Rules)
	b = appendOptBool(b, "closed", q.Closed)
	if len(q.Waiting) > 0 {
		b = appendList(appendKey(b, ',', "waiting"), q.Waiting, appendRequest)
	}
	if q.Current != nil {
		b = appendTurn(appendKey(b, ',', "current"), q.Current)
	}
	b = appendOptString(b, "announced", q.Announced)
	b = appendOptString(b, "speech", q.Speech)
	b = appendOptInt(b, "speech_replies", int64(q.SpeechReplies))
	b = appendOptBool(b, "speech_answer", q.SpeechAnswer)
	if len(q.History) > 0 {
		b = appendList(appendKey(b, ',', "history"), q.History, appendTurn)
	}
	b = appendOptString(b, "told", q.Told)
	b = appendOptString(b, "last_call", q.LastCall)
	return append(b, '}')
}

func appendRequest(b []byte, w *Request) []byte {
	b = appendKey(b, '{', "who")
	b = appendString(b, w.Who)
	b = appendKey(b, ',', "kind")
	b = appendString(b, w.Kind)
	b = appendKey(b, ',', "at")
	b = appendString(b, w.At)
	b = appendOptBool(b, "answer", w.Answer)
	return append(b, '}')
}

func appendTurn(b []byte, t *Turn) []byte {
	b = appendKey(b, '{', "who")
	b = appendString(b, t.Who)
	b = appendKey(b, ',', "kind")
	b = appendString(b, t.Kind)
	b = appendKey(b, ',', "start")
	b = appendString(b, t.Start)
	b = appendOptString(b, "end", t.End)
	b = appendOptInt(b, "paused", int64(t.Paused))
	b = appendOptString(b, "paused_at", t.PausedAt)
	return append(b, '}')
}

func appendReminders(b []byte, r *Reminders) []byte {
	b, start := openObject(b)
	b = appendOptBoolPtr(b, "at_start", r.AtStart)
	b = appendOptInt(b, "every", int64(r.Every))
	b = appendOptInt(b, "warning", int64(r.Warning))
	b = appendKey(b, ',', "nudges")
	n, nstart := openObject(b)
	n = appendOptBoolPtr(n, "long_turn", r.Nudges.LongTurn)
	n = appendOptBoolPtr(n, "not_spoken", r.Nudges.NotSpoken)
	n = appendOptBoolPtr(n, "overrun", r.Nudges.Overrun)
	return closeObject(closeObject(n, nstart), start)
}

func appendPollRules(b []byte, r *PollRules) []byte {
	b, start := openObject(b)
	b = appendOptBool(b, "chair_only", r.ChairOnly)
	b = appendOptString(b, "visibility", r.Visibility)
	b = appendOptBool(b, "register", r.Register)
	b = appendOptString(b, "tie", r.Tie)
	return closeObject(b, start)
}

func appendRegister(b []byte, r *Register) []byte {
	b, start := openObject(b)
	b = appendOptString(b, "opened", r.Opened)
	b = appendOptString(b, "set", r.Set)
	b = appendKey(b, ',', "count")
	b = strconv.AppendInt(b, int64(r.Count), 10)
	if len(r.Changes) > 0 {
		b = appendList(appendKey(b, ',', "changes"), r.Changes, appendRegisterChange)
	}
	b = appendOptInt(b, "listed", int64(r.Listed))
	if len(r.Guests) > 0 {
		b = appendStrings(appendKey(b, ',', "guests"), r.Guests)
	}
	b = appendPairs(b, "proxies", r.Proxies)
	b = appendOptInt(b, "max_proxies", int64(r.MaxProxies))
	b = appendPairs(b, "substitutes", r.Substitutes)
	return closeObject(b, start)
}

func appendPairs(b []byte, name string, ps []Pair) []byte {
	if len(ps) == 0 {
		return b
	}
	return appendList(appendKey(b, ',', name), ps, appendPair)
}

func appendPair(b []byte, p *Pair) []byte {
	b = appendKey(b, '{', "holder")
	b = appendString(b, p.Holder)
	b = appendKey(b, ',', "member")
	b = appendString(b, p.Member)
	return append(b, '}')
}

func appendRegisterChange(b []byte, c *RegisterChange) []byte {
	b = appendKey(b, '{', "at")
	b = appendString(b, c.At)
	b = appendKey(b, ',', "who")
	b = appendString(b, c.Who)
	b = appendKey(b, ',', "added")
	b = strconv.AppendBool(b, c.Added)
	b = appendKey(b, ',', "count")
	b = strconv.AppendInt(b, int64(c.Count), 10)
	return append(b, '}')
}

func appendRound(b []byte, r *Round) []byte {
	b, start := openObject(b)
	b = appendOptString(b, "question", r.Question)
	b = appendOptInt(b, "limit", int64(r.Limit))
	b = appendKey(b, ',', "order")
	b = appendStrings(b, r.Order)
	b = appendKey(b, ',', "pos")
	b = strconv.AppendInt(b, int64(r.Pos), 10)
	if len(r.Passed) > 0 {
		b = appendStrings(appendKey(b, ',', "passed"), r.Passed)
	}
	b = appendKey(b, ',', "started")
	b = appendString(b, r.Started)
	b = appendKey(b, ',', "turn_start")
	b = appendString(b, r.TurnStart)
	b = appendOptString(b, "ended", r.Ended)
	b = appendOptBool(b, "stopped", r.Stopped)
	return closeObject(b, start)
}

func appendBrainstorm(b []byte, r *Brainstorm) []byte {
	b = appendKey(b, '{', "question")
	b = appendString(b, r.Question)
	b = appendKey(b, ',', "opened")
	b = appendString(b, r.Opened)
	b = appendOptInt(b, "item_id", int64(r.ItemID))
	if len(r.Ideas) > 0 {
		b = appendStrings(appendKey(b, ',', "ideas"), r.Ideas)
	}
	b = appendOptString(b, "revealed", r.Revealed)
	b = appendOptInt(b, "dots", int64(r.Dots))
	if len(r.Counts) > 0 {
		b = appendInts(appendKey(b, ',', "counts"), r.Counts)
	}
	if len(r.Used) > 0 {
		b = appendStringMap(appendKey(b, ',', "used"), r.Used, func(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) })
	}
	b = appendOptString(b, "dots_closed", r.DotsClosed)
	return append(b, '}')
}

func appendProposals(b []byte, r *Proposals) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	b, start := openObject(b)
	if len(r.List) > 0 {
		b = appendList(appendKey(b, ',', "list"), r.List, appendProposal)
	}
	b = appendOptBool(b, "closed", r.Closed)
	b = appendOptInt(b, "settled", int64(r.Settled))
	return closeObject(b, start)
}

func appendProposal(b []byte, p *Proposal) []byte {
	b = appendKey(b, '{', "n")
	b = strconv.AppendInt(b, int64(p.N), 10)
	b = appendKey(b, ',', "kind")
	b = appendString(b, p.Kind)
	b = appendKey(b, ',', "text")
	b = appendString(b, p.Text)
	b = appendOptInt(b, "amends", int64(p.Amends))
	b = appendKey(b, ',', "by")
	b = appendString(b, p.By)
	if len(p.Supporters) > 0 {
		b = appendStrings(appendKey(b, ',', "supporters"), p.Supporters)
	}
	b = appendOptBool(b, "withdrawn", p.Withdrawn)
	b = appendKey(b, ',', "at")
	b = appendString(b, p.At)
	return append(b, '}')
}

func appendVoting(b []byte, v *Voting) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	b = appendKey(b, '{', "item_id")
	b = strconv.AppendInt(b, int64(v.ItemID), 10)
	b = appendKey(b, ',', "order")
	b = appendInts(b, v.Order)
	if len(v.Steps) > 0 {
		b = appendList(appendKey(b, ',', "steps"), v.Steps, appendStep)
	}
	b = appendKey(b, ',', "window")
	b = strconv.AppendInt(b, int64(v.Window), 10)
	b = appendOptString(b, "majority", v.Majority)
	b = appendOptBool(b, "done", v.Done)
	return append(b, '}')
}

func appendStep(b []byte, s *Step) []byte {
	b = appendKey(b, '{', "kind")
	b = appendString(b, s.Kind)
	b = appendKey(b, ',', "alternatives")
	b = appendInts(b, s.Alternatives)
	b = appendOptInt(b, "declared", int64(s.Declared))
	b = appendOptString(b, "declared_at", s.DeclaredAt)
	b = appendOptInt(b, "poll", s.Poll)
	if len(s.Counts) > 0 {
		b = appendInts(appendKey(b, ',', "counts"), s.Counts)
	}
	b = appendOptInt(b, "abstained", int64(s.Abstained))
	b = appendOptInt(b, "winner", int64(s.Winner))
	b = appendOptBool(b, "done", s.Done)
	b = appendOptBool(b, "demanded", s.Demanded)
	b = appendOptString(b, "demanded_by", s.DemandedBy)
	b = appendOptBool(b, "secret", s.Secret)
	b = appendOptBool(b, "open", s.Open)
	b = appendOptString(b, "window_ends", s.WindowEnds)
	b = appendOptString(b, "majority", s.Majority)
	b = appendOptBool(b, "lost", s.Lost)
	b = appendOptBool(b, "casting", s.Casting)
	b = appendOptBool(b, "lot", s.Lot)
	return append(b, '}')
}

// appendKey writes sep ('{' or ',') and "name": (names need no escaping).
func appendKey(b []byte, sep byte, name string) []byte {
	b = append(b, sep, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// openObject starts an object whose first field may be left out: every
// field is then written after a comma, and closeObject drops the first.
func openObject(b []byte) ([]byte, int) { return append(b, '{'), len(b) + 1 }

func closeObject(b []byte, start int) []byte {
	if len(b) > start && b[start] == ',' {
		b = append(b[:start], b[start+1:]...)
	}
	return append(b, '}')
}

func appendOptString(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return appendString(appendKey(b, ',', name), s)
}

func appendOptInt(b []byte, name string, n int64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(appendKey(b, ',', name), n, 10)
}

func appendOptBool(b []byte, name string, v bool) []byte {
	if !v {
		return b
	}
	return append(appendKey(b, ',', name), "true"...)
}

func appendOptBoolPtr(b []byte, name string, v *bool) []byte {
	if v == nil {
		return b
	}
	return strconv.AppendBool(appendKey(b, ',', name), *v)
}

// appendList writes xs as an array, each element by elem (a nil slice
// too: callers that must write null for it say so).
func appendList[T any](b []byte, xs []T, elem func([]byte, *T) []byte) []byte {
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, &xs[i])
	}
	return append(b, ']')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	return appendList(b, ss, func(b []byte, s *string) []byte { return appendString(b, *s) })
}

func appendInts(b []byte, ns []int) []byte {
	if ns == nil {
		return append(b, "null"...)
	}
	return appendList(b, ns, func(b []byte, n *int) []byte { return strconv.AppendInt(b, int64(*n), 10) })
}

// appendIntMap writes a map with integer keys as encoding/json does: the
// keys as strings, in the order of those strings.
func appendIntMap[V any](b []byte, m map[int]V, value func([]byte, V) []byte) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, strconv.Itoa(k))
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		n, _ := strconv.Atoi(k)
		b = append(appendString(b, k), ':')
		b = value(b, m[n])
	}
	return append(b, '}')
}

func appendStringMap[V any](b []byte, m map[string]V, value func([]byte, V) []byte) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, k), ':')
		b = value(b, m[k])
	}
	return append(b, '}')
}

const hex = "0123456789abcdef"

// appendString writes s quoted as encoding/json does: HTML-safe (<, >
// and & escaped), U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
