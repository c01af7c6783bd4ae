package console

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// maxImportFile caps a template file read by `template import FILE`.
const maxImportFile = 64 << 10

// importWords are the command words of a template import, in English and
// Swedish, as they are typed before the file's name.
var importWords = []string{"template import", "mall importera"}

// importTemplateFile turns `template import FILE` into the command with the
// file's YAML in a code block, as a chat sends it: the console is where
// a file on this computer can be read. Any other line is returned as is;
// a file that cannot be read is an error to print.
func importTemplateFile(line string) (string, error) {
	lower := strings.ToLower(line)
	for _, w := range importWords {
		rest, ok := strings.CutPrefix(lower, w+" ")
		if !ok || strings.HasPrefix(strings.TrimSpace(rest), "```") || strings.HasPrefix(strings.TrimSpace(rest), "--") {
			continue
		}
		path := strings.TrimSpace(line[len(w)+1:])
		flags := ""
		if p, f, ok := strings.Cut(path, " --"); ok {
			path, flags = strings.TrimSpace(p), " --"+f
		}
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("template import: %w", err)
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxImportFile+1))
		if err != nil {
			return "", fmt.Errorf("template import %s: %w", path, err)
		}
		if len(data) > maxImportFile {
			return "", fmt.Errorf("template import %s: the file is over %d KiB", path, maxImportFile>>10)
		}
		return line[:len(w)] + flags + "\n```\n" + string(data) + "\n```", nil
	}
	return line, nil
}
