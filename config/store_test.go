package config

import (
	"slices"
	"strings"
	"testing"
)

// TestStoreFromEnv: bbolt by default; KLUBBA_STORE and
// KLUBBA_ETCD_ENDPOINTS select etcd and name its members.
func TestStoreFromEnv(t *testing.T) {
	cfg, err := Load("c.yaml", strings.NewReader("db: x.db\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Store.Kind != "bolt" || cfg.CheckStore() != nil {
		t.Errorf("default store = %+v, %v; want bolt", cfg.Store, cfg.CheckStore())
	}
	env := map[string]string{"KLUBBA_STORE": "etcd"}
	cfg.ApplyEnv(func(k string) string { return env[k] })
	if err := cfg.CheckStore(); err == nil || !strings.Contains(err.Error(), "KLUBBA_ETCD_ENDPOINTS") {
		t.Errorf("etcd without endpoints: %v, want a problem naming KLUBBA_ETCD_ENDPOINTS", err)
	}
	env["KLUBBA_ETCD_ENDPOINTS"] = "a:2379, b:2379"
	env["KLUBBA_ETCD_PASSWORD"] = "pw"
	cfg.ApplyEnv(func(k string) string { return env[k] })
	if err := cfg.CheckStore(); err != nil || !slices.Equal(cfg.Store.Endpoints, []string{"a:2379", "b:2379"}) || cfg.Store.Prefix != "klubba/" {
		t.Errorf("store = %+v, %v", cfg.Store, err)
	}
	if cfg.Secrets.EtcdPassword.Reveal() != "pw" || cfg.Secrets.EtcdPassword.String() == "pw" {
		t.Error("the etcd password is not kept as a secret")
	}
}

func TestStoreFromFile(t *testing.T) {
	cfg, err := Load("c.yaml", strings.NewReader("store:\n  kind: etcd\n  endpoints: [\"h:2379\"]\n  prefix: org1/\n  tls:\n    ca_file: ca.pem\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CheckStore() != nil || cfg.Store.Prefix != "org1/" || !cfg.Store.TLS.On() {
		t.Errorf("store = %+v", cfg.Store)
	}
	if _, err := Load("c.yaml", strings.NewReader("store:\n  kind: redis\n")); err == nil || !strings.Contains(err.Error(), "store.kind") {
		t.Errorf("kind redis: %v", err)
	}
}
