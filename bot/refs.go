package bot

import (
	"fmt"
	"strings"
)

// RefKind is the kind of a reference key: what an adapter keeps about
// something it posted or may post to, under one string key (see the
// Outbox's stores: MessageRef and PutMessageRef).
type RefKind int

// The kinds of reference keys.
const (
	// MessageRefKey is channel + "|" + reply key (poll/42): where a
	// keyed message was posted, so that a later edit finds it.
	MessageRefKey RefKind = iota
	// ConversationRefKey is "conv|" + channel: how to reach a channel
	// unprompted.
	ConversationRefKey
	// PersonalRefKey is "personal|" + service URL + "|" + user: a
	// one-to-one chat with a user.
	PersonalRefKey
)

// Prefixes of the reference keys that are not message references.
// Channel IDs start with their platform and a colon, so no message
// reference key starts with either.
const (
	ConversationRefPrefix = "conv|"
	PersonalRefPrefix     = "personal|"
)

// ParseRefKey splits a reference key into its kind and parts: for a
// message, the channel and the reply key; for a conversation, the
// channel; for a personal chat, the rest of the key.
func ParseRefKey(key string) (kind RefKind, a, b string, err error) {
	if rest, ok := strings.CutPrefix(key, ConversationRefPrefix); ok {
		return ConversationRefKey, rest, "", nil
	}
	if rest, ok := strings.CutPrefix(key, PersonalRefPrefix); ok {
		return PersonalRefKey, rest, "", nil
	}
	i := strings.LastIndexByte(key, '|')
	if i <= 0 || i == len(key)-1 {
		return 0, "", "", fmt.Errorf("reference key %q: want channel|key, conv|channel or personal|url|user", key)
	}
	return MessageRefKey, key[:i], key[i+1:], nil
}
