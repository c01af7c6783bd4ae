package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/bot/cmdline"
)

const standupYAML = "template import ```\nname: standup\ntitle: Stand-up\ntime_zone: Europe/Stockholm\nreminders_before: [1d, 15m]\nagenda:\n  - title: Yesterday\n    timebox: 5m\n  - title: Blockers\n    timebox: 5m\n```"

// until advances the clock to at, fires what fell due and returns what
// the timers posted.
func (h *harness) until(at time.Time) string {
	h.t.Helper()
	return h.fired(at.Sub(h.clock.Now()))
}

// TestScheduleAcrossDaylightSaving: a weekly stand-up at 09:00 in
// Stockholm is announced at once, reminded 1 day and 15 minutes before,
// and starts itself at 09:00 local time before and after the change to
// summer time (08:00 UTC, then 07:00 UTC), each occurrence once, also
// after a restart between them. Items proposed ahead and accepted by the
// chair join the agenda.
func TestScheduleAcrossDaylightSaving(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", standupYAML)
	kallelse := h.do("ann", `schedule standup "Team stand-up" 2027-03-22 09:00 --every week`)
	wantContains(t, kallelse, "Notice of meeting: Team stand-up", "Monday 2027-03-22 at 09:00 (Europe/Stockholm), chaired by Ann",
		"Every week at the same time.", "Yesterday (5m)", "Blockers (5m)", "agenda propose", "Calendar: /calendar/")

	wantContains(t, h.do("bo", `agenda propose "Release plan"`), "Bo proposes an item for Team stand-up (Monday 2027-03-22 at 09:00 (Europe/Stockholm)): “Release plan”.", "`agenda accept 1`")
	wantContains(t, h.refused("bo", "agenda accept 1"), "Only the meeting's chair (Ann) or a facilitator can do that.")
	wantContains(t, h.do("ann", "agenda accept 1"), "Item 1, “Release plan”, is on the agenda of Team stand-up.")
	wantContains(t, h.do("bo", "schedule list"), "#1 Team stand-up: Monday 2027-03-22 at 09:00 (Europe/Stockholm) (template standup) · Every week", "1 proposed item")

	mon1 := time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC) // 09:00 CET
	if got := h.until(mon1.Add(-24*time.Hour - time.Second)); got != "" {
		t.Errorf("before the first reminder: %q", got)
	}
	wantContains(t, h.until(mon1.Add(-24*time.Hour)), "Reminder: Team stand-up", "In 1 day", "Release plan")
	wantContains(t, h.until(mon1.Add(-15*time.Minute)), "Reminder: Team stand-up", "In 15m")
	started := h.until(mon1)
	wantContains(t, started, "Meeting started: Team stand-up", "Chaired by Ann", "Yesterday", "Release plan")
	h.do("ann", "end")

	// A restart between the occurrences loses nothing and repeats nothing.
	h.reopen()
	if got := h.fired(0); got != "" {
		t.Errorf("after the restart: %q", got)
	}
	wantContains(t, h.do("bo", "schedule list"), "Monday 2027-03-29 at 09:00 (Europe/Stockholm)")
	mon2 := time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC) // 09:00 CEST, after the change on 28 March
	wantContains(t, h.until(mon2.Add(-24*time.Hour)), "Reminder: Team stand-up")
	if got := h.until(mon2.Add(-time.Minute)); strings.Contains(got, "Meeting started") {
		t.Fatalf("started before 09:00 summer time: %q", got)
	}
	h.until(mon2.Add(-15 * time.Minute))
	second := h.until(mon2)
	wantContains(t, second, "Meeting started: Team stand-up")
	if strings.Contains(second, "Release plan") {
		t.Error("an item accepted for the first occurrence came back on the second")
	}
	if got := h.fired(time.Minute); strings.Contains(got, "Meeting started") {
		t.Errorf("the start fired twice: %q", got)
	}
	var m struct{ started time.Time }
	h.store.View(context.Background(), func(tx bot.Tx) error {
		mt, err := tx.Running(channel)
		if err == nil {
			m.started = mt.Started
		}
		return err
	})
	if !m.started.Equal(mon2) {
		t.Errorf("the second meeting started at %v, want %v (09:00 in Stockholm)", m.started, mon2)
	}
	h.do("ann", "end")
	wantContains(t, h.do("bo", "schedule list"), "Monday 2027-04-05 at 09:00")

	// Cancelling: only its chair or a facilitator; its timers then do nothing.
	wantContains(t, h.refused("bo", "schedule cancel 1"), "Only the meeting's chair (Ann)")
	wantContains(t, h.do("ann", "schedule cancel 1"), "The series of meetings Team stand-up is cancelled: no more meetings from Monday 2027-04-05 at 09:00 (Europe/Stockholm) on.")
	if got := h.until(time.Date(2027, 4, 6, 0, 0, 0, 0, time.UTC)); got != "" {
		t.Errorf("a cancelled meeting: %q", got)
	}
	wantContains(t, h.do("bo", "schedule list"), "No meetings are planned here.")
}

// TestScheduleSwedishTime: a Swede writes the time as the kallelse
// does, 18.00, perhaps after "kl."; each is the same meeting at 18.00.
func TestScheduleSwedishTime(t *testing.T) {
	for _, when := range []string{"2027-03-01 18.00", "2027-03-01 kl. 18.00", "2027-03-01 kl 18.00", "2027-03-01 18:00"} {
		t.Run(when, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "språk sv")
			wantContains(t, h.do("ann", `kalla board "Styrelsemöte" `+when), "Kallelse: Styrelsemöte", "måndag 2027-03-01 kl. 18.00 (UTC)")
		})
	}
	h := newHarness(t)
	h.do("ann", "språk sv")
	wantContains(t, h.refused("ann", `kalla board "Styrelsemöte" 2027-03-01 18.75`), "”2027-03-01 18.75” är inget datum och klockslag; skriv till exempel 2027-03-14 18.00.")
	wantContains(t, h.refused("ann", `kalla board "Styrelsemöte" 2027-03-01 kl.`), "Så här: `kalla NAMN \"titel\" 2027-03-14 18.00")
	wantContains(t, h.do("ann", "kallelser"), "Inga möten är planerade här.")
	// kalla's own words for the list and the cancel, as a Swede guesses them.
	h.do("ann", `kalla board "Styrelsemöte" 2027-03-01 18.00`)
	wantContains(t, h.do("ann", "kalla lista"), "Styrelsemöte", "måndag 2027-03-01 kl. 18.00")
	h.do("ann", "kalla ställ in 1")
	wantContains(t, h.do("ann", "kalla lista"), "Inga möten är planerade här.")
}

// TestScheduleFiresOnceWithTwoReplicas: two bots on one store (two
// replicas whose schedulers both run, as during a change of leader)
// start the meeting once.
func TestScheduleFiresOnceWithTwoReplicas(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `schedule board "Board" 2026-11-28 18:00`)
	other, err := bot.New(h.store, bot.Options{Templates: h.templates, Clock: h.clock, Codec: bottest.Codec{}})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(24 * time.Hour)
	var wg sync.WaitGroup
	for _, b := range []*bot.Bot{h.bot, other} {
		wg.Go(func() {
			if _, err := b.FireDue(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := h.drain(); strings.Count(got, "Meeting started: Board") != 1 {
		t.Errorf("the start was posted %d times:\n%s", strings.Count(got, "Meeting started"), got)
	}
	wantContains(t, h.do("bo", "schedule list"), "No meetings are planned here.")
}

// TestScheduleRefusals: bad dates, past times, unknown templates and
// recurrences are refused privately, in the caller's language.
func TestScheduleRefusals(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct{ cmd, want string }{
		{`schedule board "B" 2027-02-30 18:00`, "“2027-02-30 18:00” is not a date and time"},
		{`schedule board "B" 2027-03-01 25:00`, "is not a date and time"},
		{`schedule board "B" 2026-11-27 17:00`, "That time has already passed."},
		{`schedule nope "B" 2027-03-01 18:00`, "There is no template “nope”"},
		{`schedule board "B" 2027-03-01 18:00 --every fortnight`, "“fortnight” is not a recurrence"},
		{`schedule board B 2027-03-01 18:00`, "Give the meeting's title in quotes"},
		{`agenda propose "Budget"`, "No meeting is planned here to propose an item for."},
		{`schedule cancel 9`, "There is no planned meeting #9 here"},
	} {
		wantContains(t, h.refused("ann", tt.cmd), tt.want)
	}
	h.do("ann", "språk sv")
	wantContains(t, h.refused("ann", `kalla board "B" 2027-03-01 18:00 --varje fjortonde`), "”fjortonde” är ingen upprepning")
	wantContains(t, h.do("ann", `kalla board "Styrelsemöte" 2027-03-01 18:00 --varje månad`), "Kallelse: Styrelsemöte", "måndag 2027-03-01 kl. 18.00 (UTC)", "Varje månad")
	wantContains(t, h.do("bo", `dagordning föreslå "Budget"`), "Bo föreslår en punkt till Styrelsemöte")
	wantContains(t, h.do("ann", `dagordning godta 1`), "Punkt 1, ”Budget”, står på dagordningen för Styrelsemöte.")
	h.do("ann", "lang en")
	wantContains(t, h.refused("ann", "agenda accept 5"), "There is no proposed item 5; there is 1.")
}

// TestScheduleReminderLeads: a reminder as long as the gap between two
// meetings (7 days before a weekly one) is sent for every meeting, not
// only the first; after a restart, a reminder more than an hour late is
// dropped, not sent late; and saving a meeting over its template keeps
// the template's time zone, reminders and member list.
func TestScheduleReminderLeads(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", "template import ```\nname: weekly\ntitle: Weekly\ntime_zone: Europe/Stockholm\nreminders_before: [7d, 1d]\nagenda:\n  - title: News\n    timebox: 5m\n```")
	h.do("ann", `schedule weekly "Weekly" 2027-01-11 09:00 --every week`)
	mon1 := time.Date(2027, 1, 11, 8, 0, 0, 0, time.UTC) // 09:00 CET
	wantContains(t, h.until(mon1.Add(-24*time.Hour)), "In 1 day")
	wantContains(t, h.until(mon1), "Meeting started: Weekly", "Reminder: Weekly", "In 7 days")

	h.do("ann", `agenda add "Budget" 10m`)
	wantContains(t, h.do("ann", "template save weekly"), "Saved this meeting as the template “weekly” (version 2")
	h.do("ann", "end")
	wantContains(t, h.do("ann", "template export weekly"), "time_zone: Europe/Stockholm", "reminders_before:", "7d", "Budget")

	// Down from before the next day-before reminder until after it: that
	// one is dropped, stale; the meeting still starts.
	h.store.Close()
	mon2 := mon1.Add(7 * 24 * time.Hour)
	h.clock.Advance(mon2.Add(-time.Hour).Sub(h.clock.Now()))
	h.open()
	if got := h.fired(0); strings.Contains(got, "Reminder") {
		t.Errorf("a reminder 23h late was sent after the restart: %q", got)
	}
	wantContains(t, h.until(mon2), "Meeting started: Weekly", "Budget")
}

// TestScheduleTemplateDeleted: deleting a template a schedule uses says
// so, and the meeting it then starts says that it has only its title.
func TestScheduleTemplateDeleted(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", standupYAML)
	h.do("ann", `schedule standup "Team stand-up" 2027-03-22 09:00 --every week`)
	wantContains(t, h.do("ann", "template delete standup"), "The schedule #1 “Team stand-up” still uses it")
	wantContains(t, h.until(time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC)), "Meeting started: Team stand-up",
		"The template “standup” is gone or has problems, so the meeting started with its title only.")
}

// TestScheduleFollowsTheTemplatesReminders: reminders added to a
// template after a schedule was made reach the schedule's next meetings.
func TestScheduleFollowsTheTemplatesReminders(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", "template import ```\nname: w\ntitle: W\ntime_zone: Europe/Stockholm\n```")
	h.do("ann", `schedule w "W" 2027-01-11 09:00 --every week`)
	h.do("ann", "template import ```\nname: w\ntitle: W\ntime_zone: Europe/Stockholm\nreminders_before: [1d]\n```")
	mon1 := time.Date(2027, 1, 11, 8, 0, 0, 0, time.UTC)
	wantContains(t, h.until(mon1), "Meeting started: W")
	h.do("ann", "end")
	wantContains(t, h.until(mon1.Add(6*24*time.Hour)), "Reminder: W", "In 1 day")
}

// TestScheduleNoticesSpeakTheMeetingsLanguage: the kallelse is in the
// language its reminders and the meeting will speak: the template's,
// unless the channel chose one with lang.
func TestScheduleNoticesSpeakTheMeetingsLanguage(t *testing.T) {
	const arsmote = "template import ```\nname: arsmote\ntitle: Årsmöte\nlocale: sv\nreminders_before: [1d]\nagenda:\n  - title: Mötets öppnande\n    timebox: 2m\n```"
	tests := []struct {
		name             string
		lang             string // chosen for the channel, or none
		kallelse, remind string
	}{
		{"the template's", "", "Kallelse: Årsmöte 2027", "Påminnelse: Årsmöte 2027"},
		{"the channel's", "en", "Notice of meeting: Årsmöte 2027", "Reminder: Årsmöte 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if tt.lang != "" {
				h.do("ann", "lang "+tt.lang)
			}
			h.do("ann", arsmote)
			wantContains(t, h.do("ann", `kalla arsmote "Årsmöte 2027" 2026-12-20 18:00`), tt.kallelse)
			wantContains(t, h.until(time.Date(2026, 12, 19, 18, 0, 0, 0, time.UTC)), tt.remind)
		})
	}
}

// TestScheduleCancelSays: cancelling a recurring meeting says that every
// later occurrence goes too, not only the next date; a one-off names its
// date. In English and Swedish.
func TestScheduleCancelSays(t *testing.T) {
	tests := []struct {
		name, lang, every, want string
	}{
		{"one-off", "en", "", "The meeting Stand-up on Monday 2027-03-22 at 09:00 (Europe/Stockholm) is cancelled."},
		{"weekly", "en", " --every week", "The series of meetings Stand-up is cancelled: no more meetings from Monday 2027-03-22 at 09:00 (Europe/Stockholm) on."},
		{"en gång", "sv", "", "Mötet Stand-up måndag 2027-03-22 kl. 09.00 (Europe/Stockholm) är inställt."},
		{"varje vecka", "sv", " --varje vecka", "Mötesserien Stand-up är inställd: inga fler möten från och med måndag 2027-03-22 kl. 09.00 (Europe/Stockholm)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "lang "+tt.lang)
			h.do("ann", standupYAML)
			h.do("ann", `schedule standup "Stand-up" 2027-03-22 09:00`+tt.every)
			wantContains(t, h.do("ann", "schedule cancel 1"), tt.want)
		})
	}
}

// TestCalendarKeepsTheMeetingItHolds: a scheduled meeting stays in the
// channel's calendar feed, under the UID it was listed with, while it is
// held and after it ended the same day, once or every week; the next day
// it is gone, and a recurring meeting's next occurrences are still there.
func TestCalendarKeepsTheMeetingItHolds(t *testing.T) {
	mon := time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC) // 09:00 in Stockholm
	for _, c := range []struct{ name, every string }{{"once", ""}, {"every week", " --every week"}} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", standupYAML)
			out := h.do("ann", `schedule standup "Team stand-up" 2027-03-22 09:00`+c.every)
			_, tok, _ := strings.Cut(out, "/calendar/")
			tok, _, _ = strings.Cut(tok, ".ics")
			feed := func() map[string]bot.CalendarEvent {
				t.Helper()
				cal, err := h.bot.Calendar(context.Background(), tok)
				if err != nil {
					t.Fatalf("Calendar: %v", err)
				}
				byUID := map[string]bot.CalendarEvent{}
				for _, e := range cal.Events {
					if _, dup := byUID[e.UID]; dup {
						t.Errorf("UID %s listed twice", e.UID)
					}
					byUID[e.UID] = e
				}
				return byUID
			}
			var uid string
			for id, e := range feed() {
				if e.Start.Equal(mon) {
					uid = id
				}
			}
			if uid == "" {
				t.Fatalf("the meeting at %v is not in the feed: %v", mon, feed())
			}
			wantContains(t, h.until(mon), "Meeting started: Team stand-up")
			for _, when := range []string{"while it is held", "after it ended the same day"} {
				e, ok := feed()[uid]
				if !ok {
					t.Fatalf("%s: %s is not in the feed", when, uid)
				}
				if !e.Start.Equal(mon) || !e.End.Equal(mon.Add(10*time.Minute)) || e.Title != "Team stand-up" {
					t.Errorf("%s: %+v, want 09:00–09:10 Team stand-up", when, e)
				}
				if when == "while it is held" {
					h.clock.Advance(20 * time.Minute)
					h.do("ann", "end")
				}
			}
			h.until(mon.Add(24 * time.Hour))
			got := feed()
			if _, ok := got[uid]; ok {
				t.Errorf("the next day, the meeting is still in the feed")
			}
			if want := map[string]int{"": 0, " --every week": 12}[c.every]; len(got) != want {
				t.Errorf("the next day, %d events in the feed, want %d", len(got), want)
			}
		})
	}
}

// TestProposedItemNamesWhomItMentions: an item proposed with a mention
// picked from the platform's autocomplete reads with the person's name,
// which the platform gave beside the text (Teams, or Slack's names looked
// up), not their ID, in the reply and on the meeting's agenda.
func TestProposedItemNamesWhomItMentions(t *testing.T) {
	for _, c := range []struct{ lang, proposed, accepted string }{
		{"en", "Bo proposes an item for Team stand-up (Monday 2027-03-22 at 09:00 (Europe/Stockholm)): “Ask Cy Ek & stuff”.",
			"Item 1, “Ask Cy Ek & stuff”, is on the agenda of Team stand-up."},
		{"sv", "Bo föreslår en punkt till Team stand-up (måndag 2027-03-22 kl. 09.00 (Europe/Stockholm)): ”Ask Cy Ek & stuff”.",
			"Punkt 1, ”Ask Cy Ek & stuff”, står på dagordningen för Team stand-up."},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "lang "+c.lang)
			h.do("ann", standupYAML)
			h.do("ann", `schedule standup "Team stand-up" 2027-03-22 09:00`)
			resp := h.req(bot.Request{User: "bo", Text: `agenda propose "Ask <@29:1cy-guid> & stuff"`,
				Mentions: []cmdline.Mention{{ID: "29:1cy-guid", Name: "Cy Ek"}}})
			wantContains(t, replyText(resp), c.proposed)
			wantContains(t, h.do("ann", "agenda accept 1"), c.accepted)
			wantContains(t, h.until(time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC)), "Ask Cy Ek & stuff")
		})
	}
}
