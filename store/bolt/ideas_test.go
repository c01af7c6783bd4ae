package bolt_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/store/typed"
)

// TestRevealedIdeasLeaveNoLink plays a silent brainstorm through the bot
// and scans every byte of the database file and of a backup: once the
// ideas are revealed, no author's ID stands near their idea, in live
// records or in the pages freed on the way. Ideas are kept under random
// keys with no author while they come in (Tx.PutAnonymous), and the
// revealed list in the meeting is shuffled; dots are counted by
// pseudonym. Each author is seen for the first time by their idea, the
// hardest case: the person record and the idea are written by the same
// transaction.
func TestRevealedIdeasLeaveNoLink(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	b, err := bot.New(typed.New(s), bot.Options{Clock: bot.NewManualClock(time0)})
	if err != nil {
		t.Fatal(err)
	}
	do := func(user, text string) {
		t.Helper()
		resp, err := b.Handle(ctx, bot.Request{Channel: "console:main", User: user, UserName: user, Text: text, Route: bot.RouteAll}) // every reply through the stored outbox
		if err != nil || resp.Refused {
			t.Fatalf("%s> %s: %v %+v", user, text, err, resp.Replies)
		}
	}
	do("chair", "start")
	do("chair", `ideas "What should we change?"`)
	const n = 24
	authors := make([]string, n)
	ideas := make([]string, n)
	for i := range n {
		authors[i] = fmt.Sprintf("author-%02d-%x", i, i*7919)
		ideas[i] = fmt.Sprintf("idea number %02d: %x", i, (i+3)*104729)
		do(authors[i], fmt.Sprintf("idea %q", ideas[i]))
	}
	// The outbox holds replies in the order they were made, so a message
	// listing the ideas would lie right after the last author's reply,
	// and its first idea (one in 24: theirs) within the window. A reply
	// to the chair goes between; the scan is after records, not chance.
	do("chair", "queue")
	do("chair", "ideas reveal")
	do("chair", "dots 2")
	for i, a := range authors {
		do(a, fmt.Sprintf("dot %d", i%n+1))
	}
	do("chair", "queue")
	do("chair", "dots close")

	var backup bytes.Buffer
	if _, err := s.Backup(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	const near = 256 // bytes around an ID in which its idea must not stand
	for name, data := range map[string][]byte{"file": file, "backup": backup.Bytes()} {
		for i, a := range authors {
			offsets := indexAll(data, []byte(a))
			if len(offsets) == 0 {
				t.Fatalf("%s: author %s not found: the scan is not looking at the right bytes", name, a)
			}
			if len(indexAll(data, []byte(ideas[i]))) == 0 {
				t.Fatalf("%s: idea %d not found: the scan is not looking at the right bytes", name, i)
			}
			for _, at := range offsets {
				window := data[max(0, at-near):min(len(data), at+len(a)+near)]
				if bytes.Contains(window, []byte(ideas[i])) {
					t.Errorf("%s: author %s's idea stands within %d bytes of their ID at %d", name, a, near, at)
				}
			}
		}
	}
	// The revealed order is not the order the ideas came in.
	md, err := b.Minutes(ctx, "console:main", "", "en")
	if err != nil {
		t.Fatal(err)
	}
	var at []int
	for _, idea := range ideas {
		at = append(at, strings.Index(backup.String(), idea))
	}
	if slices.IsSorted(at) {
		t.Error("the revealed ideas lie in the order they were sent")
	}
	if !strings.Contains(md, "Top ideas") {
		t.Errorf("the minutes lack the top ideas:\n%s", md)
	}
}
