// Package i18n holds Klubba's message catalogues (English and Swedish)
// and writes durations as each language does.
package i18n

import (
	"embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Locales are the languages Klubba speaks.
var Locales = []string{"en", "sv"}

//go:embed locales/*.yaml
var localeFS embed.FS

// Catalog holds the message catalogues, one localizer per language.
type Catalog struct {
	localizers map[string]*i18n.Localizer
	// plain holds, by language and ID, the messages that only fill in
	// fields (see plainMessage).
	plain map[string]map[string]plainMessage
}

// Shared loads the catalogues once for the process: they are embedded,
// never change, and a localizer is safe for concurrent use. Parsing them
// costs more than the rest of a Bot's start.
var Shared = sync.OnceValues(Load)

// Load parses the embedded catalogues.
func Load() (*Catalog, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &Catalog{localizers: map[string]*i18n.Localizer{}, plain: map[string]map[string]plainMessage{}}
	for _, l := range Locales {
		file, err := bundle.LoadMessageFileFS(localeFS, "locales/"+l+".yaml")
		if err != nil {
			return nil, fmt.Errorf("load %s messages: %w", l, err)
		}
		c.localizers[l] = i18n.NewLocalizer(bundle, l)
		c.plain[l] = plainMessages(file)
	}
	return c, nil
}

// Has reports whether lang is one of Locales.
func (c *Catalog) Has(lang string) bool { _, ok := c.localizers[lang]; return ok }

// Text returns message id in lang, filled from key/value pairs. A "Count"
// value selects the plural form. A message missing from a catalogue is a
// bug that the catalogue test catches; the ID is shown rather than nothing.
func (c *Catalog) Text(lang, id string, kv ...any) string {
	if m, ok := c.plain[lang][id]; ok {
		if s, ok := m.fill(kv); ok {
			return s
		}
	}
	return c.localize(lang, id, kv)
}

// localize is Text through go-i18n and its templates.
func (c *Catalog) localize(lang, id string, kv []any) string {
	loc, ok := c.localizers[lang]
	if !ok {
		loc = c.localizers["en"]
	}
	data := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		data[kv[i].(string)] = kv[i+1]
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		cfg.PluralCount = nil // a message without plural forms
		s, err = loc.Localize(cfg)
	}
	if err != nil {
		return id
	}
	return strings.TrimRight(s, "\n")
}

// Duration writes a duration in lang: "1h5m" or "2m30s" in English,
// "1 tim 5 min" or "2 min 30 s" in Swedish.
func Duration(lang string, d time.Duration) string {
	if lang != "sv" {
		return Short(d)
	}
	return swedish(d)
}

// Short writes a duration as people read it in any language: 1h5m, 10m,
// 2m30s, 45s.
func Short(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 || h == 0 && m == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// swedish writes a duration as Swedish text does: "5 min", "2 tim 33 min", "45 s".
func swedish(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d tim", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s > 0 && h == 0 || h == 0 && m == 0 {
		parts = append(parts, fmt.Sprintf("%d s", s))
	}
	out := strings.Join(parts, " ")
	if neg {
		out = "−" + out
	}
	return out
}
