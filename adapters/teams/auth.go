package teams

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/keyfunc/v3"
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
	// ClockSkew is how far token times may be off.
	ClockSkew = 2 * time.Minute
)

// Token errors; each means 401.
var (
	ErrNoToken       = errors.New("missing bearer token")
	ErrServiceURL    = errors.New("token's serviceurl claim does not match the activity")
	ErrNotValidating = errors.New("signing keys unavailable")
)

// Validator checks the JWTs the Bot Connector sends, with golang-jwt and
// keyfunc (signing keys fetched once, then refreshed in the background),
// before the SDK sees an activity: signature, issuer, audience (the app
// ID), an expiry (required), and the serviceurl claim.
type Validator struct {
	appID       string
	issuers     []string
	metadataURL string
	client      *http.Client
	now         func() time.Time

	mu      sync.Mutex
	keyfunc jwt.Keyfunc
	cancel  context.CancelFunc
}

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

// keys returns the key function, fetching the OpenID metadata the first
// time; keyfunc keeps the JWKS fresh in the background afterwards.
func (v *Validator) keys(ctx context.Context) (jwt.Keyfunc, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keyfunc != nil {
		return v.keyfunc, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.metadataURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch OpenID metadata: %w", err)
	}
	defer resp.Body.Close()
	var meta struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch OpenID metadata: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil || meta.JWKSURI == "" {
		return nil, fmt.Errorf("decode OpenID metadata: %v", err)
	}
	if meta.Issuer != "" && !slices.Contains(v.issuers, meta.Issuer) {
		v.issuers = append(v.issuers, meta.Issuer)
	}
	kctx, cancel := context.WithCancel(context.Background())
	kf, err := keyfunc.NewDefaultCtx(kctx, []string{meta.JWKSURI})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	v.keyfunc, v.cancel = kf.Keyfunc, cancel
	return v.keyfunc, nil
}

// Close stops the background key refresh.
func (v *Validator) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cancel != nil {
		v.cancel()
	}
}

// Validate checks the Authorization header of a request that carries an
// activity from serviceURL.
func (v *Validator) Validate(ctx context.Context, authorization, serviceURL string) error {
	raw, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || raw == "" {
		return ErrNoToken
	}
	kf, err := v.keys(ctx)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotValidating, err)
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(raw, claims, kf,
		jwt.WithValidMethods([]string{"RS256", "RS384", "RS512"}),
		jwt.WithAudience(v.appID),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(v.now),
	)
	if err != nil {
		return fmt.Errorf("invalid token: %w", err)
	}
	iss, _ := claims.GetIssuer()
	if !slices.Contains(v.issuers, iss) {
		return fmt.Errorf("invalid token: issuer %q not trusted", iss)
	}
	claimed, _ := claims["serviceurl"].(string)
	if claimed == "" || !sameURL(claimed, serviceURL) {
		return ErrServiceURL
	}
	return nil
}

func sameURL(a, b string) bool {
	return strings.EqualFold(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}
