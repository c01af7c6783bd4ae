package deploy

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSlackManifestsMatchSchema validates both Slack app manifests
// against the manifest schema (slack/testdata/README.md says where it
// comes from), and checks that the check can fail.
func TestSlackManifestsMatchSchema(t *testing.T) {
	const file = "slack/testdata/slack-app-manifest.schema.json"
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(ecmaScript)
	if err := c.AddResource(file, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(data []byte) error {
		var m any
		if err := yaml.Unmarshal(data, &m); err != nil {
			return err
		}
		js, err := json.Marshal(m)
		if err != nil {
			return err
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			return err
		}
		return schema.Validate(inst)
	}
	for _, name := range []string{"slack/manifest.yaml", "slack/manifest-socket.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(data); err != nil {
			t.Errorf("%s does not match the schema:\n%v", name, err)
		}
		for spoil, bad := range map[string][]byte{
			"a misspelt scope": bytes.Replace(data, []byte("- chat:write.public"), []byte("- chat:write.publik"), 1),
			"a misspelt event": bytes.Replace(data, []byte("- app_uninstalled"), []byte("- app_uninstall"), 1),
			"an unknown key":   bytes.Replace(data, []byte("settings:"), []byte("setting:"), 1),
		} {
			if bytes.Equal(bad, data) {
				t.Fatalf("%s: cannot make %s", name, spoil)
			}
			if validate(bad) == nil {
				t.Errorf("%s with %s passed the schema", name, spoil)
			}
		}
	}
}

// ecmaRegexp is a schema pattern as JavaScript reads it.
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
