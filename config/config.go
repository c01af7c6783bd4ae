// Package config loads Klubba's YAML configuration: server settings,
// platform settings and meeting templates. Loading is strict (unknown keys
// are errors), every problem is reported with its file, line and field,
// and secrets come only from the environment.
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
	Slack        Slack     `yaml:"slack"`
	Teams        Teams     `yaml:"teams"`
	Limits       Limits    `yaml:"limits"`
	Board        Board     `yaml:"board"`
	Retention    Retention `yaml:"retention"`
	// Templates are the meeting templates, written in the file as
	// Template (see fileConfig).
	Templates []facilitation.Template `yaml:"-"`
	// Secrets are read from the environment only, never from the file.
	Secrets Secrets `yaml:"-"`
}

// Slack holds the Slack settings that are not secret.
type Slack struct {
	// Mode is "http" (Events API and slash commands over HTTP) or "socket".
	Mode string `yaml:"mode"`
	// APIURL is the Web API's base URL (KLUBBA_SLACK_API_URL).
	APIURL string `yaml:"api_url"`
	// ClientID turns on many workspaces (KLUBBA_SLACK_CLIENT_ID): Klubba
	// is installed through /slack/install, with the client secret from
	// KLUBBA_SLACK_CLIENT_SECRET and tokens sealed under KLUBBA_SECRET_KEY.
	ClientID string `yaml:"client_id"`
	// RedirectURL is /slack/oauth/callback as Slack reaches it (default:
	// public_url + /slack/oauth/callback).
	RedirectURL string `yaml:"redirect_url"`
}

// Teams holds the Microsoft Teams settings that are not secret.
type Teams struct {
	AppID             string `yaml:"app_id"`
	TenantID          string `yaml:"tenant_id"`
	OpenIDMetadataURL string `yaml:"openid_metadata_url"`
	TokenURL          string `yaml:"token_url"`
}

// Store selects the store (DESIGN §6.1): "bolt", a file at DB, or
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

// Limits are the quotas (DESIGN §9): 0 means the default.
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
	SlackSigningSecret Secret // KLUBBA_SLACK_SIGNING_SECRET
	SlackBotToken      Secret // KLUBBA_SLACK_BOT_TOKEN
	SlackAppToken      Secret // KLUBBA_SLACK_APP_TOKEN
	TeamsAppPassword   Secret // KLUBBA_TEAMS_APP_PASSWORD
	// AdminToken guards the server's /admin/backup endpoint; unset, it is off.
	AdminToken Secret // KLUBBA_ADMIN_TOKEN
	// EtcdPassword authenticates store.username to etcd.
	EtcdPassword Secret // KLUBBA_ETCD_PASSWORD
	// SlackClientSecret is the Slack app's OAuth client secret.
	SlackClientSecret Secret // KLUBBA_SLACK_CLIENT_SECRET
	// SecretKey seals tokens at rest (32 random bytes, base64 or hex).
	SecretKey Secret // KLUBBA_SECRET_KEY
}

// Default returns the configuration used where the file says nothing.
func Default() Config {
	return Config{Listen: ":8080", DB: "klubba.db", Store: Store{Kind: "bolt", Prefix: "klubba/"}, Locale: "en", LogLevel: "info", LogFormat: "text", Slack: Slack{Mode: "http", APIURL: "https://slack.com/api/"}}
}

// Problem is one error in a configuration.
type Problem struct {
	File  string
	Line  int
	Field string
	Msg   string
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

// Load reads a configuration from r over the defaults and validates it.
// name is the file name used in error messages. Environment overrides are
// applied separately, by ApplyEnv.
func Load(name string, r io.Reader) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, Problems{{File: name, Line: 1, Field: "(yaml)", Msg: fmt.Sprintf("the file is over %d MB, more than any configuration needs", MaxFileSize>>20)}}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, Problems{decodeProblem(name, err)}
	}
	if ps := checkExpansion(name, file); len(ps) > 0 {
		return nil, ps
	}
	if ps := checkDurationSyntax(name, file); len(ps) > 0 {
		return nil, ps
	}
	f := fileConfig{Config: Default()}
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, Problems{decodeProblem(name, err)}
	}
	cfg := f.Config
	for _, t := range f.Templates {
		cfg.Templates = append(cfg.Templates, t.Domain())
	}
	ps := cfg.validate()
	for i, t := range f.Templates {
		if t.Members == "" {
			continue
		}
		if _, err := facilitation.ParseMembers(strings.NewReader(t.Members)); err != nil {
			ps = append(ps, Problem{Field: fmt.Sprintf("templates[%d].members", i), Msg: memberListProblem(err)})
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

// durationKeys are the keys whose values are durations.
var durationKeys = map[string]bool{"timebox": true, "max_turn": true, "every": true, "warning": true}

// checkDurationSyntax reports duration values that do not parse, with
// their position, which the decoder's error would not give.
func checkDurationSyntax(name string, file *ast.File) Problems {
	var ps Problems
	for _, n := range ast.FilterFile(ast.MappingValueType, file) {
		mv := n.(*ast.MappingValueNode)
		if !durationKeys[mv.Key.String()] {
			continue
		}
		field := strings.TrimPrefix(mv.GetPath(), "$.")
		switch v := mv.Value.(type) {
		case *ast.StringNode:
			if _, err := time.ParseDuration(v.Value); err != nil {
				ps = append(ps, Problem{File: name, Line: v.GetToken().Position.Line, Field: field,
					Msg: fmt.Sprintf("%q is not a duration; write it like 90s, 10m or 1h30m", v.Value)})
			}
		case *ast.IntegerNode, *ast.FloatNode:
			tok := v.GetToken()
			ps = append(ps, Problem{File: name, Line: tok.Position.Line, Field: field,
				Msg: fmt.Sprintf("%s has no unit; write %sm for minutes (or 90s, 1h30m)", tok.Value, tok.Value)})
		}
	}
	return ps
}

// decodeProblem turns a YAML error into a Problem with its position.
func decodeProblem(name string, err error) Problem {
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
		}
	}
	return p
}

// lineOf finds the line of a field path such as templates[1].agenda[0].title,
// falling back to the nearest enclosing node that exists.
func lineOf(file *ast.File, field string) int {
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
	set(&c.Slack.APIURL, "KLUBBA_SLACK_API_URL")
	set(&c.Slack.ClientID, "KLUBBA_SLACK_CLIENT_ID")
	set(&c.Slack.RedirectURL, "KLUBBA_SLACK_REDIRECT_URL")
	set(&c.Teams.AppID, "KLUBBA_TEAMS_APP_ID")
	set(&c.Teams.TenantID, "KLUBBA_TEAMS_TENANT_ID")
	set(&c.Teams.OpenIDMetadataURL, "KLUBBA_TEAMS_OPENID_METADATA_URL")
	set(&c.Teams.TokenURL, "KLUBBA_TEAMS_TOKEN_URL")
	c.Secrets = Secrets{
		SlackSigningSecret: Secret(getenv("KLUBBA_SLACK_SIGNING_SECRET")),
		SlackBotToken:      Secret(getenv("KLUBBA_SLACK_BOT_TOKEN")),
		SlackAppToken:      Secret(getenv("KLUBBA_SLACK_APP_TOKEN")),
		TeamsAppPassword:   Secret(getenv("KLUBBA_TEAMS_APP_PASSWORD")),
		AdminToken:         Secret(getenv("KLUBBA_ADMIN_TOKEN")),
		EtcdPassword:       Secret(getenv("KLUBBA_ETCD_PASSWORD")),
		SlackClientSecret:  Secret(getenv("KLUBBA_SLACK_CLIENT_SECRET")),
		SecretKey:          Secret(getenv("KLUBBA_SECRET_KEY")),
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
	if !oneOf(c.Slack.Mode, "http", "socket") {
		bad("slack.mode", "is %q; use http or socket", c.Slack.Mode)
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
		switch {
		case t.Name == "":
			bad(at+".name", "is missing; a template needs a one-word name, used as `start NAME`")
		case strings.ContainsAny(t.Name, " \t\"#@"):
			bad(at+".name", "%q must be one word without quotes, # or @", t.Name)
		}
		if j, dup := names[strings.ToLower(t.Name)]; dup && t.Name != "" {
			bad(at+".name", "%q is also the name of templates[%d]", t.Name, j)
		}
		names[strings.ToLower(t.Name)] = i
		if t.Title == "" {
			bad(at+".title", "is missing")
		}
		if !oneOf(t.Locale, "", "en", "sv") {
			bad(at+".locale", "is %q; use en or sv", t.Locale)
		}
		for k, it := range t.Agenda {
			iat := fmt.Sprintf("%s.agenda[%d]", at, k)
			if strings.TrimSpace(it.Title) == "" {
				bad(iat+".title", "is missing")
			}
			checkDuration(bad, iat+".timebox", it.Timebox)
			if !it.Majority.Valid() {
				bad(iat+".majority", "is %q; use 2/3, 3/4 or absolute", it.Majority)
			}
		}
		if t.Proxies < 0 {
			bad(at+".proxies", "must not be negative")
		}
		if t.Queue.Policy != "" && !t.Queue.Policy.Valid() {
			bad(at+".queue.policy", "is %q; use fewest-turns-first, fifo or alternate", t.Queue.Policy)
		}
		checkGroups(bad, at, t.Groups, t.Queue.Policy)
		if t.Queue.ReplyLimit < 0 {
			bad(at+".queue.reply_limit", "must not be negative")
		}
		if t.Queue.TurnCap < 0 {
			bad(at+".queue.turn_cap", "must not be negative")
		}
		checkDuration(bad, at+".queue.max_turn", t.Queue.MaxTurn)
		checkDuration(bad, at+".reminders.every", t.Reminders.Every)
		checkDuration(bad, at+".reminders.warning", t.Reminders.Warning)
		if t.Polls.Visibility != "" && !t.Polls.Visibility.Valid() {
			bad(at+".polls.visibility", "is %q; use open, anonymous or secret", t.Polls.Visibility)
		}
		if w := t.Entries.Writers; w != "" && w != facilitation.WritersAnyone && w != facilitation.WritersOfficers {
			bad(at+".minutes.writers", "is %q; use anyone or officers", w)
		}
		if !t.Polls.Tie.Valid() {
			bad(at+".polls.tie", "is %q; use chair or lots", t.Polls.Tie)
		}
		for k, r := range t.Rules {
			if strings.TrimSpace(r) == "" {
				bad(fmt.Sprintf("%s.rules[%d]", at, k), "is empty")
			}
		}
	}
	return ps
}

// checkDuration reports an optional duration that is negative or over 24h.
func checkDuration(bad func(string, string, ...any), field string, d time.Duration) {
	if d != 0 && facilitation.CheckDuration(d) != nil {
		bad(field, "is %s; use a duration above zero and at most %s, like 10m", d, facilitation.MaxTimebox)
	}
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
