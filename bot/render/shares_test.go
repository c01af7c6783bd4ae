package render_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// TestResultSharesOneBase: a result's bars share the base of its outcome,
// the votes cast for a choice, and the result names that base once;
// abstentions are a count without a share, and the base of one reads in
// the singular.
func TestResultSharesOneBase(t *testing.T) {
	secret := facilitation.PollSpec{Question: "Votering", Kind: facilitation.Single, Options: []string{"yrkande 1", "avslag"}}
	yesNo := facilitation.PollSpec{Question: "Ansvarsfrihet?", Kind: facilitation.YesNo, Options: []string{"Ja", "Nej", "Avstår"}}
	multi := facilitation.PollSpec{Question: "Fika?", Kind: facilitation.Multi, Options: []string{"Kaffe", "Te", "Saft"}, MaxChoices: 2}
	elect := facilitation.PollSpec{Question: "Val av styrelse", Kind: facilitation.Elect, Options: []string{"Ada", "Bo", "Cia"}, Seats: 2}
	tests := []struct {
		name, lang string
		spec       facilitation.PollSpec
		ballots    []string // as voters type them
		bars       []string // each bar's count and share as a chart shows it
		want       string
	}{
		{"blank votes are outside the base", "sv", secret, []string{"1", "2", "2", "2", "2", "blank", "blank"},
			[]string{"1 (20 %)", "4 (80 %)"}, "Andelar av de 5 röster som avgavs för ett alternativ."},
		{"blank votes are outside the base (en)", "en", secret, []string{"1", "2", "2", "2", "2", "blank", "blank"},
			[]string{"1 (20%)", "4 (80%)"}, "Shares of the 5 votes cast for an option."},
		{"an abstention has no share", "sv", yesNo, []string{"1", "1", "2", "3", "3"},
			[]string{"2 (66,7 %)", "1 (33,3 %)", "2"}, "Andelar av de 3 röster som avgavs för ett alternativ."},
		{"an abstention has no share (en)", "en", yesNo, []string{"1", "1", "2", "3", "3"},
			[]string{"2 (66.7%)", "1 (33.3%)", "2"}, "Shares of the 3 votes cast for an option."},
		{"a base of one", "sv", yesNo, []string{"1", "3"},
			[]string{"1 (100 %)", "0 (0 %)", "1"}, "Andelar av den 1 röst som avgavs för ett alternativ."},
		{"a base of one (en)", "en", yesNo, []string{"1", "3"},
			[]string{"1 (100%)", "0 (0%)", "1"}, "Shares of the 1 vote cast for an option."},
		// A ballot may mark several options: the shares are of those who
		// marked any, blank votes counting for none, as in a single choice.
		{"a multiple choice leaves blank votes out", "sv", multi, []string{"1 2", "1", "blank", "blank"},
			[]string{"2 (100 %)", "1 (50 %)", "0 (0 %)"}, "Andelar av de 2 som röstade på något alternativ (var och en kunde välja flera)."},
		{"a multiple choice leaves blank votes out (en)", "en", multi, []string{"1 2", "1", "blank", "blank"},
			[]string{"2 (100%)", "1 (50%)", "0 (0%)"}, "Shares of the 2 who voted for an option (each could choose several)."},
		{"an election leaves blank votes out", "sv", elect, []string{"1 2", "1 3", "1", "blank"},
			[]string{"3 (100 %)", "1 (33,3 %)", "1 (33,3 %)"}, "Andelar av de 3 som röstade på något alternativ (var och en kunde välja flera)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Årsmöte", "ann", facilitation.Template{Locale: tt.lang}, epoch)
			tt.spec.Visibility = facilitation.Anonymous
			p, err := facilitation.NewPoll(tt.spec, "ann", epoch)
			if err != nil {
				t.Fatal(err)
			}
			for i, b := range tt.ballots {
				ballot, err := p.ParseChoices(strings.Fields(b))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := p.Vote(facilitation.Everyone, string(rune('a'+i)), ballot); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(epoch.Add(time.Minute), "ann"); err != nil {
				t.Fatal(err)
			}
			msg := view(t, m, tt.lang).Results(render.Poll{Poll: p})
			var bars []string
			for _, b := range msg.Chart {
				bars = append(bars, strconv.Itoa(b.Count)+chat.ShareSuffix(b))
			}
			if strings.Join(bars, " | ") != strings.Join(tt.bars, " | ") {
				t.Errorf("bars %q, want %q", bars, tt.bars)
			}
			if strings.Count(msg.Text, tt.want) != 1 {
				t.Errorf("the result does not name its base once as %q:\n%s", tt.want, msg.Text)
			}
		})
	}
}

// TestMinutesShareBaseOfOne: the minutes name a base of one voter in the
// singular.
func TestMinutesShareBaseOfOne(t *testing.T) {
	for lang, want := range map[string]string{"sv": "Andelar av den 1 som röstade.", "en": "Shares of the 1 who voted."} {
		t.Run(lang, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Möte", "ann", facilitation.Template{Locale: lang}, epoch)
			p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Lunch?", Kind: facilitation.Single, Options: []string{"Sushi", "Pizza"}}, "ann", epoch)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Vote(facilitation.Everyone, "bo", facilitation.Ballot{0}); err != nil {
				t.Fatal(err)
			}
			if err := p.Close(epoch.Add(time.Minute), "ann"); err != nil {
				t.Fatal(err)
			}
			md := view(t, m, lang).Minutes(render.Record{Polls: []render.Poll{{Poll: p}}})
			if !strings.Contains(md, want) {
				t.Errorf("the minutes lack %q:\n%s", want, md)
			}
		})
	}
}

// TestRankedSharesOfFirstPreferences: an open ranked poll charts first
// preferences, one to a ballot, so its shares are of the votes cast for
// an option, blank ones left out, not of ballots that "could choose
// several".
func TestRankedSharesOfFirstPreferences(t *testing.T) {
	for lang, want := range map[string]string{"sv": "Andelar av de 2 röster som avgavs för ett alternativ.", "en": "Shares of the 2 votes cast for an option."} {
		t.Run(lang, func(t *testing.T) {
			m := facilitation.New("1", "test:c", "Möte", "ann", facilitation.Template{Locale: lang}, epoch)
			p, err := facilitation.NewPoll(facilitation.PollSpec{Question: "Färg?", Kind: facilitation.Ranked, Options: []string{"Röd", "Grön", "Blå"}}, "ann", epoch)
			if err != nil {
				t.Fatal(err)
			}
			for voter, b := range map[string]facilitation.Ballot{"bo": {0, 1}, "cy": {1, 0}, "dan": {}} {
				if _, err := p.Vote(facilitation.Everyone, voter, b); err != nil {
					t.Fatal(err)
				}
			}
			msg := view(t, m, lang).PollMessage(render.Poll{Poll: p})
			if !strings.Contains(msg.Text, want) {
				t.Errorf("the poll does not name its base as %q:\n%s", want, msg.Text)
			}
		})
	}
}
