package bot

import "github.com/klubba/klubba/chat"

// Action IDs carried by buttons.
const (
	ActionSpeak     = "queue.speak"
	ActionReply     = "queue.reply"
	ActionOrder     = "queue.order"
	ActionLower     = "queue.lower"
	ActionNext      = "queue.next"
	ActionVote      = "poll.vote"
	ActionPollClose = "poll.close"
	ActionItemNext  = "agenda.next"
	ActionHere      = "register.here"
	// ActionDemandVote demands a counted vote (votering) on the question put.
	ActionDemandVote = "vote.demand"
	// ActionRefresh asks for a message's view for the clicker (RenderFor);
	// its value is the message's key.
	ActionRefresh = "message.refresh"
)

// Outgoing is a reply waiting in the outbox to be delivered to a channel.
type Outgoing struct {
	ID      uint64     `json:"id"`
	Channel string     `json:"channel"`
	Reply   chat.Reply `json:"reply"`
}
