package record

import (
	"reflect"
	"slices"
)

// UnsetFields lists the fields of the structs of v's own package,
// reachable from v, that no value under v sets (as "Type.Field"), but
// those in skip: a test fixture meant to set every field fails with
// them, so that a field added later is not left out of its checks.
func UnsetFields(v any, skip map[string]bool) []string {
	root := reflect.ValueOf(v)
	for root.Kind() == reflect.Pointer {
		root = root.Elem()
	}
	set := map[string]bool{}
	walkFields(root, root.Type().PkgPath(), set)
	var unset []string
	for field, ok := range set {
		if !ok && !skip[field] {
			unset = append(unset, field)
		}
	}
	slices.Sort(unset)
	return unset
}

// walkFields notes, for every field of pkg's structs under v, whether
// some value of it is set.
func walkFields(v reflect.Value, pkg string, set map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkFields(v.Elem(), pkg, set)
		}
	case reflect.Struct:
		typ := v.Type()
		if typ.PkgPath() != pkg {
			return // time.Time and the like are values
		}
		for i := range typ.NumField() {
			field := typ.Name() + "." + typ.Field(i).Name
			set[field] = set[field] || !v.Field(i).IsZero()
			walkFields(v.Field(i), pkg, set)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkFields(v.Index(i), pkg, set)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			walkFields(it.Value(), pkg, set)
		}
	}
}
