package bot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// dur writes a duration in the meeting's language: "1h5m" or "2m30s" in
// English, "1 tim 5 min" or "2 min 30 s" in Swedish.
func (c *call) dur(d time.Duration) string {
	if c.lang != "sv" {
		return fmtDuration(d)
	}
	return svDuration(d)
}

// svDuration writes a duration as Swedish text does: "5 min", "2 tim 33 min", "45 s".
func svDuration(d time.Duration) string {
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
