package teams

import "github.com/klubba/klubba/chat"

// ActivityWithRefresh is the activity that posts m's card, its refresh
// offered to the given Bot Framework IDs.
func ActivityWithRefresh(m chat.Message, ids []string) map[string]any {
	var refresh map[string]any
	if m.PerUser != nil {
		list := make([]any, len(ids))
		for i, id := range ids {
			list[i] = id
		}
		refresh = map[string]any{"action": map[string]any{"type": "Action.Execute", "verb": chat.ActionRefresh,
			"data": map[string]any{"action": chat.ActionRefresh, "value": m.PerUser.Key}}, "userIds": list}
	}
	return cardActivity(m, refresh)
}

// FileHost is fileHost, for tests.
var FileHost = fileHost

// RetryAfter is retryAfter, for tests.
var RetryAfter = retryAfter
