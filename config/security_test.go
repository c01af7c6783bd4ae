package config

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestBoardAndRetentionSettings(t *testing.T) {
	cfg, err := Load("c.yaml", strings.NewReader("board:\n  trusted_proxies: [10.0.0.1, \"192.168.0.0/16\"]\n  max_streams_per_client: 5\nretention:\n  days: 30\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32"), netip.MustParsePrefix("192.168.0.0/16")}
	if got := cfg.Board.Proxies(); !slices.Equal(got, want) || cfg.Board.MaxStreamsPerClient != 5 || cfg.Retention.Days != 30 {
		t.Errorf("board %+v proxies %v retention %+v", cfg.Board, got, cfg.Retention)
	}
	cfg.ApplyEnv(func(k string) string {
		if k == "KLUBBA_TRUSTED_PROXIES" {
			return "127.0.0.1, ::1"
		}
		return ""
	})
	if got := cfg.Board.Proxies(); len(got) != 2 || got[1] != netip.MustParsePrefix("::1/128") || cfg.CheckBoard() != nil {
		t.Errorf("proxies from the environment = %v, %v", got, cfg.CheckBoard())
	}
	cfg.ApplyEnv(func(k string) string {
		if k == "KLUBBA_TRUSTED_PROXIES" {
			return "my-proxy"
		}
		return ""
	})
	if err := cfg.CheckBoard(); err == nil || !strings.Contains(err.Error(), `"my-proxy" is not an address or prefix`) ||
		!strings.Contains(err.Error(), "KLUBBA_TRUSTED_PROXIES") {
		t.Errorf("CheckBoard with a name: %v", err)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"board:\n  trusted_proxies: [proxy.local]\n", `c.yaml:2: board.trusted_proxies[0]: "proxy.local" is not an address or prefix`},
		{"board:\n  max_streams_per_board: -1\n", "board.max_streams_per_board: is -1"},
		{"limits:\n  ideas: -5\n", "limits.ideas: is -5"},
		{"retention:\n  days: -1\n", "retention.days: is -1"},
		{"retention:\n  export_dir: out\n", "retention.export_dir: is set, but retention.days is not"},
	} {
		if _, err := Load("c.yaml", strings.NewReader(tc.yaml)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) = %v, want %q", tc.yaml, err, tc.want)
		}
	}
	etcd := &Config{Store: Store{Kind: "etcd", Prefix: "k/", Endpoints: []string{"127.0.0.1:2379"}}, Retention: Retention{Days: 30}}
	if err := etcd.CheckStore(); err != nil { // retention is written once, for every store
		t.Errorf("CheckStore with etcd and retention: %v", err)
	}
}
