package teams_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/klubba/klubba/bot"
)

// meetingChat is the chat of a Teams meeting: a groupChat.
const meetingChat = "19:meeting_NjU5@thread.v2"

// inMeetingChat is a message typed in a meeting's chat.
func inMeetingChat(id, from, text string) string {
	return strings.NewReplacer(
		`"conversationType": "channel"`, `"conversationType": "groupChat"`,
		"19:meeting-channel@thread.tacv2;messageid=1700000000000", meetingChat,
		`"channelData": {`, `"channelData": {"meeting": {"id": "MCMxOTptZWV0aW5n"}, `,
	).Replace(channelMessage(id, from, text))
}

const meetingPosts = "POST /v3/conversations/" + meetingChat + "/activities"

// TestPrivateInMeetingChatIsTargeted: in a meeting's chat a private
// answer is a targeted message there, seen by its recipient only; no
// one-to-one chat is opened, which Teams would refuse to someone without
// a personal install.
func TestPrivateInMeetingChatIsTargeted(t *testing.T) {
	r := newRig(t)
	r.send(inMeetingChat("m1", "ann", "start"), nil)
	r.send(inMeetingChat("m2", "bo", "hand"), nil)
	r.deliverAll(5)
	var targeted []connectorCall
	for _, c := range r.fake.Calls(meetingPosts) {
		if c.Targeted {
			targeted = append(targeted, c)
		} else if strings.Contains(c.text(), "Your hand is up") {
			t.Errorf("the private answer was posted for all: %s", c.text())
		}
	}
	if len(targeted) != 1 || !strings.Contains(targeted[0].text(), "Your hand is up") ||
		!strings.Contains(targeted[0].text(), `"recipient":{"id":"29:bo"}`) {
		t.Errorf("targeted messages = %+v, want bo's answer, to bo", targeted)
	}
	if c := oneToOne(r.fake.Calls("POST /v3/conversations")); len(c) != 0 {
		t.Errorf("a one-to-one chat was opened: %+v", c)
	}
}

// TestPrivateFallsBackToOneToOne: where the chat refuses a targeted
// message (the preview is off in the tenant), the one-to-one chat serves.
func TestPrivateFallsBackToOneToOne(t *testing.T) {
	r := newRig(t)
	r.fake.refuse = map[string][]int{meetingChat + "?targeted": {http.StatusBadRequest}}
	r.send(inMeetingChat("m1", "ann", "start"), nil)
	r.send(inMeetingChat("m2", "bo", "hand"), nil)
	r.deliverAll(5)
	if c := r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities"); len(c) != 1 || !strings.Contains(c[0].text(), "Your hand is up") {
		t.Errorf("one-to-one answers = %+v", c)
	}
}

// TestUnreachableNamedInTheChat: where Teams refuses both (no targeted
// messages, no personal install), the answer's content is not posted,
// and one message of the chat names everyone who could not be reached,
// in the meeting's language, with how to fix it; it is edited, not
// reposted, as people are added.
func TestUnreachableNamedInTheChat(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "Klubba could not send these people their private answers"},
		{"sv", "Klubba kunde inte skicka sina privata svar"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := newRig(t)
			r.fake.refuse = map[string][]int{
				meetingChat + "?targeted": {http.StatusForbidden},
				"create:29:bo":            {http.StatusForbidden},
				"create:29:cy":            {http.StatusForbidden},
			}
			r.send(inMeetingChat("m0", "ann", "lang "+tc.lang), nil)
			r.send(inMeetingChat("m1", "ann", "start"), nil)
			r.deliverAll(5)
			before := len(r.fake.Calls(meetingPosts))
			r.send(inMeetingChat("m2", "bo", "hand"), nil)
			r.deliverAll(5)
			var posts []connectorCall
			for _, c := range r.fake.Calls(meetingPosts)[before:] {
				if strings.Contains(c.text(), tc.want) {
					posts = append(posts, c)
				}
			}
			if len(posts) != 1 || !strings.Contains(posts[0].text(), tc.want) || !strings.Contains(textOf(posts[0]), `<at>bo</at>`) ||
				!strings.Contains(posts[0].text(), `"mentioned":{"id":"29:bo","name":"bo"}`) {
				t.Fatalf("notice posts = %+v", posts)
			}
			for _, c := range r.fake.Calls("") {
				if strings.Contains(c.text(), "Your hand is up") || strings.Contains(c.text(), "Din hand är uppe") {
					t.Errorf("the private content reached the connector: %s %s", c.Path, c.text())
				}
			}
			// Cy is refused too: the same message, edited, names both.
			r.send(inMeetingChat("m3", "cy", "hand"), nil)
			r.deliverAll(5)
			notices := 0
			for _, c := range r.fake.Calls(meetingPosts) {
				if strings.Contains(c.text(), tc.want) {
					notices++
				}
			}
			if notices != 1 {
				t.Errorf("%d notices posted in the chat, want one, edited", notices)
			}
			var edits []connectorCall
			for _, c := range r.fake.Calls("PUT /v3/conversations/" + meetingChat + "/activities/") {
				if strings.Contains(c.text(), tc.want) {
					edits = append(edits, c)
				}
			}
			if len(edits) == 0 || !strings.Contains(textOf(edits[len(edits)-1]), "<at>bo</at>, <at>cy</at>") {
				t.Errorf("edits of the notice = %+v, want bo and cy named", edits)
			}
			// Bo again: named once, and not tried again for a while
			// (a vote storm would cost two refused calls a vote).
			r.fake.mu.Lock()
			tries := r.fake.refused["create:29:bo"]
			r.fake.mu.Unlock()
			r.send(inMeetingChat("m4", "bo", "lower"), nil)
			r.deliverAll(5)
			r.fake.mu.Lock()
			again := r.fake.refused["create:29:bo"]
			r.fake.mu.Unlock()
			if again != tries {
				t.Errorf("bo, just found unreachable, was tried again (%d refused calls, then %d)", tries, again)
			}
			r.clock.Advance(11 * time.Minute) // bo may have added Klubba since
			r.send(inMeetingChat("m5", "bo", "hand"), nil)
			r.deliverAll(5)
			r.fake.mu.Lock()
			later := r.fake.refused["create:29:bo"]
			r.fake.mu.Unlock()
			if later == again {
				t.Error("bo was never tried again")
			}
			n := 0
			for _, c := range r.fake.Calls("PUT /v3/conversations/" + meetingChat + "/activities/") {
				if strings.Contains(c.text(), tc.want) {
					n++
				}
			}
			if n != len(edits) {
				t.Errorf("the notice was edited again for someone already named")
			}
		})
	}
}

// textOf is the text of a message activity a call sent.
func textOf(c connectorCall) string {
	s, _ := c.Body["text"].(string)
	return s
}

// TestPrivateInChannelFallsBackToTargeted: in a channel the one-to-one
// chat comes first; where Teams refuses it (403: no personal install and
// no shared team), a targeted message in the channel serves.
func TestPrivateInChannelFallsBackToTargeted(t *testing.T) {
	r := newRig(t)
	r.fake.refuse = map[string][]int{"create:29:bo": {http.StatusForbidden}}
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "bo", "hand"), nil)
	r.deliverAll(5)
	var targeted []connectorCall
	for _, c := range r.fake.Calls(channelPosts) {
		if c.Targeted {
			targeted = append(targeted, c)
		}
	}
	if len(targeted) != 1 || !strings.Contains(targeted[0].text(), "Your hand is up") {
		t.Errorf("targeted answers = %+v", targeted)
	}
	if err := r.app.Deliverer().Health(); err != nil {
		t.Errorf("Health() = %v", err)
	}
}

// meetingNotifications are the targeted meeting notifications sent.
const meetingNotifications = "POST /v1/meetings/MCMxOTptZWV0aW5n/notification"

// TestAlertsInMeetingAreNotifications: in a meeting's chat, "you are
// next" and "vote now" go to the person as a targeted in-meeting
// notification (the meeting tab on their stage, titled with the
// message), not as a chat message; where Teams refuses one (the meeting
// is not running), the person gets the targeted chat message instead.
func TestAlertsInMeetingAreNotifications(t *testing.T) {
	for _, tc := range []struct {
		name    string
		script  []string // "who: command" in the meeting's chat
		to      string
		want    string
		refused bool
	}{
		{"you are next", []string{"ann: start", "bo: hand", "cy: hand", "ann: next"}, "29:cy", "You are next, after bo", false},
		{"vote now", []string{"ann: start", "bo: hand", `ann: poll "Lunch?" "Pizza" "Sushi"`, "ann: vote #1 1", "ann: poll remind #1"}, "29:bo", "Poll #1 (Lunch?) is open and you have not voted yet", false},
		{"meeting not running", []string{"ann: start", "bo: hand", "cy: hand", "ann: next"}, "29:cy", "You are next, after bo", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			if tc.refused {
				r.fake.refuse = map[string][]int{"meeting:MCMxOTptZWV0aW5n": {http.StatusBadRequest}}
			}
			for i, line := range tc.script {
				who, text, _ := strings.Cut(line, ": ")
				r.send(inMeetingChat("m"+strconv.Itoa(i), who, text), nil)
				r.deliverAll(5)
			}
			var inChat []string
			for _, c := range r.fake.Calls(meetingPosts) {
				if strings.Contains(c.text(), tc.want) {
					inChat = append(inChat, c.text())
				}
			}
			var notified []string
			for _, c := range r.fake.Calls(meetingNotifications) {
				notified = append(notified, c.text())
			}
			if tc.refused {
				if len(inChat) != 1 || !strings.Contains(inChat[0], `"recipient":{"id":"`+tc.to+`"}`) {
					t.Errorf("after a refused notification, chat messages with %q: %q; want one, targeted to %s", tc.want, inChat, tc.to)
				}
				return
			}
			want := `"value":{"recipients":["` + tc.to + `"],"surfaces":[{"content":{"value":{"height":"400","title":"` + tc.want
			if len(notified) != 1 || !strings.Contains(notified[0], `"type":"targetedMeetingNotification"`) ||
				!strings.Contains(notified[0], want) || !strings.Contains(notified[0], `"url":"https://klubba.example.org/teams/tab"`) ||
				!strings.Contains(notified[0], `"surface":"meetingStage"`) {
				t.Errorf("notifications = %q; want one to %s titled %q, showing the meeting tab on the stage", notified, tc.to, tc.want)
			}
			if len(inChat) != 0 {
				t.Errorf("the alert was also posted in the chat: %q", inChat)
			}
		})
	}
}

// TestNewServiceURLFollowed: when Teams sends a conversation's
// activities from a new service URL, replies and later messages go
// there, without a restart.
func TestNewServiceURLFollowed(t *testing.T) {
	r := newRig(t)
	r.send(inMeetingChat("m1", "ann", "start"), nil)
	r.deliverAll(5)
	moved := r.fake.srv.URL + "/moved/"
	auth := "Bearer " + r.fake.token(r.clock.Now(), func(c jwt.MapClaims) { c["serviceurl"] = moved })
	if w := r.send(strings.ReplaceAll(inMeetingChat("m2", "ann", `agenda add "Budget"`), "SERVICE_URL", moved), &auth); w.Code != http.StatusOK {
		t.Fatalf("activity from the new service URL: %d %s", w.Code, w.Body)
	}
	r.deliverAll(5)
	r.fake.mu.Lock()
	n := r.fake.moved
	r.fake.mu.Unlock()
	if n == 0 {
		t.Error("nothing was sent to the conversation's new service URL")
	}
}

// inMeeting turns a channel activity into one of the meeting's chat.
func inMeeting(activity string) string {
	return strings.NewReplacer(
		`"conversationType": "channel"`, `"conversationType": "groupChat"`,
		"19:meeting-channel@thread.tacv2;messageid=1700000000000", meetingChat,
		`"channelData": {`, `"channelData": {"meeting": {"id": "MCMxOTptZWV0aW5n"}, `,
	).Replace(activity)
}

// TestSecretBallotNamesNobodyUnreached: in a secret ballot, the notice
// of people Klubba could not reach privately would tell the chat who
// voted (the confirmation of a click) and who has not (the chair's
// reminder): neither is named. A later answer that is no ballot's still
// names them.
func TestSecretBallotNamesNobodyUnreached(t *testing.T) {
	r := newRig(t)
	r.fake.refuse = map[string][]int{
		meetingChat + "?targeted":  {http.StatusForbidden},
		"create:29:bo":             {http.StatusForbidden},
		"create:29:cy":             {http.StatusForbidden},
		"meeting:MCMxOTptZWV0aW5n": {http.StatusForbidden}, // the call has ended
	}
	r.send(inMeetingChat("m1", "ann", "start"), nil)
	r.send(inMeeting(mentioning("m2", "ann", "", `register add {0} {1}`, [2]string{"bo", "bo"}, [2]string{"cy", "cy"})), nil)
	r.send(inMeetingChat("m3", "ann", `poll "Treasurer?" "Ola" "Li" --secret`), nil)
	r.deliverAll(5)
	r.send(inMeeting(submit("m4", "cy", "activity-3", "poll.vote", "1:1")), nil) // cy votes
	r.send(inMeetingChat("m5", "ann", "poll remind"), nil)                       // bo has not
	r.deliverAll(5)
	const notice = "could not send these people"
	for _, c := range r.fake.Calls("") {
		if strings.Contains(c.text(), notice) {
			t.Errorf("the chat was told who voted or not: %s", textOf(c))
		}
	}
	r.store.View(context.Background(), func(tx bot.Tx) error {
		if p, err := tx.Poll(1); err != nil || p.Turnout() != 1 {
			t.Fatalf("poll 1: %v, want cy's vote in it", err)
		}
		return nil
	})
	r.send(inMeetingChat("m6", "bo", "hand"), nil)
	r.deliverAll(5)
	var named bool
	for _, c := range r.fake.Calls("") {
		named = named || strings.Contains(c.text(), notice) && strings.Contains(textOf(c), "<at>bo</at>") && !strings.Contains(textOf(c), "<at>cy</at>")
	}
	if !named {
		t.Error("bo's answer to a raised hand, undelivered, is not named")
	}
}
