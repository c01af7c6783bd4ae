package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/klubba/klubba/config"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/bolt"
	"github.com/klubba/klubba/store/etcd"
	"github.com/klubba/klubba/store/typed"
)

// etcdOpenTimeout bounds connecting to etcd at start.
const etcdOpenTimeout = 10 * time.Second

// openStore opens the store the configuration names: the typed records
// of store/typed on the backend, bbolt's or etcd's.
func openStore(cfg *config.Config, log *slog.Logger) (*typed.Store, error) {
	b, err := openBackend(cfg, log)
	if err != nil {
		return nil, err
	}
	return typed.New(b), nil
}

// openBackend opens the backend the configuration names.
func openBackend(cfg *config.Config, log *slog.Logger) (store.Backend, error) {
	if err := cfg.CheckStore(); err != nil {
		return nil, err
	}
	if cfg.Store.Kind == "etcd" {
		tlsCfg, err := etcdTLS(cfg.Store.TLS)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), etcdOpenTimeout)
		defer cancel()
		return etcd.Open(ctx, etcd.Options{
			Endpoints: cfg.Store.Endpoints, Prefix: cfg.Store.Prefix, TLS: tlsCfg,
			Username: cfg.Store.Username, Password: cfg.Secrets.EtcdPassword.Reveal(),
			DialTimeout: etcdOpenTimeout, Logger: log,
		})
	}
	db, err := bolt.Open(cfg.DB)
	if errors.Is(err, bolt.ErrInUse) {
		return nil, fmt.Errorf("%w: is another klubba running on %s? (stop it, or use --db)", err, cfg.DB)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// etcdTLS builds the TLS configuration for etcd, or nil for plain.
func etcdTLS(c config.StoreTLS) (*tls.Config, error) {
	if !c.On() {
		return nil, nil
	}
	t := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.ServerName}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("store.tls.ca_file: %w", err)
		}
		t.RootCAs = x509.NewCertPool()
		if !t.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("store.tls.ca_file: no certificate in %s", c.CAFile)
		}
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("store.tls: %w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

// errBackupEtcd answers a backup asked of a Klubba on etcd.
var errBackupEtcd = errors.New("the state is in etcd: back it up with `etcdctl snapshot save`")

// backup writes a copy of the store to w, where the store can.
func backup(ctx context.Context, s *typed.Store, w io.Writer) (int64, error) {
	b, ok := s.Backend().(interface {
		Backup(context.Context, io.Writer) (int64, error)
	})
	if !ok {
		return 0, errBackupEtcd
	}
	return b.Backup(ctx, w)
}

// checkStart reports a damaged store before serving, where the store can tell.
func checkStart(s *typed.Store) error {
	if c, ok := s.Backend().(interface{ CheckStart() error }); ok {
		return c.CheckStart()
	}
	return nil
}
