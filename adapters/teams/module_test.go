package teams

import (
	"strings"
	"testing"

	"github.com/klubba/klubba/config"
)

func TestModuleSettings(t *testing.T) {
	cfg, err := config.Load("c.yaml", strings.NewReader("teams:\n  app_id: file-app\n  tenant_id: file-tenant\n"), Platform)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"KLUBBA_TEAMS_TENANT_ID": "env-tenant", "KLUBBA_TEAMS_APP_PASSWORD": "pw"}
	s, err := LoadSettings(cfg.Section(Platform), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if want := (Settings{AppID: "file-app", TenantID: "env-tenant", password: "pw"}); s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
	cfg, err = config.Load("c.yaml", strings.NewReader("teams:\n  app_password: pw\n"), Platform)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(cfg.Section(Platform), func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "c.yaml:2: teams.app_password: unknown key") {
		t.Errorf("a password in the file: %v", err)
	}
}
