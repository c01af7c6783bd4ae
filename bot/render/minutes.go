package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/facilitation"
)

// Record is what a meeting's documents need besides the meeting: its
// minutes' entries (for Minutes), its polls and the voting register's
// members.
type Record struct {
	Entries []facilitation.Entry
	Polls   []Poll
	// Register are the IDs on the voting register, once it is set.
	Register []string
}

// present returns who was present: the voting register once it is set,
// else the participants in the order they came.
func (v *View) present(rec Record) []string {
	if v.Meeting.Register.IsSet() {
		return rec.Register
	}
	return v.People
}

// Minutes writes a meeting's minutes as Markdown: the agenda planned
// against actual time, decisions, actions grouped by person, poll
// results (secret ones as totals only) and speaking statistics. A meeting
// whose template asks for a protocol gets the formal form instead.
func (v *View) Minutes(rec Record) string {
	w := &minutesWriter{v: v, rec: rec, end: cmp.Or(v.Meeting.Ended, v.Now)}
	if v.Meeting.Protocol {
		w.protocol()
	} else {
		w.summary()
	}
	return strings.TrimRight(w.b.String(), "\n")
}

// minutesWriter writes the minutes of one meeting.
type minutesWriter struct {
	v   *View
	rec Record
	end time.Time
	b   strings.Builder
}

// nameOr is the name of id, or "" when id is "".
func (w *minutesWriter) nameOr(id string) string {
	if id == "" {
		return ""
	}
	return w.v.Name(id)
}

func (w *minutesWriter) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

func (w *minutesWriter) summary() {
	v, m := w.v, w.v.Meeting
	w.printf("# %s\n\n", m.Title)
	w.printf("%s\n\n", v.T("MinutesMeta", "Date", v.Date(m.Started)+" "+v.At(m.Started),
		"Duration", v.Dur(w.end.Sub(m.Started)), "Chair", v.Name(m.Chair), "Count", len(w.v.People)))
	w.officers()
	w.register()
	w.agendaTable()
	w.entries(facilitation.Decision, "MinutesDecisions", -1)
	w.actions()
	w.entries(facilitation.Note, "MinutesNotes", -1)
	if len(w.rec.Polls) > 0 {
		w.printf("## %s\n\n", v.T("MinutesPolls"))
		for _, p := range w.rec.Polls {
			w.poll(p, "###")
		}
	}
	w.speaking()
	if m.Protokoll.Justerat() {
		w.printf("**%s**\n", v.T("JusteratBy", "Names", w.approvedBy()))
	}
}

// officers writes, in minutes that are not a protokoll, what the meeting
// set of a protokoll's head anyway: the place, the secretary, those who
// check the minutes and the tellers.
func (w *minutesWriter) officers() {
	v, m := w.v, w.v.Meeting
	var lines []string
	if m.Protokoll.Place != "" {
		lines = append(lines, v.T("PlaceLabel")+": "+m.Protokoll.Place)
	}
	if m.Secretary != "" {
		lines = append(lines, v.T("SecretaryLabel")+": "+v.Name(m.Secretary))
	}
	if len(m.Adjusters) > 0 {
		lines = append(lines, v.T("AdjustersLabel")+": "+v.List(v.NameAll(m.Adjusters)))
	}
	if len(m.Protokoll.Tellers) > 0 {
		lines = append(lines, v.T("TellersLabel")+": "+v.List(v.NameAll(m.Protokoll.Tellers)))
	}
	if len(lines) > 0 {
		w.printf("%s\n\n", strings.Join(lines, "  \n"))
	}
}

// Clause writes a decision as the protocol's clause: "att ..." in
// Swedish, "that ..." in English, unless the text already starts with
// the clause word of either language.
func (w Words) Clause(text string) string {
	for _, lang := range i18n.Locales { // the text may be in another language than the minutes
		if word := w.Cat.Text(lang, "ClauseWord"); strings.HasPrefix(strings.ToLower(text), word+" ") {
			return text
		}
	}
	return w.T("ClauseWord") + " " + text
}

func (w *minutesWriter) agendaTable() {
	v, m := w.v, w.v.Meeting
	if len(m.Agenda.Items) == 0 {
		return
	}
	w.printf("## %s\n\n| # | %s | %s | %s |\n|---|---|---|---|\n",
		v.T("MinutesAgenda"), v.T("MinutesItem"), v.T("MinutesPlanned"), v.T("MinutesActual"))
	labels := m.Agenda.Labels()
	for i, it := range m.Agenda.Items {
		planned, actual := "–", "–"
		if it.PlannedAtFirst() > 0 {
			planned = v.Dur(it.PlannedAtFirst())
		}
		if spent := it.Elapsed(w.end); spent > 0 {
			actual = v.Dur(spent)
		}
		w.printf("| %s | %s | %s | %s |\n", labels[i], mdCell(it.Title), planned, actual)
	}
	w.printf("\n")
}

// poll writes a poll's results under a heading of the given level.
func (w *minutesWriter) poll(pv Poll, level string) {
	p := pv.Poll
	v := w.v
	w.printf("%s %s\n\n", level, v.T("PollHeader", "ID", p.ID, "Question", p.Question))
	if !p.Closed {
		w.printf("%s\n\n", v.T("MinutesPollOpen", "Count", p.Turnout()))
		return
	}
	r := p.Results()
	var steps []string
	switch {
	case p.Kind == facilitation.Ranked && p.Method == facilitation.Schulze:
		steps = v.SchulzeLines(p, r)
	case p.Kind == facilitation.Ranked:
		steps = v.RoundLines(p, r)
	case r.STV != nil:
		w.printf("%s\n\n", v.QuotaLine(p, r))
		steps = v.StageLines(p, r)
	default:
		base, baseID := ShareBase(p, r)
		for i := range p.Options {
			share := ""
			if base > 0 && (i != p.Abstention() || baseID == "ShareBaseVoters") {
				share = " (" + v.share(p, r, i, base) + ")"
			}
			w.printf("- %s: %d%s\n", v.OptionLabel(p, i), r.Counts[i], share)
		}
		if base > 0 {
			w.printf("\n%s\n", v.T(baseID, "Count", base))
		}
	}
	for i, l := range steps {
		w.printf("%d. %s\n", i+1, l)
	}
	w.printf("\n%s (%s, %s)\n\n", strings.ReplaceAll(v.Outcome(p, r), "\n", "  \n"), v.Turnout(pv, r.Turnout), v.T("VisibilityShort"+string(p.Visibility)))
	if w.v.Meeting.Protocol && p.Kind == facilitation.Elect && len(r.Elected) > 0 && r.Lot == nil {
		w.printf("%s\n\n", v.T("ProtocolElected", "Names", v.List(v.OptionList(p, r.Elected))))
	}
}

// register writes the voting register's count and its adjustments.
func (w *minutesWriter) register() {
	v, r := w.v, w.v.Meeting.Register
	if !r.IsSet() {
		return
	}
	w.printf("%s\n\n", v.T("MinutesRegisterSet", "At", v.Clock(r.Set), "Count", r.SetCount()))
	for _, ch := range r.Changes {
		id := map[bool]string{true: "MinutesRegisterAdded", false: "MinutesRegisterRemoved"}[ch.Added]
		w.printf("- %s\n", v.T(id, "At", v.Clock(ch.At), "Name", v.Name(ch.Who), "Count", ch.Count))
	}
	if len(r.Changes) > 0 {
		w.printf("\n")
	}
}

// speaking writes turns and time per person, how many turns went to
// someone speaking for the first time on the item, and who never spoke.
func (w *minutesWriter) speaking() {
	v, m := w.v, w.v.Meeting
	spoke, silent := facilitation.Stats(m.AllQueues(), w.v.People, w.end)
	if len(spoke) == 0 {
		return
	}
	w.printf("## %s\n\n", v.T("StatsHeader"))
	for _, s := range spoke {
		w.printf("- %s\n", v.T("StatsLine", "Name", v.Name(s.Who), "Count", s.Turns, "Time", v.Dur(s.Time)))
	}
	turns, first := 0, 0
	for _, q := range m.AllQueues() {
		seen := map[string]bool{}
		for _, t := range q.Turns() {
			turns++
			if !seen[t.Who] {
				seen[t.Who] = true
				first++
			}
		}
	}
	w.printf("\n%s\n", v.T("FirstTurns", "Count", turns, "First", first))
	if len(silent) > 0 {
		w.printf("\n%s: %s\n", v.T("NotSpoken", "Count", len(silent)), strings.Join(v.NameAll(silent), ", "))
	}
	w.printf("\n")
}

// entries lists the entries of a kind under a heading, each with its
// item; itemID -1 means every item.
func (w *minutesWriter) entries(kind facilitation.EntryKind, heading string, itemID int) {
	first := true
	for _, e := range w.rec.Entries {
		if e.Kind != kind || itemID >= 0 && e.ItemID != itemID || e.Removed {
			continue
		}
		if first {
			w.printf("## %s\n\n", w.v.T(heading))
			first = false
		}
		if t := w.v.Meeting.Agenda.Title(e.ItemID); t != "" {
			w.printf("- %s _(%s)_\n", e.TextIn(w.v.Lang), t)
		} else {
			w.printf("- %s\n", e.TextIn(w.v.Lang))
		}
		if kind == facilitation.Decision {
			for _, note := range w.decisionNotes(e) {
				w.printf("  - _%s_\n", note)
			}
		}
	}
	if !first {
		w.printf("\n")
	}
}

// actions lists the action items grouped by assignee, in name order.
func (w *minutesWriter) actions() {
	v := w.v
	var acts []facilitation.Entry
	for _, e := range w.rec.Entries {
		if e.Kind == facilitation.Action && !e.Removed {
			acts = append(acts, e)
		}
	}
	if len(acts) == 0 {
		return
	}
	slices.SortStableFunc(acts, func(a, b facilitation.Entry) int {
		return cmp.Compare(v.Name(a.Assignee), v.Name(b.Assignee))
	})
	w.printf("## %s\n\n", v.T("MinutesActions"))
	who := ""
	for _, e := range acts {
		if e.Assignee != who {
			if who != "" {
				w.printf("\n")
			}
			who = e.Assignee
			w.printf("**%s**\n\n", v.Name(who))
		}
		due := ""
		if !e.Due.IsZero() {
			due = " " + v.T("DueBy", "Due", e.Due.Format(time.DateOnly))
		}
		w.printf("- %s%s\n", e.Text, due)
	}
	w.printf("\n")
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Report writes the facilitator's report: how the speaking was shared.
func (v *View) Report(rec Record) string {
	w := &minutesWriter{v: v, rec: rec, end: cmp.Or(v.Meeting.Ended, v.Now)}
	w.printf("# %s\n\n", v.T("ReportTitle", "Title", v.Meeting.Title))
	w.speaking()
	w.printf("%s", v.fairnessSections(v.present(rec)))
	if w.b.Len() == 0 || !strings.Contains(w.b.String(), "##") {
		w.printf("%s\n", v.T("NobodySpokeYet"))
	}
	return strings.TrimRight(w.b.String(), "\n")
}
