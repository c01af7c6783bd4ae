package render

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/facilitation"
)

// The protokoll (formal minutes) a justerare signs: a head naming the
// meeting, its place, attendance and officers; per §, a narrative in time
// order; the signatures; and a long attendance as an appendix.

// event is one thing a § narrates: a proposal, a decision with the
// voting that led to it, a poll, a note, an action, a chair's act. Each
// kind of fact has its own adder (see itemEvents), so that a new kind,
// such as a jäv or a tillägg, is one more adder and one more message.
type event struct {
	at   time.Time
	text string // Markdown: one or more paragraphs
	// clause, when set, is a decision's att-sats (with its reservations)
	// after text: decisions in a row share one "Mötet beslutade".
	clause string
	// para, when set, names the paragraph the text belongs to: a question
	// put and its votering's figures are one paragraph, unless something
	// happened in between (an adjournment).
	para string
}

// chairAct says whether a decision's text is in fact an act of the chair
// ("att förklara mötet öppnat"), which the protokoll writes as such:
// "Open", "Close" or "".
func chairAct(text string) string {
	t := strings.ToLower(text)
	switch {
	case strings.Contains(t, "förklara mötet öppnat"), strings.Contains(t, "declare the meeting open"):
		return "Open"
	case strings.Contains(t, "förklara mötet avslutat"), strings.Contains(t, "declare the meeting closed"):
		return "Close"
	}
	return ""
}

// protocol writes the protokoll.
func (w *minutesWriter) protocol() {
	v, m := w.v, w.v.Meeting
	names := w.attendees()
	w.head(names)
	explicit := map[string]bool{} // the chair's acts recorded as decisions
	for _, e := range w.rec.Entries {
		if e.Kind == facilitation.Decision && !e.Removed {
			if act := chairAct(e.Text); act != "" {
				explicit[act] = true
			}
		}
	}
	// The chair's acts, unless recorded as decisions: the opening in the
	// first §, the closing in the § under way at the end.
	acts := func(evs []event, first, closing bool) []event {
		if first && !explicit["Open"] { // first among what happened at the same time
			evs = append([]event{{at: m.Started, text: v.T("ChairActOpen", "At", v.Clock(m.Started))}}, evs...)
		}
		if closing && !m.Running() && !explicit["Close"] {
			evs = append(evs, event{at: m.Ended, text: v.T("ChairActClose", "At", v.Clock(m.Ended))})
		}
		return evs
	}
	last := w.closingItem()
	labels := m.Agenda.Labels()
	// A meeting closed before its last item closes under a heading of its
	// own after the last § written, rather than inside a matter's §. The
	// heading has no number: the agenda's numbers are the adopted ones.
	closeApart := !m.Running() && len(labels) > 0 && last != m.Agenda.Items[len(labels)-1].ID
	closed := false // the § where the meeting was closed is written
	for i, it := range m.Agenda.Items {
		evs := acts(w.itemEvents(it.ID), i == 0, it.ID == last && !closeApart)
		if closed && !m.Running() && len(evs) == 0 && it.Started.IsZero() {
			continue // never reached: the protokoll ends with the § where the meeting was closed
		}
		closed = closed || it.ID == last
		w.printf("## § %s %s\n\n", labels[i], it.Title)
		switch {
		case len(evs) == 0 && i+1 < len(labels) && strings.HasPrefix(labels[i+1], labels[i]+" "):
			// a heading over its sub-items (§ 9 Motioner, then § 9 a …)
		case len(evs) == 0 && it.Started.IsZero() && !m.Running():
			w.printf("%s\n\n", v.T("ProtocolNotDealt")) // passed over: the chair went on past it
		default:
			w.narrate(evs)
		}
	}
	if evs := acts(nil, false, true); closeApart && len(evs) > 0 {
		w.printf("## %s\n\n", v.T("ProtocolClosing"))
		w.narrate(evs)
	}
	switch evs := w.itemEvents(0); { // what was done outside any item
	case len(m.Agenda.Items) == 0:
		w.narrate(acts(evs, true, true))
	case len(evs) > 0:
		w.printf("## %s\n\n", v.T("ProtocolOther"))
		w.narrate(evs)
	}
	w.signatures()
	w.appendix(names)
}

// narrate writes a §'s events in time order. Events of one paragraph
// (the same para) that follow each other are written as one.
func (w *minutesWriter) narrate(evs []event) {
	if len(evs) == 0 {
		w.printf("%s\n\n", w.v.T("ProtocolNothing"))
		return
	}
	slices.SortStableFunc(evs, func(a, b event) int { return a.at.Compare(b.at) })
	var paras []string
	lastPara := ""
	deciding := false // the last paragraph written was an att-sats
	for _, e := range evs {
		if e.text != "" {
			text := strings.TrimRight(e.text, "\n")
			if e.para != "" && e.para == lastPara {
				paras[len(paras)-1] += " " + text
			} else {
				paras = append(paras, text)
			}
		}
		lastPara = e.para
		if e.clause == "" {
			deciding = false
			continue
		}
		if !deciding || e.text != "" {
			paras = append(paras, w.v.T("ProtocolDecided"))
		}
		paras = append(paras, e.clause)
		lastPara, deciding = "", true
	}
	for _, p := range paras {
		w.printf("%s\n\n", p)
	}
}

// closingItem is the ID of the item under way when the meeting ended:
// its § says that the chair closed the meeting.
func (w *minutesWriter) closingItem() int {
	items := w.v.Meeting.Agenda.Items
	if len(items) == 0 {
		return 0
	}
	best := items[len(items)-1]
	for _, it := range items {
		if !it.Ended.IsZero() && it.Ended.Equal(w.v.Meeting.Ended) {
			best = it
		}
	}
	return best.ID
}

// itemEvents gathers what the protokoll narrates under an item.
func (w *minutesWriter) itemEvents(itemID int) []event {
	var evs []event
	// At the same time, a poll's close goes before the entries recorded
	// after it (a clock that does not move, as in a replayed script).
	evs = append(evs, w.proposalEvents(itemID)...)
	evs = append(evs, w.pollEvents(itemID)...)
	evs = append(evs, w.entryEvents(itemID)...)
	return evs
}

// proposalEvents: who proposed what, with whose support.
func (w *minutesWriter) proposalEvents(itemID int) []event {
	v := w.v
	ps := v.Meeting.Proposals[itemID]
	if ps == nil {
		return nil
	}
	var evs []event
	for _, p := range ps.List {
		text := v.T("NarrProposed"+string(p.Kind), "Name", v.Name(p.By), "Text", p.Text, "N", p.N, "Amends", p.Amends)
		if len(p.Supporters) > 0 {
			text += " " + v.T("NarrSupported", "Names", v.List(v.NameAll(p.Supporters)))
		}
		if p.Withdrawn {
			text += " " + v.T("NarrWithdrawn", "Name", v.Name(p.By))
		}
		evs = append(evs, event{at: p.At, text: text})
	}
	return evs
}

// entryEvents: decisions (with their voting and reservations), notes and
// actions.
func (w *minutesWriter) entryEvents(itemID int) []event {
	v := w.v
	var evs []event
	var narrated *facilitation.Voting // the voting told before the last decision
	for _, e := range w.rec.Entries {
		if e.ItemID != itemID || e.Removed {
			continue
		}
		var text, clause string
		switch e.Kind {
		case facilitation.Decision:
			if act := chairAct(e.Text); act != "" {
				text = v.T("ChairAct"+act, "At", v.Clock(e.At))
				break
			}
			clause = w.decisionClause(e)
			if e.Voting != nil && !sameVoting(e.Voting, narrated) {
				// a second att-sats of the same voting (a tillägg) follows the first
				evs = append(evs, w.votingEvents(e.Voting, e.At)...)
			}
			narrated = e.Voting
		case facilitation.Action:
			text = v.T("NarrAction", "Name", v.Name(e.Assignee), "Text", e.TextIn(v.Lang))
			if !e.Due.IsZero() {
				text += " " + v.T("DueBy", "Due", e.Due.Format(time.DateOnly))
			}
		default:
			text = e.TextIn(v.Lang)
		}
		evs = append(evs, event{at: e.At, text: text, clause: clause})
	}
	return evs
}

// sameVoting reports whether two decisions came from one propositionsordning.
func sameVoting(a, b *facilitation.Voting) bool {
	if a == nil || b == nil || a.ItemID != b.ItemID || !slices.Equal(a.Order, b.Order) {
		return false
	}
	return slices.EqualFunc(a.Steps, b.Steps, func(x, y facilitation.Step) bool {
		return x.Kind == y.Kind && x.Poll == y.Poll && x.DeclaredAt.Equal(y.DeclaredAt) && x.Winner == y.Winner
	})
}

// decisionClause is a decision as the protokoll has it after "Mötet
// beslutade": the att-sats and the reservations.
func (w *minutesWriter) decisionClause(e facilitation.Entry) string {
	v := w.v
	var b strings.Builder
	b.WriteString(v.Clause(e.TextIn(v.Lang)))
	if e.Tally != nil && e.Voting == nil { // a decision recorded before votings were kept
		b.WriteString(" " + v.Tally(e.Tally))
	}
	for _, note := range w.decisionNotes(e) {
		b.WriteString("\n\n_" + note + "_")
	}
	return b.String()
}

// decisionNotes are what goes with a decision: the majority it needed,
// who took no part in it (jäv), and the reservations against it.
func (w *minutesWriter) decisionNotes(e facilitation.Entry) []string {
	v := w.v
	var notes []string
	if e.Majority.Qualified() && !lost(e.Voting) { // an avslag because a bifall missed it needed no more
		notes = append(notes, v.T("MajorityRequired", "Majority", v.majorityName(e.Majority)))
	}
	if len(e.Recused) > 0 {
		notes = append(notes, v.T("RecusedLine", "Names", v.List(v.NameAll(e.Recused)), "Count", len(e.Recused)))
	}
	for _, r := range e.Reservations {
		line := v.T("ProtocolReservation", "Name", v.Name(r.Who))
		if r.Reason != "" {
			line += " " + v.T("ReservedWhy", "Reason", r.Reason)
		}
		notes = append(notes, line)
	}
	return notes
}

// lost reports whether a question of vt missed the qualified majority
// it needed.
func lost(vt *facilitation.Voting) bool {
	return vt != nil && slices.ContainsFunc(vt.Steps, func(s facilitation.Step) bool { return s.Lost })
}

// votingEvents narrates a propositionsordning, each part when it
// happened: the order when the first question was put; each question
// with the chair's finding and who demanded a votering, when the chair
// found (a huvudvotering when its poll opened); a votering's figures when
// its poll closed; and the tilläggsyrkanden that fell with what they
// added to. decided is when the voting ended in a decision.
func (w *minutesWriter) votingEvents(vt *facilitation.Voting, decided time.Time) []event {
	v := w.v
	ps := v.Meeting.Proposals[vt.ItemID]
	if ps == nil {
		return nil
	}
	para := "voting " + decided.String() + " "
	first := decided
	for i := range vt.Steps {
		if at := w.stepAt(&vt.Steps[i]); !at.IsZero() {
			first = at
			break
		}
	}
	evs := []event{{at: first, text: v.T("NarrOrder", "Order", strings.Join(v.OrderLines(ps, vt.Order), " "))}}
	put := map[int]bool{}
	last := first
	for i := range vt.Steps {
		s := &vt.Steps[i]
		put[s.Alternatives[0]] = true
		if !s.Done {
			continue
		}
		at := w.stepAt(s)
		if at.IsZero() {
			at = last
		}
		key := para + strconv.Itoa(i)
		evs = append(evs, event{at: at, text: w.questionText(ps, vt, i), para: key})
		last = at
		if s.Counted() {
			if p := w.pollByID(s.Poll); p != nil && p.Closed && p.ClosedAt.After(at) {
				last = p.ClosedAt
			}
			evs = append(evs, event{at: last, text: w.voteringText(ps, s), para: key})
		}
	}
	return append(evs, w.fallenAdditions(ps, vt, put, last)...)
}

// questionText narrates step i of vt as the chair put it: the question,
// the chair's finding, and who demanded a votering on it.
func (w *minutesWriter) questionText(ps *facilitation.Proposals, vt *facilitation.Voting, i int) string {
	v := w.v
	s := &vt.Steps[i]
	text := w.putText(ps, vt, i)
	if s.Declared > 0 {
		text += " " + v.T("NarrFound", "Result", w.result(s, s.Alternatives[s.Declared-1]))
	} else {
		text += "."
	}
	switch {
	case s.Kind == facilitation.StepProposition && s.Demanded && !s.Counted(): // among three or more
		text += " " + v.T("NarrVoteringMain", "Name", w.demander(s), "N", s.Winner, "Kind", v.T("VoteringKind"+w.voteringKind(s)))
	case s.Counted() && s.Kind != facilitation.StepMain: // the huvudvotering's was demanded on the proposition
		text += " " + v.T("NarrVotering", "Name", w.demander(s), "Kind", v.T("VoteringKind"+w.voteringKind(s)))
	}
	return text
}

// fallenAdditions are the tilläggsyrkanden of a voting decided on the
// matter that were never put (put holds those that were) because what
// they added to was not carried: each fell with it. They are dated at.
func (w *minutesWriter) fallenAdditions(ps *facilitation.Proposals, vt *facilitation.Voting, put map[int]bool, at time.Time) []event {
	out := vt.Outcome(ps)
	if !vt.Done || len(out.Carried) == 0 || out.Carried[0].Step.Kind == facilitation.StepFormal {
		return nil
	}
	carried := out.Carried[0]
	var evs []event
	for _, n := range vt.Order {
		p := ps.List[n-1]
		if p.Kind == facilitation.Addition && !put[n] && (carried.Rejected || carried.Proposal != p.Amends) {
			evs = append(evs, event{at: at, text: w.v.T("NarrAdditionFell", "N", n, "Adds", p.Amends)})
		}
	}
	return evs
}

// stepAt is when a question was put to the meeting: when the chair
// found on it, or, for a huvudvotering, when its poll opened; zero if
// the record does not say.
func (w *minutesWriter) stepAt(s *facilitation.Step) time.Time {
	if !s.DeclaredAt.IsZero() {
		return s.DeclaredAt
	}
	if p := w.pollByID(s.Poll); p != nil {
		return p.Created
	}
	return time.Time{}
}

// putText says what question the chair put as step i of vt:
// "Ordföranden ställde yrkande 1 mot avslag", a proposition on all the
// main alternatives, an ändringsyrkande against the wording it changes,
// or the huvudvotering. A proposal into which an ändringsyrkande was
// carried earlier in the voting is put as amended: "yrkande 2 med
// ändringen i yrkande 3".
func (w *minutesWriter) putText(ps *facilitation.Proposals, vt *facilitation.Voting, i int) string {
	v := w.v
	s := &vt.Steps[i]
	before := &facilitation.Voting{Steps: vt.Steps[:i]} // what was carried before this question
	name := func(a int) string {
		if m := before.Amended(ps, a); a != facilitation.Reject && m > 0 {
			return v.T("AltAmendedShort", "N", a, "By", m)
		}
		return w.altName(ps, s, a)
	}
	switch {
	case len(s.Alternatives) > 2:
		ns := make([]string, len(s.Alternatives))
		for i, a := range s.Alternatives {
			ns[i] = strconv.Itoa(a)
			if m := before.Amended(ps, a); m > 0 {
				ns[i] = v.T("AmendedNote", "N", a, "By", m)
			}
		}
		return v.T("NarrPutAll", "Ns", v.List(ns))
	case s.Kind == facilitation.StepAmendment:
		return v.T("NarrPutAmendment", "N", s.Alternatives[0], "Amends", amends(ps, s.Alternatives[0]))
	case s.Kind == facilitation.StepMain:
		return v.T("NarrPutMain", "A", name(s.Alternatives[0]), "B", name(s.Alternatives[1]))
	}
	return v.T("NarrPut", "A", name(s.Alternatives[0]), "B", name(s.Alternatives[1]))
}

// amends is the proposal that proposal n changes or adds to.
func amends(ps *facilitation.Proposals, n int) int {
	if n < 1 || n > len(ps.List) {
		return 0
	}
	return ps.List[n-1].Amends
}

// demander names who demanded the votering on s.
func (w *minutesWriter) demander(s *facilitation.Step) string {
	if s.DemandedBy == "" { // a step recorded before who demanded was kept
		if p := w.pollByID(s.Poll); p != nil {
			return w.v.Name(p.Creator)
		}
		return ""
	}
	return w.v.Name(s.DemandedBy)
}

// voteringKind is how a votering demanded on s was held: "secret" (a
// sluten votering), "open" when an öppen votering was asked for, or ""
// when it was held as the meeting holds them.
func (w *minutesWriter) voteringKind(s *facilitation.Step) string {
	vis := facilitation.Visibility("")
	if p := w.pollByID(s.Poll); p != nil {
		vis = p.Visibility
	}
	switch {
	case vis == facilitation.Secret || vis == "" && s.Secret:
		return "secret"
	case s.Open:
		return "open"
	}
	return ""
}

// pollByID is the record's poll with the ID, or nil.
func (w *minutesWriter) pollByID(id int64) *facilitation.Poll {
	for _, p := range w.rec.Polls {
		if p.ID == id {
			return p.Poll
		}
	}
	return nil
}

// javText says who took no part in a decision for jäv (conflict of
// interest): "Anders Berg anmälde jäv och deltog inte i beslutet."
func (w *minutesWriter) javText(who []string) string {
	return w.v.T("NarrJav", "Names", w.v.List(w.v.NameAll(who)), "Count", len(who))
}

// excludedText says who took no part in a poll on the item: for jäv,
// those the item has as disqualified, and those the poll left out
// otherwise ("deltog inte i omröstningen"), who declared nothing.
func (w *minutesWriter) excludedText(p *facilitation.Poll) string {
	var recused []string
	if it := w.v.Meeting.Agenda.Item(p.ItemID); it != nil {
		recused = it.Recused
	}
	var jav, others []string
	for _, id := range p.Excluded {
		if slices.Contains(recused, id) {
			jav = append(jav, id)
		} else {
			others = append(others, id)
		}
	}
	var paras []string
	if len(jav) > 0 {
		paras = append(paras, w.javText(jav))
	}
	if len(others) > 0 {
		paras = append(paras, w.v.T("NarrExcluded", "Names", w.v.List(w.v.NameAll(others)), "Count", len(others)))
	}
	return strings.Join(paras, "\n\n")
}

// altName names an alternative of s briefly: "yrkande 2", "avslag",
// or, against an ändringsyrkande, "lydelsen i yrkande 2".
func (w *minutesWriter) altName(ps *facilitation.Proposals, s *facilitation.Step, a int) string {
	switch {
	case a == facilitation.Reject && s.Kind == facilitation.StepAmendment:
		return w.v.T("AltWording", "N", amends(ps, s.Alternatives[0]))
	case a == facilitation.Reject:
		return w.v.T("AltRejectShort")
	}
	return w.v.T("AltProposalShort", "N", a)
}

// result says what the meeting did by carrying alternative a of s:
// "bifallit yrkande 2", or "avslagit yrkande 4".
func (w *minutesWriter) result(s *facilitation.Step, a int) string {
	switch {
	case a == facilitation.Reject:
		return w.v.T("ResultRejected", "N", s.Alternatives[0])
	case s.Kind == facilitation.StepCounter: // a kontrapropositionsvotering
		return w.v.T("ResultCounter", "N", a)
	}
	return w.v.T("ResultCarried", "N", a)
}

// voteringText gives a counted vote: the figures per alternative, the
// shares of the votes for an alternative (the one base, named), the
// chair's casting vote if it broke a tie, and what the meeting thereby
// did. Who demanded it goes with the question (votingEvents).
func (w *minutesWriter) voteringText(props *facilitation.Proposals, s *facilitation.Step) string {
	v := w.v
	var figures, shares []string
	base := 0
	for _, n := range s.Counts {
		base += n
	}
	for i, a := range s.Alternatives {
		id := "FigureFor"
		if i == 0 {
			id = "FigureFirst"
		}
		figures = append(figures, v.T(id, "Count", s.Counts[i], "Alt", w.altName(props, s, a)))
		if base > 0 {
			pct := v.Percent(100 * float64(s.Counts[i]) / float64(base))
			if i == 0 && s.Lost {
				pct = v.PercentMissed(s.Counts[i], base, s.Majority)
			}
			shares = append(shares, v.T("ShareOf", "Alt", w.altName(props, s, a), "Percent", pct))
		}
	}
	if s.Abstained > 0 { // in a votering, those who vote for neither vote blank
		figures = append(figures, v.T("FigureBlank", "Count", s.Abstained))
	}
	var parts []string // its jäv is the decision's (RecusedLine)
	parts = append(parts, v.T("NarrFigures", "Figures", v.List(figures)))
	if base > 0 {
		parts = append(parts, v.T("NarrShares", "Base", base, "Count", base, "Shares", v.List(shares)))
	}
	if p := w.pollByID(s.Poll); p != nil && p.Visibility == facilitation.Open { // öppen votering: the names
		parts = append(parts, w.votersText(props, s, p)...)
	}
	if s.Lost { // the figures are told: what it lacked, and that it fell
		return strings.Join(append(parts, v.T("NarrMajorityMissed", "Majority", v.majorityName(s.Majority), "N", s.Alternatives[0])), " ")
	}
	switch {
	case s.Casting:
		parts = append(parts, v.T("NarrCasting", "Alt", w.altName(props, s, s.Winner)))
	case s.Lot:
		parts = append(parts, v.T("NarrLot", "Alt", w.altName(props, s, s.Winner)))
	}
	parts = append(parts, v.T("NarrCounted", "Result", w.result(s, s.Winner)))
	return strings.Join(parts, " ")
}

// votersText names, in an öppen votering, who voted for each
// alternative and who voted blank, by surname.
func (w *minutesWriter) votersText(props *facilitation.Proposals, s *facilitation.Step, p *facilitation.Poll) []string {
	v := w.v
	byOption := p.VotersByOption(0)
	var blank []string
	for id, b := range p.Votes {
		if len(b) == 0 {
			blank = append(blank, id)
		}
	}
	var out []string
	for i, a := range s.Alternatives {
		if i < len(byOption) && len(byOption[i]) > 0 {
			out = append(out, v.T("NarrVotedFor", "Alt", w.altName(props, s, a), "Names", v.List(w.bySurname(byOption[i]))))
		}
	}
	if len(blank) > 0 {
		out = append(out, v.T("NarrVotedBlank", "Names", v.List(w.bySurname(blank))))
	}
	return out
}

// bySurname names people sorted by surname, as the language sorts.
func (w *minutesWriter) bySurname(ids []string) []string {
	seats := make([]sorted, len(ids))
	for i, id := range ids {
		seats[i].key, seats[i].label = w.seat(id)
	}
	return w.labels(seats)
}

// RegisterNames names the members on the register as the protokoll's
// attendance does: by surname, each absent member with the proxy or
// substitute who holds their seat.
func (v *View) RegisterNames(ids []string) []string {
	return (&minutesWriter{v: v}).bySurname(ids)
}

// sorted is a label with the key it sorts by (a surname first).
type sorted struct{ key, label string }

// labels are the labels of people, sorted by their keys as the language
// sorts, then by label.
func (w *minutesWriter) labels(people []sorted) []string {
	col := collate.New(language.Make(w.v.Lang), collate.IgnoreCase)
	slices.SortStableFunc(people, func(a, b sorted) int {
		return cmp.Or(col.CompareString(a.key, b.key), strings.Compare(a.label, b.label))
	})
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.label
	}
	return out
}

// seat names who holds member id's seat, with the key that sorts them
// by surname: the member, the substitute in the member's place ("Sune
// Ersätt (ersättare för Nils Berg)"), or the member whose proxy cast
// their vote ("Lars Öhman (genom fullmakt till Gun Åberg)").
func (w *minutesWriter) seat(id string) (key, label string) {
	v := w.v
	if sub := v.Meeting.Register.SubstituteFor(id); sub != "" {
		return surnameFirst(v.Name(sub)), v.T("AsSubstitute", "Name", v.Name(sub), "For", v.Name(id))
	}
	if holder := v.Meeting.Register.ProxyHolder(id); holder != "" { // not here: their vote was the holder's to cast
		return surnameFirst(v.Name(id)), v.T("ByProxy", "Name", v.Name(id), "Holder", v.Name(holder))
	}
	return surnameFirst(v.Name(id)), v.Name(id)
}

// surnameFirst puts a name's last word first, to sort by surname.
func surnameFirst(name string) string {
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		return name[i+1:] + " " + name[:i]
	}
	return name
}

// pollEvents: the item's polls that no voting narrates, when they closed
// (or opened, while open): elections as elections, others with their
// results.
func (w *minutesWriter) pollEvents(itemID int) []event {
	narrated := map[int64]bool{}
	for _, e := range w.rec.Entries {
		if e.Voting != nil {
			for _, s := range e.Voting.Steps {
				narrated[s.Poll] = true
			}
		}
	}
	var evs []event
	for _, p := range w.rec.Polls {
		if p.ItemID != itemID || narrated[p.ID] {
			continue
		}
		at := p.Created
		if p.Closed {
			at = p.ClosedAt
		}
		var text, clause string
		if p.Kind == facilitation.Elect && p.Closed {
			text, clause = w.electionText(p)
		} else {
			text = w.pollText(p)
			if len(p.Excluded) > 0 {
				text = w.excludedText(p.Poll) + "\n\n" + text
			}
		}
		evs = append(evs, event{at: at, text: text, clause: clause})
	}
	return evs
}

// pollText is a poll's results as the minutes write them.
func (w *minutesWriter) pollText(p Poll) string {
	sub := &minutesWriter{v: w.v, rec: w.rec, end: w.end}
	sub.poll(p, "###")
	return sub.b.String()
}

// electionText narrates an election: the post (and term, as the poll's
// title gives it), how it was held, the votes per candidate in order of
// votes, and the att-sats naming the elected in that order.
func (w *minutesWriter) electionText(pv Poll) (text, clause string) {
	v := w.v
	p := pv.Poll
	r := p.Results()
	if r.Err != nil || r.Lot != nil {
		return w.pollText(pv), "" // a count that waits or failed says so itself
	}
	order := make([]int, len(p.Options))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(r.Counts[b], r.Counts[a]) })
	var votes []string
	for _, i := range order {
		votes = append(votes, v.T("CandidateVotes", "Name", p.Options[i], "Count", r.Counts[i]))
	}
	var paras []string
	if len(p.Excluded) > 0 {
		paras = append(paras, w.excludedText(p))
	}
	round := w.electionRound(pv)
	if round == 1 && r.Runoff == nil {
		round = 0 // a lone round is not numbered
	}
	paras = append(paras, v.T("NarrElection", "Question", p.Question, "How", v.T("VisibilityShort"+string(p.Visibility)), "Turnout", r.Turnout,
		"Blank", r.Blank+r.Abstained, "Round", round))
	if r.Cast > 0 && r.STV == nil { // an STV count's first stage gives its first preferences
		paras = append(paras, v.T("NarrVotes", "Votes", strings.Join(votes, ", ")))
	}
	if r.STV != nil { // the quota and each stage's transfers, as the count went
		stages := []string{v.QuotaLine(p, r)}
		for i, l := range v.StageLines(p, r) {
			stages = append(stages, strconv.Itoa(i+1)+". "+l)
		}
		paras = append(paras, strings.Join(stages, "\n"))
	}
	for _, d := range p.Draws {
		paras = append(paras, v.lotLine(p, r, d))
	}
	switch {
	case r.Runoff != nil:
		paras = append(paras, v.T("NarrRunoff", "Names", v.List(v.OptionList(p, r.Runoff))))
	case len(r.Elected) > 0: // in the count's order: STV's own, block voting's by votes
		clause = v.T("ElectClause", "Post", v.midSentence(post(p.Question)), "Names", v.List(v.OptionList(p, r.Elected)))
		if r.Vacant > 0 {
			paras = append(paras, v.T("SeatsVacant", "Count", r.Vacant))
		}
	default:
		paras = append(paras, v.T("NarrNoneElected"))
	}
	return strings.Join(paras, "\n\n"), clause
}

// electionRound is which round of an election p is: 1 for the first,
// 2 for a new round held because nobody got the absolute majority the
// first time, and so on. A new round is the same election, on the same
// item, among those its previous round named.
func (w *minutesWriter) electionRound(p Poll) int {
	for _, q := range w.rec.Polls {
		if q.ID >= p.ID || q.ItemID != p.ItemID || q.Kind != facilitation.Elect || !q.Closed || q.Question != p.Question {
			continue
		}
		r := q.Results()
		if r.Runoff == nil || len(r.Runoff) != len(p.Options) {
			continue
		}
		same := true
		for i, o := range r.Runoff {
			same = same && q.Options[o] == p.Options[i]
		}
		if same {
			return w.electionRound(q) + 1
		}
	}
	return 1
}

// post is the post an election's title names: "Val av tre ledamöter i
// styrelsen för två år" gives "tre ledamöter i styrelsen för två år".
func post(question string) string {
	for _, prefix := range []string{"val av ", "election of ", "elect "} {
		if len(question) > len(prefix) && strings.EqualFold(question[:len(prefix)], prefix) {
			return question[len(prefix):]
		}
	}
	return question
}

// midSentence writes a post's title as Swedish writes it inside the
// att-sats ("att till ordförande för ett år välja …"): a capital that only
// starts the title, as a poll's title has, is lower case there; a word in
// capitals (VD, IT-ansvarig) keeps them. English keeps the title as given.
func (w Words) midSentence(title string) string {
	if w.Lang != "sv" {
		return title
	}
	first, n := utf8.DecodeRuneInString(title)
	next, _ := utf8.DecodeRuneInString(title[n:])
	if !unicode.IsUpper(first) || !unicode.IsLower(next) {
		return title
	}
	return string(unicode.ToLower(first)) + title[n:]
}

// head writes the protokoll's head: the meeting, when and where, who
// attended (names, as attendees gives them), and its officers.
func (w *minutesWriter) head(names []string) {
	v, m := w.v, w.v.Meeting
	w.printf("# %s\n\n", v.T("ProtocolTitle", "Title", m.Title))
	if m.Protokoll.Association != "" {
		w.printf("%s: %s  \n", v.T("AssociationLabel"), m.Protokoll.Association)
	}
	when := "ProtocolWhen"
	if m.Running() { // no end time until it ended
		when = "ProtocolWhenRunning"
	}
	w.printf("%s  \n", v.T(when, "Date", v.Date(m.Started), "From", v.Clock(m.Started), "To", v.Clock(w.end)))
	w.printf("%s: %s  \n", v.T("PlaceLabel"), cmp.Or(m.Protokoll.Place, "–")) // a gap the justerare should see
	w.attendance(names)
	if guests := m.Register.Guests; len(guests) > 0 { // adjungerade: present, without a vote
		w.printf("%s: %s  \n", v.T("GuestsLabel"), v.List(v.NameAll(guests)))
	}
	w.printf("%s: %s  \n", v.T("ChairLabel"), v.Name(m.Chair))
	w.printf("%s: %s  \n", v.T("SecretaryLabel"), cmp.Or(w.nameOr(m.Secretary), "–"))
	w.printf("%s: %s", v.T("AdjustersLabel"), cmp.Or(v.List(v.NameAll(m.Adjusters)), "–"))
	if len(m.Protokoll.Tellers) > 0 {
		w.printf("  \n%s: %s", v.T("TellersLabel"), v.List(v.NameAll(m.Protokoll.Tellers)))
	}
	w.printf("\n\n")
	if !w.registerNoted() {
		w.register()
	}
}

// registerNoted reports whether the entries say when the register was
// set, under the § where it was (a meeting recorded before they did has
// it in the head).
func (w *minutesWriter) registerNoted() bool {
	r := w.v.Meeting.Register
	if !r.IsSet() {
		return false
	}
	for _, lang := range i18n.Locales {
		text := w.v.Cat.Text(lang, "MinutesRegisterSet", "At", Words{Lang: lang, Cat: w.v.Cat, Zone: w.v.Zone}.Clock(r.Set), "Count", r.SetCount())
		for _, e := range w.rec.Entries {
			if e.Kind == facilitation.Note && e.Text == text {
				return true
			}
		}
	}
	return false
}

// attendanceListMax is how many names the protokoll's head lists; a
// longer attendance goes into an appendix.
const attendanceListMax = 20

// attendees returns who attended, sorted by surname, those struck from
// the register marked with the time.
func (w *minutesWriter) attendees() []string {
	v, r := w.v, w.v.Meeting.Register
	ids := v.present(w.rec)
	present := map[string]bool{}
	for _, id := range ids {
		present[id] = true
	}
	struck := map[string]time.Time{}
	for _, ch := range r.Changes {
		if !ch.Added && !present[ch.Who] {
			struck[ch.Who] = ch.At
		}
	}
	var people []sorted
	for _, id := range ids {
		key, label := w.seat(id)
		if h := r.ProxyHolder(id); h != "" { // a member not there in person
			label = v.T("ByProxy", "Name", v.Name(id), "Holder", v.Name(h))
		}
		people = append(people, sorted{key, label})
	}
	for id, at := range struck {
		people = append(people, sorted{surnameFirst(v.Name(id)), v.T("StruckAt", "Name", v.Name(id), "At", v.Clock(at))})
	}
	return w.labels(people)
}

// attendance writes who was present, as many as it names: the members
// on the register in person, those whose vote a proxy cast, and those
// struck from the register, counted apart ("Närvarande: 55
// röstberättigade medlemmar, samt 1 genom fullmakt (bilaga 1)").
func (w *minutesWriter) attendance(names []string) {
	v, r := w.v, &w.v.Meeting.Register
	present := v.present(w.rec)
	var also []string
	proxies := 0
	for _, id := range present {
		if r.ProxyHolder(id) != "" {
			proxies++
		}
	}
	if proxies > 0 {
		also = append(also, v.T("PresentByProxy", "Count", proxies))
	}
	if n := len(names) - len(present); n > 0 {
		also = append(also, v.T("PresentStruck", "Count", n))
	}
	count := v.T("PresentCount", "Count", len(present)-proxies, "Register", r.IsSet(), "Also", v.List(also))
	if len(names) <= attendanceListMax {
		w.printf("%s  \n", v.T("ProtocolPresentNames", "Present", count, "Names", v.List(names)))
		return
	}
	w.printf("%s  \n", v.T("ProtocolPresentAppendix", "Present", count))
}

// appendix lists a long attendance after the signatures.
func (w *minutesWriter) appendix(names []string) {
	if len(names) <= attendanceListMax {
		return
	}
	w.printf("## %s\n\n", w.v.T("AppendixAttendance", "Count", len(names)))
	for i, n := range names {
		w.printf("%d. %s\n", i+1, n)
	}
	w.printf("\n")
}

// signatureLine is where a signature goes: escaped underscores, so that
// Markdown shows a line rather than a rule or emphasis.
var signatureLine = strings.Repeat(`\_`, 30)

// signatures writes "Ort och datum", the secretary's signature ("Vid
// protokollet"), the chair's and the adjusters' ("Justeras"), and, once
// every adjuster has approved, who did and when.
func (w *minutesWriter) signatures() {
	v, m := w.v, w.v.Meeting
	sign := func(name, role string) { w.printf("%s  \n%s, %s\n\n", signatureLine, name, role) }
	w.printf("%s: %s\n\n", v.T("PlaceAndDate"), signatureLine)
	w.printf("%s\n\n", v.T("ProtocolSecretarySigns"))
	sign(cmp.Or(w.nameOr(m.Secretary), "…"), v.T("SecretaryRole"))
	w.printf("%s\n\n", v.T("ProtocolAdjusted"))
	sign(v.Name(m.Chair), v.T("ChairRole"))
	for _, a := range m.Adjusters {
		sign(v.Name(a), v.T("AdjusterRole"))
	}
	if len(m.Adjusters) == 0 {
		sign("…", v.T("AdjusterRole"))
	}
	if m.Protokoll.Justerat() {
		w.printf("**%s**\n\n", v.T("JusteratBy", "Names", w.approvedBy()))
	}
}

// approvedBy names the adjusters who approved the protokoll, with the date.
func (w *minutesWriter) approvedBy() string {
	v := w.v
	var by []string
	for _, s := range v.Meeting.Protokoll.Approvals {
		by = append(by, v.T("ApprovedOn", "Name", v.Name(s.Who), "Date", v.Date(s.At)))
	}
	return v.List(by)
}

// Clock writes a time of day as the language does: "18.02", "18:02".
func (w Words) Clock(t time.Time) string { return w.local(t).Format(w.T("ClockLayout")) }

// Deadline writes when a window of length d ends, at t: to the minute,
// "18.02", as the language writes a time of day; to the second,
// "18.02.30", only when the window is shorter than a minute, where the
// minute alone would not tell how long is left.
func (w Words) Deadline(t time.Time, d time.Duration) string {
	if d < time.Minute {
		return w.local(t).Format(w.T("ClockLayoutSeconds"))
	}
	return w.Clock(t)
}

// Percent writes a share as the language does, to one decimal where it
// has one: "59,8 %", "57 %"; "59.8%", "57%".
func (w Words) Percent(x float64) string {
	return w.percent(x, 1)
}

func (w Words) percent(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	s = strings.TrimSuffix(s, ".0")
	return w.T("PercentFormat", "N", strings.Replace(s, ".", w.T("DecimalSeparator"), 1))
}

// PercentMissed writes the share part/whole of a matter that missed the
// majority m as Percent does, with more decimals where one would round
// it up to the majority it missed: 2,001 of 3,002 is "66,66 %", not the
// "66,7 %" that two thirds would be.
func (w Words) PercentMissed(part, whole int, m facilitation.Majority) string {
	if whole <= 0 {
		return w.Percent(0)
	}
	x := 100 * float64(part) / float64(whole)
	decimals := 1
	for scale := 10.0; decimals < 9; decimals, scale = decimals+1, scale*10 {
		shown := int(math.Round(x * scale)) // the share as written, in units of the last decimal
		if !m.Carries(shown, int(100*scale)-shown) {
			break
		}
	}
	return w.percent(x, decimals)
}
