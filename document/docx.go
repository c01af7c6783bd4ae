package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// DOCX writes blocks as a Word document (Office Open XML): the title and
// the § headings as Word's Title and Heading styles, so that Word's
// navigation pane lists the paragraphs, lists indented, tables as tables,
// and a footer that numbers the pages.
func DOCX(w io.Writer, blocks []Block, opts Options) error {
	z := zip.NewWriter(w)
	created := opts.Created
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"docProps/core.xml", docxCore(opts, created)},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/styles.xml", docxStyles(opts.Lang)},
		{"word/footer1.xml", docxFooter(opts)},
		{"word/document.xml", docxDocument(blocks)},
	}
	for _, p := range parts {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return fmt.Errorf("write docx part %s: %w", p.name, err)
		}
		if _, err := io.WriteString(fw, p.body); err != nil {
			return fmt.Errorf("write docx part %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

// DOCXBytes is DOCX into a new slice.
func DOCXBytes(blocks []Block, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	err := DOCX(&buf, blocks, opts)
	return buf.Bytes(), err
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const docxContentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const docxRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const docxDocumentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

func docxCore(opts Options, created time.Time) string {
	at := created.UTC().Format(time.RFC3339)
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(opts.Title) + `</dc:title><dc:creator>Klubba</dc:creator><dc:language>` + esc(opts.Lang) + `</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + at + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + at + `</dcterms:modified></cp:coreProperties>`
}

// docxStyles defines the styles the document uses, in sizes of half points.
func docxStyles(lang string) string {
	style := func(id, name string, size int, bold bool, before, after int) string {
		b := ""
		if bold {
			b = "<w:b/>"
		}
		keep, outline := "", ""
		if strings.HasPrefix(id, "Heading") { // the schema's order: keepNext, spacing, outlineLvl
			keep, outline = `<w:keepNext/>`, `<w:outlineLvl w:val="`+strconv.Itoa(int(id[len(id)-1]-'1'))+`"/>`
		}
		return `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
			`<w:pPr>` + keep + `<w:spacing w:before="` + strconv.Itoa(before) + `" w:after="` + strconv.Itoa(after) + `"/>` + outline + `</w:pPr>` +
			`<w:rPr>` + b + `<w:sz w:val="` + strconv.Itoa(size) + `"/></w:rPr></w:style>`
	}
	return xmlHeader + `<w:styles ` + wordNS + `>` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="` + esc(lang) + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		style("Title", "Title", 36, true, 0, 240) +
		style("Heading1", "heading 1", 28, true, 360, 120) +
		style("Heading2", "heading 2", 24, true, 240, 80) +
		`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/><w:ind w:left="567" w:hanging="340"/></w:pPr></w:style>` +
		// Signatures and their labels (signingHeight) stay on one page.
		`<w:style w:type="paragraph" w:styleId="Signing"><w:name w:val="Signing"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:keepLines/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>` +
		`</w:styles>`
}

// docxFooter numbers the pages with Word's PAGE and NUMPAGES fields.
func docxFooter(opts Options) string {
	label := opts.Page
	if label == "" {
		label = "{page} / {pages}"
	}
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:ftr ` + wordNS + `><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>`)
	field := func(name string) {
		b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + name +
			` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	}
	for label != "" {
		i := strings.IndexByte(label, '{')
		if i < 0 {
			b.WriteString(textRun(Run{Text: label}))
			break
		}
		b.WriteString(textRun(Run{Text: label[:i]}))
		switch {
		case strings.HasPrefix(label[i:], "{page}"):
			field("PAGE")
			label = label[i+len("{page}"):]
		case strings.HasPrefix(label[i:], "{pages}"):
			field("NUMPAGES")
			label = label[i+len("{pages}"):]
		default:
			b.WriteString(textRun(Run{Text: "{"}))
			label = label[i+1:]
		}
	}
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}

// docxDocument is the body: one Word paragraph per block.
func docxDocument(blocks []Block) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document ` + wordNS + `><w:body>`)
	inTable := false
	for i, bl := range blocks {
		if inTable && bl.Kind != TableRow {
			b.WriteString(`</w:tbl>`)
			inTable = false
		}
		switch bl.Kind {
		case Title:
			paragraph(&b, "Title", bl.Lines)
		case Heading:
			paragraph(&b, "Heading1", bl.Lines)
		case Subheading:
			paragraph(&b, "Heading2", bl.Lines)
		case Bullet:
			paragraph(&b, "ListParagraph", prefix("•\t", bl.Lines))
		case Numbered:
			paragraph(&b, "ListParagraph", prefix(strconv.Itoa(bl.Num)+".\t", bl.Lines))
		case TableRow:
			if !inTable {
				b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
				inTable = true
			}
			b.WriteString(`<w:tr>`)
			for _, cell := range bl.Lines {
				b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>`)
				paragraph(&b, "", [][]Run{cell})
				b.WriteString(`</w:tc>`)
			}
			b.WriteString(`</w:tr>`)
		default:
			style := ""
			if signingHeight(blocks, i) > 0 {
				style = "Signing"
			}
			paragraph(&b, style, bl.Lines)
		}
	}
	if inTable {
		b.WriteString(`</w:tbl>`)
	}
	b.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// prefix puts p before a list item's text.
func prefix(p string, lines [][]Run) [][]Run {
	out := make([][]Run, len(lines))
	copy(out, lines)
	if len(out) > 0 {
		out[0] = append([]Run{{Text: p}}, out[0]...)
	}
	return out
}

// paragraph writes one Word paragraph of the given style, its lines
// separated by line breaks.
func paragraph(b *strings.Builder, style string, lines [][]Run) {
	b.WriteString(`<w:p>`)
	if style != "" {
		b.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	for i, l := range lines {
		if i > 0 {
			b.WriteString(`<w:r><w:br/></w:r>`)
		}
		for _, r := range l {
			b.WriteString(textRun(r))
		}
	}
	b.WriteString(`</w:p>`)
}

// textRun is one run of text; a tab becomes Word's tab.
func textRun(r Run) string {
	if r.Text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<w:r>`)
	if r.Bold || r.Italic {
		b.WriteString(`<w:rPr>`)
		if r.Bold {
			b.WriteString(`<w:b/>`)
		}
		if r.Italic {
			b.WriteString(`<w:i/>`)
		}
		b.WriteString(`</w:rPr>`)
	}
	for i, part := range strings.Split(r.Text, "\t") {
		if i > 0 {
			b.WriteString(`<w:tab/>`)
		}
		if part != "" {
			b.WriteString(`<w:t xml:space="preserve">` + esc(part) + `</w:t>`)
		}
	}
	b.WriteString(`</w:r>`)
	return b.String()
}

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}
