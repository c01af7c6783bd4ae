package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// view is what the board's template gets.
type view struct{ *render.Board }

// maxQueueShown is how many waiting speakers the board lists; the rest
// are counted, so that the page keeps to one screen.
const maxQueueShown = 8

// Shown is the part of the queue the board lists.
func (v view) Shown() []render.BoardRequest { return v.Queue[:min(len(v.Queue), maxQueueShown)] }

// More is how many waiting speakers are not listed.
func (v view) More() int { return max(0, len(v.Queue)-maxQueueShown) }

func parseTemplates() (*template.Template, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"ms":      func(t time.Time) int64 { return t.UnixMilli() },
		"clock":   clock,
		"span":    span,
		"bold":    bold,
		"code":    code,
		"percent": func(p float64) string { return fmt.Sprintf("%.0f", p) },
		"share":   chat.ShareOf,
		"symbol":  symbol,
	}).ParseFS(assets, "assets/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse board templates: %w", err)
	}
	return t, nil
}

// clock writes the time from now to deadline as the board's countdowns
// do: 4:05, 1:02:03, and +0:30 once it is past.
func clock(deadline, now time.Time) string { return span(deadline.Sub(now)) }

// span writes d as clock does a countdown's time left: a clock that
// stands still shows it so.
func span(d time.Duration) string {
	d = d.Round(time.Second)
	sign := ""
	if d < 0 {
		sign, d = "+", -d
	}
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if h > 0 {
		return fmt.Sprintf("%s%d:%02d:%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%s%d:%02d", sign, m, s)
}

// bold escapes s and turns Markdown's **bold** into <strong>.
func bold(s string) template.HTML { return markup(s, "**", "strong") }

// code escapes s and turns Markdown's `code` into <code>, as the
// catalogue writes a command to type.
func code(s string) template.HTML { return markup(s, "`", "code") }

// markup escapes s and puts what each pair of marker encloses in the
// HTML element tag; an unpaired marker stays as typed.
func markup(s, marker, tag string) template.HTML {
	parts := strings.Split(s, marker)
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(template.HTMLEscapeString(p))
		case i < len(parts)-1:
			b.WriteString("<" + tag + ">" + template.HTMLEscapeString(p) + "</" + tag + ">")
		default:
			b.WriteString(marker + template.HTMLEscapeString(p))
		}
	}
	return template.HTML(b.String())
}

// symbol marks a request's kind by shape as well as by word, so that no
// meaning rests on colour.
func symbol(kind facilitation.Kind) string {
	switch kind {
	case facilitation.PointOfOrder:
		return "!"
	case facilitation.Information:
		return "i"
	case facilitation.Reply:
		return "↩"
	}
	return "•"
}
