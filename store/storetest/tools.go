package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// testAnonymous: texts kept apart from anyone come back, per scope, and
// are gone once dropped; a store that never stored one reads as empty.
func testAnonymous(t *testing.T, s Store) {
	view(t, s, func(tx *typed.Tx) error {
		got, err := tx.Anonymous("ideas/1")
		if err != nil || len(got) != 0 {
			t.Errorf("Anonymous before any write = %v, %v", got, err)
		}
		return nil
	})
	update(t, s, func(tx *typed.Tx) error {
		for _, text := range []string{"b", "a", "c", "a"} {
			if err := tx.PutAnonymous("ideas/1", text); err != nil {
				return err
			}
		}
		return tx.PutAnonymous("ideas/2", "other")
	})
	view(t, s, func(tx *typed.Tx) error {
		got, err := tx.Anonymous("ideas/1")
		slices.Sort(got)
		if err != nil || !slices.Equal(got, []string{"a", "a", "b", "c"}) {
			t.Errorf("Anonymous(ideas/1) = %v, %v; want a, a, b, c in any order", got, err)
		}
		return nil
	})
	update(t, s, func(tx *typed.Tx) error {
		if err := tx.DropAnonymous("ideas/1"); err != nil {
			return err
		}
		return tx.DropAnonymous("never/written")
	})
	view(t, s, func(tx *typed.Tx) error {
		if got, _ := tx.Anonymous("ideas/1"); len(got) != 0 {
			t.Errorf("after DropAnonymous: %v", got)
		}
		if got, _ := tx.Anonymous("ideas/2"); !slices.Equal(got, []string{"other"}) {
			t.Errorf("DropAnonymous(ideas/1) touched ideas/2: %v", got)
		}
		return nil
	})
}

// testMeetings: every meeting, running or ended, oldest first.
func testMeetings(t *testing.T, s Store) {
	a, b := newMeeting("10", "c1"), newMeeting("9", "c2")
	b.Started = a.Started.Add(time.Hour)
	a.End(a.Started.Add(time.Minute))
	update(t, s, func(tx *typed.Tx) error {
		if err := tx.PutMeeting(b); err != nil {
			return err
		}
		return tx.PutMeeting(a)
	})
	view(t, s, func(tx *typed.Tx) error {
		ms, err := tx.Meetings()
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		if err != nil || !slices.Equal(ids, []string{"10", "9"}) {
			t.Errorf("Meetings() = %v, %v; want 10, 9", ids, err)
		}
		return nil
	})
}

func testChannelLang(t *testing.T, s Store) {
	view(t, s, func(tx *typed.Tx) error {
		if l, err := tx.ChannelLang("test:c"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ChannelLang before any choice = %q, %v; want ErrNotFound", l, err)
		}
		return nil
	})
	update(t, s, func(tx *typed.Tx) error { return tx.PutChannelLang("test:c", "sv") })
	view(t, s, func(tx *typed.Tx) error {
		if l, err := tx.ChannelLang("test:c"); err != nil || l != "sv" {
			t.Errorf("ChannelLang = %q, %v; want sv", l, err)
		}
		if people, err := tx.People("lang:test:c"); err != nil || len(people) != 0 {
			t.Errorf("the language is kept as a participant: %v, %v", people, err)
		}
		return nil
	})
}

func testSpaces(t *testing.T, s Store) {
	ctx := context.Background()
	a, b := s.Space("teams"), s.Space("slack")
	if err := a.Put(ctx, "conv|x", "1"); err != nil {
		t.Fatal(err)
	}
	if v, err := b.Get(ctx, "conv|x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another adapter's space holds %q, %v", v, err)
	}
	if v, err := a.Get(ctx, "conv|x"); err != nil || v != "1" {
		t.Errorf("Get = %q, %v; want 1", v, err)
	}
	if err := a.Delete(ctx, "conv|x"); err != nil {
		t.Fatal(err)
	}
	if v, err := a.Get(ctx, "conv|x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after Delete: %q, %v", v, err)
	}
}

func testInstallations(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.InstallationRecord(ctx, "T1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("InstallationRecord of none: %v", err)
	}
	if err := s.PutInstallation(ctx, "T1", []byte("sealed")); err != nil {
		t.Fatal(err)
	}
	if v, err := s.InstallationRecord(ctx, "T1"); err != nil || string(v) != "sealed" {
		t.Errorf("InstallationRecord = %q, %v", v, err)
	}
	if err := s.DeleteInstallation(ctx, "T1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InstallationRecord(ctx, "T1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after DeleteInstallation: %v", err)
	}
}
