package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// lastMeeting is the stored state of the channel's last meeting.
func (h *harness) lastMeeting() string {
	h.t.Helper()
	var out string
	h.store.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.LastMeeting(channel)
		if err != nil {
			out = err.Error()
			return nil
		}
		js, _ := json.Marshal(m)
		out = string(js)
		return nil
	})
	return out
}

// Bad input to the justering: each is refused privately, in the
// caller's language, and changes nothing stored.
func TestJusteringRefusals(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "secretary @bo")
	h.do("ann", `place "Folkets hus"`)
	wantContains(t, h.refused("bo", "minutes submit"), "The meeting is still running")
	wantContains(t, h.refused("bo", `place "Elsewhere"`), "Only the chair can do that")
	wantContains(t, h.refused("ann", "tellers"), "Usage: `tellers @user")
	h.do("ann", "end")
	steps := []struct{ who, cmd, want string }{
		{"bo", "minutes submit", "The meeting has no minute-checkers"},
		{"cy", "approve", "Only the meeting's minute-checkers approve the minutes or object to them."},
		{"cy", `object "Fel datum"`, "Only the meeting's minute-checkers approve the minutes or object to them."},
		{"cy", "object", "Usage: `object"},
		{"cy", `invänd ""`, "The text is empty."},
		{"eve", `decision edit 1 "att x"`, "Only the chair (Ann) and the secretary (bo)"},
		{"bo", `decision edit 9 "att x"`, "There is no decision 9"},
	}
	for _, s := range steps {
		before := h.lastMeeting()
		wantContains(t, h.refused(s.who, s.cmd), s.want)
		if after := h.lastMeeting(); after != before {
			t.Errorf("%s> %s was refused but changed the meeting", s.who, s.cmd)
		}
	}
}

// The justering's replies in Swedish, and the private request to each
// adjuster with its buttons; clicking Approve on another meeting's
// request works on that meeting.
func TestJusteringInSwedish(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "lang sv")
	h.do("ann", "sekreterare @bo")
	h.do("ann", "justerare @cy @dan")
	h.do("bo", `beslut "att bifalla"`)
	h.do("ann", "avsluta")
	resp := h.req(bot.Request{User: "bo", Text: "protokoll skicka"})
	var meetingID string
	requests := 0
	for _, r := range resp.Replies {
		if r.To == chat.Recipient && (r.User == "cy" || r.User == "dan") {
			requests++
			if len(r.Message.Buttons) != 2 || r.Message.Buttons[0].Action != chat.ActionApprove || r.Message.Input == nil {
				t.Errorf("the request to %s lacks Approve, Object and a text box: %+v", r.User, r.Message)
			}
			meetingID = r.Message.Buttons[0].Value
		}
	}
	if requests != 2 {
		t.Fatalf("%d requests to the adjusters, want 2: %+v", requests, resp.Replies)
	}
	wantContains(t, replyText(resp), "Bo skickade protokollet från Annual meeting till justerarna cy och dan.")
	h.do("ann", "start annual") // another meeting now runs in the channel
	click := h.req(bot.Request{User: "cy", Action: &chat.Action{ID: chat.ActionApprove, Value: meetingID}})
	wantContains(t, replyText(click), "cy har justerat protokollet. Väntar på dan.")
	click = h.req(bot.Request{User: "dan", Action: &chat.Action{ID: chat.ActionObject, Value: meetingID + ":", Input: "Fel datum"}})
	wantContains(t, replyText(click), "Din invändning är skickad till Bo.")
	if !strings.Contains(replyText(click), "dan invände mot protokollet från Annual meeting: ”Fel datum”") {
		t.Errorf("the objection did not go to the secretary: %s", replyText(click))
	}
}

// One justerare is "justeraren", in the singular.
func TestMinutesSubmittedToOneAdjuster(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"sv", "Bo skickade protokollet från Annual meeting till justeraren cy."},
		{"en", "Bo sent the minutes of Annual meeting to the minute-checker cy."},
	} {
		h := newHarnessWith(t, annual)
		h.do("ann", "start annual")
		h.do("ann", "lang "+tt.lang)
		h.do("ann", "secretary @bo")
		h.do("ann", "adjusters @cy")
		h.do("bo", `decision "att bifalla"`)
		h.do("ann", "end")
		wantContains(t, replyText(h.req(bot.Request{User: "bo", Text: "minutes submit"})), tt.want)
	}
}

// When the protokoll comes back from the justerare, by an objection or
// because the secretary changed it after sending it, the channel is told
// that it must be sent again and that approvals given so far are void;
// an approval of the old text is then refused.
func TestJusteringWithdrawnIsAnnounced(t *testing.T) {
	for _, tt := range []struct {
		name, lang, who, cmd string
		want                 []string
	}{
		{"objection", "en", "dan", `object "Wrong date"`, []string{
			"dan objected to the minutes of Annual meeting; they go back to Bo to be corrected and sent again with `minutes submit`. Approvals given so far no longer count."}},
		{"invändning", "sv", "dan", `invänd "Fel datum"`, []string{
			"dan invände mot protokollet från Annual meeting; det går tillbaka till Bo för rättelse och skickas igen med `protokoll skicka`. De justeringar som redan gjorts gäller inte längre."}},
		{"edit", "en", "bo", `decision edit 1 "att avslå"`, []string{"Decision 1 now reads: att avslå",
			"The minutes have changed since they were sent to the minute-checkers: send them again with `minutes submit`. Approvals given so far no longer count."}},
		{"ändring", "sv", "bo", `beslut stryk 1`, []string{"Beslut 1 är struket ur protokollet",
			"Protokollet har ändrats sedan det skickades till justerarna: skicka det igen med `protokoll skicka`. De justeringar som redan gjorts gäller inte längre."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "secretary @bo")
			h.do("ann", "adjusters @cy @dan")
			h.do("bo", `decision "att bifalla"`)
			h.do("ann", "end")
			h.do("bo", "minutes submit")
			h.do("cy", "approve")
			resp := h.req(bot.Request{User: tt.who, Text: tt.cmd})
			var channelText []string
			for _, r := range resp.Replies {
				if r.To == chat.Channel {
					channelText = append(channelText, r.Message.Text)
				}
			}
			wantContains(t, strings.Join(channelText, "\n"), tt.want...)
			h.refused("cy", "approve") // the approval of the old text is void
		})
	}
}

// A secretary correcting the protokoll after the meeting does not see
// the entries' numbers in it: a number that is not there is refused in
// good Swedish ("inget beslut", "ingen anteckning") with the entries of
// that kind by number, the removed ones left out.
func TestNoSuchEntryListsTheNumbers(t *testing.T) {
	for _, tt := range []struct{ lang, cmd, want string }{
		{"sv", `beslut ändra 9 "att x"`, "Det finns inget beslut 9 i protokollet. Besluten, med nummer:\n1. att välja bo till mötessekreterare\n3. att avslå"},
		{"sv", `anteckning stryk 4`, "Det finns ingen anteckning 4 i protokollet. Anteckningarna, med nummer:\n1. Kassören redogjorde."},
		{"sv", `åtgärd ändra 2 "x"`, "Det finns ingen uppgift 2 i protokollet. Uppgifterna, med nummer:\n1. skicka budgeten"},
		{"en", `decision remove 2`, "There is no decision 2 in the minutes. The decisions, by number:\n1. that bo be elected secretary of the meeting\n3. att avslå"},
		{"en", `note edit 2 "x"`, "There is no note 2 in the minutes. The notes, by number:\n1. Kassören redogjorde."},
		{"en", `action remove 3`, "There is no action 3 in the minutes. The actions, by number:\n1. skicka budgeten"},
	} {
		t.Run(tt.lang+" "+tt.cmd, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "secretary @bo")
			h.do("bo", `decision "att bifalla"`)
			h.do("bo", `decision "att avslå"`)
			h.do("bo", `note "Kassören redogjorde."`)
			h.do("bo", `action @cy "skicka budgeten"`)
			h.do("ann", "end")
			h.do("bo", "decision remove 2")
			before := h.lastMeeting()
			wantContains(t, h.refused("bo", tt.cmd), tt.want)
			if h.lastMeeting() != before {
				t.Errorf("bo> %s was refused but changed the meeting", tt.cmd)
			}
		})
	}
	// A reservation against a decision that is not there, in the meeting.
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "lang sv")
	wantContains(t, h.refused("bo", `reservera 9 "skäl"`), "Det finns inget beslut 9 i protokollet.")
}

// The place can be corrected after the meeting, as entries can, by the
// chair or the secretary until the protokoll is justerat: a justerare
// may object that it is missing or wrong. Others are refused privately.
func TestPlaceCorrectedAfterTheMeeting(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "lang sv")
	h.do("ann", "sekreterare @bo")
	h.do("ann", "justerare @cy")
	h.do("ann", "avsluta")
	steps := []struct {
		who, cmd string
		refused  bool
		want     string
	}{
		{"eve", `plats "Hemma"`, true, "Bara ordföranden (Ann) och sekreteraren (bo) för protokollet i det här mötet."},
		{"bo", `plats "Folkets hus, Uppsala"`, false, "Protokollet anger nu att mötet hölls i Folkets hus, Uppsala."},
		{"bo", "protokoll skicka", false, "till justeraren cy"},
		{"ann", `plats "Folkets hus, Sala"`, false, "Protokollet anger nu att mötet hölls i Folkets hus, Sala.\nProtokollet har ändrats sedan det skickades till justerarna"},
		{"cy", "justera", true, "Protokollet ligger inte hos justerarna"},
		{"bo", "protokoll skicka", false, "till justeraren cy"},
		{"cy", "justera", false, "är justerat av cy"},
		{"bo", `plats "Ödeshög"`, true, "Protokollet är justerat och kan inte längre ändras."},
	}
	for _, s := range steps {
		if s.refused {
			before := h.lastMeeting()
			wantContains(t, h.refused(s.who, s.cmd), s.want)
			if h.lastMeeting() != before {
				t.Errorf("%s> %s was refused but changed the meeting", s.who, s.cmd)
			}
			continue
		}
		wantContains(t, h.do(s.who, s.cmd), s.want)
	}
	md, err := h.bot.Minutes(context.Background(), channel, "", "")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, md, "Plats: Folkets hus, Sala  \n")
}

// A protokoll whose place was never given says so in its head, as it
// does for a missing secretary, so that the justerare sees the gap.
func TestProtokollHeadShowsMissingPlace(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"sv", "Plats: –  \nNärvarande"},
		{"en", "Place: –  \nPresent"},
	} {
		h := newHarnessWith(t, annual)
		h.do("ann", "start annual")
		h.do("ann", "lang "+tt.lang)
		h.do("ann", "end")
		md, err := h.bot.Minutes(context.Background(), channel, "", "")
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, md, tt.want)
	}
}

// TestEditWithoutNumberListsThem: "beslut ändra" with no number, as a
// secretary types it who cannot see the numbers in the protokoll, lists
// the decisions by number with the usage line, and changes nothing.
func TestEditWithoutNumberListsThem(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", "språk sv")
	wantContains(t, h.sameState("ann", "beslut ändra"), "Protokollet har inga beslut än.", "beslut ändra N")
	h.do("ann", `beslut "att köpa kaffe"`)
	h.do("ann", `beslut "att köpa te"`)
	h.do("ann", "beslut stryk 1")
	got := h.sameState("ann", "beslut ändra")
	wantContains(t, got, "Besluten, med nummer:\n2. att köpa te", "beslut ändra N")
	if strings.Contains(got, "kaffe") {
		t.Errorf("a removed decision is listed:\n%s", got)
	}
	wantContains(t, h.sameState("ann", "anteckning ändra"), "Protokollet har inga anteckningar än.")
}

// TestJusteringAfterALaterMeeting: the årsmöte's protokoll is finished
// after a konstituerande styrelsemöte has started and ended in the same
// channel: its secretary corrects and sends it again, and its justerare
// approve it, by command, though the channel's last meeting is another.
func TestJusteringAfterALaterMeeting(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "secretary @bo")
	h.do("ann", "adjusters @cy @dan")
	h.do("bo", `decision "att bifalla"`)
	h.do("ann", "end")
	h.do("bo", "minutes submit")
	h.do("cy", `object "Decision 2 should read: att avslå"`)

	h.do("ann", "start annual")
	h.do("ann", "end")

	wantContains(t, h.do("bo", `decision edit 2 "att avslå"`), "Decision 2 now reads: att avslå")
	h.do("bo", "minutes submit")
	h.do("cy", "approve")
	wantContains(t, h.do("dan", "approve"), "are approved by cy on 2026-11-27 and dan on 2026-11-27 and locked")
}
