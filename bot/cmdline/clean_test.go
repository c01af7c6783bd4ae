package cmdline_test

import (
	"testing"
	"unicode/utf8"

	"github.com/klubba/klubba/bot/cmdline"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want, line string }{
		{"Lunch?", "Lunch?", "Lunch?"},
		{"Lunch?\revent: gone\rid: x", "Lunch?\nevent: gone\nid: x", "Lunch? event: gone id: x"},
		{"a\r\nb\tc", "a\nb\tc", "a b c"},
		{"bell\x07 nul\x00 esc\x1b[31m del\x7f", "bell nul esc[31m del", "bell nul esc[31m del"},
		{"c1\u0085\u009b end", "c1 end", "c1 end"},
		{"Anna \u202egnidael\u202c \u2066x\u2069 \u200fy\u200e \u061cz", "Anna gnidael x y z", "Anna gnidael x y z"},
		{"åäö 👍 \u200d", "åäö 👍 \u200d", "åäö 👍 \u200d"},
		{"bad\xff\xfeutf8", "badutf8", "badutf8"},
	} {
		if got := cmdline.Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := cmdline.CleanLine(tc.in); got != tc.line {
			t.Errorf("CleanLine(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Lunch?\revent: gone\r\n\u202e\x00")
	f.Fuzz(func(t *testing.T, s string) {
		got := cmdline.Clean(s)
		if !utf8.ValidString(got) || cmdline.Clean(got) != got {
			t.Fatalf("Clean(%q) = %q: not valid or not stable", s, got)
		}
		for _, r := range got {
			if r == '\r' || r < 0x20 && r != '\n' && r != '\t' || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 {
				t.Fatalf("Clean(%q) = %q keeps %U", s, got, r)
			}
		}
	})
}
