package facilitation

import (
	"testing"
	"time"
)

func TestJustering(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 18, 0, 0, 0, time.UTC)
	m := New("m1", "c", "Årsmöte", "chair", Template{Protocol: true}, t0)
	m.Secretary, m.Adjusters = "sec", []string{"anna", "bo"}
	mm := &Minutes{}
	m.Record(mm, Entry{Kind: Decision, Text: "att bifalla", At: t0})

	if err := m.Submit("sec", t0); ErrorCode(err) != ErrStillRunning {
		t.Fatalf("Submit while running = %v, want ErrStillRunning", err)
	}
	m.End(t0.Add(time.Hour))
	if _, err := m.Approve("anna", t0); ErrorCode(err) != ErrNotSubmitted {
		t.Errorf("Approve before Submit = %v, want ErrNotSubmitted", err)
	}
	if err := m.Submit("sec", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		do     func() error
		want   Code
		locked bool
	}{
		{"a stranger approves", func() error { _, err := m.Approve("eve", t0); return err }, ErrNotAdjuster, false},
		{"anna approves", func() error { _, err := m.Approve("anna", t0); return err }, "", false},
		{"anna again", func() error { _, err := m.Approve("anna", t0); return err }, ErrAlreadyApproved, false},
		{"bo objects without a word", func() error { return m.Object("bo", "", t0) }, ErrEmptyText, false},
		{"bo objects", func() error { return m.Object("bo", "§ 9: 146 röster, inte 145", t0) }, "", false},
		{"anna approves what was sent back", func() error { _, err := m.Approve("anna", t0); return err }, ErrNotSubmitted, false},
		{"the secretary corrects", func() error { _, err := m.EditEntry(mm, Decision, 1, "att bifalla motionen", t0); return err }, "", false},
		{"and submits again", func() error { return m.Submit("sec", t0.Add(3*time.Hour)) }, "", false},
		{"anna approves", func() error { _, err := m.Approve("anna", t0); return err }, "", false},
		{"bo approves: locked", func() error { _, err := m.Approve("bo", t0.Add(4*time.Hour)); return err }, "", true},
		{"an edit once justerat", func() error { _, err := m.EditEntry(mm, Decision, 1, "att x", t0); return err }, ErrJusterat, true},
		{"a removal once justerat", func() error { _, err := m.RemoveEntry(mm, Decision, 1); return err }, ErrJusterat, true},
		{"a new place once justerat", func() error { return m.SetPlace("Ödeshög") }, ErrJusterat, true},
		{"submitted again once justerat", func() error { return m.Submit("sec", t0) }, ErrJusterat, true},
	}
	for _, s := range steps {
		if err := s.do(); ErrorCode(err) != s.want {
			t.Errorf("%s: %v, want %q", s.name, err, s.want)
		}
		if m.Protokoll.Justerat() != s.locked {
			t.Errorf("%s: justerat = %v, want %v", s.name, m.Protokoll.Justerat(), s.locked)
		}
	}
	if got := m.Protokoll.Locked; !got.Equal(t0.Add(4 * time.Hour)) {
		t.Errorf("locked at %v, want the last approval's time", got)
	}
	if len(m.Protokoll.Objections) != 1 || m.Protokoll.Objections[0].Who != "bo" {
		t.Errorf("objections = %+v, want bo's kept", m.Protokoll.Objections)
	}
	if mm.Entries[0].Text != "att bifalla motionen" {
		t.Errorf("entry = %q, want the corrected text", mm.Entries[0].Text)
	}
}

func TestSubmitNeedsAdjusters(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 18, 0, 0, 0, time.UTC)
	m := New("m1", "c", "Styrelsemöte", "chair", Template{Protocol: true}, t0)
	m.End(t0)
	if err := m.Submit("chair", t0); ErrorCode(err) != ErrNoAdjusters {
		t.Errorf("Submit without adjusters = %v, want ErrNoAdjusters", err)
	}
}
