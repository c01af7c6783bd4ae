package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxAttachment is the largest file an adapter fetches for an import
// (register import, template import): a member list of thousands fits,
// and the commands apply their own, smaller limits (a template's 64 KiB).
const MaxAttachment = 1 << 20

// Attachment is a file attached to a command, such as a member list sent
// with `register import`: its text, or why it was not read. The bot reads
// it as the command's code block.
type Attachment struct {
	Name string
	Text string
	// Refused, when set, says why the file was not read; Text is empty.
	Refused Refusal
}

// Refusal says why an attached file was not read.
type Refusal string

// Refusals of an attached file.
const (
	// AttachmentTooLarge is a file over MaxAttachment.
	AttachmentTooLarge Refusal = "AttachmentTooLarge"
	// AttachmentNotText is a file that is not CSV, YAML or plain text.
	AttachmentNotText Refusal = "AttachmentNotText"
	// AttachmentUnreadable is a file the platform did not hand over.
	AttachmentUnreadable Refusal = "AttachmentUnreadable"
	// AttachmentMany is more than one file with one command.
	AttachmentMany Refusal = "AttachmentMany"
	// AttachmentMissing is a file named that does not exist (the
	// console's import of a file on this computer).
	AttachmentMissing Refusal = "AttachmentMissing"
)

// IsImport reports whether text is a command that takes its data from a
// code block or an attached file (register import, template import, in
// English or Swedish) and has no code block: an adapter fetches a file
// attached to a message only then.
func IsImport(text string) bool {
	return !strings.Contains(text, "```") && isImport(text)
}

// textTypes are the media types of a file to import, beyond text/*.
var textTypes = map[string]bool{
	"application/csv": true, "application/yaml": true, "application/x-yaml": true,
	"application/vnd.ms-excel": true, // what Windows calls a .csv
	"application/octet-stream": true, // a type unknown: its name and its bytes decide
}

// textExts are the file name extensions of a file to import.
var textExts = map[string]bool{".csv": true, ".yaml": true, ".yml": true, ".txt": true, ".tsv": true}

// isTextFile reports whether a file's name or media type makes it one
// to import: CSV, YAML or plain text.
func isTextFile(name, mediaType string) bool {
	if ext := strings.ToLower(path.Ext(name)); ext != "" {
		return textExts[ext]
	}
	mt, _, err := mime.ParseMediaType(mediaType)
	return err == nil && (strings.HasPrefix(mt, "text/") || textTypes[mt])
}

// errTooLarge stops a fetch past MaxAttachment.
var errTooLarge = errors.New("attachment over the limit")

// capped is a writer that takes at most MaxAttachment bytes.
type capped struct{ b strings.Builder }

func (w *capped) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > MaxAttachment {
		return 0, errTooLarge
	}
	return w.b.Write(p)
}

// FetchAttachment reads a file attached to an import: one named name, of
// the media type and size (-1 if unknown) its platform says, whose bytes
// get writes. A file too large or not text is refused before it is
// fetched, and again by what it holds; a failed fetch is refused too,
// and the error returned for the log.
func FetchAttachment(ctx context.Context, name, mediaType string, size int64, get func(ctx context.Context, w io.Writer) error) (*Attachment, error) {
	a := &Attachment{Name: name}
	switch {
	case size > MaxAttachment:
		a.Refused = AttachmentTooLarge
		return a, nil
	case !isTextFile(name, mediaType):
		a.Refused = AttachmentNotText
		return a, nil
	}
	var w capped
	if err := get(ctx, &w); errors.Is(err, errTooLarge) {
		a.Refused = AttachmentTooLarge
		return a, nil
	} else if err != nil {
		a.Refused = AttachmentUnreadable
		return a, fmt.Errorf("fetch %s: %w", name, err)
	}
	text := strings.TrimPrefix(w.b.String(), "\uFEFF") // a spreadsheet's byte order mark
	if !utf8.ValidString(text) || strings.ContainsRune(text, 0) || strings.Contains(text, "```") {
		a.Refused = AttachmentNotText
		return a, nil
	}
	a.Text = text
	return a, nil
}

// attached returns the command text with the attached file as its code
// block, or the problem that refuses the file. A command that does not
// import, or has a code block of its own, ignores the file.
func attached(text string, a *Attachment) (string, *problem) {
	if !IsImport(text) {
		return text, nil
	}
	if a.Refused != "" {
		return text, &problem{id: string(a.Refused), kv: []any{"Name", a.Name, "Max", MaxAttachment >> 20}}
	}
	return strings.TrimRight(text, " \n") + "\n```\n" + strings.Trim(a.Text, "\n") + "\n```", nil
}
