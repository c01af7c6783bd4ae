package record

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// fill sets v, reflectively, to random values: every pointer, slice and
// map is nil, empty or filled by turns, so that a field Decoded forgets,
// or whose emptiness it gets wrong, fails TestDecoded.
func fill(rng *rand.Rand, v reflect.Value, invalid bool) {
	switch v.Kind() {
	case reflect.String:
		s := fmt.Sprintf("s%d", rng.IntN(100))
		if rng.IntN(4) == 0 {
			s = ""
		}
		if invalid && rng.IntN(50) == 0 {
			s += "\xff"
		}
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(rng.IntN(5) - 1))
	case reflect.Uint64:
		v.SetUint(uint64(rng.IntN(3)))
	case reflect.Pointer:
		if rng.IntN(3) == 0 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(rng, v.Elem(), invalid)
	case reflect.Slice:
		switch rng.IntN(3) {
		case 0:
			return
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 2)) // spare capacity, as a decoder leaves
		default:
			n := 1 + rng.IntN(3)
			v.Set(reflect.MakeSlice(v.Type(), n, n+1))
			for i := range n {
				fill(rng, v.Index(i), invalid)
			}
		}
	case reflect.Map:
		switch rng.IntN(3) {
		case 0:
			return
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			v.Set(reflect.MakeMap(v.Type()))
			for range 1 + rng.IntN(3) {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(rng, k, invalid)
				fill(rng, e, invalid)
				v.SetMapIndex(k, e)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(rng, v.Field(i), invalid)
		}
	default:
		panic("fill: unexpected kind " + v.Kind().String())
	}
}

// addresses collects the memory that v's pointers, slices and maps refer to.
func addresses(v reflect.Value, into map[uintptr]string, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			into[v.Pointer()] = path
			addresses(v.Elem(), into, path+".*")
		}
	case reflect.Slice:
		if v.Cap() > 0 {
			into[v.Pointer()] = path
		}
		for i := range v.Len() {
			addresses(v.Index(i), into, fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if !v.IsNil() {
			into[v.Pointer()] = path
		}
		for it := v.MapRange(); it.Next(); {
			addresses(it.Value(), into, fmt.Sprintf("%s[%v]", path, it.Key()))
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return // its location is shared by design
		}
		for i := range v.NumField() {
			addresses(v.Field(i), into, path+"."+v.Type().Field(i).Name)
		}
	}
}

// shared is the path in b of memory it shares with a, or "".
func shared(a, b any) string {
	as, bs := map[uintptr]string{}, map[uintptr]string{}
	addresses(reflect.ValueOf(a), as, "")
	addresses(reflect.ValueOf(b), bs, "")
	for p, path := range bs {
		if _, ok := as[p]; ok {
			return path
		}
	}
	return ""
}

// TestDecoded holds Decoded to decoding the record's encoding, for
// random records, and checks that it shares nothing with the record.
func TestDecoded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 13))
	var skipped int
	for i := range 3000 {
		var r Meeting
		fill(rng, reflect.ValueOf(&r).Elem(), i%2 == 1)
		got, ok := r.Decoded()
		var want Meeting
		if err := Unmarshal(appendMeeting(nil, &r), &want); err != nil {
			t.Fatal(err)
		}
		if !ok {
			skipped++
			if reflect.DeepEqual(r, want) {
				t.Errorf("Decoded() refused a record that survives encoding: %+v", r)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Decoded() =\n%+v\nUnmarshal(Marshal) =\n%+v", got, want)
		}
		if p := shared(r, got); p != "" {
			t.Fatalf("Decoded() shares %s with the record", p)
		}
		if owned, ok := r.DecodedOwned(); !ok || !reflect.DeepEqual(owned, want) {
			t.Fatalf("DecodedOwned() = %v,\n%+v\nUnmarshal(Marshal) =\n%+v", ok, owned, want)
		}
	}
	if skipped == 0 || skipped > 1000 {
		t.Errorf("Decoded refused %d of 3000 records, want some (those with invalid UTF-8)", skipped)
	}
}

// TestToMeetingShares checks that a meeting made from a record shares
// no memory with it.
func TestToMeetingShares(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 13))
	for range 500 {
		var r Meeting
		fill(rng, reflect.ValueOf(&r).Elem(), false)
		// Times that parse, as stored ones do.
		r = withTimes(r)
		m, err := r.ToMeeting()
		if err != nil {
			t.Fatal(err)
		}
		if p := shared(r, m); p != "" {
			t.Fatalf("ToMeeting() shares %s with the record", p)
		}
	}
}

// withTimes is r with a time that parses in every time field that is
// set, as a stored record has.
func withTimes(r Meeting) Meeting {
	stamp := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC).Format(timeLayout)
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				e := reflect.New(v.Type().Elem()).Elem()
				e.Set(it.Value())
				walk(e)
				v.SetMapIndex(it.Key(), e)
			}
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Field(i)
				if f.Kind() == reflect.String && isTimeField(v.Type().Field(i)) && f.String() != "" {
					f.SetString(stamp)
				}
				walk(f)
			}
		}
	}
	walk(reflect.ValueOf(&r).Elem())
	if r.Flags != nil {
		for k := range r.Flags {
			r.Flags[k] = stamp
		}
	}
	return r
}

// isTimeField reports whether a record field holds a stored time.
func isTimeField(f reflect.StructField) bool {
	switch f.Name {
	case "Started", "Ended", "Active", "Occurrence", "At", "Start", "End", "PausedAt", "LastCall", "Opened", "Set",
		"TurnStart", "Revealed", "DotsClosed", "DeclaredAt", "WindowEnds", "Adjourned", "Until", "Submitted", "Locked":
		return true
	}
	return false
}
