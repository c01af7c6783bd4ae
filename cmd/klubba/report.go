package main

import (
	"context"
	"fmt"

	"github.com/klubba/klubba/bot"
)

// ReportCmd prints the facilitator's report: the trend across meetings.
type ReportCmd struct {
	DB       string `help:"Database file." env:"KLUBBA_DB" placeholder:"FILE"`
	Template string `help:"Only meetings of this template." placeholder:"NAME"`
	Lang     string `help:"Language of the report (en or sv); default the configured locale." enum:",en,sv" default:""`
}

// Run prints the report.
func (c *ReportCmd) Run(ctx context.Context, cli *CLI, env *Env) error {
	cfg, err := loadConfig(cli.Config, env, c.DB)
	if err != nil {
		return err
	}
	a, err := openExisting(cfg, newLogger(env.Stderr, "warn", cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	md, err := a.bot.Trend(ctx, bot.TrendOptions{Template: c.Template, Lang: c.Lang})
	if err != nil {
		return err
	}
	fmt.Fprint(env.Stdout, md)
	return nil
}
