package bot

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klubba/klubba/store"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Templates that facilitators own: a template is kept in the store as YAML, in the form of the
// configuration file's templates, under a scope (a workspace or one
// channel), and every change is a new version. The configuration's
// templates are read-only defaults that a stored one of the same name
// shadows.

// TemplateVersion is one version of a stored template, and
// TemplateChange what made it: the store's records.
type (
	TemplateVersion = store.TemplateVersion
	TemplateChange  = store.TemplateChange
)

// Changes.
const (
	ChangeSave   = store.ChangeSave
	ChangeImport = store.ChangeImport
	ChangeEdit   = store.ChangeEdit
	ChangeCopy   = store.ChangeCopy
	ChangeRevert = store.ChangeRevert
	ChangeDelete = store.ChangeDelete
	ChangeOwners = store.ChangeOwners
)

// TemplateCodec reads and writes templates as YAML, checking them as
// `klubba check` checks the configuration (config implements it).
type TemplateCodec interface {
	// ParseTemplate reads one template; problems name line and field.
	ParseTemplate(data []byte) (facilitation.Template, []TemplateProblem)
	// FormatTemplate writes t as ParseTemplate reads it.
	FormatTemplate(t facilitation.Template) ([]byte, error)
}

// TemplateProblem is one error in a template: where, and what, as a code
// with data for a reply in the caller's language and an English message.
type TemplateProblem struct {
	Line  int
	Field string
	Code  string
	Data  map[string]any
	Msg   string
}

// Origins of a template.
const (
	originChannel   = "channel"
	originWorkspace = "workspace"
	originConfig    = "config"
)

// workspaceOf is the workspace part of a channel ID: "slack:T1" for
// "slack:T1/C1"; a platform with one workspace per installation (Teams,
// the console) is its own workspace.
func workspaceOf(channel string) string {
	if ws, _, ok := strings.Cut(channel, "/"); ok {
		return ws
	}
	return Platform(channel)
}

// found is a template found by name, where it comes from, and its
// latest stored version (nil for the configuration's).
type found struct {
	tpl    facilitation.Template
	origin string
	v      *TemplateVersion
	// broken is a stored template that no longer parses: it starts no
	// meeting.
	broken bool
}

// templatesStored refuses when the bot keeps no templates: without a
// codec it has only the configuration's.
func templatesStored(u *unit) error {
	if u.b.codec == nil {
		return u.refuse(u.t("TemplatesNotStored"))
	}
	return nil
}

// latest returns the latest version of name stored under scope, or nil.
func latest(tx Tx, scope, name string) (*TemplateVersion, error) {
	vs, err := tx.TemplateVersions(scope, name)
	if err != nil {
		return nil, fmt.Errorf("template %s in %s: %w", name, scope, err)
	}
	if len(vs) == 0 {
		return nil, nil
	}
	return &vs[len(vs)-1], nil
}

// storedTemplate finds the stored template name, the channel's before
// the workspace's; deleted ones are not found. v is nil when none is.
func storedTemplate(u *unit, name string) (*TemplateVersion, string, error) {
	if u.b.codec == nil {
		return nil, "", nil
	}
	for _, s := range []struct{ scope, origin string }{{u.req.Channel, originChannel}, {workspaceOf(u.req.Channel), originWorkspace}} {
		v, err := latest(u.tx, s.scope, name)
		if err != nil {
			return nil, "", err
		}
		if v != nil && !v.Deleted {
			return v, s.origin, nil
		}
	}
	return nil, "", nil
}

// findTemplate finds a template by name: a stored one first, then the
// configuration's.
func findTemplate(u *unit, name string) (*found, error) {
	v, origin, err := storedTemplate(u, name)
	if err != nil {
		return nil, err
	}
	if v != nil {
		tpl, ps := u.b.codec.ParseTemplate([]byte(v.YAML))
		if len(ps) > 0 {
			return nil, u.refuse(u.t("TemplateBroken", "Name", v.Name) + "\n" + problems(u, ps))
		}
		return &found{tpl: tpl, origin: origin, v: v}, nil
	}
	if t, ok := u.b.template(name); ok {
		return &found{tpl: t, origin: originConfig}, nil
	}
	return nil, nil
}

// usableTemplate is findTemplate with a template that no longer checks
// taken as none: what a schedule or a save can build on.
func usableTemplate(u *unit, name string) (*found, error) {
	f, err := findTemplate(u, name)
	if _, broken := errors.AsType[*errRefused](err); broken {
		return nil, nil
	}
	return f, err
}

// problems lists a template's problems in the caller's language, one a
// line: line, field, and what is wrong.
func problems(u *unit, ps []TemplateProblem) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = u.t("TemplateProblem", "Line", p.Line, "Field", p.Field, "What", problemText(u, p))
	}
	return strings.Join(lines, "\n")
}

// problemText says one problem in the caller's language, or in English
// when the catalogue has no sentence for its code.
func problemText(u *unit, p TemplateProblem) string {
	if p.Code == "" {
		return p.Msg
	}
	kv := make([]any, 0, 2*len(p.Data)+2)
	for k, v := range p.Data {
		kv = append(kv, k, v)
	}
	if choices, ok := p.Data["Choices"].([]string); ok { // joined in the caller's language
		kv = append(kv, "Options", words(u).OrList(choices))
	}
	id := "Check" + p.Code
	if s := u.t(id, kv...); s != id {
		return s
	}
	return p.Msg
}

// mayEdit reports whether the caller may change a stored template: a
// facilitator, or one of its owners.
func mayEdit(u *unit, v *TemplateVersion) bool {
	return u.b.facilitators[u.req.User] || slices.ContainsFunc(v.Owners, func(p Person) bool { return p.ID == u.req.User })
}

// refuseEdit is the private refusal of a change to a template that the
// caller does not own.
func refuseEdit(u *unit, v *TemplateVersion) error {
	return u.refuse(u.t("TemplateNotOwner", "Name", v.Name, "Owners", ownerNames(u, v.Owners)))
}

// ownerNames lists a template's owners by name, in the caller's language.
func ownerNames(u *unit, owners []Person) string {
	names := make([]string, len(owners))
	for i, p := range owners {
		names[i] = p.Name
	}
	return words(u).List(names)
}

// caller is the person making the request.
func caller(u *unit) Person {
	name := u.req.UserName
	if name == "" {
		name = u.req.User
	}
	return Person{ID: u.req.User, Name: name}
}

// targetScope is where a template named name goes: the channel with
// --channel, or when the channel has a template of that name, which is
// the one used here; the workspace otherwise.
func targetScope(u *unit, a args, name string) (string, string, error) {
	if hasFlag(a.Flags, "channel") {
		return u.req.Channel, originChannel, nil
	}
	v, err := latest(u.tx, u.req.Channel, name)
	if err != nil {
		return "", "", err
	}
	if v != nil && !v.Deleted {
		return u.req.Channel, originChannel, nil
	}
	return workspaceOf(u.req.Channel), originWorkspace, nil
}

// writeTemplate checks tpl and stores it as the next version of name
// under scope, refusing a caller who may not change it. Creating a
// template is open to everyone, who then owns it, except shadowing a
// template of the configuration, which is the facilitators'.
func writeTemplate(u *unit, scope string, tpl facilitation.Template, yaml []byte, change TemplateChange, from int) (*TemplateVersion, error) {
	if err := templatesStored(u); err != nil {
		return nil, err
	}
	if yaml == nil {
		data, err := u.b.codec.FormatTemplate(tpl)
		if err != nil {
			return nil, err
		}
		yaml = data
	}
	checked, ps := u.b.codec.ParseTemplate(yaml)
	if len(ps) > 0 {
		return nil, u.refuse(u.t("TemplateInvalid", "Count", len(ps)) + "\n" + problems(u, ps))
	}
	prev, err := latest(u.tx, scope, checked.Name)
	if err != nil {
		return nil, err
	}
	v := &TemplateVersion{Scope: scope, Name: checked.Name, YAML: string(yaml), By: caller(u), At: u.now, Change: change, From: from}
	switch {
	case prev != nil && !mayEdit(u, prev):
		return nil, refuseEdit(u, prev)
	case prev != nil:
		v.Owners = prev.Owners
	default:
		if _, inConfig := u.b.template(checked.Name); inConfig && !u.b.facilitators[u.req.User] {
			return nil, u.refuse(u.t("TemplateShadowFacilitators", "Name", checked.Name))
		}
		all, err := u.tx.LatestTemplates(scope)
		if err != nil {
			return nil, fmt.Errorf("templates of %s: %w", scope, err)
		}
		live := 0
		for _, v := range all {
			if !v.Deleted {
				live++
			}
		}
		if live >= maxTemplates {
			return nil, u.refuse(u.t("TemplateTooMany", "Count", maxTemplates))
		}
		v.Owners = []Person{caller(u)}
	}
	if len(v.YAML) > maxTemplateYAML {
		return nil, u.refuse(u.t("TemplateTooLarge"))
	}
	if prev != nil && prev.Version >= maxTemplateVersions {
		return nil, u.refuse(u.t("TemplateTooManyVersions", "Name", prev.Name, "Count", maxTemplateVersions))
	}
	if err := u.tx.AddTemplateVersion(v); err != nil {
		return nil, fmt.Errorf("store template %s: %w", v.Name, err)
	}
	return v, nil
}

// maxTemplates caps the templates of one scope that are not deleted.
const maxTemplates = 200

// maxTemplateYAML caps a stored template's YAML.
const maxTemplateYAML = 64 << 10

// maxTemplateVersions caps a template's history, so that nobody fills
// the store by saving in a loop: past it, a copy under a new name
// starts afresh.
const maxTemplateVersions = 500

// templateName reads word i as a template name.
func templateName(u *unit, a args, i int) (string, error) {
	w := a.Words[i]
	if w.Quoted || w.Text == "" || strings.ContainsAny(w.Text, "\"#@`") || utf8.RuneCountInString(w.Text) > facilitation.MaxTemplateName {
		return "", cmdline.Usagef("%s", u.t("TemplateNameWord", "Max", facilitation.MaxTemplateName))
	}
	return w.Text, nil
}

// needTemplate finds the template named by word i, or refuses.
func needTemplate(u *unit, a args, i int) (*found, error) {
	name, err := templateName(u, a, i)
	if err != nil {
		return nil, err
	}
	f, err := findTemplate(u, name)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, u.refuse(u.t("UnknownTemplate", "Name", name, "Names", templateNames(u)))
	}
	return f, nil
}

// needStored finds the stored template named by word i, deleted or not,
// the channel's before the workspace's, or refuses.
func needStored(u *unit, a args, i int, deletedToo bool) (*TemplateVersion, []TemplateVersion, error) {
	name, err := templateName(u, a, i)
	if err != nil {
		return nil, nil, err
	}
	if err := templatesStored(u); err != nil {
		return nil, nil, err
	}
	for _, scope := range []string{u.req.Channel, workspaceOf(u.req.Channel)} {
		vs, err := u.tx.TemplateVersions(scope, name)
		if err != nil {
			return nil, nil, fmt.Errorf("template %s: %w", name, err)
		}
		if len(vs) > 0 && (deletedToo || !vs[len(vs)-1].Deleted) {
			return &vs[len(vs)-1], vs, nil
		}
	}
	if _, ok := u.b.template(name); ok {
		return nil, nil, u.refuse(u.t("TemplateFromConfig", "Name", name))
	}
	return nil, nil, u.refuse(u.t("UnknownTemplate", "Name", name, "Names", templateNames(u)))
}

func templateSave(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	name, err := templateName(u, a, 0)
	if err != nil {
		return err
	}
	scope, origin, err := targetScope(u, a, name)
	if err != nil {
		return err
	}
	tpl := u.m.AsTemplate(name)
	// What a meeting does not hold, but the template it saves over does,
	// stays: when and in what zone its schedules remind and start, and
	// its member list.
	f, err := usableTemplate(u, name)
	if err != nil {
		return err
	}
	if f != nil {
		tpl.TimeZone, tpl.RemindersBefore, tpl.Members = f.tpl.TimeZone, f.tpl.RemindersBefore, f.tpl.Members
	}
	if tpl.TimeZone == "" {
		tpl.TimeZone = u.m.Zone
	}
	v, err := writeTemplate(u, scope, tpl, nil, ChangeSave, 0)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("TemplateSaved", "Name", v.Name, "Version", v.Version, "Where", u.t("Origin"+origin))})
	return nil
}

func templateShow(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	f, err := needTemplate(u, a, 0)
	if err != nil {
		return err
	}
	t := f.tpl
	msg := chat.Message{Header: u.t("TemplateShowHeader", "Name", t.Name, "Title", t.Title)}
	origin := u.t("Origin" + f.origin)
	if f.v != nil {
		msg.Text = u.t("TemplateShowStored", "Where", origin, "Version", f.v.Version, "Owners", ownerNames(u, f.v.Owners))
	} else {
		msg.Text = u.t("TemplateShowConfig")
	}
	msg.List, msg.Numbers = agendaOf(u, t, nil)
	if len(t.Rules) > 0 {
		msg.Fields = append(msg.Fields, chat.Field{Label: u.t("RulesHeader"), Value: render.Bullets(t.Rules)})
	}
	policy := t.Queue.Policy
	if policy == "" {
		policy = facilitation.FewestTurnsFirst
	}
	msg.Fields = append(msg.Fields, chat.Field{Label: u.t("TemplateQueueLabel"), Value: u.t("Policy" + string(policy))})
	vis := t.Polls.Visibility
	if vis == "" {
		vis = facilitation.Open
	}
	msg.Fields = append(msg.Fields, chat.Field{Label: u.t("TemplatePollsLabel"), Value: u.t("VisibilityShort" + string(vis))})
	if f.v != nil {
		msg.Context = u.t("TemplateShowHint", "Name", t.Name)
	} else { // the configuration's is not edited here, but copied
		msg.Context = u.t("TemplateShowHintConfig", "Name", t.Name)
	}
	u.tell(msg)
	return nil
}

func templateExport(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	f, err := needTemplate(u, a, 0)
	if err != nil {
		return err
	}
	yaml := ""
	if f.v != nil {
		yaml = f.v.YAML
	} else {
		if err := templatesStored(u); err != nil {
			return err
		}
		data, err := u.b.codec.FormatTemplate(f.tpl)
		if err != nil {
			return err
		}
		yaml = string(data)
	}
	u.tell(chat.Message{Text: u.t("TemplateExported", "Name", f.tpl.Name) + "\n```\n" + strings.TrimRight(yaml, "\n") + "\n```"})
	return nil
}

// codeBlock is the text of the request's code block (```…```), without
// its fences and an optional language word.
func codeBlock(body string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(body), "```")
	if !ok {
		return "", false
	}
	inner, _, _ := strings.Cut(rest, "```")
	first, after, hasNL := strings.Cut(inner, "\n")
	if hasNL && !strings.ContainsAny(strings.TrimSpace(first), ": ") {
		inner = after // ```yaml
	}
	return strings.Trim(inner, "\n"), true
}

func templateImport(u *unit, a args) error {
	if err := a.want(0, 0); err != nil {
		return err
	}
	yaml, ok := codeBlock(a.block)
	if !ok || strings.TrimSpace(yaml) == "" {
		return u.refuse(u.t("TemplateImportHow"))
	}
	if len(yaml) > maxTemplateYAML {
		return u.refuse(u.t("TemplateTooLarge"))
	}
	if err := templatesStored(u); err != nil {
		return err
	}
	parsed, _ := u.b.codec.ParseTemplate([]byte(yaml + "\n")) // writeTemplate reports its problems
	scope, origin, err := targetScope(u, a, parsed.Name)
	if err != nil {
		return err
	}
	v, err := writeTemplate(u, scope, facilitation.Template{}, []byte(yaml+"\n"), ChangeImport, 0)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("TemplateImported", "Name", v.Name, "Version", v.Version, "Where", u.t("Origin"+origin))})
	return nil
}

func templateCopy(u *unit, a args) error {
	if err := a.want(2, 2); err != nil {
		return err
	}
	f, err := needTemplate(u, a, 0)
	if err != nil {
		return err
	}
	name, err := templateName(u, a, 1)
	if err != nil {
		return err
	}
	tpl := f.tpl
	tpl.Name = name
	scope, origin, err := targetScope(u, a, name)
	if err != nil {
		return err
	}
	if prev, err := latest(u.tx, scope, name); err != nil {
		return err
	} else if prev != nil && !prev.Deleted {
		return u.refuse(u.t("TemplateCopyExists", "Name", prev.Name, "Where", u.t("Origin"+origin)))
	}
	v, err := writeTemplate(u, scope, tpl, nil, ChangeCopy, 0)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("TemplateCopied", "From", f.tpl.Name, "Name", v.Name, "Version", v.Version, "Where", u.t("Origin"+origin))})
	return nil
}

func templateDelete(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	prev, _, err := needStored(u, a, 0, false)
	if err != nil {
		return err
	}
	if !mayEdit(u, prev) {
		return refuseEdit(u, prev)
	}
	v := &TemplateVersion{Scope: prev.Scope, Name: prev.Name, YAML: prev.YAML, Owners: prev.Owners, By: caller(u), At: u.now, Change: ChangeDelete, Deleted: true}
	if err := u.tx.AddTemplateVersion(v); err != nil {
		return fmt.Errorf("delete template %s: %w", prev.Name, err)
	}
	msg := chat.Message{Text: u.t("TemplateDeleted", "Name", prev.Name, "Version", prev.Version)}
	f, err := usableTemplate(u, prev.Name)
	if err != nil {
		return err
	}
	if f == nil { // nothing else of the name takes its place
		users, err := schedulesUsing(u, prev)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			msg.Context = u.t("TemplateDeletedScheduled", "Schedules", words(u).List(users), "Count", len(users))
		}
	}
	u.tell(msg)
	return nil
}

// schedulesUsing names the schedules that start their meetings from the
// template v: this channel's for a channel's template, the workspace's
// for the workspace's.
func schedulesUsing(u *unit, v *TemplateVersion) ([]string, error) {
	var ss []Schedule
	var err error
	if v.Scope == workspaceOf(u.req.Channel) {
		ss, err = u.tx.SchedulesUnder(v.Scope)
	} else {
		ss, err = u.tx.Schedules(u.req.Channel)
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range ss {
		if strings.EqualFold(s.Template, v.Name) {
			names = append(names, u.t("ScheduleRef", "ID", s.ID, "Title", s.Title))
		}
	}
	return names, nil
}

func templateHistory(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	_, vs, err := needStored(u, a, 0, true)
	if err != nil {
		return err
	}
	lines := make([]string, 0, len(vs))
	for i := len(vs) - 1; i >= 0 && len(lines) < 20; i-- {
		v := vs[i]
		what := u.t("Change"+string(v.Change), "From", v.From)
		lines = append(lines, u.t("TemplateHistoryLine", "Version", v.Version, "When", when(u, v.At), "Who", v.By.Name, "What", what))
	}
	u.tell(chat.Message{Header: u.t("TemplateHistoryHeader", "Name", vs[len(vs)-1].Name), Text: strings.Join(lines, "\n"),
		Context: u.t("TemplateHistoryHint", "Name", vs[len(vs)-1].Name)})
	return nil
}

// when writes a time for a history line: in the meeting's or the
// workspace's time zone, else in UTC, said.
func when(u *unit, t time.Time) string {
	w := words(u)
	if w.Zone == nil {
		w.Zone = time.UTC
		return w.Date(t) + " " + w.At(t) + " UTC"
	}
	return w.Date(t) + " " + w.At(t)
}

func templateRevert(u *unit, a args) error {
	if err := a.want(2, 2); err != nil {
		return err
	}
	prev, vs, err := needStored(u, a, 0, true)
	if err != nil {
		return err
	}
	n, err := a.number(1)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(vs, func(v TemplateVersion) bool { return v.Version == n })
	if i < 0 || vs[i].Deleted {
		return u.refuse(u.t("TemplateNoVersion", "Name", prev.Name, "Version", n, "Last", prev.Version))
	}
	if !mayEdit(u, prev) {
		return refuseEdit(u, prev)
	}
	v, err := writeTemplate(u, prev.Scope, facilitation.Template{}, []byte(vs[i].YAML), ChangeRevert, n)
	if err != nil {
		return err
	}
	u.tell(chat.Message{Text: u.t("TemplateReverted", "Name", v.Name, "From", n, "Version", v.Version)})
	return nil
}

func templateOwners(u *unit, a args) error {
	if len(a.Words) < 1 {
		return cmdline.Usagef("%s", u.t("WrongArgs"))
	}
	prev, _, err := needStored(u, a, 0, false)
	if err != nil {
		return err
	}
	if len(a.Words) == 1 {
		u.tell(chat.Message{Text: u.t("TemplateOwnersAre", "Name", prev.Name, "Owners", ownerNames(u, prev.Owners))})
		return nil
	}
	if !mayEdit(u, prev) {
		return refuseEdit(u, prev)
	}
	owners := slices.Clone(prev.Owners)
	for _, w := range a.Words[1:] {
		m, ok := cmdline.ParseMention(w)
		if !ok {
			return cmdline.Usagef("%s", u.t("NeedMention"))
		}
		for _, rm := range u.req.Mentions {
			if rm.ID == m.ID && rm.Name != "" {
				m.Name = rm.Name
			}
		}
		if m.Name == "" {
			m.Name = m.ID
		}
		if !slices.ContainsFunc(owners, func(p Person) bool { return p.ID == m.ID }) {
			owners = append(owners, Person{ID: m.ID, Name: m.Name})
		}
	}
	v := &TemplateVersion{Scope: prev.Scope, Name: prev.Name, YAML: prev.YAML, Owners: owners, By: caller(u), At: u.now, Change: ChangeOwners}
	if err := u.tx.AddTemplateVersion(v); err != nil {
		return fmt.Errorf("template owners %s: %w", prev.Name, err)
	}
	u.tell(chat.Message{Text: u.t("TemplateOwnersSet", "Name", v.Name, "Owners", ownerNames(u, owners), "Version", v.Version)})
	return nil
}

// templateList is what `templates` shows: the channel's stored templates,
// the workspace's, and the configuration's, each marked with its origin;
// a stored one shadows the others of its name.
func templateList(u *unit) ([]found, error) {
	var out []found
	seen := map[string]bool{}
	if u.b.codec != nil {
		for _, s := range []struct{ scope, origin string }{{u.req.Channel, originChannel}, {workspaceOf(u.req.Channel), originWorkspace}} {
			vs, err := u.tx.LatestTemplates(s.scope)
			if err != nil {
				return nil, fmt.Errorf("templates of %s: %w", s.scope, err)
			}
			for i := range vs {
				key := strings.ToLower(vs[i].Name)
				if vs[i].Deleted || seen[key] {
					continue
				}
				seen[key] = true
				tpl, ps := u.b.codec.ParseTemplate([]byte(vs[i].YAML))
				if len(ps) > 0 {
					tpl = facilitation.Template{Name: vs[i].Name, Title: "?"}
				}
				out = append(out, found{tpl: tpl, origin: s.origin, v: &vs[i], broken: len(ps) > 0})
			}
		}
	}
	for _, t := range u.b.templates {
		if !seen[strings.ToLower(t.Name)] {
			out = append(out, found{tpl: t, origin: originConfig})
		}
	}
	return out, nil
}
