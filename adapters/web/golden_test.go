package web_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/typed"

	"github.com/klubba/klubba/adapters/web"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/golden"
)

// TestGolden renders the board of a real meeting (the bot on the in-memory
// store, on a clock that stands still) in English and in Swedish: testdata/*.html,
// reviewed like code; go test -update rewrites them.
func TestGolden(t *testing.T) {
	st := typed.New(mem.New())
	clock := bot.NewManualClock(time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC))
	tpl := facilitation.Template{
		Name: "board", Title: "Board meeting",
		Agenda: []facilitation.TemplateItem{{Title: "Opening", Timebox: 5 * time.Minute}, {Title: "Budget 2027", Timebox: 20 * time.Minute}, {Title: "Any other business"}},
		Rules:  []string{"One speaker at a time", `Be kind <even> to "the treasurer"`},
		Queue:  facilitation.QueueRules{MaxTurn: 3 * time.Minute},
	}
	b, err := bot.New(st, bot.Options{Templates: []facilitation.Template{tpl}, Clock: clock, Random: rand.NewChaCha8([32]byte{'k'})})
	if err != nil {
		t.Fatal(err)
	}
	do := func(user, text string) bot.Response {
		t.Helper()
		resp, err := b.Handle(context.Background(), bot.Request{Channel: "test:c1", User: user, UserName: user, Text: text})
		if err != nil || resp.Refused {
			t.Fatalf("%s> %s: %v %+v", user, text, err, resp)
		}
		return resp
	}
	do("chair", `start board "Board, November"`)
	token := regexp.MustCompile(`/board/([A-Za-z0-9_-]{43})`).FindStringSubmatch(do("chair", "board").Replies[0].Message.Text)[1]
	do("chair", "next item")
	clock.Advance(90 * time.Second)
	do("ola", "hand")
	do("li", "hand")
	do("chair", "next")
	do("kim", "reply")
	do("bo", "order")
	do("chair", `poll "Adopt the budget?" "Yes" "No" "Later" --anonymous`)
	do("ola", "vote 1")
	do("li", "vote 1")
	do("kim", "vote 2")
	do("chair", "poll close")
	do("chair", `poll elect 1 "Treasurer" "Ann" "Bo" --secret`)
	do("ola", "vote 1")
	clock.Advance(4 * time.Minute)
	do("chair", `round "One word?" 1m`)
	do("chair", "round next")
	clock.Advance(20 * time.Second)

	srv, err := web.New(web.Options{Boards: b, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv.Register(mux)
	hs := httptest.NewServer(mux)
	defer hs.Close()
	stable := regexp.MustCompile(`data-id="[^"]*"`)
	page := func() []byte {
		_, body := get(t, hs.URL+"/board/"+token)
		return stable.ReplaceAll([]byte(body), []byte(`data-id="…"`))
	}
	golden.Check(t, "board.en.html", page())
	do("chair", "lang sv")
	// No Changed hook is wired here, so a new server renders afresh.
	srv, err = web.New(web.Options{Boards: b, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	mux = http.NewServeMux()
	srv.Register(mux)
	hs.Config.Handler = mux
	golden.Check(t, "board.sv.html", page())
}
