package bot

import (
	"cmp"
	"context"
	"strings"

	"github.com/klubba/klubba/facilitation"
)

// The formal protokoll's parts added by DESIGN §3.2: attendance, decisions
// with their votering figures and reservations, and the facilitator's
// report that takes the speaking statistics out of the protokoll.

// attendanceListMax is how many names the protokoll's head lists; a
// longer attendance goes into an appendix.
const attendanceListMax = 20

// attendees returns who attended, by display name: the voting register
// once it is set, else the participants in the order they came.
func (w *minutesWriter) attendees() []string {
	if w.m.Register.IsSet() {
		members, err := w.c.tx.RegisterMembers(w.m.ID)
		if err == nil {
			names := make([]string, len(members))
			for i, p := range members {
				names[i] = w.c.name(p.ID)
			}
			return names
		}
		w.c.b.log.ErrorContext(w.c.ctx, "load the register for the minutes", "meeting", w.m.ID, "err", err)
	}
	return w.c.names(w.participants)
}

// attendance writes who was present.
func (w *minutesWriter) attendance() {
	c := w.c
	names := w.attendees()
	if len(names) <= attendanceListMax {
		w.printf("%s  \n", c.t("ProtocolPresentNames", "Count", len(names), "Names", c.words().List(names)))
		return
	}
	w.printf("%s  \n", c.t("ProtocolPresentAppendix", "Count", len(names)))
}

// appendix lists a long attendance after the signatures.
func (w *minutesWriter) appendix() {
	names := w.attendees()
	if len(names) <= attendanceListMax {
		return
	}
	w.printf("## %s\n\n", w.c.t("AppendixAttendance", "Count", len(names)))
	for i, n := range names {
		w.printf("%d. %s\n", i+1, n)
	}
	w.printf("\n")
}

// decision writes one decision as its clause, with the votering's figures
// and the reservations against it.
func (w *minutesWriter) decision(e facilitation.Entry) {
	c := w.c
	w.printf("%s", c.clause(e.Text))
	if e.Tally != nil {
		w.printf(" %s", c.words().Tally(e.Tally))
	}
	w.printf("  \n")
	for _, r := range e.Reservations {
		line := c.t("ProtocolReservation", "Name", c.name(r.Who))
		if r.Reason != "" {
			line += " " + c.t("ReservedWhy", "Reason", r.Reason)
		}
		w.printf("_%s_  \n", line)
	}
}

// report writes the facilitator's report: how the speaking was shared.
func (c *call) report(m *facilitation.Meeting) (string, error) {
	saved := c.m
	c.m = m
	defer func() { c.m = saved }()
	participants, err := c.participants()
	if err != nil {
		return "", err
	}
	end := cmp.Or(m.Ended, c.now)
	w := &minutesWriter{c: c, m: m, participants: participants, end: end}
	w.printf("# %s\n\n", c.t("ReportTitle", "Title", m.Title))
	w.speaking()
	fair, err := c.fairnessSections() // DESIGN §3.3
	if err != nil {
		return "", err
	}
	w.printf("%s", fair)
	if w.b.Len() == 0 || !strings.Contains(w.b.String(), "##") {
		w.printf("%s\n", c.t("NobodySpokeYet"))
	}
	return strings.TrimRight(w.b.String(), "\n"), nil
}

// Report returns the facilitator's report of a meeting as Markdown (see
// Minutes for how the meeting and language are chosen).
func (b *Bot) Report(ctx context.Context, channel, meetingID, lang string) (string, error) {
	return b.writeMeeting(ctx, "report", channel, meetingID, lang, (*call).report)
}
