package main

import (
	"bufio"
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The fake Slack in its own process (this binary's "slack" scenario), so
// that the CPU time measured in this process is the server's alone. It is
// reached as Slack is: over TLS at https://slack.com/api/ and
// https://hooks.slack.com/, through an HTTP CONNECT proxy named by
// HTTPS_PROXY, with a certificate of its own that SSL_CERT_FILE makes
// trusted; both are set in this process before anything dials. Every
// answer takes the round trip set with -rtt. A click's response_url
// carries the moment the click was sent (/actions/T1/<unix ns>/…), so the
// fake measures each confirmation from the vote to its arrival.

// remoteSlack is the parent's handle on the fake Slack's process.
type remoteSlack struct {
	cmd   *exec.Cmd
	stdin io.Closer
	ctl   string // the control endpoints, on the proxy's address
	dir   string
}

// remoteStats is what the fake reports of a phase.
type remoteStats struct {
	Calls         map[string]int `json:"calls"`
	Confirmations int            `json:"confirmations"`
	ConfirmP50    float64        `json:"confirm_p50_ms"`
	ConfirmP99    float64        `json:"confirm_p99_ms"`
	ConfirmMax    float64        `json:"confirm_max_ms"`
	Posts         []int64        `json:"posts"` // chat.postMessage, unix ns
	Conns         map[string]int `json:"conns"` // by protocol: h2 or http/1.1
	Dials         int            `json:"dials"` // connections accepted, used or not
	// Arrived holds when each confirmation arrived, by the last part of
	// its response_url, in unix ns (asked with detail).
	Arrived map[string]int64 `json:"arrived,omitempty"`
}

// sinceVote measures each confirmation that came through a response
// URL from its vote (the click's answer, after the vote committed) to
// its arrival, and the last arrival from the last vote.
func (s remoteStats) sinceVote(acks map[string]int64) (p99, afterLast float64) {
	var lat []time.Duration
	var lastAck, lastArrival int64
	for id, ack := range acks {
		lastAck = max(lastAck, ack)
		if at, ok := s.Arrived[id]; ok {
			lat = append(lat, time.Duration(at-ack))
			lastArrival = max(lastArrival, at)
		}
	}
	if len(lat) == 0 {
		return 0, 0
	}
	return percentile(lat, 99), float64(time.Duration(lastArrival-lastAck).Microseconds()) / 1000
}

// confirmed is every confirmation that arrived, by either way.
func (s remoteStats) confirmed() int { return s.Calls["response_url"] + s.Calls["chat.postEphemeral"] }

// hooksURL is where the bench's clicks point their response URLs when
// the fake runs in its own process.
const hooksURL = "https://hooks.slack.com"

// startRemoteSlack makes a certificate for slack.com and
// hooks.slack.com, starts the fake Slack's process with it, and points
// this process's HTTPS_PROXY and SSL_CERT_FILE at them. It must run
// before this process dials anything over TLS or through a proxy.
func startRemoteSlack(rtt time.Duration) (*remoteSlack, error) {
	dir, err := os.MkdirTemp("", "klubba-bench-slack")
	if err != nil {
		return nil, err
	}
	if err := writeCert(dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cmd := exec.Command(os.Args[0], "slack", "-rtt", rtt.String(), "-certs", dir)
	cmd.Env = append(os.Environ(), loadChildEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe() // the fake stops when this process does
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("fake slack: %v", err)
	}
	addr := strings.TrimSpace(line)
	remoteRTT = rtt
	os.Setenv("HTTPS_PROXY", "http://"+addr)
	os.Setenv("SSL_CERT_FILE", filepath.Join(dir, "cert.pem"))
	return &remoteSlack{cmd: cmd, stdin: stdin, ctl: "http://" + addr, dir: dir}, nil
}

// stop ends the fake's process.
func (r *remoteSlack) stop() {
	r.stdin.Close()
	r.cmd.Process.Kill()
	r.cmd.Wait()
	os.RemoveAll(r.dir)
}

// ctlClient reaches the control endpoints directly (loopback is never
// proxied); each call is bounded by its context.
var ctlClient = &http.Client{}

// reset starts a phase: counts, confirmations and posts forgotten, and
// with strict set Slack's strictest pacing (see strictSlack).
func (r *remoteSlack) reset(strict bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.ctl+"/_reset?strict="+strconv.FormatBool(strict), nil)
	resp, err := ctlClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// stats returns the phase's figures so far, once at least n
// confirmations have arrived or wait has passed.
func (r *remoteSlack) stats(n int, wait time.Duration) (remoteStats, error) {
	var s remoteStats
	detail := ""
	if n > 0 {
		detail = "&detail=1"
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait+30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/_stats?n=%d&wait=%s%s", r.ctl, n, wait, detail), nil)
	resp, err := ctlClient.Do(req)
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	return s, json.NewDecoder(resp.Body).Decode(&s)
}

// postedAfter waits up to limit for the first message posted after t.
func (r *remoteSlack) postedAfter(t time.Time, limit time.Duration) (time.Time, bool) {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		s, err := r.stats(0, 0)
		if err != nil {
			continue
		}
		for _, p := range s.Posts {
			if at := time.Unix(0, p); at.After(t) {
				return at, true
			}
		}
	}
	return time.Time{}, false
}

// writeCert writes a self-signed certificate for Slack's two hosts, and
// its key, to dir.
func writeCert(dir string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "klubba-bench fake Slack"},
		DNSNames:     []string{"slack.com", "hooks.slack.com"},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600)
}

// runRemoteSlack is the fake's process: an HTTP CONNECT proxy on a
// loopback port (printed on the first line), whose tunnels end in the
// fake Slack served over TLS (HTTP/2 offered), and the control endpoints
// on the same port.
func runRemoteSlack(rtt time.Duration, certs string) error {
	if os.Getenv(loadChildEnv) == "" {
		return errors.New("slack is run by the other scenarios")
	}
	go func() { io.Copy(io.Discard, os.Stdin); os.Exit(0) }() // the parent is gone
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	f := &remoteFake{rtt: rtt}
	f.reset(false)
	tunnels := &connListener{conns: make(chan net.Conn), addr: ln.Addr()}
	tlsSrv := &http.Server{Handler: f, ConnState: func(c net.Conn, st http.ConnState) {
		if st == http.StateNew {
			f.mu.Lock()
			f.dials++
			f.mu.Unlock()
		}
		if tc, ok := c.(*tls.Conn); ok && st == http.StateActive { // after the handshake
			f.mu.Lock()
			if _, seen := f.seen[c]; !seen {
				f.seen[c] = struct{}{}
				f.conns[cmp.Or(tc.ConnectionState().NegotiatedProtocol, "http/1.1")]++
			}
			f.mu.Unlock()
		}
	}}
	go tlsSrv.ServeTLS(tunnels, filepath.Join(certs, "cert.pem"), filepath.Join(certs, "key.pem"))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_reset", func(w http.ResponseWriter, r *http.Request) {
		f.reset(r.URL.Query().Get("strict") == "true")
	})
	mux.HandleFunc("GET /_stats", f.serveStats)
	proxy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			mux.ServeHTTP(w, r)
			return
		}
		if host, _, _ := net.SplitHostPort(r.Host); host != "slack.com" && host != "hooks.slack.com" {
			http.Error(w, "only Slack here", http.StatusForbidden)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		var c net.Conn = conn
		if brw.Reader.Buffered() > 0 {
			c = &bufferedConn{Conn: conn, r: brw.Reader}
		}
		tunnels.conns <- c
	})
	fmt.Println(ln.Addr().String())
	return (&http.Server{Handler: proxy}).Serve(ln)
}

// remoteFake is the fake Slack of the fake's process: fakeSlack's
// answers, after the round trip, with the confirmations timed.
type remoteFake struct {
	rtt   time.Duration
	slack atomic.Pointer[fakeSlack]

	mu      sync.Mutex
	confirm []time.Duration
	// arrived holds when each confirmation arrived, by the last part
	// of its response_url, in unix ns.
	arrived map[string]int64
	// conns counts the connections that were used, by protocol; dials
	// those accepted, with the ones closed unused (a client's duplicate
	// dials).
	conns map[string]int
	dials int
	seen  map[net.Conn]struct{}
}

func (f *remoteFake) reset(strict bool) {
	s := &fakeSlack{calls: map[string]int{}}
	if strict {
		strictSlack(s)
	}
	f.mu.Lock()
	f.confirm = f.confirm[:0]
	f.arrived = map[string]int64{}
	f.conns, f.seen, f.dials = map[string]int{}, map[net.Conn]struct{}{}, 0
	f.mu.Unlock()
	f.slack.Store(s)
}

func (f *remoteFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.rtt > 0 {
		time.Sleep(f.rtt)
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/actions/"); ok {
		// /actions/<team>/<unix ns the click was sent>/<token>
		if parts := strings.Split(rest, "/"); len(parts) == 3 {
			if sent, err := strconv.ParseInt(parts[1], 10, 64); err == nil {
				now := time.Now()
				f.mu.Lock()
				f.confirm = append(f.confirm, now.Sub(time.Unix(0, sent)))
				f.arrived[parts[2]] = now.UnixNano()
				f.mu.Unlock()
			}
		}
	}
	f.slack.Load().ServeHTTP(w, r)
}

// serveStats answers the phase's figures, once n confirmations have
// arrived or wait has passed.
func (f *remoteFake) serveStats(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	wait, _ := time.ParseDuration(r.URL.Query().Get("wait"))
	var s remoteStats
	for deadline := time.Now().Add(wait); ; time.Sleep(5 * time.Millisecond) {
		fs := f.slack.Load()
		fs.mu.Lock()
		s.Calls = maps.Clone(fs.calls)
		s.Posts = s.Posts[:0]
		for _, p := range fs.posts {
			s.Posts = append(s.Posts, p.UnixNano())
		}
		fs.mu.Unlock()
		if s.confirmed() >= n || !time.Now().Before(deadline) {
			break
		}
	}
	f.mu.Lock()
	lat := slices.Clone(f.confirm)
	s.Conns, s.Dials = maps.Clone(f.conns), f.dials
	if r.URL.Query().Get("detail") != "" {
		s.Arrived = maps.Clone(f.arrived)
	}
	f.mu.Unlock()
	s.Confirmations = len(lat)
	s.ConfirmP50, s.ConfirmP99, s.ConfirmMax = percentile(lat, 50), percentile(lat, 99), percentile(lat, 100)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s)
}

// connListener is a net.Listener of the proxy's tunnels.
type connListener struct {
	conns chan net.Conn
	addr  net.Addr
}

func (l *connListener) Accept() (net.Conn, error) { return <-l.conns, nil }
func (l *connListener) Close() error              { return nil }
func (l *connListener) Addr() net.Addr            { return l.addr }

// bufferedConn is a hijacked connection whose first bytes were read
// into the server's buffer.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// remote is the fake Slack's process, when the scenario runs one, and
// remoteRTT its round trip.
var (
	remote    *remoteSlack
	remoteRTT time.Duration
)
