package teams

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Teams SSO. The meeting tab asks Teams for the signed-in person's token
// (the JS SDK's authentication.getAuthToken): a Microsoft Entra access
// token for Klubba's app, which the tab sends with each request. Klubba
// checks it here: signed by a key of the tenant's Entra JWKS, issued by
// the tenant, for Klubba (aud: the app ID, or the api://… URI of its
// webApplicationInfo), unexpired within ClockSkew. Its oid is the
// person's Entra object ID: the identity Klubba keeps for Teams users
// (people.go).

// AADMetadataURL is the OpenID metadata of a tenant's Entra v2.0 tokens.
func AADMetadataURL(tenantID string) string {
	return "https://login.microsoftonline.com/" + tenantID + "/v2.0/.well-known/openid-configuration"
}

// ErrSSO is a tab request without a valid SSO token: 401.
var ErrSSO = errors.New("teams: invalid SSO token")

// ssoUser is the person an SSO token names.
type ssoUser struct {
	ID   string // Entra object ID (oid)
	Name string
}

// ssoValidator checks the tab's SSO tokens.
type ssoValidator struct {
	keys      *Validator // the tenant's Entra keys, fetched and cached as the Bot Framework's are
	tenant    string
	audiences []string
	now       func() time.Time
}

func newSSOValidator(appID, tenant, resource, metadataURL string, client *http.Client, now func() time.Time) *ssoValidator {
	if metadataURL == "" {
		metadataURL = AADMetadataURL(tenant)
	}
	auds := []string{appID}
	if resource != "" {
		auds = append(auds, resource)
	}
	return &ssoValidator{keys: NewValidator(appID, tenant, metadataURL, client, now), tenant: tenant, audiences: auds, now: now}
}

// authenticate returns the person of a request's SSO token.
func (v *ssoValidator) authenticate(ctx context.Context, authorization string) (ssoUser, error) {
	raw, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || raw == "" {
		return ssoUser{}, fmt.Errorf("%w: %w", ErrSSO, ErrNoToken)
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		k, err := v.keys.key(ctx, kid)
		if err != nil {
			return nil, err
		}
		return k.pub, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithLeeway(ClockSkew), jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(v.now))
	if err != nil {
		return ssoUser{}, fmt.Errorf("%w: %w", ErrSSO, err)
	}
	iss, _ := claims.GetIssuer()
	aud, _ := claims.GetAudience()
	tid, _ := claims["tid"].(string)
	oid, _ := claims["oid"].(string)
	name, _ := claims["name"].(string)
	switch {
	case !slices.Contains(v.keys.issuers, iss) || iss == botFrameworkIssuer:
		return ssoUser{}, fmt.Errorf("%w: issuer %q", ErrSSO, iss)
	case !slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(v.audiences, a) }):
		return ssoUser{}, fmt.Errorf("%w: audience %q", ErrSSO, aud)
	case v.tenant != "" && tid != v.tenant:
		return ssoUser{}, fmt.Errorf("%w: tenant %q", ErrSSO, tid)
	case oid == "":
		return ssoUser{}, fmt.Errorf("%w: no oid", ErrSSO)
	}
	return ssoUser{ID: oid, Name: name}, nil
}
