package bot

import (
	"fmt"
	"strings"

	"github.com/klubba/klubba/chat"
)

// The help, grouped by the sections a chair looks in, with each command's
// Swedish syntax in a Swedish meeting.

// helpSections are the sections of help, in order.
var helpSections = []string{"meeting", "speaking", "polls", "elections", "register", "formal", "minutes", "tools", "templates"}

// helpEntry is a command's section and its Swedish syntax.
type helpEntry struct {
	section, sv string
}

// helpEntries holds every command's entry; TestHelpCoversEveryCommand
// holds it to the grammar, and the Swedish syntax to the command it names.
var helpEntries = map[string]helpEntry{
	"start": {"meeting", `starta [mall] ["titel"]`}, "end": {"meeting", "avsluta [--tvinga]"}, "status": {"meeting", "läge"},
	"chair": {"meeting", "ordförande @namn"}, "secretary": {"meeting", "sekreterare @namn"}, "adjusters": {"meeting", "justerare @namn [@namn…]"},
	"templates": {"meeting", "mallar"}, "lang": {"meeting", "språk en|sv"},
	"agenda": {"meeting", "dagordning"}, "agenda.add": {"meeting", `dagordning lägg till "titel" [10m] [--under N]`}, "agenda.remove": {"meeting", "dagordning stryk N"},
	"agenda.move": {"meeting", "dagordning flytta N M"}, "next.item": {"meeting", "nästa punkt"}, "agenda.back": {"meeting", "föregående punkt"},
	"agenda.jump": {"meeting", "dagordning hoppa N"}, "agenda.extend": {"meeting", "förläng 5m"},
	"rules": {"meeting", "regler"}, "rules.add": {"meeting", `regler lägg till "…"`}, "rules.remove": {"meeting", "regler stryk N"}, "rules.remind": {"meeting", "regler påminn"},
	"adjourn": {"meeting", "ajournera [15m]"}, "resume": {"meeting", "återuppta"},

	"hand": {"speaking", "begär ordet"}, "reply": {"speaking", "replik"}, "order": {"speaking", "ordningsfråga"}, "info": {"speaking", "sakupplysning"},
	"lower": {"speaking", "sänk"}, "next": {"speaking", "nästa talare"}, "done": {"speaking", "klar"}, "queue": {"speaking", "talarlista"},
	"queue.close": {"speaking", "streck"}, "queue.open": {"speaking", "talarlista öppna"}, "stats": {"speaking", "statistik"},
	"queue.limit": {"speaking", "talartid 2m"}, "queue.last-call": {"speaking", "streck föreslås [60s]"},

	"poll":        {"polls", `omröstning "Fråga?" "A" "B" … [--flera N] [--anonym|--sluten] [--dold] [--stäng 5m] [--röstlängd] [--jäv @namn…] [--majoritet 2/3]`},
	"poll.yesno":  {"polls", `omröstning janej "Fråga?" [--anonym|--sluten] [--dold] [--stäng 5m] [--röstlängd] [--jäv @namn…] [--majoritet 2/3|3/4|absolut]`},
	"poll.fist":   {"polls", `omröstning tumme "Fråga?" [--anonym|--sluten] [--dold] [--stäng 5m]`},
	"poll.ranked": {"polls", `omröstning rangordning "Fråga?" "A" "B" … [--metod irv|schulze] [--sluten] [--dold] [--stäng 5m] [--röstlängd]`},
	"vote":        {"polls", "rösta N… | rösta blankt"}, "vote.clear": {"polls", "ångra röst [#ID]"}, "poll.close": {"polls", "omröstning stäng [#ID]"},
	"poll.results": {"polls", "omröstning resultat [#ID]"}, "poll.remind": {"polls", "omröstning påminn [#ID]"}, "poll.export": {"polls", "omröstning exportera [#ID]"},
	"poll.consent": {"polls", `omröstning samtycke "…" [--anonym|--sluten] [--dold] [--stäng 5m]`},

	"poll.elect": {"elections", `val N "Titel" "A" "B" … [--metod block|stv] [--minst K] [--sluten] [--röstlängd] [--jäv @namn…] [--majoritet absolut]`},
	"poll.draw":  {"elections", "lottning [#ID]"},

	"register": {"register", "röstlängd"}, "register.open": {"register", "röstlängd öppna"}, "here": {"register", "närvarande"},
	"register.add": {"register", "röstlängd lägg till @namn…"}, "register.remove": {"register", "röstlängd stryk @namn…"},
	"register.close": {"register", "fastställ röstlängden"}, "register.import": {"register", "röstlängd importera ```id,namn,proxy_for …```"},
	"register.guest": {"register", "röstlängd gäst @namn…"}, "register.proxy": {"register", "fullmakt @ombud @medlem"},
	"register.substitute": {"register", "ersättare @ersättare @ordinarie"},

	"propose": {"formal", `yrka [--ändrar N|--tillägg N|--formellt] "att …"`},
	"support": {"formal", "instäm N"}, "withdraw": {"formal", "återta N"}, "proposals": {"formal", "yrkanden"},
	"proposals.close": {"formal", "yrkanden stäng"}, "proposition": {"formal", "propositionsordning [N N …]"}, "declare": {"formal", "finner N"},
	"demand.vote": {"formal", "votering [sluten]"}, "demand.window": {"formal", "votering fönster 2m"},
	"majority": {"formal", "kvalificerad majoritet 2/3|3/4|absolut|enkel"}, "casting": {"formal", "utslagsröst [#ID] N"},
	"recuse": {"formal", "jäv [@namn…]"}, "recuse.clear": {"formal", "jäv ångra @namn"}, "reservation": {"formal", `reservera [N] ["skäl"]`},

	"decision": {"minutes", `beslut "…"`}, "action": {"minutes", `åtgärd @namn "…" [2026-12-24]`}, "note": {"minutes", `anteckning "…"`},
	"minutes": {"minutes", "protokoll [--stats]"}, "decision.edit": {"minutes", `beslut ändra N "…"`}, "decision.remove": {"minutes", "beslut stryk N"},
	"note.edit": {"minutes", `anteckning ändra N "…"`}, "note.remove": {"minutes", "anteckning stryk N"},
	"action.edit": {"minutes", `åtgärd ändra N "…"`}, "action.remove": {"minutes", "åtgärd stryk N"},
	"minutes.pdf": {"minutes", "protokoll pdf"}, "minutes.docx": {"minutes", "protokoll docx"}, "minutes.submit": {"minutes", "protokoll skicka"},
	"approve": {"minutes", "justera"}, "object": {"minutes", `invänd "…"`},
	"place": {"meeting", `plats "…"`}, "tellers": {"meeting", "rösträknare @namn [@namn…]"},

	"round": {"tools", `laget runt ["fråga"] [1m]`}, "pass": {"tools", "passa"}, "round.next": {"tools", "laget runt klar"},
	"round.stop": {"tools", "laget runt stopp"}, "ideas": {"tools", `idéer "Fråga?"`}, "idea": {"tools", `idé "…"`},
	"ideas.reveal": {"tools", "idéer visa"}, "dots": {"tools", "prickar N"}, "dot": {"tools", "prick N"}, "dots.close": {"tools", "prickar stäng"},
	"flag": {"tools", `flagga ["…"]`}, "evaluate": {"tools", "utvärdera [--stäng 5m]"}, "group": {"tools", "grupp [NAMN]"},
	"board": {"tools", "tavla"}, "board.reset": {"tools", "tavla ny länk"}, "help": {"tools", "hjälp"},

	"template.save": {"templates", "mall spara NAMN [--kanal]"}, "template.show": {"templates", "mall visa NAMN"},
	"template.edit": {"templates", "mall redigera NAMN"}, "template.copy": {"templates", "mall kopiera NAMN NYTT [--kanal]"},
	"template.delete": {"templates", "mall ta bort NAMN"}, "template.export": {"templates", "mall exportera NAMN"},
	"template.import": {"templates", "mall importera [--kanal] YAML"}, "template.history": {"templates", "mall historik NAMN"},
	"template.revert": {"templates", "mall återställ NAMN V"}, "template.owners": {"templates", "mall ägare NAMN [@namn…]"},
	"schedule":      {"templates", `kalla NAMN "titel" 2027-03-14 18:00 [--varje vecka|vardag|månad]`},
	"schedule.list": {"templates", "kallelser"}, "schedule.cancel": {"templates", "kallelse ställ in N"},
	"agenda.propose": {"templates", `dagordning föreslå "…"`}, "agenda.accept": {"templates", "dagordning godta N"},
}

// syntaxIn is a command's syntax in the caller's language.
func syntaxIn(u *unit, cmd *command) string {
	if e, ok := helpEntries[cmd.id]; ok && u.lang == "sv" {
		return e.sv
	}
	return cmd.syntax
}

func help(u *unit, a args) error {
	bySection := map[string][]string{}
	for _, cmd := range u.b.commands {
		s := helpEntries[cmd.id].section
		bySection[s] = append(bySection[s], fmt.Sprintf("`%s`: %s", syntaxIn(u, cmd), u.t("Help."+cmd.id)))
	}
	var parts []string
	for _, s := range helpSections {
		parts = append(parts, "**"+u.t("HelpSection"+s)+"**\n"+strings.Join(bySection[s], "\n"))
	}
	u.tell(chat.Message{Header: u.t("HelpHeader"), Text: strings.Join(parts, "\n\n"), Context: u.t("HelpAliases")})
	return nil
}
