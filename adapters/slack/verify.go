package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxClockSkew is how far a request's timestamp may be from now: Slack's
// replay window ("Verifying requests from Slack").
const MaxClockSkew = 5 * time.Minute

// Verification errors.
var (
	ErrNoSignature  = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	ErrStale        = errors.New("request timestamp outside the 5-minute window")
	ErrBadSignature = errors.New("signature does not match")
)

// verify checks Slack's v0 signature of body: HMAC-SHA256 of
// "v0:timestamp:body" keyed with the signing secret, compared in constant
// time, and a timestamp within MaxClockSkew of now. slack-go's
// SecretsVerifier does the same but reads the wall clock, which the
// documented example (and a test) cannot fix; so this is done here.
func verify(secret string, header http.Header, body []byte, now time.Time) error {
	if secret == "" {
		return ErrNoSignature
	}
	if err := checkHeaders(header, now); err != nil {
		return err
	}
	sig, ts := header.Get("X-Slack-Signature"), header.Get("X-Slack-Request-Timestamp")
	got, _ := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// checkHeaders checks what can be checked before the body is read: both
// headers present, a timestamp within MaxClockSkew of now, and a
// signature of the right form (v0= and 32 bytes in hex). A request that
// fails here is refused without reading its body.
func checkHeaders(header http.Header, now time.Time) error {
	sig, ts := header.Get("X-Slack-Signature"), header.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return ErrNoSignature
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrNoSignature
	}
	if skew := now.Sub(time.Unix(unix, 0)); skew > MaxClockSkew || skew < -MaxClockSkew {
		return ErrStale
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok || len(hexSig) != 2*sha256.Size {
		return ErrBadSignature
	}
	if _, err := hex.DecodeString(hexSig); err != nil {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the headers Slack would send with body at time ts: for
// tests and the benchmark tool, which play Slack.
func Sign(secret string, body []byte, ts time.Time) http.Header {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + stamp + ":"))
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}
