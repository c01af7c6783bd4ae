package etcd

import (
	"context"

	"github.com/klubba/klubba/bot"
)

// PutInstallation stores a platform installation's record (a Slack
// workspace's, sealed by the adapter) under key.
func (s *Store) PutInstallation(ctx context.Context, key string, sealed []byte) error {
	_, err := s.cli.Put(ctx, s.prefix+"installations/"+esc(key), string(sealed))
	return err
}

// InstallationRecord returns the record under key, or bot.ErrNotFound.
func (s *Store) InstallationRecord(ctx context.Context, key string) ([]byte, error) {
	resp, err := s.cli.Get(ctx, s.prefix+"installations/"+esc(key))
	if err != nil {
		return nil, err
	}
	if len(resp.Kvs) == 0 {
		return nil, bot.ErrNotFound
	}
	return resp.Kvs[0].Value, nil
}

// DeleteInstallation forgets the record under key.
func (s *Store) DeleteInstallation(ctx context.Context, key string) error {
	_, err := s.cli.Delete(ctx, s.prefix+"installations/"+esc(key))
	return err
}
