package teams

import (
	"cmp"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Bot Framework's public-cloud endpoints, the defaults when the
// configuration names none.
const (
	// DefaultOpenIDMetadataURL publishes the keys that sign the Bot
	// Connector's tokens.
	DefaultOpenIDMetadataURL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
	// botFrameworkIssuer is the issuer of the Bot Connector's tokens.
	botFrameworkIssuer = "https://api.botframework.com"
	// ClockSkew is how far token times may be off: 5 minutes, as the
	// Bot Framework SDKs allow (their token validation parameters'
	// ClockSkew).
	ClockSkew = 5 * time.Minute
)

// Token errors; each means 401.
var (
	ErrNoToken       = errors.New("missing bearer token")
	ErrServiceURL    = errors.New("token's serviceurl claim does not match the activity")
	ErrNotValidating = errors.New("signing keys unavailable")
	ErrNotEndorsed   = errors.New("signing key not endorsed for the activity's channel")
)

// Validator checks the JWTs the Bot Connector sends, with golang-jwt,
// before the SDK sees an activity, in two steps. Authenticate, before
// the body is read: signature by a key of the Bot Framework's JWKS,
// issuer, audience (the app ID) and an expiry (required). Then Check,
// on the activity: the key is endorsed for the activity's channel
// (msteams), and the serviceurl claim names the activity's service URL.
type Validator struct {
	appID       string
	issuers     []string
	metadataURL string
	client      *http.Client
	now         func() time.Time

	mu      sync.Mutex
	keys    map[string]signingKey
	fetched time.Time // when keys were last fetched, or tried
}

// signingKey is a key of the JWKS and the channels it is endorsed for.
type signingKey struct {
	pub          *rsa.PublicKey
	endorsements []string
}

// Key refresh: the keys are fetched again after keyMaxAge, and when a
// token names an unknown key, at most once per keyRetry.
const (
	keyMaxAge = 24 * time.Hour
	keyRetry  = time.Minute
)

// NewValidator returns a validator; keys are fetched on first use, so a
// start while the metadata endpoint is down does not fail.
func NewValidator(appID, tenantID, metadataURL string, client *http.Client, now func() time.Time) *Validator {
	if metadataURL == "" {
		metadataURL = DefaultOpenIDMetadataURL
	}
	issuers := []string{botFrameworkIssuer}
	if tenantID != "" {
		issuers = append(issuers, "https://sts.windows.net/"+tenantID+"/", "https://login.microsoftonline.com/"+tenantID+"/v2.0")
	}
	return &Validator{appID: appID, issuers: issuers, metadataURL: metadataURL, client: client, now: now}
}

// key returns the signing key kid, fetching the keys when they are old,
// or when kid is unknown and they were not fetched within keyRetry.
func (v *Validator) key(ctx context.Context, kid string) (signingKey, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	k, ok := v.keys[kid]
	age := v.now().Sub(v.fetched)
	if ok && age < keyMaxAge {
		return k, nil
	}
	if v.keys != nil && age < keyRetry {
		if ok {
			return k, nil
		}
		return signingKey{}, fmt.Errorf("unknown signing key %q", kid)
	}
	v.fetched = v.now()
	keys, err := v.fetchKeys(ctx)
	if err != nil {
		if ok {
			return k, nil // keep using the old keys while the endpoint is down
		}
		return signingKey{}, fmt.Errorf("%w: %v", ErrNotValidating, err)
	}
	v.keys = keys
	if k, ok = keys[kid]; !ok {
		return signingKey{}, fmt.Errorf("unknown signing key %q", kid)
	}
	return k, nil
}

// getJSON fetches a small JSON document.
func (v *Validator) getJSON(ctx context.Context, url string, out any) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(out)
}

// fetchKeys reads the OpenID metadata, then its JWKS, keeping each RSA
// key's endorsements (the channels it may sign for).
func (v *Validator) fetchKeys(ctx context.Context) (map[string]signingKey, error) {
	var meta struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := v.getJSON(ctx, v.metadataURL, &meta); err != nil || meta.JWKSURI == "" {
		return nil, fmt.Errorf("fetch OpenID metadata: %v", cmp.Or[error](err, errors.New("no jwks_uri")))
	}
	if meta.Issuer != "" && !slices.Contains(v.issuers, meta.Issuer) {
		v.issuers = append(v.issuers, meta.Issuer)
	}
	var set struct {
		Keys []struct {
			Kty          string   `json:"kty"`
			Kid          string   `json:"kid"`
			N            string   `json:"n"`
			E            string   `json:"e"`
			Endorsements []string `json:"endorsements"`
		} `json:"keys"`
	}
	if err := v.getJSON(ctx, meta.JWKSURI, &set); err != nil {
		return nil, fmt.Errorf("fetch signing keys: %w", err)
	}
	keys := map[string]signingKey{}
	for _, k := range set.Keys {
		n, errN := base64.RawURLEncoding.DecodeString(k.N)
		e, errE := base64.RawURLEncoding.DecodeString(k.E)
		if k.Kty != "RSA" || k.Kid == "" || errN != nil || errE != nil || len(e) == 0 || len(e) > 4 {
			continue
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		keys[k.Kid] = signingKey{pub: pub, endorsements: k.Endorsements}
	}
	if len(keys) == 0 {
		return nil, errors.New("no usable signing keys")
	}
	return keys, nil
}

// Close releases the validator (nothing runs in the background).
func (v *Validator) Close() {}

// Token is a token that Authenticate accepted, to be checked against
// the activity it came with.
type Token struct {
	serviceURL   string
	endorsements []string
}

// Authenticate checks the Authorization header of a request before its
// body is read: the token's signature, issuer, audience and expiry.
func (v *Validator) Authenticate(ctx context.Context, authorization string) (*Token, error) {
	raw, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || raw == "" {
		return nil, ErrNoToken
	}
	var used signingKey
	var keyErr error
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		used, keyErr = v.key(ctx, kid)
		if keyErr != nil {
			return nil, keyErr
		}
		return used.pub, nil
	},
		jwt.WithValidMethods([]string{"RS256", "RS384", "RS512"}),
		jwt.WithAudience(v.appID),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(v.now),
	)
	if errors.Is(keyErr, ErrNotValidating) {
		return nil, keyErr
	}
	if err != nil {
		return nil, fmt.Errorf("invalid token: %w", err)
	}
	iss, _ := claims.GetIssuer()
	v.mu.Lock()
	trusted := slices.Contains(v.issuers, iss)
	v.mu.Unlock()
	if !trusted {
		return nil, fmt.Errorf("invalid token: issuer %q not trusted", iss)
	}
	claimed, _ := claims["serviceurl"].(string)
	return &Token{serviceURL: claimed, endorsements: used.endorsements}, nil
}

// Check checks the token against the activity it came with: the
// signing key must be endorsed for the activity's channel, and the
// serviceurl claim must name the activity's service URL.
func (t *Token) Check(channelID, serviceURL string) error {
	if !slices.Contains(t.endorsements, channelID) {
		return fmt.Errorf("%w %q", ErrNotEndorsed, channelID)
	}
	if t.serviceURL == "" || !sameURL(t.serviceURL, serviceURL) {
		return ErrServiceURL
	}
	return nil
}

// Validate is Authenticate and Check in one, for a request whose
// activity is already read.
func (v *Validator) Validate(ctx context.Context, authorization, channelID, serviceURL string) error {
	t, err := v.Authenticate(ctx, authorization)
	if err != nil {
		return err
	}
	return t.Check(channelID, serviceURL)
}

func sameURL(a, b string) bool {
	return strings.EqualFold(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}
