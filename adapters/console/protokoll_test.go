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
// the head, the yrkanden, a question put and found, a narrated votering
// with its figures per alternative and its shares on one named base, the
// att-satser, a reservation, an election, and the signature lines. The
// figures are patterns, so that the script may change its votes.
var annualProtokoll = map[string][]string{
	"sv": {
		q("Protokoll: Årsmöte 2026, Föreningen Klubban"), q("Förening: Föreningen Klubban"), q("Plats: Folkets hus, Klubbvägen 1, Ödeshög"),
		q("Ordförande: Kerstin Ek"), q("Sekreterare: Birgitta Lund"), q("Justerare: Anders Berg och Cecilia Holm"),
		q("Rösträknare: Anders Berg och Cecilia Holm"), q("Ordföranden förklarade mötet öppnat kl. 18.00."),
		q("att välja Birgitta Lund till mötessekreterare"),
		`[A-ZÅÄÖ]\S+ [A-ZÅÄÖ]\S+ yrkade att [^.]+ \(ordningsyrkande, yrkande \d+\)\.`,
		`Ordföranden ställde yrkande \d+ mot avslag och fann att mötet (bi|av)fallit yrkande \d+\.`,
		`Votering begärdes av [A-ZÅÄÖ]\S+ [A-ZÅÄÖ]\S+\. Voteringen utföll med \d+ röster för (yrkande \d+|avslag) och \d+ för (yrkande \d+|avslag)(; \d+ avstod)?\.`,
		`Andel av de \d+ röster som avgavs för något alternativ: (yrkande \d+|avslag) \d+(,\d)? % och (yrkande \d+|avslag) \d+(,\d)? %\.`,
		q("Cecilia Holm yrkade, som tillägg till yrkande 2, att styrelsen informerar medlemmarna om höjningen i god tid (tilläggsyrkande, yrkande 5)."),
		q("David Sandberg, Fredrik Nyström och Gun Åberg deltog inte i beslutet på grund av jäv."),
		q("Beslutet krävde två tredjedelars majoritet, och yrkande 1 föll."),
		q("att styrelsen informerar medlemmarna om höjningen i god tid"),
		q("att medlemsavgiften höjs till 400 kronor från den 1 januari 2028"),
		`reserverade sig mot beslutet\. Skäl: `,
		`Mötet beslutade att till [^.]+ välja [A-ZÅÄÖ]`,
		q("Ordföranden förklarade mötet avslutat kl."), q("Ort och datum"), q("Vid protokollet"), q("Birgitta Lund, sekreterare"),
		q("Justeras"), q("Kerstin Ek, ordförande"), q("Anders Berg, justerare"), q("Cecilia Holm, justerare"),
		`Justerat av Anders Berg den \d{4}-\d\d-\d\d och Cecilia Holm den \d{4}-\d\d-\d\d\.`,
	},
	"en": {
		q("Minutes: Årsmöte 2026, Föreningen Klubban"), q("Association: Föreningen Klubban"), q("Place: Folkets hus, Klubbvägen 1, Ödeshög"),
		q("The chair declared the meeting open at 18:00."),
		`The chair put proposal \d+ against rejection and found that the meeting had (carried|rejected) proposal \d+\.`,
		`A counted vote was demanded by [A-ZÅÄÖ]\S+ [A-ZÅÄÖ]\S+\. The count gave \d+ votes for (proposal \d+|rejection) and \d+ for (proposal \d+|rejection)(; \d+ abstained)?\.`,
		`Shares of the \d+ votes cast for an alternative: (proposal \d+|rejection) \d+(\.\d)?% and (proposal \d+|rejection) \d+(\.\d)?%\.`,
		q("Place and date"), q("Minutes taken by"), q("Birgitta Lund, secretary"),
		`Approved by Anders Berg on \d{4}-\d\d-\d\d and Cecilia Holm on \d{4}-\d\d-\d\d\.`,
	},
}

// q is a pattern that matches s literally.
func q(s string) string { return regexp.QuoteMeta(s) }

// lacks returns the patterns that text does not match.
func lacks(text string, patterns []string) []string {
	var out []string
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(text) {
			out = append(out, p)
		}
	}
	return out
}

func TestAnnualMeetingProtokollAsPDFAndWord(t *testing.T) {
	b := playAnnualMeeting(t)
	ctx := context.Background()
	for lang, want := range annualProtokoll {
		md, err := b.Minutes(ctx, "console:main", "", lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range lacks(words(strings.NewReplacer("_", "", "*", "").Replace(md)), want) {
			t.Errorf("%s: the Markdown protokoll does not match %s", lang, p)
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
		for _, p := range lacks(text, want) {
			t.Errorf("%s: the PDF's text does not match %s", lang, p)
		}
		page := map[string]string{"sv": `Sida 1 av (\d+)`, "en": `Page 1 of (\d+)`}[lang]
		if m := regexp.MustCompile(page).FindStringSubmatch(text); m == nil || m[1] == "1" {
			t.Errorf("%s: the PDF's pages are not numbered %q", lang, page)
		}

		docx, err := b.MinutesFile(ctx, "console:main", "", lang, bot.FormatDOCX)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range lacks(words(docxText(t, docx.Data)), want) {
			t.Errorf("%s: the Word document's text does not match %s", lang, p)
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
		"bo> protokoll skicka\n(bara du) Mötet pågår: protokollet skickas till justerarna när mötet är avslutat.",
		"cy> justera\n(bara du) Protokollet ligger inte hos justerarna",
		"eve> protokoll skicka\n(bara du) Bara ordföranden (Ann Ek) och sekreteraren (Bo Lund)",
		"Bo Lund skickade protokollet från Styrelsemöte till justerarna Cy Berg och Dan Holm.",
		"(bara cy) == Justering: Styrelsemöte ==", "[Justera]",
		"cy> justera\nCy Berg har justerat protokollet. Väntar på Dan Holm.",
		"dan> invänd \"Beslutet gällde två kaffebryggare.\"\n(bara du) Din invändning är skickad till Bo Lund.",
		"(bara bo) Dan Holm invände mot protokollet från Styrelsemöte: ”Beslutet gällde två kaffebryggare.”",
		"Dan Holm invände mot protokollet från Styrelsemöte; det går tillbaka till Bo Lund för rättelse och skickas igen med protokoll skicka. De justeringar som redan gjorts gäller inte längre.",
		"Beslut 3 lyder nu: att köpa två nya kaffebryggare",
		"dan> justera\nProtokollet från Styrelsemöte är justerat av Cy Berg den 2026-11-27 och Dan Holm den 2026-11-27 och låst.",
		"bo> beslut ändra 3 \"att köpa tre\"\n(bara du) Protokollet är justerat och kan inte längre ändras.",
		"cy> justera\n(bara du) Protokollet är justerat och kan inte längre ändras.",
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
