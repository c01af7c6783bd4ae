// Package chat is the platform-neutral message model: what the bot
// says (Reply, Message, Button) and what people click (Action). The
// adapters render it as Block Kit, Adaptive Cards or plain text. It is a
// leaf: it imports nothing of Klubba's.
//
// The JSON names are the outbox's stored form (store/bolt's
// testdata/format.golden pins them), so renaming a field here does not
// change stored replies.
package chat

import "strconv"

// Audience says who sees a reply.
type Audience int

// Audiences.
const (
	// Channel replies are seen by everyone in the channel.
	Channel Audience = iota
	// Caller replies are seen only by the person who sent the command
	// (ephemeral in Slack, a personal message in Teams).
	Caller
	// Recipient replies are seen only by Reply.User, who need not be the
	// caller: the next speaker, the chair.
	Recipient
)

// Reply is one message the bot sends, in a platform-neutral form.
type Reply struct {
	To Audience `json:"to"`
	// User is the recipient of a reply To a Recipient.
	User string `json:"user,omitempty"`
	// Key, when set, names a message that later replies edit in place
	// (such as "poll/42"); adapters remember where they posted it.
	Key string `json:"key,omitempty"`
	// Edit replaces the message posted under Key, or posts it if there is
	// none; without Edit a keyed reply is posted anew and becomes the one
	// that later edits change.
	Edit bool `json:"edit,omitempty"`
	// Refresh asks the deliverer to render the message under Key from the
	// state at delivery (Bot.Render) rather than send Message: edits that
	// come in crowds (votes) are then rendered once, not once each.
	Refresh bool `json:"refresh,omitempty"`
	// Thread, when set, is the thread a new message is posted in (see
	// Request.Thread); edits stay where the message is.
	Thread  string  `json:"thread,omitempty"`
	Message Message `json:"message"`
}

// Message is the content of a reply. Adapters render it as Block Kit, an
// Adaptive Card or plain text.
type Message struct {
	Header string `json:"header,omitempty"`
	// Text is Markdown: **bold**, _italic_, and lists.
	Text string `json:"text,omitempty"`
	// List is an ordered list, such as the speaker queue.
	List []string `json:"list,omitempty"`
	// Numbers, when set, are the numbers List's lines show instead of
	// 1, 2, 3 …, like "9 a" for an agenda's sub-item.
	Numbers []string `json:"numbers,omitempty"`
	Fields  []Field  `json:"fields,omitempty"`
	Chart   []Bar    `json:"chart,omitempty"`
	// Choice, when set, is a set of options to tick; the button whose
	// value ends in ":" submits them (Action.Choices).
	Choice *Choice `json:"choice,omitempty"`
	// Input, when set, is a line of text to type; the button whose value
	// ends in ":" submits it (Action.Input).
	Input   *TextInput `json:"input,omitempty"`
	Buttons []Button   `json:"buttons,omitempty"`
	// Context is a small line of secondary information.
	Context string `json:"context,omitempty"`
	// PerUser, when set, says that the message has a view for each
	// person (Bot.RenderFor), such as a poll saying what they voted.
	PerUser *PerUser `json:"per_user,omitempty"`
	// File, when set, is a document sent with the message, such as the
	// minutes as PDF: Slack uploads it, Teams offers it, the console
	// writes it to disk.
	File *File `json:"file,omitempty"`
	// Alert marks a private message that asks its recipient to act now
	// (you are next, vote now): where the platform can, it reaches them
	// where they are, such as Teams' in-meeting notification on the
	// meeting's stage.
	Alert bool `json:"alert,omitempty"`
	// Discreet marks a private message whose sending alone tells something
	// others must not learn: a ballot's confirmation, a reminder to vote,
	// the answer to an anonymous flag. Where the platform will not deliver
	// it privately it is dropped, and its recipient is never named to the
	// conversation as someone Klubba could not reach.
	Discreet bool `json:"discreet,omitempty"`
}

// File is a document sent with a message.
type File struct {
	// Name is the file's name, such as "protokoll-2026-12-06.pdf".
	Name string `json:"name"`
	// MediaType is its MIME type, such as "application/pdf".
	MediaType string `json:"media_type"`
	Data      []byte `json:"data"`
	// Source says what the file is made from, so that a platform that
	// asks the user before taking the file (Teams' file consent card) can
	// make it again when the user accepts, rather than hold the bytes.
	Source FileSource `json:"source"`
}

// FileSource names a meeting's minutes in a format and a language.
type FileSource struct {
	Meeting string `json:"meeting,omitempty"`
	Format  string `json:"format,omitempty"`
	Lang    string `json:"lang,omitempty"`
}

// PerUser names a message that has a view for each person, and whom a
// platform may offer it without being asked (Teams' refresh.userIds).
type PerUser struct {
	Key string `json:"key"`
	// Users are at most MaxPerUser of the meeting's participants, the
	// first seen: never a poll's voters, whom a card must not reveal.
	Users []string `json:"users,omitempty"`
}

// MaxPerUser is the most people offered a message's own view unasked:
// Teams refreshes a card automatically for at most 60 users.
const MaxPerUser = 60

// Field is a label and its value, shown side by side.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Bar is one row of a bar chart of poll results.
type Bar struct {
	Label   string  `json:"label"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
	// Share is Percent as the message's language writes it ("57 %" in
	// Swedish, "57%" in English); a platform shows it, or Percent when
	// it is empty.
	Share string `json:"share,omitempty"`
	// NoShare marks a count outside the base of the shares, such as
	// abstentions: it is shown without a percentage.
	NoShare bool `json:"noShare,omitempty"`
	// Note is shown after the bar, such as who voted for it.
	Note string `json:"note,omitempty"`
}

// Choice is a multiple-choice input: up to Max of Options. A Ranked
// choice asks for the options in order of preference, one per rank.
type Choice struct {
	Options []Option `json:"options"`
	Max     int      `json:"max"`
	Ranked  bool     `json:"ranked,omitempty"`
}

// TextInput is a line of text people type, such as an idea: sent with a
// click, it stays private where a typed command would not (a mention in
// a Teams channel is seen by all).
type TextInput struct {
	Label       string `json:"label"`
	Placeholder string `json:"placeholder,omitempty"`
	// Max is the longest text, in characters.
	Max int `json:"max,omitempty"`
}

// Option is one option of a Choice.
type Option struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Button is an action people can click.
type Button struct {
	Label  string `json:"label"`
	Action string `json:"action"`
	Value  string `json:"value,omitempty"`
	Style  Style  `json:"style,omitempty"`
}

// Style is a button's emphasis.
type Style string

// Button styles.
const (
	Primary Style = "primary"
	Danger  Style = "danger"
)

// Action is a click on a Button: the button's action ID and value, and
// what the message's inputs held when it was clicked.
type Action struct {
	ID    string
	Value string
	// Choices are the values of the options ticked in the message's
	// Choice, in order of preference for a ranked one.
	Choices []string
	// Input is the text typed in the message's TextInput.
	Input string
}

// Number is the number List's line i shows: Numbers[i] when set, i+1
// otherwise.
func (m Message) Number(i int) string {
	if i < len(m.Numbers) && m.Numbers[i] != "" {
		return m.Numbers[i]
	}
	return strconv.Itoa(i + 1)
}

// ShareOf is the bar's percentage as its message's language writes it,
// or as a whole percent when the message did not say; it is empty for a
// bar without a share (NoShare).
func ShareOf(b Bar) string {
	if b.NoShare {
		return ""
	}
	if b.Share != "" {
		return b.Share
	}
	return strconv.FormatFloat(b.Percent, 'f', 0, 64) + "%"
}

// ShareSuffix is the bar's share in parentheses after a space, as the
// text of a chart shows it, or empty for a bar without a share.
func ShareSuffix(b Bar) string {
	if s := ShareOf(b); s != "" {
		return " (" + s + ")"
	}
	return ""
}
