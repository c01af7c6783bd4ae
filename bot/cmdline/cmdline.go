// Package cmdline reads what people type: words and quoted texts,
// --flags, @mentions, durations, the Swedish and English aliases of the
// commands, and the poll form that writes a poll command for them.
package cmdline

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/klubba/klubba/facilitation"
)

// Token is one word of a command line.
type Token struct {
	Text string
	// Quoted tokens are titles and texts: never keywords, flags or mentions.
	Quoted bool
}

// quotePairs maps each opening quote people type (straight, curly, Swedish
// and German typographic) to the quotes that may close it.
var quotePairs = map[rune]string{
	'"':      `"”“`,
	'\u201c': `”"`, // “ closes with ” (English) or "
	'\u201d': `”"`, // ” closes with ” (Swedish)
	'\u201e': `“”"`,
	'\u00ab': `»`,
}

// quoteMarks are every quote that opens or closes a quoted part.
const quoteMarks = `"“”„«»`

// Tokenize splits a command line into words. A quoted part, in straight or
// typographic quotes, is one token. An unterminated quote is an error,
// and so is a quote that a word runs into (A") or that runs into a word
// ("Q? "A): a quote left open ends at the next one, so these are how an
// unclosed quote shows.
func Tokenize(line string) ([]Token, error) { return TokenizeNamed(line, nil) }

// TokenizeNamed is Tokenize, writing a mention in a quoted part whose
// markup carries no name, <@U123>, as the name that names gives the ID,
// where it gives one (a platform's names of the people a message
// mentions).
func TokenizeNamed(line string, names []Mention) ([]Token, error) {
	var toks []Token
	rs := []rune(line)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch closers, isQuote := quotePairs[r]; {
		case unicode.IsSpace(r):
			i++
		case isQuote:
			j := i + 1
			for j < len(rs) && !strings.ContainsRune(closers, rs[j]) {
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unterminated quote at %q", string(rs[i:]))
			}
			end := j + 1
			if endsLine(rs[end:]) { // "Pizza on Friday". ends the sentence, not the quote
				end = len(rs)
			}
			if end < len(rs) && !unicode.IsSpace(rs[end]) {
				return nil, fmt.Errorf("a word runs into the quote at %q", string(rs[i:]))
			}
			toks = append(toks, Token{Text: plainMentions(Trim(string(rs[i+1:j])), names), Quoted: true})
			i = end
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) {
				if _, q := quotePairs[rs[j]]; q && j > i && rs[j-1] == '=' {
					break // --flag="value": the value is its own token
				}
				if strings.ContainsRune(quoteMarks, rs[j]) {
					return nil, fmt.Errorf("unpaired quote in %q", string(rs[i:]))
				}
				j++
			}
			toks = append(toks, Token{Text: string(rs[i:j])})
			i = j
		}
	}
	return toks, nil
}

// mentionMarkup is a mention as a platform writes it into a text picked
// from its autocomplete: <@U123|name>, or <@U123>.
var mentionMarkup = regexp.MustCompile(`<@([^|<>\s]+)(?:\|([^<>]*))?>`)

// plainMentions writes the mentions in a quoted text as what they show:
// the name, or, where the markup has none, the name names gives the ID,
// else the ID (which Slack shows as the person's name). A text is stored
// and shown as it reads, never as markup.
func plainMentions(s string, names []Mention) string {
	if !strings.Contains(s, "<@") {
		return s
	}
	return Trim(mentionMarkup.ReplaceAllStringFunc(s, func(m string) string {
		id, name, _ := strings.Cut(m[2:len(m)-1], "|")
		id = Trim(id)
		if name = Trim(name); name == "" {
			for _, n := range names {
				if n.ID == id {
					name = Trim(n.Name)
				}
			}
		}
		return cmp.Or(name, id)
	}))
}

// endsLine reports whether rest, what follows a closing quote, is the
// full stop, ! or ? that ends a sentence, and nothing else but spaces.
func endsLine(rest []rune) bool {
	return len(rest) > 0 && strings.ContainsRune(".!?", rest[0]) && strings.TrimSpace(string(rest[1:])) == ""
}

// Trim removes spaces and invisible characters (facilitation.Invisible)
// from both ends of s, so that a text that only looks empty is empty.
func Trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || facilitation.Invisible(r) })
}

// Args are the words of a command after its name, with flags taken out.
type Args struct {
	Words []Token
	Flags map[string]string
}

// SplitFlags separates --flag and --flag value / --flag=value from words.
// valued names the flags that take a value.
func SplitFlags(toks []Token, valued map[string]bool, known map[string]bool) (Args, error) {
	a := Args{Flags: map[string]string{}}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Quoted || !strings.HasPrefix(t.Text, "--") {
			a.Words = append(a.Words, t)
			continue
		}
		typed, val, hasVal := strings.Cut(strings.TrimPrefix(t.Text, "--"), "=")
		name := FlagName(typed)
		if !known[name] && !valued[name] {
			return a, &FlagError{Flag: "--" + strings.ToLower(typed)}
		}
		if valued[name] && !hasVal {
			if i+1 >= len(toks) {
				return a, &FlagError{Flag: "--" + strings.ToLower(typed), NeedsValue: true}
			}
			i++
			val = toks[i].Text
		} else if hasVal && val == "" && i+1 < len(toks) && toks[i+1].Quoted {
			i++
			val = toks[i].Text
		}
		a.Flags[name] = val
	}
	return a, nil
}

// ParseDuration reads a duration such as 90s, 10m or 1h30m, as people
// write them: positive and at most 24 hours. A bare number means minutes.
func ParseDuration(s string) (time.Duration, error) {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		s += "m"
	}
	d, err := time.ParseDuration(strings.ToLower(s))
	if err != nil {
		return 0, &facilitation.Error{Code: facilitation.ErrBadDuration, Data: map[string]any{"Duration": s, "Max": facilitation.MaxTimebox}}
	}
	if err := facilitation.CheckDuration(d); err != nil {
		return 0, err
	}
	return d, nil
}

// Mention is a reference to a person in a command.
type Mention struct {
	ID   string
	Name string
}

// ParseMention reads @name, or Slack's <@U123> and <@U123|name>.
func ParseMention(t Token) (Mention, bool) {
	s := t.Text
	if t.Quoted {
		return Mention{}, false
	}
	if strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">") {
		id, name, _ := strings.Cut(s[2:len(s)-1], "|")
		if id == "" {
			return Mention{}, false
		}
		return Mention{ID: id, Name: name}, true
	}
	if strings.HasPrefix(s, "@") && len(s) > 1 {
		return Mention{ID: s[1:], Name: s[1:]}, true
	}
	return Mention{}, false
}

// UsageError is a command that does not fit its grammar.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// FlagError is a flag the command does not take, or a valued flag
// without its value. Flag is as it was typed (--flera, not --multi), so
// that the reply names the word the user wrote.
type FlagError struct {
	Flag       string
	NeedsValue bool
}

func (e *FlagError) Error() string {
	if e.NeedsValue {
		return e.Flag + " needs a value"
	}
	return "unknown option " + e.Flag
}

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}
