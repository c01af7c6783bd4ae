package teams_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// otherChannel is a second Teams channel, for tests of one conversation
// refusing while another works.
const otherChannel = "19:other-channel@thread.tacv2;messageid=1700000000001"

// inOther moves an activity of the meeting channel to otherChannel.
func inOther(activity string) string {
	return strings.ReplaceAll(activity, "19:meeting-channel@thread.tacv2;messageid=1700000000000", otherChannel)
}

// TestForbiddenIsFinalForThatConversation: a 403 from the connector is
// about one conversation (the bot was removed from it, or the user
// blocked it). That message is dropped; the other conversation's
// messages go out at once, and Teams delivery is neither paused nor
// reported unready.
func TestForbiddenIsFinalForThatConversation(t *testing.T) {
	r := newRig(t)
	r.fake.refuse = map[string][]int{otherChannel: {http.StatusForbidden}}
	r.send(inOther(channelMessage("m1", "ann", "start")), nil)
	r.send(channelMessage("m2", "bo", "start"), nil)
	r.deliverAll(5)
	if posts := r.fake.Calls(channelPosts); len(posts) == 0 || !strings.Contains(posts[0].text(), "started") {
		t.Errorf("the working channel's post: %+v", posts)
	}
	if err := r.app.Deliverer().Health(); err != nil {
		t.Errorf("after a 403 in one conversation, Health() = %v, want nil (no pause, not unready)", err)
	}
	if pending, _ := r.store.Pending(context.Background(), "teams", 0, 10); len(pending) != 0 {
		t.Errorf("%d entries still pending after a 403; want it dropped, not retried", len(pending))
	}
	// The refused conversation was tried once, not paused and retried.
	if calls := r.fake.Calls("POST /v3/conversations/" + otherChannel); len(calls) != 0 {
		t.Errorf("calls recorded for the refused conversation: %d", len(calls))
	}
	// Later messages to the working channel are not held back either.
	r.send(channelMessage("m3", "bo", "agenda add Budget"), nil)
	before := len(r.fake.Calls(channelPosts))
	r.deliverAll(5)
	if after := len(r.fake.Calls(channelPosts)); after == before {
		t.Error("no post to the working channel after another conversation's 403")
	}
}

// TestPreconditionFailedRetried: Teams asks bots to retry 412 like 429,
// 502 and 504; each is tried again and delivered once.
func TestPreconditionFailedRetried(t *testing.T) {
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusTooManyRequests, http.StatusBadGateway, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			r := newRig(t)
			conv := "19:meeting-channel@thread.tacv2;messageid=1700000000000"
			r.fake.refuse = map[string][]int{conv: {status, status, 0}}
			r.send(channelMessage("m1", "ann", "start"), nil)
			r.deliverAll(10)
			posts := r.fake.Calls(channelPosts)
			if len(posts) != 1 || !strings.Contains(posts[0].text(), "started") {
				t.Errorf("after two %d answers: %d posts, want the message once", status, len(posts))
			}
			if err := r.app.Deliverer().Health(); err != nil {
				t.Errorf("Health() = %v after %d", err, status)
			}
		})
	}
}
