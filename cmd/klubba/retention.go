package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// retentionEvery is how often ended meetings are checked for deletion.
const retentionEvery = 24 * time.Hour

// runRetention deletes ended meetings older than retention.days, at once
// and then daily, exporting their minutes to retention.export_dir first
// when it is set. Failures are logged and tried again next time.
func (a *app) runRetention(ctx context.Context) error {
	r := a.cfg.Retention
	var export func(*facilitation.Meeting, string) error
	if r.ExportDir != "" {
		export = func(m *facilitation.Meeting, md string) error { return exportMinutes(r.ExportDir, m, md) }
	}
	for {
		n, err := a.bot.Prune(ctx, time.Duration(r.Days)*24*time.Hour, export)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.ErrorContext(ctx, "retention", "deleted", n, "err", err)
		case n > 0:
			a.log.InfoContext(ctx, "retention: ended meetings deleted", "count", n, "days", r.Days)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retentionEvery):
		}
	}
}

// exportMinutes writes a meeting's minutes to dir as MEETING-DATE.md,
// readable by the owner alone, through a temporary file so that a crash
// leaves no half-written minutes under the final name.
func exportMinutes(dir string, m *facilitation.Meeting, md string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	name := filepath.Join(dir, fmt.Sprintf("meeting-%s-%s.md", m.ID, m.Started.UTC().Format(time.DateOnly)))
	tmp, err := os.CreateTemp(dir, ".minutes-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(md); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
