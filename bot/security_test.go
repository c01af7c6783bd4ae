package bot_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
)

// A votering belongs to the meeting: the member who demanded it cannot
// close it and so decide the question alone (issue 26, finding 1).
func TestVoteringOnlyTheChairCloses(t *testing.T) {
	for _, tc := range []struct {
		lang, demand, close, want string
	}{
		{"en", "demand vote", "poll close", "This poll belongs to the meeting: only the chair (Ann) can close it."},
		{"sv", "votering", "omröstning stäng", "Omröstningen tillhör mötet: bara ordföranden (Ann) kan stänga den."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tc.lang)
			h.do("ann", "next item")
			h.do("bo", `propose "att köpa en båt"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			h.do("bo", tc.demand)
			h.do("bo", "vote 2")
			before := h.snapshot()
			wantContains(t, h.refused("bo", tc.close), tc.want)
			wantContains(t, h.refused("bo", tc.close+" #1"), tc.want)
			if after := h.snapshot(); after != before {
				t.Errorf("a refused close changed the meeting:\n%s\nwant\n%s", after, before)
			}
			got := h.do("ann", tc.close)
			if !strings.Contains(got, "1") {
				t.Errorf("the chair's close did not count: %q", got)
			}
		})
	}
}

// A poll counted against the voting register belongs to the meeting too,
// also outside a protocol meeting; an ordinary poll stays its creator's.
func TestRegisterPollOnlyTheChairCloses(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", "register open")
	h.do("bo", "here")
	h.do("ann", "register close")
	h.do("bo", `poll "Lunch?" "Yes" "No" --register`)
	wantContains(t, h.refused("bo", "poll close"), "only the chair (Ann) can close it")
	h.do("bo", `poll "Fika?" "Yes" "No"`)
	wantContains(t, h.do("bo", "poll close"), "Fika?")
	wantContains(t, h.do("ann", "poll close"), "Lunch?")
}

// Control characters and bidi overrides never enter the bot: not in a
// command's text, a display name or a click's typed input (issue 26,
// finding 2).
func TestUserTextCleanedAtTheBoundary(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	resp := h.req(bot.Request{User: "bo", UserName: "Bo\revent: gone\u202e", Text: "poll \"Lunch?\x07\u202e\" \"A\x00\" \"B\""})
	h.req(bot.Request{User: "bo", UserName: "Bo\revent: gone\u202e", Text: "hand"})
	got := replyText(resp) + h.do("ann", "queue")
	wantContains(t, got, "Lunch?", "Bo event: gone")
	for _, bad := range []string{"\r", "\x07", "\x00", "\u202e"} {
		if strings.Contains(got, bad) || strings.Contains(h.snapshot(), bad) {
			t.Errorf("%q reached the replies or the store:\n%q", bad, got)
		}
	}
	md := h.do("ann", "minutes")
	if strings.ContainsAny(md, "\r\x07\x00\u202e") {
		t.Errorf("the minutes keep a control character: %q", md)
	}
}

// The cap on polls holds for every command that makes one, and the cap
// on titles for every kind of poll (issue 26, finding 4): poll elect,
// poll consent, evaluate and demand vote skipped them.
func TestPollCapEveryKind(t *testing.T) {
	long := strings.Repeat("q", 21)
	for _, tc := range []struct {
		name  string
		setup []string // as the chair ann, after the one poll allowed
		user  string
		cmd   string
	}{
		{name: "elect", user: "bo", cmd: `poll elect 1 "Board" "Ann" "Bo"`},
		{name: "consent", user: "bo", cmd: `poll consent "Fika?"`},
		{name: "evaluate", user: "ann", cmd: "evaluate"},
		{name: "demand vote", setup: []string{"proposition", "declare 1"}, user: "cy", cmd: "demand vote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newLimited(t, bot.Limits{Title: 20, Polls: 1})
			h.do("ann", "start board")
			h.do("bo", `propose "att vi fikar"`)
			h.do("ann", `poll "Lunch?" "A" "B"`)
			h.do("ann", "poll close")
			for _, s := range tc.setup {
				h.do("ann", s)
			}
			before := h.snapshot()
			wantContains(t, h.refused(tc.user, tc.cmd), "already has 1 polls")
			if h.snapshot() != before {
				t.Errorf("%s: the refusal changed the meeting", tc.cmd)
			}
		})
	}
	h := newLimited(t, bot.Limits{Title: 20})
	h.do("ann", "start board")
	for _, cmd := range []string{`poll elect 1 "` + long + `" "Ann" "Bo"`, `poll consent "` + long + `"`, `poll elect 1 "Board" "` + long + `" "Bo"`} {
		wantContains(t, h.refused("bo", cmd), "at most 20 characters")
	}
}

// A brainstorm collects at most limits.ideas ideas, and its revealed
// ideas stay out of the meeting record that every command rewrites
// (issue 26, finding 5); they still rank by dots after a restart.
func TestIdeasCappedAndKeptApart(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "This brainstorm already has 3 ideas, the most one can collect."},
		{"sv", "Idéinsamlingen har redan 3 idéer, det högsta den kan samla."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newDurableHarness(t, board)
			h.bot = newBot(t, h, bot.Limits{Ideas: 3})
			h.do("ann", "start board")
			h.do("ann", "lang "+tc.lang)
			h.do("ann", `ideas "What should change?"`)
			for _, u := range []string{"bo", "cy", "dan"} {
				h.do(u, `idea "Idea of `+u+`"`)
			}
			before := h.snapshot()
			wantContains(t, h.refused("eve", `idea "One too many"`), tc.want)
			if h.snapshot() != before {
				t.Error("a refused idea changed the meeting")
			}
			wantContains(t, h.do("ann", "ideas reveal"), "Idea of bo", "Idea of cy", "Idea of dan")
			h.store.View(context.Background(), func(tx bot.Tx) error {
				m, err := tx.Running(channel)
				if err != nil {
					t.Fatal(err)
				}
				if js, _ := json.Marshal(m); m.Ideas == nil || len(m.Ideas.Ideas) != 0 || strings.Contains(string(js), "Idea of") {
					t.Errorf("the meeting record holds the revealed ideas: %s", js)
				}
				return nil
			})
			h.reopen()
			h.bot = newBot(t, h, bot.Limits{Ideas: 3})
			h.do("ann", "dots 1")
			h.do("bo", "dot 2")
			got := h.do("ann", "dots close")
			wantContains(t, got, "Idea of")
			if strings.Count(got, "Idea of") != 3 {
				t.Errorf("the ranking after a restart lost ideas: %q", got)
			}
		})
	}
}

// newBot is a bot on h's store and clock with limits l.
func newBot(t *testing.T, h *harness, l bot.Limits) *bot.Bot {
	t.Helper()
	b, err := bot.New(h.store, bot.Options{Templates: h.templates, Clock: h.clock, Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Anonymous flags and dots are recorded under keyed pseudonyms: the
// database file holds no unkeyed hash of meeting and user ID, and once
// the meeting ends, the meeting's secret is gone from the store (issue
// 26, smaller findings).
func TestPseudonymsKeyed(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", "start board")
	h.do("ann", `ideas "Q?"`)
	h.do("bo", `idea "One"`)
	h.do("cy", `idea "Two"`)
	h.do("ann", "ideas reveal")
	h.do("ann", "dots 2")
	for _, u := range []string{"bo", "cy", "dan"} {
		h.do(u, "dot 1")
		h.do(u, "flag")
	}
	var meetingID, secret string
	h.store.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Running(channel)
		if err != nil {
			t.Fatal(err)
		}
		meetingID = m.ID
		s, err := tx.Anonymous("pseudonym/" + m.ID)
		if err != nil || len(s) != 1 {
			t.Fatalf("the meeting's pseudonym secret: %q, %v", s, err)
		}
		secret = s[0]
		return nil
	})
	h.do("ann", "end")
	h.store.Close()
	data, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(secret)) {
		t.Error("the file, freed pages included, still holds the ended meeting's pseudonym secret")
	}
	for _, u := range []string{"bo", "cy", "dan"} {
		sum := sha256.Sum256([]byte("klubba\x00" + meetingID + "\x00" + u))
		if unkeyed := hex.EncodeToString(sum[:12]); bytes.Contains(data, []byte(unkeyed)) {
			t.Errorf("the file holds the unkeyed hash of %s", u)
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(u))
		if keyed := hex.EncodeToString(mac.Sum(nil)[:16]); !bytes.Contains(data, []byte(keyed)) {
			t.Errorf("the file lacks %s's keyed pseudonym: the scan would find nothing", u)
		}
	}
	h.open()
	h.store.View(context.Background(), func(tx bot.Tx) error {
		if s, _ := tx.Anonymous("pseudonym/" + meetingID); len(s) != 0 {
			t.Errorf("the ended meeting's pseudonym secret is still stored: %q", s)
		}
		return nil
	})
}

// Retention deletes ended meetings older than its days, with their polls,
// minutes and people, exporting their minutes first; a meeting whose
// export fails is kept, and so are recent ones (issue 26, smaller
// findings). The bbolt file keeps no trace of a deleted meeting.
func TestPruneOldMeetings(t *testing.T) {
	h := newDurableHarness(t, board)
	h.do("ann", `start "Old meeting"`)
	h.do("ann", `note "zebra-crossing-7731"`)
	h.do("ann", "register import ```\nU-okapi-5520,Okapi Listed\n```")
	h.do("ann", `poll "Lunch?" "Yes" "No"`)
	h.do("bo", "vote 1")
	h.do("ann", "end --force")
	h.clock.Advance(40 * 24 * time.Hour)
	h.do("ann", `start "Recent meeting"`)
	h.do("ann", "end")
	var oldID string
	h.store.View(context.Background(), func(tx bot.Tx) error {
		ms, _ := tx.Meetings()
		oldID = ms[0].ID
		return nil
	})

	failing := func(m *facilitation.Meeting, md string) error { return errors.New("disk full") }
	if n, err := h.bot.Prune(context.Background(), 30*24*time.Hour, failing); n != 0 || err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Prune with a failing export = %d, %v; want nothing deleted and the error", n, err)
	}
	exported := map[string]string{}
	n, err := h.bot.Prune(context.Background(), 30*24*time.Hour, func(m *facilitation.Meeting, md string) error {
		exported[m.ID] = md
		return nil
	})
	if n != 1 || err != nil {
		t.Fatalf("Prune = %d, %v; want the old meeting deleted", n, err)
	}
	if md := exported[oldID]; len(exported) != 1 || !strings.Contains(md, "Old meeting") || !strings.Contains(md, "zebra-crossing-7731") {
		t.Errorf("exported = %q, want the old meeting's minutes", exported)
	}
	h.store.View(context.Background(), func(tx bot.Tx) error {
		if _, err := tx.Meeting(oldID); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("the old meeting is still stored: %v", err)
		}
		if _, err := tx.Poll(1); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("its poll is still stored: %v", err)
		}
		if es, _ := tx.Entries(oldID); len(es) != 0 {
			t.Errorf("its minutes entries are still stored: %v", es)
		}
		if ps, _ := tx.People(oldID); len(ps) != 0 {
			t.Errorf("its people are still stored: %v", ps)
		}
		ms, _ := tx.Meetings()
		if len(ms) != 1 || ms[0].Title != "Recent meeting" {
			t.Errorf("meetings left = %d, want the recent one", len(ms))
		}
		return nil
	})
	h.store.Close()
	data, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("zebra-crossing-7731")) {
		t.Error("the database file still holds the deleted meeting's note")
	}
	if bytes.Contains(data, []byte("Okapi Listed")) {
		t.Error("the database file still holds the deleted meeting's member list")
	}
	h.open()
	wantContains(t, h.do("ann", "minutes"), "Recent meeting")
}

// The in-memory store deletes as store/bolt does.
func TestPruneInMemory(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `start "Old meeting"`)
	h.do("ann", `poll "Lunch?" "Yes" "No" --secret`)
	h.do("bo", "vote 1")
	h.do("ann", "board")
	h.do("ann", "end --force")
	h.clock.Advance(2 * time.Hour)
	if n, err := h.bot.Prune(context.Background(), time.Hour, nil); n != 1 || err != nil {
		t.Fatalf("Prune = %d, %v", n, err)
	}
	if got := h.snapshot(); !strings.Contains(got, "not found") {
		t.Errorf("after Prune: %s", got)
	}
	h.mem.View(context.Background(), func(tx bot.Tx) error {
		if _, err := tx.LastMeeting(channel); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("LastMeeting after Prune: %v", err)
		}
		return nil
	})
}

// TestRestrictedCommandsRefusedPrivately: each command of the formal
// meeting that only the chair may run, and each step of the justering
// that only the officers or the minute-checkers may take, is refused to
// a member privately, in the meeting's language, and changes nothing.
func TestRestrictedCommandsRefusedPrivately(t *testing.T) {
	for _, lang := range []string{"en", "sv"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(en, sv string) string {
				if lang == "sv" {
					return sv
				}
				return en
			}
			chairOnly := tr("Only the chair can do that. The chair is Ann.", "Det får bara ordföranden göra. Ordförande är Ann.")
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+lang)
			h.do("ann", "secretary @bo")
			h.do("ann", "adjusters @cy")
			h.do("dan", "recuse")
			for _, cmd := range []string{
				"recuse @dan", "recuse clear @dan", "casting 1", "majority 2/3", "demand window 2m",
				"register proxy @eve @fay", "register substitute @eve @fay", "register guest @zed",
				"register import ```\nann,Ann\n```", "queue limit 2m", "queue last-call",
				`place "Elsewhere"`, "tellers @eve", "adjusters @eve",
			} {
				before := h.snapshot()
				if got := strings.TrimSpace(h.refused("eve", cmd)); got != chairOnly {
					t.Errorf("eve> %s: got %q, want %q", cmd, got, chairOnly)
				}
				if h.snapshot() != before {
					t.Errorf("eve> %s was refused but changed the meeting", cmd)
				}
			}
			h.do("ann", "end")
			notAdjuster := tr("Only the meeting's minute-checkers approve the minutes or object to them.", "Bara mötets justerare justerar protokollet eller invänder mot det.")
			for _, s := range []struct{ cmd, want string }{
				{"minutes submit", tr("Only the chair (Ann) and the secretary (bo) write the minutes of this meeting.", "Bara ordföranden (Ann) och sekreteraren (bo) för protokollet i det här mötet.")},
				{"approve", notAdjuster},
				{`object "Fel datum"`, notAdjuster},
			} {
				before := h.lastMeeting()
				if got := strings.TrimSpace(h.refused("eve", s.cmd)); got != s.want {
					t.Errorf("eve> %s: got %q, want %q", s.cmd, got, s.want)
				}
				if h.lastMeeting() != before {
					t.Errorf("eve> %s was refused but changed the meeting", s.cmd)
				}
			}
		})
	}
}
