package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// A plainMessage is a message with no plural forms whose template only
// fills in fields ("Your hand is up: you are number {{.N}} in the
// queue."), as most are. Text fills it in directly, to the same text as
// go-i18n's text/template gives, in a tenth of the time
// (BenchmarkText): a command says two or three of them.
type plainMessage []plainPart

// plainPart is text, then the value of a field, if any.
type plainPart struct{ text, field string }

// fieldAction is a template action that only prints a field.
var fieldAction = regexp.MustCompile(`\{\{\.([A-Za-z_][A-Za-z0-9_]*)\}\}`)

// plainMessages returns the plain messages of a catalogue as go-i18n
// read it.
func plainMessages(file *i18n.MessageFile) map[string]plainMessage {
	out := map[string]plainMessage{}
	for _, msg := range file.Messages {
		if msg.Zero+msg.One+msg.Two+msg.Few+msg.Many != "" || msg.LeftDelim+msg.RightDelim != "" {
			continue // plural forms, or delimiters of its own
		}
		if m, ok := parsePlain(msg.Other); ok {
			out[msg.ID] = m
		}
	}
	return out
}

// parsePlain splits a message's template into text and fields, or
// reports false if it has actions of any other kind.
func parsePlain(text string) (plainMessage, bool) {
	var m plainMessage
	end := 0
	for _, loc := range fieldAction.FindAllStringSubmatchIndex(text, -1) {
		m = append(m, plainPart{text: text[end:loc[0]], field: text[loc[2]:loc[3]]})
		end = loc[1]
	}
	m = append(m, plainPart{text: text[end:]})
	for _, p := range m {
		if strings.Contains(p.text, "{{") {
			return nil, false
		}
	}
	return m, true
}

// fill returns the message with its fields' values from key/value
// pairs, as Text does. It reports false for a field that has no value
// or a value of a type it does not write as text/template would
// (anything but a string, an integer, a float or a bool).
func (m plainMessage) fill(kv []any) (string, bool) {
	var b []byte
	for _, p := range m {
		b = append(b, p.text...)
		if p.field == "" {
			continue
		}
		v, ok := value(kv, p.field)
		if !ok {
			return "", false
		}
		switch v := v.(type) {
		case string:
			b = append(b, v...)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64, int32, uint, uint64, uint32, float64, bool:
			b = fmt.Append(b, v)
		default:
			return "", false
		}
	}
	return strings.TrimRight(string(b), "\n"), true
}

// value returns the value of key in key/value pairs: its last, as in
// the map that go-i18n is given.
func value(kv []any, key string) (v any, found bool) {
	for i := 0; i+1 < len(kv); i += 2 {
		if k, _ := kv[i].(string); k == key {
			v, found = kv[i+1], true
		}
	}
	return v, found
}
