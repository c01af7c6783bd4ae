package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/klubba/klubba/store/bolt"
)

// BackupCmd copies the database consistently.
type BackupCmd struct {
	File   string `arg:"" help:"Where to write the copy." type:"path"`
	DB     string `help:"Database file." env:"KLUBBA_DB" placeholder:"FILE"`
	Server string `help:"When the database is in use, fetch the copy from this running klubba serve (needs KLUBBA_ADMIN_TOKEN)." placeholder:"URL"`
}

// Run writes the copy: straight from the file when no other process holds
// it, else from the running server.
func (c *BackupCmd) Run(ctx context.Context, cli *CLI, env *Env) error {
	cfg, err := loadConfig(cli.Config, env, c.DB)
	if err != nil {
		return err
	}
	if err := mustExist(cfg.DB); err != nil {
		return err
	}
	store, err := bolt.Open(cfg.DB)
	if errors.Is(err, bolt.ErrInUse) {
		server := c.Server
		if server == "" {
			server = "http://" + loopback(cfg.Listen)
		}
		return c.fromServer(ctx, server, cfg.Secrets.AdminToken.Reveal(), env)
	}
	if err != nil {
		return err
	}
	defer store.Close()
	n, err := store.BackupFile(ctx, c.File)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (%d bytes) from %s.\n", c.File, n, cfg.DB)
	return nil
}

// loopback turns a listen address such as ":8080" into one to dial.
func loopback(listen string) string {
	if strings.HasPrefix(listen, ":") {
		return "127.0.0.1" + listen
	}
	return listen
}

func (c *BackupCmd) fromServer(ctx context.Context, server, token string, env *Env) error {
	if token == "" {
		return fmt.Errorf("the database is in use by a running klubba; set KLUBBA_ADMIN_TOKEN (the same as the server's) to back up through it")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(server, "/")+"/admin/backup", nil)
	if err != nil {
		return fmt.Errorf("backup request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup from %s: %w", server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		why, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10)) // the server's reason, such as a secret poll open
		if s := strings.TrimSpace(string(why)); s != "" {
			return fmt.Errorf("backup from %s: %s: %s", server, resp.Status, s)
		}
		return fmt.Errorf("backup from %s: %s", server, resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.File), filepath.Base(c.File)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, resp.Body)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = verify(tmp.Name())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.File)
	}
	if err != nil {
		return fmt.Errorf("backup from %s: %w", server, err)
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (%d bytes) from %s.\n", c.File, n, server)
	return nil
}

// verify opens a copy and runs the consistency check on it.
func verify(path string) error {
	s, err := bolt.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Check()
}
