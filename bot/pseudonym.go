package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Pseudonyms stand for people in records that must not name them: the
// dots placed in a dot vote, the flags sent to the chair. The same person
// gets the same pseudonym within one meeting, and an unrelated one in
// another. A pseudonym is an HMAC of the person's ID under two keys: the
// meeting's own random secret, kept apart from the meeting record and
// deleted when the meeting ends, and Options.PseudonymKey (derived from
// KLUBBA_SECRET_KEY), which never enters the database. So nobody holding
// the database, or a backup, can tell whose pseudonym is whose, unless
// they hold the key from the environment as well while the meeting runs;
// once it has ended, nobody can. (An unkeyed hash of meeting and user
// ID, both in the same file, could be recomputed by anyone.)

// pseudonymScope is where a meeting's pseudonym secret is kept.
func pseudonymScope(meetingID string) string { return "pseudonym/" + meetingID }

// pseudonym is the caller's pseudonym in the current meeting.
func pseudonym(u *unit) (string, error) {
	scope := pseudonymScope(u.m.ID)
	stored, err := u.tx.Anonymous(scope)
	if err != nil {
		return "", fmt.Errorf("load pseudonym secret: %w", err)
	}
	var secret string
	if len(stored) > 0 {
		secret = stored[0]
	} else {
		secret = rand.Text()
		if err := u.tx.PutAnonymous(scope, secret); err != nil {
			return "", fmt.Errorf("store pseudonym secret: %w", err)
		}
	}
	mac := hmac.New(sha256.New, append([]byte(secret), u.b.pseudonymKey...))
	mac.Write([]byte(u.req.User))
	return hex.EncodeToString(mac.Sum(nil)[:16]), nil
}

// forgetPseudonyms deletes the meeting's pseudonym secret as it ends:
// from then on, nothing ties its pseudonyms to anyone.
func forgetPseudonyms(u *unit) error {
	if err := u.tx.DropAnonymous(pseudonymScope(u.m.ID)); err != nil {
		return fmt.Errorf("forget pseudonym secret: %w", err)
	}
	return nil
}
