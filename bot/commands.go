package bot

import (
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
)

// command is one entry of the command grammar.
type command struct {
	// id names the command in help, usage messages and metrics ("agenda.add").
	id string
	// path is the words that select it, after aliases are applied.
	path []string
	// syntax is the usage line, the same in every language.
	syntax string
	// chair commands are refused to everyone but the chair and facilitators.
	chair bool
	// meeting commands need a running meeting.
	meeting bool
	// readOnly commands change nothing and run in a read transaction.
	readOnly bool
	// meetingUnchanged commands change other records (a vote) but not the
	// meeting, which is then not written back.
	meetingUnchanged bool
	// action, when set, is the ID of the button (chat.Action) whose click
	// runs the command; the click's value adds words (actionTokens).
	action string
	// titled commands' words are titles and questions, capped at
	// Limits.Title rather than Limits.Text (checkQuota).
	titled bool
	// valued flags take a value; switches do not.
	valued, switches map[string]bool
	run              func(*unit, args) error
}

// args are what a command was given, its words and flags, read through
// the unit (want, number, text, mention) so that a bad one is refused in
// the meeting's language.
type args struct {
	cmdline.Args
	// block is the request's code block (```…```), kept out of the
	// words: a member list or template to import.
	block string
	u     *unit
}

// grammar returns the commands of docs/architecture.md, "Commands", in the order help lists them.
func grammar() []*command {
	return []*command{
		{id: "start", action: chat.ActionStart, titled: true, path: []string{"start"}, syntax: `start [template] ["title"]`, run: start},
		{id: "end", path: []string{"end"}, syntax: "end [--force]", chair: true, meeting: true, switches: flagSet("force"), run: end},
		{id: "status", path: []string{"status"}, syntax: "status", readOnly: true, run: status},
		{id: "chair", path: []string{"chair"}, syntax: "chair @user", chair: true, meeting: true, run: chair},
		{id: "secretary", path: []string{"secretary"}, syntax: "secretary @user", chair: true, meeting: true, run: secretary},
		{id: "adjusters", path: []string{"adjusters"}, syntax: "adjusters @user [@user…]", chair: true, meeting: true, run: adjusters},
		{id: "templates", path: []string{"templates"}, syntax: "templates", readOnly: true, run: listTemplates},
		{id: "lang", path: []string{"lang"}, syntax: "lang en|sv", run: setLang},

		{id: "agenda", path: []string{"agenda"}, syntax: "agenda", meeting: true, readOnly: true, run: showAgenda},
		{id: "agenda.add", titled: true, path: []string{"agenda", "add"}, syntax: `agenda add "title" [10m] [--under N]`, chair: true, meeting: true,
			valued: flagSet("under"), run: agendaAdd},
		{id: "agenda.remove", path: []string{"agenda", "remove"}, syntax: "agenda remove N", chair: true, meeting: true, run: agendaRemove},
		{id: "agenda.move", path: []string{"agenda", "move"}, syntax: "agenda move N M", chair: true, meeting: true, run: agendaMove},
		{id: "next.item", action: chat.ActionItemNext, path: []string{"next", "item"}, syntax: "next item", chair: true, meeting: true, run: nextItem},
		{id: "agenda.back", path: []string{"agenda", "back"}, syntax: "agenda back", chair: true, meeting: true, run: agendaBack},
		{id: "agenda.jump", path: []string{"agenda", "jump"}, syntax: "agenda jump N", chair: true, meeting: true, run: agendaJump},
		{id: "agenda.extend", path: []string{"agenda", "extend"}, syntax: "agenda extend 5m", chair: true, meeting: true, run: agendaExtend},

		{id: "hand", action: chat.ActionSpeak, path: []string{"hand"}, syntax: "hand", meeting: true, run: hand},
		{id: "reply", action: chat.ActionReply, path: []string{"reply"}, syntax: "reply", meeting: true, run: reply},
		{id: "order", action: chat.ActionOrder, path: []string{"order"}, syntax: "order", meeting: true, run: order},
		{id: "info", path: []string{"info"}, syntax: "info", meeting: true, run: info},
		{id: "lower", action: chat.ActionLower, path: []string{"lower"}, syntax: "lower", meeting: true, run: lower},
		{id: "next", action: chat.ActionNext, path: []string{"next"}, syntax: "next", chair: true, meeting: true, run: nextSpeaker},
		{id: "done", path: []string{"done"}, syntax: "done", meeting: true, run: done},
		{id: "queue", path: []string{"queue"}, syntax: "queue", meeting: true, readOnly: true, run: showQueue},
		{id: "queue.close", path: []string{"queue", "close"}, syntax: "queue close", chair: true, meeting: true, run: queueClose},
		{id: "queue.open", path: []string{"queue", "open"}, syntax: "queue open", chair: true, meeting: true, run: queueOpen},
		{id: "stats", path: []string{"stats"}, syntax: "stats", meeting: true, readOnly: true, run: stats},

		{id: "poll", titled: true, path: []string{"poll"}, syntax: `poll "Q?" "A" "B" … [--multi N] [--anonymous|--secret] [--hidden] [--close 5m] [--register] [--exclude @u…] [--majority 2/3]`,
			meeting: true, valued: flagSet("multi", "close", "min", "majority"), switches: pollSwitches, run: pollCreate},
		{id: "poll.yesno", titled: true, path: []string{"poll", "yesno"}, syntax: `poll yesno "Q?" [--anonymous|--secret] [--hidden] [--close 5m] [--register] [--exclude @u…] [--majority 2/3|3/4|absolute]`,
			meeting: true, valued: flagSet("close", "majority"), switches: pollSwitches, run: pollCreate},
		{id: "poll.fist", titled: true, path: []string{"poll", "fist"}, syntax: `poll fist "Q?" [--anonymous|--secret] [--hidden] [--close 5m]`,
			meeting: true, valued: flagSet("close"), switches: pollSwitches, run: pollCreate},
		{id: "poll.ranked", titled: true, path: []string{"poll", "ranked"}, syntax: `poll ranked "Q?" "A" "B" … [--method irv|schulze] [--secret] [--hidden] [--close 5m] [--register]`,
			meeting: true, valued: flagSet("close", "method"), switches: pollSwitches, run: pollCreate},
		{id: "poll.elect", titled: true, path: []string{"poll", "elect"}, syntax: `poll elect N "Title" "A" "B" … [--method block|stv] [--min K] [--secret] [--register] [--exclude @u…] [--majority absolute]`,
			meeting: true, valued: flagSet("close", "method", "min", "majority"), switches: pollSwitches, run: pollCreate},
		{id: "vote", action: chat.ActionVote, path: []string{"vote"}, syntax: "vote N… | vote blank", meeting: true, meetingUnchanged: true, run: vote},
		{id: "vote.clear", path: []string{"vote", "clear"}, syntax: "vote clear [#ID]", meeting: true, meetingUnchanged: true, run: voteClear},
		{id: "poll.close", action: chat.ActionPollClose, path: []string{"poll", "close"}, syntax: "poll close [#ID]", meeting: true, meetingUnchanged: true, run: pollClose},
		{id: "poll.results", path: []string{"poll", "results"}, syntax: "poll results [#ID]", meeting: true, readOnly: true, run: pollResults},
		{id: "poll.export", path: []string{"poll", "export"}, syntax: "poll export [#ID]", meeting: true, readOnly: true, run: pollExport},
		{id: "poll.remind", path: []string{"poll", "remind"}, syntax: "poll remind [#ID]", chair: true, meeting: true, meetingUnchanged: true, run: pollRemind},
		{id: "poll.draw", path: []string{"poll", "draw"}, syntax: "poll draw [#ID]", chair: true, meeting: true, meetingUnchanged: true, run: pollDraw},

		{id: "register", path: []string{"register"}, syntax: "register", meeting: true, readOnly: true, run: showRegister},
		{id: "register.open", path: []string{"register", "open"}, syntax: "register open", chair: true, meeting: true, run: registerOpen},
		{id: "here", action: chat.ActionHere, path: []string{"here"}, syntax: "here", meeting: true, run: here},
		{id: "register.add", path: []string{"register", "add"}, syntax: "register add @user…", chair: true, meeting: true, run: registerAdd},
		{id: "register.remove", path: []string{"register", "remove"}, syntax: "register remove @user…", chair: true, meeting: true, run: registerRemove},
		{id: "register.close", path: []string{"register", "close"}, syntax: "register close", chair: true, meeting: true, run: registerClose},
		{id: "register.import", path: []string{"register", "import"}, syntax: "register import ```id,name,proxy_for …```", chair: true, meeting: true, run: registerImport},
		{id: "register.guest", path: []string{"register", "guest"}, syntax: "register guest @user…", chair: true, meeting: true, run: registerGuest},
		{id: "register.proxy", path: []string{"register", "proxy"}, syntax: "register proxy @holder @member", chair: true, meeting: true, run: registerProxy},
		{id: "register.substitute", path: []string{"register", "substitute"}, syntax: "register substitute @substitute @main", chair: true, meeting: true, run: registerSubstitute},

		{id: "rules", path: []string{"rules"}, syntax: "rules", meeting: true, readOnly: true, run: showRules},
		{id: "rules.add", path: []string{"rules", "add"}, syntax: `rules add "…"`, chair: true, meeting: true, run: rulesAdd},
		{id: "rules.remove", path: []string{"rules", "remove"}, syntax: "rules remove N", chair: true, meeting: true, run: rulesRemove},
		{id: "rules.remind", path: []string{"rules", "remind"}, syntax: "rules remind", meeting: true, readOnly: true, run: rulesRemind},

		{id: "decision", path: []string{"decision"}, syntax: `decision "…"`, meeting: true, run: decision},
		{id: "action", path: []string{"action"}, syntax: `action @user "…" [2026-12-24]`, meeting: true, run: action},
		{id: "note", path: []string{"note"}, syntax: `note "…"`, meeting: true, run: note},
		{id: "minutes", path: []string{"minutes"}, syntax: "minutes [--stats]", readOnly: true, switches: flagSet("stats"), run: minutes},
		{id: "minutes.pdf", path: []string{"minutes", "pdf"}, syntax: "minutes pdf", readOnly: true, run: minutesExport},
		{id: "minutes.docx", path: []string{"minutes", "docx"}, syntax: "minutes docx", readOnly: true, run: minutesExport},
		{id: "minutes.submit", path: []string{"minutes", "submit"}, syntax: "minutes submit", run: minutesSubmit},
		{id: "approve", action: chat.ActionApprove, path: []string{"approve"}, syntax: "approve", run: approve},
		{id: "object", action: chat.ActionObject, path: []string{"object"}, syntax: `object "…"`, run: object},
		{id: "place", path: []string{"place"}, syntax: `place "…"`, chair: true, meeting: true, run: place},
		{id: "tellers", path: []string{"tellers"}, syntax: "tellers @user [@user…]", chair: true, meeting: true, run: tellers},

		{id: "round", titled: true, path: []string{"round"}, syntax: `round ["question"] [1m]`, chair: true, meeting: true, run: roundStart},
		{id: "pass", action: chat.ActionPass, path: []string{"pass"}, syntax: "pass", meeting: true, run: pass},
		{id: "round.next", action: chat.ActionRoundNext, path: []string{"round", "next"}, syntax: "round next", meeting: true, run: roundNext},
		{id: "round.stop", action: chat.ActionRoundStop, path: []string{"round", "stop"}, syntax: "round stop", chair: true, meeting: true, run: roundStop},
		{id: "ideas", titled: true, path: []string{"ideas"}, syntax: `ideas "Q?"`, chair: true, meeting: true, run: ideasOpen},
		{id: "idea", action: chat.ActionIdea, path: []string{"idea"}, syntax: `idea "…"`, meeting: true, meetingUnchanged: true, run: idea},
		{id: "ideas.reveal", action: chat.ActionIdeasReveal, path: []string{"ideas", "reveal"}, syntax: "ideas reveal", chair: true, meeting: true, run: ideasReveal},
		{id: "dots", path: []string{"dots"}, syntax: "dots N", chair: true, meeting: true, run: dotsStart},
		{id: "dot", action: chat.ActionDot, path: []string{"dot"}, syntax: "dot N", meeting: true, run: dot},
		{id: "dots.close", action: chat.ActionDotsClose, path: []string{"dots", "close"}, syntax: "dots close", chair: true, meeting: true, run: dotsClose},
		{id: "poll.consent", titled: true, path: []string{"poll", "consent"}, syntax: `poll consent "…" [--anonymous|--secret] [--hidden] [--close 5m]`,
			meeting: true, valued: flagSet("close"), switches: pollSwitches, run: pollCreate},
		{id: "flag", action: chat.ActionFlag, path: []string{"flag"}, syntax: `flag ["…"]`, meeting: true, run: flag},
		{id: "evaluate", path: []string{"evaluate"}, syntax: "evaluate [--close 5m]", chair: true, meeting: true, valued: flagSet("close"), run: evaluate},
		{id: "group", action: chat.ActionGroup, path: []string{"group"}, syntax: "group [NAME]", meeting: true, run: group},

		// The formal meeting (docs/architecture.md, "The formal meeting").
		{id: "propose", path: []string{"propose"}, syntax: `propose [--amends N|--adds N|--formal] "att …"`, meeting: true,
			valued: flagSet("amends", "adds"), switches: flagSet("formal"), run: propose},
		{id: "support", path: []string{"support"}, syntax: "support N", meeting: true, run: support},
		{id: "withdraw", path: []string{"withdraw"}, syntax: "withdraw N", meeting: true, run: withdraw},
		{id: "proposals", path: []string{"proposals"}, syntax: "proposals", meeting: true, readOnly: true, run: showProposals},
		{id: "proposals.close", path: []string{"proposals", "close"}, syntax: "proposals close", chair: true, meeting: true, run: proposalsClose},
		{id: "proposition", path: []string{"proposition"}, syntax: "proposition [N N …]", chair: true, meeting: true, run: proposition},
		{id: "declare", path: []string{"declare"}, syntax: "declare N", chair: true, meeting: true, run: declare},
		{id: "demand.vote", action: chat.ActionDemandVote, path: []string{"demand", "vote"}, syntax: "demand vote [--secret]", meeting: true, switches: flagSet("secret"), run: demandVote},
		{id: "demand.window", path: []string{"demand", "window"}, syntax: "demand window 2m", chair: true, meeting: true, run: demandWindow},
		{id: "majority", path: []string{"majority"}, syntax: "majority 2/3|3/4|absolute|simple", chair: true, meeting: true, run: majority},
		{id: "casting", path: []string{"casting"}, syntax: "casting [#ID] N", chair: true, meeting: true, meetingUnchanged: true, run: casting},
		{id: "recuse", path: []string{"recuse"}, syntax: "recuse [@user…]", meeting: true, run: recuse},
		{id: "recuse.clear", path: []string{"recuse", "clear"}, syntax: "recuse clear @user", meeting: true, run: recuseClear},
		{id: "reservation", path: []string{"reservation"}, syntax: `reservation [N] ["reason"]`, meeting: true, run: reservation},
		{id: "adjourn", path: []string{"adjourn"}, syntax: "adjourn [15m]", chair: true, meeting: true, run: adjourn},
		{id: "resume", path: []string{"resume"}, syntax: "resume", chair: true, meeting: true, run: resume},
		{id: "decision.edit", path: []string{"decision", "edit"}, syntax: `decision edit N "…"`, run: entryEdit},
		{id: "decision.remove", path: []string{"decision", "remove"}, syntax: "decision remove N", run: entryRemove},
		{id: "note.edit", path: []string{"note", "edit"}, syntax: `note edit N "…"`, run: entryEdit},
		{id: "note.remove", path: []string{"note", "remove"}, syntax: "note remove N", run: entryRemove},
		{id: "action.edit", path: []string{"action", "edit"}, syntax: `action edit N "…"`, run: entryEdit},
		{id: "action.remove", path: []string{"action", "remove"}, syntax: "action remove N", run: entryRemove},
		{id: "queue.limit", path: []string{"queue", "limit"}, syntax: "queue limit 2m", chair: true, meeting: true, run: queueLimit},
		{id: "queue.last-call", path: []string{"queue", "last-call"}, syntax: "queue last-call [60s]", chair: true, meeting: true, run: queueLastCall},

		// The live board (docs/architecture.md, "Platforms and the live board").
		{id: "board", path: []string{"board"}, syntax: "board", chair: true, meeting: true, meetingUnchanged: true, run: showBoard},
		{id: "board.reset", path: []string{"board", "reset"}, syntax: "board reset", chair: true, meeting: true, meetingUnchanged: true, run: boardReset},
		// Templates that facilitators own, and the time before the meeting.
		{id: "template.save", path: []string{"template", "save"}, syntax: "template save NAME [--channel]", meeting: true, meetingUnchanged: true, switches: scopeFlags, run: templateSave},
		{id: "template.show", path: []string{"template", "show"}, syntax: "template show NAME", readOnly: true, run: templateShow},
		{id: "template.edit", path: []string{"template", "edit"}, syntax: "template edit NAME", meetingUnchanged: true, run: templateEdit},
		{id: "template.copy", path: []string{"template", "copy"}, syntax: "template copy NAME NEW [--channel]", meetingUnchanged: true, switches: scopeFlags, run: templateCopy},
		{id: "template.delete", path: []string{"template", "delete"}, syntax: "template delete NAME", meetingUnchanged: true, run: templateDelete},
		{id: "template.export", path: []string{"template", "export"}, syntax: "template export NAME", readOnly: true, run: templateExport},
		{id: "template.import", path: []string{"template", "import"}, syntax: "template import [--channel] YAML", meetingUnchanged: true, switches: scopeFlags, run: templateImport},
		{id: "template.history", path: []string{"template", "history"}, syntax: "template history NAME", readOnly: true, run: templateHistory},
		{id: "template.revert", path: []string{"template", "revert"}, syntax: "template revert NAME V", meetingUnchanged: true, run: templateRevert},
		{id: "template.owners", path: []string{"template", "owners"}, syntax: "template owners NAME [@user…]", meetingUnchanged: true, run: templateOwners},
		{id: "schedule", titled: true, path: []string{"schedule"}, syntax: `schedule NAME "title" 2027-03-14 18:00 [--every week|weekday|month]`, meetingUnchanged: true, valued: flagSet("every", "varje"), run: scheduleMeeting},
		{id: "schedule.list", path: []string{"schedule", "list"}, syntax: "schedule list", readOnly: true, run: scheduleList},
		{id: "schedule.cancel", path: []string{"schedule", "cancel"}, syntax: "schedule cancel N", meetingUnchanged: true, run: scheduleCancel},
		{id: "agenda.propose", titled: true, path: []string{"agenda", "propose"}, syntax: `agenda propose "…"`, meetingUnchanged: true, run: agendaPropose},
		{id: "agenda.accept", path: []string{"agenda", "accept"}, syntax: "agenda accept N", meetingUnchanged: true, run: agendaAccept},
		{id: "help", path: []string{"help"}, syntax: "help", readOnly: true, run: help},
	}
}

// scopeFlags put a new template in the channel rather than the workspace.
var scopeFlags = flagSet("channel", "kanal")

// pollSwitches are the switches every kind of poll takes.
var pollSwitches = flagSet("anonymous", "secret", "hidden", "open", "register", "no-register", "exclude")

func flagSet(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// problem is a request that does not parse, told in the meeting's language
// once the meeting is loaded.
type problem struct {
	id   string // message ID
	kv   []any
	text string // an untranslated detail, for usage errors
}

// parsed is a request read against the grammar: its command and args,
// or the problem that stops it (with the command too, when the problem
// is its usage).
type parsed struct {
	req  Request
	cmd  *command
	args args
	prob *problem
}

// resolve finds the command for text, or the command a button stands
// for, and its args.
func (b *Bot) resolve(req Request, text string) parsed {
	p := parsed{req: req}
	var toks []cmdline.Token
	if a := req.Action; a != nil {
		var ok bool
		if toks, ok = b.actionTokens(a); !ok {
			p.prob = &problem{id: "UnknownAction"}
			return p
		}
	} else {
		if a := req.Attachment; a != nil {
			if text, p.prob = attached(text, a); p.prob != nil {
				return p
			}
			p.req.Text = text
		}
		if head, block, ok := strings.Cut(text, "```"); ok && isImport(head) {
			// The member list or template in the code block is the
			// command's to read, never words.
			text, p.args.block = head, "```"+block
		}
		var err error
		if toks, err = cmdline.Tokenize(text); err != nil {
			p.prob = &problem{id: "Unterminated"}
			return p
		}
	}
	if len(toks) == 0 {
		toks = []cmdline.Token{{Text: "help"}}
	}
	if req.Action == nil { // buttons carry command words, never aliases
		toks = cmdline.Aliases(toks)
	}
	cmd, rest := lookup(b.commands, toks)
	if cmd == nil {
		p.prob = &problem{id: "UnknownCommand", kv: []any{"Word", toks[0].Text}}
		return p
	}
	p.cmd = cmd
	var err error
	if p.args.Args, err = cmdline.SplitFlags(rest, cmd.valued, cmd.switches); err != nil {
		p.prob = &problem{text: err.Error()}
	}
	return p
}

// lookup finds the longest command path that toks start with.
func lookup(commands []*command, toks []cmdline.Token) (*command, []cmdline.Token) {
	var best *command
	for _, cmd := range commands {
		if len(cmd.path) > len(toks) || (best != nil && len(cmd.path) <= len(best.path)) {
			continue
		}
		match := true
		for i, w := range cmd.path {
			if toks[i].Quoted || strings.ToLower(toks[i].Text) != w {
				match = false
				break
			}
		}
		if match {
			best = cmd
		}
	}
	if best == nil {
		return nil, nil
	}
	return best, toks[len(best.path):]
}

// actionTokens turns a button click into the words of its command, or
// reports false for a click no button of ours makes.
func (b *Bot) actionTokens(a *chat.Action) ([]cmdline.Token, bool) {
	cmd, ok := b.actions[a.ID]
	if !ok {
		return nil, false
	}
	toks := make([]cmdline.Token, len(cmd.path), len(cmd.path)+1+len(a.Choices))
	for i, w := range cmd.path {
		toks[i] = cmdline.Token{Text: w}
	}
	switch a.ID {
	case chat.ActionStart: // value: a template's name, a bare word, or none
		if a.Value != "" {
			if strings.ContainsAny(a.Value, " \t\n\"«»“”") {
				return nil, false
			}
			toks = append(toks, cmdline.Token{Text: a.Value})
		}
	case chat.ActionVote: // value "42:1", or "42:" submitting a Choice's ticked options
		id, option, ok := strings.Cut(a.Value, ":")
		if _, err := strconv.ParseInt(id, 10, 64); !ok || err != nil {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: "#" + id})
		for _, n := range append([]string{option}, a.Choices...) {
			if n != "" {
				toks = append(toks, cmdline.Token{Text: n})
			}
		}
	case chat.ActionPollClose:
		if _, err := strconv.ParseInt(a.Value, 10, 64); err != nil {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: "#" + a.Value})
	case chat.ActionDot:
		if _, err := strconv.Atoi(a.Value); err != nil {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: a.Value})
	case chat.ActionFlag: // a preset's word, or ":" with the typed text
		if a.Value == ":" {
			toks = append(toks, cmdline.Token{Text: a.Input, Quoted: true})
			break
		}
		if flagPresets[a.Value] == "" {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: a.Value})
	case chat.ActionGroup:
		if a.Value == "" {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: a.Value, Quoted: true})
	case chat.ActionIdea: // ":" with the typed text
		if a.Value != ":" {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: a.Input, Quoted: true})
	case chat.ActionObject: // "meeting ID:" with the typed comment; the handler reads the ID
		if !strings.HasSuffix(a.Value, ":") {
			return nil, false
		}
		toks = append(toks, cmdline.Token{Text: a.Input, Quoted: true})
	}
	return toks, true
}

// usage is the usage line of cmd in the caller's language.
func (u *unit) usage(cmd *command) string {
	return u.t("Usage", "Syntax", syntaxIn(u, cmd))
}

// isImport reports whether a command line is register import or template
// import, in any of their words, whose code block is data rather than words.
func isImport(head string) bool {
	toks, err := cmdline.Tokenize(head)
	if err != nil {
		return false
	}
	toks = cmdline.Aliases(toks)
	if len(toks) < 2 || !strings.EqualFold(toks[1].Text, "import") {
		return false
	}
	switch strings.ToLower(toks[0].Text) {
	case "register":
		return len(toks) == 2
	case "template": // template import [--channel]
		for _, t := range toks[2:] {
			if !strings.HasPrefix(t.Text, "--") {
				return false
			}
		}
		return true
	}
	return false
}
