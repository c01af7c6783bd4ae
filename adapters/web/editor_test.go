package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/klubba/klubba/adapters/web"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"
)

// editorRig is a bot on an in-memory store with the web server in front.
type editorRig struct {
	t     *testing.T
	bot   *bot.Bot
	clock *bot.ManualClock
	srv   *httptest.Server
}

func newEditorRig(t *testing.T) *editorRig {
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	clock := bot.NewManualClock(bottest.Epoch)
	b, err := bot.New(typed.New(mem.New()), bot.Options{Clock: clock, Codec: bottest.Codec{}, TimeZone: sthlm})
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Options{Boards: b, Editor: b, Calendars: b, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &editorRig{t: t, bot: b, clock: clock, srv: srv}
}

func (r *editorRig) do(user, text string) string {
	r.t.Helper()
	resp, err := r.bot.Handle(context.Background(), bot.Request{Channel: "test:c1", User: user, UserName: user, Text: text})
	if err != nil || resp.Refused {
		r.t.Fatalf("%s: %+v, %v", text, resp, err)
	}
	var b strings.Builder
	for _, rep := range resp.Replies {
		b.WriteString(rep.Message.Header + "\n" + rep.Message.Text + "\n" + strings.Join(rep.Message.List, "\n") + "\n" + rep.Message.Context + "\n")
	}
	return b.String()
}

func (r *editorRig) get(path string) (int, string, http.Header) {
	r.t.Helper()
	resp, err := http.Get(r.srv.URL + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func (r *editorRig) post(path string, form url.Values) (int, string) {
	r.t.Helper()
	resp, err := http.PostForm(r.srv.URL+path, form)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if cc, ct := resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"); cc != "no-store" || resp.StatusCode != http.StatusRequestEntityTooLarge && ct != "text/html; charset=utf-8" {
		r.t.Errorf("POST %s answered %d with Cache-Control %q and Content-Type %q, want no-store and html", path, resp.StatusCode, cc, ct)
	}
	return resp.StatusCode, string(body)
}

var editorLink = regexp.MustCompile(`/template/edit/[A-Za-z0-9_.-]+`)

func wantIn(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// editorOf imports the template weekly from yaml, as ann, and returns
// the path of its editor's signed link.
func (r *editorRig) editorOf(t *testing.T, yaml string) string {
	t.Helper()
	r.do("ann", "template import ```\n"+yaml+"```")
	path := editorLink.FindString(r.do("ann", "template edit weekly"))
	if path == "" {
		t.Fatal("no editor link")
	}
	return path
}

// TestEditorPage: the signed link opens a form with the template's items,
// rules and poll defaults and its YAML; a bad value is shown beside its
// field with what was typed kept; a good one is saved as a version; a
// stale, forged or expired link saves nothing.
func TestEditorPage(t *testing.T) {
	r := newEditorRig(t)
	path := r.editorOf(t, "name: weekly\ntitle: Weekly\nrules: [Be kind]\nagenda:\n  - title: Check-in\n    timebox: 5m\n")
	code, body, h := r.get(path)
	if code != http.StatusOK {
		t.Fatalf("GET editor: %d\n%s", code, body)
	}
	wantIn(t, "the editor", body, "<h1>Edit the template weekly</h1>", `value="Check-in"`, `value="5m"`, ">Be kind</textarea>",
		`<label for="visibility">Who sees the votes</label>`, "name: weekly", `aria-label="Timebox of item 1"`,
		"This link works until 20:00.") // a time of day as the language and zone write it, not a fixed "15:04 UTC"
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP = %q", csp)
	}

	form := url.Values{"base": {"1"}, "mode": {"form"}, "title": {"Check-in", "Roadmap", ""}, "timebox": {"5m", "twenty", ""}, "majority": {"", "most", ""},
		"rules": {"Be kind\r\nOne voice at a time"}, "visibility": {"anonymous"}, "tie": {"lots"}}
	code, body = r.post(path, form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a bad timebox: %d", code)
	}
	wantIn(t, "the refusal", body, "2 things to fix; nothing was saved:", `<a href="#agenda-1-timebox">Timebox of item 2</a>`,
		`<a href="#agenda-1-majority">Majority a decision on item 2 needs</a>`, "I don&#39;t know the majority “most”",
		`id="agenda-1-timebox" name="timebox" value="twenty"`, `aria-invalid="true" aria-describedby="agenda-1-timebox-error timebox-hint"`,
		"“twenty” is not a duration", `value="Roadmap"`, "One voice at a time", `<option value="anonymous" selected>`)

	form.Set("timebox", "") // the browser sends every row's value
	form["timebox"] = []string{"5m", "20m", ""}
	form["majority"] = []string{"", "2/3", ""}
	code, body = r.post(path, form)
	if code != http.StatusOK {
		t.Fatalf("a good save: %d\n%s", code, body)
	}
	wantIn(t, "the saved page", body, "Saved as version 2. The next <code>start weekly</code> uses it.", `value="Roadmap"`, `value="20m"`, "visibility: anonymous", "tie: lots",
		"majority: 2/3", `<option value="2/3" selected>a two-thirds majority</option>`)
	wantIn(t, "the meeting", r.do("bo", "start weekly"), "Roadmap (20m)")
	r.do("bo", "end")

	code, body = r.post(path, url.Values{"base": {"2"}, "mode": {"yaml"}, "yaml": {"name: weekly\ntitle: Weekly\nagendas: []\n"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad YAML: %d", code)
	}
	wantIn(t, "the YAML refusal", body, "Line 3, agendas: unknown key", "agendas: []", `aria-invalid="true"`)
	_, body = r.post(path, url.Values{"base": {"2"}, "mode": {"yaml"}, "yaml": {"name: renamed\ntitle: Weekly\n"}})
	wantIn(t, "the rename", body, "</a>: The editor keeps the name “weekly”; use <code>template copy</code> for a new name.</li>",
		"<p>⚠ Line 1, name: The editor keeps the name “weekly”; use <code>template copy</code> for a new name.</p>")
	if code, body = r.post(path, url.Values{"base": {"1"}, "mode": {"yaml"}, "yaml": {"name: weekly\ntitle: Old\n"}}); code != http.StatusConflict {
		t.Errorf("a save from version 1 after version 2: %d", code)
	}
	wantIn(t, "the conflict", body, "Someone saved version 2 meanwhile")

	if code, _, _ := r.get(path + "x"); code != http.StatusNotFound {
		t.Errorf("a forged link: %d", code)
	}
	r.clock.Advance(bot.EditorLinkTTL + time.Minute)
	code, body, _ = r.get(path)
	if code != http.StatusGone || !strings.Contains(body, "This link has expired. Ask for a new one in chat with <code>template edit NAME</code>.") {
		t.Errorf("an expired link: %d %s", code, body)
	}
	if code, _ := r.post(path, url.Values{"base": {"2"}, "mode": {"yaml"}, "yaml": {"name: weekly\ntitle: Late\n"}}); code != http.StatusGone {
		t.Errorf("a save on an expired link: %d", code)
	}
	wantIn(t, "the history", r.do("ann", "template history weekly"), "v2", "edited")
	if strings.Contains(r.do("ann", "template history weekly"), "v3") {
		t.Error("a refused save made a version")
	}
}

// TestEditorExpiredInItsLanguage: a link past its hour says so in the
// language of the person who asked for it, as the editor itself would.
func TestEditorExpiredInItsLanguage(t *testing.T) {
	r := newEditorRig(t)
	r.do("ann", "lang sv")
	path := r.editorOf(t, "name: weekly\ntitle: Veckomöte\n")
	r.clock.Advance(bot.EditorLinkTTL + time.Minute)
	code, body, _ := r.get(path)
	if code != http.StatusGone {
		t.Errorf("an expired link: %d", code)
	}
	wantIn(t, "the expired link's page", body, `lang="sv"`, "Mallredigerare", "Länken har gått ut. Be om en ny i chatten med <code>mall redigera NAMN</code>.")
}

// TestEditorExpiredSaveKeepsWhatWasSent: a save sent after the link's
// hour saves nothing, but gives back what was typed, to copy into the
// editor of a new link, with how to get one, in the link's language.
func TestEditorExpiredSaveKeepsWhatWasSent(t *testing.T) {
	form := url.Values{"base": {"1"}, "mode": {"form"}, "title": {"Budget & plan", "", "Other"}, "timebox": {"7m", "", ""},
		"majority": {"2/3", "", ""}, "rules": {"Be kind\r\nOne voice"}, "visibility": {"secret"}, "tie": {"lots"}, "register": {"on"}}
	cases := []struct {
		name, lang string
		sent       url.Values
		want       []string
	}{
		{"the form", "en", form, []string{`lang="en"`,
			"This link has expired, so nothing was saved. What you sent is below: copy it, ask for a new link in chat with <code>template edit weekly</code>, and paste it into the new page.",
			`<label for="sent">What you sent</label>`, `<textarea id="sent" rows="18" readonly`,
			">Agenda:\n1. Budget &amp; plan (7m, a two-thirds majority)\n2. Other\n\nGround rules:\nBe kind\nOne voice\n\nPoll defaults:\n" +
				"Who sees the votes: secret ballot\nA tie in a vote is broken by: drawing lots\nOnly those on the voting register vote</textarea>"}},
		{"the form in Swedish", "sv", form, []string{`lang="sv"`,
			"Länken har gått ut, så inget sparades. Det du skickade står nedan: kopiera det, be om en ny länk i chatten med <code>mall redigera weekly</code> och för in det på den nya sidan.",
			`<label for="sent">Det du skickade</label>`,
			">Dagordning:\n1. Budget &amp; plan (7m, två tredjedelars majoritet)\n2. Other\n\nMötesregler:\nBe kind\nOne voice\n\nOmröstningar:\n" +
				"Vem som ser rösterna: sluten\nLika röstetal avgörs genom: lottning\nBara de i röstlängden röstar</textarea>"}},
		{"the YAML", "en", url.Values{"base": {"1"}, "mode": {"yaml"}, "yaml": {"name: weekly\ntitle: Late <but> kept\n"}},
			[]string{"<code>template edit weekly</code>", ">name: weekly\ntitle: Late &lt;but&gt; kept\n</textarea>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newEditorRig(t)
			r.do("ann", "lang "+c.lang)
			path := r.editorOf(t, "name: weekly\ntitle: Weekly\n")
			r.clock.Advance(bot.EditorLinkTTL + time.Minute)
			code, body := r.post(path, c.sent)
			if code != http.StatusGone {
				t.Errorf("a save on an expired link: %d", code)
			}
			wantIn(t, "the expired save's page", body, c.want...)
			if strings.Contains(r.do("ann", "template history weekly"), "v2") {
				t.Error("a save on an expired link made a version")
			}
		})
	}
}

// TestEditorProblemBesideItsRow: a title left out is shown beside the
// row it is missing from, also below a row emptied to remove an item.
func TestEditorProblemBesideItsRow(t *testing.T) {
	r := newEditorRig(t)
	path := r.editorOf(t, "name: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n  - title: Minutes\n    timebox: 5m\n")
	code, body := r.post(path, url.Values{"base": {"1"}, "mode": {"form"},
		"title": {"", "Minutes", ""}, "timebox": {"", "5m", "20m"}, "majority": {"", "", ""}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a row without a title: %d", code)
	}
	wantIn(t, "the refusal", body, `<a href="#agenda-2-title">Title of item 3</a>: is missing`, `id="agenda-2-title" name="title" value="" aria-label="Title of item 3" maxlength="200" aria-invalid="true"`)
	if strings.Contains(body, `value="Minutes" aria-label="Title of item 2" maxlength="200" aria-invalid`) {
		t.Errorf("the row with a title is marked:\n%s", body)
	}
}

// TestEditorTimeboxes: the form shows each timebox as it would be typed,
// seconds included, so that saving the form unchanged keeps it.
func TestEditorTimeboxes(t *testing.T) {
	r := newEditorRig(t)
	path := r.editorOf(t, "name: weekly\ntitle: Weekly\nagenda:\n  - title: A\n    timebox: 90s\n  - title: B\n    timebox: 30s\n  - title: C\n    timebox: 1h30m\n  - title: D\n    timebox: 10m\n  - title: E\n    timebox: 1h0m20s\n")
	_, body, _ := r.get(path)
	wantIn(t, "the form", body, `name="timebox" value="1m30s"`, `name="timebox" value="30s"`,
		`name="timebox" value="1h30m"`, `name="timebox" value="10m"`, `name="timebox" value="1h20s"`)
}

// TestCalendarFeed: the channel's feed is valid iCalendar that a
// maintained parser reads: CRLF lines of at most 75 octets, escaped
// text, a UID and DTSTAMP per event, times in UTC, and a weekly meeting
// at 09:00 in Stockholm at 08:00 UTC in winter and 07:00 UTC in summer.
func TestCalendarFeed(t *testing.T) {
	r := newEditorRig(t)
	r.do("ann", "template import ```\nname: styrelse\ntitle: Styrelsemöte\nagenda:\n  - title: \"Ekonomi; budget, prognos och övrigt som är långt nog att vikas på flera rader\"\n    timebox: 30m\n```")
	out := r.do("ann", `schedule styrelse "Styrelsemöte, vecka" 2027-03-22 09:00 --every week`)
	path := regexp.MustCompile(`/calendar/[A-Za-z0-9_-]{43}\.ics`).FindString(out)
	if path == "" {
		t.Fatalf("no calendar link in %q", out)
	}
	code, body, h := r.get(path)
	if code != http.StatusOK || h.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("GET %s: %d %s", path, code, h.Get("Content-Type"))
	}
	for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if strings.Contains(line, "\n") || len(line) > 75 {
			t.Errorf("line %d is not a folded CRLF line (%d octets): %q", i+1, len(line), line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("ParseCalendar: %v\n%s", err, body)
	}
	events := cal.Events()
	if len(events) != 12 {
		t.Fatalf("%d events, want 12", len(events))
	}
	uids := map[string]bool{}
	for _, e := range events {
		uids[e.Id()] = true
		if _, err := e.GetDtStampTime(); err != nil {
			t.Errorf("event %s: DTSTAMP: %v", e.Id(), err)
		}
	}
	if len(uids) != 12 {
		t.Errorf("%d distinct UIDs, want 12", len(uids))
	}
	first, second := events[0], events[1]
	if start, _ := first.GetStartAt(); !start.Equal(time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("first DTSTART = %v, want 08:00 UTC (09:00 CET)", start)
	}
	if start, _ := second.GetStartAt(); !start.Equal(time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("second DTSTART = %v, want 07:00 UTC (09:00 CEST)", start)
	}
	if end, _ := first.GetEndAt(); !end.Equal(time.Date(2027, 3, 22, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("DTEND = %v, want the agenda's 30 minutes later", end)
	}
	if got := first.GetProperty(ics.ComponentPropertySummary).Value; got != "Styrelsemöte, vecka" {
		t.Errorf("SUMMARY = %q", got)
	}
	if got := first.GetProperty(ics.ComponentPropertyDescription).Value; got != "1. Ekonomi; budget, prognos och övrigt som är långt nog att vikas på flera rader (30m)" {
		t.Errorf("DESCRIPTION = %q", got)
	}
	if code, _, _ := r.get("/calendar/" + strings.Repeat("x", 43) + ".ics"); code != http.StatusNotFound {
		t.Errorf("an unknown token: %d", code)
	}
}

// TestICSFolding: a long line of multi-byte characters is folded without
// splitting a character, and unfolds to what was written.
func TestICSFolding(t *testing.T) {
	title := strings.Repeat("å,ä;ö\\", 40)
	out := string(web.ICS(&bot.Calendar{Name: "K", Events: []bot.CalendarEvent{{UID: "1@k", Title: title,
		Start: bottest.Epoch, End: bottest.Epoch.Add(time.Hour), Stamp: bottest.Epoch}}}))
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value; got != title {
		t.Errorf("SUMMARY unfolds to %q, want %q", got, title)
	}
	for _, line := range strings.Split(out, "\r\n") {
		if len(line) > 75 || !utf8Valid(line) {
			t.Errorf("line %q: %d octets or a split character", line, len(line))
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestICSEmpty: with nothing planned, the feed still holds a component,
// as RFC 5545 asks, and no event.
func TestICSEmpty(t *testing.T) {
	out := string(web.ICS(&bot.Calendar{Name: "K"}))
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Components); n != 1 || len(cal.Events()) != 0 || len(cal.Timezones()) != 1 {
		t.Errorf("an empty feed has %d components, %d events, %d time zones; want only a VTIMEZONE:\n%s", n, len(cal.Events()), len(cal.Timezones()), out)
	}
}
