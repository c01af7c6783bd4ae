// Package sealbox encrypts small secrets at rest (a workspace's bot
// token) with AES-256-GCM under a key from the environment.
package sealbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the key's length in bytes (AES-256).
const KeySize = 32

// Box seals and opens secrets under one key.
type Box struct{ aead cipher.AEAD }

// ParseKey reads a key written as 64 hex digits or as base64 of 32
// bytes (`openssl rand -base64 32`).
func ParseKey(s string) ([]byte, error) {
	if k, err := hex.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil && len(k) == KeySize {
			return k, nil
		}
	}
	return nil, fmt.Errorf("the key must be %d random bytes, as 64 hex digits or in base64 (openssl rand -base64 32)", KeySize)
}

// New returns a Box for a key of KeySize bytes.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealbox: key of %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext, bound to context (such as the record's key, so
// that a sealed value moved to another record does not open): a random
// nonce, then the ciphertext and its tag.
func (b *Box) Seal(plaintext, context []byte) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	return b.aead.Seal(nonce, nonce, plaintext, context)
}

// ErrOpen is returned for a sealed value that does not open: another key,
// another context, or damage.
var ErrOpen = errors.New("sealbox: cannot open: wrong key, or damaged")

// Open decrypts what Seal made under the same key and context.
func (b *Box) Open(sealed, context []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n+b.aead.Overhead() {
		return nil, ErrOpen
	}
	out, err := b.aead.Open(nil, sealed[:n], sealed[n:], context)
	if err != nil {
		return nil, ErrOpen
	}
	return out, nil
}

// Purposes of the subkeys derived from KLUBBA_SECRET_KEY: each use of the
// key gets its own, so that no value made for one purpose (a signed
// OAuth state) can serve another (a sealed token), and one can be
// rotated apart from the others.
const (
	PurposeTokens     = "klubba/v1/seal-tokens"
	PurposeOAuthState = "klubba/v1/oauth-state"
	PurposePseudonyms = "klubba/v1/pseudonyms"
)

// Subkey derives the key for purpose from master with HKDF-SHA256
// (RFC 5869), KeySize bytes long.
func Subkey(master []byte, purpose string) ([]byte, error) {
	if len(master) == 0 {
		return nil, errors.New("sealbox: no master key")
	}
	return hkdf.Key(sha256.New, master, nil, purpose, KeySize)
}
