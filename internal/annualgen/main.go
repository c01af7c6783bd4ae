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
	"strings"
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
	r := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e")
	return r.Replace(strings.ToLower(first + "." + last))
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

// script writes the meeting.
func script(w io.Writer) {
	ms := members()
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("# Årsmöte i Föreningen Klubban: %d medlemmar, röstlängd, yrkanden med ett", Members)
	p("# ändringsyrkande och ett ordningsyrkande, propositionsordning, en begärd")
	p("# votering, en reservation, en ajournering och val av styrelse.")
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
	p("# § 2 Fastställande av röstlängd: var och en anmäler sig som närvarande.")
	p("kerstin> nästa punkt")
	p("kerstin> röstlängd öppna")
	for _, m := range ms {
		p("%s> närvarande", m.handle)
	}
	p("kerstin> fastställ")
	p(`kerstin> beslut "att fastställa röstlängden till %d röstberättigade medlemmar"`, Members)
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
	p("# § 6 Verksamhetsberättelse: talartid, replik, streck föreslås och sakupplysning")
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
	p("# § 8 Ansvarsfrihet: beslut med acklamation, ingen begär votering")
	p("kerstin> nästa punkt")
	p(`eva> yrka "att bevilja styrelsen ansvarsfrihet för verksamhetsåret 2026"`)
	p("kerstin> propositionsordning")
	p("kerstin> finner 1")
	p("wait 30s")
	p("")
	p("# Kaffepaus innan motionerna.")
	p("kerstin> ajournera 15m")
	p("wait 15m")
	p("kerstin> återuppta")
	p("")
	p("# § 9 Motioner: motion 1 om höjd medlemsavgift")
	p("kerstin> nästa punkt")
	p(`anders> yrka "att avslå motionen"`)
	p(`david> yrka "att bifalla motionen"`)
	p(`eva> yrka --amends 2 "att höjningen gäller från den 1 januari 2028"`)
	p(`fredrik> yrka --formal "att återremittera motionen till styrelsen"`)
	p("cecilia> instäm 1")
	p("gun> instäm 2")
	p("kerstin> yrkanden")
	p("kerstin> propositionsordning")
	p("# Återremiss avslås, ändringsyrkandet bifalls, och huvudfrågan går till votering.")
	p("kerstin> finner 2")
	p("wait 30s")
	p("kerstin> finner 1")
	p("wait 30s")
	p("kerstin> finner 1")
	p("david> votering")
	for i, m := range ms {
		switch v := voteringChoice(i); v {
		case "":
		default:
			p("%s> rösta %s", m.handle, v)
		}
	}
	p("kerstin> omröstning stäng")
	p(`anders> reservera "Föreningens ekonomi bär inte en högre avgift."`)
	p(`birgitta> anteckning "Motionären tackade för debatten."`)
	p("")
	p("# § 10 Val av styrelse, revisorer och valberedning: sluten omröstning bland de röstberättigade")
	p("kerstin> nästa punkt")
	p(`kerstin> val 3 "Val av tre ledamöter i styrelsen för två år" "Ada Ström" "Bo Nilsson" "Cia Wik" "Dan Ek" "Eva Lund"`)
	for i, m := range ms {
		if v := electionChoice(i); v != "" {
			p("%s> rösta %s", m.handle, v)
		}
	}
	p("kerstin> omröstning stäng")
	p(`birgitta> beslut "att välja Hanna Öberg till revisor och Lars Dahl till revisorssuppleant"`)
	p(`birgitta> beslut "att välja Greta Nordin och Per Hedlund till valberedning"`)
	p(`birgitta> åtgärd @birgitta "Skicka protokollet till justerarna" 2026-12-11`)
	p("")
	p("# § 11 Mötets avslutande")
	p("kerstin> nästa punkt")
	p("kerstin> end")
	p("")
	p("# Efter mötet: sekreteraren skickar protokollet till justerarna, som justerar det.")
	p("birgitta> protokoll skicka")
	p("anders> justera")
	p("cecilia> justera")
}

// voteringChoice is member i's vote on the motion: for the board's
// rejection (1), for the motion (2), blank, or no vote at all ("").
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
