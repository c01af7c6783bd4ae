package bot

import (
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Locales are the languages Klubba speaks.
var Locales = []string{"en", "sv"}

//go:embed locales/*.yaml
var localeFS embed.FS

// catalog holds the message catalogues, one localizer per language.
type catalog struct {
	localizers map[string]*i18n.Localizer
}

// sharedCatalog loads the catalogues once for every Bot of the process:
// they are embedded, never change, and a localizer is safe for concurrent
// use. Parsing them costs more than the rest of New.
var sharedCatalog = sync.OnceValues(loadCatalog)

func loadCatalog() (*catalog, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &catalog{localizers: map[string]*i18n.Localizer{}}
	for _, l := range Locales {
		if _, err := bundle.LoadMessageFileFS(localeFS, "locales/"+l+".yaml"); err != nil {
			return nil, fmt.Errorf("load %s messages: %w", l, err)
		}
		c.localizers[l] = i18n.NewLocalizer(bundle, l)
	}
	return c, nil
}

func (c *catalog) has(lang string) bool { _, ok := c.localizers[lang]; return ok }

// text returns message id in lang, filled from key/value pairs. A "Count"
// value selects the plural form. A message missing from a catalogue is a
// bug that the catalogue test catches; the ID is shown rather than nothing.
func (c *catalog) text(lang, id string, kv ...any) string {
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
