package bottest

import (
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/facilitation"
)

// Codec is the bot.TemplateCodec of the server (config's checker), for
// tests.
type Codec struct{}

var _ bot.TemplateCodec = Codec{}

// ParseTemplate reads and checks one template as klubba check does.
func (Codec) ParseTemplate(data []byte) (facilitation.Template, []bot.TemplateProblem) {
	t, ps := config.ParseTemplate(data)
	out := make([]bot.TemplateProblem, len(ps))
	for i, p := range ps {
		out[i] = bot.TemplateProblem{Line: p.Line, Field: p.Field, Code: p.Code, Data: p.Data, Msg: p.Msg}
	}
	return t, out
}

// FormatTemplate writes a template as YAML.
func (Codec) FormatTemplate(t facilitation.Template) ([]byte, error) { return config.FormatTemplate(t) }
