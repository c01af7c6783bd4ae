package cmdline

import (
	"maps"
	"strings"
	"unicode/utf8"
)

// phraseAliases are the words people use, Swedish ones above all (what a
// Swedish chair actually says), as phrases of one or more words, and the
// command words they stand for. The longest phrase that a command line
// starts with wins.
var phraseAliases = map[string]string{
	// meeting
	"starta":         "start",
	"läge":           "status",
	"ordförande":     "chair",
	"mallar":         "templates",
	"språk":          "lang",
	"mötet avslutas": "end",
	"avsluta mötet":  "end",
	// agenda
	"nästa punkt":          "next item",
	"föregående punkt":     "agenda back",
	"dagordning lägg till": "agenda add",
	"dagordning stryk":     "agenda remove",
	"dagordning flytta":    "agenda move",
	"dagordning tillbaka":  "agenda back",
	"dagordning hoppa":     "agenda jump",
	"dagordning gå till":   "agenda jump",
	"dagordning förläng":   "agenda extend",
	"förläng":              "agenda extend",
	// speaking
	"begär ordet":       "hand",
	"ordet":             "hand",
	"nästa talare":      "next",
	"ångra röst":        "vote clear",
	"angra rost":        "vote clear",
	"sänk":              "lower",
	"stryk mig":         "lower all",
	"klar":              "done",
	"talarlista stäng":  "queue close",
	"talarlista öppna":  "queue open",
	"öppna talarlistan": "queue open",
	"streck föreslås":   "queue last-call",
	"talartid":          "queue limit",
	"statistik":         "stats",
	// polls
	"omröstning":             "poll",
	"omröstning janej":       "poll yesno",
	"omröstning ja/nej":      "poll yesno",
	"omröstning tumme":       "poll fist",
	"omröstning rangordning": "poll ranked",
	"omröstning stäng":       "poll close",
	"stäng omröstningen":     "poll close",
	"omröstning resultat":    "poll results",
	"omröstning påminn":      "poll remind",
	"resultat":               "poll results",
	"röstlängd öppna":        "register open",
	"röstlängd lägg till":    "register add",
	"röstlängd stryk":        "register remove",
	"röstlängd fastställ":    "register close",
	"fastställ röstlängden":  "register close",
	// rules
	"regler":           "rules",
	"regler lägg till": "rules add",
	"regler stryk":     "rules remove",
	"regler påminn":    "rules remind",
	"ordningsregler":   "rules",
	// minutes
	"anteckning":       "note",
	"anteckning ändra": "note edit",
	"anteckning stryk": "note remove",
	"beslut ändra":     "decision edit",
	"beslut stryk":     "decision remove",
	"åtgärd":           "action",
	"åtgärd ändra":     "action edit",
	"åtgärd stryk":     "action remove",
	"uppgift":          "action",
	"uppgift ändra":    "action edit",
	"uppgift stryk":    "action remove",
	// the formal meeting
	"yrka":                 "propose",
	"yrkande":              "propose",
	"instäm":               "support",
	"instämmer":            "support",
	"instäm i":             "support",
	"instämmer i":          "support",
	"instäm i yrkande":     "support",
	"instämmer i yrkande":  "support",
	"återta":               "withdraw",
	"yrkanden":             "proposals",
	"yrkanden stäng":       "proposals close",
	"propositionsordning":  "proposition",
	"finner":               "declare",
	"votering":             "demand vote",
	"begär votering":       "demand vote",
	"reservera":            "reservation",
	"ajournera":            "adjourn",
	"återuppta":            "resume",
	"återuppta mötet":      "resume",
	"omröstning exportera": "poll export",
	"tavla":                "board",
	"tavla ny länk":        "board reset",
	// föreningspraxis
	"tilläggsyrkande":        "propose --adds",
	"ändringsyrkande":        "propose --amends",
	"ordningsyrkande":        "propose --formal",
	"votering sluten":        "demand vote --secret",
	"begär votering sluten":  "demand vote --secret",
	"votering öppen":         "demand vote --open",
	"begär votering öppen":   "demand vote --open",
	"sluten votering":        "demand vote --secret",
	"begär sluten votering":  "demand vote --secret",
	"öppen votering":         "demand vote --open",
	"begär öppen votering":   "demand vote --open",
	"votering fönster":       "demand window",
	"voteringstid":           "demand window",
	"kvalificerad majoritet": "majority",
	"majoritet":              "majority",
	"utslagsröst":            "casting",
	"utslagsrost":            "casting",
	"jäv":                    "recuse",
	"jav":                    "recuse",
	"jäv ångra":              "recuse clear",
	"jäv stryk":              "recuse clear",
	"röstlängd importera":    "register import",
	"röstlängd gäst":         "register guest",
	"röstlängd gäst stryk":   "register guest remove",
	"röstlängd gäst bort":    "register guest remove",
	"röstlängd fullmakt":     "register proxy",
	"röstlängd ersättare":    "register substitute",
	"fullmakt":               "register proxy",
	"ersättare":              "register substitute",
	"reservera mig":          "reservation",
	// the facilitation tools (docs/architecture.md, "Facilitation tools")
	"laget runt":          "round",
	"laget runt klar":     "round next",
	"laget runt nästa":    "round next",
	"laget runt stopp":    "round stop",
	"laget runt avbryt":   "round stop",
	"avbryt laget runt":   "round stop", // as its button says
	"stå över":            "pass",       // as its button says
	"idéer visa":          "ideas reveal",
	"idéer avslöja":       "ideas reveal",
	"prickar stäng":       "dots close",
	"omröstning samtycke": "poll consent",
	// templates and the time before the meeting
	"mall spara":         "template save",
	"mall visa":          "template show",
	"mall redigera":      "template edit",
	"mall kopiera":       "template copy",
	"mall ta bort":       "template delete",
	"mall exportera":     "template export",
	"mall importera":     "template import",
	"mall historik":      "template history",
	"mall återställ":     "template revert",
	"mall ägare":         "template owners",
	"kalla":              "schedule",
	"kalla lista":        "schedule list",
	"kalla ställ in":     "schedule cancel",
	"kallelse lista":     "schedule list",
	"kallelse ställ in":  "schedule cancel",
	"kallelser":          "schedule list",
	"dagordning föreslå": "agenda propose",
	"dagordning godta":   "agenda accept",
	// one word
	"replik":        "reply",
	"ordningsfråga": "order",
	"ordningsfraga": "order",
	"sakupplysning": "info",
	"streck":        "queue close",
	"talarlista":    "queue",
	"dagordning":    "agenda",
	"raise":         "hand",
	"speak":         "hand",
	"hjälp":         "help",
	"protokoll":     "minutes",
	"beslut":        "decision",
	"rösta":         "vote",
	"avsluta":       "end",
	"sekreterare":   "secretary",
	"justerare":     "adjusters",
	"röstlängd":     "register",
	"rostlangd":     "register",
	"närvarande":    "here",
	"narvarande":    "here",
	"här":           "here",
	"fastställ":     "register close",
	"faststall":     "register close",
	"val":           "poll elect",
	"lottning":      "poll draw",
	"passa":         "pass",
	"idéer":         "ideas",
	"ideer":         "ideas",
	"idé":           "idea",
	"ide":           "idea",
	"avslöja":       "ideas reveal",
	"avsloja":       "ideas reveal",
	"prickar":       "dots",
	"prick":         "dot",
	"samtycke":      "poll consent",
	"flagga":        "flag",
	"utvärdera":     "evaluate",
	"utvardera":     "evaluate",
	"grupp":         "group",
	// the protokoll and its justering
	"plats":            "place",
	"rösträknare":      "tellers",
	"rostraknare":      "tellers",
	"justera":          "approve",
	"invänd":           "object",
	"invand":           "object",
	"protokoll skicka": "minutes submit",
}

// foldedAliases are the phrase aliases by their ASCII fold, so that
// each is also understood typed without å, ä, ö and é (nasta punkt).
var foldedAliases = func() map[string]string {
	m := make(map[string]string, len(phraseAliases))
	for p, to := range phraseAliases {
		m[ASCIIFold(p)] = to
	}
	return m
}()

// PhraseAliases returns the phrase aliases and the command words each
// stands for, for help to list.
func PhraseAliases() map[string]string { return maps.Clone(phraseAliases) }

// asciiFolder writes å, ä, ö and é as a, a, o and e.
var asciiFolder = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e")

// ASCIIFold writes a word without its Swedish letters (å, ä, ö, é), as it
// is typed on a keyboard without them: ångra röst, angra rost. Most
// words are ASCII already, and come back as they are, without the copy a
// Replacer of multi-byte strings always makes.
func ASCIIFold(s string) string {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return asciiFolder.Replace(s)
		}
	}
	return s
}

// flagAliases are the Swedish forms of the flags, and the flags they stand for.
var flagAliases = map[string]string{
	"sluten":    "secret",
	"öppen":     "open",
	"oppen":     "open",
	"anonym":    "anonymous",
	"dold":      "hidden",
	"jäv":       "exclude",
	"jav":       "exclude",
	"ändrar":    "amends",
	"andrar":    "amends",
	"tillägg":   "adds",
	"tillagg":   "adds",
	"formellt":  "formal",
	"stäng":     "close",
	"stang":     "close",
	"röstlängd": "register",
	"rostlangd": "register",
	"metod":     "method",
	"flera":     "multi",
	"minst":     "min",
	"majoritet": "majority",
	"tvinga":    "force",
	"kanal":     "channel",
	"varje":     "every",
}

// FlagName is the flag a name stands for: itself, or the English flag of
// its Swedish form.
func FlagName(name string) string {
	name = strings.ToLower(name)
	if to, ok := flagAliases[name]; ok {
		return to
	}
	if to, ok := flagAliases[ASCIIFold(name)]; ok {
		return to
	}
	return name
}

// maxAliasWords is the length of the longest phrase alias.
var maxAliasWords = func() int {
	n := 1
	for p := range phraseAliases {
		n = max(n, len(strings.Fields(p)))
	}
	return n
}()

// Aliases replaces the alias a command line starts with, if any, by
// the command words it stands for. Quoted words are never aliases.
func Aliases(toks []Token) []Token {
	out, _ := Expand(toks)
	return out
}

// Expand is Aliases, and also how many of toks the alias took: 2 for
// "votering öppen nu" (demand vote --open nu), 0 when toks start with
// no alias.
func Expand(toks []Token) (out []Token, typed int) {
	for n := min(maxAliasWords, len(toks)); n >= 1; n-- {
		words := make([]string, 0, n)
		for _, t := range toks[:n] {
			if t.Quoted {
				break
			}
			words = append(words, strings.ToLower(t.Text))
		}
		if len(words) < n {
			continue
		}
		to, ok := foldedAliases[ASCIIFold(strings.Join(words, " "))]
		if !ok {
			continue
		}
		for _, w := range strings.Fields(to) {
			out = append(out, Token{Text: w})
		}
		return append(out, toks[n:]...), n
	}
	return toks, 0
}

// AliasFamily is the English first word of the commands whose Swedish
// phrases start with word (mall → template), or "" when they are not
// all of one command's family.
func AliasFamily(word string) string {
	family, key := "", ASCIIFold(strings.ToLower(word))
	for p, to := range phraseAliases {
		first, _, more := strings.Cut(p, " ")
		if !more || ASCIIFold(first) != key {
			continue
		}
		f, _, _ := strings.Cut(to, " ")
		if family != "" && f != family {
			return ""
		}
		family = f
	}
	return family
}
