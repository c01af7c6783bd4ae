package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
)

func TestLoadExample(t *testing.T) {
	f, err := os.Open("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := Load("config.example.yaml", f, "slack", "teams")
	if err != nil {
		t.Fatalf("Load(example): %v", err)
	}
	var names []string
	for _, tpl := range cfg.Templates {
		names = append(names, tpl.Name)
	}
	if got, want := strings.Join(names, " "), "standup retro board arsmote"; got != want {
		t.Errorf("templates = %q, want %q", got, want)
	}
	ars := cfg.Templates[3]
	if len(ars.Agenda) != 20 || ars.Locale != "sv" || !ars.Protocol || ars.Agenda[11].Title != "Val av ordförande" ||
		ars.Agenda[11].Timebox != 10*time.Minute || !ars.Agenda[11].RemindRules || ars.Queue.MaxTurn != 3*time.Minute ||
		!ars.Polls.ChairOnly || ars.Polls.Visibility != facilitation.Anonymous || ars.Proxies != 1 {
		t.Errorf("årsmöte template = %+v", ars)
	}
	// The items of a Swedish årsmöte, the val items apart, and the
	// stadgeändring needing two thirds.
	var titles []string
	for _, it := range ars.Agenda {
		titles = append(titles, it.Title)
	}
	for _, want := range []string{"Fastställande av resultat- och balansräkning", "Fastställande av medlemsavgift", "Verksamhetsplan och budget",
		"Val av ordförande", "Val av ledamöter", "Val av suppleanter", "Val av revisorer och revisorssuppleant", "Val av valberedning",
		"Motioner", "Övriga frågor"} {
		if !strings.Contains(strings.Join(titles, "|"), want) {
			t.Errorf("the årsmöte lacks %q: %v", want, titles)
		}
	}
	if it := ars.Agenda[17]; it.Title != "Styrelsens förslag till stadgeändring" || it.Majority != facilitation.TwoThirds {
		t.Errorf("stadgeändring = %+v", it)
	}
	if cfg.Listen != ":8080" || cfg.DB != "klubba.db" {
		t.Errorf("settings = %+v", cfg)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // each a substring of one problem, in order
	}{
		{"unknown top-level key", "listen: \":1\"\nlisten_addr: x\n", []string{"c.yaml:2: listen_addr: unknown key"}},
		{"unknown template key", "templates:\n  - name: a\n    title: A\n    agendas: []\n", []string{"c.yaml:4: templates[0].agendas: unknown key"}},
		{"bad duration type", "templates:\n  - name: a\n    title: A\n    agenda:\n      - title: x\n        timebox: soon\n", []string{"c.yaml:6: templates[0].agenda[0].timebox: \"soon\" is not a duration"}},
		{"a bare number", "templates:\n  - name: a\n    title: A\n    queue:\n      max_turn: 3\n",
			[]string{"c.yaml:5: templates[0].queue.max_turn: 3 has no unit; write 3m for minutes"}},
		{"a bad tie rule", "templates:\n  - name: a\n    title: A\n    polls:\n      tie: coin\n",
			[]string{"c.yaml:5: templates[0].polls.tie: is \"coin\"; use chair or lots"}},
		{"negative timebox", "templates:\n  - name: a\n    title: A\n    agenda:\n      - title: x\n        timebox: -5m\n",
			[]string{"c.yaml:6: templates[0].agenda[0].timebox: is -5m0s"}},
		{"sub-items", "templates:\n  - name: a\n    title: A\n    agenda:\n      - title: Motioner\n        items:\n          - timebox: 5m\n          - title: Bryggan\n            items:\n              - title: x\n",
			[]string{"c.yaml:7: templates[0].agenda[0].items[0].title: is missing", "c.yaml:10: templates[0].agenda[0].items[1].items: goes a level too deep"}},
		{"missing name and title", "templates:\n  - locale: sv\n", []string{
			"c.yaml:2: templates[0].name: is missing", "c.yaml:2: templates[0].title: is missing"}},
		{"duplicate and bad policy", "templates:\n  - name: a\n    title: A\n  - name: A\n    title: B\n    queue:\n      policy: random\n",
			[]string{"c.yaml:4: templates[1].name: \"A\" is also", "c.yaml:7: templates[1].queue.policy: is \"random\""}},
		{"alternate needs groups, groups distinct", "templates:\n  - name: a\n    title: A\n    groups: [x, X, \"\"]\n    queue:\n      policy: alternate\n  - name: b\n    title: B\n    queue:\n      policy: alternate\n",
			[]string{"templates[0].groups[1]: repeats \"X\"", "templates[0].groups[2]: is empty", "templates[1].queue.policy: is alternate, which needs at least two groups"}},
		{"bad locale", "locale: fi\n", []string{"c.yaml:1: locale: is \"fi\""}},
		{"a bad reminder lead", "templates:\n  - name: a\n    title: A\n    reminders_before: [7d, soon]\n",
			[]string{"c.yaml:4: templates[0].reminders_before[1]: \"soon\" is not a time before the meeting"}},
		{"a platform's section without the platform", "slack:\n  mode: http\n", []string{"c.yaml:1: slack: unknown key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("c.yaml", strings.NewReader(tt.yaml))
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("Load error = %v (%T), want Problems", err, err)
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("problems:\n%v\nwant %d", ps, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(ps[i].String(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, ps[i], w)
				}
			}
		})
	}
}

// TestSections checks that a platform's section is kept for the platform
// to decode, strictly, its problems reported at their lines.
func TestSections(t *testing.T) {
	const file = "listen: \":1\"\nslack:\n  mode: socket\n  bot_token: xoxb-1\nteams:\n  app_id: x\n"
	cfg, err := Load("c.yaml", strings.NewReader(file), "slack", "teams", "webhook")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != ":1" {
		t.Errorf("listen = %q, want the rest of the file decoded", cfg.Listen)
	}
	var slack struct {
		Mode string `yaml:"mode"`
	}
	err = cfg.Section("slack").Decode(&slack)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:4: slack.bot_token: unknown key") {
		t.Errorf("a secret in the file: %v, want c.yaml:4: slack.bot_token: unknown key", err)
	}
	var teams struct {
		AppID string `yaml:"app_id"`
	}
	if err := cfg.Section("teams").Decode(&teams); err != nil || teams.AppID != "x" {
		t.Errorf("teams = %+v, %v", teams, err)
	}
	if err := cfg.Section("teams").Invalid("app_id", "is %q", "x"); err == nil || err.Error() != `c.yaml:6: teams.app_id: is "x"` {
		t.Errorf("Invalid = %v", err)
	}
	hook := struct {
		URL string `yaml:"url"`
	}{URL: "default"}
	if err := cfg.Section("webhook").Decode(&hook); err != nil || hook.URL != "default" {
		t.Errorf("an absent section: %+v, %v; want the defaults kept", hook, err)
	}
	for _, lone := range []string{"slack:\n  mode: http\n", "slack:\n"} {
		if _, err := Load("c.yaml", strings.NewReader(lone), "slack"); err != nil {
			t.Errorf("Load(%q) = %v", lone, err)
		}
	}
}

func TestEnvOverridesAndSecrets(t *testing.T) {
	cfg := Default()
	env := map[string]string{
		"KLUBBA_LISTEN": "127.0.0.1:9", "KLUBBA_DB": "/tmp/x.db",
		"KLUBBA_ADMIN_TOKEN": "admin-very-secret", "KLUBBA_SECRET_KEY": "key-very-secret",
		"KLUBBA_PUBLIC_URL": "https://klubba.example.org",
	}
	cfg.ApplyEnv(func(k string) string { return env[k] })
	if cfg.Listen != "127.0.0.1:9" || cfg.DB != "/tmp/x.db" || cfg.PublicURL != "https://klubba.example.org" {
		t.Errorf("overrides not applied: %+v", cfg)
	}
	if cfg.Secrets.AdminToken.Reveal() != "admin-very-secret" {
		t.Error("secret not read from the environment")
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(format, cfg); strings.Contains(s, "very-secret") {
			t.Errorf("Sprintf(%q, cfg) shows a secret: %s", format, s)
		}
	}
}

func TestTemplateMajorityProxiesMembers(t *testing.T) {
	good := "templates:\n  - name: arsmote\n    title: Årsmöte\n    proxies: 2\n    members: |\n      id,name,proxy_for\n      ann,Ann,\n      bo,Bo,ann\n    agenda:\n      - title: Stadgeändring\n        majority: 2/3\n"
	cfg, err := Load("k.yaml", strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	tpl := cfg.Templates[len(cfg.Templates)-1]
	if tpl.Proxies != 2 || len(tpl.Members) != 2 || tpl.Members[1].ProxyFor != "ann" || tpl.Agenda[0].Majority != facilitation.TwoThirds {
		t.Errorf("template = %+v", tpl)
	}
	bad := "templates:\n  - name: arsmote\n    title: Årsmöte\n    members: |\n      ann,Ann\n      ann,Ann again\n    agenda:\n      - title: Stadgeändring\n        majority: 5/7\n"
	_, err = Load("k.yaml", strings.NewReader(bad))
	for _, want := range []string{"templates[0].agenda[0].majority", `is "5/7"; use 2/3, 3/4 or absolute`, "templates[0].members", `"ann" is on both line 1 and line 2`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(bad) = %v; want %q", err, want)
		}
	}
}

// TestBlankFileGetsTheDefaults: a file with nothing in it (empty, only
// comments, an empty document) is the defaults, as a file that sets one
// option is the defaults but that one.
func TestBlankFileGetsTheDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing here yet\n", "---\n"} {
		for _, sections := range [][]string{nil, {"slack", "teams"}} {
			cfg, err := Load("klubba.yaml", strings.NewReader(src), sections...)
			if err != nil {
				t.Errorf("Load(%q, %v): %v", src, sections, err)
				continue
			}
			if cfg.Listen != Default().Listen || cfg.Locale != Default().Locale {
				t.Errorf("Load(%q, %v) = listen %q, locale %q; want the defaults", src, sections, cfg.Listen, cfg.Locale)
			}
		}
	}
}
