package bot

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// command is one entry of the command grammar.
type command struct {
	// id names the command in help, usage messages and metrics ("agenda.add").
	id string
	// path is the words that select it, after aliases are applied.
	path []string
	// syntax is the usage line; sv is its Swedish form, which help
	// shows in a Swedish meeting.
	syntax, sv string
	// section is where help lists the command (helpSections).
	section string
	// chair commands are refused to everyone but the chair and facilitators.
	chair bool
	// meeting commands need a running meeting.
	meeting bool
	// readOnly commands change nothing and run in a read transaction.
	readOnly bool
	// meetingUnchanged commands change other records (a vote) but not the
	// meeting, which is then not written back.
	meetingUnchanged bool
	// anonymous commands (an idea, a dot, a flag to the chair) leave no
	// trace of who sent them: the sender is not recorded as taking part,
	// which the statistics and the go-around would show.
	anonymous bool
	// action, when set, is the ID of the button (chat.Action) whose click
	// runs the command; the click's value adds words (actionTokens).
	action string
	// titled commands' words are titles and questions, capped at
	// Limits.Title rather than Limits.Text (checkQuota).
	titled bool
	// valued flags take a value; switches do not.
	valued, switches map[string]bool
	// bare commands take no words, only their flags: their syntax has
	// none (bareSyntax), and a word after them is refused with the usage.
	bare bool
	run  func(*unit, args) error
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

// inSection puts cmds in help's section s.
func inSection(s string, cmds []*command) []*command {
	for _, cmd := range cmds {
		cmd.section = s
	}
	return cmds
}

// grammar returns the commands of docs/architecture.md, "Commands", in the order help lists them.
func grammar() []*command {
	cmds := commandTable()
	for _, cmd := range cmds {
		cmd.bare = bareSyntax(cmd)
	}
	return cmds
}

// flagSyntax is a flag's part of a usage line, such as [--close 5m].
var flagSyntax = regexp.MustCompile(`\[--[^\]]*\]`)

// bareSyntax reports whether cmd's usage line has no words after the
// command's own, only flags: the usage line is the grammar people read,
// so it says what a command takes.
func bareSyntax(cmd *command) bool {
	rest, ok := strings.CutPrefix(cmd.syntax, strings.Join(cmd.path, " "))
	return ok && strings.TrimSpace(flagSyntax.ReplaceAllString(rest, "")) == ""
}

// commandTable is the grammar's table, one row per command.
func commandTable() []*command {
	return slices.Concat(
		inSection("meeting", []*command{
			{id: "start", action: chat.ActionStart, titled: true, path: []string{"start"}, syntax: `start [template] ["title"]`, sv: `starta [mall] ["titel"]`, run: start},
			{id: "end", path: []string{"end"}, syntax: "end [--force]", sv: "avsluta [--tvinga]", chair: true, meeting: true, switches: flagSet("force"), run: end},
			{id: "status", path: []string{"status"}, syntax: "status", sv: "läge", readOnly: true, run: status},
			{id: "chair", path: []string{"chair"}, syntax: "chair @user", sv: "ordförande @namn", chair: true, meeting: true, run: chair},
			{id: "secretary", path: []string{"secretary"}, syntax: "secretary @user", sv: "sekreterare @namn", chair: true, meeting: true, run: secretary},
			{id: "adjusters", path: []string{"adjusters"}, syntax: "adjusters @user [@user…]", sv: "justerare @namn [@namn…]", chair: true, meeting: true, run: adjusters},
			{id: "templates", path: []string{"templates"}, syntax: "templates", sv: "mallar", readOnly: true, run: listTemplates},
			{id: "lang", path: []string{"lang"}, syntax: "lang en|sv", sv: "språk en|sv", run: setLang},
			{id: "agenda", path: []string{"agenda"}, syntax: "agenda", sv: "dagordning", meeting: true, readOnly: true, run: showAgenda},
			{id: "agenda.add", titled: true, path: []string{"agenda", "add"}, syntax: `agenda add "title" [10m] [--under N]`, sv: `dagordning lägg till "titel" [10m] [--under N]`, chair: true, meeting: true,
				valued: flagSet("under"), run: agendaAdd},
			{id: "agenda.remove", path: []string{"agenda", "remove"}, syntax: "agenda remove N", sv: "dagordning stryk N", chair: true, meeting: true, run: agendaRemove},
			{id: "agenda.move", path: []string{"agenda", "move"}, syntax: "agenda move N M", sv: "dagordning flytta N M", chair: true, meeting: true, run: agendaMove},
			{id: "next.item", action: chat.ActionItemNext, path: []string{"next", "item"}, syntax: "next item", sv: "nästa punkt", chair: true, meeting: true, run: nextItem},
			{id: "agenda.back", path: []string{"agenda", "back"}, syntax: "agenda back", sv: "föregående punkt", chair: true, meeting: true, run: agendaBack},
			{id: "agenda.jump", path: []string{"agenda", "jump"}, syntax: "agenda jump N", sv: "dagordning hoppa N", chair: true, meeting: true, run: agendaJump},
			{id: "agenda.extend", path: []string{"agenda", "extend"}, syntax: "agenda extend 5m", sv: "förläng 5m", chair: true, meeting: true, run: agendaExtend},
			{id: "rules", path: []string{"rules"}, syntax: "rules", sv: "regler", meeting: true, readOnly: true, run: showRules},
			{id: "rules.add", path: []string{"rules", "add"}, syntax: `rules add "…"`, sv: `regler lägg till "…"`, chair: true, meeting: true, run: rulesAdd},
			{id: "rules.remove", path: []string{"rules", "remove"}, syntax: "rules remove N", sv: "regler stryk N", chair: true, meeting: true, run: rulesRemove},
			{id: "rules.remind", path: []string{"rules", "remind"}, syntax: "rules remind", sv: "regler påminn", meeting: true, readOnly: true, run: rulesRemind},
			{id: "place", path: []string{"place"}, syntax: `place "…"`, sv: `plats "…"`, run: place}, // the chair's; afterwards the secretary's too
			{id: "tellers", path: []string{"tellers"}, syntax: "tellers @user [@user…]", sv: "rösträknare @namn [@namn…]", chair: true, meeting: true, run: tellers},
			{id: "adjourn", path: []string{"adjourn"}, syntax: "adjourn [15m]", sv: "ajournera [15m]", chair: true, meeting: true, run: adjourn},
			{id: "resume", path: []string{"resume"}, syntax: "resume", sv: "återuppta", chair: true, meeting: true, run: resume},
		}),
		inSection("speaking", []*command{
			{id: "hand", action: chat.ActionSpeak, path: []string{"hand"}, syntax: "hand", sv: "begär ordet", meeting: true, run: hand},
			{id: "reply", action: chat.ActionReply, path: []string{"reply"}, syntax: "reply", sv: "replik", meeting: true, run: reply},
			{id: "order", action: chat.ActionOrder, path: []string{"order"}, syntax: "order", sv: "ordningsfråga", meeting: true, run: order},
			{id: "info", path: []string{"info"}, syntax: "info", sv: "sakupplysning", meeting: true, run: info},
			{id: "lower", action: chat.ActionLower, path: []string{"lower"}, syntax: "lower [hand|reply|order|info|all]", sv: "sänk [ordet|replik|ordningsfråga|sakupplysning|alla]", meeting: true, run: lower},
			{id: "next", action: chat.ActionNext, path: []string{"next"}, syntax: "next", sv: "nästa talare", chair: true, meeting: true, run: nextSpeaker},
			{id: "done", path: []string{"done"}, syntax: "done", sv: "klar", meeting: true, run: done},
			{id: "queue", path: []string{"queue"}, syntax: "queue", sv: "talarlista", meeting: true, readOnly: true, run: showQueue},
			{id: "queue.close", path: []string{"queue", "close"}, syntax: "queue close", sv: "streck", chair: true, meeting: true, run: queueClose},
			{id: "queue.open", path: []string{"queue", "open"}, syntax: "queue open", sv: "talarlista öppna", chair: true, meeting: true, run: queueOpen},
			{id: "stats", path: []string{"stats"}, syntax: "stats", sv: "statistik", meeting: true, readOnly: true, run: stats},
			{id: "queue.limit", path: []string{"queue", "limit"}, syntax: "queue limit 2m|off", sv: "talartid 2m|av", chair: true, meeting: true, run: queueLimit},
			{id: "queue.last-call", path: []string{"queue", "last-call"}, syntax: "queue last-call [60s]", sv: "streck föreslås [60s]", chair: true, meeting: true, run: queueLastCall},
		}),
		inSection("polls", []*command{
			{id: "poll", titled: true, path: []string{"poll"}, syntax: `poll "Q?" "A" "B" … [--multi N] [--anonymous|--secret] [--hidden] [--close 5m] [--register] [--exclude @u…] [--majority 2/3]`, sv: `omröstning "Fråga?" "A" "B" … [--flera N] [--anonym|--sluten] [--dold] [--stäng 5m] [--röstlängd] [--jäv @namn…] [--majoritet 2/3]`,
				meeting: true, valued: flagSet("multi", "close", "min", "majority"), switches: pollSwitches, run: pollOf(facilitation.Single)},
			{id: "poll.yesno", titled: true, path: []string{"poll", "yesno"}, syntax: `poll yesno "Q?" [--anonymous|--secret] [--hidden] [--close 5m] [--register] [--exclude @u…] [--majority 2/3|3/4|absolute]`, sv: `omröstning janej "Fråga?" [--anonym|--sluten] [--dold] [--stäng 5m] [--röstlängd] [--jäv @namn…] [--majoritet 2/3|3/4|absolut]`,
				meeting: true, valued: flagSet("close", "majority"), switches: pollSwitches, run: pollOf(facilitation.YesNo)},
			{id: "poll.fist", titled: true, path: []string{"poll", "fist"}, syntax: `poll fist "Q?" [--anonymous|--secret] [--hidden] [--close 5m]`, sv: `omröstning tumme "Fråga?" [--anonym|--sluten] [--dold] [--stäng 5m]`,
				meeting: true, valued: flagSet("close"), switches: pollSwitches, run: pollOf(facilitation.Fist)},
			{id: "poll.ranked", titled: true, path: []string{"poll", "ranked"}, syntax: `poll ranked "Q?" "A" "B" … [--method irv|schulze] [--secret] [--hidden] [--close 5m] [--register]`, sv: `omröstning rangordning "Fråga?" "A" "B" … [--metod irv|schulze] [--sluten] [--dold] [--stäng 5m] [--röstlängd]`,
				meeting: true, valued: flagSet("close", "method"), switches: pollSwitches, run: pollOf(facilitation.Ranked)},
			{id: "vote", action: chat.ActionVote, path: []string{"vote"}, syntax: "vote N… | vote blank", sv: "rösta N… | rösta blankt", meeting: true, meetingUnchanged: true, run: vote},
			{id: "vote.clear", path: []string{"vote", "clear"}, syntax: "vote clear [#ID]", sv: "ångra röst [#ID]", meeting: true, meetingUnchanged: true, run: voteClear},
			{id: "poll.close", action: chat.ActionPollClose, path: []string{"poll", "close"}, syntax: "poll close [#ID]", sv: "omröstning stäng [#ID]", meeting: true, meetingUnchanged: true, run: pollClose},
			{id: "poll.results", path: []string{"poll", "results"}, syntax: "poll results [#ID]", sv: "omröstning resultat [#ID]", meeting: true, readOnly: true, run: pollResults},
			{id: "poll.export", path: []string{"poll", "export"}, syntax: "poll export [#ID]", sv: "omröstning exportera [#ID]", meeting: true, readOnly: true, run: pollExport},
			{id: "poll.remind", path: []string{"poll", "remind"}, syntax: "poll remind [#ID]", sv: "omröstning påminn [#ID]", chair: true, meeting: true, meetingUnchanged: true, run: pollRemind},
			{id: "poll.consent", titled: true, path: []string{"poll", "consent"}, syntax: `poll consent "…" [--anonymous|--secret] [--hidden] [--close 5m]`, sv: `omröstning samtycke "…" [--anonym|--sluten] [--dold] [--stäng 5m]`,
				meeting: true, valued: flagSet("close"), switches: pollSwitches, run: pollOf(facilitation.Consent)},
		}),
		inSection("elections", []*command{
			{id: "poll.elect", titled: true, path: []string{"poll", "elect"}, syntax: `poll elect N "Title" "A" "B" … [--method block|stv] [--min K] [--secret] [--register] [--exclude @u…] [--majority absolute]`, sv: `val N "Titel" "A" "B" … [--metod block|stv] [--minst K] [--sluten] [--röstlängd] [--jäv @namn…] [--majoritet absolut]`,
				meeting: true, valued: flagSet("close", "method", "min", "majority"), switches: pollSwitches, run: pollOf(facilitation.Elect)},
			{id: "poll.draw", path: []string{"poll", "draw"}, syntax: "poll draw [#ID]", sv: "lottning [#ID]", chair: true, meeting: true, meetingUnchanged: true, run: pollDraw},
		}),
		inSection("register", []*command{
			{id: "register", path: []string{"register"}, syntax: "register", sv: "röstlängd", meeting: true, readOnly: true, run: showRegister},
			{id: "register.open", path: []string{"register", "open"}, syntax: "register open", sv: "röstlängd öppna", chair: true, meeting: true, run: registerOpen},
			{id: "here", action: chat.ActionHere, path: []string{"here"}, syntax: "here", sv: "närvarande", meeting: true, run: here},
			{id: "register.add", path: []string{"register", "add"}, syntax: "register add @user…", sv: "röstlängd lägg till @namn…", chair: true, meeting: true, run: registerAdd},
			{id: "register.remove", path: []string{"register", "remove"}, syntax: "register remove @user…", sv: "röstlängd stryk @namn…", chair: true, meeting: true, run: registerRemove},
			{id: "register.close", path: []string{"register", "close"}, syntax: "register close", sv: "fastställ röstlängden", chair: true, meeting: true, run: registerClose},
			{id: "register.import", path: []string{"register", "import"}, syntax: "register import ```id,name,proxy_for …```", sv: "röstlängd importera ```id,namn,proxy_for …```", chair: true, meeting: true, run: registerImport},
			{id: "register.guest", path: []string{"register", "guest"}, syntax: "register guest @user…", sv: "röstlängd gäst @namn…", chair: true, meeting: true, run: registerGuest},
			{id: "register.guest.remove", path: []string{"register", "guest", "remove"}, syntax: "register guest remove @user…", sv: "röstlängd gäst stryk @namn…", chair: true, meeting: true, run: registerGuestRemove},
			{id: "register.proxy", path: []string{"register", "proxy"}, syntax: "register proxy @holder @member", sv: "fullmakt @ombud @medlem", chair: true, meeting: true, run: registerProxy},
			{id: "register.substitute", path: []string{"register", "substitute"}, syntax: "register substitute @substitute @main", sv: "ersättare @ersättare @ordinarie", chair: true, meeting: true, run: registerSubstitute},
		}),
		inSection("formal", []*command{
			{id: "propose", path: []string{"propose"}, syntax: `propose [--amends N|--adds N|--formal] "att …"`, sv: `yrka [--ändrar N|--tillägg N|--formellt] "att …"`, meeting: true,
				valued: flagSet("amends", "adds"), switches: flagSet("formal"), run: propose},
			{id: "support", path: []string{"support"}, syntax: "support N", sv: "instäm N", meeting: true, run: support},
			{id: "withdraw", path: []string{"withdraw"}, syntax: "withdraw N", sv: "återta N", meeting: true, run: withdraw},
			{id: "proposals", path: []string{"proposals"}, syntax: "proposals", sv: "yrkanden", meeting: true, readOnly: true, run: showProposals},
			{id: "proposals.close", path: []string{"proposals", "close"}, syntax: "proposals close", sv: "yrkanden stäng", chair: true, meeting: true, run: proposalsClose},
			{id: "proposition", path: []string{"proposition"}, syntax: "proposition [N N …]", sv: "propositionsordning [N N …]", chair: true, meeting: true, run: proposition},
			{id: "declare", path: []string{"declare"}, syntax: "declare N | declare reject", sv: "finner N | finner avslag", chair: true, meeting: true, run: declare},
			{id: "demand.vote", action: chat.ActionDemandVote, path: []string{"demand", "vote"}, syntax: "demand vote [--secret|--open]", sv: "votering [sluten|öppen]", meeting: true, switches: flagSet("secret", "open"), run: demandVote},
			{id: "demand.window", path: []string{"demand", "window"}, syntax: "demand window 2m", sv: "votering fönster 2m", chair: true, meeting: true, run: demandWindow},
			{id: "majority", path: []string{"majority"}, syntax: "majority 2/3|3/4|absolute|simple", sv: "kvalificerad majoritet 2/3|3/4|absolut|enkel", chair: true, meeting: true, run: majority},
			{id: "casting", path: []string{"casting"}, syntax: "casting [#ID] N", sv: "utslagsröst [#ID] N", chair: true, meeting: true, meetingUnchanged: true, run: casting},
			{id: "recuse", path: []string{"recuse"}, syntax: "recuse [@user…]", sv: "jäv [@namn…]", meeting: true, run: recuse},
			{id: "recuse.clear", path: []string{"recuse", "clear"}, syntax: "recuse clear @user", sv: "jäv ångra @namn", meeting: true, run: recuseClear},
			{id: "reservation", path: []string{"reservation"}, syntax: `reservation [N] ["reason"]`, sv: `reservera [N] ["skäl"]`, meeting: true, run: reservation},
		}),
		inSection("minutes", []*command{
			{id: "decision", path: []string{"decision"}, syntax: `decision "…"`, sv: `beslut "…"`, meeting: true, run: decision},
			{id: "action", path: []string{"action"}, syntax: `action @user "…" [2026-12-24]`, sv: `åtgärd @namn "…" [2026-12-24]`, meeting: true, run: action},
			{id: "note", path: []string{"note"}, syntax: `note "…"`, sv: `anteckning "…"`, meeting: true, run: note},
			{id: "minutes", path: []string{"minutes"}, syntax: "minutes [--stats]", sv: "protokoll [--stats]", readOnly: true, switches: flagSet("stats"), run: minutes},
			{id: "minutes.pdf", path: []string{"minutes", "pdf"}, syntax: "minutes pdf", sv: "protokoll pdf", readOnly: true, run: minutesExport("pdf")},
			{id: "minutes.docx", path: []string{"minutes", "docx"}, syntax: "minutes docx", sv: "protokoll docx", readOnly: true, run: minutesExport("docx")},
			{id: "minutes.submit", path: []string{"minutes", "submit"}, syntax: "minutes submit", sv: "protokoll skicka", run: minutesSubmit},
			{id: "approve", action: chat.ActionApprove, path: []string{"approve"}, syntax: "approve", sv: "justera", run: approve},
			{id: "object", action: chat.ActionObject, path: []string{"object"}, syntax: `object "…"`, sv: `invänd "…"`, run: object},
			{id: "decision.edit", path: []string{"decision", "edit"}, syntax: `decision edit N "…"`, sv: `beslut ändra N "…"`, run: entryEdit(facilitation.Decision)},
			{id: "decision.remove", path: []string{"decision", "remove"}, syntax: "decision remove N", sv: "beslut stryk N", run: entryRemove(facilitation.Decision)},
			{id: "note.edit", path: []string{"note", "edit"}, syntax: `note edit N "…"`, sv: `anteckning ändra N "…"`, run: entryEdit(facilitation.Note)},
			{id: "note.remove", path: []string{"note", "remove"}, syntax: "note remove N", sv: "anteckning stryk N", run: entryRemove(facilitation.Note)},
			{id: "action.edit", path: []string{"action", "edit"}, syntax: `action edit N "…"`, sv: `åtgärd ändra N "…"`, run: entryEdit(facilitation.Action)},
			{id: "action.remove", path: []string{"action", "remove"}, syntax: "action remove N", sv: "åtgärd stryk N", run: entryRemove(facilitation.Action)},
		}),
		inSection("tools", []*command{
			{id: "round", titled: true, path: []string{"round"}, syntax: `round ["question"] [1m]`, sv: `laget runt ["fråga"] [1m]`, chair: true, meeting: true, run: roundStart},
			{id: "pass", action: chat.ActionPass, path: []string{"pass"}, syntax: "pass", sv: "passa", meeting: true, run: pass},
			{id: "round.next", action: chat.ActionRoundNext, path: []string{"round", "next"}, syntax: "round next", sv: "laget runt klar", meeting: true, run: roundNext},
			{id: "round.stop", action: chat.ActionRoundStop, path: []string{"round", "stop"}, syntax: "round stop", sv: "laget runt stopp", chair: true, meeting: true, run: roundStop},
			{id: "ideas", titled: true, path: []string{"ideas"}, syntax: `ideas "Q?"`, sv: `idéer "Fråga?"`, meeting: true, run: ideasOpen},
			{id: "idea", action: chat.ActionIdea, path: []string{"idea"}, syntax: `idea "…"`, sv: `idé "…"`, meeting: true, meetingUnchanged: true, anonymous: true, run: idea},
			{id: "ideas.reveal", action: chat.ActionIdeasReveal, path: []string{"ideas", "reveal"}, syntax: "ideas reveal", sv: "idéer visa", chair: true, meeting: true, run: ideasReveal},
			{id: "dots", path: []string{"dots"}, syntax: "dots N", sv: "prickar N", chair: true, meeting: true, run: dotsStart},
			{id: "dot", action: chat.ActionDot, path: []string{"dot"}, syntax: "dot N", sv: "prick N", meeting: true, anonymous: true, run: dot},
			{id: "dots.close", action: chat.ActionDotsClose, path: []string{"dots", "close"}, syntax: "dots close", sv: "prickar stäng", chair: true, meeting: true, run: dotsClose},
			{id: "flag", action: chat.ActionFlag, path: []string{"flag"}, syntax: `flag ["…"]`, sv: `flagga ["…"]`, meeting: true, anonymous: true, run: flag},
			{id: "evaluate", path: []string{"evaluate"}, syntax: "evaluate [--close 5m]", sv: "utvärdera [--stäng 5m]", chair: true, meeting: true, valued: flagSet("close"), run: evaluate},
			{id: "group", action: chat.ActionGroup, path: []string{"group"}, syntax: "group [NAME]", sv: "grupp [NAMN]", meeting: true, run: group},
			{id: "board", path: []string{"board"}, syntax: "board", sv: "tavla", chair: true, meeting: true, meetingUnchanged: true, run: showBoard},
			{id: "board.reset", path: []string{"board", "reset"}, syntax: "board reset", sv: "tavla ny länk", chair: true, meeting: true, meetingUnchanged: true, run: boardReset},
			{id: "help", path: []string{"help"}, syntax: "help [command]", sv: "hjälp [kommando]", readOnly: true, run: help},
		}),
		inSection("templates", []*command{
			{id: "template.save", path: []string{"template", "save"}, syntax: "template save NAME [--channel]", sv: "mall spara NAMN [--kanal]", meeting: true, meetingUnchanged: true, switches: scopeFlags, run: templateSave},
			{id: "template.show", path: []string{"template", "show"}, syntax: "template show NAME", sv: "mall visa NAMN", readOnly: true, run: templateShow},
			{id: "template.edit", path: []string{"template", "edit"}, syntax: "template edit NAME", sv: "mall redigera NAMN", meetingUnchanged: true, run: templateEdit},
			{id: "template.copy", path: []string{"template", "copy"}, syntax: "template copy NAME NEW [--channel]", sv: "mall kopiera NAMN NYTT [--kanal]", meetingUnchanged: true, switches: scopeFlags, run: templateCopy},
			{id: "template.delete", path: []string{"template", "delete"}, syntax: "template delete NAME", sv: "mall ta bort NAMN", meetingUnchanged: true, run: templateDelete},
			{id: "template.export", path: []string{"template", "export"}, syntax: "template export NAME", sv: "mall exportera NAMN", readOnly: true, run: templateExport},
			{id: "template.import", path: []string{"template", "import"}, syntax: "template import [--channel] YAML", sv: "mall importera [--kanal] YAML", meetingUnchanged: true, switches: scopeFlags, run: templateImport},
			{id: "template.history", path: []string{"template", "history"}, syntax: "template history NAME", sv: "mall historik NAMN", readOnly: true, run: templateHistory},
			{id: "template.revert", path: []string{"template", "revert"}, syntax: "template revert NAME V", sv: "mall återställ NAMN V", meetingUnchanged: true, run: templateRevert},
			{id: "template.owners", path: []string{"template", "owners"}, syntax: "template owners NAME [@user…]", sv: "mall ägare NAMN [@namn…]", meetingUnchanged: true, run: templateOwners},
			{id: "schedule", titled: true, path: []string{"schedule"}, syntax: `schedule NAME "title" 2027-03-14 18:00 [--every week|weekday|month]`, sv: `kalla NAMN "titel" 2027-03-14 18.00 [--varje vecka|vardag|månad]`, meetingUnchanged: true, valued: flagSet("every"), run: scheduleMeeting},
			{id: "schedule.list", path: []string{"schedule", "list"}, syntax: "schedule list", sv: "kallelser", readOnly: true, run: scheduleList},
			{id: "schedule.cancel", path: []string{"schedule", "cancel"}, syntax: "schedule cancel N", sv: "kallelse ställ in N", meetingUnchanged: true, run: scheduleCancel},
			{id: "agenda.propose", titled: true, path: []string{"agenda", "propose"}, syntax: `agenda propose "…"`, sv: `dagordning föreslå "…"`, meetingUnchanged: true, run: agendaPropose},
			{id: "agenda.accept", path: []string{"agenda", "accept"}, syntax: "agenda accept N", sv: "dagordning godta N", meetingUnchanged: true, run: agendaAccept},
		}),
	)
}

// scopeFlags put a new template in the channel rather than the workspace.
var scopeFlags = flagSet("channel")

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
	id string // message ID
	kv []any
	// usage adds the command's usage line to the message.
	usage bool
	// family, when set, adds the usage lines of the commands whose
	// first word it is: those the caller may have meant.
	family string
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
		if toks, err = cmdline.TokenizeNamed(text, req.Mentions); err != nil {
			p.prob = &problem{id: "Unterminated"}
			return p
		}
		toks = cmdline.Tidy(toks)
	}
	if len(toks) == 0 {
		toks = []cmdline.Token{{Text: "help"}}
	}
	// alias: how many of the typed words the alias took. Buttons carry
	// command words, never aliases.
	typed, alias := toks, 0
	if req.Action == nil {
		toks, alias = cmdline.Expand(toks)
	}
	cmd, rest := b.index.lookup(toks)
	if cmd == nil {
		p.prob = b.unknown(typed, toks)
		return p
	}
	p.cmd = cmd
	var err error
	if p.args.Args, err = cmdline.SplitFlags(rest, cmd.valued, cmd.switches); err != nil {
		p.prob = &problem{id: "UnknownFlag", usage: true}
		var fe *cmdline.FlagError
		if errors.As(err, &fe) {
			p.prob.kv = []any{"Flag", fe.Flag}
			if fe.NeedsValue {
				p.prob.id = "FlagNeedsValue"
			}
		}
		return p
	}
	if w := p.args.Words; cmd.bare && len(w) > 0 {
		// The words the command was typed with, before the first extra
		// one: the alias's (the flags it stands for among them: votering
		// öppen), then the words after it, which are kept as they came.
		expanded := len(toks) - (len(typed) - alias)
		said := wordsOf(typed[:alias+max(0, len(toks)-len(rest)-expanded)])
		switch {
		case !w[0].Quoted && b.hasSubcommands(cmd.path):
			p.prob = &problem{id: "UnknownSubcommand", kv: []any{"Command", said, "Word", w[0].Text}, family: cmd.path[0]}
		default:
			p.prob = &problem{id: "ExtraWords", kv: []any{"Command", said, "Word", w[0].Text}, usage: true}
		}
	}
	return p
}

// unknown is the problem of a line that names no command: an unknown
// word after the first word of some (template bogus), or the first
// word alone, or no command at all.
func (b *Bot) unknown(typed, toks []cmdline.Token) *problem {
	family := ""
	if !toks[0].Quoted {
		family = b.familyOf(toks[0].Text)
	}
	switch {
	case family == "" || !b.hasSubcommands([]string{family}):
		return &problem{id: "UnknownCommand", kv: []any{"Word", typed[0].Text}}
	case len(typed) < 2:
		return &problem{id: "NeedSubcommand", kv: []any{"Command", typed[0].Text}, family: family}
	}
	return &problem{id: "UnknownSubcommand", kv: []any{"Command", typed[0].Text, "Word", typed[1].Text}, family: family}
}

// familyOf is the first word of the commands that word begins: itself
// when some command goes on after it (agenda), else the English first
// word of the commands its Swedish phrases start with (mall: template),
// or "" when there is none.
func (b *Bot) familyOf(word string) string {
	word = strings.ToLower(word)
	if b.hasSubcommands([]string{word}) {
		return word
	}
	return cmdline.AliasFamily(word)
}

// hasSubcommands reports whether some command's path is longer than
// path and starts with it.
func (b *Bot) hasSubcommands(path []string) bool {
	for _, cmd := range b.commands {
		if len(cmd.path) > len(path) && slices.Equal(cmd.path[:len(path)], path) {
			return true
		}
	}
	return false
}

// family lists the usage lines of the commands whose first word is
// word, in the caller's language.
func (u *unit) family(word string) string {
	var lines []string
	for _, cmd := range u.b.commands {
		if cmd.path[0] == word {
			lines = append(lines, "`"+syntaxIn(u, cmd)+"`")
		}
	}
	return strings.Join(lines, "\n")
}

// wordsOf joins tokens as they were typed, quoting the quoted ones.
func wordsOf(toks []cmdline.Token) string {
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = t.Text
		if t.Quoted {
			ws[i] = "“" + t.Text + "”"
		}
	}
	return strings.Join(ws, " ")
}

// commandIndex holds the commands by the first word of their path, so
// that finding a command reads the few that start with its word rather
// than all of them.
type commandIndex map[string][]*command

// indexCommands returns cmds' index.
func indexCommands(cmds []*command) commandIndex {
	ix := commandIndex{}
	for _, cmd := range cmds {
		ix[cmd.path[0]] = append(ix[cmd.path[0]], cmd)
	}
	return ix
}

// lookup finds the longest command path that toks start with.
func (ix commandIndex) lookup(toks []cmdline.Token) (*command, []cmdline.Token) {
	if len(toks) == 0 || toks[0].Quoted {
		return nil, nil
	}
	var best *command
	for _, cmd := range ix[strings.ToLower(toks[0].Text)] {
		if len(cmd.path) > len(toks) || (best != nil && len(cmd.path) <= len(best.path)) {
			continue
		}
		match := true
		for i, w := range cmd.path[1:] {
			if toks[i+1].Quoted || strings.ToLower(toks[i+1].Text) != w {
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
