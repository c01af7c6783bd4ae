package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/klubba/klubba/adapters/web"
	"github.com/klubba/klubba/config"
)

// boardServer makes the live board's server and rings its doorbell on
// every committed change. Call it before the app runs.
func (a *app) boardServer() (*web.Server, error) {
	if err := a.cfg.CheckBoard(); err != nil {
		return nil, err
	}
	b := a.cfg.Board
	s, err := web.New(web.Options{Boards: a.bot, Editor: a.bot, Calendars: a.bot, Logger: a.log, TrustedProxies: b.Proxies(),
		MaxStreams: b.MaxStreams, MaxStreamsPerClient: b.MaxStreamsPerClient, MaxStreamsPerBoard: b.MaxStreamsPerBoard,
		Recheck: time.Second}) // what other replicas changed, and links gone meanwhile
	if err != nil {
		return nil, err
	}
	a.changed = s.Changed
	return s, nil
}

// registerBoard adds the live board's routes to the server's mux; the
// board's Close goes to the http.Server's RegisterOnShutdown.
func (a *app) registerBoard(mux *http.ServeMux) (*web.Server, error) {
	s, err := a.boardServer()
	if err != nil {
		return nil, err
	}
	s.Register(mux)
	return s, nil
}

// listenBoard opens the console's board address, and makes it the base
// of the links that the board command hands out.
func listenBoard(addr string, cfg *config.Config) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("live board: listen on %s: %w", addr, err)
	}
	cfg.PublicURL = "http://" + ln.Addr().String()
	return ln, nil
}

// serveBoard serves the live board on ln while the console runs; stop
// shuts it down.
func (a *app) serveBoard(ln net.Listener, env *Env) (stop func(), err error) {
	mux := http.NewServeMux()
	if _, err := a.registerBoard(mux); err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("live board", "err", err)
		}
	}()
	fmt.Fprintf(env.Stderr, "Live board on http://%s: start a meeting, then the chair's \"board\" gives the link.\n", ln.Addr())
	return func() {
		srv.Close() // event streams never go idle: cut them
		<-done
	}, nil
}
