package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// ErrNotFound is returned by a Tx for a record that does not exist.
var ErrNotFound = errors.New("not found")

// Store keeps Klubba's state. Every command runs in one transaction: a
// function passed to Update either commits all its changes or none.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	// Batch is Update for writes that come in crowds (every write command
	// when others are under way): concurrent calls may share one
	// transaction, so fn may run more than once and must not keep state
	// from an earlier run.
	Batch(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is a transaction on a Store. Records returned are copies: changes
// to them are stored only when put back.
type Tx interface {
	// Running returns the meeting running in channel, or ErrNotFound.
	Running(channel string) (*facilitation.Meeting, error)
	// Meeting returns a meeting by ID, running or ended.
	Meeting(id string) (*facilitation.Meeting, error)
	// LastMeeting returns the most recent meeting held in channel.
	LastMeeting(channel string) (*facilitation.Meeting, error)
	// PutMeeting stores a meeting and marks it the channel's running
	// meeting while it runs.
	PutMeeting(m *facilitation.Meeting) error
	// NextID returns a new sequence number of the given kind ("meeting", "poll").
	NextID(kind string) (uint64, error)

	// SeePerson records that a person took part in a meeting, and their
	// display name; a new name replaces an old one.
	SeePerson(meetingID string, p Person) error
	// Person returns a participant of a meeting, or ErrNotFound.
	Person(meetingID, id string) (Person, error)
	// People returns a meeting's participants in the order they were first seen.
	People(meetingID string) ([]Person, error)

	// SetRegistered adds a person to a meeting's voting register, or
	// removes them, and reports whether that changed anything.
	SetRegistered(meetingID string, p Person, on bool) (changed bool, err error)
	// Registered reports whether id is on a meeting's voting register.
	Registered(meetingID, id string) (bool, error)
	// RegisterMembers returns the people on a meeting's voting register.
	RegisterMembers(meetingID string) ([]Person, error)

	// Poll returns a poll with its votes.
	Poll(id int64) (*facilitation.Poll, error)
	// PollFor returns a poll with only voter's own vote (none for ""), so
	// that a vote costs the same at the first ballot as at the thousandth.
	PollFor(id int64, voter string) (*facilitation.Poll, error)
	// PutPoll stores a poll's question, options and state, not its votes.
	PutPoll(p *facilitation.Poll) error
	// PutVote stores the ballot of voter in an open or anonymous poll,
	// replacing an earlier one.
	PutVote(pollID int64, voter string, b facilitation.Ballot) error
	// DeleteVote withdraws the ballot of voter in an open or anonymous
	// poll; withdrawing a vote never cast is no error. Secret ballots are
	// never withdrawn.
	DeleteVote(pollID int64, voter string) error
	// CastBallot stores a secret ballot: it records that voter voted and,
	// apart from that, the ballot, so that nothing links the two.
	CastBallot(pollID int64, voter string, b facilitation.Ballot) error

	// AddEntry appends an entry to a meeting's minutes, which are stored
	// apart from the meeting record.
	AddEntry(meetingID string, e facilitation.Entry) error
	// Entries returns a meeting's minutes entries in the order added.
	Entries(meetingID string) ([]facilitation.Entry, error)
	// PutEntry replaces the entry at index i (from 0, in the order added)
	// of a meeting's minutes.
	PutEntry(meetingID string, i int, e facilitation.Entry) error

	// Enqueue adds a reply to the outbox, to be delivered after commit.
	Enqueue(o Outgoing) error

	// AddTimer stores a timer, setting its ID.
	AddTimer(t *Timer) error
	// NextTimer returns the timer due first, or ErrNotFound.
	NextTimer() (Timer, error)
	// DeleteTimer removes a timer.
	DeleteTimer(t Timer) error

	// PutAnonymous stores a text that must name nobody (an idea before it
	// is revealed, a check-out comment) under scope, apart from any person
	// and in no order of arrival.
	PutAnonymous(scope, text string) error
	// Anonymous returns the texts stored under scope.
	Anonymous(scope string) ([]string, error)
	// DropAnonymous deletes the texts stored under scope.
	DropAnonymous(scope string) error
	// Meetings returns every meeting, oldest first, for reports.
	Meetings() ([]*facilitation.Meeting, error)
	// BoardToken returns the token of a meeting's live board, or ErrNotFound.
	BoardToken(meetingID string) (string, error)
	// BoardMeeting returns the ID of the meeting whose live board has
	// token, or ErrNotFound. The caller compares the token it gets back
	// from BoardToken in constant time.
	BoardMeeting(token string) (string, error)
	// PutBoardToken gives a meeting's live board a token, revoking the
	// meeting's earlier token.
	PutBoardToken(meetingID, token string) error

	// MarkEvent records a platform event ID and reports whether it was
	// seen before, so that a redelivered event is handled once.
	MarkEvent(id string, at time.Time) (seen bool, err error)
}

// Person is a participant: the platform's user ID and a display name.
type Person struct {
	ID   string
	Name string
}

// Outbox is the queue of replies awaiting delivery, one line per platform.
type Outbox interface {
	// Pending returns up to n undelivered replies for a platform's
	// channels (see Platform) with IDs above after, oldest first.
	Pending(ctx context.Context, platform string, after uint64, n int) ([]Outgoing, error)
	// Windows returns, for each channel of platform with undelivered
	// replies, up to n of them with IDs above after[channel] (0 when
	// absent), oldest first; channels whose after is math.MaxUint64 are
	// skipped. A channel's backlog never hides another channel's replies.
	Windows(ctx context.Context, platform string, after map[string]uint64, n int) (map[string][]Outgoing, error)
	// Delivered removes replies from the outbox, in one transaction.
	Delivered(ctx context.Context, os ...Outgoing) error
}

// Platform is the platform part of a channel ID: "slack" for "slack:T1/C1".
func Platform(channel string) string {
	p, _, _ := strings.Cut(channel, ":")
	return p
}
