package teams_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/internal/golden"
)

func (r *rig) replies(user, text string) []chat.Reply {
	r.t.Helper()
	resp, err := r.bot.Handle(context.Background(), bot.Request{Channel: "teams:19:c", User: user, UserName: user, Text: text})
	if err != nil {
		r.t.Fatal(err)
	}
	return resp.Replies
}

// TestCardsGolden renders each kind of reply as an Adaptive Card and
// compares it with testdata/*.json (go test -update rewrites them).
func TestCardsGolden(t *testing.T) {
	r := newRig(t)
	cards := map[string]chat.Message{}
	cards["agenda"] = r.replies("ann", `start "Board, November"`)[0].Message
	r.replies("ann", `agenda add "Budget" 20m`)
	cards["agenda-list"] = r.replies("ann", "agenda")[0].Message
	r.replies("bo", "hand")
	r.replies("cy", "hand")
	r.replies("ann", "next")
	cards["queue"] = r.replies("ann", "queue")[0].Message
	cards["poll"] = r.replies("ann", `poll "Where do we meet?" "Göteborg" "Malmö"`)[0].Message
	r.replies("bo", "vote 1")
	r.replies("cy", "vote 2")
	r.replies("dan", "vote 1")
	cards["results"] = r.replies("ann", "poll close")[0].Message
	cards["stats"] = r.replies("ann", "stats")[0].Message
	cards["multi-poll"] = r.replies("ann", `poll "Which days?" "Mon" "Tue" "Wed" --multi 2`)[0].Message
	cards["ranked-poll"] = r.replies("ann", `poll ranked "Chair 2027" "Ada" "Bo" "Cy" --secret`)[0].Message
	cards["register"] = r.replies("ann", "register open")[0].Message
	cards["block-election"] = r.replies("ann", `poll elect 2 "Board" "Ada" "Bo" "Cy" "Dan"`)[0].Message
	cards["stv-election"] = r.replies("ann", `poll elect 2 "Auditors" "Ada" "Bo" "Cy" --method stv --secret`)[0].Message
	// The formal meeting: the proposal list and a question being put.
	r.replies("bo", `propose "that we meet in Umeå"`)
	r.replies("cy", `propose "that we meet in Malmö"`)
	r.replies("dan", `propose --amends 1 "that we meet in May"`)
	r.replies("cy", `propose --formal "that the matter be tabled"`)
	r.replies("dan", "support 1")
	cards["proposals"] = r.replies("bo", "proposals")[0].Message
	cards["question"] = r.replies("ann", "proposition")[1].Message
	// More than 5 options: a dropdown and one Vote button, Close poll in view.
	cards["many-options-poll"] = r.replies("ann", `poll "Lunch?" "A" "B" "C" "D" "E" "F" "G"`)[0].Message
	for name, msg := range cards {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(teams.Card(msg), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, name+".json", append(got, '\n'))
		})
	}
}

func TestPackage(t *testing.T) {
	var buf bytes.Buffer
	if err := teams.WritePackage(&buf, teams.PackageOptions{AppID: appID, Version: "1.0.0", Developer: "Klubba", WebsiteURL: "https://klubba.example.org"}); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var m map[string]any
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if m["manifestVersion"] != teams.ManifestVersion || m["id"] != appID || !strings.Contains(string(files["manifest.json"]), `"botId": "`+appID+`"`) {
		t.Errorf("manifest = %s", files["manifest.json"])
	}
	for name, size := range map[string]int{"color.png": 192, "outline.png": 32} {
		img, err := png.Decode(bytes.NewReader(files[name]))
		if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("%s: %v, want a %d×%d PNG", name, err, size, size)
		}
	}
	if err := teams.WritePackage(io.Discard, teams.PackageOptions{AppID: "not-a-guid"}); err == nil {
		t.Error("a package with an app ID that is not a GUID was written")
	}
}

// FuzzActivity: any body with a valid token gets 200, 400 or 413, never
// a panic or a 500.
func FuzzActivity(f *testing.F) {
	f.Add(channelMessage("m1", "ann", "start"))
	f.Add(submit("m2", "bo", "activity-1", "poll.vote", "1:1"))
	f.Add(`{"type":"conversationUpdate","membersAdded":[{"id":"28:x"}],"recipient":{"id":"28:x"},"conversation":{"id":"19:c"},"serviceUrl":"SERVICE_URL"}`)
	f.Add(`{"type":"message","value":{"action":7},"serviceUrl":"SERVICE_URL"}`)
	f.Add(`{}`)
	// Each input runs on a fresh rig: state kept from earlier inputs (a
	// meeting started, an activity ID seen, a token cached) makes the
	// coverage of an input depend on what ran before it, and the fuzzer
	// then spends its time minimizing inputs whose coverage it cannot
	// reproduce, at a few execs a minute. So only the fake Bot Framework,
	// whose RSA keys are slow to make, and the bearer token are shared,
	// and the app reaches the fake in process: a real connection's
	// goroutines and pooling would make net/http's coverage vary too.
	fake := newFakeBotFramework(f)
	client := fake.inProcess()
	auth := "Bearer " + fake.token(epoch, nil)
	f.Fuzz(func(t *testing.T, body string) {
		r := newRigOn(t, fake, client, bot.Options{}, nil)
		w := r.send(body, &auth)
		if w.Code != 200 && w.Code != 400 && w.Code != 401 {
			t.Fatalf("%q: status %d %s", body, w.Code, w.Body)
		}
	})
}
