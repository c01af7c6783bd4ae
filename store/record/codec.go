package record

import (
	"encoding/json"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// v1 are the options that make go-json-experiment's decoder read records
// as encoding/json does; it is about twice as fast (issue 13). Its
// encoder is not used: even with these options it writes invalid UTF-8
// as a raw U+FFFD where encoding/json writes \ufffd.
var v1 = jsonv1.DefaultOptionsV1()

// Marshal is the stored bytes of a record (a type of this package), as
// encoding/json writes them. The meeting record, rewritten whole by
// every command, has an encoder of its own (encode.go).
func Marshal(v any) ([]byte, error) {
	switch r := v.(type) {
	case Meeting:
		return appendMeeting(make([]byte, 0, r.sizeHint()), &r), nil
	case *Meeting:
		return appendMeeting(make([]byte, 0, r.sizeHint()), r), nil
	}
	return json.Marshal(v)
}

// Unmarshal decodes stored bytes into a record (a pointer to a type of
// this package).
func Unmarshal(data []byte, v any) error {
	if p, ok := v.(*Person); ok && decodePerson(data, p) {
		return nil
	}
	return jsonv2.Unmarshal(data, v, v1)
}
