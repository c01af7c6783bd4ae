package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/i18n"
	"github.com/klubba/klubba/facilitation"
)

// The template editor: a page at /template/edit/<token>, reached by the
// signed, expiring link that `template edit NAME` hands its owner. It has
// a form for the agenda, the ground rules and the poll defaults, and the
// template's YAML; either is sent back, checked by the bot as any change
// in chat, and kept as a version. A problem is shown beside its field
// and listed at the top, and nothing is saved until all are fixed.

// Editor loads and saves templates for the editor page: *bot.Bot.
type Editor interface {
	TemplateDraft(ctx context.Context, token string) (*bot.TemplateDraft, error)
	SaveTemplateYAML(ctx context.Context, token string, base int, yaml string) (bot.EditResult, error)
	SaveTemplateForm(ctx context.Context, token string, base int, f bot.TemplateForm) (bot.EditResult, error)
	// Text is a catalogue message in lang.
	Text(lang, id string, kv ...any) string
}

// maxEditorBody caps what the editor's form may send.
const maxEditorBody = 256 << 10

// editorRows is how many empty agenda rows the form offers for new items.
const editorRows = 3

// plausibleLink reports whether token could be an editor link's token
// (base64url, a dot, base64url), so that junk costs no store read.
func plausibleLink(token string) bool {
	if len(token) < 40 || len(token) > 2048 || strings.Count(token, ".") != 1 {
		return false
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// secureEditor sets the board's headers, but lets the page post its forms
// to itself.
func secureEditor(h http.Header) {
	secure(h)
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-store") // a page holds a template, or what was typed into it
}

// editorPage is what the editor's template gets.
type editorPage struct {
	Lang, Title, Intro, Saved, Summary string
	// Sent is what a save on an expired link sent, to copy.
	Sent, SentLabel     string
	Problems            []shownProblem
	Form                bool
	Version             int
	Items               []editorItem
	Rules, YAML         string
	YAMLError           bool
	YAMLErrors          []string
	Visibilities, Ties  []option
	ChairOnly, Register bool
	T                   map[string]string
}

type shownProblem struct{ Anchor, Where, Text string }

type editorItem struct {
	N                                  int
	TitleID, TimeboxID, Title, Timebox string
	TitleLabel, TimeboxLabel           string
	TitleError, TimeboxError           string
	MajorityID, MajorityLabel          string
	MajorityError                      string
	Majorities                         []option
}

type option struct {
	Value, Label string
	Selected     bool
}

// editorWords are the page's fixed texts, by their catalogue IDs.
var editorWords = map[string]string{
	"Agenda": "EditorAgenda", "ItemTitle": "EditorItemTitle", "Timebox": "EditorTimebox", "TimeboxHint": "EditorTimeboxHint",
	"Majority": "EditorMajority",
	"Rules":    "EditorRules", "RulesLabel": "EditorRulesLabel", "Polls": "EditorPolls", "Visibility": "EditorVisibility",
	"Tie": "EditorTie", "ChairOnly": "EditorChairOnly", "Register": "EditorRegister", "SaveForm": "EditorSaveForm",
	"YAML": "EditorYAML", "YAMLLabel": "EditorYAMLLabel", "YAMLHint": "EditorYAMLHint", "SaveYAML": "EditorSaveYAML",
}

// itemField matches a problem's field that the form shows beside an item.
var itemField = regexp.MustCompile(`^agenda\[(\d+)\]\.(title|timebox|majority)$`)

func (s *Server) serveEditor(w http.ResponseWriter, r *http.Request) {
	secureEditor(w.Header())
	if !s.allow(w, r) {
		return
	}
	token := r.PathValue("token")
	ed := s.opts.Editor
	if !plausibleLink(token) {
		s.editorGone(w, r, bot.ErrNotFound, nil, "")
		return
	}
	d, err := ed.TemplateDraft(r.Context(), token)
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxEditorBody)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "the form is too large", http.StatusRequestEntityTooLarge)
			return
		}
	}
	if err != nil {
		lang := ""
		if d != nil { // an expired link says so in its language
			lang = d.Lang
		}
		s.editorGone(w, r, err, d, lang)
		return
	}
	page, status := s.draftPage(d), http.StatusOK
	if r.Method == http.MethodPost {
		base, _ := strconv.Atoi(r.PostForm.Get("base"))
		var res bot.EditResult
		yamlMode := r.PostForm.Get("mode") == "yaml"
		if yamlMode {
			res, err = ed.SaveTemplateYAML(r.Context(), token, base, r.PostForm.Get("yaml"))
		} else {
			res, err = ed.SaveTemplateForm(r.Context(), token, base, formOf(r))
		}
		if err != nil {
			s.editorGone(w, r, err, d, d.Lang)
			return
		}
		switch {
		case res.Stale:
			page.Summary = ed.Text(d.Lang, "EditorStale", "Version", res.Version)
			status = http.StatusConflict
		case len(res.Problems) > 0:
			s.showProblems(&page, d, r, res, yamlMode)
			status = http.StatusUnprocessableEntity
		default:
			if d, err = ed.TemplateDraft(r.Context(), token); err != nil {
				s.editorGone(w, r, err, nil, page.Lang)
				return
			}
			page = s.draftPage(d)
			page.Saved = ed.Text(d.Lang, "EditorSaved", "Version", res.Version, "Name", d.Name)
		}
	}
	s.writeEditor(w, r, status, page)
}

// formOf reads the editor's form.
func formOf(r *http.Request) bot.TemplateForm {
	f := bot.TemplateForm{Visibility: r.PostForm.Get("visibility"), Tie: r.PostForm.Get("tie"),
		ChairOnly: r.PostForm.Get("chair_only") != "", Register: r.PostForm.Get("register") != ""}
	titles, boxes, majorities := r.PostForm["title"], r.PostForm["timebox"], r.PostForm["majority"]
	at := func(vs []string, i int) string {
		if i < len(vs) {
			return vs[i]
		}
		return ""
	}
	for i := range max(len(titles), len(boxes), len(majorities)) {
		f.Items = append(f.Items, bot.FormItem{Title: at(titles, i), Timebox: at(boxes, i), Majority: at(majorities, i)})
	}
	f.Rules = strings.Split(strings.ReplaceAll(r.PostForm.Get("rules"), "\r\n", "\n"), "\n")
	return f
}

// draftPage is the editor showing a draft as stored.
func (s *Server) draftPage(d *bot.TemplateDraft) editorPage {
	ed := s.opts.Editor
	t := d.Template
	p := editorPage{Lang: d.Lang, Form: true, Version: d.Version, YAML: d.YAML, Rules: strings.Join(t.Rules, "\n"),
		ChairOnly: t.Polls.ChairOnly, Register: t.Polls.Register, T: map[string]string{},
		Title: ed.Text(d.Lang, "EditorHeader", "Name", d.Name),
		Intro: ed.Text(d.Lang, "EditorIntro", "Version", d.Version, "Expires", d.ExpiresAt)}
	for k, id := range editorWords {
		p.T[k] = ed.Text(d.Lang, id)
	}
	rows := make([]bot.FormItem, 0, len(t.Agenda)+editorRows)
	for _, it := range t.Agenda {
		fi := bot.FormItem{Title: it.Title, Majority: string(it.Majority)}
		if it.Timebox > 0 {
			fi.Timebox = i18n.Short(it.Timebox)
		}
		rows = append(rows, fi)
	}
	p.setItems(ed, append(rows, make([]bot.FormItem, editorRows)...))
	p.Visibilities = options(ed, d.Lang, visibilities, visibilityLabels, string(t.Polls.Visibility))
	p.Ties = options(ed, d.Lang, ties, tieLabels, string(t.Polls.Tie))
	return p
}

// The values the form offers, in the order offered, and their names'
// message IDs: an item's majority, and the poll defaults' visibility and
// tie rule ("": the default).
var (
	majorities       = []string{"", "2/3", "3/4", "absolute"}
	majorityLabels   = map[string]string{"": "Majority", "2/3": "Majority2of3", "3/4": "Majority3of4", "absolute": "Majorityabsolute"}
	visibilities     = []string{"", string(facilitation.Open), string(facilitation.Anonymous), string(facilitation.Secret)}
	visibilityLabels = map[string]string{"": "EditorDefault", string(facilitation.Open): "VisibilityShortopen",
		string(facilitation.Anonymous): "VisibilityShortanonymous", string(facilitation.Secret): "VisibilityShortsecret"}
	ties      = []string{"", string(facilitation.TieChair), string(facilitation.TieLots)}
	tieLabels = map[string]string{"": "EditorDefault", string(facilitation.TieChair): "EditorTieChair", string(facilitation.TieLots): "EditorTieLots"}
)

// options are the form's choices among values, named in lang, with
// selected selected.
func options(ed Editor, lang string, values []string, labels map[string]string, selected string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Label: ed.Text(lang, labels[v]), Selected: v == selected}
	}
	return out
}

func (p *editorPage) setItems(ed Editor, rows []bot.FormItem) {
	p.Items = p.Items[:0]
	for i, it := range rows {
		n := i + 1
		item := editorItem{N: n, Title: it.Title, Timebox: it.Timebox,
			TitleID: fmt.Sprintf("agenda-%d-title", i), TimeboxID: fmt.Sprintf("agenda-%d-timebox", i), MajorityID: fmt.Sprintf("agenda-%d-majority", i),
			TitleLabel: ed.Text(p.Lang, "EditorItemTitleN", "N", n), TimeboxLabel: ed.Text(p.Lang, "EditorTimeboxN", "N", n),
			MajorityLabel: ed.Text(p.Lang, "EditorMajorityN", "N", n)}
		item.Majorities = options(ed, p.Lang, majorities, majorityLabels, it.Majority)
		p.Items = append(p.Items, item)
	}
}

// showProblems puts a failed save's problems on the page, with what the
// person sent, so that nothing they typed is lost.
func (s *Server) showProblems(p *editorPage, d *bot.TemplateDraft, r *http.Request, res bot.EditResult, yamlMode bool) {
	ed := s.opts.Editor
	p.Summary = ed.Text(d.Lang, "EditorProblems", "Count", len(res.Problems))
	if yamlMode {
		p.YAML = r.PostForm.Get("yaml")
		p.YAMLError = true
		for _, pr := range res.Problems {
			where := ed.Text(d.Lang, "EditorLine", "Line", pr.Line, "Field", pr.Field)
			p.YAMLErrors = append(p.YAMLErrors, where+": "+pr.Text)
			p.Problems = append(p.Problems, shownProblem{Anchor: "yaml", Where: where, Text: pr.Text})
		}
		return
	}
	f := formOf(r)
	rows := append(f.Items, make([]bot.FormItem, max(0, editorRows-blankRows(f.Items)))...)
	p.setItems(ed, rows)
	p.Rules = strings.Join(f.Rules, "\n")
	p.ChairOnly, p.Register = f.ChairOnly, f.Register
	for i := range p.Visibilities {
		p.Visibilities[i].Selected = p.Visibilities[i].Value == f.Visibility
	}
	for i := range p.Ties {
		p.Ties[i].Selected = p.Ties[i].Value == f.Tie
	}
	for _, pr := range res.Problems {
		sp := shownProblem{Where: pr.Field, Text: pr.Text}
		if m := itemField.FindStringSubmatch(pr.Field); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(p.Items) {
				it := &p.Items[i]
				switch m[2] {
				case "title":
					it.TitleError, sp.Anchor, sp.Where = pr.Text, it.TitleID, it.TitleLabel
				case "timebox":
					it.TimeboxError, sp.Anchor, sp.Where = pr.Text, it.TimeboxID, it.TimeboxLabel
				default:
					it.MajorityError, sp.Anchor, sp.Where = pr.Text, it.MajorityID, it.MajorityLabel
				}
			}
		}
		p.Problems = append(p.Problems, sp)
	}
}

func blankRows(items []bot.FormItem) int {
	n := 0
	for _, it := range items {
		if strings.TrimSpace(it.Title) == "" && strings.TrimSpace(it.Timebox) == "" {
			n++
		}
	}
	return n
}

// editorGone answers a link that no longer opens the editor: unknown or
// forged (404), or expired (410), with a page that says what to do. A
// save sent on a link that has expired (d, what it granted) gets back
// what it sent, to copy into the editor of a new link.
func (s *Server) editorGone(w http.ResponseWriter, r *http.Request, err error, d *bot.TemplateDraft, lang string) {
	if lang == "" {
		lang = "en"
	}
	ed := s.opts.Editor
	p := editorPage{Lang: lang, Title: ed.Text(lang, "EditorGoneHeader")}
	status, id := http.StatusNotFound, "EditorLinkBad"
	switch {
	case errors.Is(err, bot.ErrLinkExpired) && d != nil && r.Method == http.MethodPost:
		status = http.StatusGone
		p.Intro, p.SentLabel = ed.Text(lang, "EditorExpiredSent", "Name", d.Name), ed.Text(lang, "EditorSent")
		p.Sent = r.PostForm.Get("yaml")
		if r.PostForm.Get("mode") != "yaml" {
			p.Sent = s.formText(lang, formOf(r))
		}
	case errors.Is(err, bot.ErrLinkExpired):
		status, id = http.StatusGone, "EditorLinkExpired"
	case errors.Is(err, bot.ErrNotFound):
	default:
		s.log.ErrorContext(r.Context(), "template editor", "err", err)
		status, id = http.StatusServiceUnavailable, "EditorUnavailable"
	}
	if p.Intro == "" {
		p.Intro = ed.Text(lang, id)
	}
	s.writeEditor(w, r, status, p)
}

// formText writes what the editor's form sent as plain text in lang,
// under the form's own headings: the agenda's rows that are not empty,
// the rules and the poll defaults.
func (s *Server) formText(lang string, f bot.TemplateForm) string {
	ed := s.opts.Editor
	lines := []string{ed.Text(lang, "EditorAgenda") + ":"}
	n := 0
	for _, it := range f.Items {
		title, box := strings.TrimSpace(it.Title), strings.TrimSpace(it.Timebox)
		if title == "" && box == "" {
			continue
		}
		n++
		var more []string
		if box != "" {
			more = append(more, box)
		}
		if it.Majority != "" {
			more = append(more, label(ed, lang, it.Majority, majorityLabels))
		}
		line := fmt.Sprintf("%d. %s", n, title)
		if len(more) > 0 {
			line += " (" + strings.Join(more, ", ") + ")"
		}
		lines = append(lines, line)
	}
	lines = append(lines, "", ed.Text(lang, "EditorRules")+":")
	for _, rule := range f.Rules {
		if strings.TrimSpace(rule) != "" {
			lines = append(lines, rule)
		}
	}
	lines = append(lines, "", ed.Text(lang, "EditorPolls")+":")
	if f.Visibility != "" {
		lines = append(lines, ed.Text(lang, "EditorVisibility")+": "+label(ed, lang, f.Visibility, visibilityLabels))
	}
	if f.Tie != "" {
		lines = append(lines, ed.Text(lang, "EditorTie")+": "+label(ed, lang, f.Tie, tieLabels))
	}
	if f.ChairOnly {
		lines = append(lines, ed.Text(lang, "EditorChairOnly"))
	}
	if f.Register {
		lines = append(lines, ed.Text(lang, "EditorRegister"))
	}
	return strings.Join(lines, "\n")
}

// label is how the form names value in lang, by the catalogue IDs of
// the values it offers, or the value as sent if it offers no such one.
func label(ed Editor, lang, value string, ids map[string]string) string {
	if id, ok := ids[value]; ok {
		return ed.Text(lang, id)
	}
	return value
}

// writeEditor writes the editor's page with status; the headers go first,
// as headers set after WriteHeader are dropped.
func (s *Server) writeEditor(w http.ResponseWriter, r *http.Request, status int, p editorPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.page.ExecuteTemplate(w, "editor", p); err != nil {
		s.log.WarnContext(r.Context(), "write template editor", "err", err)
	}
}
