package main

import (
	"fmt"
	"time"
	_ "time/tzdata" // schedules name IANA zones; a slim container may have no zoneinfo

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/facilitation"
)

// templateCodec is the bot's template checker: config's, which `klubba
// check` uses too, so that a template in chat is checked as in the file.
type templateCodec struct{}

var _ bot.TemplateCodec = templateCodec{}

func (templateCodec) ParseTemplate(data []byte) (facilitation.Template, []bot.TemplateProblem) {
	t, ps := config.ParseTemplate(data)
	out := make([]bot.TemplateProblem, len(ps))
	for i, p := range ps {
		out[i] = bot.TemplateProblem{Line: p.Line, Field: p.Field, Code: p.Code, Data: p.Data, Msg: p.Msg}
	}
	return t, out
}

func (templateCodec) FormatTemplate(t facilitation.Template) ([]byte, error) {
	return config.FormatTemplate(t)
}

// workspaceZone is the configuration's time zone (validated by Load), or
// nil when it names none.
func workspaceZone(cfg *config.Config) (*time.Location, error) {
	if cfg.TimeZone == "" {
		return nil, nil
	}
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time_zone: %w", err)
	}
	return loc, nil
}
