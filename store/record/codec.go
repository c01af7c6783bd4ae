package record

import "encoding/json"

// Marshal is the stored bytes of a record (a type of this package).
func Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal decodes stored bytes into a record (a pointer to a type of
// this package).
func Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
