package slack

import (
	"errors"
	"fmt"
	"strings"

	"github.com/klubba/klubba/internal/sealbox"
	"github.com/klubba/klubba/platform"
)

// Module is Slack as a platform of klubba serve: the configuration's
// slack section, the KLUBBA_SLACK_* variables, and the endpoints under
// /slack/ (or Socket Mode).
func Module() platform.Module {
	return platform.Module{Name: Platform, Hint: "KLUBBA_SLACK_SIGNING_SECRET and KLUBBA_SLACK_BOT_TOKEN",
		Check: func(s platform.Section, getenv func(string) string) error {
			_, err := loadSettings(s, getenv)
			return err
		},
		New: newPlatform}
}

// settings are the slack section of the configuration file, with the
// environment applied; secrets come only from the environment.
type settings struct {
	// Mode is "http" (Events API and slash commands over HTTP) or "socket".
	Mode string `yaml:"mode"`
	// APIURL is the Web API's base URL (KLUBBA_SLACK_API_URL).
	APIURL string `yaml:"api_url"`
	// ClientID turns on many workspaces (KLUBBA_SLACK_CLIENT_ID): Klubba
	// is installed through /slack/install, with the client secret from
	// KLUBBA_SLACK_CLIENT_SECRET and tokens sealed under KLUBBA_SECRET_KEY.
	ClientID string `yaml:"client_id"`
	// RedirectURL is /slack/oauth/callback as Slack reaches it (default:
	// public_url + /slack/oauth/callback) (KLUBBA_SLACK_REDIRECT_URL).
	RedirectURL string `yaml:"redirect_url"`

	signingSecret, botToken, appToken, clientSecret, secretKey string
}

// loadSettings decodes the section over the defaults and applies the
// environment.
func loadSettings(sec platform.Section, getenv func(string) string) (settings, error) {
	s := settings{Mode: "http", APIURL: "https://slack.com/api/"}
	if err := sec.Decode(&s); err != nil {
		return s, err
	}
	if s.Mode != "http" && s.Mode != "socket" {
		return s, sec.Invalid("mode", "is %q; use http or socket", s.Mode)
	}
	for dst, key := range map[*string]string{&s.APIURL: "KLUBBA_SLACK_API_URL", &s.ClientID: "KLUBBA_SLACK_CLIENT_ID",
		&s.RedirectURL: "KLUBBA_SLACK_REDIRECT_URL"} {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	s.signingSecret, s.botToken, s.appToken = getenv("KLUBBA_SLACK_SIGNING_SECRET"), getenv("KLUBBA_SLACK_BOT_TOKEN"), getenv("KLUBBA_SLACK_APP_TOKEN")
	s.clientSecret, s.secretKey = getenv("KLUBBA_SLACK_CLIENT_SECRET"), getenv("KLUBBA_SECRET_KEY")
	return s, nil
}

// enabled reports whether any Slack credential is set: then Slack must
// start, and a missing one is an error rather than a silent skip.
func (s settings) enabled() bool {
	return s.botToken != "" || s.signingSecret != "" || s.appToken != "" || s.ClientID != ""
}

// newPlatform builds the Slack front end when a credential is set.
func newPlatform(d platform.Deps) (platform.Platform, error) {
	s, err := loadSettings(d.Section, d.Getenv)
	if err != nil || !s.enabled() {
		return nil, err
	}
	cfg := Config{Mode: s.Mode, SigningSecret: s.signingSecret, BotToken: s.botToken, AppToken: s.appToken,
		APIURL: s.APIURL, Bot: d.Bot, Store: d.Store, Clock: d.Clock, Logger: d.Logger}
	if err := s.workspaces(&cfg, d.PublicURL, d.Store); err != nil {
		return nil, err
	}
	a, err := New(cfg)
	if err != nil {
		return nil, err
	}
	d.Logger.Info("slack enabled", "mode", s.Mode, "api", s.APIURL)
	return a, nil
}

// workspaces sets up many workspaces when a client ID is configured.
func (s settings) workspaces(cfg *Config, publicURL string, installs InstallStore) error {
	if s.ClientID == "" {
		return nil
	}
	if s.secretKey == "" {
		return errors.New("slack with many workspaces (KLUBBA_SLACK_CLIENT_ID) needs KLUBBA_SECRET_KEY, 32 random bytes (openssl rand -base64 32), to seal tokens")
	}
	key, err := sealbox.ParseKey(s.secretKey)
	if err != nil {
		return fmt.Errorf("KLUBBA_SECRET_KEY: %w", err)
	}
	redirect := s.RedirectURL
	if redirect == "" {
		if publicURL == "" {
			return errors.New("slack with many workspaces needs public_url (KLUBBA_PUBLIC_URL) or slack.redirect_url: where Slack sends installers back")
		}
		redirect = strings.TrimSuffix(publicURL, "/") + "/slack/oauth/callback"
	}
	cfg.ClientID, cfg.ClientSecret, cfg.RedirectURL = s.ClientID, s.clientSecret, redirect
	cfg.SecretKey, cfg.Installs = key, installs
	return nil
}
