// Package document turns the minutes, written as Markdown by bot/render,
// into the files a secretary hands on: a PDF (codeberg.org/go-pdf/fpdf,
// with the Go fonts embedded) and a Word document (the OOXML parts
// written with archive/zip). It reads only the small part of Markdown
// that the minutes use: headings, paragraphs with hard line breaks,
// bulleted and numbered lists, tables, **bold** and _italic_.
package document

import (
	"strings"
)

// Kind is the kind of a block.
type Kind int

// Block kinds.
const (
	Paragraph  Kind = iota
	Title           // "# …"
	Heading         // "## …", such as "§ 3 Val av mötesfunktionärer"
	Subheading      // "### …"
	Bullet          // "- …"
	Numbered        // "1. …"
	TableRow        // "| a | b |"
)

// Run is a piece of text in one style.
type Run struct {
	Text         string
	Bold, Italic bool
}

// Block is a heading, a paragraph, a list item or a table row. Its Lines
// are the hard line breaks within it; a table row's lines are its cells.
type Block struct {
	Kind Kind
	// Num is a numbered item's number.
	Num   int
	Lines [][]Run
}

// Text is the block's text without styles, its lines joined by newlines.
func (b Block) Text() string {
	lines := make([]string, len(b.Lines))
	for i, l := range b.Lines {
		lines[i] = plain(l)
	}
	return strings.Join(lines, "\n")
}

// plain is a line's text without its styles.
func plain(l []Run) string {
	var s strings.Builder
	for _, r := range l {
		s.WriteString(r.Text)
	}
	return s.String()
}

// Parse reads the minutes' Markdown into blocks.
func Parse(md string) []Block {
	var out []Block
	var para *Block // the paragraph being read, if any
	hardBreak := false
	flush := func() {
		if para != nil {
			out = append(out, *para)
			para = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "# "):
			flush()
			out = append(out, Block{Kind: Title, Lines: [][]Run{inline(trimmed[2:])}})
		case strings.HasPrefix(trimmed, "## "):
			flush()
			out = append(out, Block{Kind: Heading, Lines: [][]Run{inline(trimmed[3:])}})
		case strings.HasPrefix(trimmed, "### "):
			flush()
			out = append(out, Block{Kind: Subheading, Lines: [][]Run{inline(trimmed[4:])}})
		case strings.HasPrefix(trimmed, "- "):
			flush()
			out = append(out, Block{Kind: Bullet, Lines: [][]Run{inline(trimmed[2:])}})
		case numbered(trimmed) > 0:
			flush()
			n := numbered(trimmed)
			_, rest, _ := strings.Cut(trimmed, ". ")
			out = append(out, Block{Kind: Numbered, Num: n, Lines: [][]Run{inline(rest)}})
		case strings.HasPrefix(trimmed, "|"):
			flush()
			if cells := tableCells(trimmed); cells != nil {
				out = append(out, Block{Kind: TableRow, Lines: cells})
			}
		default:
			switch {
			case para == nil:
				para = &Block{Kind: Paragraph, Lines: [][]Run{inline(trimmed)}}
			case hardBreak:
				para.Lines = append(para.Lines, inline(trimmed))
			default: // a soft break joins the line to the one before
				last := len(para.Lines) - 1
				para.Lines[last] = append(append(para.Lines[last], Run{Text: " "}), inline(trimmed)...)
			}
		}
		hardBreak = strings.HasSuffix(line, "  ")
	}
	flush()
	return out
}

// numbered returns the number of a numbered list item ("12. …"), or 0.
func numbered(s string) int {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 6 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || !strings.HasPrefix(s[i:], ". ") {
		return 0
	}
	return n
}

// tableCells splits a table row into its cells; the separator row under
// a table's head gives nil.
func tableCells(s string) [][]Run {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "|"), "|")
	s = strings.ReplaceAll(s, `\|`, "\x00")
	var cells [][]Run
	sep := true
	for _, c := range strings.Split(s, "|") {
		c = strings.TrimSpace(strings.ReplaceAll(c, "\x00", "|"))
		if strings.Trim(c, "-: ") != "" {
			sep = false
		}
		cells = append(cells, inline(c))
	}
	if sep {
		return nil
	}
	return cells
}

// inline reads **bold**, _italic_ and backslash escapes into runs.
func inline(s string) []Run {
	var runs []Run
	var cur strings.Builder
	bold, italic := false, false
	emit := func() {
		if cur.Len() > 0 {
			runs = append(runs, Run{Text: cur.String(), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|", s[i+1]) >= 0:
			cur.WriteByte(s[i+1])
			i++
		case strings.HasPrefix(s[i:], "**"):
			emit()
			bold = !bold
			i++
		case s[i] == '_' && (italic || i+1 < len(s) && s[i+1] != ' ') && emphasisEdge(s, i, italic):
			emit()
			italic = !italic
		default:
			cur.WriteByte(s[i])
		}
	}
	emit()
	return runs
}

// emphasisEdge reports whether the underscore at i opens (or, when
// closing, closes) emphasis: at a word's edge, so that a_b stays as it is.
func emphasisEdge(s string, i int, closing bool) bool {
	if closing {
		return i+1 == len(s) || !isWordByte(s[i+1])
	}
	return (i == 0 || !isWordByte(s[i-1])) && strings.IndexByte(s[i+1:], '_') >= 0
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
