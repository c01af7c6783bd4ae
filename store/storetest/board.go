package storetest

import (
	"errors"
	"testing"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/typed"
)

// testBoardTokens: a board token finds its meeting both ways, and a new
// token revokes the old one.
func testBoardTokens(t *testing.T, s Store) {
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.BoardToken("m1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("BoardToken of a meeting without a board: %v, want ErrNotFound", err)
		}
		if _, err := tx.BoardMeeting("nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("BoardMeeting of an unknown token: %v, want ErrNotFound", err)
		}
		if err := tx.PutBoardToken("m1", "tok-1"); err != nil {
			return err
		}
		return tx.PutBoardToken("m2", "tok-2")
	})
	update(t, s, func(tx *typed.Tx) error {
		if id, err := tx.BoardMeeting("tok-1"); err != nil || id != "m1" {
			t.Errorf("BoardMeeting(tok-1) = %q, %v; want m1", id, err)
		}
		if tok, err := tx.BoardToken("m1"); err != nil || tok != "tok-1" {
			t.Errorf("BoardToken(m1) = %q, %v; want tok-1", tok, err)
		}
		return tx.PutBoardToken("m1", "tok-3")
	})
	update(t, s, func(tx *typed.Tx) error {
		if _, err := tx.BoardMeeting("tok-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("BoardMeeting of a revoked token: %v, want ErrNotFound", err)
		}
		if id, err := tx.BoardMeeting("tok-3"); err != nil || id != "m1" {
			t.Errorf("BoardMeeting(tok-3) = %q, %v; want m1", id, err)
		}
		if id, err := tx.BoardMeeting("tok-2"); err != nil || id != "m2" {
			t.Errorf("BoardMeeting(tok-2) = %q, %v; want m2 (untouched)", id, err)
		}
		return nil
	})
}
