package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/facilitation"
)

// zone loads the time zone name.
func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// editRunning changes the running meeting as it is stored, behind the
// bot's back: a record as an older Klubba wrote it.
func (h *harness) editRunning(edit func(m *facilitation.Meeting)) {
	h.t.Helper()
	err := h.store.Update(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Running(channel)
		if err != nil {
			return err
		}
		edit(m)
		return tx.PutMeeting(m)
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// zonedHarness is newDurableHarness for a workspace in zone.
func zonedHarness(t *testing.T, zone *time.Location, templates ...facilitation.Template) *harness {
	h := &harness{t: t, path: t.TempDir() + "/k.db", templates: templates, clock: bottest.NewManualClock(bottest.Epoch), zone: zone}
	h.open()
	t.Cleanup(func() { h.store.Close() })
	return h
}

// TestMeetingClockInItsZone: a server keeps UTC, but a Swedish meeting's
// replies and protokoll read the time on the wall of the room: the
// template's time zone, else the workspace's; with neither, times read as
// they were taken. The meeting keeps its zone, so its protokoll reads the
// same after the configuration changes.
func TestMeetingClockInItsZone(t *testing.T) {
	stockholm := zone(t, "Europe/Stockholm")
	newYork := arsmote
	newYork.Name, newYork.TimeZone = "newyork", "America/New_York"
	// bottest.Epoch is 2026-11-27 18:00 UTC: 19.00 in Stockholm (CET),
	// 13.00 in New York (EST).
	for _, c := range []struct {
		name      string
		workspace *time.Location
		template  string
		opened    string
		date      string
	}{
		{"no zone", nil, "arsmote", "öppnat kl. 18.00", "2026-11-27"},
		{"the workspace's", stockholm, "arsmote", "öppnat kl. 19.00", "2026-11-27"},
		{"the template's first", stockholm, "newyork", "öppnat kl. 13.00", "2026-11-27"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := zonedHarness(t, c.workspace, arsmote, newYork)
			h.do("ann", "start "+c.template)
			h.do("ann", "lang sv")
			h.clock.Advance(2 * time.Minute)
			wantContains(t, h.do("ann", "ajournera 15 min"), "till kl. "+clockAfter(c.opened, 17))
			minutes := h.do("ann", "protokoll")
			wantContains(t, minutes, "Ordföranden förklarade mötet "+c.opened+".", c.date)

			h.zone = nil // the configuration loses its time_zone: the meeting keeps its own
			h.reopen()
			wantContains(t, h.do("ann", "protokoll"), "Ordföranden förklarade mötet "+c.opened+".")
		})
	}
}

// clockAfter is the "HH.MM" of opened ("öppnat kl. HH.MM") plus minutes.
func clockAfter(opened string, minutes int) string {
	t, err := time.Parse("15.04", opened[len(opened)-5:])
	if err != nil {
		panic(err)
	}
	return t.Add(time.Duration(minutes) * time.Minute).Format("15.04")
}

// TestTemplateHistoryInTheZone: a template's versions are dated in the
// workspace's time zone where it has one, and in UTC, said, where not.
func TestTemplateHistoryInTheZone(t *testing.T) {
	stockholm := zone(t, "Europe/Stockholm")
	for _, c := range []struct {
		name string
		zone *time.Location
		want string
	}{
		{"no zone", nil, "v1 · 2026-11-27 18:00 UTC · Ann · saved from a meeting"},
		{"Stockholm", stockholm, "v1 · 2026-11-27 19:00 · Ann · saved from a meeting"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := zonedHarness(t, c.zone, board)
			h.do("ann", "start board")
			h.do("ann", "template save weekly")
			h.do("ann", "end")
			wantContains(t, h.do("ann", "template history weekly"), c.want)
		})
	}
}

// TestScheduleInItsOwnZone: a meeting planned from inside a running
// meeting reads in the planned meeting's zone, not the running one's.
func TestScheduleInItsOwnZone(t *testing.T) {
	stockholm := zone(t, "Europe/Stockholm")
	newYork := board
	newYork.Name, newYork.TimeZone = "newyork", "America/New_York"
	h := zonedHarness(t, stockholm, board, newYork)
	h.do("ann", "start board")
	wantContains(t, h.do("ann", `schedule newyork "Board" 2027-03-01 18:00`), "Monday 2027-03-01 at 18:00 (America/New_York)")
}

// TestRegisterSetOnceInAZonedProtokoll: the protokoll finds the note of
// the register's setting in the meeting's zone, so it is written once,
// under its §, not again in the head.
func TestRegisterSetOnceInAZonedProtokoll(t *testing.T) {
	stockholm := zone(t, "Europe/Stockholm")
	h := zonedHarness(t, stockholm, arsmote)
	h.do("ann", "start arsmote")
	h.do("ann", "språk sv")
	h.do("ann", "röstlängd öppna")
	h.do("bo", "här")
	h.do("ann", "fastställ röstlängden")
	if got := h.do("ann", "protokoll"); strings.Count(got, "Röstlängden fastställdes kl. 19.00") != 1 {
		t.Errorf("the register's setting is not minuted once:\n%s", got)
	}
}

// TestOldMeetingInTheWorkspaceZone: a meeting stored before meetings
// kept a zone reads in the workspace's zone, not as its times were taken.
func TestOldMeetingInTheWorkspaceZone(t *testing.T) {
	stockholm := zone(t, "Europe/Stockholm")
	h := zonedHarness(t, stockholm, arsmote)
	h.do("ann", "start arsmote")
	h.do("ann", "språk sv")
	h.editRunning(func(m *facilitation.Meeting) { m.Zone = "" }) // as an older Klubba stored it
	wantContains(t, h.do("ann", "protokoll"), "Ordföranden förklarade mötet öppnat kl. 19.00.")
}
