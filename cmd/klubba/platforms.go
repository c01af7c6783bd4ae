package main

import (
	"strings"

	"github.com/klubba/klubba/adapters/slack"
	"github.com/klubba/klubba/adapters/teams"
	"github.com/klubba/klubba/platform"
)

// builtinPlatforms are the chat platforms klubba serve can run, each
// on when its settings say so. Adding a platform is its package and a
// line here: serve, the configuration (the platform's section of the
// file is its own) and klubba check know none by name. The list is
// explicit, not filled by init() as caddy's RegisterModule is, because
// Klubba keeps no package-level mutable state (STYLE); tests pass their
// own list in Env.Platforms.
func builtinPlatforms() []platform.Module {
	return []platform.Module{slack.Module(), teams.Module()}
}

// platforms are the modules this run knows: Env.Platforms, else the
// built-in ones.
func (e *Env) platforms() []platform.Module {
	if e.Platforms != nil {
		return e.Platforms
	}
	return builtinPlatforms()
}

// sectionKeys are the modules' keys in the configuration file.
func sectionKeys(mods []platform.Module) []string {
	keys := make([]string, len(mods))
	for i, m := range mods {
		keys[i] = m.Name
	}
	return keys
}

// platformsOn names the platforms serve answers, or says how to turn one on.
func platformsOn(on []string, mods []platform.Module) string {
	if len(on) > 0 {
		return strings.Join(on, ",")
	}
	hints := make([]string, len(mods))
	for i, m := range mods {
		hints[i] = m.Hint
	}
	return "none (set " + strings.Join(hints, ", or ") + ")"
}
