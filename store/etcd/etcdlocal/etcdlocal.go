// Package etcdlocal starts a one-member etcd inside the process, on
// loopback, with its data in a directory of its own and fsync on: the
// etcd that `klubba-bench etcd` measures against when it is given none.
// Klubba itself never imports it (deps_test.go).
package etcdlocal

import (
	"fmt"
	"net"
	"net/url"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// Start starts a member with its data in dir and returns its client
// endpoint and a function that stops it.
func Start(dir string) (endpoint string, stop func(), err error) {
	peer, err := freeURL()
	if err != nil {
		return "", nil, err
	}
	cli, err := freeURL()
	if err != nil {
		return "", nil, err
	}
	cfg := embed.NewConfig()
	cfg.Name, cfg.Dir = "bench", dir
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{cli}, []url.URL{cli}
	cfg.InitialCluster = "bench=" + peer.String()
	cfg.LogLevel = "error"
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return "", nil, fmt.Errorf("start etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		return "", nil, fmt.Errorf("etcd did not start within 30s")
	}
	return cli.Host, e.Close, nil
}

// freeURL is an http URL on a free loopback port.
func freeURL() (url.URL, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return url.URL{}, err
	}
	defer ln.Close()
	return url.URL{Scheme: "http", Host: ln.Addr().String()}, nil
}
