package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/facilitation"
)

// minutesMarkdown writes a meeting's minutes as Markdown: the agenda
// planned against actual time, decisions, actions grouped by person, poll
// results (secret ones as totals only) and speaking statistics. A meeting
// whose template asks for a protocol gets the formal form instead.
func (c *call) minutesMarkdown(m *facilitation.Meeting, polls []*facilitation.Poll) (string, error) {
	entries, err := c.tx.Entries(m.ID)
	if err != nil {
		return "", fmt.Errorf("load minutes entries of %s: %w", m.ID, err)
	}
	withEntries := *m
	withEntries.Minutes, m = entries, &withEntries
	saved := c.m
	c.m = m // names come from the meeting minuted
	defer func() { c.m = saved }()
	participants, err := c.participants()
	if err != nil {
		return "", err
	}
	end := m.Ended
	if end.IsZero() {
		end = c.now
	}
	w := &minutesWriter{c: c, m: m, polls: polls, participants: participants, end: end}
	if m.Protocol {
		w.protocol()
	} else {
		w.summary()
	}
	return strings.TrimRight(w.b.String(), "\n"), nil
}

// minutesWriter writes the minutes of one meeting.
type minutesWriter struct {
	c            *call
	m            *facilitation.Meeting
	polls        []*facilitation.Poll
	participants []string
	end          time.Time
	b            strings.Builder
}

// nameOr is the name of id, or "" when id is "".
func (w *minutesWriter) nameOr(id string) string {
	if id == "" {
		return ""
	}
	return w.c.name(id)
}

func (w *minutesWriter) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

func (w *minutesWriter) summary() {
	c, m := w.c, w.m
	w.printf("# %s\n\n", m.Title)
	w.printf("%s\n\n", c.t("MinutesMeta", "Date", m.Started.Format("2006-01-02 15:04"),
		"Duration", c.dur(w.end.Sub(m.Started)), "Chair", c.name(m.Chair), "Count", len(w.participants)))
	w.register()
	w.agendaTable()
	w.entries(facilitation.Decision, "MinutesDecisions", -1)
	w.actions()
	w.entries(facilitation.Note, "MinutesNotes", -1)
	if len(w.polls) > 0 {
		w.printf("## %s\n\n", c.t("MinutesPolls"))
		for _, p := range w.polls {
			w.poll(p, "###")
		}
	}
	w.speaking()
}

// protocol writes the formal minutes (protokoll): numbered paragraphs
// with the decisions as clauses, the officers named, and signatures.
func (w *minutesWriter) protocol() {
	c, m := w.c, w.m
	w.printf("# %s\n\n", c.t("ProtocolTitle", "Title", m.Title))
	w.printf("%s  \n", c.t("ProtocolWhen", "Date", m.Started.Format("2006-01-02"),
		"From", m.Started.Format("15:04"), "To", w.end.Format("15:04")))
	w.attendance()
	w.printf("%s: %s  \n", c.t("ChairLabel"), c.name(m.Chair))
	w.printf("%s: %s  \n", c.t("SecretaryLabel"), cmp.Or(w.nameOr(m.Secretary), "–"))
	w.printf("%s: %s\n\n", c.t("AdjustersLabel"), cmp.Or(c.words().List(c.names(m.Adjusters)), "–"))
	w.register()
	for i, it := range m.Agenda.Items {
		w.printf("## § %d %s\n\n", i+1, it.Title)
		if decided := w.itemEntries(facilitation.Decision, it.ID); len(decided) > 0 {
			w.printf("%s\n\n", c.t("ProtocolDecided"))
			for _, e := range decided {
				w.decision(e)
			}
			w.printf("\n")
		}
		for _, p := range w.polls {
			if p.ItemID == it.ID {
				w.poll(p, "###")
			}
		}
		for _, e := range w.itemEntries(facilitation.Note, it.ID) {
			w.printf("%s\n\n", e.Text)
		}
		if len(w.itemEntries(facilitation.Decision, it.ID))+len(w.itemEntries(facilitation.Note, it.ID)) == 0 &&
			!slices.ContainsFunc(w.polls, func(p *facilitation.Poll) bool { return p.ItemID == it.ID }) {
			w.printf("%s\n\n", c.t("ProtocolNothing"))
		}
	}
	w.entries(facilitation.Decision, "MinutesDecisions", 0) // decisions made outside any item
	for _, p := range w.polls {
		if p.ItemID == 0 {
			w.poll(p, "##")
		}
	}
	w.actions()
	w.signatures() // speaking statistics are the facilitator's (minutes --stats), not the protokoll's
	w.appendix()
}

// clause writes a decision as the protocol's clause: "att ..." in
// Swedish, "that ..." in English, unless the text already starts with
// the clause word of either language.
func (c *call) clause(text string) string {
	for _, lang := range i18n.Locales { // the text may be in another language than the minutes
		if w := c.b.i18n.Text(lang, "ClauseWord"); strings.HasPrefix(strings.ToLower(text), w+" ") {
			return text
		}
	}
	return c.t("ClauseWord") + " " + text
}

// signatureLine is where a signature goes: escaped underscores, so that
// Markdown shows a line rather than a rule or emphasis.
var signatureLine = strings.Repeat(`\_`, 30)

func (w *minutesWriter) signatures() {
	c, m := w.c, w.m
	sign := func(name, role string) { w.printf("%s  \n%s, %s\n\n", signatureLine, name, role) }
	w.printf("%s\n\n", c.t("ProtocolSecretarySigns"))
	sign(cmp.Or(w.nameOr(m.Secretary), "…"), c.t("SecretaryRole"))
	w.printf("%s\n\n", c.t("ProtocolAdjusted"))
	sign(c.name(m.Chair), c.t("ChairRole"))
	for _, a := range m.Adjusters {
		sign(c.name(a), c.t("AdjusterRole"))
	}
	if len(m.Adjusters) == 0 {
		sign("…", c.t("AdjusterRole"))
	}
}

func (w *minutesWriter) agendaTable() {
	c, m := w.c, w.m
	if len(m.Agenda.Items) == 0 {
		return
	}
	w.printf("## %s\n\n| # | %s | %s | %s |\n|---|---|---|---|\n",
		c.t("MinutesAgenda"), c.t("MinutesItem"), c.t("MinutesPlanned"), c.t("MinutesActual"))
	for i, it := range m.Agenda.Items {
		planned, actual := "–", "–"
		if it.PlannedAtFirst() > 0 {
			planned = c.dur(it.PlannedAtFirst())
		}
		if spent := it.Elapsed(w.end); spent > 0 {
			actual = c.dur(spent)
		}
		w.printf("| %d | %s | %s | %s |\n", i+1, mdCell(it.Title), planned, actual)
	}
	w.printf("\n")
}

// poll writes a poll's results under a heading of the given level.
func (w *minutesWriter) poll(p *facilitation.Poll, level string) {
	c := w.c
	w.printf("%s %s\n\n", level, c.t("PollHeader", "ID", p.ID, "Question", p.Question))
	if !p.Closed {
		w.printf("%s\n\n", c.t("MinutesPollOpen", "Count", p.Turnout()))
		return
	}
	r := p.Results()
	var steps []string
	switch {
	case p.Kind == facilitation.Ranked && p.Method == facilitation.Schulze:
		steps = c.words().SchulzeLines(p, r)
	case p.Kind == facilitation.Ranked:
		steps = c.words().RoundLines(p, r)
	case r.STV != nil:
		w.printf("%s\n\n", c.words().QuotaLine(p, r))
		steps = c.words().StageLines(p, r)
	default:
		for i := range p.Options {
			w.printf("- %s: %d (%.0f%%)\n", c.words().OptionLabel(p, i), r.Counts[i], r.Percent[i])
		}
	}
	for i, l := range steps {
		w.printf("%d. %s\n", i+1, l)
	}
	w.printf("\n%s (%s, %s)\n\n", strings.ReplaceAll(c.view().Outcome(p, r), "\n", "  \n"), c.words().Turnout(c.pollView(p), r.Turnout), c.t("VisibilityShort"+string(p.Visibility)))
	if w.m.Protocol && p.Kind == facilitation.Elect && len(r.Elected) > 0 && r.Lot == nil {
		w.printf("%s\n\n", c.t("ProtocolElected", "Names", c.words().List(c.words().OptionList(p, r.Elected))))
	}
}

// register writes the voting register's count and its adjustments.
func (w *minutesWriter) register() {
	c, r := w.c, w.m.Register
	if !r.IsSet() {
		return
	}
	w.printf("%s\n\n", c.t("MinutesRegisterSet", "At", r.Set.Format("15:04"), "Count", r.Count-adjusted(r.Changes)))
	for _, ch := range r.Changes {
		id := map[bool]string{true: "MinutesRegisterAdded", false: "MinutesRegisterRemoved"}[ch.Added]
		w.printf("- %s\n", c.t(id, "At", ch.At.Format("15:04"), "Name", c.name(ch.Who), "Count", ch.Count))
	}
	if len(r.Changes) > 0 {
		w.printf("\n")
	}
}

// adjusted is the net change that adjustments made to the register.
func adjusted(changes []facilitation.RegisterChange) int {
	n := 0
	for _, ch := range changes {
		if ch.Added {
			n++
		} else {
			n--
		}
	}
	return n
}

// speaking writes turns and time per person, how many turns went to
// someone speaking for the first time on the item, and who never spoke.
func (w *minutesWriter) speaking() {
	c, m := w.c, w.m
	spoke, silent := facilitation.Stats(m.AllQueues(), w.participants, w.end)
	if len(spoke) == 0 {
		return
	}
	w.printf("## %s\n\n", c.t("StatsHeader"))
	for _, s := range spoke {
		w.printf("- %s\n", c.t("StatsLine", "Name", c.name(s.Who), "Count", s.Turns, "Time", c.dur(s.Time)))
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
	w.printf("\n%s\n", c.t("FirstTurns", "Count", turns, "First", first))
	if len(silent) > 0 {
		w.printf("\n%s: %s\n", c.t("NotSpoken", "Count", len(silent)), strings.Join(c.names(silent), ", "))
	}
	w.printf("\n")
}

// itemTitle is the title of the agenda item with id, or "".
func itemTitle(m *facilitation.Meeting, id int) string {
	for _, it := range m.Agenda.Items {
		if it.ID == id {
			return it.Title
		}
	}
	return ""
}

// itemEntries returns the minutes entries of a kind for an agenda item.
func (w *minutesWriter) itemEntries(kind facilitation.EntryKind, itemID int) []facilitation.Entry {
	var out []facilitation.Entry
	for _, e := range w.m.Minutes {
		if e.Kind == kind && e.ItemID == itemID && !e.Removed {
			out = append(out, e)
		}
	}
	return out
}

// entries lists the entries of a kind under a heading, each with its
// item; itemID -1 means every item.
func (w *minutesWriter) entries(kind facilitation.EntryKind, heading string, itemID int) {
	first := true
	for _, e := range w.m.Minutes {
		if e.Kind != kind || itemID >= 0 && e.ItemID != itemID || e.Removed {
			continue
		}
		if first {
			w.printf("## %s\n\n", w.c.t(heading))
			first = false
		}
		if t := itemTitle(w.m, e.ItemID); t != "" {
			w.printf("- %s _(%s)_\n", e.Text, t)
		} else {
			w.printf("- %s\n", e.Text)
		}
	}
	if !first {
		w.printf("\n")
	}
}

// actions lists the action items grouped by assignee, in name order.
func (w *minutesWriter) actions() {
	c := w.c
	var acts []facilitation.Entry
	for _, e := range w.m.Minutes {
		if e.Kind == facilitation.Action && !e.Removed {
			acts = append(acts, e)
		}
	}
	if len(acts) == 0 {
		return
	}
	slices.SortStableFunc(acts, func(a, b facilitation.Entry) int {
		return cmp.Compare(c.name(a.Assignee), c.name(b.Assignee))
	})
	w.printf("## %s\n\n", c.t("MinutesActions"))
	who := ""
	for _, e := range acts {
		if e.Assignee != who {
			if who != "" {
				w.printf("\n")
			}
			who = e.Assignee
			w.printf("**%s**\n\n", c.name(who))
		}
		due := ""
		if !e.Due.IsZero() {
			due = " " + c.t("DueBy", "Due", e.Due.Format(time.DateOnly))
		}
		w.printf("- %s%s\n", e.Text, due)
	}
	w.printf("\n")
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Minutes returns the minutes of a meeting as Markdown: the meeting with
// meetingID if it is set, else the running or last meeting of channel.
// They are in lang, or in the meeting's language when lang is "".
func (b *Bot) Minutes(ctx context.Context, channel, meetingID, lang string) (string, error) {
	return b.writeMeeting(ctx, "minutes", channel, meetingID, lang, func(c *call, m *facilitation.Meeting) (string, error) {
		return c.minutesMarkdown(m, c.pollsOf(m))
	})
}

// writeMeeting loads a meeting as Minutes describes and writes a
// document about it with write, in a read transaction.
func (b *Bot) writeMeeting(ctx context.Context, what, channel, meetingID, lang string, write func(*call, *facilitation.Meeting) (string, error)) (string, error) {
	if lang != "" && !b.i18n.Has(lang) {
		return "", fmt.Errorf("%s: unknown language %q", what, lang)
	}
	var md string
	err := b.store.View(ctx, func(tx Tx) error {
		var m *facilitation.Meeting
		var err error
		if meetingID != "" {
			m, err = tx.Meeting(meetingID)
		} else {
			m, err = tx.LastMeeting(channel)
		}
		if err != nil {
			return err
		}
		c := &call{b: b, ctx: ctx, tx: tx, now: b.clock.Now(), lang: cmp.Or(lang, m.Locale, b.locale), m: m}
		md, err = write(c, m)
		return cmp.Or(err, c.failed)
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return md, nil
}
