// Command annualgen writes examples/annual-meeting.script: a Swedish
// annual meeting (årsmöte) of 300 members, generated so that the members,
// their check-ins and their votes need not be typed by hand.
//
//	go generate ./internal/annualgen
package main

//go:generate go run . -o ../../examples/annual-meeting.script

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
)

// Members is how many members attend.
const Members = 300

// member is one person at the meeting: the handle they act under in the
// console, and their name.
type member struct{ handle, name string }

// officers are the members the script names: the chair, the secretary,
// the minute-checkers and those who make proposals.
var officers = []member{
	{"kerstin", "Kerstin Ek"}, {"birgitta", "Birgitta Lund"}, {"anders", "Anders Berg"},
	{"cecilia", "Cecilia Holm"}, {"david", "David Sandberg"}, {"eva", "Eva Lindqvist"},
	{"fredrik", "Fredrik Nyström"}, {"gun", "Gun Åberg"},
}

var firstNames = []string{
	"Alma", "Björn", "Clara", "Daniel", "Elin", "Filip", "Greta", "Hugo", "Ida", "Johan",
	"Karin", "Lars", "Maja", "Nils", "Olivia", "Per", "Rut", "Sven", "Tove", "Ulf",
}

var lastNames = []string{
	"Andersson", "Bergström", "Carlsson", "Dahl", "Eriksson", "Forsberg", "Gustafsson", "Hedlund",
	"Isaksson", "Jönsson", "Karlsson", "Lundgren", "Magnusson", "Nordin", "Öhman",
}

// handle turns a name into a console handle: lower case ASCII.
func handle(first, last string) string {
	return cmdline.ASCIIFold(strings.ToLower(first + "." + last))
}

// members returns the officers and then generated members, Members in all.
func members() []member {
	ms := append([]member(nil), officers...)
	for _, last := range lastNames {
		for _, first := range firstNames {
			if len(ms) == Members {
				return ms
			}
			ms = append(ms, member{handle(first, last), first + " " + last})
		}
	}
	return ms
}

// board are the board members: jäviga on their own ansvarsfrihet.
var board = []string{"david", "fredrik", "gun"}

// script writes the meeting.
func script(w io.Writer) {
	ms := members()
	absent := ms[len(ms)-1] // gives Gun a proxy (fullmakt) and stays at home
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	vote := func(choice func(i int) string, skip ...string) {
		for i, m := range ms {
			if m == absent || slices.Contains(skip, m.handle) {
				continue
			}
			if v := choice(i); v != "" {
				p("%s> rösta %s", m.handle, v)
			}
		}
	}
	p("# Årsmöte i Föreningen Klubban: %d medlemmar, röstlängd med en fullmakt, jäv vid", Members)
	p("# ansvarsfrihet, ett ordningsyrkande, ett ändrings- och ett tilläggsyrkande,")
	p("# propositionsordning och begärd votering, en reservation, en ajournering,")
	p("# val med krav på absolut majoritet, en sluten votering och en stadgeändring")
	p("# som kräver två tredjedelars majoritet.")
	p("# Genererad av internal/annualgen (go generate ./internal/annualgen): ändra där, inte här.")
	p("# Spela upp: go run ./cmd/klubba console --config config.example.yaml --db /tmp/arsmote.db --virtual-time --script examples/annual-meeting.script")
	p("")
	for _, m := range ms {
		p("name %s %s", m.handle, m.name)
	}
	p("")
	p("# § 1 Mötets öppnande")
	p(`kerstin> start arsmote "Årsmöte 2026, Föreningen Klubban"`)
	p(`kerstin> plats "Folkets hus, Klubbvägen 1, Ödeshög"`)
	p("")
	p("# § 2 Fastställande av röstlängd: var och en anmäler sig som närvarande;")
	p("# %s är hemma och har gett Gun Åberg fullmakt.", absent.name)
	p("kerstin> nästa punkt")
	p("kerstin> röstlängd öppna")
	for _, m := range ms {
		if m != absent {
			p("%s> närvarande", m.handle)
		}
	}
	p("kerstin> fullmakt @gun @%s", absent.handle)
	p("kerstin> fastställ")
	p(`kerstin> beslut "att fastställa röstlängden till %d röstberättigade medlemmar, varav en genom fullmakt"`, Members)
	p("")
	p("# § 3 Val av mötesfunktionärer")
	p("kerstin> nästa punkt")
	p(`kerstin> beslut "att välja Kerstin Ek till mötesordförande"`)
	p("kerstin> sekreterare @birgitta")
	p("kerstin> justerare @anders @cecilia")
	p("kerstin> rösträknare @anders @cecilia")
	p("")
	p("# § 4–5 Kallelse och dagordning")
	p("kerstin> nästa punkt")
	p(`birgitta> beslut "att mötet har utlysts i behörig ordning"`)
	p("kerstin> nästa punkt")
	p(`birgitta> beslut "att fastställa dagordningen"`)
	p("")
	p("# § 6 Verksamhets- och förvaltningsberättelse: talartid, replik, streck föreslås och sakupplysning")
	p("kerstin> nästa punkt")
	p("kerstin> talartid 2m")
	p("anders> begär ordet")
	p("cecilia> begär ordet")
	p("kerstin> nästa talare")
	p("david> replik")
	p("wait 90s")
	p("wait 30s")
	p("kerstin> streck föreslås 60s")
	p("fredrik> begär ordet")
	p("wait 60s")
	p("gun> sakupplysning")
	for range 4 {
		p("kerstin> nästa talare")
	}
	p(`birgitta> beslut "att lägga verksamhetsberättelsen till handlingarna"`)
	p("")
	p("# § 7 Revisionsberättelse")
	p("kerstin> nästa punkt")
	p(`birgitta> beslut "att lägga revisionsberättelsen till handlingarna"`)
	p("")
	p("# § 8 Resultat- och balansräkning: beslut med acklamation")
	p("kerstin> nästa punkt")
	p(`cecilia> yrka "att fastställa resultat- och balansräkningen för 2026"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 1")
	p("wait 30s")
	p("")
	p("# § 9 Ansvarsfrihet: styrelsen är jävig; votering begärs, och de jäviga röstar inte.")
	p("kerstin> nästa punkt")
	p("kerstin> jäv @david @fredrik @gun")
	p(`eva> yrka "att bevilja styrelsen ansvarsfrihet för verksamhetsåret 2026"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 1")
	p("anders> votering")
	vote(func(i int) string {
		switch {
		case i%11 == 0:
			return "avslag"
		case i%23 == 0:
			return "blankt"
		}
		return "1"
	}, board...)
	p("kerstin> omröstning stäng")
	p("")
	p("# Kaffepaus.")
	p("kerstin> ajournera 15m")
	p("wait 15m")
	p("kerstin> återuppta")
	p("")
	p("# § 10 Medlemsavgift: ordnings-, ändrings- och tilläggsyrkande; votering mellan två förslag")
	p("kerstin> nästa punkt")
	p(`anders> yrka "att medlemsavgiften för 2027 är oförändrad, 300 kronor"`)
	p(`david> yrka "att medlemsavgiften för 2027 höjs till 400 kronor"`)
	p(`eva> yrka --ändrar 2 "att medlemsavgiften höjs till 400 kronor från den 1 januari 2028"`)
	p(`fredrik> yrka --formellt "att återremittera frågan till styrelsen"`)
	p(`cecilia> tilläggsyrkande 2 "att styrelsen informerar medlemmarna om höjningen i god tid"`)
	p("birgitta> instäm 1")
	p("gun> instäm 2")
	p("kerstin> yrkanden")
	p("kerstin> propositionsordning")
	p("# Återremissen avslås, ändringsyrkandet bifalls; i huvudfrågan begärs votering.")
	p("# Ordföranden finner med yrkandets nummer, eller med ordet avslag.")
	p("kerstin> finner avslag")
	p("wait 30s")
	p("kerstin> finner 3")
	p("wait 30s")
	p("kerstin> finner 1")
	p("david> votering")
	vote(voteringChoice)
	p("kerstin> omröstning stäng")
	p("# Yrkande 2 bifölls: tilläggsyrkandet avgörs nu, som egen att-sats.")
	p("kerstin> finner 5")
	p("kerstin> finner 5")
	p(`anders> reservera 12 "Föreningens ekonomi bär inte en högre avgift."`) // decision 12: the fee
	p("")
	p("# § 11 Verksamhetsplan och budget")
	p("kerstin> nästa punkt")
	p(`birgitta> yrka "att fastställa styrelsens förslag till verksamhetsplan och budget för 2027"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 1")
	p("kerstin> finner 1")
	p("")
	p("# § 12 Val av ordförande: absolut majoritet krävs; ingen får det i första omgången.")
	p("kerstin> nästa punkt")
	p(`kerstin> val 1 "Val av ordförande för 2027" "Kerstin Ek" "Lars Dahl" "Sara Lind" --majoritet absolut`)
	vote(func(i int) string { return []string{"1", "2", "3", "1", "2"}[i%5] })
	p("kerstin> omröstning stäng")
	vote(func(i int) string { return []string{"1", "2", "1", "1", "2"}[i%5] })
	p("kerstin> omröstning stäng")
	p("")
	p("# § 13 Val av ledamöter: sluten omröstning bland de röstberättigade")
	p("kerstin> nästa punkt")
	p(`kerstin> val 3 "Val av tre ledamöter i styrelsen för två år" "Ada Ström" "Bo Nilsson" "Cia Wik" "Dan Ek" "Eva Lund"`)
	vote(electionChoice)
	p("kerstin> omröstning stäng")
	p("")
	p("# § 14–16 Suppleanter, revisorer och valberedning, enligt valberedningens förslag")
	p("kerstin> nästa punkt")
	p(`birgitta> beslut "att välja Hugo Dahl och Ida Nordin till suppleanter för ett år"`)
	p("kerstin> nästa punkt")
	p(`birgitta> beslut "att välja Hanna Öberg till revisor och Lars Dahl till revisorssuppleant"`)
	p("kerstin> nästa punkt")
	p(`birgitta> beslut "att välja Greta Nordin och Per Hedlund till valberedning"`)
	p("")
	p("# § 17 Motioner: två motioner, var och en en underpunkt (§ 17 a, § 17 b).")
	p("kerstin> nästa punkt")
	p("")
	p("# § 17 a Motion om en klubbstuga; sluten votering begärs.")
	p("kerstin> nästa punkt")
	p(`gun> yrka "att bifalla motionen om en klubbstuga"`)
	p(`anders> yrka "att avslå motionen"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 2")
	p("gun> votering sluten")
	vote(func(i int) string { return []string{"1", "2", "2", "1", "2", "blankt", "2"}[i%7] })
	p("kerstin> omröstning stäng")
	p(`birgitta> anteckning "Motionären tackade för debatten."`)
	p("")
	p("# § 17 b Motion om en ungdomssektion: bifall med acklamation.")
	p("kerstin> nästa punkt")
	p(`david> yrka "att bifalla motionen om en ungdomssektion"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 1")
	p("kerstin> finner 1")
	p("")
	p("# § 18 Stadgeändring: kräver två tredjedelars majoritet, som mötet inte når.")
	p("kerstin> nästa punkt")
	p(`kerstin> yrka "att ändra stadgarnas § 7 så att årsmötet hålls före mars månads utgång"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 1")
	p("eva> votering")
	vote(func(i int) string { return []string{"1", "1", "avslag", "1", "avslag"}[i%5] })
	p("kerstin> omröstning stäng")
	p("")
	p("# § 19 Övriga frågor")
	p("kerstin> nästa punkt")
	p(`birgitta> åtgärd @birgitta "Skicka protokollet till justerarna" 2026-12-11`)
	p("")
	p("# § 20 Mötets avslutande")
	p("kerstin> nästa punkt")
	p("kerstin> end")
	p("")
	p("# Efter mötet: sekreteraren skickar protokollet till justerarna, som justerar det.")
	p("birgitta> protokoll skicka")
	p("anders> justera")
	p("cecilia> justera")
}

// voteringChoice is member i's vote on the fee: for the unchanged fee
// (1), for the raise (2), blank, or no vote at all ("").
func voteringChoice(i int) string {
	switch {
	case i < len(officers):
		return map[string]string{"kerstin": "", "anders": "1", "cecilia": "1", "david": "2", "eva": "2", "gun": "2", "fredrik": "blankt", "birgitta": "1"}[officers[i].handle]
	case i%9 == 0:
		return "" // did not vote
	case i%13 == 0:
		return "blankt"
	case i%5 < 2:
		return "1"
	default:
		return "2"
	}
}

// electionChoice is member i's ballot in the board election: up to three
// marks among the five candidates.
func electionChoice(i int) string {
	ballots := []string{"1 2 3", "1 2 4", "2 3 5", "1 3 4", "2 4", "1 5", "3", "1 2 5", "2 3 4", "1 4 5", "blankt"}
	if i%17 == 0 {
		return ""
	}
	return ballots[i%len(ballots)]
}

func main() {
	out := flag.String("o", "", "write the script to this file (default: standard output)")
	flag.Parse()
	var b bytes.Buffer
	script(&b)
	if *out == "" {
		os.Stdout.Write(b.Bytes())
		return
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
