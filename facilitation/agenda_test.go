package facilitation

import (
	"testing"
	"time"
)

func titles(a *Agenda) (out []string) {
	for _, it := range a.Items {
		out = append(out, it.Title+":"+string(it.State))
	}
	return out
}

func TestAgenda(t *testing.T) {
	tests := []struct {
		name string
		do   func(a *Agenda) error
		want []string
		code Code
	}{
		{"next starts the first", func(a *Agenda) error { _, err := a.Next(t0); return err },
			[]string{"a:current", "b:pending", "c:pending"}, ""},
		{"next twice", func(a *Agenda) error { a.Next(t0); _, err := a.Next(t0); return err },
			[]string{"a:done", "b:current", "c:pending"}, ""},
		{"past the end", func(a *Agenda) error {
			for range 3 {
				a.Next(t0)
			}
			if _, err := a.Next(t0); err != nil {
				return err
			}
			_, err := a.Next(t0)
			return err
		}, []string{"a:done", "b:done", "c:done"}, ErrAgendaDone},
		{"back at start", func(a *Agenda) error { a.Next(t0); _, err := a.Back(t0); return err },
			[]string{"a:current", "b:pending", "c:pending"}, ErrAgendaAtStart},
		{"back reopens", func(a *Agenda) error { a.Next(t0); a.Next(t0); _, err := a.Back(t0); return err },
			[]string{"a:current", "b:pending", "c:pending"}, ""},
		{"jump", func(a *Agenda) error { a.Next(t0); _, err := a.Jump(3, t0); return err },
			[]string{"a:done", "b:pending", "c:current"}, ""},
		{"jump out of range", func(a *Agenda) error { _, err := a.Jump(4, t0); return err },
			[]string{"a:pending", "b:pending", "c:pending"}, ErrNoSuchItem},
		{"move down", func(a *Agenda) error { return a.Move(1, 3) }, []string{"b:pending", "c:pending", "a:pending"}, ""},
		{"move up", func(a *Agenda) error { return a.Move(3, 1) }, []string{"c:pending", "a:pending", "b:pending"}, ""},
		{"move bad", func(a *Agenda) error { return a.Move(0, 1) }, []string{"a:pending", "b:pending", "c:pending"}, ErrNoSuchItem},
		{"remove", func(a *Agenda) error { _, err := a.Remove(2); return err }, []string{"a:pending", "c:pending"}, ""},
		{"remove bad", func(a *Agenda) error { _, err := a.Remove(9); return err }, []string{"a:pending", "b:pending", "c:pending"}, ErrNoSuchItem},
		{"remove the current", func(a *Agenda) error { a.Next(t0); _, err := a.Remove(1); return err },
			[]string{"a:current", "b:pending", "c:pending"}, ErrItemTakenUp},
		{"remove a done one", func(a *Agenda) error { a.Next(t0); a.Next(t0); _, err := a.Remove(1); return err },
			[]string{"a:done", "b:current", "c:pending"}, ErrItemTakenUp},
		{"remove one taken up and gone back from", func(a *Agenda) error { a.Next(t0); a.Next(t0); a.Back(t0); _, err := a.Remove(2); return err },
			[]string{"a:current", "b:pending", "c:pending"}, ErrItemTakenUp},
		{"extend with nothing running", func(a *Agenda) error { _, err := a.Extend(time.Minute); return err },
			[]string{"a:pending", "b:pending", "c:pending"}, ErrNoCurrentItem},
		{"extend negative", func(a *Agenda) error { a.Next(t0); _, err := a.Extend(-time.Minute); return err },
			[]string{"a:current", "b:pending", "c:pending"}, ErrBadDuration},
		{"add empty", func(a *Agenda) error { _, err := a.Add("", 0); return err },
			[]string{"a:pending", "b:pending", "c:pending"}, ErrEmptyTitle},
		{"add too long", func(a *Agenda) error { _, err := a.Add("x", 25*time.Hour); return err },
			[]string{"a:pending", "b:pending", "c:pending"}, ErrBadDuration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Agenda{}
			for _, s := range []string{"a", "b", "c"} {
				a.Add(s, 10*time.Minute)
			}
			err := tt.do(a)
			if got := ErrorCode(err); got != tt.code {
				t.Errorf("error = %v, want %q", err, tt.code)
			}
			if got := titles(a); !equal(got, tt.want) {
				t.Errorf("items = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAgendaTimes(t *testing.T) {
	a := &Agenda{}
	a.Add("a", 10*time.Minute)
	a.Add("b", 5*time.Minute)
	a.Next(at(0))
	a.Next(at(600 + 30))
	it := a.Items[0]
	if it.Spent != 10*time.Minute+30*time.Second || !it.Ended.Equal(at(630)) {
		t.Errorf("item a spent %v ended %v", it.Spent, it.Ended)
	}
	if got := a.Items[1].Remaining(at(630 + 360)); got != -time.Minute {
		t.Errorf("b remaining = %v, want -1m (overrun)", got)
	}
	a.Extend(2 * time.Minute)
	if got := a.Items[1].Remaining(at(630 + 360)); got != time.Minute {
		t.Errorf("b remaining after extend = %v, want 1m", got)
	}
	a.Back(at(1000)) // a again: its earlier spell is kept
	if got := a.Items[0].Elapsed(at(1060)); got != 11*time.Minute+30*time.Second {
		t.Errorf("a elapsed after reopening = %v", got)
	}
}

func TestMeeting(t *testing.T) {
	tpl := Template{Name: "x", Title: "Board", Agenda: []TemplateItem{{Title: "One", Timebox: time.Minute}, {Title: "Two"}},
		Rules: []string{"Be kind"}, Queue: QueueRules{Policy: FIFO}}
	m := New("m1", "c1", "", "ann", tpl, t0)
	if m.Title != "Board" || m.Agenda.Items[0].State != Current || m.QueueRules.ReplyLimit != 2 || m.QueueRules.Policy != FIFO {
		t.Fatalf("New = %+v", m)
	}
	q := m.Queue()
	q.Ask("bo", Speak, at(1))
	q.Next(at(2))
	if _, err := m.MoveAgenda(at(62), (*Agenda).Next); err != nil {
		t.Fatal(err)
	}
	if q.Current != nil {
		t.Error("moving on left the turn running")
	}
	if m.Queue() == q {
		t.Error("the new item shares the old item's queue")
	}
	spoke, silent := Stats(m.AllQueues(), []string{"ann", "bo", "cy"}, at(100))
	if len(spoke) != 1 || spoke[0].Who != "bo" || spoke[0].Time != time.Minute || !equal(silent, []string{"ann", "cy"}) {
		t.Errorf("Stats = %+v, %v", spoke, silent)
	}
	if err := m.HandOver("ann"); ErrorCode(err) != ErrAlreadyChair {
		t.Errorf("HandOver to chair: %v", err)
	}
	if _, err := m.RemoveRule(2); ErrorCode(err) != ErrNoSuchRule {
		t.Errorf("RemoveRule(2): %v", err)
	}
	mm := &Minutes{}
	if e, err := m.Record(mm, Entry{Kind: Decision, Text: "Yes"}); err != nil || e.ItemID != 2 || mm.Entries[0].ItemID != 2 || m.EntryCount != 1 {
		t.Errorf("Record: %v %+v", err, mm.Entries)
	}
	if err := m.End(at(200)); err != nil {
		t.Fatal(err)
	}
	if err := m.End(at(300)); ErrorCode(err) != ErrMeetingEnded {
		t.Errorf("End twice: %v", err)
	}
}

func TestAddBeforeClosing(t *testing.T) {
	var a Agenda
	a.Add("Öppnande", 0)
	a.Add("Mötets avslutande", 0)
	it, n, err := a.AddBeforeClosing("Övriga frågor", 0)
	if err != nil || n != 2 || a.Items[1] != it || a.Items[2].Title != "Mötets avslutande" {
		t.Errorf("AddBeforeClosing = %d, %v; agenda %v, %v, %v", n, err, a.Items[0].Title, a.Items[1].Title, a.Items[2].Title)
	}
	var b Agenda
	b.Add("Budget", 0)
	if _, n, _ := b.AddBeforeClosing("AOB", 0); n != 2 || b.Items[1].Title != "AOB" {
		t.Errorf("without a closing item the new one goes last: %d", n)
	}
}
