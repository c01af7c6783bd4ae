package bot

import (
	"testing"
	"time"
)

func TestOccurrenceAfter(t *testing.T) {
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, sthlm)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name               string
		date, clock, every string
		after              time.Time
		want               time.Time // zero: none
	}{
		{"once, ahead", "2027-03-22", "09:00", "", at("2027-03-01 00:00"), at("2027-03-22 09:00")},
		{"once, past", "2027-03-22", "09:00", "", at("2027-03-22 09:00"), time.Time{}},
		{"weekly across spring forward", "2027-03-22", "09:00", EveryWeek, at("2027-03-22 09:00"), at("2027-03-29 09:00")},
		{"weekly across fall back", "2027-10-25", "09:00", EveryWeek, at("2027-10-25 09:00"), at("2027-11-01 09:00")},
		{"weekday skips the weekend", "2027-03-26", "09:00", EveryWeekday, at("2027-03-26 09:00"), at("2027-03-29 09:00")},
		{"monthly on the 31st takes the month's last", "2027-01-31", "18:00", EveryMonth, at("2027-01-31 18:00"), at("2027-02-28 18:00")},
		{"monthly goes back to the 31st", "2027-01-31", "18:00", EveryMonth, at("2027-02-28 18:00"), at("2027-03-31 18:00")},
		{"an hour that does not exist moves on", "2027-03-28", "02:30", "", at("2027-03-01 00:00"), at("2027-03-28 03:30")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Schedule{Date: tt.date, Clock: tt.clock, Every: tt.every, Zone: "Europe/Stockholm"}
			if got := occurrenceAfter(&s, tt.after); !got.Equal(tt.want) {
				t.Errorf("occurrenceAfter(%v) = %v, want %v", tt.after, got, tt.want)
			}
		})
	}
	// Wall-clock 09:00 is 08:00 UTC in winter and 07:00 UTC in summer.
	s := Schedule{Date: "2027-03-22", Clock: "09:00", Every: EveryWeek, Zone: "Europe/Stockholm"}
	if got := occurrenceAfter(&s, at("2027-03-22 09:00")).UTC(); got.Hour() != 7 {
		t.Errorf("after the change, 09:00 in Stockholm is %v UTC, want 07:00", got)
	}
}
