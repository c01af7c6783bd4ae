package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klubba/klubba/bot"
)

// Calendars loads a channel's calendar feed by its token: *bot.Bot.
type Calendars interface {
	Calendar(ctx context.Context, token string) (*bot.Calendar, error)
}

// serveCalendar serves /calendar/<token>.ics: the channel's planned
// meetings, and the one it holds today, as an iCalendar feed (RFC 5545) that calendar clients
// subscribe to.
func (s *Server) serveCalendar(w http.ResponseWriter, r *http.Request) {
	secure(w.Header())
	if !s.allow(w, r) {
		return
	}
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || !plausible(token) {
		http.NotFound(w, r)
		return
	}
	cal, err := s.opts.Calendars.Calendar(r.Context(), token)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		s.log.ErrorContext(r.Context(), "calendar feed", "err", err)
		http.Error(w, "the calendar is unavailable; try again in a moment", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(ICS(cal))
}

// ICS writes a calendar as RFC 5545 text: CRLF line ends, lines folded at
// 75 octets without splitting a character, text values escaped, and
// times in UTC.
func ICS(cal *bot.Calendar) []byte {
	var b strings.Builder
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Klubba//Klubba meetings//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeText(cal.Name))
	for _, e := range cal.Events {
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", utc(e.Stamp))
		line("DTSTART", utc(e.Start))
		line("DTEND", utc(e.End))
		line("SUMMARY", escapeText(e.Title))
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		line("END", "VEVENT")
	}
	if len(cal.Events) == 0 {
		// A calendar holds at least one component (RFC 5545, 3.4): with
		// nothing planned, the zone its times are in, which strict
		// clients accept where they refuse an empty feed.
		for _, l := range [][2]string{{"BEGIN", "VTIMEZONE"}, {"TZID", "UTC"}, {"BEGIN", "STANDARD"},
			{"DTSTART", "19700101T000000"}, {"TZOFFSETFROM", "+0000"}, {"TZOFFSETTO", "+0000"},
			{"END", "STANDARD"}, {"END", "VTIMEZONE"}} {
			line(l[0], l[1])
		}
	}
	line("END", "VCALENDAR")
	return []byte(b.String())
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func escapeText(s string) string { return textEscaper.Replace(s) }

// foldAt is the longest line RFC 5545 §3.1 allows, in octets, before CRLF.
const foldAt = 75

// writeFolded writes a content line, folded: each continuation starts
// with a space, and no line is longer than foldAt octets.
func writeFolded(b *strings.Builder, s string) {
	limit := foldAt
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = foldAt - 1 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
