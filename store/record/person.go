package record

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// Person is a participant of a meeting as stored under its ID: Seq
// orders people by first sight.
type Person struct {
	Seq  uint64 `json:"seq"`
	Name string `json:"name"`
}

// decodePerson reads the usual stored form of a person,
// {"seq":N,"name":"..."} with nothing in the name to unescape, without
// the reflective decoder: a meeting's people are read on every rendering
// of its queue, 2,000 of them in a big meeting (issue 13). It reports
// false for anything else, which Unmarshal then decodes.
func decodePerson(data []byte, p *Person) bool {
	rest, ok := bytes.CutPrefix(data, []byte(`{"seq":`))
	if !ok {
		return false
	}
	i := 0
	for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
		i++
	}
	if i == 0 || (i > 1 && rest[0] == '0') {
		return false
	}
	seq, err := strconv.ParseUint(string(rest[:i]), 10, 64)
	if err != nil {
		return false
	}
	name, ok := bytes.CutPrefix(rest[i:], []byte(`,"name":"`))
	if !ok {
		return false
	}
	name, ok = bytes.CutSuffix(name, []byte(`"}`))
	if !ok {
		return false
	}
	for _, c := range name {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	if !utf8.Valid(name) {
		return false
	}
	p.Seq, p.Name = seq, string(name)
	return true
}
