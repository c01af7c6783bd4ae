package cmdline

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s fit to store and show: line breaks made LF (a CR
// alone, or CRLF), tabs kept, and every other control character (C0, DEL,
// C1), every Unicode bidirectional override, embedding or isolate, and
// every invalid UTF-8 byte removed. Users' text enters the bot through
// it, so that nothing typed can end a line where a protocol does not
// expect it (an event stream ends one at CR) or make text read backwards.
func Clean(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				n++
			}
		case dropped(r):
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// CleanLine is Clean for a one-line text such as a display name: its
// line breaks and tabs become spaces as well.
func CleanLine(s string) string {
	s = Clean(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// clean reports whether Clean would leave s as it is.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\r' || c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || dropped(r) {
			return false
		}
		i += n - 1
	}
	return true
}

// dropped reports whether Clean removes r.
func dropped(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || 0x80 <= r && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f: // ALM, LRM, RLM
		return true
	case 0x202a <= r && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case 0x2066 <= r && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}
