package console

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/klubba/klubba/bot"
)

// importFile reads the file named by `register import FILE` or
// `template import [--channel] FILE` (in English or Swedish) and returns
// the command without the file's name, with the file attached as a chat
// attaches one: the console is where a file on this computer can be read.
// A file that cannot be read is attached as refused, so that the bot
// tells why, privately and in the meeting's language. Any other line is
// returned as is, with no attachment.
func importFile(ctx context.Context, line string) (string, *bot.Attachment) {
	if strings.Contains(line, "```") {
		return line, nil
	}
	fields := strings.Fields(line)
	if len(fields) < 3 {
		return line, nil
	}
	head, path := fields[:2:2], []string{}
	for _, f := range fields[2:] {
		if strings.HasPrefix(f, "--") {
			head = append(head, f)
		} else {
			path = append(path, f)
		}
	}
	cmd := strings.Join(head, " ")
	if len(path) == 0 || !bot.IsImport(cmd) {
		return line, nil
	}
	name := strings.Trim(strings.Join(path, " "), `"'`)
	return cmd, readAttachment(ctx, name)
}

// readAttachment reads the file name as the bot's attachment, or says
// why it could not be read.
func readAttachment(ctx context.Context, name string) *bot.Attachment {
	fi, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &bot.Attachment{Name: name, Refused: bot.AttachmentMissing}
	case err != nil || fi.IsDir():
		return &bot.Attachment{Name: name, Refused: bot.AttachmentUnreadable}
	}
	// The name's extension decides whether it is text; a file without
	// one is taken as plain text, as a person at the console named it.
	a, _ := bot.FetchAttachment(ctx, name, "text/plain", fi.Size(), func(_ context.Context, w io.Writer) error {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	return a
}
