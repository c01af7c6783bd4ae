package facilitation

import (
	"testing"
	"time"
)

// TestRegisterBase: a poll's turnout never exceeds its base. Whoever is
// off the register when the vote ends but was struck during it after
// voting is kept, once, whatever their changes before or during the vote.
func TestRegisterBase(t *testing.T) {
	type change struct {
		who   string
		added bool
	}
	for _, tt := range []struct {
		name           string
		before, during []change // adjustments before the poll opened and while it was open
		voters         []string
		of, kept       int
		adjusted       bool
	}{
		{name: "no change", voters: []string{"ann", "bo", "cy"}, of: 3},
		{name: "struck after voting", during: []change{{"cy", false}}, voters: []string{"ann", "bo", "cy"},
			of: 3, kept: 1, adjusted: true},
		{name: "struck without voting", during: []change{{"cy", false}}, voters: []string{"ann", "bo"},
			of: 2, adjusted: true},
		{name: "struck before, added back, voted, struck again", before: []change{{"cy", false}},
			during: []change{{"cy", true}, {"cy", false}}, voters: []string{"ann", "bo", "cy"}, of: 3, kept: 1, adjusted: true},
		{name: "struck before, added back, struck again without voting", before: []change{{"cy", false}},
			during: []change{{"cy", true}, {"cy", false}}, voters: []string{"ann", "bo"}, of: 2, adjusted: true},
		{name: "struck twice after voting", during: []change{{"cy", false}, {"cy", true}, {"cy", false}},
			voters: []string{"ann", "bo", "cy"}, of: 3, kept: 1, adjusted: true},
		{name: "struck and added back", during: []change{{"cy", false}, {"cy", true}}, voters: []string{"ann", "bo", "cy"},
			of: 3, adjusted: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
			r := Register{Opened: now, Count: 3}
			if err := r.Close(now); err != nil {
				t.Fatal(err)
			}
			for _, ch := range tt.before {
				r.Recorded(ch.who, ch.added, now)
			}
			p := &Poll{Register: true, Visibility: Open, Votes: map[string]Ballot{}, AdjustedFrom: len(r.Changes)}
			for _, who := range tt.voters {
				p.Votes[who] = Ballot{}
			}
			for _, ch := range tt.during {
				r.Recorded(ch.who, ch.added, now)
			}
			p.Closed, p.AdjustedTo = true, len(r.Changes)
			b, err := r.Base(p, Electorate{Register: true})
			if err != nil {
				t.Fatal(err)
			}
			if b.Of != tt.of || b.Kept != tt.kept || b.Adjusted != tt.adjusted {
				t.Errorf("Base = %+v, want Of %d, Kept %d, Adjusted %v", b, tt.of, tt.kept, tt.adjusted)
			}
			if len(tt.voters) > b.Of {
				t.Errorf("%d voted of a base of %d", len(tt.voters), b.Of)
			}
		})
	}
}

// TestRepresentation: who holds a member's proxy, who substitutes for a
// main delegate and whom a substitute stands in for, each looked up on
// the right side of the right list.
func TestRepresentation(t *testing.T) {
	r := Register{Proxies: []Proxy{{Holder: "bo", Member: "dan"}, {Holder: "bo", Member: "eve"}},
		Substitutes: []Proxy{{Holder: "sub", Member: "nils"}}}
	for _, tt := range []struct {
		name, got, want string
	}{
		{"ProxyHolder(dan)", r.ProxyHolder("dan"), "bo"},
		{"ProxyHolder(eve)", r.ProxyHolder("eve"), "bo"},
		{"ProxyHolder(bo)", r.ProxyHolder("bo"), ""},
		{"ProxyHolder(nils)", r.ProxyHolder("nils"), ""},
		{"SubstituteFor(nils)", r.SubstituteFor("nils"), "sub"},
		{"SubstituteFor(sub)", r.SubstituteFor("sub"), ""},
		{"SubstituteFor(dan)", r.SubstituteFor("dan"), ""},
		{"MainOf(sub)", r.MainOf("sub"), "nils"},
		{"MainOf(nils)", r.MainOf("nils"), ""},
		{"MainOf(bo)", r.MainOf("bo"), ""},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
