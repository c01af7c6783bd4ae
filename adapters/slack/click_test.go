package slack

import (
	"encoding/json"
	"reflect"
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
