package slack

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	goslack "github.com/slack-go/slack"
)

// TestDecodeClick: a plain click decodes to what the whole decode gives
// for every field Server.click reads; a click that needs the message's
// state, and other interactions, are left to the whole decode.
func TestDecodeClick(t *testing.T) {
	plain := []string{
		`{"type":"block_actions","response_url":"https://hooks.example/actions/T1/1/x","user":{"id":"U1","name":"ann","team_id":"T1"},"team":{"id":"T1"},"channel":{"id":"C1"},` +
			`"container":{"type":"message","channel_id":"C1","message_ts":"1.2"},"trigger_id":"9",` +
			`"message":{"type":"message","text":"x","blocks":[{"type":"section","block_id":"b","text":{"type":"mrkdwn","text":"*Q?*"}}]},` +
			`"actions":[{"action_id":"poll.vote#0","block_id":"b1","value":"1:2","type":"button","action_ts":"1.0"}]}`,
		`{"type":"block_actions","user":{"id":"U2","name":"bob"},"container":{"channel_id":"C2"},"actions":[{"action_id":"queue.hand","block_id":"q","value":"","type":"button"}]}`,
	}
	for _, p := range plain {
		var got click
		if !decodeClick([]byte(p), &got) {
			t.Errorf("decodeClick(%.60q…) refused a plain click", p)
			continue
		}
		var whole goslack.InteractionCallback
		if err := json.Unmarshal([]byte(p), &whole); err != nil {
			t.Fatal(err)
		}
		if want := clickOf(&whole); !reflect.DeepEqual(got, want) {
			t.Errorf("decodeClick(%.60q…) = %+v, want %+v as the whole decode gives", p, got, want)
		}
	}
	for _, p := range []string{
		`{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"actions":[{"action_id":"poll.vote#0","value":"1:"}],"state":{"values":{}}}`,
		`{"type":"view_submission","user":{"id":"U1"}}`,
		`{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"actions":[{"action_id":"queue.hand","value":"x"}]}`,
		`not json`,
		// What encoding/json reads and the stricter fast decoder does not:
		// a name twice, a name in other letters' case, invalid UTF-8.
		`{"type":"block_actions","user":{"id":"U1"},"user":{"id":"U2"},"channel":{"id":"C1"},"actions":[{"action_id":"queue.hand","block_id":"q","type":"button"}]}`,
		`{"type":"block_actions","User":{"id":"U1"},"channel":{"id":"C1"},"actions":[{"action_id":"queue.hand","block_id":"q","type":"button"}]}`,
		"{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"name\":\"\xff\"},\"channel\":{\"id\":\"C1\"},\"actions\":[{\"action_id\":\"queue.hand\",\"block_id\":\"q\",\"type\":\"button\"}]}",
	} {
		if decodeClick([]byte(p), new(click)) {
			t.Errorf("decodeClick(%q) took it; want the whole decode", p)
		}
	}
}

// pollClick is a vote's payload as Slack sends it: the message clicked
// comes whole, a poll's blocks and all.
var pollClick = []byte(`{"type":"block_actions","user":{"id":"U0001","username":"ann","name":"ann","team_id":"T0001"},"api_app_id":"A123456","token":"x",` +
	`"container":{"type":"message","message_ts":"1700000000.000001","channel_id":"C1","is_ephemeral":false},"trigger_id":"13345224609.738474920.1",` +
	`"team":{"id":"T0001","domain":"example"},"enterprise":null,"is_enterprise_install":false,"channel":{"id":"C1","name":"general"},` +
	`"message":{"type":"message","user":"UBOT","ts":"1700000000.000001","bot_id":"B123","text":"Lunch?","blocks":[` +
	strings.Repeat(`{"type":"section","block_id":"s","text":{"type":"mrkdwn","text":"*Lunch?* Pizza: 12 votes, Sushi: 8 votes","verbatim":false}},`+
		`{"type":"actions","block_id":"b1","elements":[{"type":"button","action_id":"poll.vote#1","text":{"type":"plain_text","text":"Pizza","emoji":true},"value":"1:1"}]},`, 6) +
	`{"type":"divider","block_id":"d"}]},"state":{"values":{}},"response_url":"https://hooks.slack.com/actions/T0001/1/abcd",` +
	`"actions":[{"action_id":"poll.vote#1","block_id":"b1","text":{"type":"plain_text","text":"Pizza","emoji":true},"value":"1:1","type":"button","action_ts":"1700000001.000000"}]}`)

// BenchmarkDecodeClick decodes a vote's payload (2.6 kB) the fast way.
func BenchmarkDecodeClick(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var c click
		if !decodeClick(pollClick, &c) {
			b.Fatal("refused")
		}
	}
}
