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

// restingLang is the language of a channel with no meeting running: the
// one chosen there with `lang`, else that of the channel's last meeting
// (a meeting that ended in Swedish leaves its channel speaking Swedish),
// else "".
func (u *unit) restingLang() string {
	if l := u.channelLang(); l != "" {
		return l
	}
	m, err := u.tx.LastMeeting(u.req.Channel)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			u.b.log.ErrorContext(u.ctx, "load the channel's last meeting", "err", err)
		}
		return ""
	}
	return m.Locale
}
