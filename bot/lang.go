package bot

import (
	"errors"
	"time"

	"github.com/klubba/klubba/bot/i18n"
)

// dur writes a duration in the meeting's language.
func (c *call) dur(d time.Duration) string { return i18n.Duration(c.lang, d) }

// channelLang returns the language chosen for channel with `lang` before a
// meeting, or "".
func (c *call) channelLang() string {
	l, err := c.tx.ChannelLang(c.req.Channel)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			c.b.log.ErrorContext(c.ctx, "load the channel's language", "err", err)
		}
		return ""
	}
	return l
}
