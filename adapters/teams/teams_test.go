package teams_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"

	"github.com/golang-jwt/jwt/v5"
	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot"
)

// channelPosts are posts to the thread the commands were sent in.
const channelPosts = "POST /v3/conversations/19:meeting-channel@thread.tacv2;messageid=1700000000000/activities"

func TestCommandReplyPosted(t *testing.T) {
	r := newRig(t)
	if w := r.send(channelMessage("m1", "ann", "start"), nil); w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	r.deliverAll(5)
	posts := r.fake.Calls(channelPosts)
	if len(posts) != 1 || !strings.Contains(posts[0].text(), "Meeting started") ||
		!strings.Contains(posts[0].text(), "application/vnd.microsoft.card.adaptive") || posts[0].Auth != "Bearer outbound-token" {
		t.Fatalf("connector calls = %+v", r.fake.Calls(""))
	}
	// The mention is stripped: "<at>Klubba</at> start" ran as "start".
	// A private answer goes to the person's one-to-one chat with the bot.
	r.send(channelMessage("m2", "bo", "hand"), nil)
	r.deliverAll(5)
	var created []connectorCall
	for _, c := range r.fake.Calls("POST /v3/conversations") {
		if c.Path == "/v3/conversations" {
			created = append(created, c)
		}
	}
	if len(created) != 1 || !strings.Contains(created[0].text(), `"members":[{"id":"29:bo"}]`) {
		t.Errorf("no one-to-one conversation created with bo: %+v", r.fake.Calls(""))
	}
	if c := r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities"); len(c) != 1 || !strings.Contains(c[0].text(), "Your hand is up") {
		t.Errorf("private answer calls = %+v", c)
	}
	if r.fake.tokens != 1 {
		t.Errorf("the token endpoint was called %d times, want once (cached)", r.fake.tokens)
	}
}

func TestVoteButtonUpdatesTheCard(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `poll "Lunch?" "Pizza" "Sushi"`), nil)
	r.deliverAll(5)
	posts := r.fake.Calls(channelPosts)
	if len(posts) != 2 || !strings.Contains(posts[1].text(), `"action":"poll.vote","value":"1:2"`) {
		t.Fatalf("the poll card lacks a submit per option: %+v", posts)
	}
	if w := r.send(submit("m3", "bo", "activity-2", "poll.vote", "1:2"), nil); w.Code != http.StatusOK {
		t.Fatalf("submit: %d", w.Code)
	}
	r.deliverAll(5)
	updates := r.fake.Calls("PUT ")
	if len(updates) != 1 || updates[0].Path != "/v3/conversations/19:meeting-channel@thread.tacv2;messageid=1700000000000/activities/activity-2" ||
		!strings.Contains(updates[0].text(), "1 vote") {
		t.Errorf("updates = %+v, want the poll card updated in place with 1 vote", updates)
	}
}

func TestReminderSentProactively(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `poll yesno "Coffee?" --close 1m`), nil)
	r.deliverAll(5)
	before := len(r.fake.Calls(channelPosts))
	r.clock.Advance(time.Minute)
	if n, err := r.bot.FireDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("FireDue = %d, %v", n, err)
	}
	r.deliverAll(5)
	posts := r.fake.Calls(channelPosts)
	if len(posts) != before+1 || !strings.Contains(posts[len(posts)-1].text(), "Results of poll #1") {
		t.Errorf("no proactive results: %+v", posts)
	}
}

func TestRateLimitRetried(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	failed := false
	r.fake.fail = func(method, path string) (int, string, bool) {
		if !failed && method == http.MethodPost {
			failed = true
			return http.StatusTooManyRequests, "2", true
		}
		return 0, "", false
	}
	next := r.app.Deliverer().Round(context.Background())
	if next.Sub(r.clock.Now()) != 2*time.Second || len(r.fake.Calls(channelPosts)) != 0 {
		t.Fatalf("after a 429 the next try is in %v", next.Sub(r.clock.Now()))
	}
	r.deliverAll(5)
	if posts := r.fake.Calls(channelPosts); len(posts) != 1 {
		t.Errorf("%d posts after the retry, want 1", len(posts))
	}
}

func TestConversationUpdateAndPersonal(t *testing.T) {
	r := newRig(t)
	install := `{"type":"conversationUpdate","id":"f:install","channelId":"msteams","serviceUrl":"SERVICE_URL",
	  "membersAdded":[{"id":"28:` + appID + `"}],
	  "from":{"id":"29:admin","aadObjectId":"aad-admin"},
	  "conversation":{"isGroup":true,"conversationType":"channel","tenantId":"tenant","id":"19:new-channel@thread.tacv2"},
	  "recipient":{"id":"28:` + appID + `","name":"Klubba"},
	  "channelData":{"eventType":"teamMemberAdded","team":{"id":"19:team@thread.tacv2"},"tenant":{"id":"tenant"}}}`
	if w := r.send(install, nil); w.Code != http.StatusOK {
		t.Fatalf("conversationUpdate: %d", w.Code)
	}
	ref, err := r.store.Space("teams").Get(context.Background(), "conv|teams:19:new-channel@thread.tacv2")
	if err != nil || !strings.Contains(ref, `"tenantId":"tenant"`) || !strings.Contains(ref, r.fake.srv.URL) {
		t.Errorf("conversation reference = %q, %v", ref, err)
	}
	personal := `{"type":"message","id":"p1","channelId":"msteams","serviceUrl":"SERVICE_URL","text":"help",
	  "from":{"id":"29:ann","name":"Ann","aadObjectId":"aad-ann"},
	  "conversation":{"conversationType":"personal","tenantId":"tenant","id":"a:ann-personal"},
	  "recipient":{"id":"28:` + appID + `","name":"Klubba"},"channelData":{"tenant":{"id":"tenant"}}}`
	r.send(personal, nil)
	r.deliverAll(5)
	if c := r.fake.Calls("POST /v3/conversations/a:ann-personal/activities"); len(c) != 1 || !strings.Contains(c[0].text(), "Klubba commands") {
		t.Errorf("help in a personal chat: %+v", r.fake.Calls(""))
	}
}

// TestUnauthorized: every bad token gets 401 and nothing is stored.
func TestUnauthorized(t *testing.T) {
	r := newRig(t)
	now := r.clock.Now()
	other := newFakeBotFramework(t) // signs with a key the validator does not know
	tokens := map[string]string{
		"missing":            "",
		"not bearer":         "Basic abc",
		"garbage":            "Bearer not.a.jwt",
		"unknown key":        "Bearer " + other.token(now, nil),
		"expired":            "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c["exp"] = now.Add(-10 * time.Minute).Unix() }),
		"no expiry":          "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { delete(c, "exp") }),
		"wrong audience":     "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c["aud"] = "someone-else" }),
		"array audience":     "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c["aud"] = []string{"a", "b"} }),
		"wrong issuer":       "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }),
		"no serviceurl":      "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { delete(c, "serviceurl") }),
		"another serviceurl": "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c["serviceurl"] = "https://smba.example/" }),
		"not yet valid":      "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c["nbf"] = now.Add(time.Hour).Unix() }),
	}
	for name, auth := range tokens {
		t.Run(name, func(t *testing.T) {
			if w := r.send(channelMessage("m-"+name, "ann", "start"), &auth); w.Code != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", w.Code)
			}
		})
	}
	r.deliverAll(3)
	if calls := r.fake.Calls(""); len(calls) != 0 {
		t.Errorf("rejected activities reached the connector: %+v", calls)
	}
	if pending, _ := r.store.Pending(context.Background(), "teams", 0, 10); len(pending) != 0 {
		t.Errorf("rejected activities stored replies: %+v", pending)
	}
	// A token up to 5 minutes past expiry, or not yet valid, is still
	// accepted: the Bot Framework's clock skew. Past that, 401.
	for _, tc := range []struct {
		name  string
		claim string
		at    time.Duration
		want  int
	}{
		{"expired 4m ago", "exp", -4 * time.Minute, http.StatusOK},
		{"valid in 4m", "nbf", 4 * time.Minute, http.StatusOK},
		{"expired 6m ago", "exp", -6 * time.Minute, http.StatusUnauthorized},
		{"valid in 6m", "nbf", 6 * time.Minute, http.StatusUnauthorized},
	} {
		auth := "Bearer " + r.fake.token(now, func(c jwt.MapClaims) { c[tc.claim] = now.Add(tc.at).Unix() })
		if w := r.send(channelMessage("m-skew-"+tc.name, "ann", "help"), &auth); w.Code != tc.want {
			t.Errorf("token %s: %d, want %d", tc.name, w.Code, tc.want)
		}
	}
}

func TestBadActivities(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.deliverAll(5)
	calls := len(r.fake.Calls(""))
	for name, body := range map[string]string{
		"typing":   `{"type":"typing","id":"t1","channelId":"msteams","serviceUrl":"SERVICE_URL","from":{"id":"29:bo"},"conversation":{"tenantId":"tenant","id":"19:meeting-channel@thread.tacv2"},"recipient":{"id":"28:x"}}`,
		"reaction": `{"type":"messageReaction","id":"r1","channelId":"msteams","serviceUrl":"SERVICE_URL","reactionsAdded":[{"type":"like"}],"conversation":{"tenantId":"tenant","id":"19:meeting-channel@thread.tacv2"}}`,
		"invoke":   `{"type":"invoke","name":"adaptiveCard/action","id":"i1","channelId":"msteams","serviceUrl":"SERVICE_URL","conversation":{"tenantId":"tenant","id":"19:meeting-channel@thread.tacv2"}}`,
	} {
		if w := r.send(body, nil); w.Code != http.StatusOK {
			t.Errorf("%s: status %d, want 200 (ignored)", name, w.Code)
		}
	}
	for _, body := range []string{`{"type":"message",`, `not json`, `[1,2]`} {
		if w := r.send(body, nil); w.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", body, w.Code)
		}
	}
	// A submit with an unknown action is answered politely, privately.
	r.send(submit("m9", "bo", "activity-1", "queue.explode", ""), nil)
	r.deliverAll(5)
	bottest.WaitFor(t, func() bool {
		for _, c := range r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities") {
			if strings.Contains(c.text(), "no longer valid") {
				return true
			}
		}
		return false
	})
	r.deliverAll(5)
	if n := len(r.fake.Calls("")); n != calls+2 { // createConversation and the polite word
		t.Errorf("bad activities caused %d connector calls, want 2", n-calls)
	}
}

// panicky is a bot that panics, standing in for a panic in the SDK's path.
type panicky struct{}

func (panicky) Handle(context.Context, bot.Request) (bot.Response, error) { panic("boom") }

func (panicky) Render(context.Context, bot.Outgoing) (chat.Message, error) { panic("boom") }

func TestPanicBecomes500(t *testing.T) {
	r := newRigWith(t, func(teams.Handler) teams.Handler { return panicky{} })
	if w := r.send(channelMessage("m1", "ann", "start"), nil); w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
}

func TestMultiChoiceSubmit(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `poll "Which days?" "Mon" "Tue" "Wed" --multi 2`), nil)
	r.deliverAll(5)
	posts := r.fake.Calls(channelPosts)
	if !strings.Contains(posts[len(posts)-1].text(), `"isMultiSelect":true`) {
		t.Fatalf("the poll card lacks a multi-select: %s", posts[len(posts)-1].text())
	}
	body := strings.Replace(submit("m3", "bo", "activity-2", "poll.vote", "1:"), `"value": "1:"}`, `"value": "1:", "choices": "1,3"}`, 1)
	if w := r.send(body, nil); w.Code != http.StatusOK {
		t.Fatalf("submit: %d", w.Code)
	}
	r.deliverAll(5)
	var confirmed bool
	for _, c := range r.fake.Calls("POST /v3/conversations/a:personal-conversation/activities") {
		confirmed = confirmed || strings.Contains(c.text(), "Your vote is recorded: Mon, Wed.")
	}
	if !confirmed {
		t.Errorf("no confirmation of Mon and Wed: %+v", r.fake.Calls(""))
	}
}

func TestRankedSubmit(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", `poll ranked "Chair" "Ada" "Bo" "Cy" --secret`), nil)
	body := strings.Replace(submit("m3", "bo", "activity-2", "poll.vote", "1:"), `"value": "1:"}`, `"value": "1:", "rank1": "3", "rank2": "1", "rank3": ""}`, 1)
	if w := r.send(body, nil); w.Code != http.StatusOK {
		t.Fatalf("submit: %d", w.Code)
	}
	var p *facilitation.Poll
	r.store.View(context.Background(), func(tx bot.Tx) (err error) { p, err = tx.Poll(1); return err })
	if p == nil || len(p.Ballots) != 1 || fmt.Sprint(p.Ballots[0]) != "[2 0]" {
		t.Errorf("ballot = %+v, want Cy then Ada", p)
	}
}

// TestRegisterAndSTVBallot: members check in with the Here button, and a
// register STV election takes a member's ranked ballot and refuses a
// guest's.
func TestRegisterAndSTVBallot(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(channelMessage("m2", "ann", "register open"), nil)
	if w := r.send(submit("m3", "bo", "activity-1", "register.here", ""), nil); w.Code != http.StatusOK {
		t.Fatalf("Here: %d", w.Code)
	}
	r.send(channelMessage("m4", "ann", "register close"), nil)
	r.send(channelMessage("m5", "ann", `poll elect 2 "Board" "Ada" "Bo" "Cy" --method stv --secret --register`), nil)
	ballot := `"value": "1:", "rank1": "3", "rank2": "1", "rank3": ""}`
	for _, who := range []string{"bo", "guest"} {
		body := strings.Replace(submit("m6", who, "activity-2", "poll.vote", "1:"), `"value": "1:"}`, ballot, 1)
		if w := r.send(body, nil); w.Code != http.StatusOK {
			t.Fatalf("submit by %s: %d", who, w.Code)
		}
	}
	var p *facilitation.Poll
	var members []bot.Person
	r.store.View(context.Background(), func(tx bot.Tx) (err error) {
		if p, err = tx.Poll(1); err != nil {
			return err
		}
		members, err = tx.RegisterMembers(p.MeetingID)
		return err
	})
	if len(members) != 1 || p == nil || len(p.Ballots) != 1 || fmt.Sprint(p.Ballots[0]) != "[2 0]" {
		t.Errorf("register %v, poll %+v: want bo alone on the register and one ballot, Cy then Ada", members, p)
	}
}

// TestTimersSpeakInTheMeetingsThread: a timebox's end is said in the
// channel's thread the meeting was started in, where its chair runs it,
// not in the thread someone last typed in; a command's answer goes to
// its own thread.
func TestTimersSpeakInTheMeetingsThread(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil) // in the thread of message 1700000000000
	r.send(channelMessage("m2", "ann", `agenda add "Budget" 5m`), nil)
	r.send(channelMessage("m3", "ann", "next item"), nil)
	r.deliverAll(5)
	r.send(mentioning("m4", "bo", "1700000000999", "queue"), nil) // another thread
	r.deliverAll(5)
	r.clock.Advance(6 * time.Minute)
	if _, err := r.bot.FireDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.deliverAll(5)
	const meeting, other = "19:meeting-channel@thread.tacv2;messageid=1700000000000", "19:meeting-channel@thread.tacv2;messageid=1700000000999"
	var timeUp, queue []string
	for _, c := range r.fake.Calls("POST /v3/conversations/19:meeting-channel") {
		conv, _, _ := strings.Cut(strings.TrimPrefix(c.Path, "/v3/conversations/"), "/activities")
		switch {
		case strings.Contains(c.text(), "Time is up for"):
			timeUp = append(timeUp, conv)
		case strings.Contains(c.text(), "Speaker queue"):
			queue = append(queue, conv)
		}
	}
	if len(timeUp) != 1 || timeUp[0] != meeting {
		t.Errorf("the timebox's end was posted in %q, want the meeting's thread %s", timeUp, meeting)
	}
	if len(queue) != 1 || queue[0] != other {
		t.Errorf("the queue bo asked for was posted in %q, want bo's thread %s", queue, other)
	}
}
