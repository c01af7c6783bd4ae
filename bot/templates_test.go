package bot_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// TestTemplateWorkflow: a facilitator saves a meeting as a template,
// starts the next meeting from it, changes it, reads its history and
// goes back; every change is checked, and only owners change it.
func TestTemplateWorkflow(t *testing.T) {
	h := newHarness(t)
	h.do("ann", `start board "November"`)
	h.do("ann", `agenda add "Coffee" 10m`)
	h.do("ann", `rules add "Phones away"`)
	wantContains(t, h.do("ann", "template save weekly"),
		"Saved this meeting as the template “weekly” (version 1, the workspace's). Start it next time with `start weekly`.")
	h.do("ann", "end")

	wantContains(t, h.do("bo", "templates"), "`weekly`: November, 3 items, 35m (the workspace's, v1)", "`board`: Board meeting, 2 items, 25m (from the configuration)")
	started := h.do("bo", "start weekly")
	wantContains(t, started, "Meeting started: November", "**Opening** (5m", "Budget (20m)", "Coffee (10m)", "Phones away")
	h.do("bo", "end")

	// Someone else may read it, but not change it.
	wantContains(t, h.do("bo", "template show weekly"), "Template weekly: November", "Stored, the workspace's, version 1. Owners: Ann.", "Coffee (10m)")
	wantContains(t, h.refused("bo", "template delete weekly"), "Only the owners of “weekly” (Ann) and the facilitators can change it.")
	wantContains(t, h.refused("bo", "template import ```\nname: weekly\ntitle: Mine\n```"), "Only the owners of “weekly”")

	// An import is checked like the configuration: errors by line and field.
	got := h.refused("ann", "template import ```yaml\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: soon\n  - timebox: 5m\npolls:\n  visibilty: secret\n```")
	wantContains(t, got, "The template has a problem, and nothing was saved:", "line 5, `agenda[0].timebox`: “soon” is not a duration")
	got = h.refused("ann", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n  - timebox: 5m\nqueue:\n  policy: loudest\n```")
	wantContains(t, got, "The template has 2 problems", "line 6, `agenda[1].title`: is missing", "line 8, `queue.policy`: is “loudest”; use fewest-turns-first, fifo or alternate")
	wantContains(t, h.refused("ann", "template import ```\nname: weekly\ntitle: W\nagendas: []\n```"), "line 3, `agendas`: unknown key")

	wantContains(t, h.do("ann", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n```"),
		"Imported the template “weekly” (version 2, the workspace's).")
	wantContains(t, h.do("bo", "start weekly"), "Meeting started: Weekly", "**Check-in** (5m")
	h.do("bo", "end")

	wantContains(t, h.do("bo", "template history weekly"), "Versions of weekly", "v2 · 2026-11-27 18:00 UTC · Ann · imported", "v1 · 2026-11-27 18:00 UTC · Ann · saved from a meeting")
	wantContains(t, h.refused("bo", "template revert weekly 1"), "Only the owners")
	wantContains(t, h.refused("ann", "template revert weekly 7"), "“weekly” has no version 7 to go back to; its versions run from 1 to 2.")
	wantContains(t, h.do("ann", "template revert weekly 1"), "“weekly” is back to version 1, stored as version 3.")
	wantContains(t, h.do("bo", "start weekly"), "Coffee (10m)")
	h.do("bo", "end")

	// The owner adds Bo, who may then change it.
	wantContains(t, h.do("ann", "template owners weekly @bo"), "The owners of “weekly” are now Ann and bo (version 4).")
	wantContains(t, h.do("bo", "template delete weekly"), "Deleted the template “weekly”. `template revert weekly 4` brings it back.")
	wantContains(t, h.refused("bo", "start weekly"), "There is no template “weekly”")
	wantContains(t, h.do("bo", "template revert weekly 4"), "stored as version 6")
	wantContains(t, h.do("bo", "template history weekly"), "v5", "deleted", "v4", "owners changed", "v6", "reverted to version 4")

	// Export gives the YAML privately; copying makes the copier the owner.
	resp := h.req(bot.Request{User: "cy", Text: "template export weekly"})
	if resp.Refused || len(resp.Replies) != 1 || resp.Replies[0].To != chat.Caller {
		t.Fatalf("export: %+v", resp)
	}
	wantContains(t, replyText(resp), "```\nname: weekly\ntitle: November\n", "timebox: 10m")
	wantContains(t, h.do("cy", "template copy weekly mine --channel"), "Copied “weekly” to “mine” (version 1, this channel's). You own it.")
	wantContains(t, h.do("cy", "templates"), "`mine`: November, 3 items, 35m (this channel's, v1)")
	// The Swedish flag is the same flag.
	wantContains(t, h.do("cy", "mall kopiera weekly min --kanal"), "(version 1, this channel's)")
}

// TestTemplateChannelKeepsItsOwn: where the channel has a template of
// its own, which `start` uses here in place of the workspace's, saving or
// importing that name again without --channel changes the channel's, so
// that the next start has the change the reply promises.
func TestTemplateChannelKeepsItsOwn(t *testing.T) {
	for _, tt := range []struct{ name, change, want string }{
		{"save", "template save weekly", "Saved this meeting as the template “weekly” (version 2, this channel's)."},
		{"import", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Coffee\n    timebox: 10m\n```", "Imported the template “weekly” (version 2, this channel's)."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "template import --channel ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n```")
			h.do("ann", `start "Weekly"`)
			h.do("ann", `agenda add "Coffee" 10m`)
			wantContains(t, h.do("ann", tt.change), tt.want)
			h.do("ann", "end")
			wantContains(t, h.do("ann", "start weekly"), "**Coffee** (10m")
		})
	}
}

// TestTemplateCopyKeepsExisting: a copy onto a template that exists is
// refused privately and changes nothing; a copy into the channel under a
// workspace template's name is a template of its own.
func TestTemplateCopyKeepsExisting(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "template import ```\nname: weekly\ntitle: Weekly\n```")
	h.do("ann", "template import ```\nname: other\ntitle: Other\n```")
	for _, cmd := range []string{"template copy other weekly", "template copy weekly Weekly"} {
		wantContains(t, h.refused("ann", cmd), "There is already a template “weekly” (the workspace's), and a copy does not replace it. Pick another name, or delete it first with `template delete weekly`.")
	}
	wantContains(t, h.do("ann", "template history weekly"), "v1 · ")
	wantContains(t, h.do("ann", "template show weekly"), "Template weekly: Weekly", "version 1")
	h.do("ann", "språk sv")
	wantContains(t, h.refused("ann", "mall kopiera other weekly"), "Det finns redan en mall ”weekly” (arbetsytans), och en kopia ersätter den inte. Välj ett annat namn, eller ta bort den först med `mall ta bort weekly`.")
	wantContains(t, h.do("ann", "mall kopiera other weekly --kanal"), "”other” är kopierad till ”weekly” (version 1, kanalens).")
}

// TestTemplateShadowsConfig: a stored template of a configuration
// template's name takes its place, but only a facilitator may store one.
func TestTemplateShadowsConfig(t *testing.T) {
	h := newHarness(t)
	yaml := "template import ```\nname: board\ntitle: Our board\nagenda:\n  - title: Only item\n    timebox: 5m\n```"
	wantContains(t, h.refused("bo", yaml), "“board” is a template of the server's configuration: only a facilitator can store one of that name.")
	wantContains(t, h.refused("bo", "template delete board"), "“board” comes from the server's configuration")
	h.do("fac", yaml)
	wantContains(t, h.do("bo", "templates"), "`board`: Our board, 1 item, 5m (the workspace's, v1, in place of the configuration's)")
	wantContains(t, h.do("bo", "start board"), "Our board", "**Only item**")
}

// TestTemplateShowHint: template show's hint offers only what the
// caller can do next: a stored template is edited, the configuration's
// is copied (editing it is refused), in English and Swedish.
func TestTemplateShowHint(t *testing.T) {
	tests := []struct {
		name, lang, cmd string
		want, lacks     string
	}{
		{"stored", "en", "template show weekly", "`template edit weekly` changes it", ""},
		{"configuration's", "en", "template show board", "`template copy board NEW` makes a copy of your own to change", "template edit"},
		{"configuration's, in Swedish", "sv", "mall visa board", "`mall kopiera board NYTT` gör en egen kopia att ändra", "mall redigera"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "template import ```\nname: weekly\ntitle: Weekly\n```")
			got := h.do("ann", tt.cmd)
			wantContains(t, got, tt.want)
			if tt.lacks != "" && strings.Contains(got, tt.lacks) {
				t.Errorf("%s offers %q, which is refused:\n%s", tt.cmd, tt.lacks, got)
			}
		})
	}
}

// TestTemplateSwedish: the checker's errors come in the caller's language.
func TestTemplateSwedish(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "språk sv")
	got := h.refused("ann", "mall importera ```\nname: vecka\ntitle: Veckomöte\nqueue:\n  max_turn: 3\n```")
	wantContains(t, got, "Mallen har ett fel, och inget sparades:", "rad 4, `queue.max_turn`: 3 saknar enhet; skriv 3m för minuter")
	got = h.refused("ann", "mall importera ```\nname: vecka\ntitle: Veckomöte\ntime_zone: Europa/Sthlm\n```")
	wantContains(t, got, "rad 3, `time_zone`: ”Europa/Sthlm” är ingen tidszon")
	got = h.refused("ann", "mall importera ```\nname: vecka\ntitle: Veckomöte\nlocale: de\npolls:\n  tie: coin\n```")
	wantContains(t, got, "rad 3, `locale`: är ”de”; använd en eller sv", "rad 5, `polls.tie`: är ”coin”; använd chair eller lots")
	wantContains(t, h.do("ann", "mall importera ```\nname: vecka\ntitle: Veckomöte\n```"), "Mallen ”vecka” är importerad (version 1, arbetsytans).")
	wantContains(t, h.do("ann", "mall historik vecka"), "v1 · 2026-11-27 kl. 18.00 UTC · Ann · importerad")
	wantContains(t, h.refused("bo", "mall ta bort vecka"), "Bara ägarna till ”vecka” (Ann) och mötesledarna får ändra den.")
	wantContains(t, h.refused("ann", "mall importera"), "Lägg mallens YAML i ett kodblock")
}

// TestTemplateFormProblemsByRow: a problem with an item saved from the
// editor's form names the form's row, also when an empty row above it
// removed an item, and nothing is saved.
func TestTemplateFormProblemsByRow(t *testing.T) {
	tests := []struct {
		name  string
		items []bot.FormItem
		field string
	}{
		{"no empty row", []bot.FormItem{{Title: "Check-in", Timebox: "5m"}, {Title: "", Timebox: "20m"}}, "agenda[1].title"},
		{"an empty row above", []bot.FormItem{{}, {Title: "Minutes", Timebox: "5m"}, {Title: "", Timebox: "20m"}}, "agenda[2].title"},
		{"two empty rows above", []bot.FormItem{{}, {Title: "Minutes", Timebox: "5m"}, {}, {Title: "", Timebox: "20m"}}, "agenda[3].title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n```")
			tok := regexp.MustCompile(`/template/edit/([A-Za-z0-9_.-]+)`).FindStringSubmatch(h.do("ann", "template edit weekly"))
			res, err := h.bot.SaveTemplateForm(context.Background(), tok[1], 1, bot.TemplateForm{Items: tt.items})
			if err != nil || res.Version != 0 || len(res.Problems) != 1 || res.Problems[0].Field != tt.field || res.Problems[0].Text != "is missing" {
				t.Fatalf("SaveTemplateForm = %+v, %v; want one problem, “is missing” at %s", res, err, tt.field)
			}
			wantContains(t, h.do("ann", "template history weekly"), "v1")
		})
	}
}

// TestTemplateEditor: the editor link is signed, expires, and a save is
// checked and kept as a version like any other change.
func TestTemplateEditor(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "template import ```\nname: weekly\ntitle: Weekly\nagenda:\n  - title: Check-in\n    timebox: 5m\n```")
	wantContains(t, h.refused("bo", "template edit weekly"), "Only the owners")
	link := h.do("ann", "template edit weekly")
	tok := regexp.MustCompile(`/template/edit/([A-Za-z0-9_.-]+)`).FindStringSubmatch(link)
	if tok == nil {
		t.Fatalf("no editor link in %q", link)
	}
	ctx := context.Background()
	d, err := h.bot.TemplateDraft(ctx, tok[1])
	if err != nil || d.Name != "weekly" || d.Version != 1 || !strings.Contains(d.YAML, "Check-in") {
		t.Fatalf("TemplateDraft = %+v, %v", d, err)
	}
	if _, err := h.bot.TemplateDraft(ctx, tok[1]+"x"); err == nil {
		t.Error("a forged token opened the editor")
	}
	res, err := h.bot.SaveTemplateForm(ctx, tok[1], 1, bot.TemplateForm{Items: []bot.FormItem{{Title: "Check-in", Timebox: "soon"}, {Title: "", Timebox: "5m"}}})
	if err != nil || len(res.Problems) != 1 || res.Problems[0].Field != "agenda[0].timebox" {
		t.Fatalf("a bad timebox: %+v, %v", res, err)
	}
	res, err = h.bot.SaveTemplateForm(ctx, tok[1], 1, bot.TemplateForm{Items: []bot.FormItem{{Title: "Check-in", Timebox: "5m"}, {Title: "Roadmap", Timebox: "20m"}},
		Rules: []string{"One voice at a time", ""}, Visibility: "anonymous"})
	if err != nil || res.Version != 2 || len(res.Problems) > 0 {
		t.Fatalf("SaveTemplateForm = %+v, %v", res, err)
	}
	if res, _ := h.bot.SaveTemplateYAML(ctx, tok[1], 1, "name: weekly\ntitle: Old\n"); !res.Stale {
		t.Errorf("a save from an old version was taken: %+v", res)
	}
	res, _ = h.bot.SaveTemplateYAML(ctx, tok[1], 2, "name: weekly\ntitle: Weekly\nagendas: []\n")
	if len(res.Problems) != 1 || res.Problems[0].Line != 3 || res.Problems[0].Field != "agendas" {
		t.Errorf("bad YAML: %+v", res)
	}
	wantContains(t, h.do("bo", "start weekly"), "Roadmap (20m)", "One voice at a time")
	wantContains(t, h.do("ann", "template history weekly"), "v2 · 2026-11-27 18:00 UTC · Ann · edited")

	h.clock.Advance(bot.EditorLinkTTL + time.Second)
	if _, err := h.bot.TemplateDraft(ctx, tok[1]); err != bot.ErrLinkExpired {
		t.Errorf("an expired link: %v, want ErrLinkExpired", err)
	}
}

// TestTemplateKeepsAssociation: the association a template names for
// the protokoll's head is in its YAML, also when it comes from the
// configuration, and still there after a copy, a save from a meeting
// started from it, and a change in the editor's form.
func TestTemplateKeepsAssociation(t *testing.T) {
	editForm := func(h *harness, name string) {
		tok := regexp.MustCompile(`/template/edit/([A-Za-z0-9_.-]+)`).FindStringSubmatch(h.do("ann", "template edit "+name))
		if tok == nil {
			t.Fatal("no editor link")
		}
		res, err := h.bot.SaveTemplateForm(context.Background(), tok[1], 1, bot.TemplateForm{Items: []bot.FormItem{{Title: "Öppnande", Timebox: "10m"}}})
		if err != nil || len(res.Problems) > 0 {
			t.Fatalf("SaveTemplateForm = %+v, %v", res, err)
		}
	}
	for _, tt := range []struct {
		name   string
		change func(h *harness) string // the template to export
	}{
		{"export from the configuration", func(h *harness) string { return "konfig" }},
		{"copy", func(h *harness) string { h.do("ann", "template copy stamma kopia"); return "kopia" }},
		{"save from a meeting", func(h *harness) string {
			h.do("ann", "start stamma")
			h.do("ann", "template save sparad")
			return "sparad"
		}},
		{"editor form", func(h *harness) string { editForm(h, "stamma"); return "stamma" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, board, facilitation.Template{Name: "konfig", Title: "Årsmöte", Protocol: true, Association: "Föreningen Klubban"})
			h.do("ann", "template import ```\nname: stamma\ntitle: Årsmöte\nlocale: sv\nprotocol: true\nassociation: Föreningen Klubban\nagenda:\n  - title: Öppnande\n    timebox: 5m\n```")
			name := tt.change(h)
			wantContains(t, h.do("ann", "template export "+name), "association: Föreningen Klubban")
		})
	}
}

// TestHomeShowsStoredTemplates: a person's home lists the workspace's
// stored templates, in place of the configuration's of the same name.
func TestHomeShowsStoredTemplates(t *testing.T) {
	h := newHarness(t)
	for _, yaml := range []string{"name: weekly\ntitle: Weekly\n", "name: board\ntitle: Our board\n"} {
		resp := h.req(bot.Request{Channel: "slack:T1/C1", User: "fac", Text: "template import ```\n" + yaml + "```"})
		if resp.Refused {
			t.Fatalf("import: %s", replyText(resp))
		}
	}
	home, err := h.bot.Home(context.Background(), "slack:T1/", "bo")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(home.Templates)
	if got != "[{board Our board} {weekly Weekly}]" {
		t.Errorf("home templates = %s", got)
	}
	if other, _ := h.bot.Home(context.Background(), "slack:T2/", "bo"); fmt.Sprint(other.Templates) != "[{board Board meeting}]" {
		t.Errorf("another workspace's home = %v", other.Templates)
	}
}

// TestTemplateNameTooLong: a name longer than the platforms' pickers
// show is refused, privately, and nothing is saved.
func TestTemplateNameTooLong(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start board")
	got := h.sameState("ann", "template save "+strings.Repeat("x", 41))
	wantContains(t, got, "A template's name is one word of at most 40 characters")
	h.do("ann", "template save "+strings.Repeat("x", 40))
}

// TestTemplatesListAnAgendaAsItReads: templates names a template without
// an agenda as such, and leaves out the planned time of one whose items
// have no timeboxes, rather than "0 items, 0s", in both languages.
func TestTemplatesListAnAgendaAsItReads(t *testing.T) {
	imports := map[string]string{
		"empty":   "name: empty\ntitle: Open floor\n",
		"untimed": "name: untimed\ntitle: Loose\nagenda:\n  - title: Anything\n  - title: More\n",
		"timed":   "name: timed\ntitle: Tight\nagenda:\n  - title: Budget\n    timebox: 5m\n",
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"`empty`: Open floor, no agenda yet (", "`untimed`: Loose, 2 items (", "`timed`: Tight, 1 item, 5m ("}},
		{"sv", []string{"`empty`: Open floor, ingen dagordning än (", "`untimed`: Loose, 2 punkter (", "`timed`: Tight, 1 punkt, 5 min ("}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "lang "+c.lang)
			for _, name := range []string{"empty", "untimed", "timed"} {
				h.do("ann", "template import ```\n"+imports[name]+"```")
			}
			got := h.do("ann", "templates")
			wantContains(t, got, c.want...)
			if strings.Contains(got, "0s") || strings.Contains(got, "0 s") {
				t.Errorf("a planned time of nothing:\n%s", got)
			}
		})
	}
}
