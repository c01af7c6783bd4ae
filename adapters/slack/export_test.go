package slack

import (
	"net/http"
	"time"
)

// Verify exposes the signature check to the package's tests.
func Verify(secret string, header http.Header, body []byte, now time.Time) error {
	return verify(secret, header, body, now)
}
