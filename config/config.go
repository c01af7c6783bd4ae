// Package config loads Klubba's YAML configuration: server settings and
// meeting templates, and keeps each platform's section for the platform
// to decode (Section). Loading is strict (unknown keys are errors), every
// problem is reported with its file, line and field, and secrets come
// only from the environment.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/klubba/klubba/facilitation"
)

// Config is Klubba's configuration.
type Config struct {
	// Listen is the HTTP server's address (KLUBBA_LISTEN).
	Listen string `yaml:"listen"`
	// PublicURL is where people reach this server, such as
	// "https://klubba.example.org" (KLUBBA_PUBLIC_URL): the base of the
	// live board's links. Unset, the board command gives the bare path.
	PublicURL string `yaml:"public_url"`
	// DB is the bbolt file's path (KLUBBA_DB).
	DB string `yaml:"db"`
	// Store selects where state lives: bbolt (the default) or etcd.
	Store Store `yaml:"store"`
	// Locale is the language outside meetings and of templates that set none.
	Locale string `yaml:"locale"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `yaml:"log_level"`
	// LogFormat is text (for a console) or json (one object a line, for
	// a log collector) (KLUBBA_LOG_FORMAT).
	LogFormat string `yaml:"log_format"`
	// Facilitators are user IDs that may always act as chair.
	Facilitators []string  `yaml:"facilitators"`
	Limits       Limits    `yaml:"limits"`
	Board        Board     `yaml:"board"`
	Retention    Retention `yaml:"retention"`
	// TimeZone is the workspace's zone for scheduled meetings whose
	// template names none (default UTC).
	TimeZone string `yaml:"time_zone"`
	// Templates are the meeting templates, written in the file as
	// Template (see fileConfig).
	Templates []facilitation.Template `yaml:"-"`
	// Secrets are read from the environment only, never from the file.
	Secrets Secrets `yaml:"-"`
	// sections are the platforms' parts of the file, by key (see Section).
	sections map[string]Section
}

// Store selects the store (docs/architecture.md, "Beyond one machine"): "bolt", a file at DB, or
// "etcd", shared by every replica that names the same endpoints and prefix.
type Store struct {
	// Kind is bolt or etcd (KLUBBA_STORE).
	Kind string `yaml:"kind"`
	// Endpoints are etcd's client addresses (KLUBBA_ETCD_ENDPOINTS, comma-separated).
	Endpoints []string `yaml:"endpoints"`
	// Prefix namespaces Klubba's keys in etcd (KLUBBA_ETCD_PREFIX).
	Prefix string `yaml:"prefix"`
	// TLS configures the connection to etcd; unset, it is plain.
	TLS StoreTLS `yaml:"tls"`
	// Username authenticates to etcd (KLUBBA_ETCD_USERNAME), with the
	// password from KLUBBA_ETCD_PASSWORD.
	Username string `yaml:"username"`
}

// StoreTLS are the files for TLS to etcd.
type StoreTLS struct {
	// CAFile verifies etcd's certificate (default: the system's roots).
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are Klubba's client certificate, when etcd asks for one.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ServerName overrides the name checked in etcd's certificate.
	ServerName string `yaml:"server_name"`
	// Enabled turns TLS on with the system's roots when no file is named.
	Enabled bool `yaml:"enabled"`
}

// On reports whether TLS is configured.
func (t StoreTLS) On() bool { return t.Enabled || t.CAFile != "" || t.CertFile != "" }

// Limits are the quotas (docs/security.md): 0 means the default.
type Limits struct {
	// CommandsPerSecond and Burst limit each user's commands (a token bucket).
	CommandsPerSecond float64 `yaml:"commands_per_second"`
	Burst             int     `yaml:"burst"`
	// TitleChars caps titles, poll questions and options; TextChars any other text.
	TitleChars int `yaml:"title_chars"`
	TextChars  int `yaml:"text_chars"`
	// AgendaItems, Polls and MinutesEntries cap what one meeting holds.
	AgendaItems    int `yaml:"agenda_items"`
	Polls          int `yaml:"polls"`
	MinutesEntries int `yaml:"minutes_entries"`
	// Ideas caps the ideas one brainstorm collects.
	Ideas int `yaml:"ideas"`
	// MeetingsPerHour caps the meetings one user starts in an hour.
	MeetingsPerHour int `yaml:"meetings_per_hour"`
}

// Retention deletes ended meetings once they are old enough.
type Retention struct {
	// Days is how long an ended meeting is kept, counted from its end;
	// 0 keeps meetings for ever.
	Days int `yaml:"days"`
	// ExportDir, if set, is where each meeting's minutes are written (as
	// Markdown) before the meeting is deleted.
	ExportDir string `yaml:"export_dir"`
}

// Board holds the live board's limits on event streams (docs/security.md).
type Board struct {
	// TrustedProxies are the reverse proxies, as addresses or CIDR
	// prefixes, whose X-Forwarded-For is believed (KLUBBA_TRUSTED_PROXIES,
	// comma-separated). Unset, the header is ignored.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// MaxStreams caps the open event streams, all boards together
	// (10,000); MaxStreamsPerClient those of one client address (100),
	// MaxStreamsPerBoard those of one board (1,000). 0 means the default.
	MaxStreams          int `yaml:"max_streams"`
	MaxStreamsPerClient int `yaml:"max_streams_per_client"`
	MaxStreamsPerBoard  int `yaml:"max_streams_per_board"`
}

// Proxies returns the trusted proxies as prefixes; a bare address is a
// prefix of one address. Entries that do not parse are skipped: validate
// reports them.
func (b Board) Proxies() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range b.TrustedProxies {
		if p, err := parseProxy(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func parseProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Secret is a value that must never be printed or logged.
type Secret string

// String hides the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// LogValue hides the secret from log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// GoString hides the secret from %#v.
func (s Secret) GoString() string { return s.String() }

// Reveal returns the secret's value, for the one place that uses it.
func (s Secret) Reveal() string { return string(s) }

// Secrets are the credentials, each from its environment variable.
type Secrets struct {
	// AdminToken guards the server's /admin/backup endpoint; unset, it is off.
	AdminToken Secret // KLUBBA_ADMIN_TOKEN
	// EtcdPassword authenticates store.username to etcd.
	EtcdPassword Secret // KLUBBA_ETCD_PASSWORD
	// SecretKey seals tokens at rest (32 random bytes, base64 or hex).
	SecretKey Secret // KLUBBA_SECRET_KEY
}

// Default returns the configuration used where the file says nothing.
func Default() Config {
	return Config{Listen: ":8080", DB: "klubba.db", Store: Store{Kind: "bolt", Prefix: "klubba/"}, Locale: "en", LogLevel: "info", LogFormat: "text"}
}

// Problem is one error in a configuration.
type Problem struct {
	File  string
	Line  int
	Field string
	Msg   string
	// Code and Data say what Msg says, for a reply in another language
	// (the Code* constants; empty for problems outside templates).
	Code string
	Data map[string]any
}

// String writes the problem as file:line: field: message.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Msg)
}

// Problems is the list of errors Load found.
type Problems []Problem

// Error lists the problems, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// file is a configuration as written: Config's settings, and the
// templates in their configuration form.
type fileConfig struct {
	Config    `yaml:",inline"`
	Templates []Template `yaml:"templates"`
}

// blank reports whether a YAML file holds no value: empty, comments
// only, or null.
func blank(file *ast.File) bool {
	for _, d := range file.Docs {
		switch d.Body.(type) {
		case nil, *ast.NullNode, *ast.CommentGroupNode:
		default:
			return false
		}
	}
	return true
}

// Load reads a configuration from r over the defaults and validates it.
// name is the file name used in error messages. Environment overrides are
// applied separately, by ApplyEnv. sections are the top-level keys that
// belong to platforms ("slack"): Load keeps them for their owners to
// decode (see Section); any other unknown key is an error.
func Load(name string, r io.Reader, sections ...string) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, Problems{{File: name, Line: 1, Field: "(yaml)", Msg: fmt.Sprintf("the file is over %d MB, more than any configuration needs", MaxFileSize>>20)}}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, Problems{decodeProblem(name, err, nil)}
	}
	if ps := checkExpansion(name, file); len(ps) > 0 {
		return nil, ps
	}
	if ps := checkDurationSyntax(name, file); len(ps) > 0 {
		return nil, ps
	}
	f := fileConfig{Config: Default()}
	rest, kept := cutSections(name, file, sections)
	switch {
	case blank(file): // nothing to decode: decoding null would clear the defaults
	case kept == nil:
		dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
		if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
			return nil, Problems{decodeProblem(name, err, file)}
		}
	case rest != nil:
		if err := yaml.NodeToValue(rest, &f, yaml.DisallowUnknownField()); err != nil {
			return nil, Problems{decodeProblem(name, err, rest)}
		}
	}
	cfg := f.Config
	cfg.sections = map[string]Section{}
	for _, key := range sections {
		cfg.sections[key] = Section{file: name, key: key, root: file, node: kept[key]}
	}
	for _, t := range f.Templates {
		cfg.Templates = append(cfg.Templates, t.Domain())
	}
	ps := cfg.validate()
	for i, t := range f.Templates {
		for _, p := range t.textProblems() {
			p.Field = fmt.Sprintf("templates[%d].%s", i, p.Field)
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		for i := range ps {
			ps[i].File, ps[i].Line = name, lineOf(file, ps[i].Field)
		}
		return nil, ps
	}
	return &cfg, nil
}

// cutSections takes the platforms' sections out of the file's top-level
// mapping: it returns the mapping without them and their values by key,
// or a nil map when the file has none of them (then the file is decoded
// as it is). rest is nil when nothing is left to decode.
func cutSections(name string, file *ast.File, keys []string) (rest ast.Node, kept map[string]ast.Node) {
	if len(keys) == 0 || len(file.Docs) != 1 || file.Docs[0] == nil {
		return nil, nil
	}
	var values []*ast.MappingValueNode
	switch body := file.Docs[0].Body.(type) {
	case *ast.MappingNode:
		values = body.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{body}
	default:
		return nil, nil
	}
	var left []*ast.MappingValueNode
	for _, mv := range values {
		if k := mv.Key.String(); slices.Contains(keys, k) {
			if kept == nil {
				kept = map[string]ast.Node{}
			}
			kept[k] = mv.Value
			continue
		}
		left = append(left, mv)
	}
	if kept == nil || len(left) == 0 {
		return nil, kept
	}
	if m, ok := file.Docs[0].Body.(*ast.MappingNode); ok {
		cp := *m
		cp.Values = left
		return &cp, kept
	}
	return nil, kept // a lone key, cut
}

// Section is a part of the file that config leaves to its owner, a
// platform, which decodes it itself (platform.Section).
type Section struct {
	file, key string
	root      *ast.File
	node      ast.Node // nil when the file has no such section
}

// Section returns the platform section under key, empty when the file
// has none (or key was not named to Load).
func (c *Config) Section(key string) Section {
	if s, ok := c.sections[key]; ok {
		return s
	}
	return Section{file: "configuration", key: key}
}

// Decode decodes the section into v strictly: an unknown key is a
// Problem with its line. An absent section leaves v as it is.
func (s Section) Decode(v any) error {
	if s.node == nil {
		return nil
	}
	if _, null := s.node.(*ast.NullNode); null {
		return nil
	}
	if err := yaml.NodeToValue(s.node, v, yaml.DisallowUnknownField()); err != nil {
		return Problems{decodeProblem(s.file, err, s.node)}
	}
	return nil
}

// Invalid reports a bad value of the section's field ("mode") as a
// Problem at the line where the field is written.
func (s Section) Invalid(field, format string, args ...any) error {
	p := Problem{File: s.file, Field: s.key + "." + field, Msg: fmt.Sprintf(format, args...)}
	if s.root != nil {
		p.Line = lineOf(s.root, p.Field)
	}
	return Problems{p}
}

// durationKeys are the keys whose values are durations.
var durationKeys = map[string]bool{"timebox": true, "max_turn": true, "every": true, "warning": true}

// checkDurationSyntax reports duration values that do not parse, with
// their position, which the decoder's error would not give.
func checkDurationSyntax(name string, file *ast.File) Problems {
	var ps Problems
	for _, n := range filterDocs(ast.MappingValueType, file) {
		mv := n.(*ast.MappingValueNode)
		if !durationKeys[mv.Key.String()] {
			continue
		}
		field := strings.TrimPrefix(mv.GetPath(), "$.")
		switch v := mv.Value.(type) {
		case *ast.StringNode:
			if _, err := time.ParseDuration(v.Value); err != nil {
				ps = append(ps, Problem{File: name, Line: v.GetToken().Position.Line, Field: field,
					Msg: fmt.Sprintf("%q is not a duration; write it like 90s, 10m or 1h30m", v.Value), Code: CodeNotDuration, Data: map[string]any{"Value": v.Value}})
			}
		case *ast.IntegerNode, *ast.FloatNode:
			tok := v.GetToken()
			ps = append(ps, Problem{File: name, Line: tok.Position.Line, Field: field,
				Msg: fmt.Sprintf("%s has no unit; write %sm for minutes (or 90s, 1h30m)", tok.Value, tok.Value), Code: CodeNoUnit, Data: map[string]any{"Value": tok.Value}})
		}
	}
	return ps
}

// filterDocs is ast.FilterFile without its failure on a document that is
// nothing but comments (its body is nil).
func filterDocs(typ ast.NodeType, file *ast.File) []ast.Node {
	var out []ast.Node
	for _, doc := range file.Docs {
		if doc != nil && doc.Body != nil {
			out = append(out, ast.Filter(typ, doc.Body)...)
		}
	}
	return out
}

// decodeProblem turns a YAML error into a Problem with its position; an
// unknown key is named by its path in root (see keyPath), when given.
func decodeProblem(name string, err error, root any) Problem {
	p := Problem{File: name, Field: "(yaml)", Msg: err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		p.Msg = ye.GetMessage()
		if tok := ye.GetToken(); tok != nil {
			p.Line = tok.Position.Line
			if tok.Type == 0 || tok.Value != "" {
				p.Field = tok.Value
			}
		}
		var uf *yaml.UnknownFieldError
		if errors.As(err, &uf) {
			p.Msg = "unknown key (check its spelling and indentation)"
			p = keyPath(p, root, ye)
		}
	}
	return p
}

// keyPath names the unknown key of ye in p by its whole path in root
// (templates[0].agenda[1].titel), which the decoder's error does not
// give. root is an *ast.File or a node; with none, p is unchanged.
func keyPath(p Problem, root any, ye yaml.Error) Problem {
	if ye.GetToken() == nil {
		return p
	}
	var nodes []ast.Node
	switch r := root.(type) {
	case *ast.File:
		nodes = filterDocs(ast.MappingValueType, r)
	case ast.Node:
		nodes = ast.Filter(ast.MappingValueType, r)
	}
	at := ye.GetToken().Position
	for _, n := range nodes {
		mv := n.(*ast.MappingValueNode)
		if k := mv.Key.GetToken(); k != nil && k.Position.Line == at.Line && k.Position.Column == at.Column {
			p.Field = strings.TrimPrefix(mv.GetPath(), "$.")
			break
		}
	}
	return p
}

// lineOf finds the line of a field path such as templates[1].agenda[0].title,
// falling back to the nearest enclosing node that exists.
func lineOf(file *ast.File, field string) int {
	if len(filterDocs(ast.MappingValueType, file)) == 0 {
		return 1 // nothing but comments: the library's filters fail on an empty document
	}
	for path := field; path != ""; path = parent(path) {
		p, err := yaml.PathString("$." + path)
		if err != nil {
			continue
		}
		if n, err := p.FilterFile(file); err == nil && n != nil {
			return n.GetToken().Position.Line
		}
	}
	return 1
}

// parent strips the last element of a field path.
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// ApplyEnv overrides the configuration from environment variables
// (getenv is os.Getenv outside tests).
func (c *Config) ApplyEnv(getenv func(string) string) {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.Listen, "KLUBBA_LISTEN")
	set(&c.DB, "KLUBBA_DB")
	set(&c.Store.Kind, "KLUBBA_STORE")
	set(&c.Store.Prefix, "KLUBBA_ETCD_PREFIX")
	set(&c.Store.Username, "KLUBBA_ETCD_USERNAME")
	if v := getenv("KLUBBA_ETCD_ENDPOINTS"); v != "" {
		c.Store.Endpoints = nil
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				c.Store.Endpoints = append(c.Store.Endpoints, e)
			}
		}
	}
	set(&c.LogFormat, "KLUBBA_LOG_FORMAT")
	if v := getenv("KLUBBA_TRUSTED_PROXIES"); v != "" {
		c.Board.TrustedProxies = nil
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				c.Board.TrustedProxies = append(c.Board.TrustedProxies, e)
			}
		}
	}
	set(&c.PublicURL, "KLUBBA_PUBLIC_URL")
	c.Secrets = Secrets{
		AdminToken:   Secret(getenv("KLUBBA_ADMIN_TOKEN")),
		EtcdPassword: Secret(getenv("KLUBBA_ETCD_PASSWORD")),
		SecretKey:    Secret(getenv("KLUBBA_SECRET_KEY")),
	}
}

// validate checks values that YAML types cannot.
func (c *Config) validate() Problems {
	var ps Problems
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if c.Listen == "" {
		bad("listen", "must not be empty (for example \":8080\")")
	}
	if u, err := url.Parse(c.PublicURL); c.PublicURL != "" && (err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		bad("public_url", "is %q; write the address people open, like \"https://klubba.example.org\"", c.PublicURL)
	}
	if c.DB == "" {
		bad("db", "must not be empty (for example \"klubba.db\")")
	}
	ps = append(ps, c.Store.validate()...)
	if !oneOf(c.Locale, "en", "sv") {
		bad("locale", "is %q; use en or sv", c.Locale)
	}
	if !oneOf(c.LogLevel, "debug", "info", "warn", "error") {
		bad("log_level", "is %q; use debug, info, warn or error", c.LogLevel)
	}
	if !oneOf(c.LogFormat, "text", "json") {
		bad("log_format", "is %q; use text or json", c.LogFormat)
	}
	l := c.Limits
	if l.CommandsPerSecond < 0 {
		bad("limits.commands_per_second", "is %v; use a positive number, or 0 for the default", l.CommandsPerSecond)
	}
	for field, v := range map[string]int{"burst": l.Burst, "title_chars": l.TitleChars, "text_chars": l.TextChars,
		"agenda_items": l.AgendaItems, "polls": l.Polls, "minutes_entries": l.MinutesEntries,
		"ideas": l.Ideas, "meetings_per_hour": l.MeetingsPerHour} {
		if v < 0 {
			bad("limits."+field, "is %d; use a positive number, or 0 for the default", v)
		}
	}
	ps = append(ps, c.Board.validate()...)
	if c.Retention.Days < 0 {
		bad("retention.days", "is %d; use a number of days, or 0 to keep meetings for ever", c.Retention.Days)
	}
	if c.Retention.ExportDir != "" && c.Retention.Days == 0 {
		bad("retention.export_dir", "is set, but retention.days is not: nothing is ever deleted, so nothing is exported")
	}
	names := map[string]int{}
	for i, t := range c.Templates {
		at := fmt.Sprintf("templates[%d]", i)
		tps := checkTemplate(at, t)
		n := 0 // a duplicate name is told after the name's own problems
		for n < len(tps) && tps[n].Field == at+".name" {
			n++
		}
		ps = append(ps, tps[:n]...)
		if j, dup := names[strings.ToLower(t.Name)]; dup && t.Name != "" {
			bad(at+".name", "%q is also the name of templates[%d]", t.Name, j)
		}
		ps = append(ps, tps[n:]...)
		names[strings.ToLower(t.Name)] = i
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "Local" {
			bad("time_zone", "%q is not a time zone; write one like Europe/Stockholm or UTC", c.TimeZone)
		}
	}
	return ps
}

func oneOf(s string, options ...string) bool { return slices.Contains(options, s) }

// validate checks the board's settings; CheckBoard does it again after
// the environment is applied.
func (b Board) validate() Problems {
	var ps Problems
	for i, s := range b.TrustedProxies {
		if _, err := parseProxy(s); err != nil {
			ps = append(ps, Problem{Field: fmt.Sprintf("board.trusted_proxies[%d]", i),
				Msg: fmt.Sprintf("%q is not an address or prefix; write it like 10.0.0.1 or 10.0.0.0/8", s)})
		}
	}
	for field, v := range map[string]int{"max_streams": b.MaxStreams, "max_streams_per_client": b.MaxStreamsPerClient,
		"max_streams_per_board": b.MaxStreamsPerBoard} {
		if v < 0 {
			ps = append(ps, Problem{Field: "board." + field, Msg: fmt.Sprintf("is %d; use a positive number, or 0 for the default", v)})
		}
	}
	return ps
}

// CheckBoard checks the board's settings once the environment is
// applied (KLUBBA_TRUSTED_PROXIES).
func (c *Config) CheckBoard() error {
	ps := c.Board.validate()
	if len(ps) == 0 {
		return nil
	}
	for i := range ps {
		ps[i].File = "configuration"
		if strings.HasPrefix(ps[i].Field, "board.trusted_proxies") {
			ps[i].Msg += " (board.trusted_proxies or KLUBBA_TRUSTED_PROXIES)"
		}
	}
	return ps
}

// validate checks the store's settings; Check does it again after the
// environment is applied.
func (s Store) validate() Problems {
	var ps Problems
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	switch s.Kind {
	case "bolt":
	case "etcd":
		if s.Prefix == "" {
			bad("store.prefix", "must not be empty for etcd (for example \"klubba/\")")
		}
		if (s.TLS.CertFile == "") != (s.TLS.KeyFile == "") {
			bad("store.tls", "cert_file and key_file go together")
		}
	default:
		bad("store.kind", "is %q; use bolt or etcd", s.Kind)
	}
	return ps
}

// CheckStore checks the store's settings once the environment is
// applied: etcd needs endpoints, which may come from KLUBBA_ETCD_ENDPOINTS.
func (c *Config) CheckStore() error {
	ps := c.Store.validate()
	if c.Store.Kind == "etcd" && len(c.Store.Endpoints) == 0 {
		ps = append(ps, Problem{Field: "store.endpoints", Msg: "etcd needs its client addresses, in store.endpoints or KLUBBA_ETCD_ENDPOINTS (a:2379,b:2379)"})
	}
	if len(ps) > 0 {
		for i := range ps {
			ps[i].File = "configuration"
		}
		return ps
	}
	return nil
}

// memberListProblem says what is wrong with a template's member list.
func memberListProblem(err error) string {
	var e *facilitation.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	switch e.Code {
	case facilitation.ErrMemberColumns:
		return fmt.Sprintf("line %v of the list needs an id (or e-mail), a name and optionally proxy_for", e.Data["Line"])
	case facilitation.ErrMemberTwice:
		return fmt.Sprintf("%q is on both line %v and line %v of the list", e.Data["ID"], e.Data["Other"], e.Data["Line"])
	case facilitation.ErrMemberListEmpty:
		return "the list is empty"
	}
	return fmt.Sprintf("line %v of the list is not CSV: check the quotes", e.Data["Line"])
}
