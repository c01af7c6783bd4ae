package bot

import (
	"errors"
	"time"

	"github.com/klubba/klubba/bot/i18n"
)

// dur writes a duration in the meeting's language.
func (c *call) dur(d time.Duration) string { return i18n.Duration(c.lang, d) }

// channelLangKey is where a channel's chosen language is kept: a pseudo
// meeting whose one participant's name is the language, so that the
// choice needs nothing more of the Store than a meeting's participants.
func channelLangKey(channel string) string { return "lang:" + channel }

// channelLang returns the language chosen for channel with `lang` before a
// meeting, or "".
func (c *call) channelLang() string {
	p, err := c.tx.Person(channelLangKey(c.req.Channel), "lang")
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			c.b.log.ErrorContext(c.ctx, "load the channel's language", "err", err)
		}
		return ""
	}
	return p.Name
}
