package teams_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
)

// mentioning is a channel message that mentions the bot and, after it,
// people, each as Teams sends a mention: <at>Name</at> in the text and
// an entity with the Bot Framework ID. text names each person as {0},
// {1}, …; replyThread is the thread's root ("" for the default one).
func mentioning(id, from, thread, text string, people ...[2]string) string {
	var entities []string
	for i, p := range people {
		at := "<at>" + p[1] + "</at>"
		text = strings.ReplaceAll(text, fmt.Sprintf("{%d}", i), at)
		entities = append(entities, fmt.Sprintf(`{"type":"mention","text":%s,"mentioned":{"id":"29:%s","name":%s}}`, jsonString(at), p[0], jsonString(p[1])))
	}
	act := channelMessage(id, from, text)
	if len(entities) > 0 {
		act = strings.Replace(act, `"entities": [`, `"entities": [`+strings.Join(entities, ",")+",", 1)
	}
	if thread != "" {
		act = strings.Replace(act, ";messageid=1700000000000", ";messageid="+thread, 1)
	}
	return act
}

// lastPost is the text of the last card posted to a conversation.
func (r *rig) lastPost(prefix string) string {
	posts := r.fake.Calls(prefix)
	if len(posts) == 0 {
		return ""
	}
	return posts[len(posts)-1].text()
}

func TestMentionsNamePeople(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	// Bo Larsson's name has a space, which a <@ID|name> token could not
	// carry; the action goes to Bo by their AAD object ID.
	r.send(mentioning("m2", "ann", "", `action {0} "Book the room"`, [2]string{"bo", "Bo Larsson"}), nil)
	r.deliverAll(5)
	if got := r.lastPost(channelPosts); !strings.Contains(got, "Bo Larsson") || !strings.Contains(got, "Book the room") {
		t.Fatalf("action reply = %s, want Bo Larsson's action", got)
	}
	if got := r.lastPost(channelPosts); strings.Contains(got, "29:bo") || strings.Contains(got, "aad-bo") || strings.Contains(got, "<at>") {
		t.Errorf("the reply shows an ID or markup: %s", got)
	}
	// The member was described once by the connector, and is known since.
	if n := len(r.fake.Calls("GET /v3/conversations/19:meeting-channel@thread.tacv2/members/29:bo")); n != 1 {
		t.Errorf("%d member look-ups, want 1", n)
	}
	// ann hands the chair to Bo; then Bo, typing as themself (29:bo,
	// aad-bo), is the chair, and ann is not.
	r.send(mentioning("m3", "ann", "", `chair {0}`, [2]string{"bo", "Bo Larsson"}), nil)
	r.send(mentioning("m4", "bo", "", `secretary {0}`, [2]string{"cy", "Cy Berg"}), nil)
	r.deliverAll(5)
	if got := r.lastPost(channelPosts); !strings.Contains(got, "Cy Berg") {
		t.Errorf("Bo, made chair by mention, could not name a secretary: %s", got)
	}
	r.send(mentioning("m5", "ann", "", `secretary {0}`, [2]string{"di", "Di Ek"}), nil)
	r.deliverAll(5)
	if got := r.lastPost(channelPosts); strings.Contains(got, "Di Ek") {
		t.Errorf("ann, no longer chair, named a secretary: %s", got)
	}
	if got := r.lastPost("POST /v3/conversations/a:personal-conversation/activities"); got == "" {
		t.Errorf("ann was not told privately why not")
	}
	// Several people in one command.
	r.send(mentioning("m6", "bo", "", `adjusters {0} {1}`, [2]string{"cy", "Cy"}, [2]string{"di", "Di Ek"}), nil)
	r.deliverAll(5)
	if got := r.lastPost(channelPosts); !strings.Contains(got, "Cy") || !strings.Contains(got, "Di Ek") {
		t.Errorf("adjusters reply = %s, want Cy and Di Ek", got)
	}
	// The register names people by mention too.
	r.send(channelMessage("m7", "bo", "register open"), nil)
	r.send(mentioning("m8", "bo", "", `register add {0}`, [2]string{"ed", "Ed Holm"}), nil)
	r.send(channelMessage("m9", "bo", "register"), nil)
	r.deliverAll(10)
	all := ""
	for _, c := range r.fake.Calls("POST ") {
		all += c.text()
	}
	if !strings.Contains(all, "Ed Holm") {
		t.Errorf("Ed Holm, added to the register by mention, appears nowhere: %s", all)
	}
}

func TestFacilitatorsAreAADObjectIDs(t *testing.T) {
	// The README documents facilitators as AAD object IDs; the 29: ID of
	// the same person must not be needed.
	r := newRigOptions(t, bot.Options{Facilitators: []string{"aad-fay"}}, nil)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.send(mentioning("m2", "fay", "", `secretary {0}`, [2]string{"cy", "Cy Berg"}), nil)
	r.send(mentioning("m3", "bo", "", `secretary {0}`, [2]string{"di", "Di Ek"}), nil)
	r.deliverAll(10)
	all := ""
	for _, c := range r.fake.Calls("POST ") {
		all += c.text()
	}
	if !strings.Contains(all, "Cy Berg") || strings.Contains(all, "Di Ek") {
		t.Errorf("a facilitator by AAD object ID may name a secretary and bo may not: %s", all)
	}
}

func TestRepliesStayInTheThread(t *testing.T) {
	r := newRig(t)
	r.send(channelMessage("m1", "ann", "start"), nil)
	r.deliverAll(5)
	// A command in another thread of the same channel: the same meeting,
	// and the answer in that thread.
	r.send(mentioning("m2", "ann", "1700000000999", `poll "Lunch?" "Pizza" "Sushi"`), nil)
	r.deliverAll(5)
	other := "POST /v3/conversations/19:meeting-channel@thread.tacv2;messageid=1700000000999/activities"
	if got := r.lastPost(other); !strings.Contains(got, "Lunch?") {
		t.Fatalf("posts to the second thread = %+v", r.fake.Calls("POST "))
	}
	// The poll card lives in the second thread, and is updated there.
	r.send(strings.Replace(submit("m3", "bo", "activity-2", "poll.vote", "1:2"), ";messageid=1700000000000", ";messageid=1700000000999", 1), nil)
	r.deliverAll(5)
	updates := r.fake.Calls("PUT ")
	if len(updates) != 1 || !strings.HasPrefix(updates[0].Path, "/v3/conversations/19:meeting-channel@thread.tacv2;messageid=1700000000999/activities/") {
		t.Errorf("updates = %+v, want the card in the second thread updated", updates)
	}
}
