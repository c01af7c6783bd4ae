package bot

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/document"
	"github.com/klubba/klubba/facilitation"
)

// The minutes as a file: Markdown, PDF or Word, from the command line
// (klubba minutes --format) or in chat (minutes pdf), sent privately.

// Minutes file formats.
const (
	FormatMarkdown = "md"
	FormatPDF      = "pdf"
	FormatDOCX     = "docx"
)

// mediaTypes are the formats' MIME types.
var mediaTypes = map[string]string{
	FormatMarkdown: "text/markdown; charset=utf-8",
	FormatPDF:      "application/pdf",
	FormatDOCX:     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

// MinutesFile returns the minutes of a meeting as a file in format (md,
// pdf or docx); the meeting and language are chosen as for Minutes. With
// both a channel and a meeting ID, the meeting must be the channel's (a
// platform making a file again for someone in that channel).
func (b *Bot) MinutesFile(ctx context.Context, channel, meetingID, lang, format string) (chat.File, error) {
	if _, ok := mediaTypes[format]; !ok {
		return chat.File{}, fmt.Errorf("minutes: unknown format %q (md, pdf or docx)", format)
	}
	var f chat.File
	_, err := b.writeMeeting(ctx, "minutes", channel, meetingID, lang, func(u *unit, m *facilitation.Meeting) (string, error) {
		if meetingID != "" && channel != "" && m.Channel != channel {
			return "", fmt.Errorf("meeting %s is not of channel %s: %w", meetingID, channel, ErrNotFound)
		}
		var err error
		f, err = minutesFile(u, m, format)
		return "", err
	})
	return f, err
}

// minutesFile writes the minutes of m as a file in format.
func minutesFile(u *unit, m *facilitation.Meeting, format string) (chat.File, error) {
	md, err := minutesOf(u, m)
	if err != nil {
		return chat.File{}, err
	}
	name := u.t("MinutesFileName", "Date", words(u).Date(m.Started)) + "." + format
	f := chat.File{Name: name, MediaType: mediaTypes[format], Source: chat.FileSource{Meeting: m.ID, Format: format, Lang: u.lang}}
	opts := document.Options{Title: u.t("MinutesHeader", "Title", m.Title), Page: u.t("PageOf"), Lang: u.lang,
		Created: cmp.Or(m.Ended, m.Started)}
	switch format {
	case FormatPDF:
		f.Data, err = document.PDFBytes(document.Parse(md), opts)
	case FormatDOCX:
		f.Data, err = document.DOCXBytes(document.Parse(md), opts)
	default:
		f.Data = []byte(md + "\n")
	}
	if err != nil {
		return chat.File{}, fmt.Errorf("minutes as %s: %w", format, err)
	}
	return f, nil
}

// minutesExport is the handler that sends the caller the minutes as a
// file of format: "minutes pdf", "minutes docx". Outside a meeting it is
// the channel's last meeting.
func minutesExport(format string) func(*unit, args) error {
	return func(u *unit, a args) error { return sendMinutesFile(u, a, format) }
}

func sendMinutesFile(u *unit, a args, format string) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	m, err := meetingOrLast(u)
	if err != nil {
		return err
	}
	f, err := minutesFile(u, m, format)
	if err != nil {
		return err
	}
	// Sent to the caller as a Recipient, so that it goes through the
	// outbox to the platform's private channel (a Slack direct message),
	// not into an answer that cannot carry a file.
	u.tellPerson(u.req.User, chat.Message{Text: u.t("MinutesFileSent", "Name", f.Name, "Format", strings.ToUpper(format)), File: &f})
	return nil
}
