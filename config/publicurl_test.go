package config

import (
	"strings"
	"testing"
)

func TestPublicURL(t *testing.T) {
	for _, tt := range []struct {
		value string
		ok    bool
	}{
		{"", true}, {"https://klubba.example.org", true}, {"http://10.0.0.5:8080/klubba", true},
		{"klubba.example.org", false}, {"ftp://x", false}, {"https://", false},
	} {
		_, err := Load("k.yaml", strings.NewReader("public_url: \""+tt.value+"\"\n"))
		if (err == nil) != tt.ok {
			t.Errorf("public_url %q: err = %v, want ok = %v", tt.value, err, tt.ok)
		}
	}
	c := Default()
	c.ApplyEnv(func(k string) string {
		if k == "KLUBBA_PUBLIC_URL" {
			return "https://env.example.org"
		}
		return ""
	})
	if c.PublicURL != "https://env.example.org" {
		t.Errorf("KLUBBA_PUBLIC_URL gave PublicURL %q", c.PublicURL)
	}
}
