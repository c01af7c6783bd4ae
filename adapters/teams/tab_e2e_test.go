package teams_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/klubba/klubba/internal/browsertest"
)

// teamsStub stands in for the Teams JS SDK inside a meeting: the tab
// runs in the meeting's chat, and Teams gives it the signed-in person's
// SSO token.
const teamsStub = `window.microsoftTeams = {
  app: {
    initialize: async () => {},
    getContext: async () => ({ chat: { id: %q }, app: { locale: "en-us" }, page: { frameContext: "sidePanel" }, user: { id: "aad-ann" } }),
  },
  authentication: { getAuthToken: async () => %q },
};`

// TestTabInBrowser opens the meeting tab in headless Chromium, as Teams
// shows it in a meeting's side panel (with a stubbed Teams JS SDK and a
// signed SSO token), raises a hand and votes from it, and checks that
// the meeting has them.
func TestTabInBrowser(t *testing.T) {
	r := newRig(t)
	r.send(inMeetingChat("m1", "bo", `start "Board, December"`), nil)
	r.send(inMeetingChat("m2", "bo", `poll "Lunch?" "Pizza" "Sushi"`), nil)
	token := r.fake.ssoToken(r.clock.Now(), "aad-ann", "Ann", nil)
	r.mux.HandleFunc("GET /stub/teams.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprintf(w, teamsStub, meetingChat, token)
	})
	srv := httptest.NewServer(r.mux)
	defer srv.Close()

	ctx := browsertest.Start(t, "the meeting tab's browser test", 400, 800, time.Minute)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||""`, sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	shows := func(sel, want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(text(sel), want) {
			if time.Now().After(deadline) {
				t.Fatalf("%s shows %q, want %q; status %q, message %q", sel, text(sel), want, text("#status"), text("#message"))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/teams/tab")); err != nil {
		t.Fatal(err)
	}
	shows("#title", "Board, December")
	shows("#hand", "Raise hand")
	shows("#polls", "Lunch?")
	if err := chromedp.Do(ctx, chromedp.Click("#hand")); err != nil {
		t.Fatal(err)
	}
	shows("#queue", "Ann")
	shows("#message", "hand is up")
	b, err := r.bot.BoardOf(context.Background(), "teams:"+meetingChat)
	if err != nil || len(b.Queue) != 1 || b.Queue[0].Name != "Ann" {
		t.Fatalf("the meeting's queue after Raise hand in the tab: %+v, %v", b, err)
	}
	// Vote Sushi from the tab.
	if err := chromedp.Do(ctx, chromedp.Click(`#polls button.vote:nth-of-type(2)`)); err != nil {
		t.Fatal(err)
	}
	shows("#message", "Sushi")
	shows("#polls", "1 vote")
}
