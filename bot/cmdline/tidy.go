package cmdline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tidy reads the words of a typed command line as they were meant, as
// phones and hurried hands write them: it trims invisible characters
// (a zero-width space, a byte order mark) from the ends of bare words,
// drops the full stop, ! or ? that ends the line's last bare word
// (vote 1.), reads a word that starts with a typographic dash (—method,
// –close, as phones write --) as a flag, and joins a number and the word
// of its unit into one duration (15 min, 1 tim 30 min, 2 minutes: 15m,
// 1h30m, 2m). Quoted words are texts and are left as they are.
func Tidy(toks []Token) []Token {
	out := make([]Token, 0, len(toks))
	for i, t := range toks {
		if t.Quoted {
			out = append(out, t)
			continue
		}
		t.Text = Trim(t.Text)
		if n := len(t.Text); i == len(toks)-1 && n > 0 && strings.ContainsRune(".!?", rune(t.Text[n-1])) {
			t.Text = Trim(t.Text[:n-1])
		}
		if r, n := utf8.DecodeRuneInString(t.Text); r == '—' || r == '–' {
			if next, _ := utf8.DecodeRuneInString(t.Text[n:]); unicode.IsLetter(next) {
				t.Text = "--" + t.Text[n:]
			}
		}
		if t.Text == "" {
			continue
		}
		out = append(out, t)
	}
	return joinDurations(out)
}

// durationUnits are the words of the units of a duration, Swedish and
// English, written without their å, ä and ö (ASCIIFold), and the unit of
// each in a Go duration.
var durationUnits = map[string]string{
	"s": "s", "sek": "s", "sekund": "s", "sekunder": "s", "sekunden": "s",
	"sec": "s", "secs": "s", "second": "s", "seconds": "s",
	"m": "m", "min": "m", "mins": "m", "minut": "m", "minuter": "m", "minuten": "m",
	"minute": "m", "minutes": "m",
	"h": "h", "tim": "h", "timme": "h", "timmar": "h", "timmen": "h",
	"hr": "h", "hrs": "h", "hour": "h", "hours": "h",
}

// amount is a number as people write one before a unit: 15, 1.5, 1,5.
var amount = regexp.MustCompile(`^[0-9]{1,9}([.,][0-9]{1,9})?$`)

// compactDuration is a duration written with unit words and no spaces:
// 15min, 1tim30min, 2mins.
var compactDuration = regexp.MustCompile(`^([0-9]{1,9}(?:[.,][0-9]{1,9})?)([a-z]+)`)

// durationWord is word as a Go duration (15min: 15m), or "" when it is
// not a number followed by units.
func durationWord(word string) string {
	s := ASCIIFold(strings.ToLower(word))
	var b strings.Builder
	for s != "" {
		m := compactDuration.FindStringSubmatch(s)
		if m == nil {
			return ""
		}
		unit, ok := durationUnits[m[2]]
		if !ok {
			return ""
		}
		b.WriteString(strings.ReplaceAll(m[1], ",", ".") + unit)
		s = s[len(m[0]):]
	}
	return b.String()
}

// joinDurations writes each duration that is a number and unit words
// (15 min, 1 tim 30 min, 15min) as one Go duration (15m, 1h30m).
func joinDurations(toks []Token) []Token {
	out := make([]Token, 0, len(toks))
	joined := false // the last token out is a duration joined here
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Quoted {
			out, joined = append(out, t), false
			continue
		}
		d := ""
		if t.Text != "" && '0' <= t.Text[0] && t.Text[0] <= '9' { // a duration starts with its number
			if i+1 < len(toks) && !toks[i+1].Quoted && amount.MatchString(t.Text) {
				if unit, ok := durationUnits[ASCIIFold(strings.ToLower(toks[i+1].Text))]; ok {
					d = strings.ReplaceAll(t.Text, ",", ".") + unit
					i++
				}
			}
			if d == "" {
				if w := durationWord(t.Text); w != "" && w != strings.ToLower(t.Text) {
					d = w
				}
			}
		}
		switch {
		case d == "":
			out, joined = append(out, t), false
		case joined: // 1 tim 30 min
			out[len(out)-1].Text += d
		default:
			out, joined = append(out, Token{Text: d}), true
		}
	}
	return out
}
