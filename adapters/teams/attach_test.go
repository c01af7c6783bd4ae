package teams_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/bottest"
)

// personalWithFile is a message in Ann's one-to-one chat with Klubba with
// a file attached, shaped as Teams sends it: the file as a download info
// attachment with a pre-authorised URL (the fake's, with its tempauth).
func (r *rig) personalWithFile(id, text, name, fileType, query string) string {
	return fmt.Sprintf(`{"type":"message","id":%q,"channelId":"msteams","serviceUrl":"SERVICE_URL","text":%q,
  "from":{"id":"29:ann","name":"Ann","aadObjectId":"aad-ann"},
  "conversation":{"conversationType":"personal","tenantId":"tenant","id":"a:ann-personal"},
  "recipient":{"id":"28:%s","name":"Klubba"},"channelData":{"tenant":{"id":"tenant"}},
  "attachments":[
    {"contentType":"application/vnd.microsoft.teams.file.download.info","name":%q,
     "contentUrl":"https://contoso.sharepoint.com/personal/ann/Documents/%[4]s",
     "content":{"downloadUrl":"%[6]s/download/%[4]s%[7]s","uniqueId":"1150D938-8870-4044-9F2C-5BBDEBA70C8C","fileType":%[5]q}},
    {"contentType":"text/html","content":"<p>%[2]s</p>"}
  ]}`, id, text, appID, name, fileType, r.fake.srv.URL, query)
}

// personalChat is what Klubba posted in Ann's one-to-one chat.
func (r *rig) personalChat() string {
	var out strings.Builder
	for _, c := range r.fake.Calls("POST /v3/conversations/a:ann-personal/activities") {
		out.WriteString(c.text() + "\n")
	}
	return out.String()
}

// TestImportByAttachmentInTeams: in the one-to-one chat with Klubba, where
// Teams lets a user attach a file, a member list attached to `register
// import` and a template attached to `mall importera` are fetched from
// their download URLs (pre-authorised: no bot token) and read as if
// pasted in a code block. A file too large or not text is refused, and
// changes nothing.
func TestImportByAttachmentInTeams(t *testing.T) {
	r := newRigOptions(t, bot.Options{Codec: bottest.Codec{}}, nil) // a codec: templates are stored
	members := "id,name,proxy_for\nann,Ann,\nbo,Bo,\ncy,Cy,bo\n"
	r.fake.files = map[string][]byte{
		"members.csv":  []byte(members),
		"huge.csv":     []byte(strings.Repeat("ann,Ann\n", 150_000)),
		"members.xlsx": []byte("PK\x03\x04\x14\x00\x06\x00"),
		"styrelse.yml": []byte("name: styrelse\ntitle: Styrelsemöte\nagenda:\n  - title: Budget\n"),
	}
	personal := func(id, text string) string {
		return fmt.Sprintf(`{"type":"message","id":%q,"channelId":"msteams","serviceUrl":"SERVICE_URL","text":%q,
  "from":{"id":"29:ann","name":"Ann","aadObjectId":"aad-ann"},
  "conversation":{"conversationType":"personal","tenantId":"tenant","id":"a:ann-personal"},
  "recipient":{"id":"28:%s","name":"Klubba"},"channelData":{"tenant":{"id":"tenant"}}}`, id, text, appID)
	}
	r.send(personal("p1", "start"), nil)
	r.send(personal("p2", "lang sv"), nil)
	r.deliverAll(10)

	r.send(r.personalWithFile("p3", "register import", "huge.csv", "csv", "?tempauth=ok"), nil)
	r.send(r.personalWithFile("p4", "röstlängd importera", "members.xlsx", "xlsx", "?tempauth=ok"), nil)
	r.send(r.personalWithFile("p5", "register import", "members.csv", "csv", "?tempauth=expired"), nil)
	r.deliverAll(10)
	chat := r.personalChat()
	for _, want := range []string{
		"”huge.csv” är för stor för att importeras (högst 1 MB). Inget har ändrats.",
		"”members.xlsx” är inte en textfil",
		"Klubba kunde inte hämta ”members.csv”",
	} {
		if !strings.Contains(chat, want) {
			t.Errorf("Ann was not told %q:\n%s", want, chat)
		}
	}
	if strings.Contains(chat, "Medlemsförteckningen har") {
		t.Errorf("a refused file was imported:\n%s", chat)
	}
	if strings.Join(r.fake.downloads, " ") != "huge.csv members.csv" {
		t.Errorf("downloads %v: want huge.csv (cut at the limit) and members.csv, never the .xlsx", r.fake.downloads)
	}

	r.send(r.personalWithFile("p6", "register import", "members.csv", "csv", "?tempauth=ok"), nil)
	r.send(r.personalWithFile("p7", "mall importera", "styrelse.yml", "yml", "?tempauth=ok"), nil)
	r.deliverAll(10)
	chat = r.personalChat()
	for _, want := range []string{"Medlemsförteckningen har 3 medlemmar och 1 fullmakt.", "Mallen ”styrelse” är importerad"} {
		if !strings.Contains(chat, want) {
			t.Errorf("Ann was not told %q:\n%s", want, chat)
		}
	}
}

// TestFileHost: an attached file is fetched only over https from the hosts
// Teams keeps files on; any other URL an activity names is refused before
// anything is fetched.
func TestFileHost(t *testing.T) {
	for u, want := range map[string]bool{
		"https://contoso.sharepoint.com/personal/ann/_layouts/15/download.aspx?UniqueId=1&tempauth=x": true,
		"https://contoso-my.sharepoint.com/x":      true,
		"https://contoso.sharepoint.us/x":          true,
		"http://contoso.sharepoint.com/x":          false,
		"https://sharepoint.com.evil.example/x":    false,
		"https://169.254.169.254/latest/meta-data": false,
		"https://localhost/x":                      false,
		"not a url":                                false,
	} {
		if got := teams.FileHost(u); got != want {
			t.Errorf("FileHost(%q) = %v, want %v", u, got, want)
		}
	}
}
