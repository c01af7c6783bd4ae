package bot

import (
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The protokoll's integrity: who may write the minutes, and corrections.

// mayWrite refuses the caller when only the chair and the secretary write
// the minutes of this meeting (protocol meetings, or the template says so).
// After the meeting, only they may change the minutes.
func (c *call) mayWrite() error {
	if c.m.Running() && !c.m.OfficersWrite || c.isOfficer() {
		return nil
	}
	return c.officersOnly()
}

// entryKind is the kind of entry a command edits: "decision.edit" edits decisions.
func (c *call) entryKind() facilitation.EntryKind {
	kind, _, _ := strings.Cut(c.cmd.id, ".")
	return facilitation.EntryKind(kind)
}

func (c *call) entryEdit() error {
	return c.changeEntry(2, "Edited", func(n int) (*facilitation.Entry, error) {
		return c.m.EditEntry(c.entryKind(), n, c.text(1), c.now)
	})
}

func (c *call) entryRemove() error {
	return c.changeEntry(1, "Removed", func(n int) (*facilitation.Entry, error) {
		return c.m.RemoveEntry(c.entryKind(), n)
	})
}

// changeEntry changes the entry numbered by the first of args words with
// change, saves it and says so with the message said+kind.
func (c *call) changeEntry(args int, said string, change func(n int) (*facilitation.Entry, error)) error {
	if err := c.want(args, args); err != nil {
		return err
	}
	if err := c.afterwards(); err != nil { // secretaries finish the minutes after the meeting
		return err
	}
	if err := c.mayWrite(); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	if err := c.loadEntries(); err != nil {
		return err
	}
	e, err := change(n)
	if err != nil {
		return err
	}
	if err := c.saveEntry(e); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t(said+string(e.Kind), "N", n, "Text", e.Text)})
	return nil
}
