package record

import "time"

// formatTime is how a time is stored: RFC 3339 with nanoseconds, as
// time.Time's MarshalJSON writes it. The zero time is written too.
func formatTime(t time.Time) string { return t.Format(timeLayout) }

// formatOptional is formatTime, or "" for the zero time, which is left
// out of the record.
func formatOptional(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(timeLayout)
}

// parser reads the times of a record, keeping the first error.
type parser struct{ err error }

// time parses a stored time; "" is the zero time.
func (p *parser) time(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil && p.err == nil {
		p.err = err
	}
	return t
}
