package console

import (
	"fmt"
	"io"
	"strings"

	"github.com/klubba/klubba/chat"
)

const (
	// barWidth is the width of a full bar in a results chart.
	barWidth = 20
	// editListMax is how many list entries an edit line shows.
	editListMax = 5
)

// render writes a reply as readable plain text; private says who alone
// sees a private one ("(only you)", "(bara du)").
func render(w io.Writer, r chat.Reply, private func(user string) string) {
	var b strings.Builder
	m := r.Message
	prefix := ""
	switch r.To {
	case chat.Caller:
		prefix = private("") + " "
	case chat.Recipient:
		prefix = private(r.User) + " "
	}
	if m.Header != "" {
		fmt.Fprintf(&b, "%s== %s ==\n", prefix, plain(m.Header))
		prefix = ""
	}
	if m.Text != "" {
		fmt.Fprintf(&b, "%s%s\n", prefix, plain(m.Text))
	}
	for i, l := range m.List {
		fmt.Fprintf(&b, "  %s. %s\n", m.Number(i), plain(l))
	}
	for _, f := range m.Fields {
		if strings.Contains(f.Value, "\n") {
			fmt.Fprintf(&b, "%s:\n  %s\n", plain(f.Label), strings.ReplaceAll(plain(f.Value), "\n", "\n  "))
		} else {
			fmt.Fprintf(&b, "%s: %s\n", plain(f.Label), plain(f.Value))
		}
	}
	writeChart(&b, m.Chart)
	if c := m.Choice; c != nil && !c.Ranked { // ranked ballots are cast by text here
		boxes := make([]string, len(c.Options))
		for i, o := range c.Options {
			boxes[i] = "☐ " + o.Value + ". " + o.Label
		}
		fmt.Fprintf(&b, "%s\n", strings.Join(boxes, "  "))
	}
	var labels []string
	for _, btn := range m.Buttons {
		if m.Input != nil && strings.HasSuffix(btn.Value, ":") {
			continue // here text is typed as a command, not into a box
		}
		labels = append(labels, "["+btn.Label+"]")
	}
	if len(labels) > 0 {
		fmt.Fprintf(&b, "%s\n", strings.Join(labels, " "))
	}
	if m.Context != "" {
		fmt.Fprintf(&b, "(%s)\n", plain(m.Context))
	}
	io.WriteString(w, b.String())
}

// renderEdit writes an edit of an earlier message as one line: in a
// terminal nothing can be changed in place, and reprinting a poll at
// every vote would drown the meeting.
func renderEdit(w io.Writer, r chat.Reply) {
	m := r.Message
	line := plain(m.Header)
	if line == "" {
		line = plain(m.Text) // a message without a header, such as who has the floor
	}
	if len(m.List) > 0 {
		items := m.List[:min(len(m.List), editListMax)]
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = fmt.Sprintf("%s. %s", m.Number(i), plain(it))
		}
		line += ": " + joinItems(parts)
		if len(m.List) > editListMax {
			line += ", …"
		}
	}
	if m.Context != "" {
		line += " · " + plain(m.Context)
	}
	fmt.Fprintf(w, "↻ %s\n", line)
}

func writeChart(b *strings.Builder, bars []chat.Bar) {
	width := 0
	for _, bar := range bars {
		width = max(width, len([]rune(bar.Label)))
	}
	for _, bar := range bars {
		full := int(bar.Percent/100*barWidth + 0.5)
		fmt.Fprintf(b, "  %-*s %s%s %3d%s", width, bar.Label,
			strings.Repeat("█", full), strings.Repeat("░", barWidth-full), bar.Count, chat.ShareSuffix(bar))
		if bar.Note != "" {
			fmt.Fprintf(b, "  %s", bar.Note)
		}
		b.WriteByte('\n')
	}
}

// plain strips the Markdown emphasis a terminal cannot show.
func plain(s string) string {
	return strings.NewReplacer("**", "", "`", "").Replace(s)
}

// joinItems joins list items on one line: with a comma, or with a space
// after an item that ends a sentence ("… säger ja. 2. …").
func joinItems(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			if strings.HasSuffix(parts[i-1], ".") || strings.HasSuffix(parts[i-1], "?") || strings.HasSuffix(parts[i-1], "!") {
				b.WriteString(" ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(p)
	}
	return b.String()
}
