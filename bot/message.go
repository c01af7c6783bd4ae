package bot

import "github.com/klubba/klubba/chat"

// Outgoing is a reply waiting in the outbox to be delivered to a channel.
type Outgoing struct {
	ID      uint64     `json:"id"`
	Channel string     `json:"channel"`
	Reply   chat.Reply `json:"reply"`
}
