package teams

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ManifestVersion is the Teams app manifest schema the package uses.
const ManifestVersion = "1.30"

// manifestSchema is the JSON schema of ManifestVersion.
const manifestSchema = "https://developer.microsoft.com/json-schemas/teams/v" + ManifestVersion + "/MicrosoftTeams.schema.json"

// PackageOptions describe the Teams app.
type PackageOptions struct {
	AppID      string // the Azure Bot's app (client) ID
	Version    string // the app's version, like 1.0.0
	Developer  string
	WebsiteURL string // https, as the schema requires
	// PublicURL is where Teams reaches `klubba serve` (https://host): the
	// meeting tab's pages and SSO live there. Without it the package has
	// no tab.
	PublicURL string
}

// tabBase is where the meeting tab's pages live: the public URL, path
// and all (a reverse proxy may serve Klubba under one), without a
// trailing slash, and its host; false when that is not an https URL with
// a host.
func tabBase(publicURL string) (base, host string, ok bool) {
	u, err := url.Parse(publicURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", "", false
	}
	return "https://" + u.Host + strings.TrimRight(u.Path, "/"), u.Host, true
}

// SSOResource is the application ID URI a tab's SSO tokens are for:
// the app registration's "Expose an API" URI, api://host/app-id.
func SSOResource(publicURL, appID string) string {
	u, err := url.Parse(publicURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return "api://" + u.Host + "/" + appID
}

// semver is the app version Teams takes: major.minor.patch.
var semver = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Manifest returns the app manifest (manifest.json).
func Manifest(o PackageOptions) (map[string]any, error) {
	if !guid.MatchString(o.AppID) {
		return nil, fmt.Errorf("app id %q is not a GUID: use the Azure Bot's Microsoft App ID", o.AppID)
	}
	if u, err := url.Parse(o.WebsiteURL); err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("website %q is not an https address: Teams requires one", o.WebsiteURL)
	}
	if n := utf8.RuneCountInString(o.Developer); n == 0 || n > 32 {
		return nil, fmt.Errorf("developer %q: Teams wants a name of 1 to 32 characters", o.Developer)
	}
	if !semver.MatchString(o.Version) {
		return nil, fmt.Errorf("version %q: Teams wants major.minor.patch, such as 1.0.0", o.Version)
	}
	commands := []any{}
	for _, c := range [][2]string{
		{"start", "Start a meeting, from a template"}, {"agenda", "Show the agenda"}, {"hand", "Raise your hand to speak"},
		{"next", "Give the floor to the next speaker"}, {"poll", `Start a poll: poll "Q?" "A" "B"`}, {"help", "List every command"},
	} {
		commands = append(commands, map[string]any{"title": c[0], "description": c[1]})
	}
	m := map[string]any{
		"$schema": manifestSchema, "manifestVersion": ManifestVersion, "version": o.Version, "id": o.AppID,
		"developer": map[string]any{"name": o.Developer, "websiteUrl": o.WebsiteURL,
			"privacyUrl": o.WebsiteURL + "/privacy", "termsOfUseUrl": o.WebsiteURL + "/terms"},
		"name":        map[string]any{"short": "Klubba", "full": "Klubba meeting facilitator"},
		"description": map[string]any{"short": "Agendas, speaker queues, polls and minutes", "full": "Klubba runs meetings like a trained facilitator: agendas with timeboxes, a fair speaker queue, quick polls and secret ballots, ground rules and minutes."},
		"icons":       map[string]any{"color": "color.png", "outline": "outline.png"},
		"accentColor": "#2F3E46",
		"bots": []any{map[string]any{
			"botId": o.AppID, "scopes": []any{"team", "groupChat", "personal"},
			"supportsFiles":      true, // a member list or template attached to an import (attach.go)
			"isNotificationOnly": false,
			"commandLists":       []any{map[string]any{"scopes": []any{"team", "groupChat", "personal"}, "commands": commands}},
		}},
		// The poll dialog, from the compose box, the command box and a
		// message's … menu (which fills in the message as the question).
		"composeExtensions": []any{map[string]any{
			"botId": o.AppID,
			"commands": []any{map[string]any{
				"id": extensionCommand, "type": "action", "title": "Make a poll", "description": "A poll in a form: question, options, kind, who sees the votes",
				"context": []any{"compose", "commandBox", "message"}, "fetchTask": true,
			}},
		}},
		"permissions":  []any{"identity", "messageTeamMembers"},
		"validDomains": []any{},
	}
	if o.PublicURL != "" {
		base, host, ok := tabBase(o.PublicURL)
		if !ok {
			return nil, fmt.Errorf("public URL %q: the meeting tab needs https://host", o.PublicURL)
		}
		// The meeting tab: in a meeting's chat, details, side panel and
		// stage, and in group chats (tab.go).
		m["configurableTabs"] = []any{map[string]any{
			"configurationUrl": base + "/teams/tab/config", "canUpdateConfiguration": true, "scopes": []any{"groupChat"},
			"context": []any{"meetingChatTab", "meetingDetailsTab", "meetingSidePanel", "meetingStage"},
		}}
		m["webApplicationInfo"] = map[string]any{"id": o.AppID, "resource": SSOResource(o.PublicURL, o.AppID)}
		m["validDomains"] = []any{host}
		// Resource-specific consent, given when Klubba is added: meeting
		// start and end events in meeting chats and channel meetings,
		// and Teams' own Share to stage button on the side panel's tab
		// (learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/build-apps-for-teams-meeting-stage).
		m["authorization"] = map[string]any{"permissions": map[string]any{"resourceSpecific": []any{
			map[string]any{"name": "OnlineMeeting.ReadBasic.Chat", "type": "Application"},
			map[string]any{"name": "ChannelMeeting.ReadBasic.Group", "type": "Application"},
			map[string]any{"name": "MeetingStage.Write.Chat", "type": "Delegated"},
			map[string]any{"name": "OnlineMeetingNotification.Send.Chat", "type": "Application"},
		}}}
	}
	return m, nil
}

// WritePackage writes the app package to upload to Teams: manifest.json
// and the color (192×192) and outline (32×32, white on transparent) icons, zipped.
func WritePackage(w io.Writer, o PackageOptions) error {
	m, err := Manifest(o)
	if err != nil {
		return err
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	files := []struct {
		name string
		data []byte
	}{{"manifest.json", js}, {"color.png", icon(192, color.RGBA{0x2f, 0x3e, 0x46, 0xff}, color.White)},
		{"outline.png", icon(32, color.Transparent, color.White)}}
	for _, f := range files {
		fw, err := z.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return z.Close()
}

// icon draws a gavel-like mark: a square head on a handle, in fg on bg.
func icon(size int, bg, fg color.Color) []byte {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	u := size / 16
	for y := range size {
		for x := range size {
			c := bg
			head := x >= 3*u && x < 10*u && y >= 3*u && y < 8*u
			handle := x >= 6*u && x < 8*u && y >= 8*u && y < 14*u
			if head || handle {
				c = fg
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
