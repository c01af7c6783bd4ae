package teams_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tabCall calls the meeting tab's API as the page does.
func (r *rig) tabCall(method, path, chat, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path+"?chat="+chat, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	r.mux.ServeHTTP(w, req)
	return w
}

// TestTabChecksWhoAsks: the tab's API answers only a valid SSO token of
// the tenant, for Klubba, of a member of the chat; the person acts as
// themself, never as the one the page names.
func TestTabChecksWhoAsks(t *testing.T) {
	r := newRig(t)
	r.send(inMeetingChat("m1", "ann", "start"), nil)
	now := r.clock.Now()
	good := r.fake.ssoToken(now, "aad-ann", "Ann", nil)
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"another audience", r.fake.ssoToken(now, "aad-ann", "Ann", func(c jwt.MapClaims) { c["aud"] = "00000003-0000-0000-c000-000000000000" }), http.StatusUnauthorized},
		{"another tenant", r.fake.ssoToken(now, "aad-ann", "Ann", func(c jwt.MapClaims) { c["tid"] = "other" }), http.StatusUnauthorized},
		{"a Bot Framework token", r.fake.token(now, nil), http.StatusUnauthorized},
		{"expired", r.fake.ssoToken(now, "aad-ann", "Ann", func(c jwt.MapClaims) { c["exp"] = now.Add(-10 * time.Minute).Unix() }), http.StatusUnauthorized},
		{"not a member", r.fake.ssoToken(now, "stranger", "Eve", nil), http.StatusForbidden},
		{"a member", good, http.StatusOK},
	} {
		if w := r.tabCall(http.MethodGet, "/teams/tab/state", meetingChat, tc.token, ""); w.Code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, w.Code, w.Body, tc.want)
		}
	}
	// A chat Klubba was never added to.
	if w := r.tabCall(http.MethodGet, "/teams/tab/state", "19:elsewhere@thread.v2", good, ""); w.Code != http.StatusForbidden ||
		!strings.Contains(w.Body.String(), "members of the chat") {
		t.Errorf("unknown chat: %d %s", w.Code, w.Body)
	}
	// Raise hand from the tab: ann, by the token, is in the queue.
	w := r.tabCall(http.MethodPost, "/teams/tab/act", meetingChat, good, `{"action":"hand"}`)
	var st struct {
		Board struct {
			Queue []struct{ Name string }
		}
		Message string `json:"message"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || w.Code != http.StatusOK {
		t.Fatalf("act: %d %s", w.Code, w.Body)
	}
	if len(st.Board.Queue) != 1 || st.Board.Queue[0].Name != "Ann" || !strings.Contains(st.Message, "hand is up") {
		t.Errorf("after Raise hand: queue %+v, message %q", st.Board.Queue, st.Message)
	}
	if w := r.tabCall(http.MethodPost, "/teams/tab/act", meetingChat, good, `{"action":"end"}`); w.Code != http.StatusBadRequest {
		t.Errorf("an action that is not the tab's: %d", w.Code)
	}
}

// TestTabFistVote: the tab's vote buttons send what a vote for each
// option says: a fist of five's run from 0 to 5, as shown, so that the
// button "0" casts 0 and the button "5" casts 5.
func TestTabFistVote(t *testing.T) {
	r := newRig(t)
	r.send(inMeetingChat("m1", "ann", "start"), nil)
	r.send(inMeetingChat("m2", "ann", `poll fist "Ready to ship?"`), nil)
	good := r.fake.ssoToken(r.clock.Now(), "aad-ann", "Ann", nil)
	var st struct {
		Board struct {
			Polls []struct {
				ID      int64
				Options []string
				Numbers []int
			}
		}
		Message string `json:"message"`
	}
	if w := r.tabCall(http.MethodGet, "/teams/tab/state", meetingChat, good, ""); w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &st) != nil || len(st.Board.Polls) != 1 {
		t.Fatalf("state: %d %s", w.Code, w.Body)
	}
	p := st.Board.Polls[0]
	if !slices.Equal(p.Numbers, []int{0, 1, 2, 3, 4, 5}) || p.Options[0] != "0. 0" {
		t.Fatalf("fist options %q numbered %v", p.Options, p.Numbers)
	}
	for _, n := range []int{0, 5} {
		w := r.tabCall(http.MethodPost, "/teams/tab/act", meetingChat, good, fmt.Sprintf(`{"action":"vote","poll":%d,"option":%d}`, p.ID, n))
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &st) != nil || !strings.Contains(st.Message, fmt.Sprintf(": %d.", n)) {
			t.Errorf("voting %d from the tab: %d %s", n, w.Code, w.Body)
		}
	}
	if w := r.tabCall(http.MethodPost, "/teams/tab/act", meetingChat, good, fmt.Sprintf(`{"action":"vote","poll":%d}`, p.ID)); w.Code != http.StatusBadRequest {
		t.Errorf("a vote without an option: %d %s", w.Code, w.Body)
	}
}

// TestTabOnlyPersonIsNotified: someone who raised their hand only from
// the tab gets "You're next" as a targeted notification to their Bot
// Framework ID, which the tab's membership lookup gave, not to their
// Entra object ID, which Teams does not take.
func TestTabOnlyPersonIsNotified(t *testing.T) {
	r := newRig(t)
	r.send(inMeetingChat("m1", "carl", "start"), nil)
	r.send(inMeetingChat("m2", "bo", "hand"), nil)
	ann := r.fake.ssoToken(r.clock.Now(), "aad-ann", "Ann", nil)
	if w := r.tabCall(http.MethodPost, "/teams/tab/act", meetingChat, ann, `{"action":"hand"}`); w.Code != http.StatusOK {
		t.Fatalf("hand from the tab: %d %s", w.Code, w.Body)
	}
	r.deliverAll(5)
	r.send(inMeetingChat("m3", "carl", "next"), nil)
	r.deliverAll(5)
	var notified []string
	for _, c := range r.fake.Calls(meetingNotifications) {
		notified = append(notified, c.text())
	}
	if len(notified) != 1 || !strings.Contains(notified[0], `"recipients":["29:ann"]`) {
		t.Errorf("notifications = %q; want one to 29:ann", notified)
	}
}
