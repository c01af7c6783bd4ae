package document

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Options describe a document besides its text.
type Options struct {
	// Title is the document's title in its properties.
	Title string
	// Page labels each page's number: "{page}" and "{pages}" are replaced,
	// as in "Sida {page} av {pages}".
	Page string
	// Lang is the document's language, such as "sv".
	Lang string
	// Created is written as the creation date, so that the same minutes
	// give the same file.
	Created time.Time
}

// pageLabel is the footer of page n.
func (o Options) pageLabel(n int, pages string) string {
	label := o.Page
	if label == "" {
		label = "{page} / {pages}"
	}
	return strings.NewReplacer("{page}", strconv.Itoa(n), "{pages}", pages).Replace(label)
}

// The PDF's layout, in millimetres and points.
const (
	pdfMargin     = 20.0
	pdfFont       = "go"
	pdfSize       = 10.5
	pdfLine       = 5.0
	pdfIndent     = 6.0
	pdfTableWidth = 170.0
)

// nbAlias is replaced by the number of pages when the PDF is written.
const nbAlias = "{nb}"

// PDF writes blocks as an A4 PDF with the Go fonts embedded (subset), so
// that å, ä and ö print and pdftotext reads the text, and each page
// numbered in its footer.
func PDF(w io.Writer, blocks []Block, opts Options) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.SetCatalogSort(true)
	if !opts.Created.IsZero() {
		f.SetCreationDate(opts.Created)
		f.SetModificationDate(opts.Created)
	}
	f.SetTitle(opts.Title, true)
	f.SetCreator("Klubba", true)
	if opts.Lang != "" {
		f.SetLang(opts.Lang)
	}
	f.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	f.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(pdfFont, "I", goitalic.TTF)
	f.AddUTF8FontFromBytes(pdfFont, "BI", gobolditalic.TTF)
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin)
	f.AliasNbPages(nbAlias)
	f.SetFooterFunc(func() {
		f.SetY(-pdfMargin + 5)
		f.SetFont(pdfFont, "", 8.5)
		f.CellFormat(0, 5, opts.pageLabel(f.PageNo(), nbAlias), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	for i, b := range blocks {
		if _, y := f.GetXY(); y+signingHeight(blocks, i) > 297-pdfMargin {
			f.AddPage() // a signature with its label ("Justeras") and the rest of its group on one page
		}
		pdfBlock{f: f, b: b}.write(i)
		if endsList(blocks, i) {
			f.Ln(2)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// PDFBytes is PDF into a new slice.
func PDFBytes(blocks []Block, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	err := PDF(&buf, blocks, opts)
	return buf.Bytes(), err
}

// pdfBlock writes one block.
type pdfBlock struct {
	f *fpdf.Fpdf
	b Block
}

func (p pdfBlock) write(i int) {
	f := p.f
	switch p.b.Kind {
	case Title:
		f.SetFont(pdfFont, "B", 16)
		f.MultiCell(0, 7.5, p.b.Text(), "", "L", false)
		f.Ln(3)
	case Heading:
		if i > 0 {
			f.Ln(2)
		}
		if _, y := f.GetXY(); y > 297-pdfMargin-25 { // keep a heading with what follows
			f.AddPage()
		}
		f.SetFont(pdfFont, "B", 12.5)
		f.MultiCell(0, 6.5, p.b.Text(), "", "L", false)
		f.Ln(1.5)
	case Subheading:
		f.SetFont(pdfFont, "B", pdfSize)
		f.MultiCell(0, pdfLine+0.5, p.b.Text(), "", "L", false)
		f.Ln(1)
	case Bullet, Numbered:
		mark := "•"
		if p.b.Kind == Numbered {
			mark = strconv.Itoa(p.b.Num) + "."
		}
		f.SetFont(pdfFont, "", pdfSize)
		f.SetX(pdfMargin)
		f.CellFormat(pdfIndent, pdfLine, mark, "", 0, "L", false, 0, "")
		f.SetLeftMargin(pdfMargin + pdfIndent)
		p.runs(p.b.Lines[0])
		f.SetLeftMargin(pdfMargin)
		f.Ln(pdfLine)
	case TableRow:
		f.SetFont(pdfFont, "", pdfSize-1)
		cols := float64(max(len(p.b.Lines), 1))
		first := pdfTableWidth / cols * 1.6
		rest := (pdfTableWidth - first) / max(cols-1, 1)
		for j, cell := range p.b.Lines {
			w := rest
			if j == 0 {
				w = first
			}
			f.CellFormat(w, pdfLine, plain(cell), "B", 0, "L", false, 0, "")
		}
		f.Ln(pdfLine)
	default:
		f.SetFont(pdfFont, "", pdfSize)
		for _, l := range p.b.Lines {
			p.runs(l)
			f.Ln(pdfLine)
		}
		f.Ln(2)
	}
}

// runs writes a line of styled runs, wrapping at the right margin.
func (p pdfBlock) runs(l []Run) {
	for _, r := range l {
		style := ""
		if r.Bold {
			style += "B"
		}
		if r.Italic {
			style += "I"
		}
		p.f.SetFont(pdfFont, style, pdfSize)
		p.f.Write(pdfLine, r.Text)
	}
}

// signingHeight is the room, in mm, that blocks[i] needs on its page
// when it begins signatures: a label over signature lines ("Justeras"),
// which goes with all of them, or a signature line and its name. Other
// blocks need none.
func signingHeight(blocks []Block, i int) float64 {
	const label, signature = 8, 14
	lines := 0
	for j := i + 1; j < len(blocks) && signatureBlock(blocks[j]); j++ {
		lines++
	}
	switch {
	case signatureBlock(blocks[i]):
		return signature
	case lines > 0 && blocks[i].Kind == Paragraph:
		return label + float64(lines)*signature
	}
	return 0
}

// signatureBlock reports whether b is a signature: a line to sign on,
// and under it the name.
func signatureBlock(b Block) bool {
	return b.Kind == Paragraph && len(b.Lines) > 0 && strings.HasPrefix(plain(b.Lines[0]), "____")
}

// endsList reports whether blocks[i] is the last item of a list or table.
func endsList(blocks []Block, i int) bool {
	k := blocks[i].Kind
	if k != Bullet && k != Numbered && k != TableRow {
		return false
	}
	return i+1 == len(blocks) || blocks[i+1].Kind != k
}
