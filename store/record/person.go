package record

// Person is a participant of a meeting as stored under its ID: Seq
// orders people by first sight.
type Person struct {
	Seq  uint64 `json:"seq"`
	Name string `json:"name"`
}
