package render_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/internal/golden"
)

var epoch = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// meeting is a running meeting in its second item: Bo speaking for 90 s
// with Cy and Dan waiting, Cy to reply.
func meeting(t *testing.T) *facilitation.Meeting {
	t.Helper()
	m := facilitation.New("1", "test:c", "Board meeting", "ann", facilitation.Template{}, epoch)
	for _, it := range []struct {
		title string
		box   time.Duration
	}{{"Opening", 5 * time.Minute}, {"Budget", 20 * time.Minute}, {"Any other business", 0}} {
		if _, err := m.Agenda.Add(it.title, it.box); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := m.MoveAgenda(epoch, (*facilitation.Agenda).Next); err != nil {
			t.Fatal(err)
		}
	}
	q := m.Queue()
	for _, who := range []string{"bo", "dan"} {
		if _, err := q.Ask(who, facilitation.Speak, epoch); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := q.Next(epoch.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Ask("cy", facilitation.Reply, epoch.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	return m
}

func view(t *testing.T, m *facilitation.Meeting, lang string) *render.View {
	t.Helper()
	cat, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return &render.View{
		Words: render.Words{Lang: lang, Cat: cat}, Meeting: m, Now: epoch.Add(150 * time.Second),
		Names:  map[string]string{"ann": "Ann", "bo": "Bo", "cy": "Cy", "dan": "Dan"},
		People: []string{"ann", "bo", "cy", "dan", "eve"},
	}
}

// TestRenderGolden renders the messages of one state in both languages,
// from a View alone: no store is involved.
func TestRenderGolden(t *testing.T) {
	for _, lang := range i18n.Locales {
		m := meeting(t)
		poll, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Adopt the budget?", Kind: facilitation.YesNo,
			Options: []string{"Yes", "No", "Abstain"}, Visibility: facilitation.Open, Register: true, Excluded: []string{"dan"}}, "ann", epoch)
		if err != nil {
			t.Fatal(err)
		}
		poll.ID, poll.MeetingID = 7, m.ID
		for voter, b := range map[string]facilitation.Ballot{"ann": {0}, "bo": {0}, "cy": {1}, "eve": {2}} {
			if _, err := poll.Vote(facilitation.Everyone, voter, b); err != nil {
				t.Fatal(err)
			}
		}
		v := view(t, m, lang)
		pv := render.Poll{Poll: poll, Eligible: 4}
		open := map[string]chat.Message{
			"agenda": v.Agenda(), "queue": v.Queue(), "stats": v.Stats(), "floor": v.Floor(),
			"poll": v.PollMessage(pv), "interim": v.Results(pv), "register": v.Register(),
		}
		if err := poll.Close(epoch.Add(10*time.Minute), "ann"); err != nil {
			t.Fatal(err)
		}
		open["results"] = v.Results(pv)
		got, err := json.MarshalIndent(open, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "messages."+lang+".json", append(got, '\n'))
	}
}

// TestUnknownNamesShowIDs: a person the View has no name for is shown by
// ID, never as an empty line.
func TestUnknownNamesShowIDs(t *testing.T) {
	v := view(t, meeting(t), "en")
	delete(v.Names, "dan")
	msg := v.Queue()
	if len(msg.List) != 2 || msg.List[1] != "dan" {
		t.Errorf("queue list = %q, want Cy's reply then dan", msg.List)
	}
}
