package bot

import "github.com/klubba/klubba/store"

// Outgoing is a reply waiting in the outbox to be delivered to a channel.
type Outgoing = store.Outgoing
