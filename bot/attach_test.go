package bot_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// TestImportByAttachment: a member list or a template attached to the
// import command is read as its code block; a file refused by the
// adapter is refused privately, in the meeting's language, and changes
// nothing; a command that does not import ignores the file.
func TestImportByAttachment(t *testing.T) {
	members := &bot.Attachment{Name: "medlemmar.csv", Text: "id,name,proxy_for\nann,Ann,\nbo,Bo,ann\n"}
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			h, tr := arsmoteIn(t, lang)
			for _, tc := range []struct {
				text string
				file *bot.Attachment
				want string
			}{
				{"register import", &bot.Attachment{Name: "big.csv", Refused: bot.AttachmentTooLarge},
					tr("”big.csv” är för stor för att importeras (högst 1 MB). Inget har ändrats.", "“big.csv” is too large to import (at most 1 MB). Nothing was changed.")},
				{"röstlängd importera", &bot.Attachment{Name: "list.xlsx", Refused: bot.AttachmentNotText},
					tr("”list.xlsx” är inte en textfil", "“list.xlsx” is not a text file")},
				{"mall importera", &bot.Attachment{Refused: bot.AttachmentMany}, tr("Bifoga en fil", "Attach one file")},
			} {
				before := h.snapshot()
				resp := h.req(bot.Request{User: "ann", Text: tc.text, Attachment: tc.file})
				if !resp.Refused || len(resp.Replies) != 1 || resp.Replies[0].To != chat.Caller {
					t.Fatalf("%s with %+v: want one private refusal, got %+v", tc.text, tc.file, resp)
				}
				wantContains(t, replyText(resp), tc.want)
				if after := h.snapshot(); after != before {
					t.Errorf("%s with a refused file changed the meeting", tc.text)
				}
			}
			resp := h.req(bot.Request{User: "ann", Text: "röstlängd importera", Attachment: members})
			wantContains(t, replyText(resp), tr("Medlemsförteckningen har 2 medlemmar och 1 fullmakt.", "The member list has 2 members and 1 proxy."))
			// Not an import: the file is not read, the command runs.
			resp = h.req(bot.Request{User: "ann", Text: "queue", Attachment: &bot.Attachment{Refused: bot.AttachmentNotText}})
			if resp.Refused {
				t.Errorf("queue with a file attached was refused: %s", replyText(resp))
			}
			tpl := &bot.Attachment{Name: "styrelse.yaml", Text: "name: styrelse\ntitle: Styrelsemöte\nagenda:\n  - title: Budget\n"}
			wantContains(t, replyText(h.req(bot.Request{User: "ann", Text: "template import", Attachment: tpl})),
				tr("Mallen ”styrelse” är importerad", "Imported the template “styrelse”"))
		})
	}
}

// TestFetchAttachment: what a platform says of a file and what it holds
// decide whether it is read: text within the limit is, the rest is
// refused, and a file declared too large or not text is never fetched.
func TestFetchAttachment(t *testing.T) {
	serve := func(data string) func(context.Context, io.Writer) error {
		return func(_ context.Context, w io.Writer) error {
			_, err := io.Copy(w, strings.NewReader(data))
			return err
		}
	}
	never := func(context.Context, io.Writer) error {
		t.Error("fetched a file that its size or type refuses")
		return nil
	}
	big := strings.Repeat("ann,Ann\n", bot.MaxAttachment/8+1)
	for _, tc := range []struct {
		name, media string
		size        int64
		get         func(context.Context, io.Writer) error
		want        bot.Refusal
		text        string
	}{
		{"m.csv", "text/csv", 9, serve("ann,Ann\n"), "", "ann,Ann\n"},
		{"m.csv", "text/csv", 9, serve("\uFEFFann,Ann\n"), "", "ann,Ann\n"},
		{"t.yaml", "application/x-yaml", -1, serve("name: x\n"), "", "name: x\n"},
		{"t", "text/plain", -1, serve("name: x\n"), "", "name: x\n"},
		{"m.csv", "text/csv", bot.MaxAttachment + 1, never, bot.AttachmentTooLarge, ""},
		{"m.csv", "text/csv", -1, serve(big), bot.AttachmentTooLarge, ""},
		{"m.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 10, never, bot.AttachmentNotText, ""},
		{"photo", "image/png", 10, never, bot.AttachmentNotText, ""},
		{"m.csv", "text/csv", 4, serve("\x89PNG\x00\x01"), bot.AttachmentNotText, ""},
		{"m.csv", "text/csv", 4, serve("a\n```\nb"), bot.AttachmentNotText, ""},
		{"m.csv", "text/csv", 4, func(context.Context, io.Writer) error { return io.ErrUnexpectedEOF }, bot.AttachmentUnreadable, ""},
	} {
		a, err := bot.FetchAttachment(context.Background(), tc.name, tc.media, tc.size, tc.get)
		if a.Refused != tc.want || a.Text != tc.text || a.Name != tc.name {
			t.Errorf("%s (%s, %d): got %q refused %q, want %q refused %q", tc.name, tc.media, tc.size, a.Text, a.Refused, tc.text, tc.want)
		}
		if (err != nil) != (tc.want == bot.AttachmentUnreadable) {
			t.Errorf("%s: err %v", tc.name, err)
		}
	}
}
