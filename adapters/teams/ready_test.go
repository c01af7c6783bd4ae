package teams_test

import (
	"context"
	"errors"
	"testing"

	"github.com/klubba/klubba/adapters/teams"
)

func TestReadyNeedsSigningKeys(t *testing.T) {
	r := newRig(t)
	if err := r.app.Ready(context.Background()); err != nil {
		t.Errorf("Ready with the keys at hand: %v", err)
	}
	app, err := teams.New(teams.Config{
		AppID: appID, AppPassword: "app-password", TenantID: "tenant",
		OpenIDMetadataURL: r.fake.srv.URL + "/nowhere", TokenURL: r.fake.srv.URL + "/tenant/oauth2/v2.0/token",
		Bot: r.bot, Store: r.store, Keys: r.store.Space("teams"), Clock: r.clock, Logger: discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Ready(context.Background()); !errors.Is(err, teams.ErrNotValidating) {
		t.Errorf("Ready without signing keys = %v, want ErrNotValidating", err)
	}
}
