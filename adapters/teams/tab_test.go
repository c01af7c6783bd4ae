package teams_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
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
