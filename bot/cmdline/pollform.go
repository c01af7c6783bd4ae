package cmdline

import (
	"fmt"
	"strings"
)

// PollForm is a poll made in a form (Slack's modal, Teams' dialog)
// rather than typed. Its Command is the poll command it stands for, run
// as the person who submitted it, so that every rule and refusal of
// typed polls applies.
type PollForm struct {
	Question string
	// Options is the options, one a line.
	Options string
	// Kind is single, multi, ranked or yesno.
	Kind string
	// Visibility is open, anonymous or secret.
	Visibility string
	// Close is a duration such as 5m, or empty.
	Close string
}

// Fields of a PollForm, as named in Problems.
const (
	FormQuestion = "question"
	FormOptions  = "options"
	FormClose    = "close"
)

// options returns the non-empty lines of Options.
func (f PollForm) options() []string {
	var out []string
	for _, line := range strings.Split(f.Options, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Problems returns, by field, the catalogue ID of what is wrong with a
// form; none when it can be submitted.
func (f PollForm) Problems() map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(f.Question) == "" {
		errs[FormQuestion] = "ModalPollNeedQuestion"
	}
	if n := len(f.options()); f.Kind != "yesno" && (n < 2 || n > 20) {
		errs[FormOptions] = "ModalPollNeedOptions"
	}
	if c := strings.TrimSpace(f.Close); c != "" {
		if _, err := ParseDuration(c); err != nil {
			errs[FormClose] = "ModalPollBadClose"
		}
	}
	return errs
}

// Command is the poll command a form stands for.
func (f PollForm) Command() string {
	options := f.options()
	var b strings.Builder
	b.WriteString("poll")
	switch f.Kind {
	case "ranked":
		b.WriteString(" ranked")
	case "yesno":
		b.WriteString(" yesno")
		options = nil
	}
	b.WriteString(" " + quoteArg(strings.TrimSpace(f.Question)))
	for _, o := range options {
		b.WriteString(" " + quoteArg(o))
	}
	if f.Kind == "multi" {
		fmt.Fprintf(&b, " --multi %d", len(options))
	}
	switch {
	case f.Visibility == "secret":
		b.WriteString(" --secret")
	case f.Visibility == "anonymous" && f.Kind != "ranked": // a ranked ballot is open or secret
		b.WriteString(" --anonymous")
	case f.Visibility == "anonymous":
		b.WriteString(" --secret")
	}
	if c := strings.TrimSpace(f.Close); c != "" {
		b.WriteString(" --close " + strings.Join(strings.Fields(c), ""))
	}
	return b.String()
}

// quoteArg quotes a text for the command line in quotes that it does not
// contain (the tokenizer closes "…" at ", ” or “, and «…» at »); a text
// with both kinds has its » made ›.
func quoteArg(s string) string {
	if !strings.ContainsAny(s, `"”“`) {
		return `"` + s + `"`
	}
	return "«" + strings.ReplaceAll(s, "»", "›") + "»"
}

// Quote quotes a text as one argument of a command line.
func Quote(s string) string { return quoteArg(s) }
