package console_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
)

// playAnnualMeeting plays the shipped årsmöte (300 members) in a console
// on a fresh in-memory store.
func playAnnualMeeting(t testing.TB) *bot.Bot {
	t.Helper()
	var out bytes.Buffer
	c := newConsole(t, &out)
	script, err := os.ReadFile("../../examples/annual-meeting.script")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Script(context.Background(), "annual-meeting", bytes.NewReader(script)); err != nil {
		t.Fatalf("Script: %v", err)
	}
	return c.Bot.(*bot.Bot)
}

// words joins runs of white space, so that a text wrapped into lines
// (a PDF's) reads as one line.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// pdfText is a PDF's text as poppler's pdftotext extracts it; without
// pdftotext the test is skipped, except in CI, which installs it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing, and CI must run this test")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// What a justerare looks for in the årsmöte's protokoll, in any format:
// the head, a narrated votering with its figures per alternative, the
// election, and the signature lines.
var annualProtokoll = map[string][]string{
	"sv": {
		"Protokoll: Årsmöte 2026, Föreningen Klubban", "Plats: Folkets hus, Klubbvägen 1, Ödeshög",
		"Ordförande: Kerstin Ek", "Sekreterare: Birgitta Lund", "Justerare: Anders Berg och Cecilia Holm",
		"Rösträknare: Anders Berg och Cecilia Holm", "Ordföranden förklarade mötet öppnat kl. 18.00.",
		"Fredrik Nyström yrkade att återremittera motionen till styrelsen (ordningsyrkande, yrkande 4).",
		"Ordföranden ställde yrkande 4 mot avslag och fann att mötet avslagit yrkande 4.",
		"Votering begärdes av David Sandberg. Voteringen utföll med 98 röster för yrkande 1 och 146 för yrkande 2; 22 avstod.",
		"Andel av de 244 röster som avgavs för något alternativ: yrkande 1 40,2 % och yrkande 2 59,8 %.",
		"att bifalla motionen, med ändringen att höjningen gäller från den 1 januari 2028",
		"Anders Berg reserverade sig mot beslutet. Skäl: Föreningens ekonomi bär inte en högre avgift.",
		"att till tre ledamöter i styrelsen för två år välja Ada Ström, Bo Nilsson och Dan Ek",
		"Ordföranden förklarade mötet avslutat kl.", "Ort och datum", "Vid protokollet", "Birgitta Lund, sekreterare",
		"Justeras", "Kerstin Ek, ordförande", "Anders Berg, justerare", "Cecilia Holm, justerare",
		"Justerat av Anders Berg den 2026-11-27 och Cecilia Holm den 2026-11-27.",
	},
	"en": {
		"Minutes: Årsmöte 2026, Föreningen Klubban", "Place: Folkets hus, Klubbvägen 1, Ödeshög",
		"The chair declared the meeting open at 18:00.",
		"A counted vote was demanded by David Sandberg. The count gave 98 votes for proposal 1 and 146 for proposal 2; 22 abstained.",
		"Shares of the 244 votes cast for an alternative: proposal 1 40.2% and proposal 2 59.8%.",
		"Place and date", "Minutes taken by", "Birgitta Lund, secretary", "Approved by Anders Berg on 2026-11-27 and Cecilia Holm on 2026-11-27.",
	},
}

func TestAnnualMeetingProtokollAsPDFAndWord(t *testing.T) {
	b := playAnnualMeeting(t)
	ctx := context.Background()
	for lang, want := range annualProtokoll {
		md, err := b.Minutes(ctx, "console:main", "", lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(words(strings.NewReplacer("_", "", "*", "").Replace(md)), w) {
				t.Errorf("%s: the Markdown protokoll lacks %q", lang, w)
			}
		}
		if strings.Contains(md, "beslutade\n\natt förklara") {
			t.Errorf("%s: the protokoll has a chair's act as a decision", lang)
		}

		pdf, err := b.MinutesFile(ctx, "console:main", "", lang, bot.FormatPDF)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(pdf.Name, ".pdf") || pdf.MediaType != "application/pdf" {
			t.Errorf("%s: file %q (%s), want a .pdf", lang, pdf.Name, pdf.MediaType)
		}
		text := words(pdfText(t, pdf.Data))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF's text lacks %q", lang, w)
			}
		}
		page := map[string]string{"sv": `Sida 1 av (\d+)`, "en": `Page 1 of (\d+)`}[lang]
		if m := regexp.MustCompile(page).FindStringSubmatch(text); m == nil || m[1] == "1" {
			t.Errorf("%s: the PDF's pages are not numbered %q", lang, page)
		}

		docx, err := b.MinutesFile(ctx, "console:main", "", lang, bot.FormatDOCX)
		if err != nil {
			t.Fatal(err)
		}
		doc := words(docxText(t, docx.Data))
		for _, w := range want {
			if !strings.Contains(doc, w) {
				t.Errorf("%s: the Word document's text lacks %q", lang, w)
			}
		}
	}
}

// docxText is the text of a Word document's word/document.xml, its
// paragraphs on lines.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		xml, _ := io.ReadAll(r)
		s := regexp.MustCompile(`</w:p>|<w:br/>`).ReplaceAllString(string(xml), "\n")
		s = regexp.MustCompile(`<w:tab/>`).ReplaceAllString(s, " ")
		s = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, "")
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
	}
	t.Fatal("no word/document.xml")
	return ""
}

// The justering end to end in the console: the secretary submits, an
// adjuster objects (the secretary hears it), the secretary corrects and
// submits again, both approve, and the protokoll is locked: an edit is
// then refused, and the minutes say who approved it and when. A PDF
// asked for in chat is written to the console's folder.
func TestJusteringInTheConsole(t *testing.T) {
	var out bytes.Buffer
	c := newConsole(t, &out)
	c.KeepGoing = true
	c.Files = t.TempDir()
	script := `
name ann Ann Ek
name bo Bo Lund
name cy Cy Berg
name dan Dan Holm
ann> start arsmote "Styrelsemöte"
bo> begär ordet
cy> begär ordet
dan> begär ordet
ann> plats "Klubbstugan"
ann> sekreterare @bo
ann> justerare @cy @dan
bo> beslut "att köpa en ny kaffebryggare"
bo> protokoll skicka
ann> end
cy> justera
eve> protokoll skicka
bo> protokoll skicka
cy> justera
dan> invänd "Beslutet gällde två kaffebryggare."
cy> justera
bo> beslut ändra 3 "att köpa två nya kaffebryggare"
bo> protokoll skicka
cy> justera
dan> justera
bo> beslut ändra 3 "att köpa tre"
cy> justera
bo> protokoll pdf
`
	if err := c.Script(context.Background(), "justering", strings.NewReader(script)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, w := range []string{
		"Mötet hålls i Klubbstugan.",
		"bo> protokoll skicka\n(only you) Mötet pågår: protokollet skickas till justerarna när mötet är avslutat.",
		"cy> justera\n(only you) Protokollet ligger inte hos justerarna",
		"eve> protokoll skicka\n(only you) Bara ordföranden (Ann Ek) och sekreteraren (Bo Lund)",
		"Bo Lund skickade protokollet från Styrelsemöte till justerarna Cy Berg och Dan Holm.",
		"(only cy) == Justering: Styrelsemöte ==", "[Justera]",
		"cy> justera\nCy Berg har justerat protokollet. Väntar på Dan Holm.",
		"dan> invänd \"Beslutet gällde två kaffebryggare.\"\n(only you) Din invändning är skickad till Bo Lund.",
		"(only bo) Dan Holm invände mot protokollet från Styrelsemöte: ”Beslutet gällde två kaffebryggare.”",
		"Beslut 3 lyder nu: att köpa två nya kaffebryggare",
		"dan> justera\nProtokollet från Styrelsemöte är justerat av Cy Berg den 2026-11-27 och Dan Holm den 2026-11-27 och låst.",
		"bo> beslut ändra 3 \"att köpa tre\"\n(only you) Protokollet är justerat och kan inte längre ändras.",
		"cy> justera\n(only you) Protokollet är justerat och kan inte längre ändras.",
		"(wrote " + filepath.Join(c.Files, "protokoll-2026-11-27.pdf"),
	} {
		if !strings.Contains(got, w) {
			t.Errorf("the transcript lacks %q:\n%s", w, got)
		}
	}
	if _, err := os.Stat(filepath.Join(c.Files, "protokoll-2026-11-27.pdf")); err != nil {
		t.Errorf("minutes pdf wrote no file: %v", err)
	}
	md, err := c.Bot.(*bot.Bot).Minutes(context.Background(), "console:main", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Plats: Klubbstugan", "att köpa två nya kaffebryggare", "**Justerat av Cy Berg den 2026-11-27 och Dan Holm den 2026-11-27.**"} {
		if !strings.Contains(md, w) {
			t.Errorf("the minutes lack %q:\n%s", w, md)
		}
	}
	if strings.Contains(md, "att köpa tre") {
		t.Error("an edit after the justering changed the protokoll")
	}
}

// BenchmarkAnnualMeetingPDF makes the 300-member årsmöte's protokoll as
// a PDF, as "minutes pdf" and "klubba minutes --format pdf" do (the
// figure is in docs/benchmarks.md).
func BenchmarkAnnualMeetingPDF(b *testing.B) {
	k := playAnnualMeeting(b)
	ctx := context.Background()
	var size int
	for b.Loop() {
		f, err := k.MinutesFile(ctx, "console:main", "", "sv", bot.FormatPDF)
		if err != nil {
			b.Fatal(err)
		}
		size = len(f.Data)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
