package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
)

func TestExportMinutes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	m := &facilitation.Meeting{ID: "42", Started: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	if err := exportMinutes(dir, m, "# Årsmöte\n"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "meeting-42-2026-03-01.md")
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "# Årsmöte\n" {
		t.Fatalf("exported %q, %v", data, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("minutes written with mode %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left in the archive: %v", entries)
	}
}
