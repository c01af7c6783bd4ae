// Package render draws Klubba's messages from a View: the meeting, the
// names of its people, the time and the language, loaded once per command
// or delivery. Renderers read nothing else (no store, no clock), so they
// are pure and golden-tested without a store.
package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/facilitation"
)

// Words speak one language: messages, durations, lists, and what needs
// no more than a poll to say. Clock times and dates are written in Zone,
// the meeting's time zone; with none, as each time was taken.
type Words struct {
	Lang string
	Cat  *i18n.Catalog
	Zone *time.Location
}

// local is t in the words' time zone.
func (w Words) local(t time.Time) time.Time {
	if w.Zone == nil {
		return t
	}
	return t.In(w.Zone)
}

// Date writes the calendar day of a moment, in the words' time zone:
// "2027-03-14".
func (w Words) Date(t time.Time) string { return w.local(t).Format(time.DateOnly) }

// Occurrence writes when a planned meeting takes place, in its own time
// zone, named: "måndag 2027-03-01 kl. 18.00 (Europe/Stockholm)".
func (w Words) Occurrence(t time.Time, zone *time.Location) string {
	w.Zone = zone
	lt := w.local(t)
	return w.T("ScheduleWhen", "Day", w.T("Weekday"+lt.Weekday().String()), "Date", w.Date(t), "Time", w.Clock(t), "Zone", zone.String())
}

// T translates a message ID with key/value template data.
func (w Words) T(id string, kv ...any) string { return w.Cat.Text(w.Lang, id, kv...) }

// At writes a time of day with its preposition: "kl. 16.38", "16:38".
func (w Words) At(t time.Time) string { return w.T("ClockAt", "At", w.Clock(t)) }

// Decimal writes a number with prec decimals as the language does: a
// decimal comma in Swedish.
func (w Words) Decimal(f float64, prec int) string {
	return strings.ReplaceAll(strconv.FormatFloat(f, 'f', prec, 64), ".", w.T("DecimalSeparator"))
}

// Dur writes a duration in the language.
func (w Words) Dur(d time.Duration) string { return i18n.Duration(w.Lang, d) }

// View is what a message is rendered from.
type View struct {
	Words
	Meeting *facilitation.Meeting
	Now     time.Time
	// Names are display names by person ID; a person without one is
	// shown by ID.
	Names map[string]string
	// People are the IDs of the meeting's participants, in the order
	// first seen.
	People []string
}

// Name is the display name of a person.
func (v *View) Name(id string) string {
	if n, ok := v.Names[id]; ok && n != "" {
		return n
	}
	return id
}

// NameAll returns the display names of people.
func (v *View) NameAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.Name(id)
	}
	return out
}

// itemTitle is the title of the current agenda item, or of the meeting
// when no item is under way.
func (v *View) itemTitle() string {
	if it, _ := v.Meeting.Agenda.Current(); it != nil {
		return it.Title
	}
	return v.Meeting.Title
}

// Poll is a poll with what its messages need besides it.
type Poll struct {
	*facilitation.Poll
	// Eligible is how many may vote in a register poll: those on the
	// register, less the excluded among them, and with the Kept: those
	// struck from it during the vote after voting. Adjusted reports
	// whether the register was adjusted during the vote.
	Eligible, Kept int
	Adjusted       bool
	// Comments are a closed evaluation's anonymous comments, sorted.
	Comments []string
	// Alternatives are, for the votering of a question of the voting
	// under way, the question's alternatives, one per option: proposal
	// numbers, facilitation.Reject for avslag. Its voters type these,
	// not the options' positions.
	Alternatives []int
}

// OptionKey is what a voter types for option i of p, and the number
// its line shows: a votering's proposal number or word for avslag,
// else the option's number.
func (w Words) OptionKey(p Poll, i int) string {
	if len(p.Alternatives) == len(p.Options) {
		return w.AlternativeKey(p.Alternatives[i])
	}
	return strconv.Itoa(p.OptionNumber(i))
}

// numberedOption is option i of p after what a voter types for it, with
// sep between: "2. yrkande 2: att …". A votering's option that begins
// with that word already ("avslag") stands alone.
func (w Words) numberedOption(p Poll, i int, sep string) string {
	key, o := w.OptionKey(p, i), p.Options[i]
	if len(p.Alternatives) > 0 && (o == key || strings.HasPrefix(o, key+":")) {
		return o
	}
	return key + sep + o
}

// List joins names as people write them: "A, B and C".
func (w Words) List(names []string) string { return w.join(names, "And") }

// OrList joins alternatives as the language does: "a, b or c".
func (w Words) OrList(names []string) string { return w.join(names, "Or") }

// join joins names with commas and, before the last, the conjunction
// with the message ID conj.
func (w Words) join(names []string, conj string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + w.T(conj) + " " + names[len(names)-1]
}
