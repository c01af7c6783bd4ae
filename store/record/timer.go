package record

import "github.com/klubba/klubba/store"

// Timer is a timer as stored.
type Timer struct {
	ID        uint64 `json:"id"`
	Due       string `json:"due"`
	Kind      string `json:"kind"`
	Channel   string `json:"channel"`
	MeetingID string `json:"meeting_id"`
	Ref       int64  `json:"ref,omitempty"`
	Who       string `json:"who,omitempty"`
	Since     string `json:"since,omitempty"`
}

// FromTimer is the stored form of t.
func FromTimer(t store.Timer) Timer {
	return Timer{ID: t.ID, Due: formatTime(t.Due), Kind: string(t.Kind), Channel: t.Channel, MeetingID: t.MeetingID,
		Ref: t.Ref, Who: t.Who, Since: formatOptional(t.Since)}
}

// ToTimer is the timer r stores.
func (r Timer) ToTimer() (store.Timer, error) {
	var p parser
	t := store.Timer{ID: r.ID, Due: p.time(r.Due), Kind: store.TimerKind(r.Kind), Channel: r.Channel, MeetingID: r.MeetingID,
		Ref: r.Ref, Who: r.Who, Since: p.time(r.Since)}
	return t, p.err
}
