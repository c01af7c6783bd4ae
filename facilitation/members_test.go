package facilitation

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMembers(t *testing.T) {
	for _, tt := range []struct {
		name, csv string
		want      []Member
		code      Code
	}{
		{"header, commas", "id,name,proxy_for\nann,Ann Berg,\nbo,Bo Ek,ann\n", []Member{{ID: "ann", Name: "Ann Berg"}, {ID: "bo", Name: "Bo Ek", ProxyFor: "ann"}}, ""},
		{"semicolons, e-mail, BOM", "\ufeffe-post;namn\nann@x.se;\"Berg, Ann\"\n", []Member{{ID: "ann@x.se", Name: "Berg, Ann"}}, ""},
		{"no header, blank lines", "\n@cy,Cy\n\n", []Member{{ID: "cy", Name: "Cy"}}, ""},
		{"a name missing", "ann,Ann\nbo\n", nil, ErrMemberColumns},
		{"twice", "ann,Ann\nANN,Ann again\n", nil, ErrMemberTwice},
		{"empty", "id,name\n", nil, ErrMemberListEmpty},
		{"bad quotes", "ann,\"Ann\n", nil, ErrMemberList},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMembers(strings.NewReader(tt.csv))
			if ErrorCode(err) != tt.code || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseMembers = %+v, %v; want %+v, %q", got, err, tt.want, tt.code)
			}
		})
	}
}

func TestProxiesAndSubstitutes(t *testing.T) {
	var r Register
	if err := r.Proxy("ann", "bo"); err != nil {
		t.Fatal(err)
	}
	if err := r.Proxy("ann", "cy"); ErrorCode(err) != ErrProxyLimit {
		t.Errorf("a second proxy with the default limit of one: %v", err)
	}
	if err := r.Proxy("dan", "bo"); ErrorCode(err) != ErrHasProxy {
		t.Errorf("a member with two proxies: %v", err)
	}
	if err := r.Proxy("eve", "eve"); ErrorCode(err) != ErrProxySelf {
		t.Errorf("a proxy for oneself: %v", err)
	}
	r.MaxProxies = 2
	if err := r.Proxy("ann", "cy"); err != nil {
		t.Errorf("proxies: 2 allows a second: %v", err)
	}
	if err := r.Substitute("sub", "main"); err != nil || r.Substitute("sub2", "main") != nil || len(r.Substitutes) != 1 {
		t.Errorf("a main delegate has one substitute: %+v", r.Substitutes)
	}
	for _, p := range []Proxy{{Holder: "bo", Member: "fay"}, {Holder: "gus", Member: "ann"}} { // bo gave their vote to ann; ann holds bo's
		if err := r.Proxy(p.Holder, p.Member); ErrorCode(err) != ErrProxyChain {
			t.Errorf("Proxy(%s, %s), a chain: %v", p.Holder, p.Member, err)
		}
	}
	if holder, sub := r.Arrived("main"); holder != "" || sub != "sub2" || r.SubstituteFor("main") != "" {
		t.Errorf("Arrived(main) = %q, %q; substitutes after: %+v", holder, sub, r.Substitutes)
	}
	if holder, _ := r.Arrived("bo"); holder != "ann" || r.ProxyHolder("bo") != "" || r.ProxyHolder("cy") != "ann" {
		t.Errorf("Arrived(bo) = %q; proxies after: %+v", holder, r.Proxies)
	}
}

// TestStruck: someone struck from the register ends every proxy and
// substitute they take part in, on either side, and no other.
func TestStruck(t *testing.T) {
	r := Register{MaxProxies: 2,
		Proxies:     []Proxy{{Holder: "gun", Member: "lars"}, {Holder: "gun", Member: "maja"}, {Holder: "bo", Member: "gun"}, {Holder: "cy", Member: "dan"}},
		Substitutes: []Proxy{{Holder: "sub", Member: "gun"}, {Holder: "sub2", Member: "nils"}}}
	shared := r.Proxies
	proxies, subs := r.Struck("gun")
	if want := []Proxy{{Holder: "gun", Member: "lars"}, {Holder: "gun", Member: "maja"}, {Holder: "bo", Member: "gun"}}; !reflect.DeepEqual(proxies, want) {
		t.Errorf("ended proxies = %+v, want %+v", proxies, want)
	}
	if want := []Proxy{{Holder: "sub", Member: "gun"}}; !reflect.DeepEqual(subs, want) {
		t.Errorf("ended substitutes = %+v, want %+v", subs, want)
	}
	if !reflect.DeepEqual(r.Proxies, []Proxy{{Holder: "cy", Member: "dan"}}) || !reflect.DeepEqual(r.Substitutes, []Proxy{{Holder: "sub2", Member: "nils"}}) {
		t.Errorf("left: %+v, %+v", r.Proxies, r.Substitutes)
	}
	if shared[0] != (Proxy{Holder: "gun", Member: "lars"}) {
		t.Errorf("Struck changed a list an electorate shares: %+v", shared)
	}
	if proxies, subs := r.Struck("sub2"); proxies != nil || len(subs) != 1 || r.MainOf("sub2") != "" || r.SubstituteFor("nils") != "" {
		t.Errorf("Struck(sub2) = %+v, %+v", proxies, subs)
	}
	if err := r.Substitute("sub", "dan"); ErrorCode(err) != ErrHasProxy {
		t.Errorf("a substitute for a member who gave a proxy: %v", err)
	}
}
