package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

const sample = `# Protokoll: Årsmöte 2026, Föreningen Klubban

Datum: 2026-12-06, kl. 18:02–20:14  
Plats: Folkets hus, Ödeshög

## § 9 Motioner

Eva Lindqvist yrkade _att höjningen gäller från 2028_, med stöd av Gun Åberg.

Mötet beslutade **att bifalla motionen**.  
_Anders Berg reserverade sig._

- yrkande 1: 98 röster
- yrkande 2: 146 röster

1. Ada Ström
2. Bo Nilsson

| # | Punkt | Tid |
|---|---|---|
| 1 | Öppnande \| start | 3 min |

Vid protokollet

\_\_\_\_\_\_\_\_  
Birgitta Lund, sekreterare
`

func TestParse(t *testing.T) {
	got := Parse(sample)
	want := []struct {
		kind Kind
		text string
	}{
		{Title, "Protokoll: Årsmöte 2026, Föreningen Klubban"},
		{Paragraph, "Datum: 2026-12-06, kl. 18:02–20:14\nPlats: Folkets hus, Ödeshög"},
		{Heading, "§ 9 Motioner"},
		{Paragraph, "Eva Lindqvist yrkade att höjningen gäller från 2028, med stöd av Gun Åberg."},
		{Paragraph, "Mötet beslutade att bifalla motionen.\nAnders Berg reserverade sig."},
		{Bullet, "yrkande 1: 98 röster"},
		{Bullet, "yrkande 2: 146 röster"},
		{Numbered, "Ada Ström"},
		{Numbered, "Bo Nilsson"},
		{TableRow, "#\nPunkt\nTid"},
		{TableRow, "1\nÖppnande | start\n3 min"},
		{Paragraph, "Vid protokollet"},
		{Paragraph, "________\nBirgitta Lund, sekreterare"},
	}
	if len(got) != len(want) {
		t.Fatalf("Parse gave %d blocks, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Text() != w.text {
			t.Errorf("block %d = %v %q, want %v %q", i, got[i].Kind, got[i].Text(), w.kind, w.text)
		}
	}
	if got[8].Num != 2 {
		t.Errorf("second numbered item has number %d, want 2", got[8].Num)
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		in   string
		want []Run
	}{
		{"plain", []Run{{Text: "plain"}}},
		{"a **b** c", []Run{{Text: "a "}, {Text: "b", Bold: true}, {Text: " c"}}},
		{"_italic_ text", []Run{{Text: "italic", Italic: true}, {Text: " text"}}},
		{"snake_case_name stays", []Run{{Text: "snake_case_name stays"}}},
		{`\_\_ and \|`, []Run{{Text: "__ and |"}}},
		{"**yrkande 2: att bifalla**", []Run{{Text: "yrkande 2: att bifalla", Bold: true}}},
	}
	for _, tt := range tests {
		if got := inline(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("inline(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// pdfText extracts a PDF's text with poppler's pdftotext; without it the
// test is skipped, except in CI, which installs it (.ci/run).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing, and CI must run this test")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestPDFHasRealTextAndPageNumbers(t *testing.T) {
	md := sample + strings.Repeat("\nEn rad till i protokollet, för att fylla sidorna.\n", 150)
	opts := Options{Title: "Protokoll", Page: "Sida {page} av {pages}", Lang: "sv", Created: time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)}
	pdf, err := PDFBytes(Parse(md), opts)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := PDFBytes(Parse(md), opts)
	if !bytes.Equal(pdf, again) {
		t.Error("the same minutes gave two different PDFs")
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Protokoll: Årsmöte 2026, Föreningen Klubban", "Plats: Folkets hus, Ödeshög", "§ 9 Motioner",
		"Mötet beslutade att bifalla motionen.", "Anders Berg reserverade sig.", "Birgitta Lund, sekreterare"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	m := regexp.MustCompile(`Sida 1 av (\d+)`).FindStringSubmatch(text)
	if m == nil || m[1] == "1" || !strings.Contains(text, "Sida "+m[1]+" av "+m[1]) {
		t.Errorf("the pages are not numbered \"Sida n av N\" (N > 1) from the first to the last:\n%s", text)
	}
	if strings.Contains(text, "{nb}") || strings.Contains(text, "**") {
		t.Errorf("the PDF shows markup or the page alias:\n%s", text)
	}
}

func TestDOCX(t *testing.T) {
	docx, err := DOCXBytes(Parse(sample), Options{Title: "Protokoll", Page: "Sida {page} av {pages}", Lang: "sv"})
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		parts[f.Name] = string(b)
		if err := xml.Unmarshal(b, new(struct{})); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/footer1.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("the DOCX lacks %s", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">Protokoll: Årsmöte 2026, Föreningen Klubban</w:t>`,
		`<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">§ 9 Motioner</w:t>`,
		`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">att bifalla motionen</w:t></w:r>`,
		`Öppnande | start`, `Birgitta Lund, sekreterare`,
		// The signature and its label are kept with what follows them.
		`<w:pStyle w:val="Signing"/></w:pPr><w:r><w:t xml:space="preserve">Vid protokollet</w:t>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("word/document.xml lacks %s", want)
		}
	}
	if f := parts["word/footer1.xml"]; !strings.Contains(f, "Sida ") || !strings.Contains(f, " PAGE ") || !strings.Contains(f, " NUMPAGES ") {
		t.Errorf("the footer does not number the pages: %s", f)
	}
}

// TestSignaturesKeptTogether: "Justeras" is never left at the foot of a
// page with its signature lines on the next; whatever the length of the
// minutes before it, the label and its signatures share a page.
func TestSignaturesKeptTogether(t *testing.T) {
	line := `\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_`
	signing := "Vid protokollet\n\n" + line + "  \nBirgitta Lund, sekreterare\n\nJusteras\n\n" +
		line + "  \nKerstin Ek, ordförande\n\n" + line + "  \nAnders Berg, justerare\n\n" + line + "  \nCecilia Holm, justerare\n"
	for n := 30; n < 130; n += 2 {
		md := "# Protokoll\n\n" + strings.Repeat("En rad till i protokollet.\n\n", n) + signing
		pdf, err := PDFBytes(Parse(md), Options{Title: "Protokoll", Lang: "sv"})
		if err != nil {
			t.Fatal(err)
		}
		for _, page := range strings.Split(pdfText(t, pdf), "\f") {
			if strings.Contains(page, "Justeras") && !strings.Contains(page, "Cecilia Holm, justerare") {
				t.Errorf("after %d lines, Justeras is on a page without all its signatures:\n%s", n, page)
			}
		}
	}
}
