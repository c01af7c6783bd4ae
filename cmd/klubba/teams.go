package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/klubba/klubba/adapters/teams"
)

// TeamsPackageCmd writes the Teams app package.
type TeamsPackageCmd struct {
	Out       string `help:"Where to write the package." default:"klubba-teams.zip" type:"path"`
	AppID     string `help:"The Azure Bot's Microsoft App ID (default from the config or KLUBBA_TEAMS_APP_ID)." placeholder:"GUID"`
	Version   string `help:"The app's version." default:"1.0.0"`
	Developer string `help:"The developer named in the store listing." default:"Klubba"`
	Website   string `help:"The developer's website (https)." default:"https://klubba.example.org"`
}

// Run writes manifest.json and the icons, zipped, ready to upload.
func (c *TeamsPackageCmd) Run(cli *CLI, env *Env) error {
	cfg, err := loadConfig(cli.Config, env, "")
	if err != nil {
		return err
	}
	appID := c.AppID
	if appID == "" {
		s, err := teams.LoadSettings(cfg.Section(teams.Platform), env.Getenv)
		if err != nil {
			return err
		}
		appID = s.AppID
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.Out), ".klubba-teams-*.zip")
	if err != nil {
		return fmt.Errorf("teams package: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = teams.WritePackage(tmp, teams.PackageOptions{AppID: appID, Version: c.Version, Developer: c.Developer, WebsiteURL: c.Website,
		PublicURL: cfg.PublicURL})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.Out)
	}
	if err != nil {
		return fmt.Errorf("teams package: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Wrote %s: upload it in Teams under Apps → Manage your apps → Upload an app.\n", c.Out)
	return nil
}
