package config

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"github.com/klubba/klubba/facilitation"
)

// Problem codes name the kind of a template's problem, so that a chat
// reply can say it in the caller's language; Problem.Msg says it in
// English and Problem.Data holds the values the sentence names.
const (
	CodeMissing         = "Missing"
	CodeNameWord        = "NameWord"
	CodeNameLong        = "NameLong"
	CodeOneOf           = "OneOf"
	CodeDurationRange   = "DurationRange"
	CodeNegative        = "Negative"
	CodeEmpty           = "Empty"
	CodeRepeats         = "Repeats"
	CodeAlternateGroups = "AlternateGroups"
	CodeNotDuration     = "NotDuration"
	CodeNoUnit          = "NoUnit"
	CodeUnknownKey      = "UnknownKey"
	CodeSyntax          = "Syntax"
	CodeTimeZone        = "TimeZone"
	CodeLead            = "Lead"
	CodeNested          = "Nested"
	CodeTooMany         = "TooMany"
)

// MaxLead is the longest reminder before a scheduled meeting.
const MaxLead = 60 * 24 * time.Hour

// checkTemplate checks one template, naming fields under at ("" for a
// template file of its own, "templates[2]" in the configuration).
func checkTemplate(at string, t facilitation.Template) Problems {
	var ps Problems
	field := func(f string) string {
		if at == "" {
			return f
		}
		return at + "." + f
	}
	bad := func(f, code string, data map[string]any, format string, args ...any) {
		ps = append(ps, Problem{Field: field(f), Msg: fmt.Sprintf(format, args...), Code: code, Data: data})
	}
	// choice reports a value that is not one of choices; a reply joins
	// Data's Choices in its own language.
	choice := func(f, value string, choices ...string) {
		options := strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
		bad(f, CodeOneOf, map[string]any{"Value": value, "Choices": choices}, "is %q; use %s", value, options)
	}
	duration := func(f string, d time.Duration) {
		if d != 0 && facilitation.CheckDuration(d) != nil {
			bad(f, CodeDurationRange, map[string]any{"Value": d.String(), "Max": facilitation.MaxTimebox.String()},
				"is %s; use a duration above zero and at most %s, like 10m", d, facilitation.MaxTimebox)
		}
	}
	switch {
	case t.Name == "":
		bad("name", CodeMissing, nil, "is missing; a template needs a one-word name, used as `start NAME`")
	case strings.ContainsAny(t.Name, " \t\n\"#@`"):
		bad("name", CodeNameWord, map[string]any{"Value": t.Name}, "%q must be one word without quotes, # or @", t.Name)
	case utf8.RuneCountInString(t.Name) > facilitation.MaxTemplateName:
		bad("name", CodeNameLong, map[string]any{"Value": t.Name, "Max": facilitation.MaxTemplateName},
			"%q is longer than %d characters", t.Name, facilitation.MaxTemplateName)
	}
	if t.Title == "" {
		bad("title", CodeMissing, nil, "is missing")
	}
	if !oneOf(t.Locale, "", "en", "sv") {
		choice("locale", t.Locale, "en", "sv")
	}
	var items func(at string, list []facilitation.TemplateItem, depth int)
	items = func(at string, list []facilitation.TemplateItem, depth int) {
		for k, it := range list {
			iat := fmt.Sprintf("%s[%d]", at, k)
			if strings.TrimSpace(it.Title) == "" {
				bad(iat+".title", CodeMissing, nil, "is missing")
			}
			duration(iat+".timebox", it.Timebox)
			if !it.Majority.Valid() {
				choice(iat+".majority", string(it.Majority), "2/3", "3/4", "absolute")
			}
			switch {
			case len(it.Items) > 0 && depth > 0:
				bad(iat+".items", CodeNested, nil, "goes a level too deep: a sub-item (9 a) has no sub-items of its own")
			case len(it.Items) > facilitation.MaxSubItems:
				bad(iat+".items", CodeTooMany, map[string]any{"Max": facilitation.MaxSubItems},
					"has %d sub-items; at most %d (a to z)", len(it.Items), facilitation.MaxSubItems)
			default:
				items(iat+".items", it.Items, depth+1)
			}
		}
	}
	items("agenda", t.Agenda, 0)
	if t.Proxies < 0 {
		bad("proxies", CodeNegative, nil, "must not be negative")
	}
	if t.Queue.Policy != "" && !t.Queue.Policy.Valid() {
		choice("queue.policy", string(t.Queue.Policy), "fewest-turns-first", "fifo", "alternate")
	}
	seen := map[string]bool{}
	for i, g := range t.Groups {
		key := strings.ToLower(strings.TrimSpace(g))
		switch {
		case key == "":
			bad(fmt.Sprintf("groups[%d]", i), CodeEmpty, nil, "is empty")
		case seen[key]:
			bad(fmt.Sprintf("groups[%d]", i), CodeRepeats, map[string]any{"Value": g}, "repeats %q", g)
		}
		seen[key] = true
	}
	if t.Queue.Policy == facilitation.Alternate && len(t.Groups) < 2 {
		bad("queue.policy", CodeAlternateGroups, nil, "is alternate, which needs at least two groups under groups")
	}
	if t.Queue.ReplyLimit < 0 {
		bad("queue.reply_limit", CodeNegative, nil, "must not be negative")
	}
	if t.Queue.TurnCap < 0 {
		bad("queue.turn_cap", CodeNegative, nil, "must not be negative")
	}
	duration("queue.max_turn", t.Queue.MaxTurn)
	duration("reminders.every", t.Reminders.Every)
	duration("reminders.warning", t.Reminders.Warning)
	if t.Polls.Visibility != "" && !t.Polls.Visibility.Valid() {
		choice("polls.visibility", string(t.Polls.Visibility), "open", "anonymous", "secret")
	}
	if w := t.Entries.Writers; w != "" && w != facilitation.WritersAnyone && w != facilitation.WritersOfficers {
		choice("minutes.writers", w, "anyone", "officers")
	}
	if !t.Polls.Tie.Valid() {
		choice("polls.tie", string(t.Polls.Tie), "chair", "lots")
	}
	for k, r := range t.Rules {
		if strings.TrimSpace(r) == "" {
			bad(fmt.Sprintf("rules[%d]", k), CodeEmpty, nil, "is empty")
		}
	}
	if t.TimeZone != "" {
		if _, err := time.LoadLocation(t.TimeZone); err != nil || t.TimeZone == "Local" {
			bad("time_zone", CodeTimeZone, map[string]any{"Value": t.TimeZone},
				"%q is not a time zone; write one like Europe/Stockholm or UTC", t.TimeZone)
		}
	}
	return ps
}

// textProblems reports what Domain leaves out of a template as written:
// reminders_before values that do not parse and a member list that is
// not one. checkTemplate cannot see them in the domain's template; Load
// and ParseTemplate both ask for them.
func (t Template) textProblems() Problems {
	var ps Problems
	for i, s := range t.RemindersBefore {
		if d, err := ParseLead(s); err != nil || d <= 0 || d > MaxLead {
			ps = append(ps, Problem{Field: fmt.Sprintf("reminders_before[%d]", i), Code: CodeLead, Data: map[string]any{"Value": s},
				Msg: fmt.Sprintf("%q is not a time before the meeting; write it like 7d, 1d, 2h or 15m (at most 60d)", s)})
		}
	}
	if t.Members != "" {
		if _, err := facilitation.ParseMembers(strings.NewReader(t.Members)); err != nil {
			ps = append(ps, Problem{Field: "members", Msg: memberListProblem(err)})
		}
	}
	return ps
}

// ParseLead reads how long before a meeting a reminder goes: a Go
// duration (15m, 1h30m) or a number of days (7d).
func ParseLead(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// FormatLead writes a reminder's lead as ParseLead reads it, in days
// when it is whole days.
func FormatLead(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return formatDuration(d)
}

// formatDuration writes a duration as people write it: 10m, 1h30m, 90s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MaxTemplateBytes caps a template file given in chat or on the web.
const MaxTemplateBytes = 64 << 10

// ParseTemplate reads one template, written as a template of the
// configuration's templates list is, and checks it as Load does: the
// problems name the line and field, with a code for translation.
func ParseTemplate(data []byte) (facilitation.Template, Problems) {
	if len(data) > MaxTemplateBytes {
		return facilitation.Template{}, Problems{{Line: 1, Field: "(yaml)", Code: CodeSyntax,
			Data: map[string]any{"Detail": fmt.Sprintf("over %d KiB", MaxTemplateBytes>>10)}, Msg: fmt.Sprintf("the template is over %d KiB", MaxTemplateBytes>>10)}}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		p := codedDecodeProblem(err, nil)
		p.Field = "(yaml)"
		return facilitation.Template{}, Problems{p}
	}
	if ps := checkExpansion("", file); len(ps) > 0 { // before the decoder expands the aliases
		ps[0].Code, ps[0].Data = CodeSyntax, map[string]any{"Detail": ps[0].Msg}
		return facilitation.Template{}, ps
	}
	if ps := checkDurationSyntax("", file); len(ps) > 0 {
		return facilitation.Template{}, ps
	}
	var t Template
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&t); err != nil && !errors.Is(err, io.EOF) {
		return facilitation.Template{}, Problems{codedDecodeProblem(err, file)}
	}
	d := t.Domain()
	ps := append(checkTemplate("", d), t.textProblems()...)
	for i := range ps {
		ps[i].Line = lineOf(file, ps[i].Field)
	}
	if len(ps) > 0 {
		return facilitation.Template{}, ps
	}
	return d, nil
}

// codedDecodeProblem is decodeProblem with a code: an unknown key, or
// YAML that does not parse.
func codedDecodeProblem(err error, root any) Problem {
	p := decodeProblem("", err, root)
	var uf *yaml.UnknownFieldError
	if errors.As(err, &uf) {
		p.Code = CodeUnknownKey
		p.Data = map[string]any{"Value": p.Field}
	} else {
		p.Code, p.Data = CodeSyntax, map[string]any{"Detail": p.Msg}
	}
	if p.Line == 0 {
		p.Line = 1
	}
	return p
}

// FormatTemplate writes t as ParseTemplate reads it, durations as people
// write them.
func FormatTemplate(t facilitation.Template) ([]byte, error) {
	ct := FromDomain(t)
	out, err := yaml.MarshalWithOptions(ct, yaml.OmitEmpty(), yaml.UseLiteralStyleIfMultiline(true),
		yaml.CustomMarshaler[time.Duration](func(d time.Duration) ([]byte, error) { return []byte(formatDuration(d)), nil }))
	if err != nil {
		return nil, fmt.Errorf("format template %s: %w", t.Name, err)
	}
	return out, nil
}

// FromDomain is the configuration form of t (see Template.Domain).
func FromDomain(t facilitation.Template) Template {
	ct := Template{
		Name: t.Name, Title: t.Title, Locale: t.Locale, Rules: t.Rules,
		Queue: QueueRules{Policy: string(t.Queue.Policy), ReplyLimit: t.Queue.ReplyLimit, TurnCap: t.Queue.TurnCap, MaxTurn: t.Queue.MaxTurn},
		Reminders: Reminders{AtStart: t.Reminders.AtStart, Every: t.Reminders.Every, Warning: t.Reminders.Warning,
			Nudges: Nudges{LongTurn: t.Reminders.Nudges.LongTurn, NotSpoken: t.Reminders.Nudges.NotSpoken, Overrun: t.Reminders.Nudges.Overrun}},
		Polls:    PollRules{ChairOnly: t.Polls.ChairOnly, Visibility: string(t.Polls.Visibility), Register: t.Polls.Register, Tie: string(t.Polls.Tie)},
		Protocol: t.Protocol, Groups: t.Groups, Minutes: EntryRules{Writers: t.Entries.Writers},
		TimeZone: t.TimeZone, Proxies: t.Proxies, Association: t.Association,
	}
	ct.Agenda = configItems(t.Agenda)
	if len(t.Members) > 0 {
		var b strings.Builder
		w := csv.NewWriter(&b)
		for _, m := range t.Members {
			rec := []string{m.ID, m.Name}
			if m.ProxyFor != "" {
				rec = append(rec, m.ProxyFor)
			}
			w.Write(rec) // a strings.Builder does not fail
		}
		w.Flush()
		ct.Members = b.String()
	}
	for _, d := range t.RemindersBefore {
		ct.RemindersBefore = append(ct.RemindersBefore, FormatLead(d))
	}
	return ct
}
