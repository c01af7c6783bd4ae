package render

import (
	"strconv"
	"strings"
)

// Key names a message that is posted once and then edited as what it
// shows changes: a poll, or one of a meeting's standing messages. Its
// text, "poll/42" or "queue/7", is what the outbox and the adapters keep
// (chat.Reply.Key).
type Key struct {
	Kind Kind
	// ID is the poll's ID, or the meeting's for the other kinds.
	ID string
}

// Kind is what a keyed message shows; each is rendered by the View
// method of its name.
type Kind string

// The kinds of keyed messages.
const (
	KindPoll      Kind = "poll"
	KindQueue     Kind = "queue"
	KindAgenda    Kind = "agenda"
	KindProposals Kind = "proposals"
	KindQuestion  Kind = "question"
	KindFloor     Kind = "floor"
	KindRegister  Kind = "register"
	KindRound     Kind = "round"
	KindIdeas     Kind = "ideas"
)

// PollKey is the key of poll id's message.
func PollKey(id int64) Key { return Key{Kind: KindPoll, ID: strconv.FormatInt(id, 10)} }

// String is the key's text, "kind/id".
func (k Key) String() string { return string(k.Kind) + "/" + k.ID }

// ParseKey reads a key's text; a text without "/" has an empty ID.
func ParseKey(s string) Key {
	kind, id, _ := strings.Cut(s, "/")
	return Key{Kind: Kind(kind), ID: id}
}
