package teams

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/delivery"
)

// Private answers. Teams has no message that only one member of a
// conversation sees, except a targeted message (in public developer
// preview: learn.microsoft.com/microsoftteams/platform/agents-in-teams/targeted-messages),
// and a bot may open a one-to-one chat only with someone who installed
// it personally or shares a team with it. So a private answer goes:
//   - in a one-to-one chat, there;
//   - in a channel, whose team has Klubba installed, to the person's
//     one-to-one chat, else as a targeted message in the channel;
//   - in a group or meeting chat, where a one-to-one chat usually fails,
//     as a targeted message in the chat, else to the one-to-one chat.
// A message that asks its recipient to act now (chat.Message.Alert: you
// are next, vote now) in a meeting's chat goes first as a targeted
// in-meeting notification: the meeting tab opens on the person's meeting
// stage, titled with the message, seen by them only
// (learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/in-meeting-notification-for-meeting;
// RSC OnlineMeetingNotification.Send.Chat). Teams accepts one only while
// the meeting runs; where it refuses, the message goes as above.
// Where both are refused, the content stays unsaid (it may be a ballot),
// and one message of the conversation, edited as people are added to it,
// names everyone Klubba could not reach privately and how to fix it: the
// person learns it there, and the chair sees who is missing answers. A
// discreet message (chat.Message.Discreet: a ballot's confirmation, a
// reminder to vote) names nobody: that would tell who voted.

// maxUnreached bounds the people named in the unreached notice.
const maxUnreached = 50

// unreachedFor is how long someone found unreachable privately in a
// conversation is not tried again: long enough to spare a vote storm's
// confirmations two refused calls each, short enough that someone who
// adds Klubba as an app soon gets answers.
const unreachedFor = 10 * time.Minute

// errUnreached is a private answer not tried, its recipient found
// unreachable a moment ago.
var errUnreached = errors.New("teams: recipient unreachable privately (named in the conversation)")

// SendTargeted posts an activity in a conversation that only the
// recipient sees (a targeted message: the activity names its recipient,
// and the call carries isTargetedActivity=true).
func (c *Connector) SendTargeted(ctx context.Context, ref ConversationRef, recipient string, activity map[string]any) (string, error) {
	activity["recipient"] = map[string]any{"id": recipient}
	var out struct {
		ID string `json:"id"`
	}
	err := c.call(ctx, http.MethodPost, activitiesURL(ref)+"?"+url.Values{"isTargetedActivity": {"true"}}.Encode(), activity, &out)
	return out.ID, err
}

// notificationTitle is the most of a message an in-meeting
// notification's title shows.
const notificationTitle = 150

// NotifyInMeeting shows the page at pageURL, titled title, on the
// meeting stage of one participant of ref's meeting (a targeted meeting
// notification; recipient is their Bot Framework ID).
func (c *Connector) NotifyInMeeting(ctx context.Context, ref ConversationRef, recipient, title, pageURL string) error {
	in := map[string]any{"type": "targetedMeetingNotification", "value": map[string]any{
		"recipients": []string{recipient},
		"surfaces": []any{map[string]any{"surface": "meetingStage", "contentType": "task", "content": map[string]any{
			"value": map[string]any{"height": "400", "width": "400", "title": title, "url": pageURL}}}},
	}}
	u := strings.TrimRight(ref.ServiceURL, "/") + "/v1/meetings/" + url.PathEscape(ref.MeetingID) + "/notification"
	return c.call(ctx, http.MethodPost, u, in, nil)
}

// plainTitle is a message's text as a notification's plain title.
func plainTitle(o bot.Outgoing) string {
	m := o.Reply.Message
	return shortenTo(strings.Join(strings.Fields(emphasis.Replace(cmp.Or(m.Text, m.Header))), " "), notificationTitle)
}

// Private shows a message to o.Reply.User only, as the comment above says.
func (s sender) Private(ctx context.Context, o bot.Outgoing) error {
	ref, err := s.c.Conversation(ctx, o.Channel)
	if err != nil {
		return err
	}
	if o.Reply.Message.Alert && ref.MeetingID != "" && s.tabURL != "" && !ref.Personal {
		user := s.c.botFrameworkID(ctx, o.Reply.User)
		if s.c.NotifyInMeeting(ctx, ref, user, plainTitle(o), s.tabURL) == nil {
			return nil
		}
		// Not while the meeting runs, or not allowed: as any private answer.
	}
	// A file (minutes pdf) is offered with a file consent card, which
	// Teams shows only in a one-to-one chat.
	activity := func() map[string]any {
		act := messageActivity(o.Reply.Message)
		if f := o.Reply.Message.File; f != nil {
			act["attachments"] = append(act["attachments"].([]any), fileConsentCard(o.Channel, f))
		}
		return act
	}
	if ref.Personal {
		_, err = s.c.Send(ctx, ref, activity())
		return err
	}
	user := s.c.botFrameworkID(ctx, o.Reply.User)
	key := o.Channel + "|" + user
	if at, ok := s.c.unreachedAt.Load(key); ok && s.now().Sub(at.(time.Time)) < unreachedFor {
		return errUnreached
	}
	targeted := func() error {
		_, err := s.c.SendTargeted(ctx, ref, user, activity())
		return err
	}
	personal := func() error {
		pref, err := s.c.Personal(ctx, ref, user)
		if err == nil {
			_, err = s.c.Send(ctx, pref, activity())
		}
		return err
	}
	tries := []func() error{personal, targeted}
	switch {
	case o.Reply.Message.File != nil:
		tries = []func() error{personal}
	case ref.Kind == "groupChat":
		tries = []func() error{targeted, personal}
	}
	var errs []error
	for _, try := range tries {
		err := try()
		if err == nil {
			return nil
		}
		if retry, _ := s.Classify(err); retry || errors.Is(err, delivery.ErrUnauthorized) {
			return err // tried again later, the same way
		}
		errs = append(errs, err)
	}
	err = errors.Join(errs...)
	if o.Reply.Message.Discreet {
		// Naming them would tell the conversation that they voted, or
		// have not: the answer is dropped, and they are not marked, so
		// that their next answer is tried, and named if it fails.
		return fmt.Errorf("%w (not named in the conversation: the message is discreet)", err)
	}
	s.c.markUnreached(key, s.now())
	if nerr := s.unreached(ctx, ref, o.Channel, user); nerr != nil {
		return fmt.Errorf("%w; and naming them in the conversation: %w", err, nerr)
	}
	return fmt.Errorf("%w (named in the conversation as not reachable privately)", err)
}

// unreachedNotice is the conversation's notice of who could not be
// reached privately, as kept under unreachedKey.
type unreachedNotice struct {
	Activity string   `json:"activity"`
	People   []person `json:"people"`
}

type person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func unreachedKey(channel string) string { return "unreached|" + channel }

// unreached adds a person to the conversation's notice of people Klubba
// could not reach privately, posting it the first time and editing it
// after.
func (s sender) unreached(ctx context.Context, ref ConversationRef, channel, user string) error {
	s.c.unreachedMu.Lock()
	defer s.c.unreachedMu.Unlock()
	var n unreachedNotice
	if js, err := s.c.refs.Get(ctx, unreachedKey(channel)); err == nil {
		json.Unmarshal([]byte(js), &n)
	}
	if slices.ContainsFunc(n.People, func(p person) bool { return p.ID == user }) {
		return nil // already named
	}
	if len(n.People) >= maxUnreached {
		n.People = n.People[1:]
	}
	name := user
	if m, err := s.c.Member(ctx, ref, user); err == nil && m.Name != "" {
		name = m.Name
	}
	n.People = append(n.People, person{ID: user, Name: name})
	text := "Klubba could not send these people their private answers here."
	if s.notice != nil {
		text = s.notice.Notice(ctx, channel, bot.NoticeUnreached)
	}
	activity := unreachedActivity(text, n.People)
	var err error
	if n.Activity != "" {
		err = s.c.Update(ctx, ref, n.Activity, activity)
		var he *HTTPError
		if errors.As(err, &he) && he.Status == http.StatusNotFound {
			n.Activity = "" // deleted: posted anew
		}
	}
	if n.Activity == "" {
		n.Activity, err = s.c.Send(ctx, ref, unreachedActivity(text, n.People))
	}
	if err != nil {
		return err
	}
	js, _ := json.Marshal(n)
	return s.c.refs.Put(ctx, unreachedKey(channel), string(js))
}

// xmlText escapes text for a message in Teams' xml text format.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// unreachedActivity is the notice: its text, then each person
// @mentioned, so that Teams tells them.
func unreachedActivity(text string, people []person) map[string]any {
	var b strings.Builder
	b.WriteString(xmlText.Replace(text))
	entities := make([]any, 0, len(people))
	for i, p := range people {
		at := "<at>" + xmlText.Replace(p.Name) + "</at>"
		if i == 0 {
			b.WriteString(" ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(at)
		entities = append(entities, map[string]any{"type": "mention", "text": at, "mentioned": map[string]any{"id": p.ID, "name": p.Name}})
	}
	return map[string]any{"type": "message", "textFormat": "xml", "text": b.String(), "entities": entities}
}

// markUnreached notes that someone was found unreachable now; every
// 256th note forgets those older than unreachedFor, so that the notes
// stay bounded by the people refused within it.
func (c *Connector) markUnreached(key string, now time.Time) {
	c.unreachedAt.Store(key, now)
	if c.unreachedNotes.Add(1)%256 != 0 {
		return
	}
	c.unreachedAt.Range(func(k, at any) bool {
		if now.Sub(at.(time.Time)) >= unreachedFor {
			c.unreachedAt.Delete(k)
		}
		return true
	})
}
