package bot

import (
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The protokoll's integrity: who may write the minutes, and corrections.

// mayWrite refuses the caller when only the chair and the secretary write
// the minutes of this meeting (protocol meetings, or the template says so).
func (c *call) mayWrite() error {
	if !c.m.OfficersWrite || c.isChair() || c.m.Secretary != "" && c.m.Secretary == c.req.User {
		return nil
	}
	secretary := c.t("NoSecretary")
	if c.m.Secretary != "" {
		secretary = c.name(c.m.Secretary)
	}
	return c.refuse(c.t("OfficersOnly", "Chair", c.name(c.m.Chair), "Secretary", secretary))
}

// entryKind is the kind of entry a command edits: "decision.edit" edits decisions.
func (c *call) entryKind() facilitation.EntryKind {
	kind, _, _ := strings.Cut(c.cmd.id, ".")
	return facilitation.EntryKind(kind)
}

func (c *call) entryEdit() error {
	if err := c.want(2, 2); err != nil {
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
	e, err := c.m.EditEntry(c.entryKind(), n, c.text(1), c.now)
	if err != nil {
		return err
	}
	if err := c.saveEntry(e); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Edited"+string(e.Kind), "N", n, "Text", e.Text)})
	return nil
}

func (c *call) entryRemove() error {
	if err := c.want(1, 1); err != nil {
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
	e, err := c.m.RemoveEntry(c.entryKind(), n)
	if err != nil {
		return err
	}
	if err := c.saveEntry(e); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Removed"+string(e.Kind), "N", n, "Text", e.Text)})
	return nil
}
