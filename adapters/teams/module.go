package teams

import (
	"github.com/klubba/klubba/platform"
)

// Module is Microsoft Teams as a platform of klubba serve: the
// configuration's teams section, the KLUBBA_TEAMS_* variables, and the
// endpoints /api/messages and /teams/tab.
func Module() platform.Module {
	return platform.Module{Name: Platform, Hint: "KLUBBA_TEAMS_APP_ID and KLUBBA_TEAMS_APP_PASSWORD",
		Check: func(sec platform.Section, getenv func(string) string) error {
			s, err := LoadSettings(sec, getenv)
			if err != nil || s.AppID == "" && s.password == "" {
				return err
			}
			return needs(s.AppID, s.password, s.TenantID) // what serve would refuse
		},
		New: newPlatform}
}

// Settings are the teams section of the configuration file, with the
// environment applied; the password comes only from the environment.
type Settings struct {
	AppID             string `yaml:"app_id"`              // KLUBBA_TEAMS_APP_ID
	TenantID          string `yaml:"tenant_id"`           // KLUBBA_TEAMS_TENANT_ID
	OpenIDMetadataURL string `yaml:"openid_metadata_url"` // KLUBBA_TEAMS_OPENID_METADATA_URL
	TokenURL          string `yaml:"token_url"`           // KLUBBA_TEAMS_TOKEN_URL

	password string
}

// LoadSettings decodes the teams section and applies the environment.
func LoadSettings(sec platform.Section, getenv func(string) string) (Settings, error) {
	var s Settings
	if err := sec.Decode(&s); err != nil {
		return s, err
	}
	for dst, key := range map[*string]string{&s.AppID: "KLUBBA_TEAMS_APP_ID", &s.TenantID: "KLUBBA_TEAMS_TENANT_ID",
		&s.OpenIDMetadataURL: "KLUBBA_TEAMS_OPENID_METADATA_URL", &s.TokenURL: "KLUBBA_TEAMS_TOKEN_URL"} {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	s.password = getenv("KLUBBA_TEAMS_APP_PASSWORD")
	return s, nil
}

// newPlatform builds the Teams front end when an app ID or password is set.
func newPlatform(d platform.Deps) (platform.Platform, error) {
	s, err := LoadSettings(d.Section, d.Getenv)
	if err != nil || s.AppID == "" && s.password == "" {
		return nil, err
	}
	a, err := New(Config{
		AppID: s.AppID, AppPassword: s.password, TenantID: s.TenantID,
		OpenIDMetadataURL: s.OpenIDMetadataURL, TokenURL: s.TokenURL,
		Bot: d.Bot, Store: d.Store, Keys: d.Keys, Clock: d.Clock, Logger: d.Logger,
		SSOResource: SSOResource(d.PublicURL, s.AppID), PublicURL: d.PublicURL,
	})
	if err != nil {
		return nil, err
	}
	d.Logger.Info("teams enabled", "app_id", s.AppID, "tenant", s.TenantID)
	return a, nil
}
