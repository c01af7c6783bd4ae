package bot

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The time before the meeting: `schedule` posts the kallelse (the notice
// of the meeting, with its agenda) at once, sends reminders before it
// (the template's reminders_before) and starts the meeting itself at its
// time. Members propose items ahead (`agenda propose`), which the chair
// accepts onto the agenda. The start and the reminders are timers in the
// store, so they survive a restart and, with replicas, fire once on the
// leader. Times are wall-clock times in the template's zone (or the
// workspace's): a weekly meeting at 18:00 stays at 18:00 across a change
// to or from daylight saving time.

// Timer kinds of schedules.
const (
	// TimerScheduleStart starts a scheduled meeting; Ref is the schedule.
	TimerScheduleStart TimerKind = "schedule.start"
	// TimerScheduleRemind reminds of a scheduled meeting; Ref is the
	// schedule, Since the occurrence it is about.
	TimerScheduleRemind TimerKind = "schedule.remind"
)

// isScheduleTimer reports whether a timer belongs to a schedule rather
// than to a running meeting.
func isScheduleTimer(k TimerKind) bool { return k == TimerScheduleStart || k == TimerScheduleRemind }

// Recurrences.
const (
	EveryWeek    = "week"
	EveryWeekday = "weekday"
	EveryMonth   = "month"
)

// everyWords are the recurrences as people write them.
var everyWords = map[string]string{
	"week": EveryWeek, "weekly": EveryWeek, "vecka": EveryWeek, "veckan": EveryWeek,
	"weekday": EveryWeekday, "weekdays": EveryWeekday, "vardag": EveryWeekday, "vardagar": EveryWeekday,
	"month": EveryMonth, "monthly": EveryMonth, "månad": EveryMonth, "manad": EveryMonth, "månaden": EveryMonth,
}

// maxSchedules and maxProposals cap what one channel plans ahead.
const (
	maxSchedules = 20
	maxProposals = 50
)

// calendarHorizon is how many occurrences of a recurring meeting the
// calendar feed lists.
const calendarHorizon = 12

// zoneOf is the time zone of a template's schedules.
func (b *Bot) zoneOf(tpl facilitation.Template) *time.Location {
	return cmp.Or(zoneNamed(tpl.TimeZone), b.zone)
}

// scheduleZone is the time zone s keeps, or UTC if it is not known here.
func scheduleZone(s *Schedule) *time.Location {
	return cmp.Or(zoneNamed(s.Zone), time.UTC)
}

// wallClock is the wall-clock time of s on the calendar day of date, in loc.
func wallClock(s *Schedule, date time.Time, loc *time.Location) time.Time {
	var hh, mm int
	fmt.Sscanf(s.Clock, "%d:%d", &hh, &mm)
	return time.Date(date.Year(), date.Month(), date.Day(), hh, mm, 0, 0, loc)
}

// occurrenceAfter is the first occurrence of s after t, or the zero time
// when s does not recur and its one occurrence is not after t.
func occurrenceAfter(s *Schedule, t time.Time) time.Time {
	loc := scheduleZone(s)
	anchor, err := time.Parse(time.DateOnly, s.Date)
	if err != nil {
		return time.Time{}
	}
	const limit = 20000 // days or steps: over fifty years
	for k := range limit {
		var day time.Time
		switch s.Every {
		case "":
			if k > 0 {
				return time.Time{}
			}
			day = anchor
		case EveryWeek:
			day = anchor.AddDate(0, 0, 7*k)
		case EveryWeekday:
			day = anchor.AddDate(0, 0, k)
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
		case EveryMonth: // the same day of the month, or the month's last
			first := time.Date(anchor.Year(), anchor.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
			last := first.AddDate(0, 1, -1).Day()
			day = first.AddDate(0, 0, min(anchor.Day(), last)-1)
		default:
			return time.Time{}
		}
		if occ := wallClock(s, day, loc); occ.After(t) {
			return occ
		}
	}
	return time.Time{}
}

// addScheduleTimers sets the start and reminder timers of s's next
// occurrence, those not yet past.
func addScheduleTimers(u *unit, s *Schedule) error {
	timers := []*Timer{{Due: s.Next, Kind: TimerScheduleStart, Channel: s.Channel, Ref: int64(s.ID)}}
	for _, lead := range s.Leads {
		if due := s.Next.Add(-lead); lead > 0 && !due.Before(u.now) { // a week's lead on a weekly meeting falls due as the last starts
			timers = append(timers, &Timer{Due: due, Kind: TimerScheduleRemind, Channel: s.Channel, Ref: int64(s.ID), Since: s.Next})
		}
	}
	for _, t := range timers {
		if err := u.tx.AddTimer(t); err != nil {
			return fmt.Errorf("schedule %d: %w", s.ID, err)
		}
	}
	u.scheduled = true
	return nil
}

// whenText writes an occurrence for people: weekday, date and time in
// the schedule's zone.
func whenText(u *unit, s *Schedule, t time.Time) string {
	return words(u).Occurrence(t, scheduleZone(s))
}

// agendaOf is the agenda lines a kallelse, a reminder or template show
// shows (a list, which each platform numbers): the template's items and
// the accepted proposals; numbers are the lines' numbers when the agenda
// has sub-items (9 a), and nil otherwise.
func agendaOf(u *unit, tpl facilitation.Template, proposals []AgendaProposal) (lines, numbers []string) {
	items, numbers := tpl.Flat()
	for _, it := range items {
		line := it.Title
		if it.Timebox > 0 {
			line += " (" + u.dur(it.Timebox) + ")"
		}
		lines = append(lines, line)
	}
	top := len(tpl.Agenda)
	for _, p := range proposals {
		if p.Accepted {
			top++
			lines, numbers = append(lines, p.Text), append(numbers, strconv.Itoa(top))
		}
	}
	if len(items) == len(tpl.Agenda) {
		numbers = nil // 1, 2, 3 … as the platform numbers a list
	}
	return lines, numbers
}

// lead writes how long until a meeting: in days when it is whole days.
func lead(u *unit, d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return u.t("Days", "Count", int(d/(24*time.Hour)))
	}
	return u.dur(d)
}

// parseWhen reads DATE TIME in loc; the time is 18:00 or, as Swedes
// write it, 18.00.
func parseWhen(date, clock string, loc *time.Location) (time.Time, string, string, bool) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return time.Time{}, "", "", false
	}
	clock = strings.Replace(clock, ".", ":", 1)
	var hh, mm int
	if n, err := fmt.Sscanf(clock, "%d:%d", &hh, &mm); n != 2 || err != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(clock) > 5 {
		return time.Time{}, "", "", false
	}
	clock = fmt.Sprintf("%02d:%02d", hh, mm)
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, loc), d.Format(time.DateOnly), clock, true
}

func scheduleMeeting(u *unit, a args) error {
	if u.m != nil && !u.isChair() {
		return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
	}
	if len(a.Words) == 5 && strings.EqualFold(strings.TrimSuffix(a.Words[3].Text, "."), "kl") {
		a.Words = slices.Delete(slices.Clone(a.Words), 3, 4) // 2027-03-14 kl. 18.00
	}
	if err := a.want(4, 4); err != nil {
		return err
	}
	if err := templatesStored(u); err != nil {
		return err
	}
	title := a.Words[1]
	if !title.Quoted {
		return cmdline.Usagef("%s", u.t("ScheduleNeedTitle"))
	}
	f, err := needTemplate(u, a, 0)
	if err != nil {
		return err
	}
	every := ""
	if v, ok := a.Flags["every"]; ok {
		if every, ok = everyWords[strings.ToLower(v)]; !ok {
			return cmdline.Usagef("%s", u.t("ScheduleBadEvery", "Every", v))
		}
	}
	loc := u.b.zoneOf(f.tpl)
	first, date, clock, ok := parseWhen(a.text(2), a.text(3), loc)
	if !ok {
		return cmdline.Usagef("%s", u.t("ScheduleBadWhen", "Date", a.text(2), "Time", a.text(3)))
	}
	if !first.After(u.now) {
		return u.refuse(u.t("SchedulePast"))
	}
	if first.Sub(u.now) > 2*366*24*time.Hour {
		return u.refuse(u.t("ScheduleTooFar"))
	}
	existing, err := u.tx.Schedules(u.req.Channel)
	if err != nil {
		return fmt.Errorf("schedules of %s: %w", u.req.Channel, err)
	}
	if len(existing) >= maxSchedules {
		return u.refuse(u.t("ScheduleTooMany", "Count", maxSchedules))
	}
	s := &Schedule{Channel: u.req.Channel, Template: f.tpl.Name, Title: strings.TrimSpace(title.Text), Zone: loc.String(),
		Date: date, Clock: clock, Every: every, Chair: caller(u), Created: u.now, Leads: slices.Clone(f.tpl.RemindersBefore)}
	if s.Title == "" {
		s.Title = f.tpl.Title
	}
	if n := u.b.limits.Title; len([]rune(s.Title)) > n {
		return u.refuse(u.t("TooLong", "Max", n))
	}
	// The first occurrence is the date given, even for weekdays.
	s.Next = first
	if err := u.tx.PutSchedule(s); err != nil {
		return fmt.Errorf("store schedule: %w", err)
	}
	if err := addScheduleTimers(u, s); err != nil {
		return err
	}
	tok, err := calendarToken(u, true)
	if err != nil {
		return err
	}
	speakNotices(u, f.tpl)
	u.say(kallelse(u, f.tpl, s, tok))
	return nil
}

// speakNotices makes u speak the language of a scheduled meeting's
// notices (the kallelse, the reminders): the channel's, chosen with
// lang, else its template's, which the meeting will speak.
func speakNotices(u *unit, tpl facilitation.Template) {
	if tpl.Locale != "" && u.channelLang() == "" {
		u.lang = tpl.Locale
	}
}

// kallelse is the notice of a scheduled meeting, with its agenda.
func kallelse(u *unit, tpl facilitation.Template, s *Schedule, calendarToken string) chat.Message {
	text := u.t("KallelseText", "When", whenText(u, s, s.Next), "Chair", s.Chair.Name, "ID", s.ID)
	if s.Every != "" {
		text += "\n" + u.t("ScheduleEvery"+s.Every)
	}
	msg := chat.Message{Header: u.t("KallelseHeader", "Title", s.Title), Text: text}
	msg.List, msg.Numbers = agendaOf(u, tpl, s.Proposals)
	msg.Context = u.t("KallelseHint")
	if calendarToken != "" {
		msg.Context += " " + u.t("CalendarLink", "URL", publicLink(u, CalendarPath(calendarToken)))
	}
	return msg
}

// CalendarPath is the path of a channel's calendar feed.
func CalendarPath(token string) string { return "/calendar/" + token + ".ics" }

func calendarChannelKey(channel string) string { return "calendar/c/" + channel }

func calendarTokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return "calendar/t/" + hex.EncodeToString(h[:])
}

// calendarToken returns the channel's calendar token, making one if
// create is set; "" when there is none.
func calendarToken(u *unit, create bool) (string, error) {
	tok, err := u.tx.Setting(calendarChannelKey(u.req.Channel))
	if errors.Is(err, ErrNotFound) && create {
		tok = newToken()
		err = errors.Join(u.tx.PutSetting(calendarChannelKey(u.req.Channel), tok), u.tx.PutSetting(calendarTokenKey(tok), u.req.Channel))
	}
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("calendar token of %s: %w", u.req.Channel, err)
	}
	return tok, nil
}

// nextSchedule is the channel's schedule that comes first, the one
// items are proposed for, or a refusal when none is planned.
func nextSchedule(u *unit) (*Schedule, error) {
	ss, err := u.tx.Schedules(u.req.Channel)
	if err != nil {
		return nil, fmt.Errorf("schedules of %s: %w", u.req.Channel, err)
	}
	if len(ss) == 0 {
		return nil, u.refuse(u.t("ScheduleNoneToPropose"))
	}
	first := slices.MinFunc(ss, func(a, b Schedule) int { return a.Next.Compare(b.Next) })
	return &first, nil
}

func scheduleList(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	if err := templatesStored(u); err != nil {
		return err
	}
	ss, err := u.tx.Schedules(u.req.Channel)
	if err != nil {
		return fmt.Errorf("schedules of %s: %w", u.req.Channel, err)
	}
	if len(ss) == 0 {
		u.tell(chat.Message{Text: u.t("ScheduleNone")})
		return nil
	}
	slices.SortFunc(ss, func(a, b Schedule) int { return a.Next.Compare(b.Next) })
	var lines []string
	for i := range ss {
		s := &ss[i]
		line := u.t("ScheduleLine", "ID", s.ID, "Title", s.Title, "When", whenText(u, s, s.Next), "Template", s.Template)
		if s.Every != "" {
			line += " · " + u.t("ScheduleEvery"+s.Every)
		}
		if n := len(s.Proposals); n > 0 {
			line += " · " + u.t("ScheduleProposals", "Count", n)
		}
		lines = append(lines, line)
	}
	msg := chat.Message{Header: u.t("ScheduleHeader"), Text: strings.Join(lines, "\n"), Context: u.t("ScheduleListHint")}
	if tok, err := calendarToken(u, false); err != nil {
		return err
	} else if tok != "" {
		msg.Context += " " + u.t("CalendarLink", "URL", publicLink(u, CalendarPath(tok)))
	}
	u.tell(msg)
	return nil
}

// schedule finds the channel's schedule numbered by word i.
func findSchedule(u *unit, a args, i int) (*Schedule, error) {
	n, err := a.number(i)
	if err != nil {
		return nil, err
	}
	ss, err := u.tx.Schedules(u.req.Channel)
	if err != nil {
		return nil, fmt.Errorf("schedules of %s: %w", u.req.Channel, err)
	}
	for j := range ss {
		if ss[j].ID == uint64(n) {
			return &ss[j], nil
		}
	}
	return nil, u.refuse(u.t("ScheduleUnknown", "ID", n))
}

// mayRunSchedule reports whether the caller may change s: its chair or a
// facilitator.
func mayRunSchedule(u *unit, s *Schedule) bool {
	return s.Chair.ID == u.req.User || u.b.facilitators[u.req.User]
}

func scheduleCancel(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if err := templatesStored(u); err != nil {
		return err
	}
	s, err := findSchedule(u, a, 0)
	if err != nil {
		return err
	}
	if !mayRunSchedule(u, s) {
		return u.refuse(u.t("ScheduleChairOnly", "Chair", s.Chair.Name))
	}
	// Its timers find no schedule when they fire, and do nothing.
	if err := u.tx.DeleteSchedule(s.Channel, s.ID); err != nil {
		return fmt.Errorf("cancel schedule %d: %w", s.ID, err)
	}
	id := "ScheduleCancelled"
	if s.Every != "" { // every later occurrence goes too
		id = "ScheduleCancelledSeries"
	}
	u.say(chat.Message{Text: u.t(id, "Title", s.Title, "When", whenText(u, s, s.Next))})
	return nil
}

func agendaPropose(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if err := templatesStored(u); err != nil {
		return err
	}
	text := a.text(0)
	if text == "" {
		return cmdline.Usagef("%s", u.t("WrongArgs"))
	}
	if n := u.b.limits.Title; len([]rune(text)) > n {
		return u.refuse(u.t("TooLong", "Max", n))
	}
	s, err := nextSchedule(u)
	if err != nil {
		return err
	}
	if len(s.Proposals) >= maxProposals {
		return u.refuse(u.t("ProposalsFull", "Count", maxProposals))
	}
	p := AgendaProposal{N: len(s.Proposals) + 1, By: caller(u), Text: text}
	s.Proposals = append(s.Proposals, p)
	if err := u.tx.PutSchedule(s); err != nil {
		return fmt.Errorf("store schedule %d: %w", s.ID, err)
	}
	u.say(chat.Message{Text: u.t("AgendaProposed", "Name", p.By.Name, "Text", text, "Title", s.Title, "When", whenText(u, s, s.Next), "N", p.N, "Chair", s.Chair.Name)})
	return nil
}

func agendaAccept(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if err := templatesStored(u); err != nil {
		return err
	}
	n, err := a.number(0)
	if err != nil {
		return err
	}
	s, err := nextSchedule(u)
	if err != nil {
		return err
	}
	if !mayRunSchedule(u, s) {
		return u.refuse(u.t("ScheduleChairOnly", "Chair", s.Chair.Name))
	}
	if n < 1 || n > len(s.Proposals) {
		return u.refuse(u.t("ProposalUnknown", "N", n, "Count", len(s.Proposals)))
	}
	p := &s.Proposals[n-1]
	if p.Accepted {
		return u.refuse(u.t("ProposalAlreadyAccepted", "N", n))
	}
	p.Accepted = true
	if err := u.tx.PutSchedule(s); err != nil {
		return fmt.Errorf("store schedule %d: %w", s.ID, err)
	}
	u.say(chat.Message{Text: u.t("AgendaAccepted", "N", n, "Text", p.Text, "Title", s.Title)})
	return nil
}

// fireSchedule runs a schedule's timer: a reminder, or the start of the
// meeting and the setting of the next occurrence's timers. A timer whose
// schedule was cancelled, or moved on, does nothing.
func (b *Bot) fireSchedule(ctx context.Context, tx Tx, t Timer, now time.Time) error {
	ss, err := tx.Schedules(t.Channel)
	if err != nil {
		return fmt.Errorf("schedules of %s: %w", t.Channel, err)
	}
	i := slices.IndexFunc(ss, func(s Schedule) bool { return s.ID == uint64(t.Ref) })
	if i < 0 {
		return nil // cancelled
	}
	s := &ss[i]
	u := b.newUnit(ctx, tx, Request{Channel: s.Channel, User: s.Chair.ID, UserName: s.Chair.Name, Route: RouteAll})
	u.now = now
	u.setMeeting(nil)
	f, err := usableTemplate(u, s.Template)
	if err != nil {
		return err
	}
	tpl := facilitation.Template{Title: s.Title}
	if f != nil {
		tpl = f.tpl
		speakNotices(u, tpl)
	}
	switch t.Kind {
	case TimerScheduleRemind:
		if !s.Next.Equal(t.Since) || !now.Before(s.Next) {
			return nil
		}
		msg := chat.Message{Header: u.t("ReminderHeader", "Title", s.Title),
			Text:    u.t("ReminderText", "Left", lead(u, s.Next.Sub(now).Round(time.Minute)), "When", whenText(u, s, s.Next)),
			Context: u.t("KallelseHint")}
		msg.List, msg.Numbers = agendaOf(u, tpl, s.Proposals)
		u.say(msg)
	case TimerScheduleStart:
		if !s.Next.Equal(t.Due) {
			return nil
		}
		if err := startScheduled(u, s, tpl, now.Sub(t.Due)); err != nil {
			return err
		}
		if f == nil && u.m != nil { // started, though from no template
			u.say(chat.Message{Text: u.t("ScheduleTemplateGone", "Name", s.Template)})
		}
		if f != nil { // the next meeting is reminded of as its template says now
			s.Leads = slices.Clone(f.tpl.RemindersBefore)
		}
		if err := advance(u, s); err != nil {
			return err
		}
	}
	if err := u.finish(); err != nil {
		return err
	}
	if u.scheduled {
		b.wakeScheduler()
	}
	return nil
}

// startScheduled starts a scheduled meeting, with its accepted
// proposals on the agenda, unless a meeting is running or the start is
// too late to help (a server down for hours): then it says so.
func startScheduled(u *unit, s *Schedule, tpl facilitation.Template, late time.Duration) error {
	running, err := u.tx.Running(s.Channel)
	switch {
	case err == nil:
		u.lang = cmp.Or(running.Locale, u.lang)
		u.say(chat.Message{Text: u.t("ScheduleBusy", "Title", s.Title, "Running", running.Title)})
		return nil
	case !errors.Is(err, ErrNotFound):
		return fmt.Errorf("load meeting of %s: %w", s.Channel, err)
	}
	if late > StaleAfter {
		u.b.log.WarnContext(u.ctx, "a scheduled meeting was not started: its time passed while the server was down",
			"channel", s.Channel, "schedule", s.ID, "late", late.Round(time.Second))
		u.say(chat.Message{Text: u.t("ScheduleMissed", "Title", s.Title, "When", whenText(u, s, s.Next))})
		return nil
	}
	for _, p := range s.Proposals {
		if p.Accepted {
			tpl.Agenda = append(tpl.Agenda, facilitation.TemplateItem{Title: p.Text})
		}
	}
	if err := open(u, tpl, s.Title); err != nil {
		return err
	}
	u.m.Schedule, u.m.Occurrence = s.ID, s.Next // listed on in the calendar feed
	u.touch()
	return nil
}

// advance moves a recurring schedule to its next occurrence, with its
// timers, and forgets a schedule that does not recur.
func advance(u *unit, s *Schedule) error {
	next := occurrenceAfter(s, maxTime(s.Next, u.now))
	if next.IsZero() {
		return u.tx.DeleteSchedule(s.Channel, s.ID)
	}
	s.Next, s.Proposals = next, nil
	if err := u.tx.PutSchedule(s); err != nil {
		return fmt.Errorf("store schedule %d: %w", s.ID, err)
	}
	return addScheduleTimers(u, s)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// numbered writes list lines as a numbered list in plain text.
func numbered(lines, numbers []string) string {
	var b strings.Builder
	m := chat.Message{Numbers: numbers}
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s. %s", m.Number(i), l)
	}
	return b.String()
}

// CalendarEvent is one meeting in a channel's calendar feed.
type CalendarEvent struct {
	UID         string
	Start, End  time.Time
	Stamp       time.Time
	Title       string
	Description string
}

// Calendar is a channel's calendar feed: its scheduled meetings.
type Calendar struct {
	Name   string
	Events []CalendarEvent
}

// Calendar loads the calendar feed that token names, or ErrNotFound.
func (b *Bot) Calendar(ctx context.Context, token string) (*Calendar, error) {
	var out *Calendar
	err := b.store.View(ctx, func(tx Tx) error {
		channel, err := tx.Setting(calendarTokenKey(token))
		if err != nil {
			return err
		}
		want, err := tx.Setting(calendarChannelKey(channel))
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(token)) != 1 {
			return ErrNotFound
		}
		u := b.newUnit(ctx, tx, Request{Channel: channel})
		u.setMeeting(nil)
		ss, err := tx.Schedules(channel)
		if err != nil {
			return err
		}
		out = &Calendar{Name: u.t("CalendarName")}
		held, err := heldEvent(u, tx, channel)
		if err != nil {
			return err
		}
		if held != nil {
			out.Events = append(out.Events, *held)
		}
		for i := range ss {
			s := &ss[i]
			tpl := facilitation.Template{}
			if f, err := findTemplate(u, s.Template); err == nil && f != nil {
				tpl = f.tpl
			}
			desc := numbered(agendaOf(u, tpl, s.Proposals))
			for occ, n := s.Next, 0; !occ.IsZero() && n < calendarHorizon; occ, n = occurrenceAfter(s, occ), n+1 {
				out.Events = append(out.Events, calendarEvent(s.ID, occ, tpl, s.Title, desc, s.Created))
				desc = numbered(agendaOf(u, tpl, nil)) // proposals are the next occurrence's only
			}
		}
		slices.SortFunc(out.Events, func(a, b CalendarEvent) int { return a.Start.Compare(b.Start) })
		return u.failed
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// calendarEvent is the occurrence at start of schedule id, as long as
// tpl's agenda plans (an hour if it plans no time): its UID is the same
// while the meeting is planned and while it is held.
func calendarEvent(id uint64, start time.Time, tpl facilitation.Template, title, desc string, stamp time.Time) CalendarEvent {
	length := tpl.Planned()
	if length <= 0 {
		length = time.Hour
	}
	return CalendarEvent{UID: fmt.Sprintf("%d-%d@klubba", id, start.Unix()), Start: start, End: start.Add(length),
		Stamp: stamp, Title: title, Description: desc}
}

// heldEvent is the channel's last meeting as the calendar feed lists it,
// if it started itself for a schedule's occurrence, which the schedule
// no longer lists: while it is held, and after it until its planned end
// or the end of its day, whichever is later. Nil otherwise.
func heldEvent(u *unit, tx Tx, channel string) (*CalendarEvent, error) {
	m, err := tx.LastMeeting(channel)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last meeting of %s: %w", channel, err)
	}
	if m.Schedule == 0 {
		return nil, nil
	}
	tpl := m.AsTemplate("")
	e := calendarEvent(m.Schedule, m.Occurrence, tpl, m.Title, numbered(agendaOf(u, tpl, nil)), m.Started)
	day := m.Occurrence.In(cmp.Or(zoneNamed(m.Zone), time.UTC))
	dayEnd := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, day.Location())
	if !m.Running() && !u.now.Before(maxTime(e.End, dayEnd)) {
		return nil, nil
	}
	return &e, nil
}
