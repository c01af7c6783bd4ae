package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot/bottest"
)

// TestLogFormatJSON: with --log-format json, or KLUBBA_LOG_FORMAT=json,
// every line serve logs is a JSON object; an unknown format is refused
// with the config's key in the message.
func TestLogFormatJSON(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		args []string
	}{
		{nil, []string{"--log-format", "json"}},
		{[]string{"KLUBBA_LOG_FORMAT=json"}, nil},
	} {
		addr := freeAddr(t)
		srv := start(t, append([]string{"KLUBBA_LISTEN=" + addr}, tc.env...), append([]string{"serve", "--db", filepath.Join(t.TempDir(), "k.db")}, tc.args...)...)
		bottest.WaitFor(t, func() bool { code, _ := get("http://" + addr + "/readyz"); return code == 200 })
		if code := srv.stop(t); code != 0 {
			t.Fatalf("serve exited %d\n%s", code, srv.logs.String())
		}
		var msgs []string
		for _, line := range strings.Split(strings.TrimSpace(srv.logs.String()), "\n") {
			var rec struct{ Time, Level, Msg string }
			if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Time == "" || rec.Level == "" {
				t.Errorf("%v %v: log line %q is not a JSON record: %v", tc.env, tc.args, line, err)
			}
			msgs = append(msgs, rec.Msg)
		}
		if !strings.Contains(strings.Join(msgs, "|"), "serving") {
			t.Errorf("%v %v: messages %q lack serving", tc.env, tc.args, msgs)
		}
	}
	r := runKlubba(t, []string{"KLUBBA_LOG_FORMAT=xml"}, nil, "serve", "--db", filepath.Join(t.TempDir(), "k.db"))
	if r.code == 0 || !strings.Contains(r.stderr+r.stdout, "log_format") {
		t.Errorf("KLUBBA_LOG_FORMAT=xml: exit %d, %q; want a refusal naming log_format", r.code, r.stderr)
	}
}
