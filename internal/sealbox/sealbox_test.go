package sealbox

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"testing"
)

func TestSealOpen(t *testing.T) {
	key := make([]byte, KeySize)
	rand.Read(key)
	b, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed := b.Seal([]byte("xoxb-secret"), []byte("T1"))
	if bytes.Contains(sealed, []byte("xoxb")) {
		t.Error("the sealed value shows the secret")
	}
	if got, err := b.Open(sealed, []byte("T1")); err != nil || string(got) != "xoxb-secret" {
		t.Errorf("Open = %q, %v", got, err)
	}
	if _, err := b.Open(sealed, []byte("T2")); err != ErrOpen {
		t.Errorf("Open under another context: %v, want ErrOpen", err)
	}
	other := make([]byte, KeySize)
	rand.Read(other)
	b2, _ := New(other)
	if _, err := b2.Open(sealed, []byte("T1")); err != ErrOpen {
		t.Errorf("Open under another key: %v, want ErrOpen", err)
	}
	if k, err := ParseKey(base64.StdEncoding.EncodeToString(key)); err != nil || !bytes.Equal(k, key) {
		t.Errorf("ParseKey(base64) = %v, %v", k, err)
	}
	if _, err := ParseKey("short"); err == nil {
		t.Error("ParseKey accepted a short key")
	}
}

func TestSubkeys(t *testing.T) {
	master := make([]byte, KeySize)
	rand.Read(master)
	tokens, err := Subkey(master, PurposeTokens)
	if err != nil {
		t.Fatal(err)
	}
	state, _ := Subkey(master, PurposeOAuthState)
	again, _ := Subkey(master, PurposeTokens)
	if len(tokens) != KeySize || bytes.Equal(tokens, state) || bytes.Equal(tokens, master) || !bytes.Equal(tokens, again) {
		t.Errorf("subkeys are not distinct per purpose and stable: %x %x %x", tokens, state, master)
	}
	if _, err := Subkey(nil, PurposeTokens); err == nil {
		t.Error("Subkey accepted no master key")
	}
}
