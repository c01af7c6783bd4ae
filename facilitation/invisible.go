package facilitation

import (
	"strings"
	"unicode"
)

// Invisible reports whether r shows nothing by itself: a format
// character (zero-width space, joiner, soft hyphen, byte order mark), a
// default-ignorable one (the Hangul fillers), or the blank braille
// pattern. A text made only of these and spaces looks empty, and is.
// Tag characters (which end flag emoji) and variation selectors (which
// give an emoji its look) are never invisible here: they belong to what
// they follow.
func Invisible(r rune) bool {
	switch {
	case 0xe0000 <= r && r <= 0xe007f, unicode.Is(unicode.Variation_Selector, r):
		return false
	case r == 0x2800:
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// Blank reports whether s shows nothing: it holds only spaces and
// invisible characters.
func Blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !Invisible(r) {
			return false
		}
	}
	return true
}

// sameKey is what two texts are compared by when they must differ (a
// poll's options): case, runs of spaces and invisible characters aside.
func sameKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if Invisible(r) {
			return -1
		}
		return r
	}, s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
