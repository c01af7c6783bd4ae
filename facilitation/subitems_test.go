package facilitation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// motions is an agenda with "Motioner" at 2 and two motions under it.
func motions(t *testing.T) *Agenda {
	t.Helper()
	a := &Agenda{}
	for _, title := range []string{"Öppnande", "Motioner", "Avslutande"} {
		if _, err := a.Add(title, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	for _, title := range []string{"Klubbstuga", "Bryggan"} {
		if _, _, err := a.AddUnder(2, title, 0); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func labelled(a *Agenda) string {
	var out []string
	labels := a.Labels()
	for i, it := range a.Items {
		out = append(out, labels[i]+" "+it.Title+":"+string(it.State))
	}
	return strings.Join(out, ", ")
}

func TestSubItems(t *testing.T) {
	tests := []struct {
		name string
		do   func(a *Agenda) error
		want string
		code Code
	}{
		{"numbered under their parent", func(*Agenda) error { return nil },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ""},
		{"a third goes after the others", func(a *Agenda) error { _, _, err := a.AddUnder(2, "Fiske", 0); return err },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 2 c Fiske:pending, 3 Avslutande:pending", ""},
		{"under the first item", func(a *Agenda) error { _, _, err := a.AddUnder(1, "Upprop", 0); return err },
			"1 Öppnande:pending, 1 a Upprop:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ""},
		{"next walks into the sub-items", func(a *Agenda) error {
			for range 3 {
				if _, err := a.Next(t0); err != nil {
					return err
				}
			}
			return nil
		}, "1 Öppnande:done, 2 Motioner:done, 2 a Klubbstuga:current, 2 b Bryggan:pending, 3 Avslutande:pending", ""},
		{"next leaves the last sub-item for the next main item", func(a *Agenda) error {
			for range 5 {
				if _, err := a.Next(t0); err != nil {
					return err
				}
			}
			return nil
		}, "1 Öppnande:done, 2 Motioner:done, 2 a Klubbstuga:done, 2 b Bryggan:done, 3 Avslutande:current", ""},
		{"back from a sub-item", func(a *Agenda) error {
			pos, _ := a.Position("2b")
			a.Jump(pos, t0)
			_, err := a.Back(t0)
			return err
		}, "1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:current, 2 b Bryggan:pending, 3 Avslutande:pending", ""},
		{"no sub-item of a sub-item", func(a *Agenda) error { _, _, err := a.AddUnder(3, "x", 0); return err },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ErrSubSubItem},
		{"no such parent", func(a *Agenda) error { _, _, err := a.AddUnder(9, "x", 0); return err },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ErrNoSuchItem},
		{"an empty title", func(a *Agenda) error { _, _, err := a.AddUnder(2, "", 0); return err },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ErrEmptyTitle},
		{"a parent keeps its sub-items", func(a *Agenda) error { _, err := a.Remove(2); return err },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ErrHasSubItems},
		{"a sub-item is removed, the next takes its letter", func(a *Agenda) error { _, err := a.Remove(3); return err },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Bryggan:pending, 3 Avslutande:pending", ""},
		{"a sub-item does not move", func(a *Agenda) error { return a.Move(3, 1) },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ErrMoveSubItems},
		{"nor does its parent", func(a *Agenda) error { return a.Move(1, 2) },
			"1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending", ErrMoveSubItems},
		{"a new main item goes before the closing", func(a *Agenda) error {
			a.Items[len(a.Items)-1].Title = "Mötets avslutande"
			_, _, err := a.AddBeforeClosing("Övriga frågor", 0)
			return err
		}, "1 Öppnande:pending, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Övriga frågor:pending, 4 Mötets avslutande:pending", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := motions(t)
			err := tt.do(a)
			if ErrorCode(err) != tt.code {
				t.Errorf("error = %v, want code %q", err, tt.code)
			}
			if got := labelled(a); got != tt.want {
				t.Errorf("agenda\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPosition(t *testing.T) {
	a := motions(t)
	for _, tt := range []struct {
		label string
		want  int
	}{
		{"1", 1}, {"2", 2}, {"2a", 3}, {"2 a", 3}, {"2A", 3}, {" 2  b ", 4}, {"3", 5},
		{"2c", 0}, {"4", 0}, {"0", 0}, {"1a", 0}, {"a", 0}, {"2 aa", 0}, {"2 a b", 0}, {"2 ä", 0}, {"-1", 0}, {"", 0},
	} {
		got, err := a.Position(tt.label)
		if got != tt.want || (tt.want == 0) != (ErrorCode(err) == ErrNoSuchItem) {
			t.Errorf("Position(%q) = %d, %v; want %d", tt.label, got, err, tt.want)
		}
	}
	if _, err := a.Position("7"); err == nil || err.(*Error).Data["Count"] != 3 {
		t.Errorf("Position(7) = %v; want a count of the 3 main items", err)
	}
}

func TestSubItemsFromTemplate(t *testing.T) {
	tpl := Template{Name: "arsmote", Title: "Årsmöte", Agenda: []TemplateItem{
		{Title: "Öppnande"},
		{Title: "Motioner", Items: []TemplateItem{{Title: "Klubbstuga", Timebox: 5 * time.Minute}, {Title: "Bryggan", Majority: TwoThirds}}},
		{Title: "Avslutande"},
	}}
	if got := tpl.Planned(); got != 5*time.Minute {
		t.Errorf("Planned = %s, want the sub-items' time counted", got)
	}
	m := New("1", "c", "", "ann", tpl, t0)
	if got := labelled(&m.Agenda); got != "1 Öppnande:current, 2 Motioner:pending, 2 a Klubbstuga:pending, 2 b Bryggan:pending, 3 Avslutande:pending" {
		t.Errorf("agenda from the template = %s", got)
	}
	if m.Agenda.Items[3].Majority != TwoThirds {
		t.Errorf("sub-item majority = %q", m.Agenda.Items[3].Majority)
	}
	back := m.AsTemplate("again")
	if len(back.Agenda) != 3 || !slices.EqualFunc(back.Agenda[1].Items, tpl.Agenda[1].Items, func(x, y TemplateItem) bool {
		return x.Title == y.Title && x.Timebox == y.Timebox && x.Majority == y.Majority
	}) {
		t.Errorf("AsTemplate = %+v, want the sub-items under Motioner", back.Agenda)
	}
}
