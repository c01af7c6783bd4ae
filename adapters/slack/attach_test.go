package slack_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	slackbot "github.com/klubba/klubba/adapters/slack"
	goslack "github.com/slack-go/slack"
)

// attachedFile is a Slack file object as an event carries it.
func (r *rig) attachedFile(name, mimetype string, size int) string {
	return fmt.Sprintf(`{"id":"F%d","name":%q,"title":%q,"mimetype":%q,"filetype":"text","size":%d,"mode":"hosted",
"url_private":"%[6]s/files-pri/%[2]s","url_private_download":"%[6]s/files-pri/%[2]s"}`,
		len(name), name, name, mimetype, size, r.slack.srv.URL)
}

// mentionWithFiles posts an app_mention whose message has files attached.
func (r *rig) mentionWithFiles(id, user, text string, files ...string) {
	r.t.Helper()
	r.event(id, fmt.Sprintf(`{"type":"app_mention","user":%q,"text":"<@UBOT> %s","ts":"1700000001.000100",
"channel":"C2147483705","event_ts":"1700000001.000100","files":[%s],"upload":true}`, user, text, strings.Join(files, ",")))
}

// private is what user was shown privately (chat.postEphemeral), and
// public what the channel was shown (chat.postMessage).
func (r *rig) shown(user string) (private, public string) {
	for _, c := range r.slack.Calls("chat.postEphemeral") {
		if c.Form.Get("user") == user {
			private += c.text() + "\n"
		}
	}
	for _, c := range r.slack.Calls("chat.postMessage") {
		public += c.text() + "\n"
	}
	return private, public
}

const membersCSV = "id,name,proxy_for\nU1,Ann,\nU2,Bo,\nU3,Cy,U2\n"

// TestRegisterImportByAttachment: the chair @-mentions Klubba with
// `register import` and the member list attached; Klubba fetches it with
// the bot token and reads it as if it were pasted in a code block. A
// file too large or not text is refused privately, in the meeting's
// language, and never fetched or stored.
func TestRegisterImportByAttachment(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			r := newSurfacesRig(t)
			r.slack.files = map[string][]byte{
				"members.csv": []byte(membersCSV),
				"photo.png":   []byte("\x89PNG\r\n\x1a\n\x00\x00"),
				"sneaky.csv":  []byte("\x89PNG\r\n\x1a\n\x00\x00"),
			}
			r.command("U1", "/klubba", "start")
			r.command("U1", "/klubba", "lang "+lang)
			r.deliverAll(10)

			r.mentionWithFiles("Ev1", "U1", "register import", r.attachedFile("huge.csv", "text/csv", 5<<20))
			r.mentionWithFiles("Ev2", "U1", "röstlängd importera", r.attachedFile("photo.png", "image/png", 10))
			r.mentionWithFiles("Ev3", "U1", "register import", r.attachedFile("sneaky.csv", "text/csv", 10))
			r.deliverAll(10)
			private, public := r.shown("U1")
			for _, want := range []string{
				tr("”huge.csv” är för stor för att importeras (högst 1 MB). Inget har ändrats.", "“huge.csv” is too large to import (at most 1 MB). Nothing was changed."),
				tr("”photo.png” är inte en textfil", "“photo.png” is not a text file"),
				tr("”sneaky.csv” är inte en textfil", "“sneaky.csv” is not a text file"),
			} {
				if !strings.Contains(private, want) {
					t.Errorf("U1 was not told privately %q:\n%s", want, private)
				}
			}
			if strings.Contains(public, tr("Medlemsförteckningen", "member list")) || strings.Contains(public, "textfil") || strings.Contains(public, "text file") {
				t.Errorf("a refused file showed in the channel:\n%s", public)
			}
			for _, c := range r.slack.Calls("file") {
				if name := c.Form.Get("name"); name != "sneaky.csv" {
					t.Errorf("fetched %s, which its size or type refuses", name)
				}
			}

			r.mentionWithFiles("Ev4", "U1", "register import", r.attachedFile("members.csv", "text/csv", len(membersCSV)))
			r.deliverAll(10)
			private, public = r.shown("U1")
			want := tr("Medlemsförteckningen har 3 medlemmar och 1 fullmakt.", "The member list has 3 members and 1 proxy.")
			if !strings.Contains(private+public, want) {
				t.Errorf("after the import, want %q; private:\n%s\npublic:\n%s", want, private, public)
			}
			fetched := r.slack.Calls("file")
			if last := fetched[len(fetched)-1]; last.Form.Get("name") != "members.csv" || last.Token != "xoxb-test" {
				t.Errorf("members.csv fetched as %+v, want with the bot token", last)
			}
			// The register holds the list: someone not on it cannot check in.
			r.command("U1", "/klubba", "register open")
			w := r.command("U9", "/klubba", "here")
			if !strings.Contains(w.Body.String(), tr("Du står inte i medlemsförteckningen", "You are not on the member list")) {
				t.Errorf("U9 here: %s", w.Body)
			}
		})
	}
}

// TestTemplateImportByDirectMessage: in a direct message to Klubba, a
// template attached to `mall importera` is imported (and then usable by
// name); a message that is not an import leaves its file alone, and
// Klubba's own posts there are not commands.
func TestTemplateImportByDirectMessage(t *testing.T) {
	r := newSurfacesRig(t)
	tpl := "name: styrelse\ntitle: Styrelsemöte\nagenda:\n  - title: Budget\n    timebox: 20m\n"
	r.slack.files = map[string][]byte{"styrelse.yaml": []byte(tpl)}
	dm := func(id, user, subtype, text, botID string, files ...string) {
		r.event(id, fmt.Sprintf(`{"type":"message","subtype":%q,"user":%q,"bot_id":%q,"text":%q,"ts":"1700000002.000100",
"channel":"DU1","channel_type":"im","event_ts":"1700000002.000100","files":[%s]}`, subtype, user, botID, text, strings.Join(files, ",")))
	}
	file := r.attachedFile("styrelse.yaml", "application/x-yaml", len(tpl))
	dm("Ev1", "U1", "file_share", "help", "", file)
	dm("Ev2", "UBOT", "", "mall importera", "B1", file)
	r.deliverAll(10)
	if got := r.slack.Calls("file"); len(got) != 0 {
		t.Errorf("fetched a file for a command that does not import, or for the bot's own post: %v", got)
	}
	dm("Ev3", "U1", "file_share", "mall importera", "", file)
	dm("Ev3", "U1", "file_share", "mall importera", "", file) // Slack's retry
	r.deliverAll(10)
	var imported []string
	for _, c := range append(r.slack.Calls("chat.postMessage"), r.slack.Calls("chat.postEphemeral")...) {
		if c.Form.Get("channel") == "DU1" && strings.Contains(c.Form.Get("text"), "Imported the template “styrelse”") {
			imported = append(imported, c.Form.Get("text"))
		}
	}
	if len(imported) != 1 {
		t.Errorf("want one message in the direct message that styrelse is imported, got %q", imported)
	}
	w := r.command("U1", "/klubba", "template show styrelse")
	if !strings.Contains(w.Body.String(), "Budget") {
		t.Errorf("template show styrelse after the import: %s", w.Body)
	}
}

// TestAttachmentWithTheWorkspacesToken: with many workspaces, a file is
// fetched with the token of the workspace the mention came from, also a
// file shared from another organisation, which the event names by ID
// alone (files.info tells where it is).
func TestAttachmentWithTheWorkspacesToken(t *testing.T) {
	r := newOAuthRig(t)
	r.install("code-T2")
	r.install("code-T3")
	r.fake.files = map[string][]byte{"members.csv": []byte(membersCSV)}
	r.command("T3", "", "U1", "/klubba", "start")
	mention := func(id, file string) {
		r.signed("/slack/events", "application/json", fmt.Sprintf(`{"type":"event_callback","team_id":"T3","api_app_id":"A1","event_id":%q,
"event":{"type":"app_mention","user":"U1","text":"<@UBOTT3> register import","ts":"1700000001.000100","channel":"C1","files":[%s]}}`, id, file))
	}
	mention("Ev1", `{"id":"F-members.csv","mode":"file_access","file_access":"check_file_info","created":0,"timestamp":0,"user":""}`)
	r.deliver()
	var told []string
	for _, c := range append(r.fake.Calls("chat.postMessage"), r.fake.Calls("chat.postEphemeral")...) {
		if strings.Contains(c.Form.Get("text"), "The member list has 3 members and 1 proxy.") {
			told = append(told, c.Token)
		}
	}
	if len(told) != 1 || told[0] != "xoxb-T3" {
		t.Errorf("the import was told with tokens %v, want once with xoxb-T3", told)
	}
	fetched := append(r.fake.Calls("files.info"), r.fake.Calls("file")...)
	if got := tokens(fetched); strings.Join(got, " ") != "xoxb-T3 xoxb-T3" {
		t.Errorf("files.info and the download went with tokens %v, want T3's", got)
	}
}

// TestAttachmentWithoutAClient: where Klubba has no Web API client to
// fetch files with, the import is refused privately, not run empty.
func TestAttachmentWithoutAClient(t *testing.T) {
	r := newRig(t) // no Views: nothing to fetch with
	r.command("U1", "/klubba", "start")
	r.mentionWithFiles("Ev1", "U1", "register import", r.attachedFile("members.csv", "text/csv", 10))
	r.deliverAll(10)
	if private, _ := r.shown("U1"); !strings.Contains(private, "Klubba could not fetch “members.csv”") {
		t.Errorf("U1 was told privately:\n%s", private)
	}
}

// TestAttachmentTokenWithoutAccess: files.slack.com sends a token that
// cannot read the file (an install without files:read) to the sign-in
// page; the import is refused privately, and nothing is imported.
func TestAttachmentTokenWithoutAccess(t *testing.T) {
	r := newRig(t)
	api := goslack.New("xoxb-without-files-read", goslack.OptionAPIURL(r.slack.srv.URL+"/api/"))
	r.server = slackbot.NewServer(slackbot.Options{Bot: r.bot, SigningSecret: secret, Now: r.clock.Now, Logger: discard, Views: api, APIURL: r.slack.srv.URL + "/api/"})
	r.mux = http.NewServeMux()
	r.server.Register(r.mux)
	r.slack.files = map[string][]byte{"members.csv": []byte(membersCSV)}
	r.command("U1", "/klubba", "start")
	r.mentionWithFiles("Ev1", "U1", "register import", r.attachedFile("members.csv", "text/csv", len(membersCSV)))
	r.deliverAll(10)
	private, public := r.shown("U1")
	if !strings.Contains(private, "Klubba could not fetch “members.csv”") || strings.Contains(private+public, "The member list has") {
		t.Errorf("U1 was told privately:\n%s\nthe channel:\n%s", private, public)
	}
	if got := r.slack.Calls("file"); len(got) != 1 || got[0].Token != "xoxb-without-files-read" {
		t.Errorf("file calls %+v, want one with the token that cannot read it", got)
	}
}
