package slack

import (
	"net/url"
	"testing"
)

// FuzzFormValue: the interaction's payload is read from the body as
// url.ParseQuery and Get read it, and a body ParseQuery refuses is
// refused.
func FuzzFormValue(f *testing.F) {
	for _, seed := range []string{
		"payload=%7B%22type%22%3A%22block_actions%22%7D",
		"a=1&payload=x+y%20z&payload=second",
		"payload=",
		"payload",
		"other=1",
		"payload=%zz",
		"payload=ok&bad=%4",
		"a=1;payload=2",
		"pay%6Coad=renamed",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got, err := formValue([]byte(body), "payload")
		form, werr := url.ParseQuery(body)
		if (err != nil) != (werr != nil) {
			t.Fatalf("formValue(%q) err = %v, ParseQuery err = %v", body, err, werr)
		}
		if err == nil && string(got) != form.Get("payload") {
			t.Fatalf("formValue(%q) = %q, want %q", body, got, form.Get("payload"))
		}
	})
}
