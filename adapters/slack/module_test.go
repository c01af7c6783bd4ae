package slack

import (
	"strings"
	"testing"

	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/platform"
)

// slackSection is the slack section of a configuration file.
func slackSection(t *testing.T, yaml string) platform.Section {
	t.Helper()
	cfg, err := config.Load("c.yaml", strings.NewReader(yaml), Platform)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Section(Platform)
}

func TestModuleSettings(t *testing.T) {
	tests := []struct {
		name, yaml string
		env        map[string]string
		want       settings
		on         bool
		err        string
	}{
		{name: "nothing: off, with the defaults", yaml: "locale: en\n",
			want: settings{Mode: "http", APIURL: "https://slack.com/api/"}},
		{name: "the file's settings", yaml: "slack:\n  mode: socket\n  api_url: http://x/api/\n",
			env:  map[string]string{"KLUBBA_SLACK_BOT_TOKEN": "xoxb-1", "KLUBBA_SLACK_APP_TOKEN": "xapp-1"},
			want: settings{Mode: "socket", APIURL: "http://x/api/", botToken: "xoxb-1", appToken: "xapp-1"}, on: true},
		{name: "the environment wins", yaml: "slack:\n  api_url: http://x/api/\n  client_id: file\n",
			env:  map[string]string{"KLUBBA_SLACK_API_URL": "http://y/api/", "KLUBBA_SLACK_CLIENT_ID": "env", "KLUBBA_SLACK_REDIRECT_URL": "https://r/cb"},
			want: settings{Mode: "http", APIURL: "http://y/api/", ClientID: "env", RedirectURL: "https://r/cb"}, on: true},
		{name: "a bad mode", yaml: "listen: \":1\"\nslack:\n  mode: sockets\n", err: `c.yaml:3: slack.mode: is "sockets"; use http or socket`},
		{name: "a secret in the file", yaml: "slack:\n  bot_token: xoxb-1\n", err: "c.yaml:2: slack.bot_token: unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := loadSettings(slackSection(t, tt.yaml), func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s != tt.want || s.enabled() != tt.on {
				t.Errorf("settings = %+v (on %v), want %+v (on %v)", s, s.enabled(), tt.want, tt.on)
			}
		})
	}
}

// TestModuleWorkspaces: many workspaces need a key to seal tokens, and
// an address for Slack to send installers back to.
func TestModuleWorkspaces(t *testing.T) {
	s := settings{Mode: "http", ClientID: "c1"}
	var cfg Config
	if err := s.workspaces(&cfg, "https://k.example", nil); err == nil || !strings.Contains(err.Error(), "needs KLUBBA_SECRET_KEY") {
		t.Errorf("no key: %v", err)
	}
	s.secretKey = strings.Repeat("a", 64)
	if err := s.workspaces(&cfg, "", nil); err == nil || !strings.Contains(err.Error(), "needs public_url (KLUBBA_PUBLIC_URL) or slack.redirect_url") {
		t.Errorf("no address: %v", err)
	}
	if err := s.workspaces(&cfg, "https://k.example/", nil); err != nil || cfg.RedirectURL != "https://k.example/slack/oauth/callback" || len(cfg.SecretKey) != 32 {
		t.Errorf("workspaces = %v, redirect %q, key %d bytes", err, cfg.RedirectURL, len(cfg.SecretKey))
	}
}
