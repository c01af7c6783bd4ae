package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// testTemplates: versions are numbered per template and scope, found
// without regard to case, listed oldest first, and the latest of each
// template of a scope is listed; a rolled-back version is not kept.
func testTemplates(t *testing.T, s Store) {
	at := t0.Add(time.Minute)
	ann, bo := store.Person{ID: "U1", Name: "Ann"}, store.Person{ID: "U2", Name: "Bo"}
	update(t, s, func(tx *typed.Tx) error {
		if vs, err := tx.TemplateVersions("slack:T1", "weekly"); err != nil || len(vs) != 0 {
			t.Errorf("TemplateVersions of nothing = %v, %v", vs, err)
		}
		for _, v := range []*store.TemplateVersion{
			{Scope: "slack:T1", Name: "Weekly", YAML: "name: Weekly\n", Owners: []store.Person{ann}, By: ann, At: at, Change: store.ChangeSave},
			{Scope: "slack:T1", Name: "weekly", YAML: "name: weekly\ntitle: Two\n", Owners: []store.Person{ann, bo}, By: bo, At: at, Change: store.ChangeRevert, From: 1},
			{Scope: "slack:T1", Name: "week", YAML: "name: week\n", By: ann, At: at, Change: store.ChangeImport},
			{Scope: "slack:T1/C1", Name: "weekly", YAML: "name: weekly\n", By: ann, At: at, Change: store.ChangeCopy},
			{Scope: "slack:T1", Name: "week", YAML: "name: week\n", By: ann, At: at, Change: store.ChangeDelete, Deleted: true},
		} {
			if err := tx.AddTemplateVersion(v); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx *typed.Tx) error {
		vs, err := tx.TemplateVersions("slack:T1", "WEEKLY")
		if err != nil {
			return err
		}
		want := []store.TemplateVersion{
			{Scope: "slack:T1", Name: "Weekly", Version: 1, YAML: "name: Weekly\n", Owners: []store.Person{ann}, By: ann, At: at, Change: store.ChangeSave},
			{Scope: "slack:T1", Name: "weekly", Version: 2, YAML: "name: weekly\ntitle: Two\n", Owners: []store.Person{ann, bo}, By: bo, At: at, Change: store.ChangeRevert, From: 1},
		}
		if !reflect.DeepEqual(vs, want) {
			t.Errorf("TemplateVersions =\n%+v\nwant\n%+v", vs, want)
		}
		latest, err := tx.LatestTemplates("slack:T1")
		if err != nil {
			return err
		}
		var got []string
		for _, v := range latest {
			got = append(got, v.Name+"/"+string(rune('0'+v.Version)))
			if v.Name == "week" && !v.Deleted {
				t.Error("a deletion's version is not marked deleted")
			}
		}
		if want := []string{"week/2", "weekly/2"}; !reflect.DeepEqual(got, want) {
			t.Errorf("LatestTemplates = %v, want %v", got, want)
		}
		if ch, err := tx.TemplateVersions("slack:T1/C1", "weekly"); err != nil || len(ch) != 1 || ch[0].Version != 1 {
			t.Errorf("the channel's template = %+v, %v; want its own version 1", ch, err)
		}
		return nil
	})
	boom := errors.New("boom")
	err := s.Update(context.Background(), func(tx *typed.Tx) error {
		if err := tx.AddTemplateVersion(&store.TemplateVersion{Scope: "slack:T1", Name: "weekly", YAML: "x", By: ann, At: at}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	view(t, s, func(tx *typed.Tx) error {
		if vs, _ := tx.TemplateVersions("slack:T1", "weekly"); len(vs) != 2 {
			t.Errorf("after a rollback, %d versions; want 2", len(vs))
		}
		return nil
	})
}

// testSchedules: a schedule gets an ID, round-trips, is listed with its
// channel's and deleted; settings round-trip.
func testSchedules(t *testing.T, s Store) {
	next := time.Date(2027, 3, 14, 17, 0, 0, 0, time.UTC)
	in := store.Schedule{Channel: "slack:T1/C1", Template: "board", Title: "Styrelsemöte", Zone: "Europe/Stockholm", Date: "2027-03-14", Clock: "18:00",
		Every: "week", Next: next, Leads: []time.Duration{24 * time.Hour, 15 * time.Minute}, Chair: store.Person{ID: "U1", Name: "Ann"}, Created: t0,
		Proposals: []store.AgendaProposal{{N: 1, By: store.Person{ID: "U2", Name: "Bo"}, Text: "Budget", Accepted: true}}}
	var id uint64
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.Setting("calendar"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Setting of nothing: %v, want ErrNotFound", err)
		}
		sc := in
		if err := tx.PutSchedule(&sc); err != nil {
			return err
		}
		if sc.ID == 0 {
			t.Error("PutSchedule gave no ID")
		}
		id = sc.ID
		other := store.Schedule{Channel: "slack:T1/C2", Title: "Other", Next: next, Created: t0}
		if err := tx.PutSchedule(&other); err != nil {
			return err
		}
		if other.ID == id {
			t.Error("two schedules got one ID")
		}
		return tx.PutSetting("calendar", "tok")
	})
	view(t, s, func(tx *typed.Tx) error {
		got, err := tx.Schedules("slack:T1/C1")
		if err != nil {
			return err
		}
		want := in
		want.ID = id
		if !reflect.DeepEqual(got, []store.Schedule{want}) {
			t.Errorf("Schedules =\n%+v\nwant\n%+v", got, []store.Schedule{want})
		}
		if v, err := tx.Setting("calendar"); err != nil || v != "tok" {
			t.Errorf("Setting = %q, %v; want tok", v, err)
		}
		return nil
	})
	update(t, s, func(tx *typed.Tx) error { return tx.DeleteSchedule("slack:T1/C1", id) })
	view(t, s, func(tx *typed.Tx) error {
		if got, err := tx.Schedules("slack:T1/C1"); err != nil || len(got) != 0 {
			t.Errorf("after DeleteSchedule: %v, %v", got, err)
		}
		if got, _ := tx.Schedules("slack:T1/C2"); len(got) != 1 {
			t.Errorf("another channel's schedules: %v", got)
		}
		return nil
	})
}
