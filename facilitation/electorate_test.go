package facilitation

import (
	"slices"
	"testing"
)

func TestElectorate(t *testing.T) {
	listed := func(ids ...string) func(string) (bool, error) {
		return func(who string) (bool, error) { return slices.Contains(ids, who), nil }
	}
	reg := Electorate{Register: true, Size: 5, Listed: listed("ann", "bo", "cy", "dan", "eve"),
		Recused: []string{"bo", "cy"}, Excluded: []string{"cy", "guest"},
		Proxies: []Proxy{{Holder: "ann", Member: "dan"}, {Holder: "ann", Member: "bo"}}, Substitutes: []Proxy{{Holder: "sub", Member: "eve"}}}
	for _, tt := range []struct {
		name   string
		e      Electorate
		who    string
		err    Code
		voters []string
	}{
		{"anyone without a register", Everyone, "x", "", []string{"x"}},
		{"a member", reg, "eve", "", []string{"eve"}},
		{"a proxy holder casts the member's vote, not a recused one's", reg, "ann", "", []string{"ann", "dan"}},
		{"jäv", reg, "bo", ErrRecused, nil},
		{"excluded from the poll", reg, "guest", ErrExcluded, nil},
		{"not on the register", reg, "zed", ErrNotOnRegister, nil},
		{"a substitute votes for the main delegate", reg, "sub", "", []string{"eve"}},
		{"adjourned", Electorate{Adjourned: true}, "ann", ErrAdjourned, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.e.Has(tt.who); ErrorCode(err) != tt.err {
				t.Fatalf("Has(%s) = %v, want %q", tt.who, err, tt.err)
			}
			if tt.err != "" {
				return
			}
			if got, err := tt.e.VotersFor(tt.who); err != nil || !slices.Equal(got, tt.voters) {
				t.Errorf("VotersFor(%s) = %v, %v; want %v", tt.who, got, err, tt.voters)
			}
		})
	}
	// Bo and Cy are on the register but recused: 5 less 2; the guest is not on it.
	if n, err := reg.Count(); n != 3 || err != nil {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
}

func TestProxyVoteCountsTwice(t *testing.T) {
	for _, vis := range []Visibility{Open, Secret} {
		p, err := NewPoll(PollSpec{Question: "Q", Kind: YesNo, Visibility: vis, Register: true}, "ann", t0)
		if err != nil {
			t.Fatal(err)
		}
		e := Electorate{Register: true, Size: 3, Listed: func(w string) (bool, error) { return w != "x", nil },
			Proxies: []Proxy{{Holder: "ann", Member: "bo"}}}
		c, err := p.Vote(e, "ann", Ballot{0})
		if err != nil || !slices.Equal(c.Voters, []string{"ann", "bo"}) || c.Secret != (vis == Secret) {
			t.Fatalf("%s: Vote = %+v, %v", vis, c, err)
		}
		if _, err := p.Vote(e, "x", Ballot{0}); ErrorCode(err) != ErrNotOnRegister {
			t.Errorf("%s: a vote from off the register = %v", vis, err)
		}
		if got := p.Results().Counts[0]; got != 2 || p.Turnout() != 2 {
			t.Errorf("%s: yes = %d, turnout %d; want 2 and 2", vis, got, p.Turnout())
		}
	}
}
