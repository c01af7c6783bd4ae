package teams_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
	"github.com/klubba/klubba/facilitation"
)

// meetingEvent is a meeting start or end event, as Teams sends it in a
// meeting's chat.
func meetingEvent(id, name, title string) string {
	return fmt.Sprintf(`{"type":"event","name":%q,"id":%q,"channelId":"msteams","serviceUrl":"SERVICE_URL",
	  "timestamp":"2026-12-06T18:00:00Z","from":{"id":"29:ann","aadObjectId":"aad-ann"},
	  "conversation":{"isGroup":true,"conversationType":"groupChat","tenantId":"tenant","id":%q},
	  "recipient":{"id":"28:%s","name":"Klubba"},
	  "value":{"Id":"MCMxOTptZWV0aW5n","MeetingType":"Scheduled","JoinUrl":"https://teams.microsoft.com/l/meetup-join/x","Title":%q,"StartTime":"2026-12-06T18:00:00Z"},
	  "channelData":{"tenant":{"id":"tenant"},"meeting":{"id":"MCMxOTptZWV0aW5n"}}}`, name, id, meetingChat, appID, title)
}

// TestMeetingStartAndEnd: when the call begins Klubba offers, in the
// meeting's chat, to run it from a template; a click starts it; when
// the call ends the meeting ends as its chair would end it, and the
// minutes are posted.
func TestMeetingStartAndEnd(t *testing.T) {
	board := facilitation.Template{Name: "board", Title: "Board meeting", Agenda: []facilitation.TemplateItem{{Title: "Budget", Timebox: 20 * time.Minute}}}
	r := newRigOptions(t, bot.Options{Templates: []facilitation.Template{board}}, nil)
	if w := r.send(meetingEvent("e1", "application/vnd.microsoft.meetingStart", "Weekly sync"), nil); w.Code != 200 {
		t.Fatalf("meetingStart: %d", w.Code)
	}
	r.deliverAll(5)
	offers := len(r.fake.Calls(meetingPosts))
	// Teams delivering the same event again offers nothing more.
	r.send(meetingEvent("e1", "application/vnd.microsoft.meetingStart", "Weekly sync"), nil)
	r.deliverAll(5)
	if n := len(r.fake.Calls(meetingPosts)); n != offers {
		t.Errorf("the start event delivered twice: %d offers", n)
	}
	offer := r.lastPost(meetingPosts)
	if !strings.Contains(offer, "The call has begun: Weekly sync") || !strings.Contains(offer, "Start: Board meeting") || !strings.Contains(offer, `"verb":"meeting.start"`) {
		t.Fatalf("no offer to run the meeting: %s", offer)
	}
	// Ann clicks "Start: Board meeting".
	click := strings.NewReplacer("19:meeting-channel@thread.tacv2;messageid=1700000000000", meetingChat, `"conversationType": "channel"`, `"conversationType": "groupChat"`).
		Replace(submit("s1", "ann", "activity-1", "meeting.start", "board"))
	r.send(click, nil)
	r.deliverAll(5)
	if got := r.lastPost(meetingPosts); !strings.Contains(got, "Meeting started") || !strings.Contains(got, "Budget") {
		t.Fatalf("the click did not start the template's meeting: %s", got)
	}
	// A second start event while it runs offers nothing.
	before := len(r.fake.Calls(meetingPosts))
	r.send(meetingEvent("e2", "application/vnd.microsoft.meetingStart", "Weekly sync"), nil)
	r.deliverAll(5)
	if n := len(r.fake.Calls(meetingPosts)); n != before {
		t.Errorf("an offer while a meeting runs: %d posts", n-before)
	}
	r.send(meetingEvent("e3", "application/vnd.microsoft.meetingEnd", "Weekly sync"), nil)
	r.deliverAll(5)
	if _, err := r.bot.BoardOf(context.Background(), "teams:"+meetingChat); err == nil {
		t.Error("the meeting still runs after the call ended")
	}
	var minutes bool
	for _, c := range r.fake.Calls(meetingPosts)[before:] {
		minutes = minutes || strings.Contains(c.text(), "Meeting ended: Board meeting") && strings.Contains(c.text(), "Chair: ann")
	}
	if !minutes {
		t.Errorf("no minutes posted when the call ended: %+v", r.fake.Calls(meetingPosts)[before:])
	}
}

// TestMeetingStartOffersStoredTemplates: when the call begins, the offer
// has a button for the templates facilitators imported or saved in
// Klubba (the chat's and the workspace's), not only the configuration's.
func TestMeetingStartOffersStoredTemplates(t *testing.T) {
	board := facilitation.Template{Name: "board", Title: "Board meeting", Agenda: []facilitation.TemplateItem{{Title: "Budget", Timebox: 20 * time.Minute}}}
	r := newRigOptions(t, bot.Options{Templates: []facilitation.Template{board}, Codec: bottest.Codec{}}, nil)
	inChat := strings.NewReplacer("19:meeting-channel@thread.tacv2;messageid=1700000000000", meetingChat, `"conversationType": "channel"`, `"conversationType": "groupChat"`)
	r.send(inChat.Replace(channelMessage("m1", "ann", "template import <pre><code>name: retro<br>title: Retrospective<br>agenda:<br>  - title: What went well</code></pre>")), nil)
	r.send(meetingEvent("e1", "application/vnd.microsoft.meetingStart", "Weekly sync"), nil)
	r.deliverAll(10)
	var offer string
	for _, c := range r.fake.Calls(meetingPosts) {
		if strings.Contains(c.text(), "The call has begun") {
			offer = c.text()
		}
	}
	if !strings.Contains(offer, "Start: Board meeting") || !strings.Contains(offer, "Start: Retrospective") || !strings.Contains(offer, `"value":"retro"`) {
		t.Fatalf("the offer lacks the imported template: %s", offer)
	}
}
