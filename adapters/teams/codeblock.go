package teams

import (
	"regexp"
	"strings"
)

// A code block typed in Teams (``` in the compose box) arrives as HTML:
// <pre class="language-yaml"><code>…</code></pre>, its lines split by
// newlines or <br>. codeBlocks turns each back into a ``` block, which
// the bot reads as a command's data (a template to import).
var (
	preBlock = regexp.MustCompile(`(?is)<pre[^>]*>(.*?)</pre>`)
	lineTag  = regexp.MustCompile(`(?i)<br\s*/?>|</div>\s*<div[^>]*>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
)

func codeBlocks(text string) string {
	return preBlock.ReplaceAllStringFunc(text, func(pre string) string {
		inner := preBlock.FindStringSubmatch(pre)[1]
		inner = anyTag.ReplaceAllString(lineTag.ReplaceAllString(inner, "\n"), "")
		return "\n```\n" + strings.Trim(inner, "\n") + "\n```\n"
	})
}
