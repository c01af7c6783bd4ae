package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/typed"
)

// FuzzCommand runs any text as a command in a running meeting with an
// open poll: it must never panic or fail internally, and a refused
// command must leave the stored meeting as it was.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{
		"hand", "next", "lower reply", "sänk alla", `agenda add "x" 5m`, "agenda move 1 2", "vote 1 2", "vote #1 3", `poll "Q" "A" "B" --multi 2 --close 5m`,
		`poll ranked "Q" "A" "B" --secret`, "chair @bo", `action <@U1|x> "y" 2026-01-01`, "agenda extend 90s", "lang sv",
		"rules remove 1", "queue close", "replik", "end", "poll close #1", "start", "stats", "minutes",
		"register open", "here", "närvarande", "register add @bo @cy", "register remove <@U1|x>", "register close", "fastställ", "register",
		`poll elect 2 "B" "A" "B" "C" --method stv --min 1`, `val 3 "Styrelse" "A" "B" "C" "D" --secret --register`,
		`poll yesno "Q" --register --exclude @bo`, `poll ranked "Q" "A" "B" "C" --method schulze`, "poll draw", "lottning #2",
		"vote blank", "vote blankt", "end --force", `poll "Q" "A" "a"`, `poll "Q" "A" ""`,
		`propose "att x"`, `yrka --amends 1 "att y"`, `propose --formal "att z"`, "support 1", "instäm #2", "withdraw 1",
		"proposals", "yrkanden stäng", "proposition", "proposition 3 2 1", "finner 1", "declare 9", "votering", "demand vote",
		`reservation "nej"`, "reservera", "adjourn 15m", "ajournera", "resume", "återuppta", `decision edit 1 "att x"`,
		"beslut stryk 1", `note edit 2 "y"`, "action remove 1", "talartid 2m", "queue last-call 60s", "streck föreslås",
		"nästa punkt", "nästa talare", "begär ordet", "ordförande @bo", "minutes --stats",
		// The facilitation tools (docs/architecture.md, "Facilitation tools").
		`round "One word?" 1m`, "round", "round 90s", "laget runt", "pass", "passa", "round next", "round stop",
		`ideas "What should change?"`, `idea "Shorter stand-ups"`, `idé ""`, "ideas reveal", "avslöja", "dots 3", "prickar 11",
		"dot 1", "prick 99", "dots close", `poll consent "Adopt?"`, `samtycke "Try it" --anonymous`, `vote 4 "It costs too much"`,
		"flag", "flag pace", `flagga "a break"`, "evaluate", "evaluate --close 5m", "utvärdera", `vote 3 "Too long"`,
		"group", `group "old hand"`, "grupp x",
		"avsluta mötet", "begär sluten votering", "fullmakt @bo för @cy", "justerare @bo och @cy", "ajournera 15 min", "rösta ja", "vote 1,2",
		`poll elect 2 "B" "A" "B" "C" —method stv`, `decision "x".`, "status?", "hand\u200b", "nasta punkt", "poll close 1",
		// Templates and the time before the meeting.
		"template save x", "template import ```\nname: y\ntitle: Y\nagenda:\n  - title: a\n    timebox: 5m\n```", "template import ```yaml\n- [\n```",
		"template revert x 1", "template history x", "mall ta bort x", "template owners x @bo", "template copy t z --channel", "template edit x",
		`schedule t "T" 2027-01-01 10:00 --every week`, `kalla t "T" 2027-02-30 25:00`, `agenda propose "p"`, "agenda accept 1", "schedule cancel 1", "schedule list",
	} {
		f.Add("ann", s)
		f.Add("bo", s)
	}
	s, err := typed.Open(bolt.Open(filepath.Join(f.TempDir(), "fuzz.db")))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	tpl := facilitation.Template{Name: "t", Title: "T", Agenda: []facilitation.TemplateItem{{Title: "A"}, {Title: "B"}}, Rules: []string{"r"},
		Groups: []string{"new", "old hand"}, Queue: facilitation.QueueRules{Policy: facilitation.Alternate}}
	b, err := bot.New(s, bot.Options{Templates: []facilitation.Template{tpl}, Clock: bot.NewManualClock(facilitationEpoch), Codec: bottest.Codec{}})
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, user, text string) {
		if user == "" {
			user = "x"
		}
		n++
		ch := "fuzz:" + strings.Repeat("c", n%7) // a few channels, so meetings start and end
		b.Handle(ctx, bot.Request{Channel: ch, User: "ann", Text: "start t"})
		b.Handle(ctx, bot.Request{Channel: ch, User: "ann", Text: `poll "Q" "A" "B"`})
		before := stored(t, s, ch)
		resp, err := b.Handle(ctx, bot.Request{Channel: ch, User: user, UserName: user, Text: text})
		if err != nil {
			t.Fatalf("Handle(%q, %q): %v", user, text, err)
		}
		if resp.Refused && stored(t, s, ch) != before {
			t.Fatalf("refused %q by %q changed the stored meeting", text, user)
		}
	})
}
