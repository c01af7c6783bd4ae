package bot

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The live board (docs/architecture.md, "Platforms and the live board"): a read-only page per meeting, for the
// projector, at /board/<token>. This file holds what the bot knows of it:
// the token (made and revoked by the chair), and Board, the state the
// page shows, loaded in one read transaction. The web adapter renders it.

// tokenBytes is a link token's length before encoding: 256 bits, so
// that guessing one is hopeless.
const tokenBytes = 32

// newToken returns a fresh, unguessable token, URL-safe: a board's or a
// calendar feed's.
func newToken() string {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// BoardPath is the path of the board with token, under the public URL.
func BoardPath(token string) string { return "/board/" + token }

// board sends the chair the board's link privately, making the token
// the first time.
func showBoard(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	tok, err := u.tx.BoardToken(u.m.ID)
	if errors.Is(err, ErrNotFound) {
		tok = newToken()
		err = u.tx.PutBoardToken(u.m.ID, tok)
	}
	if err != nil {
		return fmt.Errorf("board token of %s: %w", u.m.ID, err)
	}
	u.tell(chat.Message{Text: u.t("BoardLink", "Title", u.m.Title, "URL", publicLink(u, BoardPath(tok)))})
	return nil
}

// boardReset gives the board a new token: the old link stops working,
// and pages open on it are told so.
func boardReset(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	tok := newToken()
	if err := u.tx.PutBoardToken(u.m.ID, tok); err != nil {
		return fmt.Errorf("board token of %s: %w", u.m.ID, err)
	}
	u.tell(chat.Message{Text: u.t("BoardLinkReset", "URL", publicLink(u, BoardPath(tok)))})
	return nil
}

// publicLink is the address of path (the board's, a calendar feed's, the
// template editor's): under the public URL when one is configured, else
// the bare path with a hint for the organiser.
func publicLink(u *unit, path string) string {
	if u.b.publicURL == "" {
		return path + " " + u.t("BoardNoURL")
	}
	return strings.TrimRight(u.b.publicURL, "/") + path
}

// changed tells the Changed hook, if any, that a meeting's state was
// committed.
func (b *Bot) changed(meetingID string) {
	if b.onChange != nil && meetingID != "" {
		b.onChange(meetingID)
	}
}

// Board loads the live board of the meeting whose board has token, in one
// read transaction. An unknown or revoked token gives ErrNotFound.
func (b *Bot) Board(ctx context.Context, token string) (*render.Board, error) {
	var out *render.Board
	known := false // past the token: a record missing now is damage, not a bad link
	err := b.store.View(ctx, func(tx Tx) error {
		id, err := tx.BoardMeeting(token)
		if err != nil {
			return err
		}
		want, err := tx.BoardToken(id)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(token)) != 1 {
			return ErrNotFound
		}
		known = true
		m, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		if !m.Running() && b.clock.Now().Sub(m.Ended) > BoardAfterEnd {
			known = false // the link has served its meeting: no board any more
			return ErrNotFound
		}
		out, err = b.boardOf(ctx, tx, m)
		return err
	})
	switch {
	case err == nil:
		return out, nil
	case !known && errors.Is(err, ErrNotFound):
		return nil, ErrNotFound
	case known:
		return nil, fmt.Errorf("load board: %v", err) // not ErrNotFound: the link is good
	default:
		return nil, fmt.Errorf("load board: %w", err)
	}
}

// boardOf is what the board of m shows, loaded in tx.
func (b *Bot) boardOf(ctx context.Context, tx Tx, m *facilitation.Meeting) (*render.Board, error) {
	u := b.newUnit(ctx, tx, Request{Channel: m.Channel})
	u.setMeeting(m)
	polls, err := boardPolls(u)
	if err != nil {
		return nil, err
	}
	return u.view().Board(polls), u.failed
}

// BoardAfterEnd is how long a meeting's board stays up after the meeting
// ends, showing how it ended; then its link leads nowhere, as the chair
// can no longer reset it.
const BoardAfterEnd = 24 * time.Hour

// maxBoardPolls is how many open polls the board shows at once.
const maxBoardPolls = 3

// boardPolls loads the open polls, newest first, and the latest closed
// one. Headers are read first (no votes), so that only the polls shown
// cost a full load.
func boardPolls(u *unit) ([]render.Poll, error) {
	var open []render.Poll
	var closed *render.Poll
	for i := len(u.m.Polls) - 1; i >= 0 && (closed == nil || len(open) < maxBoardPolls); i-- {
		h, err := u.tx.PollFor(u.m.Polls[i], "")
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", u.m.Polls[i], err)
		}
		if h.Closed && closed != nil || !h.Closed && len(open) >= maxBoardPolls {
			continue
		}
		p, err := u.tx.Poll(h.ID)
		if err != nil {
			return nil, fmt.Errorf("load poll %d: %w", h.ID, err)
		}
		bp, err := loadPoll(u.tx, u.m, p)
		if err != nil {
			return nil, err
		}
		if p.Closed {
			closed = &bp
		} else {
			open = append(open, bp)
		}
	}
	if closed != nil {
		open = append(open, *closed)
	}
	return open, nil
}

// BoardOf loads the live board of a channel's running meeting, for a
// platform's own view of it (a Teams meeting's tab), which checks that
// the person asking belongs to the channel. No running meeting gives
// ErrNotFound.
func (b *Bot) BoardOf(ctx context.Context, channel string) (*render.Board, error) {
	var out *render.Board
	err := b.store.View(ctx, func(tx Tx) error {
		m, err := tx.Running(channel)
		if err != nil {
			return err
		}
		out, err = b.boardOf(ctx, tx, m)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load the board of %s: %w", channel, err)
	}
	return out, nil
}
