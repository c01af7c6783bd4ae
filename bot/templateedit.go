package bot

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The template editor: `template edit NAME` hands the caller a signed
// link to a web page (adapters/web) that edits the template, valid for
// EditorLinkTTL. The link names the template, its scope and the person,
// so that a saved change is theirs, checked and versioned as any other.

// EditorLinkTTL is how long an editor link works.
const EditorLinkTTL = time.Hour

// editorKeySetting is where the key that signs editor links is kept, made
// on first use: every replica sharing the store signs and checks alike.
const editorKeySetting = "editor.key"

// EditorPath is the path of the editor with token, under the public URL.
func EditorPath(token string) string { return "/template/edit/" + token }

// ErrLinkExpired is returned for an editor link past its time.
var ErrLinkExpired = errors.New("link expired")

// editorClaim is what an editor link grants.
type editorClaim struct {
	Scope   string `json:"s"`
	Name    string `json:"n"`
	User    string `json:"u"`
	Display string `json:"d"`
	Lang    string `json:"l"`
	Expires int64  `json:"e"`
}

func sign(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// editorKey returns the signing key, making it if create is set.
func editorKey(tx Tx, create bool) ([]byte, error) {
	v, err := tx.Setting(editorKeySetting)
	if errors.Is(err, ErrNotFound) && create {
		b := make([]byte, 32)
		rand.Read(b) // never fails (crypto/rand, Go 1.24+)
		v = hex.EncodeToString(b)
		err = tx.PutSetting(editorKeySetting, v)
	}
	if err != nil {
		return nil, fmt.Errorf("editor key: %w", err)
	}
	return hex.DecodeString(v)
}

// signClaim writes the token of an editor link.
func signClaim(key []byte, cl editorClaim) string {
	data, _ := json.Marshal(cl) // a struct of strings and a number
	payload := base64.RawURLEncoding.EncodeToString(data)
	return payload + "." + sign(key, payload)
}

// readClaim checks an editor link's token: signed with key, not expired.
func readClaim(key []byte, token string, now time.Time) (editorClaim, error) {
	payload, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(sign(key, payload))) {
		return editorClaim{}, ErrNotFound
	}
	data, err := base64.RawURLEncoding.DecodeString(payload)
	var cl editorClaim
	if err != nil || json.Unmarshal(data, &cl) != nil {
		return editorClaim{}, ErrNotFound
	}
	if now.Unix() > cl.Expires {
		return cl, ErrLinkExpired
	}
	return cl, nil
}

func templateEdit(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	prev, _, err := needStored(u, a, 0, false)
	if err != nil {
		return err
	}
	if !mayEdit(u, prev) {
		return refuseEdit(u, prev)
	}
	key, err := editorKey(u.tx, true)
	if err != nil {
		return err
	}
	tok := signClaim(key, editorClaim{Scope: prev.Scope, Name: prev.Name, User: u.req.User, Display: caller(u).Name, Lang: u.lang,
		Expires: u.now.Add(EditorLinkTTL).Unix()})
	msg := chat.Message{Text: u.t("TemplateEditLink", "Name", prev.Name, "URL", publicLink(u, EditorPath(tok)), "TTL", u.dur(EditorLinkTTL)),
		Context: u.t("TemplateEditHint", "Name", prev.Name)}
	if p := Platform(u.req.Channel); p == "slack" || p == "teams" { // the adapter opens the YAML in a modal or dialog
		msg.Buttons = []chat.Button{{Label: u.t("TemplateEditHere"), Action: chat.ActionTemplateEdit, Value: tok}}
	}
	u.tell(msg)
	return nil
}

// TemplateDraft is what the editor page shows: the template's latest
// version, as YAML and as the fields of its form, in the language of the
// person who asked for the link.
type TemplateDraft struct {
	Name     string
	Scope    string
	Version  int
	YAML     string
	Template facilitation.Template
	Lang     string
	// Expires is when the link stops working, and ExpiresAt that time
	// as the template's language and time zone write it ("kl. 18.05").
	Expires   time.Time
	ExpiresAt string
}

// linkedTemplate checks an editor link in tx and returns what it grants
// and the latest version of the template it names: ErrNotFound for a
// forged link or a template gone, ErrLinkExpired past its time (with
// what the link granted).
func (b *Bot) linkedTemplate(tx Tx, token string, now time.Time) (editorClaim, *TemplateVersion, error) {
	if b.codec == nil {
		return editorClaim{}, nil, ErrNotFound
	}
	key, err := editorKey(tx, false)
	if err != nil {
		return editorClaim{}, nil, err
	}
	cl, err := readClaim(key, token, now)
	if err != nil {
		return cl, nil, err
	}
	v, err := latest(tx, cl.Scope, cl.Name)
	if err != nil {
		return editorClaim{}, nil, err
	}
	if v == nil || v.Deleted {
		return editorClaim{}, nil, ErrNotFound
	}
	return cl, v, nil
}

// TemplateDraft loads the template an editor link names. Past the
// link's time it returns ErrLinkExpired with a draft that holds only the
// template's name and the link's language, to say so in that language.
func (b *Bot) TemplateDraft(ctx context.Context, token string) (*TemplateDraft, error) {
	var d *TemplateDraft
	err := b.store.View(ctx, func(tx Tx) error {
		d = nil
		cl, v, err := b.linkedTemplate(tx, token, b.clock.Now())
		if errors.Is(err, ErrLinkExpired) {
			d = &TemplateDraft{Name: cl.Name, Scope: cl.Scope, Lang: cmp.Or(cl.Lang, b.locale)}
		}
		if err != nil {
			return err
		}
		tpl, _ := b.codec.ParseTemplate([]byte(v.YAML))
		d = &TemplateDraft{Name: v.Name, Scope: v.Scope, Version: v.Version, YAML: v.YAML, Template: tpl,
			Lang: cmp.Or(cl.Lang, b.locale), Expires: time.Unix(cl.Expires, 0)}
		d.ExpiresAt = render.Words{Lang: d.Lang, Cat: b.i18n, Zone: b.zoneOf(tpl)}.At(d.Expires)
		return nil
	})
	if err != nil && !errors.Is(err, ErrLinkExpired) {
		return nil, err
	}
	return d, err
}

// TemplateForm is the editor's form: the agenda's items, the rules and
// the poll defaults, as typed. Fields the form does not show keep their
// values.
type TemplateForm struct {
	Items []FormItem
	Rules []string
	// Visibility, Tie: as in the YAML ("" for the default).
	Visibility string
	Tie        string
	ChairOnly  bool
	Register   bool
}

// FormItem is an agenda item as typed in the form. Majority is what a
// decision on it needs: "" (simple), 2/3, 3/4 or absolute.
type FormItem struct {
	Title    string
	Timebox  string
	Majority string
}

// EditResult is the outcome of saving in the editor: the new version, or
// the problems, each with its field ("agenda[2].timebox") and a sentence
// in the editor's language.
type EditResult struct {
	Version  int
	Problems []EditProblem
	// Stale is set when someone saved a newer version meanwhile.
	Stale bool
	// YAML is the text that was checked.
	YAML string
}

// EditProblem is one problem found when saving in the editor.
type EditProblem struct {
	Line  int
	Field string
	Text  string
}

// SaveTemplateYAML saves yaml as the next version of the template an
// editor link names, if it checks, and base is still the latest version.
func (b *Bot) SaveTemplateYAML(ctx context.Context, token string, base int, yaml string) (EditResult, error) {
	return b.saveDraft(ctx, token, base, func(*unit, facilitation.Template) (string, []EditProblem, error) {
		return yaml, nil, nil
	})
}

// SaveTemplateForm applies the form to the template an editor link
// names and saves the result as its next version, if it checks.
func (b *Bot) SaveTemplateForm(ctx context.Context, token string, base int, f TemplateForm) (EditResult, error) {
	return b.saveDraft(ctx, token, base, func(u *unit, tpl facilitation.Template) (string, []EditProblem, error) {
		var ps []EditProblem
		items := make([]facilitation.TemplateItem, 0, len(f.Items))
		var rows []int // the form's row of each item
		for i, it := range f.Items {
			if strings.TrimSpace(it.Title) == "" && strings.TrimSpace(it.Timebox) == "" {
				continue // an empty row removes the item, whatever its majority
			}
			rows = append(rows, i)
			ti := facilitation.TemplateItem{Title: strings.TrimSpace(it.Title)}
			if i < len(tpl.Agenda) {
				ti.Owner, ti.Notes, ti.RemindRules = tpl.Agenda[i].Owner, tpl.Agenda[i].Notes, tpl.Agenda[i].RemindRules
				ti.Items = tpl.Agenda[i].Items // the form shows main items; sub-items are kept, edited in the YAML
			}
			if s := strings.TrimSpace(it.Timebox); s != "" {
				d, err := cmdline.ParseDuration(s)
				if err != nil {
					ps = append(ps, EditProblem{Field: fmt.Sprintf("agenda[%d].timebox", i), Text: u.t("CheckNotDuration", "Value", s)})
				}
				ti.Timebox = d
			}
			m, err := facilitation.ParseMajority(it.Majority)
			if err != nil {
				ps = append(ps, EditProblem{Field: fmt.Sprintf("agenda[%d].majority", i), Text: u.t("ErrBadMajority", "Majority", it.Majority)})
			}
			ti.Majority = m
			items = append(items, ti)
		}
		tpl.Agenda = items
		tpl.Rules = nil
		for _, r := range f.Rules {
			if r = strings.TrimSpace(r); r != "" {
				tpl.Rules = append(tpl.Rules, r)
			}
		}
		tpl.Polls.Visibility, tpl.Polls.Tie = facilitation.Visibility(f.Visibility), facilitation.TieRule(f.Tie)
		tpl.Polls.ChairOnly, tpl.Polls.Register = f.ChairOnly, f.Register
		if len(ps) > 0 {
			return "", ps, nil
		}
		data, err := b.codec.FormatTemplate(tpl)
		if err != nil {
			return "", nil, err
		}
		// The checker numbers the items it got; the form, its rows.
		_, tps := b.codec.ParseTemplate(data)
		for _, p := range tps {
			ps = append(ps, EditProblem{Line: p.Line, Field: formField(p.Field, rows), Text: problemText(u, p)})
		}
		return string(data), ps, nil
	})
}

// formField names a problem's field by the form's rows: item k of the
// template is the form's row rows[k], as empty rows make no items.
func formField(field string, rows []int) string {
	rest, ok := strings.CutPrefix(field, "agenda[")
	if !ok {
		return field
	}
	n, tail, ok := strings.Cut(rest, "]")
	k, err := strconv.Atoi(n)
	if !ok || err != nil || k < 0 || k >= len(rows) {
		return field
	}
	return fmt.Sprintf("agenda[%d]%s", rows[k], tail)
}

// saveDraft checks an editor link and saves what edit makes of the
// latest version, as the link's person, in one transaction.
func (b *Bot) saveDraft(ctx context.Context, token string, base int, edit func(*unit, facilitation.Template) (string, []EditProblem, error)) (EditResult, error) {
	var res EditResult
	err := b.store.Update(ctx, func(tx Tx) error {
		res = EditResult{}
		now := b.clock.Now()
		cl, prev, err := b.linkedTemplate(tx, token, now)
		if err != nil {
			return err
		}
		u := b.newUnit(ctx, tx, Request{Channel: cl.Scope, User: cl.User, UserName: cl.Display})
		u.now, u.lang = now, cmp.Or(cl.Lang, b.locale)
		if prev.Version != base {
			res.Stale, res.Version = true, prev.Version
			return nil
		}
		tpl, _ := b.codec.ParseTemplate([]byte(prev.YAML))
		yaml, ps, err := edit(u, tpl)
		if err != nil {
			return err
		}
		res.YAML = yaml
		if len(ps) > 0 {
			res.Problems = ps
			return nil
		}
		if len(yaml) > maxTemplateYAML {
			res.Problems = []EditProblem{{Field: "yaml", Text: u.t("TemplateTooLarge")}}
			return nil
		}
		checked, tps := b.codec.ParseTemplate([]byte(yaml))
		if len(tps) == 0 && !strings.EqualFold(checked.Name, prev.Name) {
			res.Problems = []EditProblem{{Line: 1, Field: "name", Text: u.t("TemplateRenameInEditor", "Name", prev.Name)}}
			return nil
		}
		for _, p := range tps {
			res.Problems = append(res.Problems, EditProblem{Line: p.Line, Field: p.Field, Text: problemText(u, p)})
		}
		if len(tps) > 0 {
			return nil
		}
		if !mayEdit(u, prev) { // the owners may have changed since the link was made
			return refuseEdit(u, prev)
		}
		v := &TemplateVersion{Scope: prev.Scope, Name: checked.Name, YAML: yaml, Owners: prev.Owners, By: caller(u), At: now, Change: ChangeEdit}
		if err := tx.AddTemplateVersion(v); err != nil {
			return fmt.Errorf("store template %s: %w", v.Name, err)
		}
		res.Version = v.Version
		return nil
	})
	var refused *errRefused
	if errors.As(err, &refused) {
		return EditResult{Problems: []EditProblem{{Field: "yaml", Text: refused.reply.Message.Text}}}, nil
	}
	return res, err
}

// Text returns catalogue message id in lang (en or sv), filled from
// key/value pairs: for pages the bot's adapters draw, such as the editor.
func (b *Bot) Text(lang, id string, kv ...any) string { return b.i18n.Text(lang, id, kv...) }
