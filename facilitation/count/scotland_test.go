package count

import (
	"reflect"
	"slices"
	"testing"
)

// declared is the declared result of a real ward, as published (sources in
// testdata/README.md).
type declared struct {
	file    string
	valid   int
	quota   int // 0: not published
	elected []string
	// stage holds the stage at which each elected candidate was elected,
	// where published.
	stage map[string]int
	// ordered: elected is in the published order of election.
	ordered bool
	// votes holds published stage totals in whole votes (the published
	// figures drop the decimals), from stage 1 on.
	votes map[string][]int
}

var declaredResults = []declared{
	{
		file: "edinburgh-2017-ward-13-leith.blt.gz", valid: 7613, quota: 1904,
		elected: []string{"Adam MCVEY", "Chas BOOTH", "Gordon John MUNRO"}, ordered: true,
		stage: map[string]int{"Adam MCVEY": 1, "Chas BOOTH": 2, "Gordon John MUNRO": 4},
		votes: map[string][]int{
			"Adam MCVEY":            {2753},
			"Chas BOOTH":            {1695, 2213},
			"Gordon John MUNRO":     {1549, 1690, 1821, 2106},
			"Paul PENMAN":           {1213, 1236, 1246, 1354},
			"Sanne DIJKSTRA-DOWNIE": {403, 448, 552},
		},
	},
	{
		file:    "edinburgh-2017-ward-09-fountainbridgecraiglockhart.blt.gz",
		elected: []string{"Andrew JOHNSTON", "Gavin CORBETT", "David KEY"},
		stage:   map[string]int{"Andrew JOHNSTON": 1, "Gavin CORBETT": 1, "David KEY": 6},
		votes: map[string][]int{
			"Andrew JOHNSTON": {2908},
			"Gavin CORBETT":   {2525},
			"David KEY":       {1924, 1939, 2028, 2043, 2125, 2755},
			"Anne WIMBERLEY":  {1266, 1395},
		},
	},
	{
		file:    "edinburgh-2017-ward-03-drum-braegyle.blt.gz",
		elected: []string{"Robert Christopher ALDRIDGE", "Claire BRIDGMAN", "Mark BROWN"},
		stage:   map[string]int{"Robert Christopher ALDRIDGE": 1, "Claire BRIDGMAN": 1, "Mark BROWN": 2},
	},
	{
		file:    "edinburgh-2017-ward-02-pentland-hills.blt.gz",
		elected: []string{"Graeme BRUCE", "Neil GARDINER", "Ricky HENDERSON", "Susan WEBBER"},
		stage:   map[string]int{"Graeme BRUCE": 1, "Neil GARDINER": 1, "Ricky HENDERSON": 1, "Susan WEBBER": 2},
	},
	{
		file:    "glasgow-2007-greater-pollok.blt.gz",
		elected: []string{"Patricia Duffy", "Alex Glass", "Tommy Morrison", "William O'Rourke"}, ordered: true,
		stage: map[string]int{"Alex Glass": 4, "Tommy Morrison": 8, "William O'Rourke": 8},
		votes: map[string][]int{
			"Alex Glass": {1637}, "William O'Rourke": {1296}, "Tommy Morrison": {1180},
			"Alice Sheridan": {630}, "Keith Baldassara": {591}, "Rory O'Brien": {549},
		},
	},
	{file: "edinburgh-2017-ward-01-almond.blt.gz", elected: []string{"Kevin  LANG", "Louise YOUNG", "Graham HUTCHISON", "Norrie WORK"}},
	{file: "edinburgh-2017-ward-04-forth.blt.gz", elected: []string{"Eleanor BIRD", "Jim CAMPBELL", "Cammy DAY", "George GORDON"}},
	{file: "edinburgh-2017-ward-05-inverleith.blt.gz", elected: []string{"Gavin BARRIE", "Max MITCHELL", "Hal OSLER", "Iain  WHYTE"}},
	{file: "edinburgh-2017-ward-06-corstorphinemurrayfield.blt.gz", elected: []string{"Scott DOUGLAS", "Gillian GLOYER", "Frank ROSS"}},
	{file: "edinburgh-2017-ward-07-sighthillgorgie.blt.gz", elected: []string{"Denis DIXON", "Catherine FULLERTON", "Ashley GRACZYK", "Donald WILSON"}},
	{file: "edinburgh-2017-ward-08-colintonfairmilehead.blt.gz", elected: []string{"Scott ARTHUR", "Phil DOGGART", "Jason RUST"}},
	{file: "edinburgh-2017-ward-10-meadowsmorningside.blt.gz", elected: []string{"Nick COOK", "Melanie MAIN", "Neil ROSS", "Mandy WATT"}},
	{file: "edinburgh-2017-ward-11-city-centre.blt.gz", elected: []string{"Karen DORAN", "Claire MILLER", "Jo MOWAT", "Alasdair RANKIN"}},
	{file: "edinburgh-2017-ward-12-leith-walk.blt.gz", elected: []string{"Marion DONALDSON", "Amy MCNEESE-MECHAN", "Susan RAE", "Lewis RITCHIE"}},
	{file: "edinburgh-2017-ward-14-craigentinnyduddingston.blt.gz", elected: []string{"Ian CAMPBELL", "Joan GRIFFITHS", "John MCLELLAN", "Alex STANIFORTH"}},
	{file: "edinburgh-2017-ward-15-southsidenewington.blt.gz", elected: []string{"Steve BURGESS", "Alison DICKIE", "Ian PERRY", "Cameron ROSE"}},
	{file: "edinburgh-2017-ward-16-libertongilmerton.blt.gz", elected: []string{"Lezley Marion CAMERON", "Derek HOWIE", "Lesley MACINNES", "Stephanie SMITH"}},
	{file: "edinburgh-2017-ward-17-portobellocraigmillar.blt.gz", elected: []string{"KATE CAMPBELL", "MARY CAMPBELL", "Maureen CHILD", "Callum LAIDLAW"}},
}

// TestSTVDeclaredResults counts the ballots of real Scottish council wards
// and compares the count with the declared results: the elected, the
// stage at which each was elected, and the stage totals, wherever they
// were published.
func TestSTVDeclaredResults(t *testing.T) {
	for _, d := range declaredResults {
		t.Run(d.file, func(t *testing.T) {
			e := readBLT(t, "testdata/"+d.file)
			r, err := STV(e.ballots, len(e.candidates), e.seats, nil)
			if err != nil || r.Need != nil {
				t.Fatalf("STV: need %v, error %v", r.Need, err)
			}
			got := e.names(r.Elected)
			if d.ordered && !reflect.DeepEqual(got, d.elected) ||
				!d.ordered && !reflect.DeepEqual(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(d.elected))) {
				t.Errorf("elected %q, want %q\n%s", got, d.elected, e.report(r))
			}
			if d.valid != 0 && r.Valid != d.valid {
				t.Errorf("valid %d, want %d", r.Valid, d.valid)
			}
			if d.quota != 0 && r.Quota != Value(d.quota)*One {
				t.Errorf("quota %v, want %d", r.Quota, d.quota)
			}
			index := func(name string) int {
				i := slices.Index(e.candidates, name)
				if i < 0 {
					t.Fatalf("no candidate %q in %q", name, e.candidates)
				}
				return i
			}
			for name, want := range d.stage {
				x := index(name)
				at := slices.IndexFunc(r.Stages, func(s Stage) bool { return slices.Contains(s.Elected, x) })
				if at+1 != want {
					t.Errorf("%s elected at stage %d, want %d", name, at+1, want)
				}
			}
			for name, want := range d.votes {
				x := index(name)
				for k, w := range want {
					if k >= len(r.Stages) {
						t.Errorf("%s: no stage %d", name, k+1)
						break
					}
					if v := r.Stages[k].Votes[x]; v/One != Value(w) {
						t.Errorf("%s at stage %d has %v, published %d", name, k+1, v, w)
					}
				}
			}
			if t.Failed() {
				t.Log(e.report(r))
			}
		})
	}
}
