package bot_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
)

var facilitationEpoch = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// stored is the JSON of channel's running meeting, or "none".
func stored(t *testing.T, s bot.Store, channel string) string {
	t.Helper()
	out := "none"
	s.View(context.Background(), func(tx bot.Tx) error {
		if m, err := tx.Running(channel); err == nil {
			js, _ := json.Marshal(m)
			out = string(js)
		}
		return nil
	})
	return out
}
