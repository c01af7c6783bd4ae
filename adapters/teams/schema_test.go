package teams_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/klubba/klubba/adapters/teams"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestManifestMatchesSchema validates the app package's manifest.json
// against the published schema of its manifest version
// (testdata/schema/README.md says where the copy comes from).
func TestManifestMatchesSchema(t *testing.T) {
	file := "testdata/schema/MicrosoftTeams.v" + teams.ManifestVersion + ".schema.json"
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("no schema for manifest version %s: %v", teams.ManifestVersion, err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(ecmaScript) // the schema's patterns are JavaScript's
	if err := c.AddResource(file, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := teams.Manifest(teams.PackageOptions{AppID: appID, Version: "1.0.0", Developer: "Klubba", WebsiteURL: "https://klubba.example.org", PublicURL: "https://klubba.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(m) // as written into the package
	inst, err := jsonschema.UnmarshalJSON(bytesReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("manifest.json does not match the v%s schema:\n%v", teams.ManifestVersion, err)
	}
	// The check can fail: a manifest without its developer, or with a
	// tab context Teams does not know, is refused.
	for name, spoil := range map[string]func(map[string]any){
		"no developer": func(m map[string]any) { delete(m, "developer") },
		"unknown key":  func(m map[string]any) { m["meetingApp"] = true },
	} {
		bad, _ := teams.Manifest(teams.PackageOptions{AppID: appID, Version: "1.0.0", Developer: "Klubba", WebsiteURL: "https://klubba.example.org", PublicURL: "https://klubba.example.org"})
		spoil(bad)
		js, _ := json.Marshal(bad)
		inst, _ := jsonschema.UnmarshalJSON(bytesReader(js))
		if schema.Validate(inst) == nil {
			t.Errorf("a manifest with %s passed the schema", name)
		}
	}
	// The meeting tab, its SSO, and the permissions for meeting events
	// and Share to stage.
	for _, want := range []string{`"meetingSidePanel"`, `"meetingStage"`, `"webApplicationInfo":{"id":"` + appID + `","resource":"api://klubba.example.org/` + appID + `"}`,
		`"OnlineMeeting.ReadBasic.Chat"`, `"MeetingStage.Write.Chat"`, `"configurationUrl":"https://klubba.example.org/teams/tab/config"`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("manifest.json lacks %s", want)
		}
	}
	if got := m["$schema"]; got != "https://developer.microsoft.com/json-schemas/teams/v"+teams.ManifestVersion+"/MicrosoftTeams.schema.json" {
		t.Errorf("$schema = %v", got)
	}
	// Served under a path (behind a reverse proxy), the tab is there too.
	under, err := teams.Manifest(teams.PackageOptions{AppID: appID, Version: "1.0.0", Developer: "Klubba", WebsiteURL: "https://klubba.example.org",
		PublicURL: "https://klubba.example.org:8443/klubba/"})
	if js, _ := json.Marshal(under); err != nil || !strings.Contains(string(js), `"configurationUrl":"https://klubba.example.org:8443/klubba/teams/tab/config"`) {
		t.Errorf("under a path: %v\n%s", err, js)
	}
	// What the schema or Teams would refuse is refused here, with why.
	for _, o := range []teams.PackageOptions{
		{Developer: "Föreningen för Mötesfacilitering i Sverige", Version: "1.0.0"},
		{Developer: "", Version: "1.0.0"},
		{Developer: "Klubba", Version: "v1.0"},
	} {
		o.AppID, o.WebsiteURL = appID, "https://klubba.example.org"
		if _, err := teams.Manifest(o); err == nil {
			t.Errorf("a package with developer %q, version %q was made", o.Developer, o.Version)
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// ecmaRegexp is a pattern of a JSON schema as JavaScript reads it
// (lookaheads included), which Go's regexp does not.
type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, _ := (*regexp2.Regexp)(re).MatchString(s)
	return ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

func ecmaScript(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	return (*ecmaRegexp)(re), err
}
