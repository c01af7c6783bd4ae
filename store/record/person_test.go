package record

import (
	"encoding/json"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
)

// FuzzPerson holds the fast path of Unmarshal for a person to the
// reflective decoder: where it takes bytes, it reads them alike.
func FuzzPerson(f *testing.F) {
	for _, p := range []Person{{1, "Ann"}, {0, ""}, {18446744073709551615, "Åsa 😀"}, {7, `a"b\c<d>&e` + "\n\xff"}} {
		data, _ := json.Marshal(p)
		f.Add(data)
	}
	for _, s := range []string{`{"seq":01,"name":"a"}`, `{"seq":1,"name":"a"} `, `{"seq":18446744073709551616,"name":"a"}`,
		`{"seq":1,"name":"a\u0041"}`, `{"seq":1,"name":"a","x":1}`, `{"name":"a","seq":1}`, "{\"seq\":1,\"name\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast Person
		if !decodePerson(data, &fast) {
			return
		}
		var slow Person
		if err := jsonv2.Unmarshal(data, &slow, v1); err != nil {
			t.Fatalf("decodePerson(%q) = %+v, but the decoder fails: %v", data, fast, err)
		}
		if fast != slow {
			t.Fatalf("decodePerson(%q) = %+v, the decoder reads %+v", data, fast, slow)
		}
	})
}

func TestDecodePersonTakes(t *testing.T) {
	data, _ := json.Marshal(Person{Seq: 42, Name: "Person p0001"})
	var p Person
	if !decodePerson(data, &p) || p != (Person{42, "Person p0001"}) {
		t.Errorf("decodePerson(%s) = %+v, want it read", data, p)
	}
}
