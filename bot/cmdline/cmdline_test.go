package cmdline

import (
	"reflect"
	"testing"
	"time"

	"github.com/klubba/klubba/facilitation"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []Token
		err  bool
	}{
		{"", nil, false},
		{"  hand  ", []Token{{Text: "hand"}}, false},
		{`agenda add "Budget 2027" 10m`, []Token{{Text: "agenda"}, {Text: "add"}, {Text: "Budget 2027", Quoted: true}, {Text: "10m"}}, false},
		{`poll “Lunch?” “Pizza” “Sushi”`, []Token{{Text: "poll"}, {Text: "Lunch?", Quoted: true}, {Text: "Pizza", Quoted: true}, {Text: "Sushi", Quoted: true}}, false},
		{`rules add ”Var snäll”`, []Token{{Text: "rules"}, {Text: "add"}, {Text: "Var snäll", Quoted: true}}, false},
		{`note „Gut”`, []Token{{Text: "note"}, {Text: "Gut", Quoted: true}}, false},
		{`note ""`, []Token{{Text: "note"}, {Text: "", Quoted: true}}, false},
		{`note "it's fine"`, []Token{{Text: "note"}, {Text: "it's fine", Quoted: true}}, false},
		{`poll --close="5m"`, []Token{{Text: "poll"}, {Text: "--close="}, {Text: "5m", Quoted: true}}, false},
		{`decision "unterminated`, nil, true},
		{`poll "Q? "A" "B"`, nil, true}, // the question's quote left open
		{`poll "Q?" A" "B"`, nil, true},
		{`poll "Q?" "A""B"`, nil, true},
		{`poll “Q? ”A” “B”`, nil, true},
		{`note 5"`, nil, true},
		{`poll "Q?" "A" "B"`, []Token{{Text: "poll"}, {Text: "Q?", Quoted: true}, {Text: "A", Quoted: true}, {Text: "B", Quoted: true}}, false},
		{"note \"\u200b\"", []Token{{Text: "note"}, {Text: "", Quoted: true}}, false},
		{"note \"\u2060 ok\u00ad \"", []Token{{Text: "note"}, {Text: "ok", Quoted: true}}, false},
		{"note \"❤\ufe0f\"", []Token{{Text: "note"}, {Text: "❤\ufe0f", Quoted: true}}, false},
		{`note it's "fine"`, []Token{{Text: "note"}, {Text: "it's"}, {Text: "fine", Quoted: true}}, false},
		// A mention picked from the autocomplete, in a text, is what it shows.
		{`note "Ask <@U0123ABCD|ann> and <@U0456EFGH> about <@>"`, []Token{{Text: "note"}, {Text: "Ask ann and U0456EFGH about <@>", Quoted: true}}, false},
		{`action <@U1|Bo> "Call <@U2|Cy>"`, []Token{{Text: "action"}, {Text: "<@U1|Bo>"}, {Text: "Call Cy", Quoted: true}}, false},
		{"note \"<@\u200bU1|>\"", []Token{{Text: "note"}, {Text: "U1", Quoted: true}}, false}, // no invisible end from the markup (fuzzed)
	}
	for _, tt := range tests {
		got, err := Tokenize(tt.in)
		if (err != nil) != tt.err || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestTokenizeNamed: a mention in a quoted text whose markup has no name
// takes the name the platform gave for it; the markup's own name wins,
// and an unquoted mention stays markup (names may hold spaces).
func TestTokenizeNamed(t *testing.T) {
	names := []Mention{{ID: "U2", Name: "Bo Ek"}, {ID: "29:1a-b", Name: "Cy"}}
	tests := []struct{ in, want string }{
		{`agenda propose "<@U2> & stuff"`, "Bo Ek & stuff"},
		{`note "Ask <@U2|bo> and <@U3>"`, "Ask bo and U3"},
		{`note "<@29:1a-b> and <@U2>"`, "Cy and Bo Ek"},
		{`note "U2 <@U2>"`, "U2 Bo Ek"},
	}
	for _, tt := range tests {
		got, err := TokenizeNamed(tt.in, names)
		if err != nil || got[len(got)-1].Text != tt.want {
			t.Errorf("TokenizeNamed(%q) = %+v, %v; want the text %q", tt.in, got, err, tt.want)
		}
	}
	if got, _ := TokenizeNamed(`action <@U2> "x"`, names); got[1].Text != "<@U2>" {
		t.Errorf("an unquoted mention = %q, want the markup", got[1].Text)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		code facilitation.Code
	}{
		{"10m", 10 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"90s", 90 * time.Second, ""},
		{"5", 5 * time.Minute, ""},
		{"10M", 10 * time.Minute, ""},
		{"0", 0, facilitation.ErrBadDuration},
		{"-5m", 0, facilitation.ErrBadDuration},
		{"25h", 0, facilitation.ErrBadDuration},
		{"soon", 0, facilitation.ErrBadDuration},
		{"", 0, facilitation.ErrBadDuration},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if got != tt.want || facilitation.ErrorCode(err) != tt.code {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, %q", tt.in, got, err, tt.want, tt.code)
		}
	}
}

func TestParseMention(t *testing.T) {
	tests := []struct {
		in   Token
		want Mention
		ok   bool
	}{
		{Token{Text: "@anna"}, Mention{ID: "anna", Name: "anna"}, true},
		{Token{Text: "<@U123>"}, Mention{ID: "U123"}, true},
		{Token{Text: "<@U123|anna>"}, Mention{ID: "U123", Name: "anna"}, true},
		{Token{Text: "@"}, Mention{}, false},
		{Token{Text: "<@>"}, Mention{}, false},
		{Token{Text: "@anna", Quoted: true}, Mention{}, false},
		{Token{Text: "anna"}, Mention{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseMention(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMention(%+v) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
