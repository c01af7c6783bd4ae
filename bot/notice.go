package bot

import (
	"cmp"
	"context"
)

// Notices an adapter may show, by catalogue ID.
const (
	// NoticeNotInChannel tells a person that Klubba cannot post in the
	// conversation they used, and how to fix it.
	NoticeNotInChannel = "NotInChannel"
	// NoticeUnreached heads the list of people a platform would not let
	// Klubba answer privately, and tells them how to fix it.
	NoticeUnreached = "Unreached"
	// NoticeUnreachedSlack is NoticeUnreached in Slack, where it is
	// people who are not in the channel and take no direct messages.
	NoticeUnreachedSlack = "UnreachedSlack"
	// NoticeEditLegend explains the mark the console prints for a message
	// posted earlier that has changed.
	NoticeEditLegend = "ConsoleEditLegend"
	// NoticeOnlyYou and NoticeOnlyUser (User) mark a reply the console
	// shows that only the caller, or only User, would see.
	NoticeOnlyYou  = "ConsoleOnlyYou"
	NoticeOnlyUser = "ConsoleOnlyUser"
	// NoticeScriptRefused sums up a console script with refused lines
	// (Script, Count); NoticeScriptRefusedRunning adds that the meeting it
	// started still runs, and NoticeScriptRefusedForce how the chair ends it.
	NoticeScriptRefused        = "ConsoleScriptRefused"
	NoticeScriptRefusedRunning = "ConsoleScriptRefusedRunning"
	NoticeScriptRefusedForce   = "ConsoleScriptRefusedForce"
)

// Notice returns a catalogue message for a channel: in the language of
// its running meeting, or of the channel (chosen with lang, or its last
// meeting's), or the bot's. Adapters use it for what only they can tell,
// such as a platform refusing a post.
func (b *Bot) Notice(ctx context.Context, channel, id string) string {
	return b.NoticeWith(ctx, channel, id)
}

// NoticeWith is Notice filled from key/value pairs.
func (b *Bot) NoticeWith(ctx context.Context, channel, id string, kv ...any) string {
	lang := b.locale
	b.store.View(ctx, func(tx Tx) error {
		u := b.newUnit(ctx, tx, Request{Channel: channel})
		if m, err := tx.Running(channel); err == nil && m.Locale != "" {
			lang = m.Locale
			return nil
		}
		lang = cmp.Or(u.restingLang(), lang)
		return nil
	})
	return b.i18n.Text(lang, id, kv...)
}
