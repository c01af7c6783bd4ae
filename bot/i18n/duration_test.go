package i18n

import (
	"testing"
	"time"
)

func TestSwedishDurations(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{5 * time.Minute, "5 min"},
		{2*time.Hour + 33*time.Minute, "2 tim 33 min"},
		{2*time.Hour + 33*time.Minute + 10*time.Second, "2 tim 33 min"},
		{90 * time.Second, "1 min 30 s"},
		{45 * time.Second, "45 s"},
		{0, "0 s"},
		{-3 * time.Minute, "−3 min"},
		{24 * time.Hour, "24 tim"},
	} {
		if got := swedish(tt.d); got != tt.want {
			t.Errorf("swedish(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
