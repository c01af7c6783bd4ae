package slack_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	slackbot "github.com/klubba/klubba/adapters/slack"
)

type manifest struct {
	Features struct {
		SlashCommands []struct {
			Command      string `yaml:"command"`
			URL          string `yaml:"url"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
		Shortcuts []struct {
			Name       string `yaml:"name"`
			Type       string `yaml:"type"`
			CallbackID string `yaml:"callback_id"`
		} `yaml:"shortcuts"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			Enabled    bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// TestManifests keeps the shipped app manifests in step with the
// endpoints and commands the adapter serves.
func TestManifests(t *testing.T) {
	for file, socket := range map[string]bool{"manifest.yaml": false, "manifest-socket.yaml": true} {
		data, err := os.ReadFile("../../deploy/slack/" + file)
		if err != nil {
			t.Fatal(err)
		}
		var m manifest
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var cmds []string
		for _, c := range m.Features.SlashCommands {
			cmds = append(cmds, c.Command)
			if !c.ShouldEscape || socket != (c.URL == "") || !socket && !strings.HasSuffix(c.URL, "/slack/commands") {
				t.Errorf("%s: command %s: url %q escape %v", file, c.Command, c.URL, c.ShouldEscape)
			}
		}
		if got := strings.Join(cmds, " "); got != "/klubba /agenda /hand /kpoll" {
			t.Errorf("%s: commands %s", file, got)
		}
		want := map[string]string{slackbot.PollShortcut: "message", slackbot.StartShortcut: "global", slackbot.PollGlobalShortcut: "global"}
		for _, sc := range m.Features.Shortcuts {
			if want[sc.CallbackID] != sc.Type || len(sc.Name) > 24 {
				t.Errorf("%s: shortcut %+v: want one of %v, a name of at most 24 characters", file, sc, want)
			}
			delete(want, sc.CallbackID)
		}
		if len(want) > 0 {
			t.Errorf("%s: lacks the shortcuts %v", file, want)
		}
		// The OAuth install asks for exactly the manifest's scopes: one
		// missing there (chat:write.public) fails posts after an install.
		if got, want := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot)), slices.Sorted(slices.Values(slackbot.BotScopes)); !slices.Equal(got, want) {
			t.Errorf("%s: scopes %v, but the install asks for %v", file, got, want)
		}
		// Without these subscriptions Slack never tells Klubba of an
		// uninstall, and a workspace's token would outlive it.
		for _, ev := range []string{"app_mention", "message.im", "app_uninstalled", "tokens_revoked"} {
			if !slices.Contains(m.Settings.Events.BotEvents, ev) {
				t.Errorf("%s: not subscribed to %s", file, ev)
			}
		}
		s := m.Settings
		if s.SocketMode != socket || !s.Interactivity.Enabled || !slices.Contains(s.Events.BotEvents, "app_mention") ||
			!socket && (!strings.HasSuffix(s.Events.RequestURL, "/slack/events") || !strings.HasSuffix(s.Interactivity.RequestURL, "/slack/interactions")) {
			t.Errorf("%s: settings %+v", file, s)
		}
	}
}
