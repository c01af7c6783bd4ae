package config

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klubba/klubba/facilitation"
)

func TestParseTemplateProblems(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // line: field: code, in order
	}{
		{"fine", "name: a\ntitle: A\n", nil},
		{"unknown key", "name: a\ntitle: A\nagendas: []\n", []string{"3: agendas: UnknownKey"}},
		{"unknown key in an item", "name: a\ntitle: A\nagenda:\n  - title: x\n  - title: y\n    titel: z\n", []string{"6: agenda[1].titel: UnknownKey"}},
		{"not a duration", "name: a\ntitle: A\nagenda:\n  - title: x\n    timebox: soon\n", []string{"5: agenda[0].timebox: NotDuration"}},
		{"no unit", "name: a\ntitle: A\nqueue:\n  max_turn: 3\n", []string{"4: queue.max_turn: NoUnit"}},
		{"missing", "locale: sv\nagenda:\n  - timebox: 5m\n", []string{"1: name: Missing", "1: title: Missing", "3: agenda[0].title: Missing"}},
		{"choices", "name: a\ntitle: A\npolls:\n  visibility: public\n  tie: coin\n", []string{"4: polls.visibility: OneOf", "5: polls.tie: OneOf"}},
		{"zone and leads", "name: a\ntitle: A\ntime_zone: Mars/Olympus\nreminders_before: [7d, soon, 90d]\n",
			[]string{"3: time_zone: TimeZone", "4: reminders_before[1]: Lead", "4: reminders_before[2]: Lead"}},
		{"syntax", "name: a\ntitle: [A\n", []string{"2: (yaml): Syntax"}},
		{"nothing but a comment", "#000000", []string{"1: name: Missing", "1: title: Missing"}},
		{"empty", "", []string{"1: name: Missing", "1: title: Missing"}},
		{"a name of two words", "name: board meeting\ntitle: A\n", []string{"1: name: NameWord"}},
		{"a name of 40 characters", "name: " + strings.Repeat("å", 40) + "\ntitle: A\n", nil},
		{"a name too long", "name: " + strings.Repeat("å", 41) + "\ntitle: A\n", []string{"1: name: NameLong"}},
		{"majority and proxies", "name: a\ntitle: A\nproxies: -1\nagenda:\n  - title: x\n    majority: most\n", []string{"6: agenda[0].majority: OneOf", "3: proxies: Negative"}},
		{"sub-items", "name: a\ntitle: A\nagenda:\n  - title: Motioner\n    items:\n      - title: Klubbstuga\n        timebox: 5m\n      - title: Bryggan\n", nil},
		{"a sub-item's problems", "name: a\ntitle: A\nagenda:\n  - title: Motioner\n    items:\n      - timebox: 5m\n      - title: Bryggan\n        majority: most\n        timebox: 48h\n",
			[]string{"6: agenda[0].items[0].title: Missing", "9: agenda[0].items[1].timebox: DurationRange", "8: agenda[0].items[1].majority: OneOf"}},
		{"aliases that expand past the bound", laughs(6), []string{"7: (yaml): Syntax"}},
		{"sub-items one level deep", "name: a\ntitle: A\nagenda:\n  - title: Motioner\n    items:\n      - title: Klubbstuga\n        items:\n          - title: Ritningar\n",
			[]string{"8: agenda[0].items[0].items: Nested"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := ParseTemplate([]byte(tt.yaml))
			var got []string
			for _, p := range ps {
				got = append(got, fmt.Sprintf("%d: %s: %s", p.Line, p.Field, p.Code))
				if p.Msg == "" {
					t.Errorf("problem %+v has no message", p)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseTemplate(%q) problems (-want +got):\n%s", tt.yaml, diff)
			}
		})
	}
}

func TestFormatTemplateRoundTrip(t *testing.T) {
	on := false
	tpl := facilitation.Template{
		Name: "styrelse", Title: "Styrelsemöte", Locale: "sv",
		Agenda: []facilitation.TemplateItem{{Title: "Öppnande", Timebox: 5 * time.Minute}, {Title: "Ekonomi: \"budget\"", Timebox: 90 * time.Minute, Notes: "två\nrader"},
			{Title: "Stadgeändring", Majority: facilitation.TwoThirds},
			{Title: "Motioner", Items: []facilitation.TemplateItem{{Title: "Klubbstuga", Timebox: 5 * time.Minute}, {Title: "Bryggan", Majority: facilitation.TwoThirds}}}},
		Proxies: 2, Members: []facilitation.Member{{ID: "U1", Name: "Anna, kassör"}, {ID: "U2", Name: "Bo", ProxyFor: "U1"}},
		Rules: []string{"En i taget"}, Queue: facilitation.QueueRules{Policy: facilitation.FIFO, MaxTurn: 150 * time.Second},
		Reminders: facilitation.Reminders{AtStart: &on}, Polls: facilitation.PollRules{Visibility: facilitation.Anonymous, Tie: facilitation.TieLots},
		Association: "Föreningen Klubban", TimeZone: "Europe/Stockholm", RemindersBefore: []time.Duration{7 * 24 * time.Hour, 15 * time.Minute},
	}
	data, err := FormatTemplate(tpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"timebox: 1h30m", "timebox: 5m", "max_turn: 2m30s", "- 7d", "- 15m"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("FormatTemplate wrote\n%s\nwant it to contain %q", data, want)
		}
	}
	got, ps := ParseTemplate(data)
	if len(ps) > 0 {
		t.Fatalf("ParseTemplate(FormatTemplate) problems: %v\n%s", ps, data)
	}
	if diff := cmp.Diff(tpl, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// laughs is a template whose anchors and aliases nest depth deep, nine
// to a level: a few hundred bytes that decode to 9^(depth+1) strings.
func laughs(depth int) string {
	var b strings.Builder
	b.WriteString("name: a\ntitle: A\nx0: &a0 [" + strings.TrimSuffix(strings.Repeat("lol,", 9), ",") + "]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", i-1), 9), ","))
	}
	fmt.Fprintf(&b, "rules: *a%d\n", depth)
	return b.String()
}
