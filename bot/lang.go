package bot

import (
	"errors"
	"time"

	"github.com/klubba/klubba/bot/i18n"
)

// dur writes a duration in the meeting's language.
func (u *unit) dur(d time.Duration) string { return i18n.Duration(u.lang, d) }

// channelLang returns the language chosen for channel with `lang` before a
// meeting, or "".
func (u *unit) channelLang() string {
	l, err := u.tx.ChannelLang(u.req.Channel)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			u.b.log.ErrorContext(u.ctx, "load the channel's language", "err", err)
		}
		return ""
	}
	return l
}
